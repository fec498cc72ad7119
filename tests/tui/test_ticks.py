"""Ticked and not ticked differ in shape, not only colour: ``[x]`` / ``[ ]`` and ``(•)`` / ``( )``.

Textual's check boxes, radio buttons and selection lists draw one glyph in two colours,
which is the same glyph with ``NO_COLOR=1``. These tests read the painted characters (never
the colours) of fama's tick widgets alone and on the screens that use them, and check the
source uses no other tick or choice widget.
"""

from __future__ import annotations

import ast
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Checkbox, RadioButton, RadioSet

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.tui.app import make_app
from fama.tui.screens.find_meetings import FindMeetingsScreen
from fama.tui.screens.meeting_form import MeetingFormScreen
from fama.tui.widgets.ticks import ChoiceButton, TickBox, TickSelectionList
from tests.helpers.screen_text import screen_lines, screen_text
from tests.helpers.sources import ROOT, TUI, base_names

SIZE = (130, 40)


class Ticks(App[None]):
    """One of each tick widget, nothing else."""

    def compose(self) -> ComposeResult:
        yield TickBox("Women-only groups", id="women")
        yield TickBox("Step-free access", True, id="step-free")
        yield RadioSet(
            ChoiceButton("yes", name="yes"),
            ChoiceButton("no", True, name="no"),
            id="went",
        )
        yield TickSelectionList[str](("Talked to someone", "talked", True), ("Sponsor", "sponsor"))


def line_with(app: App[Any], words: str) -> str:
    return next(line for line in screen_lines(app) if words in line)


async def test_each_tick_widget_draws_its_state_as_a_shape() -> None:
    app = Ticks()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert "[ ] Women-only groups" in line_with(app, "Women-only")
        assert "[x] Step-free access" in line_with(app, "Step-free")
        assert "( ) yes" in line_with(app, "yes")
        assert "(•) no" in line_with(app, " no")
        assert "[x] Talked to someone" in line_with(app, "Talked")
        assert "[ ] Sponsor" in line_with(app, "Sponsor")

        app.query_one("#women", TickBox).focus()
        await pilot.press("space")
        app.query_one(TickSelectionList).focus()
        await pilot.press("space", "down", "space")  # untick the first, tick the second
        app.query(ChoiceButton).first().value = True  # choose "yes"
        await pilot.pause()
        assert "[x] Women-only groups" in line_with(app, "Women-only")
        assert "[ ] Talked to someone" in line_with(app, "Talked")
        assert "[x] Sponsor" in line_with(app, "Sponsor")
        assert "(•) yes" in line_with(app, "yes") and "( ) no" in line_with(app, " no")
        # They are still Textual's widgets to the code around them.
        assert app.query_one("#women", Checkbox).value is True
        assert app.query_one(TickSelectionList).selected == ["sponsor"]
        assert app.query_one(RadioSet).pressed_button is app.query(RadioButton).first()


async def test_the_meeting_form_ticks_with_shapes(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(MeetingFormScreen())
        await pilot.pause()
        text = screen_text(app)
        assert "[x] Open meeting: anyone may come" in text
        assert "[ ] Closed for now" in text
        assert "[ ] women only" in text and "[ ] step-free access" in text
        assert "▐X▌" not in text and "▐●▌" not in text


async def test_find_meetings_ticks_with_shapes(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(FindMeetingsScreen("KB-1094"))  # wants women-only groups
        await pilot.pause()
        text = screen_text(app)
        assert "[x] Women-only groups" in text
        assert "[ ] Step-free access" in text


# --------------------------------------------------------------------------- the source

COLOUR_ONLY = {"Checkbox", "RadioButton", "SelectionList", "Switch"}
"""Textual widgets that show their state by colour alone."""


def colour_only_uses(source: str) -> list[tuple[int, str]]:
    """Where a module builds or subclasses a widget whose state is colour alone, or builds
    a RadioSet from labels (which it turns into colour-only RadioButtons)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func.value if isinstance(node.func, ast.Subscript) else node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in COLOUR_ONLY:
                found.append((node.lineno, name))
            elif name == "RadioSet" and any(
                isinstance(a, ast.Constant | ast.JoinedStr) for a in node.args
            ):
                found.append((node.lineno, "RadioSet of labels"))
        elif isinstance(node, ast.ClassDef):
            found += [(node.lineno, b) for b in base_names(node) if b in COLOUR_ONLY]
    return found


def test_fama_uses_only_its_shaped_ticks() -> None:
    offenders = []
    for path in sorted(TUI.rglob("*.py")):
        if path.name == "ticks.py":
            continue
        for line, name in colour_only_uses(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert not offenders, "use fama.tui.widgets.ticks instead:\n" + "\n".join(offenders)


def test_the_source_check_finds_colour_only_ticks() -> None:
    assert colour_only_uses('yield Checkbox("Show inactive")')
    assert colour_only_uses("x = SelectionList[str](*options)")
    assert colour_only_uses("class Ticks(SelectionList[str]): pass")
    assert colour_only_uses('RadioSet("yes", "no")')
    assert colour_only_uses("Switch(value=True)")
    assert not colour_only_uses('yield TickBox("Show inactive")')
    assert not colour_only_uses("class OneChoice(RadioSet): pass")
    assert not colour_only_uses('self.query_one("#x", Checkbox).value')
