"""My meeting plan: valid HTML, and an .ics that two independent parsers read back the same,
discreet by default, with nothing identifying the client."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from itertools import islice
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from fama.demo.town import build_demo
from fama.meeting_plan.calendar import plan_ics
from fama.meeting_plan.plan import (
    NEUTRAL_TITLE,
    WHAT_TO_EXPECT,
    PlanOptions,
    clean_title,
    first_date,
    place_parts,
    plan_html,
    where,
)
from fama.models import ORGANISATIONS, Goal, LinkType, Meeting, Support, Weekday, organisation

TODAY = date(2026, 11, 24)  # a Tuesday
LONDON = ZoneInfo("Europe/London")
SERVICE = "Kelbridge Drug & Alcohol Service"
DIRECTORY = {m.id: m for m in build_demo(TODAY).meetings}

# Words that would tell someone glancing at the phone what the plan is about. Written here,
# not imported, so the test does not share a blind spot with the code.
GIVE_AWAY_WORDS = (
    "alcohol", "drink", "drug", "recovery", "addict", "anonymous", "fellowship", "sober",
    "narcotic", "cocaine", "big book", "12-step", "twelve step", "al-anon", "alateen",
    "mutual aid", "fama", "smart",
)  # fmt: skip
GIVE_AWAY_CODES = ("AA", "NA", "CA", "DAA", "CMA", "MA", "FA")


class TagBalance(HTMLParser):
    VOID = {"meta", "br", "img", "link", "hr", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()


def balanced(page: str) -> bool:
    parser = TagBalance()
    parser.feed(page)
    return parser.stack == []


@pytest.fixture
def meetings() -> list[Meeting]:
    return [DIRECTORY["demo:smart-01"], DIRECTORY["demo:aa-01"]]


def goal(person: str = "Sam, peer mentor") -> Goal:
    return Goal(
        client_code="KB-1042",
        wording="Go to SMART on Tuesday with Sam <and> [friends]",
        target_date=date(2026, 12, 1),
        review_date=date(2026, 12, 3),
        support=Support(
            link=LinkType.PEER_MENTOR,
            linked_person=person,
            travel_plan="Bus 7 from the Hub",
            barriers_plan="Text my sister if I'm nervous",
        ),
    )


def give_aways_in(text: str, names: list[str]) -> list[str]:
    lowered = text.lower()
    found = [w for w in GIVE_AWAY_WORDS if w in lowered]
    found += [c for c in GIVE_AWAY_CODES if re.search(rf"(?<![A-Za-z0-9]){c}(?![A-Za-z0-9])", text)]
    return found + [n for n in names if n.lower() in lowered]


def text_values(data: bytes) -> list[tuple[str, str, str]]:
    """(component, property, value) for every property of every component, parameters too."""
    values = []
    for component in Calendar.from_ical(data).walk():
        for name, value in component.property_items(recursive=False, sorted=False):
            if name in ("BEGIN", "END"):
                continue
            raw = value.to_ical() if hasattr(value, "to_ical") else value
            text = raw.decode() if isinstance(raw, bytes) else str(raw)
            params = getattr(value, "params", {})
            values.append((component.name, name, text + " " + " ".join(map(str, params.values()))))
    return values


# --------------------------------------------------------------------------- the page


def test_html_is_well_formed_escaped_and_anonymous(meetings: list[Meeting]) -> None:
    page = plan_html(meetings, goal=goal(), service=SERVICE, today=TODAY, share_first_name=True)
    assert balanced(page)
    assert "&lt;and&gt; [friends]" in page and "KB-1042" not in page
    assert "Kelbridge Drug &amp; Alcohol Service" in page and "24 November 2026" in page
    assert "Sam, peer mentor" in page and "Bus 7 from the Hub" in page
    for meeting in meetings:
        assert meeting.name in page
    # Where to turn between sessions: the service and each organisation's own website,
    # never an invented number.
    assert "Help before and between meetings" in page
    for meeting in meetings:
        assert organisation(meeting.organisation).website in page


def test_the_linked_person_is_named_only_with_consent(meetings: list[Meeting]) -> None:
    full = PlanOptions(calendar_details=True)
    page = plan_html(meetings, goal=goal(), service=SERVICE, today=TODAY)
    ics = plan_ics(meetings, goal=goal(), today=TODAY, service=SERVICE, options=full)
    for text in (page, ics.decode()):
        assert "Sam" not in text.replace("Go to SMART on Tuesday with Sam", "")
        assert "peer mentor" in text.lower()  # who meets them is still said, without a name
    ics = plan_ics(
        meetings, goal=goal(), today=TODAY, service=SERVICE, options=full, share_first_name=True
    )
    assert "Sam\\, peer mentor" in ics.decode().replace("\r\n ", "")


def test_the_discreet_page_keeps_days_places_and_the_clients_words() -> None:
    chosen = [DIRECTORY["demo:smart-02"], DIRECTORY["demo:aa-04"], DIRECTORY["demo:na-11"]]
    page = plan_html(
        chosen,
        goal=goal("Sam, AA health liaison"),
        service=SERVICE,
        today=TODAY,
        options=PlanOptions(discreet_page=True),
        share_first_name=True,
    )
    assert balanced(page)
    assert "<h1>My plan</h1>" in page and "meeting plan" not in page.lower()
    # The client's own words are theirs to keep, give-away words and all.
    words = "Go to SMART on Tuesday with Sam &lt;and&gt; [friends]"
    assert words in page and "Bus 7 from the Hub" in page and "Text my sister" in page
    assert "(Sam)." in page and "health liaison" not in page
    assert give_aways_in(page.replace(words, ""), [m.name for m in chosen]) == []
    for what in WHAT_TO_EXPECT.values():
        assert what not in page
    assert "Kelbridge" not in page.replace("Kelbridge, DE1 2HL", "")  # no service, no venue
    assert "<h2>Thursdays, 14:00 to 15:30</h2>" in page
    assert "Unit 4, Tanner&#x27;s Row, Kelbridge, DE1 2HL" in page  # not the Recovery Hub
    assert "Online: ask your keyworker for the link" in page  # the link says aa-04
    assert "By phone: 0808 157 0032" in page


# --------------------------------------------------------------------------- the place


def test_the_place_names_venue_address_and_postcode_once() -> None:
    base = DIRECTORY["demo:aa-01"]

    def at(venue: str, address: str, postcode: str) -> str:
        meeting = base.model_copy(update={"venue": venue, "address": address, "postcode": postcode})
        return where(meeting)

    assert at("Quaker Meeting House", "12 Fellgate Street, Kelbridge", "DE1 3QT") == (
        "Quaker Meeting House, 12 Fellgate Street, Kelbridge, DE1 3QT"
    )
    # The address already holds the postcode, with or without its space, in any case.
    for address in ("12 Fellgate Street, Kelbridge DE1 3QT", "12 Fellgate Street, de13qt"):
        assert at("Quaker Meeting House", address, "DE1 3QT").upper().count("DE1") == 1
    # The address starts with the venue, in another case; a piece said twice.
    assert at("St Oswin's Church Hall", "ST OSWIN'S CHURCH HALL, Minster Walk", "DE1 3GP") == (
        "ST OSWIN'S CHURCH HALL, Minster Walk, DE1 3GP"
    )
    # A venue the address already names is said as the address says it.
    hub = at("The Hub", "Unit 4, the hub, Kelbridge,  kelbridge", "")
    assert hub == "Unit 4, the hub, Kelbridge"
    assert at("Hall", "Hallam Road", "") == "Hall, Hallam Road"  # whole words only


PIECE = st.text(alphabet="abcAB 12,", min_size=0, max_size=12)


@given(venue=PIECE, address=PIECE, postcode=st.sampled_from(["", "DE1 3QT", "de13qt"]))
def test_no_part_of_the_place_is_said_twice(venue: str, address: str, postcode: str) -> None:
    meeting = DIRECTORY["demo:aa-01"].model_copy(
        update={"venue": venue, "address": address, "postcode": postcode}
    )
    parts = place_parts(meeting)
    folded = [" ".join(p.split()).casefold() for p in parts]
    assert len(folded) == len(set(folded)) and all(p.strip() for p in parts)
    squashed = "".join(c for c in ",".join(parts).casefold() if c.isalnum())
    assert squashed.count("de13qt") == (1 if postcode else 0)
    said = " ".join(", ".join(parts).split()).casefold()
    for piece in (venue + "," + address).split(","):
        if piece.strip():  # nothing the feed said is lost
            assert " ".join(piece.split()).casefold() in said


# --------------------------------------------------------------------------- the calendar


def test_the_discreet_calendar_gives_nothing_away() -> None:
    """Every meeting in the demo directory, with a support person named by role: no text
    in the file (any property, any component, any parameter) says what it is."""
    everything = list(DIRECTORY.values())
    names = [m.name for m in everything]
    data = plan_ics(
        everything,
        goal=goal("Sam, AA health liaison"),
        today=TODAY,
        service=SERVICE,
        share_first_name=True,
        plan_id="conversation-1",
    )
    values = text_values(data)
    assert len(values) > 10 * len(everything)
    leaks = [(c, p, v, give_aways_in(v, names)) for c, p, v in values if give_aways_in(v, names)]
    assert leaks == []
    calendar = Calendar.from_ical(data)
    for event in calendar.walk("VEVENT"):
        assert str(event["summary"]) == NEUTRAL_TITLE
        assert "description" not in event
        [alarm] = event.walk("VALARM")
        assert str(alarm["description"]).startswith(NEUTRAL_TITLE)
    # The place survives, without the venue that gives it away.
    hub = plan_ics([DIRECTORY["demo:smart-02"]], goal=None, today=TODAY, service=SERVICE)
    [event] = Calendar.from_ical(hub).walk("VEVENT")
    assert str(event["location"]) == "Unit 4, Tanner's Row, Kelbridge, DE1 2HL"


def test_details_go_in_the_description_only_when_chosen(meetings: list[Meeting]) -> None:
    options = PlanOptions(calendar_title="Gym\nclass ", calendar_details=True)
    data = plan_ics(meetings, goal=goal(), today=TODAY, service=SERVICE, options=options)
    events = Calendar.from_ical(data).walk("VEVENT")
    for event, meeting in zip(events, meetings, strict=True):
        assert str(event["summary"]) == "Gym class"  # the title stays the client's
        description = str(event["description"])
        org = organisation(meeting.organisation)
        assert f"{org.name}: {meeting.name}" in description
        assert WHAT_TO_EXPECT[org.programme] in description and SERVICE in description
        assert str(event["location"]).startswith(meeting.venue)
        assert str(event.walk("VALARM")[0]["description"]) == f"Gym class at {meeting.start:%H:%M}"


def test_a_title_is_the_clients_own_tidied_onto_one_line() -> None:
    assert clean_title("  ") == NEUTRAL_TITLE
    assert clean_title("AA\tat  the\x00hall\n") == "AA at the hall"  # kept: their choice
    assert len(clean_title("x" * 500)) == 60
    assert PlanOptions(calendar_title="").calendar_title == NEUTRAL_TITLE


def test_the_file_is_rfc_5545_shaped(meetings: list[Meeting]) -> None:
    long = meetings[0].model_copy(
        update={"venue": "Café Ünïcödé “Hall” " * 6, "name": "Ŵèdnësday ☕ " * 8}
    )
    data = plan_ics(
        [long, meetings[1]],
        goal=goal(),
        today=TODAY,
        service=SERVICE,
        options=PlanOptions(calendar_title="Tëa ☕ time " * 6, calendar_details=True),
        now=datetime(2026, 11, 24, 10, 30, tzinfo=UTC),
        plan_id="abc",
    )
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75  # octets, not characters
    assert any(line.startswith(b" ") for line in lines)  # long lines were folded
    for line in lines:
        line.decode("utf-8")  # never folded inside a character
    text = data.decode()
    assert text.count("DTSTAMP:20261124T103000Z") == 2
    assert "DTSTART;TZID=Europe/London:" in text and "DTEND;TZID=Europe/London:" in text
    uids = re.findall(r"^UID:(.*)$", text, re.M)
    assert len(set(uids)) == 2 and not any("KB" in u or "demo" in u for u in uids)
    again = plan_ics([long, meetings[1]], goal=goal(), today=TODAY, service=SERVICE, plan_id="abc")
    assert re.findall(r"^UID:(.*)$", again.decode(), re.M) == uids  # saved again: same events
    other = plan_ics([long, meetings[1]], goal=goal(), today=TODAY, service=SERVICE, plan_id="x")
    assert not set(re.findall(r"^UID:(.*)$", other.decode(), re.M)) & set(uids)


WEEKLY_1930 = DIRECTORY["demo:smart-01"]  # Tuesdays 19:30


@pytest.mark.parametrize(
    ("today", "before", "after"),
    [
        (date(2027, 3, 9), timedelta(0), timedelta(hours=1)),  # clocks go forward 28 March
        (date(2026, 10, 6), timedelta(hours=1), timedelta(0)),  # clocks go back 25 October
    ],
)
def test_two_parsers_agree_across_the_clock_change(
    today: date, before: timedelta, after: timedelta
) -> None:
    assert WEEKLY_1930.start == time(19, 30) and WEEKLY_1930.weekday is Weekday.TUESDAY
    data = plan_ics([WEEKLY_1930], goal=None, today=today, service=SERVICE, plan_id="p")

    # icalendar, expanding the rule with dateutil
    calendar = Calendar.from_ical(data)
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/London"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    [event] = calendar.walk("VEVENT")
    assert event["rrule"]["COUNT"] == [12] and event["rrule"]["FREQ"] == ["WEEKLY"]
    [alarm] = event.walk("VALARM")
    assert alarm["action"] == "DISPLAY" and alarm.decoded("trigger") == -timedelta(hours=2)
    start = event.decoded("dtstart")
    assert event.decoded("dtstamp").utcoffset() == timedelta(0)
    first_parser = list(rrulestr(event["rrule"].to_ical().decode(), dtstart=start))

    # ical, its own parser and its own recurrence expansion
    parsed = IcsCalendarStream.calendar_from_ics(data.decode())
    [timezone] = parsed.timezones
    assert timezone.tz_id == "Europe/London" and timezone.daylight and timezone.standard
    [ical_event] = parsed.events
    assert ical_event.rrule is not None and ical_event.rrule.count == 12
    [ical_alarm] = ical_event.alarm
    assert ical_alarm.trigger == -timedelta(hours=2)
    second_parser = [e.dtstart for e in islice(parsed.timeline, 20)]

    for occurrences in (first_parser, second_parser):
        assert len(occurrences) == 12
        local = [o.astimezone(LONDON) for o in occurrences]  # type: ignore[union-attr]
        assert all(o.time() == time(19, 30) and o.weekday() == 1 for o in local)
        assert local[0].date() == first_date(WEEKLY_1930, today)
        offsets = [o.utcoffset() for o in occurrences]  # type: ignore[union-attr]
        assert offsets[0] == before and offsets[-1] == after
        assert [o.astimezone(UTC) for o in occurrences] == [o.astimezone(UTC) for o in local]
    assert [o.astimezone(UTC) for o in first_parser] == [o.astimezone(UTC) for o in second_parser]  # type: ignore[union-attr]


def test_the_vtimezone_rules_are_londons() -> None:
    """Read with a TZID no parser knows, the file's own VTIMEZONE decides the offsets: they
    match zoneinfo's Europe/London on every hour around each change, for years ahead."""
    data = plan_ics([WEEKLY_1930], goal=None, today=TODAY, service=SERVICE)
    renamed = data.replace(b"Europe/London", b"Plan-Local-Time")
    zone = Calendar.from_ical(renamed).walk("VTIMEZONE")[0].to_tz()
    for year in range(2026, 2041):
        for month in (3, 10):
            last_sunday = max(
                date(year, month, d) for d in range(25, 32) if date(year, month, d).weekday() == 6
            )
            moment = datetime.combine(last_sunday - timedelta(days=1), time(), tzinfo=UTC)
            for hour in range(48):
                instant = moment + timedelta(hours=hour)
                ours, londons = instant.astimezone(zone), instant.astimezone(LONDON)
                assert ours.utcoffset() == londons.utcoffset()
    spring = plan_ics([WEEKLY_1930], goal=None, today=date(2027, 3, 9), service=SERVICE)
    parsed = IcsCalendarStream.calendar_from_ics(
        spring.replace(b"Europe/London", b"Plan-Local-Time").decode()
    )
    offsets = [e.dtstart.utcoffset() for e in islice(parsed.timeline, 20)]  # type: ignore[union-attr]
    assert offsets == [timedelta(0)] * 3 + [timedelta(hours=1)] * 9


def test_first_date_is_today_or_within_a_week() -> None:
    for meeting in DIRECTORY.values():
        day = first_date(meeting, TODAY)
        assert 0 <= (day - TODAY).days < 7 and day.weekday() == meeting.weekday.value


def test_an_empty_plan_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one meeting"):
        plan_html([], goal=None, service="x", today=TODAY)
    with pytest.raises(ValueError, match="at least one meeting"):
        plan_ics([], goal=None, today=TODAY, service="x")


def test_a_meeting_ending_after_midnight(meetings: list[Meeting]) -> None:
    late = meetings[0].model_copy(
        update={"weekday": Weekday.SATURDAY, "start": time(23, 30), "end": time(0, 30)}
    )
    [event] = list(
        Calendar.from_ical(plan_ics([late], goal=None, today=TODAY, service="x")).walk("VEVENT")
    )
    assert (event.decoded("dtend") - event.decoded("dtstart")).total_seconds() == 3600


def test_every_organisation_is_a_give_away_word_here() -> None:
    """The test's own word list covers every organisation fama knows (by name or code)."""
    for org in ORGANISATIONS.values():
        if org.code.value != "Local":
            assert give_aways_in(org.name, []) or give_aways_in(org.code.value, []), org.name
