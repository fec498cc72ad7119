"""Pilot tests for the Meetings screen: press keys as a keyworker would, then check the screen
*and* the store."""

from __future__ import annotations

from datetime import date, time

from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Select, SelectionList, Static

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.directory.browse import MeetingFilter, filter_meetings
from fama.models import Attendance, FlagKind, Meeting, OrgCode, SourceKind, Weekday
from fama.tui.app import FamaApp, make_app
from fama.tui.screens.dialogs.meeting_dialogs import (
    ConfirmMeetingModal,
    FlagMeetingModal,
    SourcesModal,
)
from fama.tui.screens.help import HelpScreen
from fama.tui.screens.meeting_form import MeetingFormScreen
from fama.tui.screens.meetings import MeetingsScreen
from tests.helpers.pilot import fill

SIZE = (130, 40)


LISTED = ("when", "organisation", "name", "where", "status")
"""The columns the tests read, by position (distance has tests of its own)."""


def table_rows(app: FamaApp) -> list[list[str]]:
    table = app.screen.query_one("#meetings", DataTable)
    keys = [str(column.key.value) for column in table.ordered_columns]
    return [
        [str(table.get_row_at(i)[keys.index(key)]) for key in LISTED if key in keys]
        for i in range(table.row_count)
    ]


def row_ids(app: FamaApp) -> list[str]:
    table = app.screen.query_one("#meetings", DataTable)
    return [
        str(table.coordinate_to_cell_key(Coordinate(i, 0)).row_key.value)
        for i in range(table.row_count)
    ]


def details(app: FamaApp) -> str:
    return str(app.screen.query_one("#meeting-details-body", Static).render())


def notices(app: FamaApp) -> list[str]:
    return [n.message for n in app._notifications]


async def open_meetings(app: FamaApp, pilot: Pilot[int]) -> MeetingsScreen:
    await app.push_screen(MeetingsScreen())
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MeetingsScreen)
    return screen


async def go_to(app: FamaApp, pilot: Pilot[int], meeting_id: str) -> None:
    screen = app.screen
    assert isinstance(screen, MeetingsScreen)
    assert screen.select(meeting_id)
    screen.table.focus()
    await pilot.pause()


async def choose(pilot: Pilot[int], app: FamaApp, selector: str, downs: int) -> None:
    """Open a Select from the keyboard and move down ``downs`` options from the top."""
    select = app.screen.query_one(selector, Select)
    select.focus()
    await pilot.press("enter")
    await pilot.press("home")
    await pilot.press(*["down"] * downs)
    await pilot.press("enter")
    await pilot.pause()


