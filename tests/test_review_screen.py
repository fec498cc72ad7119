"""Pilot tests of the care-plan review screen: the history, the period, recording a review."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input, Static

from fama.casebook import Casebook
from fama.clock import FixedClock
from fama.models.review import ReviewType
from fama.tui.app import FamaApp, make_app
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.review import PeriodModal, RecordReviewModal, ReviewScreen

SIZE = (130, 44)
TODAY = date(2026, 11, 24)
CODE = "KB-1042"  # SMART, two follow-ups, a care-plan review on Fri 20 Nov


def text_of(app: FamaApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_review(pilot, app: FamaApp) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*CODE, "enter")
    await pilot.pause()
    assert isinstance(app.screen, ClientScreen)
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)


async def test_the_history_since_the_last_review(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, app)
        assert app.screen.sub_title == (
            "since the care-plan review on Fri 20 Nov 2026 to Tue 24 Nov 2026"
        )
        assert "New goal agreed on Fri 20 Nov 2026" in text_of(app, "#review-changes")
        assert "w/c 16 Nov" in text_of(app, "#attendance-chart")
        assert "30 Oct 26" in text_of(app, "#helpfulness-chart")  # the whole record's trend
        assert "tools or literature: first Fri 30 Oct 2026" in text_of(app, "#review-involvement")
        summary = text_of(app, "#review-summary")
        assert summary.startswith("Mutual aid summary for KB-1042")
        assert "DE23" not in summary  # never the postcode
        await pilot.press("y")
        assert app.clipboard == summary
        await pilot.press("escape")
        assert isinstance(app.screen, ClientScreen)


async def test_choosing_a_period(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, app)
        await pilot.press("d")
        assert isinstance(app.screen, PeriodModal)
        await pilot.press("home", "ctrl+k", *"1/9", "tab")  # the last 1 September
        await pilot.press("home", "ctrl+k", *"1/8", "enter")  # ends before it starts
        assert "must end on or after" in text_of(app, "#period-error")
        await pilot.press("home", "ctrl+k", *"today", "enter")
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.sub_title == "from Tue 1 Sep 2026 to Tue 24 Nov 2026"
        chart = text_of(app, "#attendance-chart")
        assert chart.startswith("w/c 31 Aug") and "w/c 26 Oct" in chart
        assert "First said they went to a meeting on Fri 30 Oct 2026" in text_of(
            app, "#review-changes"
        )


async def test_recording_a_care_plan_review(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, app)
        await pilot.press("r")
        assert isinstance(app.screen, RecordReviewModal)
        await pilot.press("enter")  # held today (prefilled)
        await pilot.press(*"+28", "enter")
        await pilot.press(*"Going well [x], wants a home group", "enter")
        assert isinstance(app.screen, ReviewScreen)
    record = demo_casebook.client(CODE)
    held = [r for r in record.reviews if r.review_type is ReviewType.CARE_PLAN and r.date == TODAY]
    assert len(held) == 1 and held[0].notes == "Going well [x], wants a home group"
    assert record.client.next_review == TODAY + timedelta(days=28)


async def test_a_review_in_the_future_is_refused(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    before = len(demo_casebook.client(CODE).reviews)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, app)
        await pilot.press("r")
        held = app.screen.query_one("#held-on", Input)
        held.value = "2026-12-01"
        await pilot.press("tab", "tab", "enter")
        assert isinstance(app.screen, RecordReviewModal)
        assert text_of(app, "#review-error")
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
    assert len(demo_casebook.client(CODE).reviews) == before
