"""Pilot tests for the Staff screen: press keys as a team lead would, then check the screen
*and* the store."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from textual.widgets import DataTable, Input, OptionList

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.models import Access, InsightVisit, OrgCode, StaffMember, Training, TrainingKind
from fama.staff.my_month import MonthFigures
from fama.tui.app import FamaApp, make_app
from fama.tui.screens.dialogs.staff_dialogs import ConfirmModal, StaffMemberModal
from fama.tui.screens.dialogs.staff_evidence_dialogs import InsightVisitModal, TrainingModal
from fama.tui.screens.help import HelpScreen
from fama.tui.screens.staff import StaffScreen
from fama.tui.widgets.staff_text import training_summary
from tests.conftest import TODAY
from tests.helpers.pilot import fill
from tests.helpers.staff_screen import focused, open_staff, table_rows, text_of, top

SIZE = (130, 40)


def month_panel(app: FamaApp) -> str:
    return text_of(app, "#month-figures")


def notices(app: FamaApp) -> list[str]:
    return [n.message for n in app._notifications]


# --------------------------------------------------------------------------- the list


async def test_lists_staff_with_training_and_visits(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_staff(app, pilot)
        assert screen.title == "Staff" and screen.sub_title == "3 active staff"
        assert StaffScreen.AUTO_FOCUS == "#staff-table"
        assert focused(app) is screen.table
        rows = table_rows(app, "#staff-table")
        assert [r[0] for r in rows] == ["DO", "JB", "PA"]
        assert rows[0][2] == "FAMA 10/2026 · 12-step — · SMART —"
        assert rows[1][2] == "FAMA 10/2025 · 12-step 03/2026 · SMART 06/2026"
        assert [r[3] for r in rows] == ["0", "3", "1"]
        # The highlighted member (DO) in detail.
        assert "Dan Okafor (DO) · keyworker" in text_of(app, "#member-head")
        assert "still to do: 12-step, SMART" in text_of(app, "#member-head")
        assert table_rows(app, "#training-table") == [["FAMA", "25 Oct 2026"]]
        assert "No visits yet" in text_of(app, "#visits-empty")
        await pilot.press("down")
        assert screen.selected_id() == "JB"
        visits = table_rows(app, "#visits-table")
        assert [v[1] for v in visits] == ["AA", "SMART", "Al-Anon"]
        assert len(table_rows(app, "#training-table")) == 3


async def test_preselects_the_keyworker_and_shows_my_month(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_staff(app, pilot, "pa")
        assert screen.selected_id() == "PA"
        panel = month_panel(app)
        assert "PA · November 2026" in panel
        assert "Introduced to mutual aid      1  KB-1125" in panel
        assert "Agreed a meeting goal         3  KB-1094, KB-1102, KB-1119" in panel
        assert "Followed up on a goal         1  KB-1102" in panel
        assert "Went (of those followed up)   1  KB-1102" in panel
        assert screen.query_one("#month-panel").border_title == "My month: November 2026"
        await pilot.press("up")  # JB
        panel = month_panel(app)
        assert "Introduced to mutual aid      3  KB-1063, KB-1071, KB-1088" in panel
        assert "Went (of those followed up)   1  KB-1042" in panel


async def test_month_moves_with_brackets(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_staff(app, pilot, "JB")
        await pilot.press("left_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.month == (2026, 10)
        assert screen.query_one("#month-panel").border_title == "My month: October 2026"
        panel = month_panel(app)
        assert "Agreed a meeting goal         2  KB-1042, KB-1057" in panel
        assert "Followed up on a goal         1  KB-1042" in panel  # KB-1057's was August's
        assert "Went (of those followed up)   1  KB-1042" in panel
        await pilot.press("right_square_bracket")
        assert screen.month == (2026, 11)
        assert "Introduced to mutual aid      3" in month_panel(app)  # kept: no recount
        await pilot.press("right_square_bracket")  # December has not happened yet
        await pilot.pause()
        assert screen.month == (2026, 11)
        assert any("later ones have not happened yet" in n for n in notices(app))


async def test_counting_runs_in_a_worker(demo_casebook: Casebook, clock: FixedClock) -> None:
    """My month reads every client: while it counts, the panel says so and keys still work."""
    release = threading.Event()
    count = demo_casebook.staff.my_month

    def slow_month(year: int, month: int) -> dict[str, MonthFigures]:
        release.wait(5)
        return count(year, month)

    demo_casebook.staff.my_month = slow_month  # type: ignore[method-assign]
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(StaffScreen())
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StaffScreen)
        assert "Counting..." in month_panel(app)
        await pilot.press("down")
        assert screen.selected_id() == "JB"
        assert "Counting..." in month_panel(app)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "KB-1063, KB-1071, KB-1088" in month_panel(app)


# --------------------------------------------------------------------------- training


async def test_add_training_by_keyboard(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_staff(app, pilot, "DO")
        await pilot.press("t")
        modal = app.screen
        assert isinstance(modal, TrainingModal)
        kinds = modal.query_one("#field-kind", OptionList)
        assert focused(app) is kinds
        assert kinds.highlighted == 1  # the first kind DO has not done: 12-step
        await pilot.press("down", "enter")  # SMART facilitation; Enter moves to the date
        assert focused(app) is modal.query_one("#field-date", Input)
        await pilot.press(*"1/11")
        assert text_of(app, "#date-hint") == "Understood: Sun 1 Nov 2026 (23 days ago)"
        await pilot.press("enter")
        await pilot.pause()
        assert top(app) is screen
        stored = demo_casebook.staff.member("DO").training
        assert stored[-1] == Training(
            kind=TrainingKind.SMART_FACILITATION, completed=date(2026, 11, 1)
        )
        assert table_rows(app, "#staff-table")[0][2] == "FAMA 10/2026 · 12-step — · SMART 11/2026"
        assert table_rows(app, "#training-table")[-1] == ["SMART facilitation", "01 Nov 2026"]
        assert any("Added SMART facilitation training" in n for n in notices(app))


async def test_a_future_date_is_refused_beside_the_field(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    before = demo_casebook.staff.members()
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_staff(app, pilot, "DO")
        await pilot.press("t", "enter")
        await pilot.press(*"+3")
        assert "cannot be in the future" in text_of(app, "#date-hint")
        await pilot.press("enter")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, TrainingModal)
        error = text_of(app, "#error-date")
        assert error.startswith("A training date cannot be in the future (Fri 27 Nov 2026")
        assert modal.query_one("#field-date", Input).has_class("-invalid")
        await pilot.press("escape")
        await pilot.pause()
        assert top(app) is screen
        assert demo_casebook.staff.members() == before


async def test_remove_training_asks_first(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_staff(app, pilot, "JB")
        await pilot.press("delete")  # the staff list has the focus: nothing to remove
        assert any("Tab to the training" in n for n in notices(app))
        await pilot.press("tab", "down")  # the training list, its second row
        assert focused(app) is screen.query_one("#training-table", DataTable)
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmModal)
        assert "12-step facilitation training of 09 Mar 2026" in text_of(app, "#confirm-question")
        await pilot.press("n")
        await pilot.pause()
        assert len(demo_casebook.staff.member("JB").training) == 3
        await pilot.press("x")
        await pilot.press("y")
        await pilot.pause()
        assert top(app) is screen
        kinds = [t.kind for t in demo_casebook.staff.member("JB").training]
        assert kinds == [TrainingKind.FAMA, TrainingKind.SMART_FACILITATION]
        assert len(table_rows(app, "#training-table")) == 2


# --------------------------------------------------------------------------- insight visits


async def test_add_an_insight_visit(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_staff(app, pilot, "DO")
        await pilot.press("v")
        modal = app.screen
        assert isinstance(modal, InsightVisitModal)
        assert focused(app) is modal.query_one("#field-date", Input)
        assert demo_casebook.staff.member("DO").insight_visits == []
        await pilot.press(*"yesterday", "enter")
        organisations = modal.query_one("#field-organisation", OptionList)
        assert focused(app) is organisations
        assert organisations.highlighted is None  # nothing chosen for them
        # AA, NA, CA; Enter takes CA and moves on to the note.
        await pilot.press("down", "down", "down", "enter")
        assert focused(app) is modal.query_one("#field-note", Input)
        # Typed key by key straight after choosing: every character reaches the note.
        await pilot.press(*"Open CA [speaker] meeting; met [/] the GSR")
        assert focused(app) is modal.query_one("#field-note", Input)
        assert organisations.highlighted == 2
        await pilot.press("enter")
        await pilot.pause()
        assert top(app) is screen
        note = "Open CA [speaker] meeting; met [/] the GSR"
        assert demo_casebook.staff.member("DO").insight_visits == [
            InsightVisit(date=date(2026, 11, 23), organisation=OrgCode.CA, note=note)
        ]
        assert table_rows(app, "#visits-table") == [["23 Nov 2026", "CA", note]]
        assert table_rows(app, "#staff-table")[0][3] == "1"
        assert text_of(app, "#visit-note") == f"23 Nov 2026, Cocaine Anonymous: {note}"


async def test_visit_needs_a_past_date_and_an_organisation(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_staff(app, pilot, "DO")
        await pilot.press("v", *"tomorrow", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InsightVisitModal)
        assert "A visit date cannot be in the future" in text_of(app, "#error-date")
        assert (
            text_of(app, "#error-organisation") == "Choose the organisation whose meeting it was."
        )
        assert demo_casebook.staff.member("DO").insight_visits == []


async def test_typing_on_the_organisation_list_goes_into_the_note(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_staff(app, pilot, "DO")
        await pilot.press("v", *"yesterday", "enter")
        modal = app.screen
        assert isinstance(modal, InsightVisitModal)
        await pilot.press(*"Open [x] meeting")  # no organisation chosen yet: typed ahead
        await pilot.pause()
        assert modal.query_one("#field-note", Input).value == "Open [x] meeting"
        assert modal.chosen_organisation() is None
        await pilot.press("ctrl+s")  # refused: the organisation is missing; the note is kept
        await pilot.pause()
        assert app.screen is modal
        assert modal.query_one("#field-note", Input).value == "Open [x] meeting"
    assert demo_casebook.staff.member("DO").insight_visits == []


async def test_remove_a_visit(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_staff(app, pilot, "JB")
        await pilot.press("tab", "tab")
        assert focused(app) is screen.query_one("#visits-table", DataTable)
        await pilot.press("down", "down")  # the Al-Anon visit
        assert "Abbeyfields Al-Anon" in text_of(app, "#visit-note")
        await pilot.press("delete")
        assert "the Al-Anon visit of" in text_of(app, "#confirm-question")
        await pilot.press("y")
        await pilot.pause()
        visits = demo_casebook.staff.member("JB").insight_visits
        assert [v.organisation for v in visits] == [OrgCode.AA, OrgCode.SMART]


# --------------------------------------------------------------------------- staff members


async def test_add_and_edit_a_staff_member(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_staff(app, pilot)
        await pilot.press("n")
        assert isinstance(app.screen, StaffMemberModal)
        assert focused(app) is app.screen.query_one("#field-id", Input)
        await fill(pilot, app, typed=True, id="jb", name="Jamie Brook", role="")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "The id JB is already in use" in text_of(app, "#error-id")
        await fill(pilot, app, id="sk", name="Sam Kaur", role="peer lead", access="boss")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "'boss' is not one of keyworker, lead, report" in text_of(app, "#error-access")
        assert demo_casebook.staff.member("JB").login is None, "nothing saved"
        await fill(pilot, app, login="SKaur", access="Lead")
        await pilot.press("enter")  # Enter on the last field saves
        await pilot.pause()
        assert top(app) is screen
        assert demo_casebook.staff.member("SK") == StaffMember(
            id="SK", name="Sam Kaur", role="peer lead", login="skaur", access=Access.LEAD
        )
        assert screen.selected_id() == "SK"
        assert "peer lead · lead access, login skaur" in text_of(app, "#member-head")
        await pilot.press("e")
        modal = app.screen
        assert isinstance(modal, StaffMemberModal)
        assert modal.query_one("#field-id", Input).disabled
        assert focused(app) is modal.query_one("#field-name", Input)
        assert modal.query_one("#field-login", Input).value == "skaur"
        await fill(pilot, app, name="Sam Kaur-Lee")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_casebook.staff.member("SK").name == "Sam Kaur-Lee"
        assert demo_casebook.staff.member("SK").access is Access.LEAD, "kept on an edit"
        assert table_rows(app, "#staff-table")[3][:2] == ["SK", "Sam Kaur-Lee"]


async def test_help_and_back(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_staff(app, pilot)
        home = app.screen_stack[0]
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("tab")  # into the training list: Esc comes back to the list first
        await pilot.press("escape")
        assert top(app) is screen and focused(app) is screen.table
        await pilot.press("escape")
        await pilot.pause()
        assert top(app) is home


def test_every_dialog_has_auto_focus() -> None:
    for screen in (StaffScreen, StaffMemberModal, TrainingModal, InsightVisitModal, ConfirmModal):
        assert screen.AUTO_FOCUS, screen.__name__


def test_training_summary() -> None:
    member = StaffMember(
        id="AB",
        name="Ann",
        training=[
            Training(kind=TrainingKind.FAMA, completed=date(2025, 1, 2)),
            Training(kind=TrainingKind.FAMA, completed=date(2026, 3, 4)),
            Training(kind=TrainingKind.SMART_FACILITATION, completed=TODAY),
        ],
    )
    assert training_summary(member) == "FAMA 03/2026 · 12-step — · SMART 11/2026"


async def test_f4_on_the_caseload_opens_staff_for_the_keyworker_shown(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    from fama.tui.app import make_app as build

    app = build(demo_casebook, clock)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+k")  # one keyworker's caseload
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, StaffScreen)
        assert app.screen.preselect == demo_casebook.clients.keyworkers()[0]


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (130, 40)])
async def test_the_list_and_the_details_fit_the_width(
    demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    """Side by side when both fit, one above the other when not: never cut off at the right."""
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=size) as pilot:
        screen = await open_staff(app, pilot)
        for panel in ("#staff-left", "#staff-details"):
            region = screen.query_one(panel).region
            assert region.width > 0 and region.right <= size[0], (panel, region)
