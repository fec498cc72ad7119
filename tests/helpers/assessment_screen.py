"""Pilot helpers for the self-assessment screen: open it, go to an item."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot
from textual.widgets import DataTable

from fama.assessment.period import Period
from fama.tui.app import FamaApp
from fama.tui.screens.assessment import AssessmentScreen

QUARTER = Period(date(2026, 7, 1), date(2026, 9, 30))
"""The demo's last full quarter, whose figures the assessment tests check."""


async def open_assessment(pilot: Pilot[int], app: FamaApp) -> AssessmentScreen:
    """F5 from the caseload, and wait until the evidence is counted and shown (a worker
    counts it; on a busy machine the screen may paint first)."""
    await pilot.pause()
    await pilot.press("f5")
    screen = app.screen
    assert isinstance(screen, AssessmentScreen)
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if screen.evidence is not None:
            break
        await pilot.pause(0.05)
    assert screen.evidence is not None, "the evidence was never counted"
    return screen


async def goto(pilot: Pilot[int], screen: AssessmentScreen, item_id: str) -> None:
    table = screen.query_one("#assessment-items", DataTable)
    table.move_cursor(row=table.get_row_index(item_id))
    await pilot.pause()
