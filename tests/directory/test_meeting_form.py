"""The local meeting form's rules and the directory filter: pure functions, no screen."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from fama.demo.town import build_demo
from fama.directory.browse import (
    MeetingFilter,
    filter_meetings,
    sort_key,
    source_text,
    status_text,
    where_text,
)
from fama.directory.meeting_form import (
    FormErrors,
    MeetingForm,
    build_meeting,
    edit_refusal,
    normalise_postcode,
    parse_meeting_time,
)
from fama.models import (
    AccessNeed,
    Attendance,
    Audience,
    FlagKind,
    Meeting,
    MeetingFlag,
    OrgCode,
    SourceKind,
    Weekday,
)

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def directory() -> list[Meeting]:
    return build_demo(TODAY).meetings


def good_form(**changes: object) -> MeetingForm:
    form = MeetingForm(
        name="  Kelbridge   Recovery Choir ",
        weekday=Weekday.THURSDAY,
        start="5.30pm",
        end="19:00",
        venue="The Mill Yard",
        postcode="de1 3aw",
        audience=[Audience.WOMEN.value],
        access=[AccessNeed.WHEELCHAIR.value, AccessNeed.HEARING_LOOP.value],
        notes="Bring [water] and a friend",
    )
    for name, value in changes.items():
        setattr(form, name, value)
    return form


def errors_of(form: MeetingForm, **kwargs: object) -> dict[str, str]:
    with pytest.raises(FormErrors) as caught:
        build_meeting(form, today=TODAY, **kwargs)  # type: ignore[arg-type]
    return caught.value.errors


# The form -----------------------------------------------------------------------------------
def test_a_good_form_makes_a_local_meeting() -> None:
    meeting = build_meeting(good_form(), today=TODAY)
    assert meeting.id.startswith("local:") and len(meeting.id) == len("local:") + 32
    assert meeting.organisation is OrgCode.LOCAL
    assert meeting.name == "Kelbridge Recovery Choir"
    assert (meeting.weekday, meeting.start, meeting.end) == (
        Weekday.THURSDAY,
        time(17, 30),
        time(19, 0),
    )
    assert meeting.attendance is Attendance.IN_PERSON
    assert (meeting.venue, meeting.postcode) == ("The Mill Yard", "DE1 3AW")
    assert meeting.audience == ["women"] and meeting.access == ["wheelchair", "hearing loop"]
    assert meeting.notes == "Bring [water] and a friend"
    assert (meeting.source, meeting.source_kind) == ("local", SourceKind.LOCAL)
    assert meeting.last_verified == TODAY and meeting.active
    assert meeting.open_meeting is True


def test_each_new_meeting_gets_its_own_id() -> None:
    assert build_meeting(good_form(), today=TODAY).id != build_meeting(good_form(), today=TODAY).id
    assert build_meeting(good_form(), today=TODAY, meeting_id="local:x").id == "local:x"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": "   "}, "name", "name"),
        ({"weekday": None}, "weekday", "day"),
        ({"start": ""}, "start", "start time"),
        ({"start": "half seven"}, "start", "19:30 or 7.30pm"),
        ({"start": "25:00"}, "start", "not a time"),
        ({"start": "13pm"}, "start", "1 to 12"),
        ({"end": "soon"}, "end", "19:30 or 7.30pm"),
        ({"end": "17:30"}, "end", "same as the start"),
        ({"end": "9:00"}, "end", "before the start"),
        ({"postcode": "DE1"}, "postcode", "full UK postcode"),
        ({"postcode": "not a postcode"}, "postcode", "full UK postcode"),
        ({"venue": "", "postcode": ""}, "venue", "venue or a postcode"),
        ({"online_url": "zoom link here"}, "online_url", "no spaces"),
        ({"phone": "12"}, "phone", "whole number"),
    ],
)
def test_each_bad_field_gets_its_own_message(
    changes: dict[str, object], field: str, words: str
) -> None:
    errors = errors_of(good_form(**changes))
    assert list(errors) == [field]
    assert words in errors[field]


def test_several_bad_fields_are_all_reported() -> None:
    errors = errors_of(good_form(name="", start="", postcode="X"))
    assert set(errors) == {"name", "start", "postcode"}


def test_an_end_after_midnight_is_allowed() -> None:
    meeting = build_meeting(good_form(start="23:00", end="00:30"), today=TODAY)
    assert meeting.end == time(0, 30)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("19:30", time(19, 30)),
        ("19.30", time(19, 30)),
        ("1930", time(19, 30)),
        ("7.30pm", time(19, 30)),
        ("7.30 PM", time(19, 30)),
        ("7pm", time(19, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("noon", time(12, 0)),
        ("9", time(9, 0)),
        ("", None),
    ],
)
def test_times_are_read_as_people_type_them(typed: str, expected: time | None) -> None:
    assert parse_meeting_time(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("se17pb", "SE1 7PB"),
        (" SE1   7PB ", "SE1 7PB"),
        ("sw1a1aa", "SW1A 1AA"),
        ("m11ae", "M1 1AE"),
        ("", ""),
    ],
)
def test_postcodes_are_normalised(typed: str, expected: str) -> None:
    assert normalise_postcode(typed) == expected


def test_online_and_hybrid_meetings_need_a_link_or_phone() -> None:
    online = good_form(attendance=Attendance.ONLINE, venue="", postcode="")
    assert "link or a phone" in errors_of(online)["online_url"]
    assert build_meeting(
        good_form(attendance=Attendance.ONLINE, venue="", postcode="", phone="0808 157 0123"),
        today=TODAY,
    ).phone == ("0808 157 0123")
    link = build_meeting(
        good_form(attendance=Attendance.ONLINE, online_url="meet.example.org/x"), today=TODAY
    )
    assert link.online_url == "https://meet.example.org/x"

    hybrid = errors_of(good_form(attendance=Attendance.HYBRID, venue="", postcode=""))
    assert set(hybrid) == {"venue", "online_url"}
    assert "hybrid" in hybrid["online_url"]


def test_a_phone_meeting_needs_a_number() -> None:
    errors = errors_of(good_form(attendance=Attendance.PHONE, venue="", postcode=""))
    assert errors == {"phone": "A phone meeting needs the number to ring."}


def test_editing_keeps_what_the_form_does_not_show() -> None:
    original = build_meeting(good_form(), today=date(2026, 1, 5)).model_copy(
        update={
            "flags": [MeetingFlag(kind=FlagKind.MOVED, on=date(2026, 2, 1), note="upstairs")],
            "latitude": 52.9,
            "longitude": -1.4,
            "coord_source": "postcode",
            "open_meeting": None,
        }
    )
    form = MeetingForm.from_meeting(original)
    assert form.open_meeting is False and form.start == "17:30"
    assert form.temporarily_closed is False
    form.name = "Recovery Choir"
    edited = build_meeting(form, today=TODAY, original=original)
    assert edited.id == original.id and edited.name == "Recovery Choir"
    assert edited.flags == original.flags
    assert edited.last_verified == date(2026, 1, 5)  # editing is not verifying
    assert edited.latitude == 52.9  # same postcode, same place
    assert edited.open_meeting is None  # left unticked: still unknown

    form.temporarily_closed = True
    assert build_meeting(form, today=TODAY, original=original).temporarily_closed is True

    form.postcode = "SE1 7PB"
    moved = build_meeting(form, today=TODAY, original=original)
    assert (moved.latitude, moved.longitude, moved.coord_source) == (None, None, "")


def test_imported_meetings_cannot_be_edited(directory: list[Meeting]) -> None:
    imported = directory[0].model_copy(update={"source": "aa.json"})
    assert edit_refusal(imported) == ("Imported from aa.json: change it at the source, or flag it.")
    errors = errors_of(MeetingForm.from_meeting(imported), original=imported)
    assert errors == {"form": "Imported from aa.json: change it at the source, or flag it."}
    assert edit_refusal(build_meeting(good_form(), today=TODAY)) is None


# The filter ---------------------------------------------------------------------------------
def names(meetings: list[Meeting]) -> list[str]:
    return [m.name for m in meetings]


def test_no_filter_lists_every_active_meeting_in_week_order(directory: list[Meeting]) -> None:
    shown = filter_meetings(directory, MeetingFilter())
    assert len(shown) == len(directory) == 69
    assert shown == sorted(directory, key=sort_key)
    assert shown[0].weekday is Weekday.MONDAY and shown[-1].weekday is Weekday.SUNDAY
    keys = [(m.weekday, m.start, m.organisation.value.casefold(), m.name) for m in shown]
    assert keys == sorted(keys)


def test_filter_by_organisation(directory: list[Meeting]) -> None:
    aa = filter_meetings(directory, MeetingFilter(organisation=OrgCode.AA))
    assert len(aa) == 22 and {m.organisation for m in aa} == {OrgCode.AA}
    local = filter_meetings(directory, MeetingFilter(organisation=OrgCode.LOCAL))
    assert len(local) == 6


def test_filter_by_day(directory: list[Meeting]) -> None:
    tuesday = filter_meetings(directory, MeetingFilter(weekday=Weekday.TUESDAY))
    assert len(tuesday) == 11 and {m.weekday for m in tuesday} == {Weekday.TUESDAY}
    assert [m.when for m in tuesday][:3] == [
        "Tue 07:30-08:30",
        "Tue 11:00-12:30",
        "Tue 12:00-13:00",
    ]


def test_filter_by_time_window(directory: list[Meeting]) -> None:
    evening = MeetingFilter(
        weekday=Weekday.TUESDAY, start_after=time(19), start_before=time(19, 30)
    )
    assert names(filter_meetings(directory, evening)) == [
        "Kelbridge CA",
        "Spondale Al-Anon Family Group",
        "Families Anonymous Kelbridge",
        "Just for Today",
        "SMART Recovery Kelbridge Central",
    ]
    late = filter_meetings(directory, MeetingFilter(start_after=time(20)))
    assert late and all(m.start >= time(20) for m in late)
    early = filter_meetings(directory, MeetingFilter(start_before=time(8)))
    assert names(early) == ["Early Risers Online", "Wednesday Early Bird"]
    # A window past midnight: after 20:00 or before 08:00.
    overnight = filter_meetings(
        directory, MeetingFilter(start_after=time(20), start_before=time(8))
    )
    assert len(overnight) == len(late) + len(early)


def test_filter_by_attendance(directory: list[Meeting]) -> None:
    online = filter_meetings(directory, MeetingFilter(attendance=Attendance.ONLINE))
    assert {m.attendance for m in online} == {Attendance.ONLINE, Attendance.HYBRID}
    assert len(online) == 12 + 4
    hybrid = filter_meetings(directory, MeetingFilter(attendance=Attendance.HYBRID))
    assert len(hybrid) == 4
    phone = filter_meetings(directory, MeetingFilter(attendance=Attendance.PHONE))
    assert len(phone) == 4 and {m.attendance for m in phone} == {Attendance.PHONE}
    in_person = filter_meetings(directory, MeetingFilter(attendance=Attendance.IN_PERSON))
    assert len(in_person) == 49 + 4


def test_filter_by_audience_and_access(directory: list[Meeting]) -> None:
    women = filter_meetings(directory, MeetingFilter(audience="women"))
    assert names(women) == ["SMART Women's Group", "Saturday Women's Group", "Women's NA"]
    step_free = filter_meetings(directory, MeetingFilter(access="wheelchair"))
    assert len(step_free) == 25 and all("wheelchair" in m.access for m in step_free)
    both = filter_meetings(directory, MeetingFilter(audience="women", access="childcare"))
    assert len(both) == 3
    assert filter_meetings(directory, MeetingFilter(access="sign language", audience="men")) == []


def test_filter_by_text(directory: list[Meeting]) -> None:
    cafe = ["Kelbridge Recovery Café"] * 3 + ["Saturday SMART at the Mill Yard"]  # the venue
    assert names(filter_meetings(directory, MeetingFilter(text="CAFÉ"))) == cafe
    assert names(filter_meetings(directory, MeetingFilter(text="cafe"))) == cafe
    # every word must match: venue + notes
    assert names(filter_meetings(directory, MeetingFilter(text="hub bell"))) == [
        "Hub Monday Recovery"
    ]
    by_postcode = filter_meetings(directory, MeetingFilter(text="de1 3qt"))
    assert by_postcode and all(m.postcode == "DE1 3QT" for m in by_postcode)
    assert filter_meetings(directory, MeetingFilter(text="DE13QT")) == by_postcode
    assert filter_meetings(directory, MeetingFilter(text="nowhere at all")) == []


def test_inactive_meetings_are_hidden_unless_asked(directory: list[Meeting]) -> None:
    gone = directory[0].model_copy(update={"active": False})
    meetings = [gone, *directory[1:]]
    assert gone not in filter_meetings(meetings, MeetingFilter())
    assert len(filter_meetings(meetings, MeetingFilter())) == 68
    shown = filter_meetings(meetings, MeetingFilter(show_inactive=True))
    assert gone in shown and len(shown) == 69


def test_filters_combine(directory: list[Meeting]) -> None:
    f = MeetingFilter(organisation=OrgCode.AA, weekday=Weekday.SATURDAY, access="hearing loop")
    assert names(filter_meetings(directory, f)) == ["Saturday Women's Group"]
    assert not f.is_empty and MeetingFilter(show_inactive=True).is_empty


# What the screen shows ----------------------------------------------------------------------
def test_where_and_status_words(directory: list[Meeting]) -> None:
    by_name = {m.name: m for m in directory}
    assert where_text(by_name["Kelbridge Lunchtime"]) == "Quaker Meeting House, DE1 3QT"
    assert where_text(by_name["Early Risers Online"]) == "online"
    assert where_text(by_name["Thursday Phone Share"]) == "by phone"
    assert where_text(by_name["Hub Friday Hybrid"]) == "Kelbridge Recovery Hub, DE1 2HL + online"
    assert status_text(by_name["Kelbridge Lunchtime"]) == "active"
    assert status_text(by_name["Findlow Monday"]) == "closed for now"
    flag = MeetingFlag(kind=FlagKind.DID_NOT_RUN, on=TODAY)
    moved = MeetingFlag(kind=FlagKind.MOVED, on=TODAY - timedelta(days=3))
    flagged = by_name["Kelbridge Lunchtime"].model_copy(update={"flags": [moved, flag]})
    assert status_text(flagged) == "⚠ did not run +1"  # the newest open flag, and how many more
    gone = flagged.model_copy(update={"active": False, "flags": [moved]})
    assert status_text(gone) == "inactive · ⚠ moved"
    sorted_out = moved.model_copy(update={"resolved_on": TODAY, "resolved_by": "JB"})
    resolved = flagged.model_copy(update={"flags": [sorted_out]})
    assert status_text(resolved) == "active"  # resolved: history, not a warning


def test_how_old_an_entry_is(directory: list[Meeting]) -> None:
    imported = directory[0].model_copy(
        update={
            "source": "aa.json",
            "source_kind": SourceKind.MEETING_GUIDE,
            "imported_at": datetime(2026, 11, 21, 9, 0, tzinfo=UTC),
            "last_verified": date(2026, 5, 8),
        }
    )
    assert source_text(imported, TODAY) == (
        "imported 3 days ago from aa.json (meeting-guide) · last verified 200 days ago"
    )
    never = imported.model_copy(update={"last_verified": None})
    assert source_text(never, TODAY).endswith("· never verified")
    local = build_meeting(good_form(), today=TODAY)
    assert source_text(local, TODAY) == "local entry, kept by the service · last verified today"
