"""SVG snapshots of the directory screens at a standard 80x24 terminal (update with
``pytest tests/tui/test_snapshots_directory.py --snapshot-update -n 0`` when intended)."""

from __future__ import annotations

from typing import Any

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.models import FlagKind
from fama.tui.app import make_app
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.meetings import MeetingsScreen

SIZE = (80, 24)


def test_meetings_with_a_flagged_meeting_snapshot(
    snap_compare: Any, demo_casebook: Casebook, clock: FixedClock
) -> None:
    """The directory near DE1, the flagged meeting highlighted: ⚠ and what was found in its
    status, the flag in full at the top of its details, every key that changes it in the
    footer."""
    demo_casebook.user = "JB"
    demo_casebook.directory.flag("demo:aa-01", FlagKind.DID_NOT_RUN, "Nobody came; door locked")

    async def open_meetings(pilot: Any) -> None:
        await pilot.pause()
        screen = MeetingsScreen(near="DE1")
        await pilot.app.push_screen(screen)
        await pilot.pause()
        screen.select("demo:aa-01")
        await pilot.pause()

    assert snap_compare(
        make_app(demo_casebook, clock), terminal_size=SIZE, run_before=open_meetings
    )


def test_find_meetings_snapshot(
    snap_compare: Any, demo_casebook: Casebook, clock: FixedClock
) -> None:
    """Find meetings for a client at 80x24: the preferences, and the ranked list whole
    (rank, day and time, name, distance) with the reasons for the first."""

    async def open_find(pilot: Any) -> None:
        await pilot.pause()
        await pilot.app.push_screen(ClientScreen("KB-1102"))
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()

    assert snap_compare(make_app(demo_casebook, clock), terminal_size=SIZE, run_before=open_find)
