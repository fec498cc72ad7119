"""With ``NO_COLOR=1`` (or for anyone who cannot tell two colours apart) every meaning fama
shows with colour is also said with a word, a shape or a text style that survives it.

These tests read characters, and for the cursors the underline and reverse attributes
(kept when a terminal shows no colour), never the colours themselves.
"""

from __future__ import annotations

import pytest
from rich.style import Style
from textual.widgets import Static

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.tui.app import FamaApp, make_app
from fama.tui.screens.caseload import CaseloadScreen
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.review import ReviewScreen
from tests.helpers.screen_text import screen_lines

SIZE = (130, 40)


def row_styles(app: FamaApp, words: str) -> list[Style]:
    """The styles of the painted line that holds ``words``, one per run of text."""
    strips = app.screen._compositor.render_strips()
    strip = next(s for s in strips if words in s.text)
    return [segment.style for segment in strip if segment.style and segment.text.strip()]


def underlined(app: FamaApp, words: str) -> bool:
    return any(style.underline for style in row_styles(app, words))


def reversed_(app: FamaApp, words: str) -> bool:
    return any(style.reverse for style in row_styles(app, words))


async def test_without_colour_the_caseload_cursor_is_underlined_then_reversed(
    demo_casebook: Casebook, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    first, second = (e.code for e in demo_casebook.clients.caseload().entries[:2])
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.no_color
        # The filter has the focus: the row Enter opens is underlined, the others are not.
        assert underlined(app, first) and not underlined(app, second)
        await pilot.press("down")
        assert underlined(app, second) and not underlined(app, first)
        await pilot.press("tab")  # the list itself has the focus: reversed
        await pilot.pause()
        assert reversed_(app, second) and not reversed_(app, first)


async def test_in_colour_the_cursor_keeps_the_themes_look(
    demo_casebook: Casebook, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    first = demo_casebook.clients.caseload().entries[0].code
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.no_color and not underlined(app, first)


async def test_the_review_timeline_says_where_the_period_starts_and_ends(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    """Entries outside the period are dimmed, and a line says so (dimming alone is lost)."""
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ClientScreen("KB-1042"))
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        lines = str(app.screen.query_one("#review-timeline", Static).render()).splitlines()
        inside = lines.index("── in the period, Fri 20 Nov 2026 to Tue 24 Nov 2026 ──")
        before = lines.index("── before the period ──")
        assert inside == 0 < before
        assert lines[before + 1] == "Fri 30 Oct 2026 · Follow-up: went"
        assert all(not line.startswith("Fri 30 Oct") for line in lines[:before])


async def test_at_80_columns_the_caseload_still_says_what_is_overdue(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    """The goal gives way on a narrow terminal; the due column, with "⚠ ... overdue", stays
    in view, and the cursor stays on its client as the terminal narrows."""
    entries = demo_casebook.clients.caseload().entries
    assert any(e.overdue for e in entries) and not all(e.overdue for e in entries)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(130, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        await pilot.press("down", "down")
        chosen = screen.selected_code()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        lines = screen_lines(app)
        assert all(len(line) == 80 for line in lines), [wide for wide in lines if len(wide) != 80]
        for entry in entries:
            line = next(line for line in lines if f" {entry.code} " in line)
            assert ("⚠" in line and "overdue" in line) is entry.overdue, line
        assert screen.selected_code() == chosen
