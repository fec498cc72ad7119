"""SVG snapshot of the care-plan review screen at 80x24 (update with
``pytest tests/tui/test_snapshots_review.py --snapshot-update -n 0`` when intended)."""

from __future__ import annotations

from typing import Any

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.tui.app import make_app


def test_review_snapshot_80x24(
    snap_compare: Any, demo_casebook: Casebook, clock: FixedClock
) -> None:
    """KB-1042 since its last care-plan review: short whole titles, the summary beside."""

    async def open_review(pilot: Any) -> None:
        await pilot.pause()  # auto_pilot can start before the first paint; a person cannot
        await pilot.press(*"KB-1042", "enter")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(
        make_app(demo_casebook, clock), terminal_size=(80, 24), run_before=open_review
    )
