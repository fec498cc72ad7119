"""Pilot tests: a staff member who has left (the last day they worked here), and the Staff
screen and its visit dialog at 80x24. Each checks the screen *and* the store."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input, OptionList, Static

from fama.assessment.period import Period
from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.models import InsightVisit, OrgCode
from fama.tui.app import make_app
from fama.tui.screens.dialogs.staff_dialogs import LeftModal
from fama.tui.screens.dialogs.staff_evidence_dialogs import InsightVisitModal
from tests.helpers.staff_screen import focused, open_staff, table_rows, text_of, top


def listed(app: object) -> list[str]:
    return [row[0] for row in table_rows(app, "#staff-table")]  # type: ignore[arg-type]


async def test_marking_someone_left_keeps_them_for_the_periods_they_worked(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    assert demo_casebook.staff.member("JB").left_on is None
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_staff(app, pilot, "JB")
        assert listed(app) == ["DO", "JB", "PA"]
        await pilot.press("l")
        modal = top(app)
        assert isinstance(modal, LeftModal)
        await pilot.press(*"2026-11-20")
        assert "Understood: " in text_of(app, "#date-hint")
        await pilot.press("enter")
        await pilot.pause()
        assert top(app) is screen
        assert demo_casebook.staff.member("JB").left_on == date(2026, 11, 20)
        # Hidden from today's list and the keyworker choices...
        assert listed(app) == ["DO", "PA"]
        assert screen.sub_title == "2 active staff · 1 left (h shows them)"
        assert "JB" not in {m.id for m in demo_casebook.staff.current()}
        # ...shown again, marked, with h...
        await pilot.press("h")
        assert listed(app) == ["DO", "JB", "PA"]
        assert table_rows(app, "#staff-table")[1][1] == "Jo Bramley (left)"
        assert screen.select("JB")
        await pilot.pause()
        assert "left " in text_of(app, "#member-head")
        await pilot.press("h")
        assert listed(app) == ["DO", "PA"]

    # ...and still counted for a period they worked, not for one after they left.
    def trained_fama(period: Period) -> int | None:
        figures = demo_casebook.assessment.evidence(period).by_item["4.3"]
        return next(f.denominator for f in figures if f.name == "staff_trained_fama")

    assert trained_fama(Period(date(2026, 7, 1), date(2026, 9, 30))) == 3
    assert trained_fama(Period(date(2026, 11, 1), date(2026, 11, 23))) == 3  # left on the 20th
    assert trained_fama(Period(date(2026, 11, 21), date(2026, 11, 23))) == 2


async def test_a_leaving_date_more_than_a_year_ahead_is_refused(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff(app, pilot, "PA")
        await pilot.press("l", *"2028-01-05", "enter")
        await pilot.pause()
        assert isinstance(top(app), LeftModal)
        error = text_of(app, "#error-date")
        assert error == "A leaving date is more than a year ahead (05/01/2028): check the year."
        assert text_of(app, "#date-hint") == ""  # said once, not twice
        assert demo_casebook.staff.member("PA").left_on is None
        # Notice given: a last day next month is kept, and they stay on today's list.
        await pilot.press("ctrl+a", "ctrl+k", *"+30", "enter")
        await pilot.pause()
        assert demo_casebook.staff.member("PA").left_on == date(2026, 12, 24)
        assert "PA" in listed(app)
        assert "PA" in {m.id for m in demo_casebook.staff.current()}


async def test_still_here_clears_the_leaving_date(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    demo_casebook.staff.mark_left("DO", date(2026, 11, 1))
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_staff(app, pilot)
        assert listed(app) == ["JB", "PA"]
        await pilot.press("h")
        assert screen.select("DO")
        await pilot.pause()
        await pilot.press("l")
        assert top(app).query_one("#field-date", Input).value == "2026-11-01"
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert demo_casebook.staff.member("DO").left_on is None
        assert "DO" in {m.id for m in demo_casebook.staff.current()}
        await pilot.press("h")  # hide those who left: nobody now
        assert listed(app) == ["DO", "JB", "PA"]


async def test_at_80x24_the_list_sits_above_the_training_and_visits(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_staff(app, pilot, "JB")
        await pilot.pause()
        assert screen.has_class("-narrow")
        whole = screen.region
        for selector in ("#staff-table", "#training-table", "#visits-table"):
            region = screen.query_one(selector, DataTable).region
            assert region.height > 0 and whole.contains_region(region), selector
        assert len(table_rows(app, "#visits-table")) == 3
        # m swaps in My month, and back.
        await pilot.press("m")
        await pilot.pause()
        month = screen.query_one("#month-figures", Static).region
        assert month.height > 0 and whole.contains_region(month)
        assert screen.query_one("#visits-table", DataTable).region.height == 0
        await pilot.press("m")
        await pilot.pause()
        assert screen.query_one("#visits-table", DataTable).region.height > 0


async def test_at_80x24_choosing_the_organisation_then_typing_keeps_every_key(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff(app, pilot, "PA")
        before = list(demo_casebook.staff.member("PA").insight_visits)
        await pilot.press("v", *"-2", "tab")
        modal = top(app)
        assert isinstance(modal, InsightVisitModal)
        organisations = modal.query_one("#field-organisation", OptionList)
        assert focused(app) is organisations
        await pilot.press("down", "down", "enter")  # NA
        note = modal.query_one("#field-note", Input)
        assert focused(app) is note
        for key in "met the secretary":
            await pilot.press(key if key != " " else "space")
            assert focused(app) is note
        assert note.value == "met the secretary"
        await pilot.press("enter")
        await pilot.pause()
        assert demo_casebook.staff.member("PA").insight_visits == sorted(
            [
                *before,
                InsightVisit(
                    date=date(2026, 11, 22), organisation=OrgCode.NA, note="met the secretary"
                ),
            ],
            key=lambda v: v.date,
        )


def test_the_keyworker_switch_drops_a_leaver_with_no_clients_after_their_last_day(
    demo_casebook: Casebook,
) -> None:
    from fama.staff.form import StaffForm

    demo_casebook.staff.save(StaffForm(id="NC", name="New Colleague"))
    assert "NC" in demo_casebook.clients.keyworkers()
    demo_casebook.staff.mark_left("NC", date(2026, 11, 24))  # today is their last day
    assert "NC" in demo_casebook.clients.keyworkers()
    demo_casebook.staff.mark_left("NC", date(2026, 11, 23))
    assert "NC" not in demo_casebook.clients.keyworkers()
    assert demo_casebook.staff.member("NC").left_on == date(2026, 11, 23)
    # JB has clients: kept in the switch so that their caseload can still be handed on.
    demo_casebook.staff.mark_left("JB", date(2026, 11, 1))
    assert "JB" in demo_casebook.clients.keyworkers()
