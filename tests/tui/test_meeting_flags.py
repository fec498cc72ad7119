"""Flags on meetings, and every key on the directory screens that changes a record.

A flag (did not run, moved, not newcomer-friendly) shows with its reason beside the meeting
wherever it is offered, until someone resolves it; the keys that change a meeting ask
first (naming it) or can be undone, and act on the row the keyworker sees highlighted.
Each test checks the store before and after.
"""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.models import Attendance, FlagKind, OrgCode, Weekday
from fama.tui.app import FamaApp, make_app
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.conversation import ConversationScreen
from fama.tui.screens.dialogs.meeting_dialogs import ConfirmMeetingModal, FlagMeetingModal
from fama.tui.screens.find_meetings import FindMeetingsScreen
from fama.tui.screens.meeting_form import MeetingFormScreen
from fama.tui.screens.meetings import MeetingsScreen
from fama.tui.widgets.meeting_choice import MeetingChoice
from tests.helpers.chat import open_chat, stage_one_said
from tests.helpers.pilot import until

SIZE = (120, 36)
TODAY = date(2026, 11, 24)
NOTE = "Nobody came; door locked [x]"


def notices(app: FamaApp) -> list[str]:
    return [n.message for n in app._notifications]


def details(app: FamaApp) -> str:
    return str(app.screen.query_one("#meeting-details-body", Static).render())


def cell(app: FamaApp, meeting_id: str, column: str) -> str:
    table = app.screen.query_one("#meetings", DataTable)
    return str(table.get_cell(meeting_id, column))


async def open_directory(app: FamaApp, pilot: Pilot[int]) -> MeetingsScreen:
    await app.push_screen(MeetingsScreen(near="DE1"))
    await pilot.pause()
    assert isinstance(app.screen, MeetingsScreen)
    return app.screen


async def highlight(pilot: Pilot[int], screen: MeetingsScreen, meeting_id: str) -> None:
    assert screen.select(meeting_id)
    screen.table.focus()
    await pilot.pause()


async def find_for(app: FamaApp, pilot: Pilot[int], code: str) -> FindMeetingsScreen:
    app.push_screen(ClientScreen(code))
    await pilot.pause()
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(app.screen, FindMeetingsScreen)
    return app.screen


async def test_a_flag_typed_key_by_key_is_kept_whole_and_shown_with_its_reason(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    """Type into the note, go back to pick what happened, keep typing: nothing is lost;
    the flag names who raised it and shows, with its note, in the directory and in Find
    meetings."""
    demo_casebook.user = "JB"
    target = demo_casebook.directory.find_meetings("KB-1042").results[0].meeting
    assert not target.flags
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_directory(app, pilot)
        await highlight(pilot, screen, target.id)
        await pilot.press("f")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, FlagMeetingModal)
        await pilot.press("tab")  # to the note
        await pilot.press(*"Nobody came; ")
        await pilot.press("shift+tab", "down", "enter")  # did not run
        await pilot.pause()
        assert modal.chosen_kind() is FlagKind.DID_NOT_RUN
        assert app.focused is modal.query_one("#flag-note", Input)  # moved on by itself
        await pilot.press(*"door locked [x]")
        assert modal.query_one("#flag-note", Input).value == NOTE
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        (flag,) = demo_casebook.directory.meeting(target.id).flags
        assert (flag.kind, flag.note, flag.on, flag.by, flag.resolved) == (
            FlagKind.DID_NOT_RUN,
            NOTE,
            TODAY,
            "JB",
            False,
        )
        assert cell(app, target.id, "status") == "⚠ did not run"
        assert f"⚠ Flagged: did not run, Tue 24 Nov 2026, by JB: {NOTE}" in details(app)
        await pilot.press("escape")
        await pilot.pause()

        found = await find_for(app, pilot, "KB-1042")
        table = found.query_one("#results", DataTable)
        assert str(table.get_cell(target.id, "name")).startswith("⚠ did not run · ")
        table.move_cursor(row=table.get_row_index(target.id))
        await pilot.pause()
        reasons = str(found.query_one("#find-reasons", Static).render())
        assert f"⚠ Flagged: did not run, Tue 24 Nov 2026, by JB: {NOTE}" in reasons
        others = [key.value for key in table.rows if key.value != target.id]
        assert others and all("⚠" not in str(table.get_cell(k, "name")) for k in others)


