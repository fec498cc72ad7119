"""Workers post a message when done and the screen's handler acts on it (harlequin's rule):
the messages are seen going by, and what the handlers did is on screen."""

from __future__ import annotations

from textual.message import Message

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.tui.app import make_app
from fama.tui.messages import EvidenceCounted, MonthCounted
from fama.tui.screens.staff import StaffScreen
from tests.helpers.assessment_screen import open_assessment


async def test_the_evidence_and_my_month_arrive_as_messages(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    seen: list[Message] = []
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(120, 36), message_hook=seen.append) as pilot:
        screen = await open_assessment(pilot, app)
        [counted] = [m for m in seen if isinstance(m, EvidenceCounted)]
        assert counted.period == screen.period and screen.evidence is counted.now
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f4")  # the Staff screen, which counts My month in a worker
        await app.workers.wait_for_complete()
        await pilot.pause()
        staff = app.screen
        assert isinstance(staff, StaffScreen)
        counted_months = [m for m in seen if isinstance(m, MonthCounted)]
        month = next(m for m in counted_months if m.month == staff.month)
        assert staff.month_figures[month.month] is month.figures
