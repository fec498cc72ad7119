"""SVG snapshots of the main screens (update with ``pytest --snapshot-update`` when intended)."""

from __future__ import annotations

from typing import Any

from fama.casebook import Casebook
from fama.clock import FixedClock
from fama.tui.app import make_app


def test_caseload_snapshot(snap_compare: Any, demo_casebook: Casebook, clock: FixedClock) -> None:
    assert snap_compare(make_app(demo_casebook, clock), terminal_size=(130, 32))


def test_client_snapshot(snap_compare: Any, demo_casebook: Casebook, clock: FixedClock) -> None:
    async def open_first(pilot: Any) -> None:
        await pilot.pause()  # auto_pilot can start before the first paint; a person cannot
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(
        make_app(demo_casebook, clock), terminal_size=(110, 44), run_before=open_first
    )


def test_meetings_snapshot(snap_compare: Any, demo_casebook: Casebook, clock: FixedClock) -> None:
    async def open_meetings(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()

    assert snap_compare(
        make_app(demo_casebook, clock), terminal_size=(130, 40), run_before=open_meetings
    )