async def test_the_conversations_meeting_list_shows_each_open_flag(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    every_other = [m.id for m in demo_casebook.directory.meetings()][::2]
    for meeting_id in every_other:
        demo_casebook.directory.flag(meeting_id, FlagKind.MOVED, "Now at the library", by="PA")
    stage_one_said(demo_casebook)  # typed key by key in the stage-one test
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, "KB-1151")
        assert isinstance(app.screen, ConversationScreen)
        choice = app.screen.query_one(MeetingChoice)
        assert choice.options
        for option in choice.options:
            flagged = option.meeting_id in every_other
            assert ("⚠ moved" in option.label) is flagged, option.label
            said = "⚠ Flagged: moved, Tue 24 Nov 2026, by PA: Now at the library"
            assert (said in option.details) is flagged, option.details
        assert any(o.meeting_id in every_other for o in choice.options)
        shown = str(choice.query_one(".meeting-details", Static).render())
        assert shown == choice.options[0].details


async def test_r_asks_then_resolves_the_flags_which_stay_in_the_history(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    demo_casebook.directory.flag("demo:aa-01", FlagKind.DID_NOT_RUN, NOTE, by="PA")
    demo_casebook.user = "JB"
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_directory(app, pilot)
        await highlight(pilot, screen, "demo:aa-01")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmMeetingModal)
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert "“AA Kelbridge Lunchtime, Mon 12:30-13:30”" in question and NOTE in question
        await pilot.press("n")  # no: nothing changes
        await pilot.pause()
        assert not demo_casebook.directory.meeting("demo:aa-01").flags[0].resolved
        await pilot.press("r", "y")
        await pilot.pause()
        (flag,) = demo_casebook.directory.meeting("demo:aa-01").flags
        assert (flag.resolved_on, flag.resolved_by, flag.note, flag.by) == (TODAY, "JB", NOTE, "PA")
        assert cell(app, "demo:aa-01", "status") == "active"
        text = details(app)
        assert "⚠ Flagged" not in text
        assert "✓ did not run, Tue 24 Nov 2026, by PA" in text
        assert "(resolved Tue 24 Nov 2026 by JB)" in text
        await pilot.press("r")  # nothing left to resolve: said, nothing stored
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert any("has no open flags" in n for n in notices(app))


async def test_i_asks_and_acts_on_the_highlighted_row_after_filtering(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_directory(app, pilot)
        screen.table.move_cursor(row=5)  # a row the filter is about to move
        screen.query_one("#filter-organisation", Select).value = OrgCode.NA
        await pilot.pause()
        screen.table.focus()
        await pilot.press("down", "down")
        await pilot.pause()
        seen = screen.selected_id()
        assert seen is not None and seen.startswith("demo:na-")
        name = demo_casebook.directory.meeting(seen).name
        before = {m.id for m in demo_casebook.directory.meetings() if not m.active}
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmMeetingModal)
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert question.startswith(f"Mark “NA {name}, ")
        await pilot.press("escape")
        await pilot.pause()
        assert {m.id for m in demo_casebook.directory.meetings() if not m.active} == before
        await pilot.press("i", "y")
        await pilot.pause()
    after = {m.id for m in demo_casebook.directory.meetings() if not m.active}
    assert after == before | {seen}


async def test_v_marks_verified_and_u_undoes_it(demo_casebook: Casebook, clock: FixedClock) -> None:
    was = demo_casebook.directory.meeting("demo:aa-05").last_verified
    assert was is not None and was != TODAY
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_directory(app, pilot)
        await highlight(pilot, screen, "demo:aa-05")
        await pilot.press("v")
        await pilot.pause()
        assert demo_casebook.directory.meeting("demo:aa-05").last_verified == TODAY
        assert any("Press u to undo" in n for n in notices(app))
        await highlight(pilot, screen, "demo:aa-01")  # the undo knows which meeting it was
        await pilot.press("u")
        await pilot.pause()
        assert demo_casebook.directory.meeting("demo:aa-05").last_verified == was
        assert screen.selected_id() == "demo:aa-05"
        await pilot.press("u")  # once only
        await pilot.pause()
        assert any("Nothing to undo" in n for n in notices(app))
    assert demo_casebook.directory.meeting("demo:aa-05").last_verified == was


