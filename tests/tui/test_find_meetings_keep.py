"""Find meetings keeps what the keyworker changed, and only that, on the client as stored.

The form starts from what is stored and says exactly what is stored; Ctrl+S with nothing
changed leaves the record alone; a change made elsewhere while the form was open is kept.
"""

from __future__ import annotations

from datetime import date, time

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Checkbox, Input, Static

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.directory.matching.request import MatchRequest
from fama.directory.requests import BadOption, PreferenceEdit
from fama.models import AccessNeed, Attendance, Audience, Client, Preferences, Programme, Weekday
from fama.tui.app import make_app
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.find_meetings import FindMeetingsScreen
from tests.helpers.records import set_preferences
from tests.helpers.screen_text import screen_text

CODE = "KB-1063"


def said(app: object) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


def label_of(screen: FindMeetingsScreen, selector: str) -> str:
    return str(screen.query_one(f"{selector} SelectCurrent #label", Static).render())


async def open_find(app, pilot) -> FindMeetingsScreen:  # type: ignore[no-untyped-def]
    app.push_screen(ClientScreen(CODE))
    await pilot.pause()
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(app.screen, FindMeetingsScreen)
    return app.screen


def remote_client(book: Casebook) -> Client:
    """KB-1063 with 12-step or SMART, joining online, by phone or hybrid, within 4 miles."""
    set_preferences(
        book,
        CODE,
        Preferences(
            programmes=[Programme.TWELVE_STEP, Programme.SMART],
            days=[Weekday.MONDAY, Weekday.THURSDAY],
            earliest=time(18, 30),
            attendance=[Attendance.ONLINE, Attendance.PHONE, Attendance.HYBRID],
            audience=[Audience.LGBTQ],
            access_needs=[AccessNeed.HEARING_LOOP],
            max_travel_miles=4,
        ),
    )
    return book.clients.record(CODE).client


async def test_ctrl_s_with_nothing_changed_keeps_the_record_as_it_was(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    before = remote_client(demo_casebook)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_find(app, pilot)
        # What is shown is what is stored, in words that say exactly that.
        assert label_of(screen, "#pref-programme") == "As in the profile: 12-step or SMART"
        attendance = label_of(screen, "#pref-attendance")
        assert attendance == "As in the profile: online, by phone or hybrid"
        assert "In person" not in attendance
        assert screen.query_one("#pref-district", Input).value == "DE22"
        assert screen.query_one("#pref-days", Input).value == "mon, thu"
        assert screen.query_one("#pref-after", Input).value == "18:30"
        assert screen.query_one("#pref-miles", Input).value == "4"
        assert screen.query_one("#pref-family", Checkbox).value is True
        also = str(screen.query_one("#pref-also", Static).render())
        assert "LGBTQ+" in also and "hearing loop" in also and "alcohol" in also
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("Nothing changed" in t for t in said(app))
    assert demo_casebook.clients.record(CODE).client == before  # not even updated_at moved


async def test_only_the_changed_field_is_kept_over_a_change_made_meanwhile(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    remote_client(demo_casebook)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_find(app, pilot)
        # Another keyworker changes the days and the audience while the form is open.
        stored = demo_casebook.clients.record(CODE).client.preferences
        set_preferences(
            demo_casebook,
            CODE,
            stored.model_copy(update={"days": [Weekday.SATURDAY], "audience": [Audience.WOMEN]}),
        )
        miles = screen.query_one("#pref-miles", Input)
        miles.focus()
        await pilot.press("backspace", "2", ".", "5")
        await pilot.pause()
        assert miles.value == "2.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("within 2.5 miles" in t for t in said(app))
        # The form now shows the profile as stored, the other keyworker's days included.
        assert screen.query_one("#pref-days", Input).value == "sat"
        assert screen.query_one("#pref-women", Checkbox).value is True
    kept = demo_casebook.clients.record(CODE).client
    assert kept.preferences.max_travel_miles == 2.5
    assert kept.preferences.days == [Weekday.SATURDAY]
    assert kept.preferences.audience == [Audience.WOMEN]
    assert kept.preferences.programmes == [Programme.TWELVE_STEP, Programme.SMART]
    assert set(kept.preferences.attendance) == {
        Attendance.ONLINE,
        Attendance.PHONE,
        Attendance.HYBRID,
    }
    assert kept.postcode_district == "DE22" and kept.for_family is True


async def test_a_start_window_fama_cannot_keep_is_refused_and_nothing_saved(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    before = remote_client(demo_casebook)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_find(app, pilot)
        screen.query_one("#pref-before", Input).value = "02:00"  # after 18:30, over midnight
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("latest start time" in t for t in said(app))
        assert "Traceback" not in screen_text(app)
    assert demo_casebook.clients.record(CODE).client == before


# ------------------------------------------------------------------------ for all requests

programmes = st.frozensets(st.sampled_from(list(Programme)))
days = st.frozensets(st.sampled_from(list(Weekday)))
modes = st.frozensets(st.sampled_from(list(Attendance)))
audiences = st.frozensets(st.sampled_from(list(Audience)))
needs = st.frozensets(st.sampled_from(list(AccessNeed)))
clocks = st.none() | st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
miles = st.none() | st.sampled_from([0.5, 1.0, 2.5, 3.0, 10.0])
requests = st.builds(
    MatchRequest,
    district=st.sampled_from(["DE1", "DE22", "SE1"]),
    programmes=programmes,
    days=days,
    after=clocks,
    before=clocks,
    attendance=modes,
    audience=audiences,
    access=needs,
    family=st.booleans(),
    within_miles=miles,
)


def client_for(request: MatchRequest) -> Client:
    return Client(
        code="KB-9001",
        keyworker="JB",
        postcode_district=request.district or "DE1",
        for_family=request.family,
        episode_start=date(2026, 1, 5),
        preferences=request.to_preferences(),
    )


@given(requests)
def test_nothing_changed_is_no_edit(request: MatchRequest) -> None:
    assert PreferenceEdit.between(request, request).describe() == []
    assert PreferenceEdit.between(request, request) == PreferenceEdit()


@given(requests, requests, requests)
def test_an_edit_changes_exactly_what_changed_and_keeps_the_rest(
    shown: MatchRequest, wanted: MatchRequest, stored_now: MatchRequest
) -> None:
    """Over whatever is stored by then: a field changed on the form takes the form's value;
    a field not changed keeps the stored value (women-only and step-free change one tag)."""
    try:
        stored = client_for(stored_now)
    except ValueError:
        return  # not a profile fama keeps (a window over midnight)
    edit = PreferenceEdit.between(shown, wanted)
    try:
        after = MatchRequest.from_client(edit.apply(stored))
    except BadOption:
        return
    for name in ("district", "programmes", "days", "after", "before", "attendance", "family"):
        source = wanted if getattr(shown, name) != getattr(wanted, name) else stored_now
        assert getattr(after, name) == getattr(source, name), name
    if shown.within_miles != wanted.within_miles:
        assert after.within_miles == wanted.within_miles
    else:
        assert after.within_miles == stored_now.within_miles
    for field, tag in (("audience", Audience.WOMEN), ("access", AccessNeed.WHEELCHAIR)):
        own, was, now = (getattr(r, field) for r in (stored_now, shown, wanted))
        expected = own
        if (tag in was) != (tag in now):
            expected = own | {tag} if tag in now else own - {tag}
        assert getattr(after, field) == expected, field
