"""The self-assessment at 80x24 and 120x36, and its period picker: Pilot tests that read the
screen and the store."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from textual.widget import Widget
from textual.widgets import Button, DataTable

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.tui.app import FamaApp, make_app
from fama.tui.screens.assessment_layout import (
    DETAIL_WIDTH,
    TITLE_WIDTH,
    side_by_side,
    table_width,
    title_width,
)
from fama.tui.screens.dialogs.assessment_dialogs import ExportModal
from fama.tui.screens.dialogs.period_picker import PeriodPicker
from tests.helpers.assessment_screen import QUARTER, goto, open_assessment
from tests.helpers.screen_text import screen_lines, screen_text


def on_screen(app: FamaApp, widget: Widget) -> bool:
    region = widget.region
    return region.height > 0 and app.screen.region.contains_region(region)


async def test_at_80x24_the_criterion_rating_and_evidence_sit_under_the_list(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_assessment(pilot, app)
        await goto(pilot, screen, "1.2")
        assert screen.has_class("-stacked")
        for selector in ("#assessment-items", "#item-criterion", "#item-rating"):
            assert on_screen(app, screen.query_one(selector)), selector
        text = screen_text(app)
        assert "1.2 Meeting times are known" in text
        assert "organisation's meetings are held" in text  # the criterion
        assert "Rating: not assessed" in text and "Rating for Jul-Sep 2026" in text
        assert "Evidence from fama's records" in text
        # One key away: Tab into the detail, and the evidence scrolls into view.
        await pilot.press("tab")
        assert app.focused is screen.query_one("#assessment-detail")
        await pilot.press("end")
        for _ in range(40):  # the scroll to the end is animated: let it arrive
            await pilot.wait_for_scheduled_animations()
            if "Al-Anon: 5" in screen_text(app):
                break
            await pilot.pause(0.05)
        assert "Al-Anon: 5" in screen_text(app)


async def test_at_120x36_names_annex_grids_and_footer_labels_are_whole(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_assessment(pilot, app)
        table = screen.query_one("#assessment-items", DataTable)
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        for item in screen.catalogue.items:
            assert item.title in names  # whole, not cut
        await goto(pilot, screen, "annex-2")
        text = screen_text(app)
        for name in ("Belworth Recovery Allotment", "Kelbridge Recovery Choir"):
            assert name in text
        assert "Mon  Tue  Wed  Thu  Fri  Sat  Sun" in text
        footer = screen_lines(app)[-1]
        for label in (
            "Back",
            "In place",
            "Partly",
            "Not in place",
            "Accept",
            "Comments",
            "Period",
            "Export",
        ):
            assert label in footer, label


async def test_at_80x24_the_export_dialog_shows_every_format(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_assessment(pilot, app)
        await pilot.press("x")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ExportModal)
        buttons = list(modal.query(Button))
        assert [str(b.label) for b in buttons] == [label for _, label in ExportModal.FORMATS]
        for button in buttons:
            assert on_screen(app, button), button.label
        text = screen_text(app)
        for _, label in ExportModal.FORMATS:
            assert label in text


async def test_ratings_belong_to_their_period_and_the_screen_says_so(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    demo_casebook.user = "Team Lead"
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_assessment(pilot, app)
        await goto(pilot, screen, "1.4")
        await pilot.press("1")  # in place, for July-September
        assert demo_casebook.store.assessments()[0].items["1.4"].rated_by == "Team Lead"
        await pilot.press("d")
        picker = app.screen
        assert isinstance(picker, PeriodPicker)
        assert picker.query_one("#period-from").value == "2026-07-01"  # type: ignore[attr-defined]
        await pilot.press("ctrl+a", "ctrl+k", *"1/10", "tab", "ctrl+a", "ctrl+k", *"31/10")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        assert (screen.period.start, screen.period.end) == (  # type: ignore[union-attr]
            date(2026, 10, 1),
            date(2026, 10, 31),
        )
        said = [n.message for n in app._notifications]
        assert any("the ratings shown are those kept for this period" in m for m in said)
        rating_title = screen.query_one("#item-rating").border_title
        assert rating_title == "Rating for 1 Oct 2026 to 31 Oct 2026"
        await goto(pilot, screen, "1.4")
        assert "Rating: not assessed" in screen_text(app)  # July-September's stays there
        await pilot.press("3")
    kept = {(a.period_start, a.period_end): a for a in demo_casebook.store.assessments()}
    assert kept[(QUARTER.start, QUARTER.end)].items["1.4"].rating.value == "in place"
    october = kept[(date(2026, 10, 1), date(2026, 10, 31))].items["1.4"]
    assert october.rating.value == "not in place" and october.rated_by == "Team Lead"


async def test_the_period_picker_refuses_a_date_a_year_ahead_or_an_end_before_the_start(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_assessment(pilot, app)
        await pilot.press("d", "tab", "ctrl+a", "ctrl+k", *"2028-03-01", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PeriodPicker)
        assert "To is more than a year ahead (01/03/2028): check the year." in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k", *"2026-06-01", "enter")
        await pilot.pause()
        assert "The period must end on or after the day it starts." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.period == QUARTER
    assert demo_casebook.store.assessments() == []


@given(st.integers(min_value=40, max_value=400))
def test_the_table_and_the_detail_beside_it_always_fit(width: int) -> None:
    wide = side_by_side(width)
    names = title_width(width, wide)
    assert TITLE_WIDTH[0] <= names <= TITLE_WIDTH[1]
    if wide:
        assert names == TITLE_WIDTH[1], "side by side, every item's name is whole"
        assert table_width(names) + 2 + DETAIL_WIDTH <= width