async def test_lists_the_directory_in_week_order(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meetings(app, pilot)
        assert screen.title == "Meetings"
        assert app.focused is screen.table
        expected = filter_meetings(demo_casebook.directory.meetings(), MeetingFilter())
        assert row_ids(app) == [m.id for m in expected] and len(expected) == 69
        first = table_rows(app)[0]
        assert first == [
            "Mon 10:30-12:00",
            "SMART",
            "Mickleford SMART",
            "Mickleford Library, DE3 9FB",
            "active",
        ]
        assert screen.sub_title == "69 active meetings · 0 inactive"
        counts = str(screen.query_one("#meetings-counts", Static).render())
        assert counts.startswith("Showing all 69 (inactive hidden)")
        assert "Mickleford SMART" in details(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, MeetingsScreen)


async def test_filter_by_organisation_and_day(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meetings(app, pilot)
        screen.query_one("#filter-organisation", Select).value = OrgCode.AA
        await pilot.pause()
        assert len(table_rows(app)) == 22
        assert {row[1] for row in table_rows(app)} == {"AA"}
        await choose(pilot, app, "#filter-day", downs=2)  # (any day), Monday, Tuesday
        assert screen.query_one("#filter-day", Select).value == Weekday.TUESDAY
        assert table_rows(app) == [
            ["Tue 07:30-08:30", "AA", "Early Risers Online", "online", "active"],
            [
                "Tue 13:00-14:00",
                "AA",
                "Chellwick Tuesday Lunchtime",
                "Chellwick Scout Hut, DE73 5UA",
                "active",
            ],
            [
                "Tue 20:00-21:30",
                "AA",
                "Chaddleton Tuesday",
                "St Barnabas Community Centre, DE21 4NE",
                "active",
            ],
        ]
        counts = str(screen.query_one("#meetings-counts", Static).render())
        assert counts == "Showing 3 of 69 (inactive hidden) · c clears the filters"
        # nothing on Tuesday at that time: say so
        screen.query_one("#filter-after", Input).value = "9pm"
        await pilot.pause()
        assert table_rows(app) == []
        assert "No meetings match" in str(screen.query_one("#meetings-counts", Static).render())
        screen.table.focus()
        await pilot.press("c")
        assert len(table_rows(app)) == 69
        assert screen.query_one("#filter-organisation", Select).value is Select.NULL


async def test_text_time_and_tag_filters(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meetings(app, pilot)
        await pilot.press("slash")
        assert app.focused is screen.query_one("#filter-text", Input)
        await pilot.press(*"women")  # letters type into the search, they are not commands
        assert [r[2] for r in table_rows(app)] == [
            "SMART Women's Group",
            "Saturday Women's Group",
            "Women's NA",
        ]
        await pilot.press("enter")  # back to the list
        assert screen.table.has_focus
        screen.query_one("#filter-text", Input).value = ""
        screen.query_one("#filter-attendance", Select).value = Attendance.ONLINE
        screen.query_one("#filter-after", Input).value = "7pm"
        screen.query_one("#filter-before", Input).value = "19:30"
        await pilot.pause()
        rows = table_rows(app)
        assert rows and all(r[0][4:9] >= "19:00" and r[0][4:9] <= "19:30" for r in rows)
        assert all(r[3] == "online" or r[3].endswith("+ online") for r in rows)
        screen.query_one("#filter-after", Input).value = "teatime"
        await pilot.pause()
        error = screen.query_one("#filter-error", Static)
        assert error.display and "Starts after: Enter a time" in str(error.render())
        assert screen.query_one("#filter-after", Input).has_class("-invalid")
        screen.query_one("#filter-after", Input).value = ""
        screen.query_one("#filter-before", Input).value = ""
        screen.query_one("#filter-attendance", Select).clear()
        screen.query_one("#filter-access", Select).value = "sign language"
        await pilot.pause()
        assert not error.display
        assert [r[2] for r in table_rows(app)] == ["Kelbridge Friday Night"]


async def test_details_show_everything_about_a_meeting(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meetings(app, pilot)
        await go_to(app, pilot, "demo:aa-15")
        text = details(app)
        for words in (
            "Saturday Women's Group",
            "Alcoholics Anonymous (AA)",
            "When: Saturday 10:30 to 12:00",
            "in person · closed meeting",
            "For: women only",
            "Access: step-free access, hearing loop, children welcome",
            "Venue: Kelbridge Women's Centre",
            "Postcode: DE1 1LJ",
            "Notes: Children welcome: there is a play corner.",
            "Source: from demo (demo)",
            "last verified",
            "No flags.",
        ):
            assert words in text, words
        await pilot.press("enter")
        assert app.focused is screen.query_one("#meeting-details")
        await pilot.press("escape")  # back to the list, not off the screen
        assert app.focused is screen.table and isinstance(app.screen, MeetingsScreen)
        # a stale entry says how old it is; a never-checked one says so
        await go_to(app, pilot, "demo:aa-05")
        assert "last verified 194 days ago" in details(app)
        demo_casebook.store.save_meeting(
            demo_casebook.directory.meeting("demo:aa-05").model_copy(update={"last_verified": None})
        )
        screen.reload()
        await pilot.pause()
        assert "never verified" in details(app)


async def add_choir(pilot: Pilot[int], app: FamaApp) -> Meeting:
    before = {m.id for m in app.casebook.directory.meetings()}
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(app.screen, MeetingFormScreen)
    assert app.screen.query_one("#field-organisation", Select).value == OrgCode.LOCAL
    await fill(pilot, app, name="Recovery Singers [tenors]")
    await choose(pilot, app, "#field-weekday", downs=4)  # (choose), Mon, Tue, Wed, Thu
    await fill(
        pilot,
        app,
        start="5.30pm",
        end="7pm",
        venue="The Mill Yard",
        postcode="de13aw",
        notes="Bring [water]; no experience needed",
    )
    access = app.screen.query_one("#field-access", SelectionList)
    access.focus()
    await pilot.press("space")  # the first: step-free access
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, MeetingsScreen)
    added = [m for m in app.casebook.directory.meetings() if m.id not in before]
    assert len(added) == 1
    return added[0]


async def test_add_a_local_group(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meetings(app, pilot)
        meeting = await add_choir(pilot, app)
        stored = demo_casebook.directory.meeting(meeting.id)
        assert stored.id.startswith("local:")
        assert stored.organisation is OrgCode.LOCAL
        assert stored.name == "Recovery Singers [tenors]"
        assert (stored.weekday, stored.start, stored.end) == (
            Weekday.THURSDAY,
            time(17, 30),
            time(19, 0),
        )
        assert (stored.venue, stored.postcode) == ("The Mill Yard", "DE1 3AW")
        assert stored.access == ["wheelchair"] and stored.audience == []
        assert stored.notes == "Bring [water]; no experience needed"
        assert (stored.source, stored.source_kind) == ("local", SourceKind.LOCAL)
        assert stored.last_verified == clock.today() and stored.active
        assert len(demo_casebook.directory.meetings()) == 70
        # the list shows it, highlighted, and the details show the typed text literally
        assert screen.selected_id() == stored.id
        row = table_rows(app)[row_ids(app).index(stored.id)]
        assert row == [
            "Thu 17:30-19:00",
            "Local",
            "Recovery Singers [tenors]",
            "The Mill Yard, DE1 3AW",
            "active",
        ]
        text = details(app)
        assert "Recovery Singers [tenors]" in text
        assert "Notes: Bring [water]; no experience needed" in text
        assert "local entry, kept by the service · last verified today" in text


async def test_edit_a_local_group(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_meetings(app, pilot)
        meeting = await add_choir(pilot, app)
        await go_to(app, pilot, meeting.id)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeetingFormScreen)
        assert form.query_one("#field-name", Input).value == "Recovery Singers [tenors]"
        assert form.query_one("#field-postcode", Input).value == "DE1 3AW"
        assert form.query_one("#field-access", SelectionList).selected == ["wheelchair"]
        await fill(pilot, app, typed=True, name="Recovery Choir", start="18:00", end="")
        form.query_one("#field-attendance", Select).value = Attendance.HYBRID
        await fill(pilot, app, online_url="meet.example.org/choir")
        form.query_one("#field-temporarily_closed", Checkbox).focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        stored = demo_casebook.directory.meeting(meeting.id)
        assert (stored.name, stored.start, stored.end) == ("Recovery Choir", time(18), None)
        assert stored.attendance is Attendance.HYBRID
        assert stored.online_url == "https://meet.example.org/choir"
        assert stored.temporarily_closed is True
        assert stored.access == ["wheelchair"]  # untouched fields kept
        assert len(demo_casebook.directory.meetings()) == 70  # replaced, not added
        assert "Thu 18:00" in [r[0] for r in table_rows(app)]
        row = table_rows(app)[row_ids(app).index(meeting.id)]
        assert row[1:] == [
            "Local",
            "Recovery Choir",
            "The Mill Yard, DE1 3AW + online",
            "closed for now",
        ]


async def test_bad_input_shows_messages_and_saves_nothing(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    before = demo_casebook.directory.meetings()
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_meetings(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeetingFormScreen)
        await fill(pilot, app, name="", start="half seven", postcode="nowhere")
        form.query_one("#field-attendance", Select).value = Attendance.ONLINE
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form

        def error(name: str) -> str:
            return str(form.query_one(f"#error-{name}", Static).render())

        assert error("name") == "Enter the meeting's or group's name."
        assert error("weekday") == "Choose the day it meets."
        assert "19:30 or 7.30pm" in error("start")
        assert "full UK postcode" in error("postcode")
        assert "link or a phone number" in error("online_url")
        assert error("end") == "" and error("venue") == ""
        assert form.query_one("#field-name", Input).has_class("-invalid")
        assert app.focused is form.query_one("#field-name", Input)
        assert "5 fields need fixing before saving." in notices(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
    assert demo_casebook.directory.meetings() == before


async def test_editing_an_imported_meeting_is_refused(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_meetings(app, pilot)
        await go_to(app, pilot, "demo:aa-01")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        assert "Imported from demo: change it at the source, or flag it." in notices(app)
        # and the form refuses it too, if opened another way
        await app.push_screen(MeetingFormScreen("demo:aa-01"))
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)


async def test_v_marks_verified_today(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_meetings(app, pilot)
        assert demo_casebook.directory.meeting("demo:aa-05").last_verified != clock.today()
        await go_to(app, pilot, "demo:aa-05")
        await pilot.press("v")
        await pilot.pause()
        assert demo_casebook.directory.meeting("demo:aa-05").last_verified == date(2026, 11, 24)
        assert "last verified today" in details(app)
        assert any("verified today (Tue 24 Nov 2026)" in n for n in notices(app))


async def test_i_toggles_active(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meetings(app, pilot)
        await go_to(app, pilot, "demo:na-02")
        await pilot.press("i")  # asks first, naming the meeting; n keeps it as it is
        await pilot.pause()
        assert isinstance(app.screen, ConfirmMeetingModal)
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert question.startswith("Mark “NA Just for Today, ")
        await pilot.press("n")
        await pilot.pause()
        assert demo_casebook.directory.meeting("demo:na-02").active is True
        await pilot.press("i", "y")
        await pilot.pause()
        assert demo_casebook.directory.meeting("demo:na-02").active is False
        assert "demo:na-02" not in row_ids(app)  # hidden now
        assert any("“Just for Today” inactive" in n for n in notices(app))
        assert screen.sub_title == "68 active meetings · 1 inactive"
        screen.query_one("#filter-inactive", Checkbox).value = True
        await pilot.pause()
        assert "demo:na-02" in row_ids(app)
        row = table_rows(app)[row_ids(app).index("demo:na-02")]
        assert row[4] == "inactive"
        await go_to(app, pilot, "demo:na-02")
        await pilot.press("i", "y")
        await pilot.pause()
        assert demo_casebook.directory.meeting("demo:na-02").active is True
        assert any("“Just for Today” active" in n for n in notices(app))


async def test_f_flags_a_meeting(demo_casebook: Casebook, clock: FixedClock) -> None:
    demo_casebook.user = "JB"
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_meetings(app, pilot)
        await go_to(app, pilot, "demo:ca-02")
        await pilot.press("f")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, FlagMeetingModal)
        await pilot.press("ctrl+s")  # no kind chosen yet
        assert str(modal.query_one("#error-kind", Static).render()) == "Choose what happened."
        modal.query_one("#flag-kind").focus()
        await pilot.press("2")  # moved
        modal.query_one("#flag-note", Input).focus()
        await pilot.press(*"Now at [St Oswin's]?")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
        flags = demo_casebook.directory.meeting("demo:ca-02").flags
        assert len(flags) == 1
        assert (flags[0].kind, flags[0].note, flags[0].on, flags[0].by) == (
            FlagKind.MOVED,
            "Now at [St Oswin's]?",
            date(2026, 11, 24),
            "JB",
        )
        assert "Flags (1, 1 open; r resolves):" in details(app)
        assert "⚠ moved, Tue 24 Nov 2026, by JB: Now at [St Oswin's]?" in details(app)
        row = table_rows(app)[row_ids(app).index("demo:ca-02")]
        assert row[4] == "⚠ moved"
        # Esc cancels a flag: nothing stored
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert len(demo_casebook.directory.meeting("demo:ca-02").flags) == 1


async def test_s_shows_the_sources(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_meetings(app, pilot)
        await add_choir(pilot, app)
        await pilot.press("s")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, SourcesModal)
        table = modal.query_one("#sources", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][:5] == ["demo", "demo", "69", "69", "not recorded"]
        assert rows[0][5].endswith("(3 days ago)")
        assert rows[1] == ["local", "local", "1", "1", "entered here", "24 Nov 2026 (today)"]
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)


async def test_markup_in_stored_text_is_shown_literally(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    tricky = demo_casebook.directory.meeting("demo:aa-01").model_copy(
        update={
            "id": "local:tricky",
            "source": "local",
            "source_kind": SourceKind.LOCAL,
            "name": "Stop [/] now [b]group",
            "notes": "goal [x] and [bold red]not red[/]",
            "venue": "[i]Hall[/i]",
        }
    )
    demo_casebook.store.save_meeting(tricky)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meetings(app, pilot)
        await go_to(app, pilot, "local:tricky")
        text = details(app)
        assert "Stop [/] now [b]group" in text
        assert "Notes: goal [x] and [bold red]not red[/]" in text
        assert "Venue: [i]Hall[/i]" in text
        row = table_rows(app)[row_ids(app).index("local:tricky")]
        assert row[2] == "Stop [/] now [b]group" and row[3].startswith("[i]Hall[/i]")
        await pilot.press("f")  # the dialog names it literally, too
        await pilot.pause()
        flag_title = str(app.screen.query_one("#flag-meeting", Static).render())
        assert "Stop [/] now [b]group" in flag_title
        await pilot.press("escape")
        await pilot.press("v")  # the notification names it without crashing
        await pilot.pause()
        assert any("Stop [/] now [b]group" in n for n in notices(app))
        assert isinstance(app.screen, MeetingsScreen) and screen.is_attached


async def test_letter_keys_type_into_the_search_box(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    before = demo_casebook.directory.meetings()
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meetings(app, pilot)
        await pilot.press("slash", *"five isn't")
        assert screen.query_one("#filter-text", Input).value == "five isn't"
        assert isinstance(app.screen, MeetingsScreen)
        await pilot.press("escape")  # from the search back to the list
        assert app.focused is screen.table
    assert demo_casebook.directory.meetings() == before  # no v, i, f or n fired


async def test_help_and_palette(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_meetings(app, pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "| v | Mark it verified today" in app.screen.text
        await pilot.press("escape")
        titles = [c.title for c in app.get_system_commands(screen)]
        for title in (
            "New local meeting",
            "Edit meeting",
            "Mark verified today",
            "Mark inactive or active",
            "Flag meeting",
            "Sources",
            "Search meetings",
            "Clear filters",
        ):
            assert title in titles
        shown = {
            key
            for key, bindings in screen._bindings.key_to_bindings.items()
            if any(b.show for b in bindings)
        }
        # every key that changes a meeting is in the footer (Esc, / and s are in the help)
        for key in ("n", "e", "v", "i", "f", "r", "f1"):
            assert key in shown
        for title in ("Resolve flags", "Undo verified"):
            assert title in titles
        await pilot.press("ctrl+p")
        await pilot.press(*"Sources")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourcesModal)
