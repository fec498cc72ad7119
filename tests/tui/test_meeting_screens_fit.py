"""The directory screens are whole at 80x24 and use the room at 120x36: the footer shows
every key that changes a meeting, panel titles are not cut, and the ranked list shows rank,
day and time and distance whole (read from what is painted)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.directory.explain import distance_text
from fama.models import FlagKind
from fama.tui.app import make_app
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.find_meetings import FindMeetingsScreen
from fama.tui.screens.meetings import MeetingsScreen
from tests.helpers.screen_text import screen_lines

SIZES = [(80, 24), (120, 36)]


@pytest.mark.parametrize("size", SIZES)
async def test_the_directory_is_whole(
    demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    demo_casebook.directory.flag("demo:aa-01", FlagKind.DID_NOT_RUN, "Nobody came", by="JB")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=size) as pilot:
        screen = MeetingsScreen(near="DE1")
        await app.push_screen(screen)
        await pilot.pause()
        screen.select("demo:aa-01")
        await pilot.pause()
        lines = screen_lines(app)
        footer = lines[-1]
        for key, words in (
            ("n", "New"),
            ("e", "Edit"),
            ("v", "Verified"),
            ("i", "Inactive"),
            ("f", "Flag"),
            ("r", "Resolve"),
        ):
            assert f"{key} {words}" in footer, footer
        assert any("─ Details ─" in line for line in lines)
        row = next(line for line in lines if "Kelbridge Lunchtime" in line)
        assert "⚠ did not run" in row
        if size[0] >= 120:  # nothing cut that fits: the flagged meeting's place is whole
            assert "Quaker Meeting House, DE1 3QT" in row


@pytest.mark.parametrize("size", SIZES)
async def test_find_meetings_is_whole(
    demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=size) as pilot:
        app.push_screen(ClientScreen("KB-1102"))
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FindMeetingsScreen) and screen.outcome is not None
        lines = screen_lines(app)
        assert "^s Keep preferences" in lines[-1] and "esc Back" in lines[-1]
        table = screen.query_one("#results", DataTable)
        painted = [
            "".join(segment.text for segment in table.render_line(y))
            for y in range(table.size.height)
        ]
        assert "Distance" in painted[0] and "#" in painted[0]
        for number, result in enumerate(screen.outcome.results[: table.size.height - 1], 1):
            line = painted[number]
            m = result.meeting
            assert line.split()[0] == str(number), line
            assert f"{m.weekday.short} {m.start:%H:%M}" in line, line
            assert distance_text(result) in line, line
            if size[0] >= 120:
                assert m.name in line, line  # every demo name fits at 120 columns
