"""SVG snapshots at 80x24 of the team lead's screens: the self-assessment and the staff
screen (update with ``pytest --snapshot-update -n 0 tests/tui/test_snapshots_lead.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.tui.app import make_app
from fama.tui.screens.assessment import AssessmentScreen
from fama.tui.screens.staff import StaffScreen


def test_assessment_snapshot_80x24(
    snap_compare: Any, demo_casebook: Casebook, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(demo_casebook, clock, tmp_path / "settings.json")

    async def open_item(pilot: Any) -> None:
        await pilot.pause()
        await app.push_screen(AssessmentScreen())
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("down", "down", "down")  # 1.2: a criterion, a rating, evidence
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_item)


def test_staff_snapshot_80x24(
    snap_compare: Any, demo_casebook: Casebook, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(demo_casebook, clock, tmp_path / "settings.json")

    async def open_staff(pilot: Any) -> None:
        await pilot.pause()
        await app.push_screen(StaffScreen("JB"))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_staff)