async def test_the_new_meeting_form_keeps_text_typed_around_its_lists(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    before = {m.id for m in demo_casebook.directory.meetings()}
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_directory(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeetingFormScreen)
        name = form.query_one("#field-name", Input)
        organisation = form.query_one("#field-organisation", Select)
        # the form takes the focus after a refresh: a busy machine takes a few frames
        assert await until(pilot, lambda: app.focused is organisation)
        await pilot.press("tab", *"Recovery ")  # organisation -> name
        await pilot.press("shift+tab", "enter", "home", "enter")  # the first organisation
        assert await until(pilot, lambda: app.focused is name)
        assert organisation.value is OrgCode.AA
        await pilot.press(*"Singers")
        assert name.value == "Recovery Singers"
        await pilot.press("tab", "enter", "down", "down", "down", "down", "enter")  # Thursday
        start = form.query_one("#field-start", Input)
        assert await until(pilot, lambda: app.focused is start)
        assert form.query_one("#field-weekday", Select).value is Weekday.THURSDAY
        await pilot.press(*"7.30pm")
        await pilot.press("shift+tab", "shift+tab")  # back into the name: the end is kept
        await pilot.press(*" [choir]")
        assert name.value == "Recovery Singers [choir]" and start.value == "7.30pm"
        form.query_one("#field-postcode", Input).focus()
        await pilot.press(*"DE1 3AW")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
    (added,) = [m for m in demo_casebook.directory.meetings() if m.id not in before]
    assert (added.name, added.organisation, added.weekday) == (
        "Recovery Singers [choir]",
        OrgCode.AA,
        Weekday.THURSDAY,
    )
    assert added.start.hour == 19 and added.start.minute == 30


async def test_phone_meetings_say_by_phone_everywhere(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    phone = [m for m in demo_casebook.directory.meetings() if m.attendance is Attendance.PHONE]
    assert phone
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_directory(app, pilot)
        for meeting in phone:
            assert cell(app, meeting.id, "miles") == "by phone"
            assert cell(app, meeting.id, "where") == "by phone"
        await highlight(pilot, screen, phone[0].id)
        assert "Attendance: by phone · " in details(app)
        await pilot.press("escape")
        await pilot.pause()
        found = await find_for(app, pilot, "KB-1102")  # SMART, online or by phone
        table = found.query_one("#results", DataTable)
        by_phone = [k.value for k in table.rows if k.value in {m.id for m in phone}]
        assert by_phone
        for key in by_phone:
            assert str(table.get_cell(key, "distance")) == "by phone"
        table.move_cursor(row=table.get_row_index(by_phone[0]))
        await pilot.pause()
        reasons = str(found.query_one("#find-reasons", Static).render())
        assert " · by phone · " in reasons and " · phone · " not in reasons


async def test_typing_on_the_list_of_kinds_goes_into_the_note(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    """Enter, Enter then typing (nothing chosen yet) never loses what was typed."""
    target = demo_casebook.directory.find_meetings("KB-1042").results[0].meeting
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_directory(app, pilot)
        await highlight(pilot, screen, target.id)
        await pilot.press("f")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, FlagMeetingModal)
        await pilot.press("enter", "enter", *"Nobody there [x]")
        await pilot.pause()
        assert modal.query_one("#flag-note", Input).value == "Nobody there [x]"
        assert modal.chosen_kind() is None
        await pilot.press("ctrl+s")  # no kind: refused, and the note is kept
        await pilot.pause()
        assert app.screen is modal
        assert modal.query_one("#flag-note", Input).value == "Nobody there [x]"
        await pilot.press("3")  # on the list again: not newcomer-friendly
        await pilot.pause()
        assert app.focused is modal.query_one("#flag-note", Input)
        await pilot.press("ctrl+s")
        await pilot.pause()
    (flag,) = demo_casebook.directory.meeting(target.id).flags
    assert (flag.kind, flag.note) == (FlagKind.NOT_NEWCOMER_FRIENDLY, "Nobody there [x]")
