"""Importing meeting feeds: the real samples, every format's rules, and broken files.

The samples are read in place from ``shared/data/samples`` (never copied into the repo).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fama.directory import normalise as nz
from fama.directory.approximate import STREET_WORDS, is_approximate
from fama.directory.feeds import (
    FORMATS,
    TEMPLATE_COLUMNS,
    FeedError,
    ParsedFeed,
    SkippedRecord,
    read_feed,
    template_csv,
)
from fama.directory.formats import NO_WAY_TO_ATTEND, RecordError, settle_attendance
from fama.directory.formats.bmlt import format_table
from fama.directory.times import MEETING_GUIDE_DAYS
from fama.models.common import Attendance, Weekday
from fama.models.meeting import Meeting, SourceKind
from fama.models.organisations import OrgCode

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "data" / "samples"
WINTER = datetime(2026, 1, 14, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared samples not present")


def read(path: Path, **options: Any) -> ParsedFeed:
    options.setdefault("imported_at", WINTER)
    return read_feed(path, **options)


def sample(name: str, **options: Any) -> ParsedFeed:
    return read(SAMPLES / name, **options)


def by_source_id(feed: ParsedFeed) -> dict[str, Meeting]:
    return {meeting.source_id: meeting for meeting in feed.meetings}


def write(tmp_path: Path, name: str, content: str | bytes | object) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


def feed_error(path: Path, **options: Any) -> str:
    with pytest.raises(FeedError) as caught:
        read(path, **options)
    message = str(caught.value)
    assert message.startswith(f"{path.name}: "), message
    assert message.endswith("."), message
    assert "Traceback" not in message
    return message


# ============================================================================= samples


class TestMeetingGuideSpecSample:
    NAME = "meeting-guide_spec-data-sample.json"

    @pytest.fixture(scope="class")
    def feed(self) -> ParsedFeed:
        return sample(self.NAME, organisation=OrgCode.AA)

    def test_every_record_imports_on_its_own_weekday(self, feed: ParsedFeed) -> None:
        records = json.loads((SAMPLES / self.NAME).read_text())
        assert len(records) == len(feed.meetings) == 45
        assert feed.skipped == []
        assert feed.kind is SourceKind.MEETING_GUIDE
        found = by_source_id(feed)
        for record in records:
            meeting = found[str(record["slug"])]
            assert meeting.weekday is MEETING_GUIDE_DAYS[record["day"]]
            assert f"{meeting.start:%H:%M}" == record["time"]
        assert Counter(m.weekday for m in feed.meetings)[Weekday.SUNDAY] == 9

    def test_tweed_group(self, feed: ParsedFeed) -> None:
        tweed = by_source_id(feed)["8"]
        assert tweed.id == "meeting-guide:meeting-guide_spec-data-sample.json:8"
        assert tweed.name == "Tweed Group"
        assert (tweed.weekday, tweed.start, tweed.end) == (
            Weekday.TUESDAY,
            time(19, 30),
            time(20, 30),
        )
        assert tweed.open_meeting is False
        assert tweed.attendance is Attendance.IN_PERSON
        assert tweed.venue == "St Andrews Church"
        assert tweed.address == "55 Victoria St N, Tweed"
        assert (tweed.latitude, tweed.longitude, tweed.coord_source) == (
            44.4759824,
            -77.3114402,
            "feed",
        )
        assert tweed.source_when == ""  # no zone given: the publisher's default, London
        assert tweed.imported_at == WINTER

    def test_codes_become_tags_and_names_are_not_guessed_from(self, feed: ParsedFeed) -> None:
        meetings = {m.name: m for m in feed.meetings}
        assert meetings["Picton New Life Group"].access == ["wheelchair"]
        assert meetings["Picton New Life Group"].open_meeting is True
        assert meetings["Picton New Life Group"].types == ["O", "SP", "X"]
        # "Women Living Sober" carries only C: fama does not read "women" into the name.
        assert meetings["Women Living Sober"].audience == []

    def test_a_canadian_postal_code_is_kept_as_published(self, feed: ParsedFeed) -> None:
        wellington = next(m for m in feed.meetings if m.name == "Wellington Big Book Group")
        assert wellington.postcode == "K0K 1G0"

    def test_one_meeting_on_five_days_is_five_records(self, feed: ParsedFeed) -> None:
        jug = [m for m in feed.meetings if m.name == "Plug in the Jug Meeting"]
        assert sorted(m.weekday for m in jug) == [
            Weekday.MONDAY,
            Weekday.TUESDAY,
            Weekday.WEDNESDAY,
            Weekday.THURSDAY,
            Weekday.FRIDAY,
        ]
        assert {m.start for m in jug} == {time(12, 0)}

    def test_the_timezone_argument_is_the_publishers_zone(self) -> None:
        feed = sample(self.NAME, organisation=OrgCode.AA, timezone="America/Toronto")
        tweed = by_source_id(feed)["8"]
        assert (tweed.weekday, tweed.start, tweed.end) == (
            Weekday.WEDNESDAY,
            time(0, 30),
            time(1, 30),
        )
        assert tweed.source_when == "Tuesday 19:30 America/Toronto"
        assert tweed.timezone == "Europe/London"


class TestMeetingGuidePdfFixture:
    @pytest.fixture(scope="class")
    def meetings(self) -> dict[str, Meeting]:
        feed = sample("meeting-guide_pdf-fixture.json", organisation=OrgCode.AA)
        assert len(feed.meetings) == 25 and feed.skipped == []
        return by_source_id(feed)

    def test_onl_rows_with_no_link_are_kept_inactive(self, meetings: dict[str, Meeting]) -> None:
        """``ONL``, address "Online", a city and no link or phone: TSML drops the ONL (no
        conference link), and an approximate address with no way in is "inactive"."""
        places = (("online-mondays", "Memphis, TN"), ("wednesday-online", "New Orleans, LA"))
        for key, city in places:
            listed = meetings[key]
            assert not listed.active and not listed.attendable
            assert listed.attendance is Attendance.IN_PERSON and not listed.temporarily_closed
            assert NO_WAY_TO_ATTEND in listed.notes
            assert (listed.address, listed.venue, listed.postcode) == (city, "", "")
            assert listed.latitude is None and listed.online_url == listed.phone == ""
            assert "ONL" in listed.types  # the code stays as published
        assert meetings["online-mondays"].weekday is Weekday.MONDAY
        assert meetings["wednesday-online"].start == time(20, 30)
        assert sum(m.active for m in meetings.values()) == 23  # every other row has a street

    def test_tc_rows_are_temporarily_closed_in_person(self, meetings: dict[str, Meeting]) -> None:
        for key in ("closed-renovation", "suspended-sat"):
            closed = meetings[key]
            assert closed.temporarily_closed
            assert not closed.attendable
            assert closed.attendance is Attendance.IN_PERSON
            assert closed.open_meeting is None
        assert meetings["closed-renovation"].types == ["TC"]
        assert meetings["suspended-sat"].address == "104 Main St, Tupelo, MS"

    def test_addresses_whole_or_in_parts(self, meetings: dict[str, Meeting]) -> None:
        assert meetings["sunday-serenity"].address == "100 Main St, Tupelo, MS"
        assert meetings["beginners-sun"].address == "303 Bourbon St, New Orleans, LA"
        assert meetings["sunday-serenity"].coord_source == ""

    def test_tags_and_names(self, meetings: dict[str, Meeting]) -> None:
        assert meetings["beginners-sun"].audience == ["newcomers"]
        assert meetings["womens-wed"].audience == ["women"]
        assert meetings["womens-wed"].open_meeting is False
        assert meetings["morning-meditation"].audience == ["men"]
        assert meetings["asa-no-tsudoi"].name == "朝の集い"


class TestOiaaMock:
    @pytest.fixture(scope="class")
    def meetings(self) -> dict[str, Meeting]:
        feed = sample("oiaa_central-query-mock.json", organisation=OrgCode.AA)
        assert feed.kind is SourceKind.MEETING_GUIDE and len(feed.meetings) == 3
        return by_source_id(feed)

    def test_all_online_and_converted_to_london(self, meetings: dict[str, Meeting]) -> None:
        first = meetings["test-meeting-1"]  # Monday 19:00 Los Angeles, 60 minutes
        assert (first.weekday, first.start, first.end) == (Weekday.TUESDAY, time(3, 0), time(4, 0))
        assert first.source_when == "Monday 19:00 America/Los_Angeles"
        second = meetings["test-meeting-2"]  # Wednesday 19:00 New York
        assert (second.weekday, second.start) == (Weekday.THURSDAY, time(0, 0))
        third = meetings["test-meeting-3"]  # Tuesday 19:00 Denver
        assert (third.weekday, third.start) == (Weekday.WEDNESDAY, time(2, 0))
        for meeting in meetings.values():
            assert meeting.attendance is Attendance.ONLINE
            assert meeting.online_url == "https://us02web.zoom.us"
            assert meeting.open_meeting is False  # "type": "C"
            assert "Not a real Zoom link" in meeting.notes

    def test_languages_formats_features_and_communities(self, meetings: dict[str, Meeting]) -> None:
        assert meetings["test-meeting-1"].languages == ["English"]
        assert meetings["test-meeting-2"].languages == ["Spanish"]
        assert meetings["test-meeting-2"].types == ["C", "D", "AL-AN"]
        third = meetings["test-meeting-3"]
        assert sorted(third.audience) == ["men", "newcomers"]
        assert third.access == []


class TestBmltSearchResults:
    NAME = "bmlt_getsearchresults-with-formats.json"

    @pytest.fixture(scope="class")
    def feed(self) -> ParsedFeed:
        return sample(self.NAME)

    def test_fifty_three_na_meetings_all_on_monday(self, feed: ParsedFeed) -> None:
        assert feed.kind is SourceKind.BMLT
        assert len(feed.meetings) == 53 and feed.skipped == []
        assert {m.weekday for m in feed.meetings} == {Weekday.MONDAY}
        assert {m.organisation for m in feed.meetings} == {OrgCode.NA}
        assert {m.attendance for m in feed.meetings} == {Attendance.IN_PERSON}

    def test_spot_checks(self, feed: ParsedFeed) -> None:
        meetings = by_source_id(feed)
        step_up = meetings["2566"]
        assert step_up.id == f"bmlt:{self.NAME}:2566"
        assert step_up.name == "Step up and Be Free"
        assert (step_up.start, step_up.end) == (time(19, 0), time(20, 0))  # no duration_time
        assert step_up.open_meeting is True
        assert step_up.types == ["O", "RF", "To"]
        assert step_up.venue == "Clifton springs Hospital"
        assert step_up.address == "128 Main street, Clifton Springs, NY"
        assert step_up.notes == "Admin Conference Room"
        assert (step_up.latitude, step_up.longitude) == (42.9613734, -77.1205486)
        assert meetings["2622"].types == [] and meetings["2622"].open_meeting is None
        assert meetings["1946"].access == ["wheelchair"]  # SG,WC
        assert meetings["2331"].start == time(7, 0)
        assert meetings["2508"].audience == []  # "Womens Meeeting" has no W format

    def test_keys_resolve_through_world_ids_with_key_fallback(self) -> None:
        used = format_table(json.loads((SAMPLES / self.NAME).read_text())["formats"])
        assert used["SD"].world == "SPK"
        assert used["WC"].world == "WCHR"
        assert used["#33"].key == "WC"
        every = format_table(json.loads((SAMPLES / "bmlt_getformats.json").read_text()))
        assert every["SD"].world == "SPK"
        assert every["BL"].world == "BL"  # no world id: the key string
        assert every["ES"].language

    def test_another_fellowship_on_bmlt(self) -> None:
        feed = sample(self.NAME, organisation=OrgCode.AL_ANON)
        assert {m.organisation for m in feed.meetings} == {OrgCode.AL_ANON}
        assert all("family and friends" in m.audience for m in feed.meetings)


class TestNawsExport:
    @pytest.fixture(scope="class")
    def meetings(self) -> dict[str, Meeting]:
        feed = sample("bmlt_naws-export.csv")
        assert feed.kind is SourceKind.NAWS_CSV
        assert len(feed.meetings) == 2 and feed.skipped == []
        return by_source_id(feed)

    def test_the_virtual_row(self, meetings: dict[str, Meeting]) -> None:
        online = meetings["1093"]
        assert online.name == "Just For Today NA USA (Online only)"
        assert online.organisation is OrgCode.NA
        assert (online.weekday, online.start, online.end) == (
            Weekday.SUNDAY,
            time(7, 30),
            time(8, 30),
        )
        assert online.attendance is Attendance.ONLINE
        assert online.online_url == "https://zoom.us/j/403851514"
        assert "Password: 1953" in online.notes
        assert online.types == ["VM", "DISC", "JFT"]
        assert online.open_meeting is True
        assert online.latitude is None  # an online meeting has no place on the map
        assert online.source_when == ""  # no TimeZone: the publisher's default

    def test_the_temporarily_closed_row(self, meetings: dict[str, Meeting]) -> None:
        closed = meetings["251"]
        assert closed.name == "Monday Night"
        assert closed.temporarily_closed and not closed.attendable
        assert closed.attendance is Attendance.IN_PERSON
        assert closed.open_meeting is False
        assert (closed.weekday, closed.start) == (Weekday.MONDAY, time(22, 0))
        assert closed.source_when == "Monday 17:00 America/New_York"
        assert closed.venue == "St Mary's on the Harbor"
        assert closed.postcode == "02657"  # a US ZIP code, kept as published
        assert (closed.latitude, closed.longitude) == (42.057753, -70.175996)
        assert "Unpublished" in closed.notes

    def test_deleted_and_institutional_rows_are_skipped(self, tmp_path: Path) -> None:
        text = (SAMPLES / "bmlt_naws-export.csv").read_bytes().decode("utf-8")
        header, first, second = text.split("\r\n")[:3]
        columns = header.split(",")
        deleted = first.split(",")
        deleted[columns.index("Delete")] = "D"
        institutional = second.split(",")
        institutional[columns.index("Institutional")] = "TRUE"
        path = write(
            tmp_path, "naws.csv", "\r\n".join([header, ",".join(deleted), ",".join(institutional)])
        )
        with pytest.raises(FeedError, match="record 1, field 'Delete': it is marked D"):
            read(path)
        path = write(tmp_path, "naws2.csv", "\r\n".join([header, ",".join(deleted), second]))
        feed = read(path)
        assert [s.describe() for s in feed.skipped] == [
            "record 1, field 'Delete': it is marked D (deleted) in the NAWS export."
        ]


class TestTsmlTemplate:
    NAME = "tsml_import-template.csv"

    @pytest.fixture(scope="class")
    def meetings(self) -> dict[str, Meeting]:
        feed = sample(self.NAME, organisation=OrgCode.AA)
        assert feed.kind is SourceKind.TSML_CSV
        assert len(feed.meetings) == 36 and feed.skipped == []
        return by_source_id(feed)

    def test_the_malformed_updated_column_does_not_matter(
        self, meetings: dict[str, Meeting]
    ) -> None:
        first = meetings["after-work-topic-meeting"]  # Updated "2020-04-0416:50:58"
        # Monday 6:00 PM in Los Angeles is 02:00 on Tuesday in London in January.
        assert (first.weekday, first.start, first.end) == (Weekday.TUESDAY, time(2), time(3))
        assert first.source_when == "Monday 18:00 America/Los_Angeles"
        assert first.open_meeting is True and first.access == ["wheelchair"]
        assert first.types == ["O", "X"]
        assert first.phone == ""  # the group's contact phone is personal data: never imported

    def test_the_zoom_row_is_also_the_temporary_closure_row(
        self, meetings: dict[str, Meeting]
    ) -> None:
        zoom = meetings["underground-book-study"]
        assert zoom.types == ["B", "M", "ONL", "O", "TC"]
        assert zoom.attendance is Attendance.ONLINE
        # TC closes the venue; the meeting still runs online, so it stays attendable.
        assert not zoom.temporarily_closed and zoom.attendable
        assert "temporarily closed" in zoom.notes
        assert zoom.online_url == "https://us04web.zoom.us/j/9999999999"
        assert zoom.phone == "(800) 555-1212"  # the Conference Phone column
        assert zoom.audience == ["men"]
        assert (zoom.venue, zoom.address) == ("", "")

    def test_type_names_end_times_and_languages(self, meetings: dict[str, Meeting]) -> None:
        tgif = meetings["t-g-i-f"]  # 7:30 PM to 8:30 PM, Friday, Los Angeles
        assert (tgif.weekday, tgif.start, tgif.end) == (Weekday.SATURDAY, time(3, 30), time(4, 30))
        assert meetings["hora-de-vivir"].languages == ["Spanish"]
        assert meetings["gay-lesbian-step-study-12-traditions-group"].audience == ["lgbtq"]
        assert "childcare" in meetings["living-with-others"].access
        assert meetings["the-shared-gift"].audience == ["women"]
        assert meetings["the-shared-gift"].open_meeting is False

    def test_tsml_needs_the_fellowship(self) -> None:
        message = feed_error(SAMPLES / self.NAME)
        assert "--organisation, e.g. AA" in message


@pytest.mark.parametrize(
    ("name", "format", "kind"),
    [
        ("meeting-guide_spec-data-sample.json", "meeting-guide", SourceKind.MEETING_GUIDE),
        ("oiaa_central-query-mock.json", "meeting-guide", SourceKind.MEETING_GUIDE),
        ("bmlt_getsearchresults-with-formats.json", "bmlt", SourceKind.BMLT),
        ("bmlt_naws-export.csv", "bmlt", SourceKind.NAWS_CSV),
        ("bmlt_naws-export.csv", "csv", SourceKind.NAWS_CSV),
        ("tsml_import-template.csv", "meeting-guide", SourceKind.TSML_CSV),
        ("tsml_import-template.csv", "csv", SourceKind.TSML_CSV),
    ],
)
def test_auto_detection_agrees_with_the_named_format(
    name: str, format: str, kind: SourceKind
) -> None:
    auto = sample(name, organisation=OrgCode.AA)
    named = sample(name, organisation=OrgCode.AA, format=format)
    assert auto.kind is named.kind is kind
    assert auto.meetings == named.meetings


@pytest.mark.parametrize(
    ("name", "format", "says"),
    [
        ("bmlt_getsearchresults-with-formats.json", "meeting-guide", "looks like a BMLT list"),
        ("meeting-guide_spec-data-sample.json", "bmlt", "looks like a Meeting Guide list"),
        ("meeting-guide_spec-data-sample.json", "csv", "it is JSON, not CSV"),
        ("tsml_import-template.csv", "bmlt", "it is a TSML CSV, not BMLT"),
        ("bmlt_getformats.json", "auto", "BMLT formats list (GetFormats)"),
        ("meeting-guide_types.json", "auto", 'no "meetings" list'),
    ],
)
def test_the_wrong_format_is_named(name: str, format: str, says: str) -> None:
    assert says in feed_error(SAMPLES / name, format=format, organisation=OrgCode.AA)


def test_re_importing_gives_the_same_ids() -> None:
    for name in ("meeting-guide_spec-data-sample.json", "tsml_import-template.csv"):
        first = sample(name, organisation=OrgCode.AA)
        again = sample(name, organisation=OrgCode.AA)
        assert [m.id for m in first.meetings] == [m.id for m in again.meetings]
        assert len({m.id for m in first.meetings}) == len(first.meetings)


# ============================================================================= Meeting Guide rules


def mg(
    tmp_path: Path, *records: dict[str, Any], name: str = "aa.json", **options: Any
) -> ParsedFeed:
    options.setdefault("organisation", OrgCode.AA)
    return read(write(tmp_path, name, list(records)), **options)


def one(tmp_path: Path, record: dict[str, Any], **options: Any) -> Meeting:
    base = {"name": "Test", "slug": "t", "day": 2, "time": "19:30", "address": "1 High St"}
    feed = mg(tmp_path, {**base, **record}, **options)
    assert feed.skipped == [], feed.skipped
    (meeting,) = feed.meetings
    return meeting


def test_a_day_array_is_one_meeting_per_day(tmp_path: Path) -> None:
    daily = {"name": "Daily", "slug": "daily", "day": [1, 3, "Friday"], "time": "7:00"}
    feed = mg(tmp_path, {**daily, "location": "Church hall"})
    assert [m.id for m in feed.meetings] == [
        "meeting-guide:aa.json:daily-1",
        "meeting-guide:aa.json:daily-3",
        "meeting-guide:aa.json:daily-5",
    ]
    assert [m.weekday for m in feed.meetings] == [
        Weekday.MONDAY,
        Weekday.WEDNESDAY,
        Weekday.FRIDAY,
    ]


def test_old_feeds_day_names_and_seconds(tmp_path: Path) -> None:
    meeting = one(tmp_path, {"day": "Sunday", "time": "18:00:00", "end_time": "19:15:00"})
    assert (meeting.weekday, meeting.start, meeting.end) == (
        Weekday.SUNDAY,
        time(18),
        time(19, 15),
    )


def test_a_meeting_by_appointment_is_skipped_with_a_reason(tmp_path: Path) -> None:
    feed = mg(
        tmp_path,
        {"name": "Weekly", "slug": "w", "day": 1, "time": "19:00", "address": "1 High St"},
        {"name": "By appointment", "slug": "b", "time": "19:00"},
        {"name": "Empty days", "slug": "e", "day": [], "time": "19:00"},
    )
    assert len(feed.meetings) == 1
    assert [(s.record, s.field) for s in feed.skipped] == [(2, "day"), (3, "day")]
    assert "by appointment" in feed.skipped[0].problem


def test_ends_after_midnight_and_default_lengths(tmp_path: Path) -> None:
    late = one(tmp_path, {"time": "23:30", "end_time": "00:30"})
    assert (late.start, late.end) == (time(23, 30), time(0, 30))
    plain = one(tmp_path, {"time": "19:00"})
    assert plain.end == time(20, 0)
    smart = one(tmp_path, {"time": "19:00"}, organisation=OrgCode.SMART)
    assert smart.end == time(20, 30)
    lasting = one(tmp_path, {"time": "19:00", "duration": 45})
    assert lasting.end == time(19, 45)
    unreadable = one(tmp_path, {"time": "19:00", "end_time": "whenever"})
    assert unreadable.end == time(20, 0)


ZOOM = "https://zoom.us/j/1"
DIAL_IN = "+44 20 7946 0000"
INACTIVE = "inactive"


@pytest.mark.parametrize(
    ("record", "attendance", "closed"),
    [
        # TSML's table (brief §1.4), "approximate" as the feed says it
        ({"types": ["TC", "ONL"], "conference_url": ZOOM}, "online", False),
        ({"types": ["TC"]}, "in person", True),
        ({"types": ["ONL"], "approximate": "yes", "conference_url": "https://x.org"}, "online", 0),
        ({"types": ["ONL"], "approximate": "no", "conference_url": "https://x.org"}, "hybrid", 0),
        ({"types": [], "approximate": "no"}, "in person", False),
        ({"approximate": "yes"}, INACTIVE, False),
        ({"types": ["TC"], "approximate": "yes"}, "in person", True),  # TC only: closed
        # a link on its own counts; a dial-in alone is a phone meeting
        ({"address": "", "conference_url": "https://meet.google.com/abc"}, "online", False),
        ({"address": "", "conference_phone": DIAL_IN}, "phone", False),
        ({"conference_phone": DIAL_IN}, "hybrid", False),
        # ONL without a link or phone is no way in (TSML drops it on import)
        ({"types": ["ONL"], "formatted_address": "1 High St, London SE1 1AA, UK"}, "in person", 0),
        ({"address": "Online", "types": ["ONL"]}, INACTIVE, False),
        # no approximate flag: the address's own words decide (UK addresses included)
        (
            {"formatted_address": "1 High St, London SE1 1AA, UK", "conference_url": ZOOM},
            "hybrid",
            0,
        ),
        ({"formatted_address": "12 High Street, Kelbridge KB1 2AB"}, "in person", False),
        ({"formatted_address": "Kelbridge KB1 2AB", "conference_phone": DIAL_IN}, "hybrid", 0),
        ({"formatted_address": "Church Lane, Kelbridge", "conference_url": ZOOM}, "hybrid", 0),
        ({"formatted_address": "Manchester, UK", "conference_url": ZOOM}, "online", False),
        ({"formatted_address": "Manchester, UK", "conference_phone": DIAL_IN}, "phone", False),
        ({"formatted_address": "Manchester, UK"}, INACTIVE, False),
        ({"formatted_address": "Kelbridge"}, INACTIVE, False),
        ({"formatted_address": "KB1", "conference_url": ZOOM}, "online", False),
        ({"address": "", "city": "Kelbridge", "postal_code": "KB1"}, INACTIVE, False),
        ({"address": "", "city": "Kelbridge", "postal_code": "kb1 2ab"}, "in person", False),
        ({"address": "Online", "city": "Manchester", "country": "UK"}, INACTIVE, False),
        (
            {"location": "Kelbridge Community Centre", "address": "", "city": "Kelbridge"},
            INACTIVE,
            0,
        ),
        # TC at an area with a link: online only, with no venue to be closed (TSML drops TC)
        (
            {"formatted_address": "Manchester, UK", "types": ["TC"], "conference_url": ZOOM},
            "online",
            0,
        ),
    ],
)
def test_attendance_rules(
    tmp_path: Path, record: dict[str, Any], attendance: str, closed: bool
) -> None:
    meeting = one(tmp_path, record)
    assert meeting.active is (attendance != INACTIVE)
    assert meeting.attendance == (Attendance.IN_PERSON if attendance == INACTIVE else attendance)
    assert meeting.temporarily_closed is bool(closed)
    assert (NO_WAY_TO_ATTEND in meeting.notes) is (attendance == INACTIVE)
    if meeting.attendance in (Attendance.ONLINE, Attendance.PHONE):
        assert (meeting.venue, meeting.address, meeting.postcode) == ("", "", "")


def test_tc_at_an_area_with_a_link_says_nothing_of_a_venue(tmp_path: Path) -> None:
    closed_venue = one(tmp_path, {"types": ["TC"], "conference_url": ZOOM})  # at 1 High St
    assert "The venue is temporarily closed" in closed_venue.notes
    area = one(
        tmp_path, {"formatted_address": "Manchester, UK", "types": ["TC"], "conference_url": ZOOM}
    )
    assert area.attendance is Attendance.ONLINE and area.attendable
    assert "temporarily closed" not in area.notes


def test_onl_without_a_link_at_a_street_is_in_person_and_says_so(tmp_path: Path) -> None:
    meeting = one(tmp_path, {"types": ["ONL"], "formatted_address": "12 High Street, Kelbridge"})
    assert meeting.attendance is Attendance.IN_PERSON and meeting.attendable
    assert "Listed as online, but no link or phone number is given." in meeting.notes


def test_neither_a_place_nor_a_link_is_kept_inactive(tmp_path: Path) -> None:
    feed = mg(
        tmp_path,
        {"name": "Ok", "slug": "a", "day": 1, "time": "9:00", "address": "1 High St"},
        {"name": "Nowhere", "slug": "b", "day": 1, "time": "9:00", "approximate": "yes"},
        {"name": "Town", "slug": "c", "day": 1, "time": "9:00", "formatted_address": "Leeds, UK"},
    )
    assert feed.skipped == []
    ok, nowhere, town = feed.meetings
    assert ok.active and ok.attendable
    for listed in (nowhere, town):
        assert not listed.active and not listed.attendable
        assert listed.notes == NO_WAY_TO_ATTEND
    assert town.address == "Leeds, UK"  # the area it names, kept for whoever looks


def test_tsml_csv_rows_follow_the_same_rules(tmp_path: Path) -> None:
    """A hand-written TSML table: the whole address in one column, then in split columns."""
    text = (
        "Day,Time,Name,Address,Types,Conference URL,Conference Phone,Slug\n"
        'Monday,7:00 PM,Area online,"Manchester, UK",Online Meeting,https://zoom.us/j/5,,a\n'
        'Monday,7:00 PM,Street hybrid,"12 High Street, Kelbridge KB1 2AB",,,' + DIAL_IN + ",b\n"
        "Monday,7:00 PM,Town only,Kelbridge,Open,,,c\n"
        'Monday,7:00 PM,Street,"Church Lane, Kelbridge",Open,,,d\n'
        'Monday,7:00 PM,District,KB1,"Online Meeting, Temporary Closure",,,e\n'
    )
    meetings = by_source_id(read(write(tmp_path, "tsml.csv", text), organisation=OrgCode.AA))
    assert meetings["a"].attendance is Attendance.ONLINE and meetings["a"].address == ""
    assert meetings["b"].attendance is Attendance.HYBRID and meetings["b"].postcode == "KB1 2AB"
    assert not meetings["c"].active and meetings["c"].notes == NO_WAY_TO_ATTEND
    assert meetings["d"].attendance is Attendance.IN_PERSON and meetings["d"].attendable
    assert meetings["e"].temporarily_closed and meetings["e"].active  # TC, no link: closed
    split = (
        "Day,Time,Name,Address,City,Postal Code,Country,Conference URL,Slug\n"
        "Monday,7:00 PM,Split street,12 High Street,Kelbridge,KB1 2AB,UK,https://zoom.us/j/6,f\n"
        "Monday,7:00 PM,Split town,Online,Kelbridge,,UK,https://zoom.us/j/7,g\n"
        "Monday,7:00 PM,Split district,,Kelbridge,KB1,UK,,h\n"
    )
    meetings = by_source_id(read(write(tmp_path, "split.csv", split), organisation=OrgCode.AA))
    assert meetings["f"].attendance is Attendance.HYBRID
    assert meetings["f"].address == "12 High Street, Kelbridge, KB1 2AB"
    assert meetings["g"].attendance is Attendance.ONLINE
    assert not meetings["h"].active


# A property of the approximate test: an address built from parts is approximate exactly
# when it has neither a street nor a full postcode, whatever the town is called.
_LETTERS = st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10)
_NAME = _LETTERS.map(str.capitalize)
_TOWN = st.one_of(
    st.sampled_from(
        [
            "Kelbridge",
            "St Albans",
            "Burgess Hill",
            "Church Stretton",
            "Lane End",
            "Street",
            "Bury St Edmunds",
            "Stoke-on-Trent",
            "Newcastle upon Tyne",
            "Market Harborough",
            "Ebbw Vale",
            "Canary Wharf",
            "Earl's Court",
            "Kelbridge East",
        ]
    ),
    st.lists(_NAME, min_size=1, max_size=3)
    .map(" ".join)
    .filter(lambda town: town.split()[-1].lower() not in STREET_WORDS and nz.is_place(town)),
)
_STREET = st.one_of(
    st.builds(
        "{} {} {}".format,
        st.integers(1, 2999).map(str),
        _NAME,
        st.sampled_from(["Street", "St", "Road", "Rd.", "Lane", "Avenue", "Close", "Way"]),
    ),
    st.builds("{} {}".format, _NAME, st.sampled_from(["Street", "Road", "Lane", "Crescent"])),
    st.builds("{} {}".format, st.integers(1, 300).map(str), _NAME),  # "12 Kelbridge"...
)
_OUTWARD = st.builds(
    "{}{}".format, st.sampled_from(["KB", "M", "SE", "B", "DE", "LS"]), st.integers(1, 29)
)
_INWARD = st.builds(
    "{}{}".format, st.integers(0, 9), st.sampled_from(["AB", "ZZ", "PQ", "XY", "HT"])
)


@settings(max_examples=300, deadline=None)
@given(
    street=st.none() | _STREET,
    town=_TOWN,
    outward=_OUTWARD,
    inward=st.none() | _INWARD,
    district=st.booleans(),
    country=st.sampled_from(["", "UK", "United Kingdom", "England"]),
    in_field=st.booleans(),
)
def test_an_address_is_approximate_without_a_street_or_a_full_postcode(
    street: str | None,
    town: str,
    outward: str,
    inward: str | None,
    district: bool,
    country: str,
    in_field: bool,
) -> None:
    postcode = f"{outward} {inward}" if inward else (outward if district else "")
    written = f"{town} {postcode}".strip() if postcode and not in_field else town
    parts = [street or "", written, country]
    address = ", ".join(part for part in parts if part)
    field = postcode if in_field else ""
    assert is_approximate(address, field) is (street is None and inward is None)


def test_settle_attendance_table() -> None:
    assert settle_attendance(place=True, link=True, phone=False, online_code=False, closed=True)[
        :2
    ] == (Attendance.ONLINE, False)
    assert settle_attendance(place=True, link=False, phone=False, online_code=False, closed=True)[
        :2
    ] == (Attendance.IN_PERSON, True)
    with pytest.raises(RecordError):
        settle_attendance(place=False, link=False, phone=False, online_code=False, closed=False)


def test_in_person_only_access_is_stripped_from_online_meetings(tmp_path: Path) -> None:
    online = one(
        tmp_path,
        {"types": ["ONL", "X", "BA", "ASL"], "approximate": "yes", "conference_url": "zoom.us/j/1"},
    )
    assert online.access == ["sign language"]
    assert online.types == ["ONL", "X", "BA", "ASL"]  # the raw codes stay
    assert online.online_url == "https://zoom.us/j/1"
    hybrid = one(tmp_path, {"types": ["ONL", "X"], "conference_url": "https://zoom.us/j/1"})
    assert hybrid.access == ["wheelchair"]


def test_codes_depend_on_the_fellowship(tmp_path: Path) -> None:
    aa = one(tmp_path, {"types": ["Y", "O"]})
    assert aa.audience == ["young people"]
    alanon = one(tmp_path, {"types": ["Y", "O"]}, organisation=OrgCode.AL_ANON)
    assert alanon.audience == ["alateen", "family and friends"]
    assert alanon.open_meeting is True


def test_open_and_closed_together_is_closed_as_tsml_has_it(tmp_path: Path) -> None:
    assert one(tmp_path, {"types": ["O", "C"]}).open_meeting is False
    assert one(tmp_path, {"types": "O, W"}).audience == ["women"]  # a comma string


def test_languages_from_codes(tmp_path: Path) -> None:
    assert one(tmp_path, {"types": ["UK", "S", "POL"]}).languages == [
        "Ukrainian",
        "Spanish",
        "Polish",
    ]


def test_postcodes_and_coordinates(tmp_path: Path) -> None:
    found = one(tmp_path, {"formatted_address": "12 Market Pl, Derby de1 3aa, UK"})
    assert found.postcode == ""  # lower case in running text is not trusted
    found = one(tmp_path, {"formatted_address": "12 Market Pl, Derby DE1 3AA, UK"})
    assert found.postcode == "DE1 3AA"
    given_ = one(tmp_path, {"postal_code": "de13aa", "latitude": "52.92", "longitude": "-1.48"})
    assert given_.postcode == "DE1 3AA"
    assert (given_.latitude, given_.longitude, given_.coord_source) == (52.92, -1.48, "feed")
    assert one(tmp_path, {"coordinates": "52.9,-1.4"}).latitude == 52.9
    assert one(tmp_path, {"coordinates": "52.9,-1.5,53.0,-1.4"}).latitude is None
    swapped = one(tmp_path, {"latitude": -122.4, "longitude": 37.7})
    assert swapped.latitude is None and swapped.coord_source == ""
    assert one(tmp_path, {"latitude": "0", "longitude": "0"}).latitude is None
    vague = one(
        tmp_path,
        {
            "approximate": "yes",
            "latitude": 52.9,
            "longitude": -1.4,
            "conference_url": "https://zoom.us/j/2",
        },
    )
    assert vague.latitude is None


def test_html_is_stripped_from_notes(tmp_path: Path) -> None:
    meeting = one(tmp_path, {"notes": "<p>Ring the bell<br>Room&nbsp;2</p><p>Tea &amp; cake</p>"})
    assert meeting.notes == "Ring the bell\nRoom 2\nTea & cake"
    assert one(tmp_path, {"name": "<b>Bold</b> group"}).name == "Bold group"


def test_personal_contact_fields_are_never_imported(tmp_path: Path) -> None:
    private = {
        "contact_1_name": "Jane Private",
        "contact_1_phone": "07700 900111",
        "contact_1_email": "jane@example.org",
        "email": "group@example.org",
        "phone": "07700 900222",
        "mailing_address": "PO Box 99",
        "venmo": "@jane",
    }
    dumped = one(tmp_path, private).model_dump_json()
    for value in private.values():
        assert value not in dumped


def test_records_without_a_slug_get_a_stable_hash_id(tmp_path: Path) -> None:
    record = {"name": "No slug", "day": 1, "time": "19:00", "address": "1 High St"}
    first = mg(tmp_path, record).meetings[0]
    again = mg(tmp_path, record).meetings[0]
    later = mg(tmp_path, {**record, "time": "20:00"}).meetings[0]
    assert first.id == again.id != later.id
    assert first.id.startswith("meeting-guide:aa.json:")


def test_duplicates_are_skipped_not_merged(tmp_path: Path) -> None:
    record = {"name": "Twice", "slug": "same", "day": 1, "time": "19:00", "address": "1 High St"}
    feed = mg(tmp_path, record, {**record, "day": 2})
    assert len(feed.meetings) == 1
    assert feed.skipped[0].describe() == (
        "record 2, field 'slug': 'same' is used again (first by record 1)."
    )


def test_a_record_in_an_unknown_zone_is_skipped(tmp_path: Path) -> None:
    feed = mg(
        tmp_path,
        {"name": "Fine", "slug": "a", "day": 1, "time": "9:00", "address": "1 High St"},
        {
            "name": "Mars",
            "slug": "b",
            "day": 1,
            "time": "9:00",
            "timezone": "Mars/Olympus",
            "address": "1 Crater Rd",
        },
    )
    assert feed.skipped[0].describe() == (
        "record 2, field 'timezone': 'Mars/Olympus' is not a known time zone name."
    )


def test_an_object_with_a_meetings_list_is_tolerated(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "wrapped.json",
        {
            "meetings": [
                {"name": "A", "slug": "a", "day": 0, "time": "10:00", "address": "1 High St"}
            ]
        },
    )
    assert len(read(path, organisation=OrgCode.CA).meetings) == 1


def test_progress_is_reported_every_500_records_and_at_the_end(tmp_path: Path) -> None:
    records = [
        {"name": f"M{i}", "slug": i, "day": i % 7, "time": "19:00", "address": "1 High St"}
        for i in range(1200)
    ]
    calls: list[tuple[int, int]] = []
    mg(tmp_path, *records, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(500, 1200), (1000, 1200), (1200, 1200)]


# ============================================================================= BMLT rules

BMLT_BASE = {
    "id_bigint": "1",
    "weekday_tinyint": "1",
    "start_time": "19:00:00",
    "meeting_name": "Test NA",
    "location_street": "1 High St",
    "location_municipality": "Derby",
}


def bmlt_one(tmp_path: Path, record: dict[str, Any], **options: Any) -> Meeting:
    feed = read(write(tmp_path, "na.json", [{**BMLT_BASE, **record}]), **options)
    assert feed.skipped == [], feed.skipped
    return feed.meetings[0]


@pytest.mark.parametrize(
    ("record", "attendance"),
    [
        ({"venue_type": "1", "virtual_meeting_link": "https://zoom.us/j/1"}, "in person"),
        ({"venue_type": "2", "virtual_meeting_link": "https://zoom.us/j/1"}, "online"),
        ({"venue_type": "2", "phone_meeting_number": "+1 555 0100"}, "phone"),
        ({"venue_type": "3", "virtual_meeting_link": "https://zoom.us/j/1"}, "hybrid"),
        ({"venue_type": "", "formats": "HY", "virtual_meeting_link": "https://x.org"}, "hybrid"),
        ({"formats": "VM,WC", "location_street": "", "location_municipality": ""}, "online"),
    ],
)
def test_bmlt_attendance(tmp_path: Path, record: dict[str, Any], attendance: str) -> None:
    assert bmlt_one(tmp_path, record).attendance == attendance


def test_legacy_bmlt_online_meeting_with_its_link_in_comments(tmp_path: Path) -> None:
    meeting = bmlt_one(
        tmp_path,
        {
            "formats": "VM,WC,O",
            "location_street": "",
            "latitude": "0",
            "longitude": "0",
            "comments": "Join us: https://zoom.us/j/123456. Password 1",
        },
    )
    assert meeting.attendance is Attendance.ONLINE
    assert meeting.online_url == "https://zoom.us/j/123456"
    assert meeting.access == []  # wheelchair access means nothing online
    assert meeting.open_meeting is True
    assert meeting.latitude is None


def test_bmlt_defaults_when_no_formats_list_and_durations_and_zones(tmp_path: Path) -> None:
    meeting = bmlt_one(
        tmp_path,
        {
            "formats": "C,WC,W,ES",
            "duration_time": "01:30:00",
            "time_zone": "America/Chicago",
            "weekday_tinyint": "1",
            "start_time": "19:00:00",
            "location_postal_code_1": "60601",
            "lang_enum": "en",
        },
    )
    assert meeting.open_meeting is False
    assert meeting.access == ["wheelchair"] and meeting.audience == ["women"]
    assert meeting.languages == ["Spanish", "English"]
    # Sunday 19:00 Chicago (UTC-6 in January) is Monday 01:00 in London; 90 minutes long.
    assert (meeting.weekday, meeting.start, meeting.end) == (Weekday.MONDAY, time(1), time(2, 30))
    assert meeting.source_when == "Sunday 19:00 America/Chicago"
    assert meeting.postcode == "60601"


def test_bmlt_unpublished_is_not_attendable(tmp_path: Path) -> None:
    meeting = bmlt_one(tmp_path, {"published": "0"})
    assert meeting.temporarily_closed


def test_bmlt_jsonp_answer_is_unwrapped(tmp_path: Path) -> None:
    path = write(tmp_path, "na.js", f"callback({json.dumps([BMLT_BASE])});")
    assert len(read(path).meetings) == 1


def test_bmlt_bad_day_is_skipped(tmp_path: Path) -> None:
    path = write(
        tmp_path, "na.json", [BMLT_BASE, {**BMLT_BASE, "id_bigint": "2", "weekday_tinyint": "9"}]
    )
    feed = read(path)
    assert feed.skipped == [SkippedRecord(2, "weekday_tinyint", "9 is not a day number (1 to 7)")]


# ============================================================================= fama CSV

HEADER = ",".join(column for column, _ in TEMPLATE_COLUMNS)


def fama_csv(tmp_path: Path, *rows: dict[str, str], **options: Any) -> ParsedFeed:
    columns = [column for column, _ in TEMPLATE_COLUMNS]
    lines = [HEADER] + [
        ",".join('"' + row.get(column, "").replace('"', '""') + '"' for column in columns)
        for row in rows
    ]
    return read(write(tmp_path, "local.csv", "\n".join(lines) + "\n"), **options)


def test_the_template_imports_as_it_is_documented(tmp_path: Path) -> None:
    text = template_csv()
    assert text.splitlines()[0] == HEADER
    assert len(text.splitlines()) == 3
    feed = read(write(tmp_path, "template.csv", text))
    assert feed.kind is SourceKind.FAMA_CSV and feed.skipped == []
    hall, online = feed.meetings
    assert hall.id == "fama-csv:template.csv:kb-aa-tue"
    assert (hall.organisation, hall.weekday, hall.start, hall.end) == (
        OrgCode.AA,
        Weekday.TUESDAY,
        time(19, 30),
        time(21, 0),
    )
    assert hall.postcode == "DE1 3AB" and hall.access == ["wheelchair", "hearing loop"]
    assert hall.open_meeting is True
    assert (online.organisation, online.attendance) == (OrgCode.SMART, Attendance.ONLINE)
    assert (online.start, online.end) == (time(19, 30), time(21, 0))  # SMART: 90 minutes
    assert online.audience == ["newcomers"]


def test_fama_csv_organisation_column_argument_or_skip(tmp_path: Path) -> None:
    row = {"name": "Group", "day": "Wed", "start": "7pm", "postcode": "de1 1aa"}
    feed = fama_csv(
        tmp_path, row, {**row, "organisation": "CA", "id": "ca"}, organisation=OrgCode.NA
    )
    assert [m.organisation for m in feed.meetings] == [OrgCode.NA, OrgCode.CA]
    assert feed.meetings[0].postcode == "DE1 1AA"
    feed = fama_csv(
        tmp_path,
        row,
        {**row, "organisation": "Gamblers", "id": "g"},
        {**row, "organisation": "al-anon", "id": "a"},
    )
    assert feed.meetings[0].organisation is OrgCode.AL_ANON
    assert [s.describe() for s in feed.skipped] == [
        "record 1, field 'organisation': no organisation: fill in the column or use "
        "--organisation.",
        "record 2, field 'organisation': 'Gamblers' is not an organisation fama knows "
        "(AA, NA, CA, DAA, MA, CMA, SMART, Al-Anon, Alateen, FA, SMART F&F, Local).",
    ]


def test_fama_csv_rows(tmp_path: Path) -> None:
    feed = fama_csv(
        tmp_path,
        {
            "organisation": "smart recovery",
            "name": "Hybrid",
            "day": "Thursday",
            "start": "18:00",
            "venue": "Hub",
            "online_url": "https://meet.example.org/x",
            "id": "h",
        },
        {
            "organisation": "AA",
            "name": "Phone",
            "day": "fri",
            "start": "0730",
            "phone": "0808 157 0000",
            "id": "p",
            "audience": "women only; Polish speakers",
            "access": "BSL",
            "languages": "Polish",
            "open": "closed",
        },
        {"organisation": "AA", "name": "Nowhere", "day": "Monday", "start": "19:00", "id": "n"},
        {
            "organisation": "AA",
            "name": "Bad link",
            "day": "Monday",
            "start": "19:00",
            "online_url": "ask at the door",
            "id": "b",
        },
        {"organisation": "AA", "name": "Bad day", "day": "3", "start": "19:00", "id": "d"},
        {
            "organisation": "AA",
            "name": "Paused",
            "day": "Monday",
            "start": "19:00",
            "id": "z",
            "address": "1 Church St, Derby DE1 2AB",
            "temporarily_closed": "yes",
            "notes": "Back <b>in May</b>",
            "latitude": "52.9",
            "longitude": "-1.47",
        },
    )
    meetings = by_source_id(feed)
    assert meetings["h"].attendance is Attendance.HYBRID
    assert meetings["h"].organisation is OrgCode.SMART
    phone = meetings["p"]
    assert phone.attendance is Attendance.PHONE and phone.weekday is Weekday.FRIDAY
    assert phone.audience == ["women"] and phone.types == ["Polish speakers"]
    assert phone.access == ["sign language"] and phone.languages == ["Polish"]
    assert phone.open_meeting is False
    paused = meetings["z"]
    assert paused.temporarily_closed and paused.postcode == "DE1 2AB"
    assert paused.notes == "Back in May" and paused.coord_source == "feed"
    assert [(s.record, s.field) for s in feed.skipped] == [
        (3, "attendance"),
        (4, "online_url"),
        (5, "day"),
    ]


def test_csv_encodings_and_line_ends(tmp_path: Path) -> None:
    text = f"{HEADER}\r\nAA,Café group,Monday,19:00,,,,,DE1 1AA,,,,,,,,,,,,c1\r\n"
    for encoding, name in (("cp1252", "win.csv"), ("utf-8-sig", "bom.csv"), ("utf-16", "u16.csv")):
        feed = read(write(tmp_path, name, text.encode(encoding)))
        assert feed.meetings[0].name == "Café group", encoding


def test_blank_spreadsheet_rows_keep_row_numbers(tmp_path: Path) -> None:
    text = f"{HEADER}\n,,,,\nAA,G,Monday,25:00,,,,,DE1 1AA\n"
    feed_text = write(tmp_path, "gaps.csv", text + "AA,H,Monday,19:00,,,,,DE1 1AA\n")
    feed = read(feed_text)
    assert feed.skipped == [SkippedRecord(2, "start", "'25:00' is not a time of day")]


# ============================================================================= broken files


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("empty.json", "", "the file is empty"),
        ("blank.csv", "  \n\n ", "the file is empty"),
        ("junk.bin", bytes(range(256)) * 4, "not a text file"),
        ("truncated.json", '[{"name": "A", "slug": "a", "day": 1', "not valid JSON"),
        ("object.json", {"name": "A"}, 'no "meetings" list'),
        ("ints.json", [1, 2, 3], "record 1: it is a number, not a meeting"),
        ("string.json", '"hello"', "JSON holding a piece of text"),
        ("number.json", {"meetings": 5}, 'no "meetings" list'),
        ("nothing.json", [], "it lists no meetings"),
        ("shapeless.json", [{"colour": "blue"}], "neither Meeting Guide keys"),
        ("unknown.csv", "colour,size\nblue,9\n", "matches none of the CSV layouts"),
        ("header-only.csv", HEADER + "\n", "a header row but no meetings"),
        ("latin.csv", b"\x81\x8d\x8f\x90\x9d", "not text fama can read"),
    ],
)
def test_files_that_cannot_be_imported(
    tmp_path: Path, name: str, content: str | bytes | object, says: str
) -> None:
    assert says in feed_error(write(tmp_path, name, content), organisation=OrgCode.AA)


def test_a_required_field_missing_from_every_record(tmp_path: Path) -> None:
    path = write(
        tmp_path, "nodays.json", [{"name": f"M{i}", "slug": i, "time": "9:00"} for i in range(3)]
    )
    message = feed_error(path, organisation=OrgCode.AA)
    assert message.startswith("nodays.json: record 1, field 'day': no day is given")
    assert message.endswith("; none of its 3 records could be imported.")


def test_the_message_names_the_record_and_field(tmp_path: Path) -> None:
    records = [{"name": "A", "slug": "a", "day": 1, "time": "9:00", "address": "1 High St"}] * 11
    records = [{**r, "slug": str(i)} for i, r in enumerate(records)]
    records.append({"name": "B", "slug": "b", "day": "Funday", "time": "9:00"})
    path = write(tmp_path, "meetings.json", records)
    feed = read(path, organisation=OrgCode.AA)
    assert feed.skipped[0].describe() == (
        "record 12, field 'day': 'Funday' is not a day of the week."
    )
    with pytest.raises(FeedError) as caught:
        read(path, organisation=OrgCode.AA, strict=True)
    assert str(caught.value) == (
        "meetings.json: record 12, field 'day': 'Funday' is not a day of the week."
    )
    assert (caught.value.record, caught.value.field) == (12, "day")


def test_non_objects_among_records_are_skipped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "mixed.json",
        [{"name": "A", "slug": "a", "day": 1, "time": "9:00", "address": "1 High St"}, [1], None],
    )
    feed = read(path, organisation=OrgCode.AA)
    assert [s.describe() for s in feed.skipped] == [
        "record 2: it is a list, not a meeting.",
        "record 3: it is empty (null), not a meeting.",
    ]


def test_meeting_guide_needs_the_fellowship(tmp_path: Path) -> None:
    path = write(tmp_path, "aa.json", [{"name": "A", "slug": "a", "day": 1, "time": "9:00"}])
    message = feed_error(path)
    assert message.startswith("aa.json: say which fellowship publishes this Meeting Guide list")
    assert "with --organisation, e.g. AA" in message


def test_bad_arguments_and_missing_files(tmp_path: Path) -> None:
    path = write(tmp_path, "aa.json", [{"name": "A", "slug": "a", "day": 1, "time": "9:00"}])
    assert "'Mars/Base' given with --timezone" in feed_error(path, timezone="Mars/Base")
    assert "'xml' is not a format fama reads" in feed_error(path, format="xml")
    assert "cannot be read" in feed_error(tmp_path / "missing.json")
    assert "cannot be read" in feed_error(tmp_path)
    assert FORMATS == ("auto", "meeting-guide", "bmlt", "csv")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
MG_KEYS = [
    "name",
    "slug",
    "day",
    "time",
    "end_time",
    "timezone",
    "types",
    "address",
    "formatted_address",
    "latitude",
    "longitude",
    "coordinates",
    "approximate",
    "conference_url",
    "conference_phone",
    "notes",
    "duration",
    "languages",
    "postal_code",
]
BMLT_KEYS = [
    "id_bigint",
    "weekday_tinyint",
    "start_time",
    "meeting_name",
    "formats",
    "duration_time",
    "time_zone",
    "venue_type",
    "latitude",
    "longitude",
    "virtual_meeting_link",
    "comments",
    "location_street",
    "published",
]


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(
            st.fixed_dictionaries({}, optional={key: json_values for key in MG_KEYS}),
            st.fixed_dictionaries({}, optional={key: json_values for key in BMLT_KEYS}),
            json_values,
        ),
        max_size=6,
    )
)
def test_any_json_shape_gives_meetings_or_one_feed_error(
    tmp_path: Path, records: list[object]
) -> None:
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    try:
        feed = read(path, organisation=OrgCode.AA)
    except FeedError as error:
        assert str(error).startswith("fuzz.json: ")
    else:
        assert all(isinstance(m, Meeting) for m in feed.meetings)


# ============================================================================= normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("se17pb", "SE1 7PB"),
        ("  sw1a 1aa ", "SW1A 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("de1  3ab", "DE1 3AB"),
        ("GIR 0AA", "GIR 0AA"),
        ("02657", "02657"),
        ("K0K 1G0", "K0K 1G0"),
        ("", ""),
    ],
)
def test_postcodes(text: str, expected: str) -> None:
    assert nz.normalise_postcode(text) == expected


@given(
    st.from_regex(r"[A-Z]{1,2}[0-9][A-Z0-9]?", fullmatch=True),
    st.from_regex(r"[0-9][ABD-HJLNP-UW-Z]{2}", fullmatch=True),
    st.sampled_from(["", " ", "  "]),
    st.booleans(),
)
def test_any_uk_postcode_normalises(outward: str, inward: str, gap: str, lower: bool) -> None:
    typed = f"{outward}{gap}{inward}"
    assert nz.normalise_postcode(typed.lower() if lower else typed) == f"{outward} {inward}"
    assert nz.find_postcode(f"1 High St, Town {outward} {inward}, UK") == f"{outward} {inward}"


def test_postcodes_are_found_in_addresses_only_when_they_look_british() -> None:
    assert nz.find_postcode("1 High St, London SE1 1AA, UK") == "SE1 1AA"
    assert nz.find_postcode("519 Church St, Toronto, ON M4Y 2C9, Canada") == ""
    assert nz.find_postcode("2634 Union Ave, San Jose, CA 95124, USA") == ""


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        ("52.92", "-1.48", (52.92, -1.48)),
        (52.92, -1.48, (52.92, -1.48)),
        ("0", "0", None),
        ("", "", None),
        (None, -1.48, None),
        ("-122.4", "37.7", None),  # swapped: dropped, not guessed
        ("52.9", "200", None),
        ("north", "-1.4", None),
        ("nan", "-1.4", None),
        ("51.48", "0", (51.48, 0.0)),  # Greenwich is a real longitude
    ],
)
def test_coordinates(lat: object, lon: object, expected: tuple[float, float] | None) -> None:
    assert nz.coordinates(lat, lon) == expected


def test_links() -> None:
    assert nz.clean_url("https://zoom.us/j/1") == "https://zoom.us/j/1"
    assert nz.clean_url("zoom.us/j/1") == "https://zoom.us/j/1"
    assert nz.clean_url("Zoom ID 123 456") == ""
    assert nz.find_url("See https://meet.jit.si/abc.") == "https://meet.jit.si/abc"


# ============================================================================= speed


def test_ten_thousand_meetings_all_parse(tmp_path: Path) -> None:
    """A national-sized feed parses whole (its speed is measured by `scripts/bench.py
    --only directory`, never asserted here: a busy machine is not a slow parser)."""
    records = [
        {
            "name": f"Meeting {i}",
            "slug": f"m-{i}",
            "day": i % 7,
            "time": f"{i % 24:02d}:{(i * 15) % 60:02d}",
            "location": "Church hall",
            "formatted_address": f"{i} High St, Derby DE1 {i % 10}AB, UK",
            "latitude": 52.9,
            "longitude": -1.48,
            "types": ["O", "X", "W"] if i % 2 else ["C", "ONL"],
            "conference_url": "https://zoom.us/j/1" if i % 5 == 0 else "",
            "timezone": "America/New_York" if i % 3 == 0 else "Europe/London",
            "notes": "Ring the bell<br>Room 2",
        }
        for i in range(10_000)
    ]
    path = write(tmp_path, "big.json", records)
    feed = read(path, organisation=OrgCode.AA)
    assert len(feed.meetings) == 10_000 and feed.skipped == []


def test_csv_messages_name_the_column_as_the_header_spells_it(tmp_path: Path) -> None:
    text = (
        "Day,Time,Name,Address,Slug\n"
        'Funday,7:00 PM,A,"1 High St",a\n'
        'Monday,7:00 PM,B,"2 High St",b\n'
    )
    feed = read(write(tmp_path, "tsml.csv", text), organisation=OrgCode.AA)
    assert feed.skipped[0].describe() == "record 1, field 'Day': 'Funday' is not a day of the week."
    text += "Tuesday,8:00 PM,C,3 High St,b\n"
    feed = read(write(tmp_path, "tsml.csv", text), organisation=OrgCode.AA)
    assert feed.skipped[-1].describe() == (
        "record 3, field 'Slug': 'b' is used again (first by record 2)."
    )


def test_semicolon_and_tab_separated_sheets(tmp_path: Path) -> None:
    for name, separator in (("semi.csv", ";"), ("tabs.tsv", "\t")):
        text = separator.join(["name", "day", "start", "venue"]) + "\n"
        text += separator.join(["Group, the first", "Monday", "19:00", "Hall"]) + "\n"
        feed = read(write(tmp_path, name, text), organisation=OrgCode.SMART)
        assert feed.meetings[0].name == "Group, the first"


def test_a_zone_spelt_in_lower_case_is_still_london(tmp_path: Path) -> None:
    meeting = one(tmp_path, {"timezone": "europe/london"})
    assert (meeting.start, meeting.source_when) == (time(19, 30), "")
