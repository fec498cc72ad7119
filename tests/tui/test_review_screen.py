"""Pilot tests of the care-plan review screen: the history, the period, recording a review."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input, Static

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.models.review import Review as ReviewModel
from fama.models.review import ReviewType
from fama.tui.app import FamaApp, make_app
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.dialogs.period_picker import PeriodPicker
from fama.tui.screens.dialogs.record_review import RecordReviewModal
from fama.tui.screens.review import ReviewScreen
from fama.tui.widgets.next_review_field import NextReviewField
from tests.helpers.screen_text import screen_text

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
        assert app.screen.sub_title == "since the care-plan review on Fri 20 Nov to Tue 24 Nov"
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
        assert isinstance(app.screen, PeriodPicker)
        await pilot.press("home", "ctrl+k", *"1/9", "tab")  # the last 1 September
        await pilot.press("home", "ctrl+k", *"1/8", "enter")  # ends before it starts
        assert "must end on or after" in "".join(
            str(w.render()) for w in app.screen.query(".period-error")
        )
        await pilot.press("home", "ctrl+k", *"today", "enter")
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.sub_title == "from Tue 1 Sep to Tue 24 Nov"
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
    record = demo_casebook.clients.record(CODE)
    held = [r for r in record.reviews if r.review_type is ReviewType.CARE_PLAN and r.date == TODAY]
    assert len(held) == 1 and held[0].notes == "Going well [x], wants a home group"
    assert record.client.next_review == TODAY + timedelta(days=28)


async def test_a_review_in_the_future_is_refused(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    before = len(demo_casebook.clients.record(CODE).reviews)
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
    assert len(demo_casebook.clients.record(CODE).reviews) == before


def beside_next_review(app: FamaApp) -> str:
    field = app.screen.query_one(NextReviewField)
    return str(field.query_one(".date-understood", Static).render())


def care_plan_reviews_today(casebook: Casebook, code: str) -> list[ReviewModel]:
    reviews = casebook.clients.record(code).reviews
    return [r for r in reviews if r.review_type is ReviewType.CARE_PLAN and r.date == TODAY]


async def test_a_blank_next_review_keeps_the_date_and_records_who(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    assert demo_casebook.clients.record(CODE).client.next_review == date(2026, 12, 7)
    assert not care_plan_reviews_today(demo_casebook, CODE)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        # DO covers for JB (the client's keyworker): the caseload open on everyone's.
        demo_casebook.user = "DO"
        await open_review(pilot, app)
        await pilot.press("r")
        assert isinstance(app.screen, RecordReviewModal)
        assert beside_next_review(app) == "Blank keeps Mon 7 Dec; none clears it."
        await pilot.press("enter", "enter")  # held today; next review left blank
        await pilot.press(*"Plan kept", "enter")
        assert isinstance(app.screen, ReviewScreen)
    record = demo_casebook.clients.record(CODE)
    assert record.client.next_review == date(2026, 12, 7)
    (held,) = care_plan_reviews_today(demo_casebook, CODE)
    assert (held.notes, held.recorded_by) == ("Plan kept", "DO")


async def test_none_clears_the_next_review(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, app)
        await pilot.press("r", "enter", *"none")
        assert beside_next_review(app) == "No further review: clears Mon 7 Dec."
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, ReviewScreen)
    assert demo_casebook.clients.record(CODE).client.next_review is None
    assert len(care_plan_reviews_today(demo_casebook, CODE)) == 1


async def test_a_date_shows_its_year_when_far_off_and_a_year_ahead_is_refused(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    before = demo_casebook.clients.record(CODE)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, app)
        await pilot.press("r", "enter", *"+7")
        assert beside_next_review(app) == "Tue 1 Dec (in 7 days)"
        await pilot.press("ctrl+u", *"25/6")
        assert beside_next_review(app) == "Fri 25 Jun 2027 (in 213 days)"
        await pilot.press("ctrl+u", *"1/12/27")
        refusal = "The next care-plan review must be within a year, by Wed 24 Nov 2027."
        assert beside_next_review(app) == refusal
        await pilot.press("enter", "enter")  # on to the note, and save
        assert isinstance(app.screen, RecordReviewModal)
        assert beside_next_review(app) == refusal
        assert text_of(app, "#review-error") == ""
        await pilot.press("escape")
    assert demo_casebook.clients.record(CODE) == before


async def test_a_kept_date_that_was_for_this_review_is_refused_beside_the_field(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    code = "KB-1057"  # its review was due on Fri 20 Nov: the one being recorded now
    before = demo_casebook.clients.record(code)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ReviewScreen(code))
        await pilot.pause()
        await pilot.press("r", "enter", "enter", "enter")
        assert isinstance(app.screen, RecordReviewModal)
        assert beside_next_review(app).startswith("The next review on file (Fri 20 Nov 2026)")
        await pilot.press("shift+tab", *"+6w", "enter", "enter")
        assert isinstance(app.screen, ReviewScreen)
    assert demo_casebook.clients.record(code).client.next_review == TODAY + timedelta(weeks=6)
    assert len(demo_casebook.clients.record(code).reviews) == len(before.reviews) + 1


PANELS = (
    "#review-changes",
    "#review-attendance",
    "#review-helpfulness",
    "#review-involvement",
    "#review-barriers",
    "#review-timeline",
    "#review-summary-box",
)


async def test_panel_titles_are_whole_at_80x24_and_120x36(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    from fama.tui.screens.review import TITLES

    for size, which in (((80, 24), 1), ((120, 36), 0)):
        app = make_app(demo_casebook, clock)
        async with app.run_test(size=size) as pilot:
            await open_review(pilot, app)
            screen = app.screen
            for selector in PANELS:
                title = TITLES[selector][which]
                panel = screen.query_one(selector)
                assert panel.border_title == title
                assert len(title) + 6 <= panel.outer_size.width, (size, title)
                panel.scroll_visible(animate=False)
                await pilot.pause()
                assert f"─ {title} ─" in screen_text(app), (size, title)
            shown = screen_text(app)
            assert f"Review · {CODE} — {screen.sub_title}" in shown
            if size == (120, 36):
                assert "…" not in shown
                chart = text_of(app, "#attendance-chart")
                assert "█" * 30 in chart  # the whole bar: there is room for it


async def test_the_summary_on_screen_names_meetings_a_refusal_and_family(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_review(pilot, app)
        summary = text_of(app, "#review-summary")
        assert (
            "Meetings they went to: SMART: SMART Recovery Kelbridge Central, Tue 19:30" in summary
        )
        assert "Meetings they reported: 3, over 3 weeks from Sat 31 Oct 2026" in summary
        assert "How helpful (0 to 10): 8\n" in summary and "range" not in summary
        for code, expected in (
            ("KB-1088", "Mutual aid: said no for now on Thu 19 Nov 2026; their reasons: “Wants"),
            ("KB-1088", "agreed to come back to it on Mon 14 Dec 2026"),
            ("KB-1063", "Seeking help for: someone else (a family member or friend)"),
        ):
            app.push_screen(ReviewScreen(code))
            await pilot.pause()
            assert expected in text_of(app, "#review-summary"), code
            assert "\\" not in text_of(app, "#review-summary")  # no Markdown escapes
            app.pop_screen()
