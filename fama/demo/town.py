"""Deterministic demo data: a fictional service in the fictional town of Kelbridge.

Why it exists: a keyworker trying fama, a trainer running a session and the snapshot
tests all need a caseload that looks like a real one (overdue follow-ups, reviews due
this week, a meeting directory with every kind of meeting) without a single real person
in it. Everything is built from ``today``, so the demo never goes stale: the same
follow-up is always "overdue by a few days", and ``build_demo(today)`` called twice gives
equal data (no clocks, no uuid4, no randomness).

Kelbridge is placed over Derby so that postcodes and distances behave like real ones:
venues sit in real DE postcode districts at plausible coordinates, but every venue,
street, person, phone number and link is made up. Links use ``example.org`` and phone
numbers come from Ofcom's ranges reserved for drama (0808 157 0xxx, 03069 990xxx).

Pure: standard library, pydantic models and nothing else (no Textual, no TinyDB).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from fama.assessment.period import last_full_quarter
from fama.conversation import Context, GoalAnswer, Script, answer, load_script, start
from fama.conversation.apply import apply_outcome
from fama.models import (
    AccessNeed,
    Attendance,
    Attended,
    Audience,
    Client,
    ClientRecord,
    Consent,
    Conversation,
    Goal,
    GoalStatus,
    HandoutAction,
    HandoutEvent,
    InsightVisit,
    Involvement,
    LinkType,
    Meeting,
    NextStep,
    OrgCode,
    Preferences,
    PriorExperience,
    Programme,
    Review,
    ReviewType,
    SourceKind,
    StaffMember,
    Stage,
    Substance,
    Support,
    Training,
    TrainingKind,
    Weekday,
)

TOWN = "Kelbridge"
SOURCE = "demo"
TIMEZONE = "Europe/London"
TOWN_CENTRE = (52.92, -1.48)
"""Where Kelbridge's market square would be (central Derby)."""


@dataclass(frozen=True)
class DemoData:
    """Everything the demo puts in a store: staff, the meeting directory and the caseload."""

    staff: list[StaffMember]
    meetings: list[Meeting]
    records: list[ClientRecord]


# --------------------------------------------------------------------------- dates


class Q(NamedTuple):
    """A day counted from the start of the last full quarter, not from today: the history
    that falls in it, so a fresh demo's self-assessment (whose default period is that
    quarter) has figures to show whatever day the demo is built on."""

    days: int


Offset = int | Q
"""Days from today (negative: in the past), or from the start of the last full quarter."""


def _days(today: date, offset: Offset) -> int:
    if isinstance(offset, Q):
        start = last_full_quarter(today).start
        return (start + timedelta(days=offset.days) - today).days
    return offset


def _day(today: date, offset: Offset) -> date:
    return today + timedelta(days=_days(today, offset))


def _session_day(today: date, offset: Offset) -> date:
    """A working day near ``today + offset``: keywork sessions don't happen at weekends.

    Past dates move back to the Friday and future ones forward to the Monday, so a date
    in the past stays in the past (overdue stays overdue) and a future one stays ahead.
    """
    day = _day(today, offset)
    step = -1 if _days(today, offset) < 0 else 1
    while day.weekday() >= Weekday.SATURDAY:
        day += timedelta(days=step)
    return day


def _meeting_day(today: date, offset: Offset, weekday: Weekday) -> date:
    """The meeting's weekday nearest ``today + offset``, on the same side of today.

    A goal names a meeting ("the Wednesday NA meeting"), so its target date must be a
    Wednesday. Past offsets snap back (at most six days) and future ones forward.
    """
    day = _day(today, offset)
    step = -1 if _days(today, offset) < 0 else 1
    while day.weekday() != weekday:
        day += timedelta(days=step)
    return day


def _moment(day: date, hour: int, minute: int = 0) -> datetime:
    """A timezone-aware UTC moment on ``day``: every stored timestamp is built this way."""
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


# --------------------------------------------------------------------------- places

_DISTRICT_ANCHORS: dict[str, tuple[float, float]] = {
    # A point inside each real district within about 7 km of the town centre (for the
    # outlying districts, their nearest village rather than the district centroid).
    "DE1": (52.9228, -1.4766),
    "DE3": (52.9049, -1.5428),
    "DE21": (52.9517, -1.4362),
    "DE22": (52.9531, -1.5211),
    "DE23": (52.8945, -1.4950),
    "DE24": (52.8910, -1.4373),
    "DE56": (52.9820, -1.4880),
    "DE65": (52.8720, -1.5450),
    "DE72": (52.9060, -1.3830),
    "DE73": (52.8720, -1.4380),
}
DISTRICTS: tuple[str, ...] = tuple(_DISTRICT_ANCHORS)


class _Venue(NamedTuple):
    name: str
    address: str
    postcode: str


_VENUES: dict[str, _Venue] = {
    "quaker": _Venue("Quaker Meeting House", "12 Fellgate Street, Kelbridge", "DE1 3QT"),
    "hub": _Venue("Kelbridge Recovery Hub", "Unit 4, Tanner's Row, Kelbridge", "DE1 2HL"),
    "millyard": _Venue("Mill Yard Café", "3 Mill Yard, Bridgegate, Kelbridge", "DE1 3AW"),
    "oswin": _Venue("St Oswin's Centre", "Minster Walk, Kelbridge", "DE1 3GP"),
    "womens": _Venue("Kelbridge Women's Centre", "22 Curzon Row, Kelbridge", "DE1 1LJ"),
    "rainbow": _Venue("The Rainbow Rooms", "5 Sadlers Court, Kelbridge", "DE1 3NL"),
    "wilfrid": _Venue("St Wilfrid's Church Hall", "Abbey Lane, Abbeyfields, Kelbridge", "DE22 1DX"),
    "wesley": _Venue("Wesley Methodist Church", "Cavendish Road, Normanby, Kelbridge", "DE23 6JL"),
    "ymca": _Venue("Normanby YMCA, Room 2", "Lower Green Lane, Normanby, Kelbridge", "DE23 8BT"),
    "barnabas": _Venue(
        "St Barnabas Community Centre", "Radleigh Road, Chaddleton, Kelbridge", "DE21 4NE"
    ),
    "library": _Venue("Mickleford Library", "Station Road, Mickleford, Kelbridge", "DE3 9FB"),
    "wilmore": _Venue("Wilmore Community Hall", "Harrow Street, Wilmore, Kelbridge", "DE24 8QR"),
    "belworth": _Venue("Belworth Congregational Church", "Chapel Street, Belworth", "DE56 1AR"),
    "findlow": _Venue("Findlow Village Hall", "Heath Lane, Findlow", "DE65 6LN"),
    "spondale": _Venue("Spondale Parish Rooms", "Church Street, Spondale", "DE72 3GE"),
    "chellwick": _Venue("Chellwick Scout Hut", "Meadow Close, Chellwick", "DE73 5UA"),
}


def _jitter(key: str) -> tuple[float, float]:
    """Two numbers in [-1, 1] from a hash of ``key``: stable across runs, unlike ``hash()``."""
    digest = hashlib.sha256(key.encode()).digest()
    a = int.from_bytes(digest[:4], "big") / 0xFFFFFFFF
    b = int.from_bytes(digest[4:8], "big") / 0xFFFFFFFF
    return a * 2 - 1, b * 2 - 1


def _venue_coordinates(key: str) -> tuple[float, float]:
    """The venue's district anchor moved up to about 700 m, so venues don't stack up."""
    district = _VENUES[key].postcode.split()[0]
    lat, lon = _DISTRICT_ANCHORS[district]
    dlat, dlon = _jitter(key)
    return round(lat + dlat * 0.006, 5), round(lon + dlon * 0.009, 5)


# --------------------------------------------------------------------------- meetings

# Tags are the values of the client-preference enums, so a client's "women only" or
# "step-free access" compares directly with a meeting's tags.
_WOMEN = Audience.WOMEN.value
_MEN = Audience.MEN.value
_LGBTQ = Audience.LGBTQ.value
_YOUNG = Audience.YOUNG_PEOPLE.value
_STEP_FREE = AccessNeed.WHEELCHAIR.value
_LOOP = AccessNeed.HEARING_LOOP.value
_KIDS = AccessNeed.CHILDCARE.value
_BSL = AccessNeed.SIGN_LANGUAGE.value

_ONLINE = "online"
_PHONE = "phone"

MON, TUE, WED, THU, FRI, SAT, SUN = Weekday


class _M(NamedTuple):
    """One row of the directory. ``where`` is a venue key, ``"online"`` or ``"phone"``."""

    key: str
    name: str
    day: Weekday
    start: str
    minutes: int
    where: str
    open: bool | None
    types: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    hybrid: bool = False
    closed: bool = False
    """Temporarily closed (the venue or the group has paused)."""
    notes: str = ""
    stale: bool = False
    """Last verified about six months ago, to show a directory entry needing a check."""


# 12-step type codes as the Meeting Guide spec uses them: O open, C closed, D discussion,
# SP speaker, BB Big Book, ST step, W women, M men, Y young people, ONL online, TC
# temporarily closed. SMART groups just say "SMART".
# fmt: off
_MEETINGS: dict[OrgCode, tuple[_M, ...]] = {
    OrgCode.AA: (
        _M("aa-01", "Kelbridge Lunchtime", MON, "12:30", 60, "quaker", True, ("O", "D"),
           access=(_STEP_FREE,)),
        _M("aa-02", "Abbeyfields Monday", MON, "19:30", 90, "wilfrid", False, ("C", "BB")),
        _M("aa-03", "Findlow Monday", MON, "20:00", 60, "findlow", False, ("C", "D", "TC"),
           closed=True, notes="Closed while the village hall roof is repaired."),
        _M("aa-04", "Early Risers Online", TUE, "07:30", 60, _ONLINE, True, ("O", "D", "ONL")),
        _M("aa-05", "Chellwick Tuesday Lunchtime", TUE, "13:00", 60, "chellwick", True,
           ("O", "D"), stale=True),
        _M("aa-06", "Chaddleton Tuesday", TUE, "20:00", 90, "barnabas", True, ("O", "SP"),
           access=(_STEP_FREE, _LOOP)),
        _M("aa-07", "Wednesday Early Bird", WED, "07:00", 60, _ONLINE, False, ("C", "D", "ONL")),
        _M("aa-08", "Minster Walk Lunchtime", WED, "12:30", 60, "oswin", False, ("C", "D"),
           access=(_STEP_FREE,)),
        _M("aa-09", "Belworth Wednesday", WED, "19:30", 90, "belworth", True, ("O", "SP")),
        _M("aa-10", "Young People's AA", THU, "18:30", 60, "ymca", True, ("O", "D", "Y"),
           audience=(_YOUNG,), notes="For people under 30, but nobody is turned away."),
        _M("aa-11", "Normanby Thursday Step", THU, "19:30", 90, "wesley", False, ("C", "ST")),
        _M("aa-12", "Thursday Phone Share", THU, "20:00", 60, _PHONE, False, ("C", "D")),
        _M("aa-13", "Hub Friday Hybrid", FRI, "12:30", 60, "hub", True, ("O", "D", "ONL"),
           access=(_STEP_FREE, _LOOP), hybrid=True),
        _M("aa-14", "Mickleford Friday", FRI, "19:00", 90, "library", True, ("O", "D"),
           access=(_STEP_FREE,)),
        _M("aa-15", "Saturday Women's Group", SAT, "10:30", 90, "womens", False,
           ("C", "D", "W"), audience=(_WOMEN,), access=(_STEP_FREE, _LOOP, _KIDS),
           notes="Children welcome: there is a play corner."),
        _M("aa-16", "Rainbow Group", SAT, "12:00", 60, "rainbow", True, ("O", "D", "LGBTQ"),
           audience=(_LGBTQ,)),
        _M("aa-17", "Spondale Saturday Night", SAT, "19:30", 90, "spondale", True,
           ("O", "SP")),
        _M("aa-18", "Sunday Morning Big Book", SUN, "11:00", 90, "quaker", False, ("C", "BB"),
           access=(_STEP_FREE,)),
        _M("aa-19", "Wilmore Sunday Men's", SUN, "17:00", 90, "wilmore", False,
           ("C", "D", "M"), audience=(_MEN,)),
        _M("aa-20", "Sunday Reflections Online", SUN, "19:00", 60, _ONLINE, True,
           ("O", "D", "ONL")),
        _M("aa-21", "Kelbridge Friday Night", FRI, "20:00", 60, "oswin", True, ("O", "D"),
           access=(_STEP_FREE, _BSL), notes="A BSL interpreter comes on the first Friday."),
        _M("aa-22", "Chaddleton Saturday Breakfast", SAT, "08:30", 60, "barnabas", True,
           ("O", "D"), stale=True),
    ),
    OrgCode.NA: (
        _M("na-01", "Hub Monday Recovery", MON, "19:00", 90, "hub", True, ("O", "D"),
           access=(_STEP_FREE, _LOOP), notes="Ring the bell marked Hub; newcomers from 18:45."),
        _M("na-02", "Just for Today", TUE, "19:30", 90, "ymca", False, ("C", "D")),
        _M("na-03", "Minster Walk Wednesday", WED, "19:30", 90, "oswin", True, ("O", "SP"),
           access=(_STEP_FREE,)),
        _M("na-04", "Midweek Online", WED, "20:00", 60, _ONLINE, True, ("O", "D", "ONL")),
        _M("na-05", "Wilmore Thursday Hybrid", THU, "13:00", 60, "wilmore", True,
           ("O", "D", "ONL"), hybrid=True),
        _M("na-06", "Rainbow NA", THU, "19:00", 60, "rainbow", True, ("O", "D", "LGBTQ"),
           audience=(_LGBTQ,)),
        _M("na-07", "Chaddleton Friday", FRI, "19:30", 90, "barnabas", False, ("C", "ST"),
           access=(_STEP_FREE, _LOOP)),
        _M("na-08", "Women's NA", SAT, "11:00", 60, "womens", False, ("C", "D", "W"),
           audience=(_WOMEN,), access=(_STEP_FREE, _KIDS)),
        _M("na-09", "Saturday Afternoon Clean", SAT, "14:00", 90, "quaker", True, ("O", "D")),
        _M("na-10", "Sunday Serenity", SUN, "18:30", 90, "wilfrid", True, ("O", "SP"),
           access=(_STEP_FREE,)),
        _M("na-11", "NA Sunday Phone Meeting", SUN, "20:00", 60, _PHONE, True, ("O", "D")),
        _M("na-12", "Spondale Lunchtime", TUE, "12:00", 60, "spondale", True, ("O", "D"),
           stale=True),
    ),
    OrgCode.CA: (
        _M("ca-01", "Friday Night CA", FRI, "19:30", 90, "wesley", True, ("O", "SP"),
           access=(_STEP_FREE,), notes="Side door on Cavendish Road; tea from 19:00."),
        _M("ca-02", "Kelbridge CA", TUE, "19:00", 90, "quaker", False, ("C", "D")),
        _M("ca-03", "Wilmore Wednesday CA", WED, "19:00", 90, "wilmore", False, ("C", "ST")),
        _M("ca-04", "CA Online Thursday", THU, "19:30", 90, _ONLINE, True, ("O", "D", "ONL")),
        _M("ca-05", "Saturday Hope", SAT, "18:00", 90, "barnabas", True, ("O", "D")),
        _M("ca-06", "Sunday Lunchtime CA", SUN, "13:00", 60, "hub", True, ("O", "D", "ONL"),
           access=(_STEP_FREE, _LOOP), hybrid=True),
        _M("ca-07", "Mickleford Monday CA", MON, "19:30", 60, "library", True, ("O", "D")),
    ),
    OrgCode.SMART: (
        _M("smart-01", "SMART Recovery Kelbridge Central", TUE, "19:30", 90, "quaker", True,
           ("SMART",), access=(_STEP_FREE,)),
        _M("smart-02", "SMART at the Hub", THU, "14:00", 90, "hub", True, ("SMART",),
           access=(_STEP_FREE, _LOOP), notes="Run by the service's trained volunteers."),
        _M("smart-03", "SMART Online Wednesday", WED, "19:00", 90, _ONLINE, True, ("SMART",)),
        _M("smart-04", "SMART Friday Phone-in", FRI, "12:30", 60, _PHONE, True, ("SMART",)),
        _M("smart-05", "Mickleford SMART", MON, "10:30", 90, "library", True, ("SMART",),
           access=(_STEP_FREE,)),
        _M("smart-06", "Saturday SMART at the Mill Yard", SAT, "10:00", 90, "millyard", True,
           ("SMART",)),
        _M("smart-07", "SMART Women's Group", TUE, "11:00", 90, "womens", True, ("SMART",),
           audience=(_WOMEN,), access=(_STEP_FREE, _KIDS)),
        _M("smart-08", "Belworth SMART", THU, "18:00", 90, "belworth", True, ("SMART",),
           hybrid=True),
        _M("smart-09", "SMART Sunday Online", SUN, "10:30", 90, _ONLINE, True, ("SMART",)),
        _M("smart-10", "Chellwick SMART", WED, "13:00", 90, "chellwick", True, ("SMART",),
           closed=True, notes="Paused until a new facilitator finishes training."),
        _M("smart-11", "SMART Young People's Group", FRI, "16:30", 60, "ymca", True,
           ("SMART",), audience=(_YOUNG,)),
    ),
    OrgCode.AL_ANON: (
        _M("alanon-01", "Abbeyfields Al-Anon", THU, "19:30", 90, "wilfrid", True, ("O", "D"),
           access=(_STEP_FREE,)),
        _M("alanon-02", "Al-Anon Monday Online", MON, "19:30", 60, _ONLINE, True,
           ("O", "D", "ONL")),
        _M("alanon-03", "Saturday Al-Anon", SAT, "10:30", 90, "oswin", True, ("O", "D")),
        _M("alanon-04", "Spondale Al-Anon Family Group", TUE, "19:30", 90, "spondale", True,
           ("O", "D")),
        _M("alanon-05", "Al-Anon Phone Meeting", WED, "20:00", 60, _PHONE, True, ("O", "D")),
    ),
    OrgCode.LOCAL: (
        _M("local-01", "Kelbridge Recovery Café", MON, "11:00", 120, "millyard", True,
           access=(_STEP_FREE,), notes="Drop in for a brew; peer mentors on hand."),
        _M("local-02", "Kelbridge Recovery Café", WED, "10:00", 120, "millyard", True,
           access=(_STEP_FREE,)),
        _M("local-03", "Kelbridge Recovery Café", FRI, "10:00", 120, "millyard", True,
           access=(_STEP_FREE,)),
        _M("local-04", "Recovery Walk and Talk", SUN, "10:00", 90, "hub", True,
           notes="Meets outside the Hub; about four miles, flat, by the river."),
        _M("local-05", "Kelbridge Recovery Choir", THU, "17:30", 90, "hub", True,
           access=(_STEP_FREE, _LOOP)),
        _M("local-06", "Belworth Recovery Allotment", SAT, "13:00", 120, "belworth", True,
           stale=True),
    ),
    OrgCode.FAMILIES_ANONYMOUS: (
        _M("fa-01", "Families Anonymous Kelbridge", TUE, "19:30", 90, "barnabas", True,
           ("O", "D"), access=(_STEP_FREE, _LOOP)),
        _M("fa-02", "Families Anonymous Online", THU, "20:00", 60, _ONLINE, True,
           ("O", "D", "ONL")),
    ),
    OrgCode.SMART_FAMILY: (
        _M("smartff-01", "SMART Family & Friends Online", MON, "19:30", 90, _ONLINE, True,
           ("SMART",)),
    ),
    OrgCode.CMA: (
        _M("cma-01", "CMA UK Online Wednesday", WED, "20:00", 60, _ONLINE, True,
           ("O", "D", "ONL"), notes="Chemsex-aware; run from London, open to anyone."),
    ),
    OrgCode.DAA: (
        _M("daa-01", "DAA Big Book Study", SAT, "19:00", 90, "wesley", False, ("C", "BB")),
        _M("daa-02", "DAA Tuesday Online", TUE, "20:00", 60, _ONLINE, True, ("O", "D", "ONL")),
    ),
}
# fmt: on


def _attendance(row: _M) -> Attendance:
    if row.where == _ONLINE:
        return Attendance.ONLINE
    if row.where == _PHONE:
        return Attendance.PHONE
    return Attendance.HYBRID if row.hybrid else Attendance.IN_PERSON


def _phone_number(index: int) -> str:
    """A dial-in from Ofcom's drama ranges, so it can never ring a real person."""
    if index % 2:
        return f"03069 990{index % 1000:03d}"
    return f"0808 157 0{index % 1000:03d}"


def _verified(today: date, index: int, stale: bool) -> date:
    """Most entries checked within the last three months; stale ones about 200 days ago."""
    if stale:
        return _day(today, -(190 + index % 25))
    return _day(today, -(3 + (index * 17) % 85))


def _meeting(org: OrgCode, row: _M, index: int, today: date) -> Meeting:
    attendance = _attendance(row)
    start = time.fromisoformat(row.start)
    end = (datetime.combine(today, start) + timedelta(minutes=row.minutes)).time()
    venue = _VENUES.get(row.where)
    lat, lon = _venue_coordinates(row.where) if venue else (None, None)
    has_link = attendance in (Attendance.ONLINE, Attendance.HYBRID)
    phone = _phone_number(index) if attendance is Attendance.PHONE else ""
    notes = row.notes
    if phone and not notes:
        notes = f"Meeting code {400 + index} {700 + index}; callers' numbers are not shown."
    return Meeting(
        id=meeting_id(row.key),
        organisation=org,
        name=row.name,
        weekday=row.day,
        start=start,
        end=end,
        timezone=TIMEZONE,
        attendance=attendance,
        temporarily_closed=row.closed,
        open_meeting=row.open,
        audience=list(row.audience),
        access=list(row.access),
        types=list(row.types),
        venue=venue.name if venue else "",
        address=venue.address if venue else "",
        postcode=venue.postcode if venue else "",
        latitude=lat,
        longitude=lon,
        coord_source="feed" if lat is not None else "",
        online_url=f"https://meet.example.org/kelbridge/{row.key}" if has_link else "",
        phone=phone,
        notes=notes,
        source=SOURCE,
        source_kind=SourceKind.DEMO,
        source_id=row.key,
        last_verified=_verified(today, index, row.stale),
        imported_at=None,
        active=True,
    )


def build_meetings(today: date) -> list[Meeting]:
    """The Kelbridge directory, in table order (grouped by organisation)."""
    rows = [(org, row) for org, group in _MEETINGS.items() for row in group]
    return [_meeting(org, row, i, today) for i, (org, row) in enumerate(rows)]


_MEETING_ROWS: dict[str, tuple[OrgCode, _M]] = {
    row.key: (org, row) for org, group in _MEETINGS.items() for row in group
}


def meeting_id(key: str) -> str:
    """The stored id of a demo meeting from its table key (``aa-01`` -> ``demo:aa-01``)."""
    return f"{SOURCE}:{key}"


# --------------------------------------------------------------------------- staff


class _S(NamedTuple):
    id: str
    name: str
    training: tuple[tuple[TrainingKind, int], ...]
    """(kind, days ago)"""
    visits: tuple[tuple[int, str, str], ...]
    """(about how many days ago, demo meeting key, note): an open meeting they sat in on."""


# Three keyworkers at different points: Jo fully trained with visits, Priya part-way,
# Dan new (FAMA only, no insight visits yet) so self-assessment 3.5/3.6/4.3 shows a gap.
# fmt: off
_STAFF: tuple[_S, ...] = (
    _S("JB", "Jo Bramley",
       ((TrainingKind.FAMA, 410), (TrainingKind.TWELVE_STEP_FACILITATION, 260),
        (TrainingKind.SMART_FACILITATION, 150)),
       ((120, "aa-06", "Open speaker meeting at St Barnabas; very welcoming to newcomers."),
        (64, "smart-01", "Sat in on SMART at the Quaker Meeting House; good use of tools."),
        (23, "alanon-01", "Abbeyfields Al-Anon; asked about a family volunteer contact."))),
    _S("PA", "Priya Anand",
       ((TrainingKind.FAMA, 185), (TrainingKind.SMART_FACILITATION, 95)),
       ((75, "na-01", "Hub Monday NA; met the H&I secretary."),)),
    _S("DO", "Dan Okafor", ((TrainingKind.FAMA, 30),), ()),
)
# fmt: on


def _insight_visit(today: date, days_ago: int, key: str, note: str) -> InsightVisit:
    """A visit falls on the day the meeting is held, about ``days_ago`` days back."""
    org, row = _MEETING_ROWS[key]
    return InsightVisit(date=_meeting_day(today, -days_ago, row.day), organisation=org, note=note)


def build_staff(today: date) -> list[StaffMember]:
    return [
        StaffMember(
            id=s.id,
            name=s.name,
            role="keyworker",
            training=[Training(kind=k, completed=_day(today, -ago)) for k, ago in s.training],
            insight_visits=[_insight_visit(today, ago, key, note) for ago, key, note in s.visits],
            active=True,
        )
        for s in _STAFF
    ]


# --------------------------------------------------------------------------- clients


class _C(NamedTuple):
    code: str
    keyworker: str
    district: str
    substances: tuple[Substance, ...]
    stage: Stage
    episode_start: Offset
    next_review: int | None
    preferences: Preferences
    prior: PriorExperience = PriorExperience.UNKNOWN
    prior_note: str = ""
    share_first_name: bool = False
    for_family: bool = False


# Spread across the stages (2 not started, 3 introduce, 3 connect, 4 follow up) and the
# three keyworkers (JB 5, PA 4, DO 3). Next reviews: two overdue, several this week.
# fmt: off
_CLIENTS: tuple[_C, ...] = (
    _C("KB-1042", "JB", "DE23", (Substance.ALCOHOL,), Stage.FOLLOW_UP, -120, 12,
       Preferences(programmes=[Programme.SMART], earliest=time(17, 0),
                   attendance=[Attendance.IN_PERSON], max_travel_miles=5),
       PriorExperience.DID_NOT_SUIT,
       "Went to AA for a few weeks in 2019; felt it was too religious for them.", True),
    _C("KB-1057", "JB", "DE1", (Substance.OPIATES, Substance.CRACK), Stage.FOLLOW_UP, Q(-20),
       -3,
       Preferences(programmes=[Programme.TWELVE_STEP], earliest=time(18, 0),
                   attendance=[Attendance.IN_PERSON], max_travel_miles=3),
       PriorExperience.HELPED, "Went to NA H&I meetings in prison; it helped while inside.",
       True),
    _C("KB-1063", "JB", "DE22", (Substance.ALCOHOL,), Stage.CONNECT, -21, 10,
       Preferences(programmes=[Programme.TWELVE_STEP, Programme.SMART], days=[MON, THU],
                   earliest=time(18, 30), attendance=[Attendance.IN_PERSON, Attendance.ONLINE]),
       PriorExperience.NONE, "Partner drinks heavily; wants support for themself.", True,
       for_family=True),
    _C("KB-1071", "JB", "DE24", (Substance.COCAINE, Substance.ALCOHOL), Stage.INTRODUCE,
       -14, 2,
       Preferences(earliest=time(18, 0), attendance=[Attendance.IN_PERSON]),
       PriorExperience.NONE),
    _C("KB-1088", "JB", "DE3", (Substance.CANNABIS,), Stage.NOT_STARTED, -6, 20,
       Preferences()),
    _C("KB-1094", "PA", "DE21", (Substance.ALCOHOL,), Stage.FOLLOW_UP, Q(-10), 1,
       Preferences(programmes=[Programme.TWELVE_STEP], days=[SAT, SUN],
                   attendance=[Attendance.IN_PERSON], audience=[Audience.WOMEN],
                   access_needs=[AccessNeed.CHILDCARE]),
       PriorExperience.NONE, "", True),
    _C("KB-1102", "PA", "DE56", (Substance.BENZODIAZEPINES, Substance.ALCOHOL),
       Stage.FOLLOW_UP, -85, 15,
       Preferences(programmes=[Programme.SMART],
                   attendance=[Attendance.ONLINE, Attendance.PHONE]),
       PriorExperience.DID_NOT_SUIT,
       "Tried a big AA meeting years ago and felt overwhelmed by the numbers."),
    _C("KB-1119", "PA", "DE72", (Substance.OPIATES,), Stage.CONNECT, -40, 5,
       Preferences(programmes=[Programme.TWELVE_STEP], attendance=[Attendance.IN_PERSON],
                   access_needs=[AccessNeed.WHEELCHAIR], max_travel_miles=6),
       PriorExperience.HELPED, "Had an NA sponsor a few years back.", True),
    _C("KB-1125", "PA", "DE73", (Substance.ALCOHOL,), Stage.INTRODUCE, -60, -4,
       Preferences(earliest=time(9, 0), latest=time(16, 0)),
       PriorExperience.NONE, "Looks after grandchildren in the evenings."),
    _C("KB-1136", "DO", "DE65", (Substance.CRACK,), Stage.CONNECT, -30, 9,
       Preferences(programmes=[Programme.TWELVE_STEP], days=[FRI, SAT],
                   attendance=[Attendance.IN_PERSON], max_travel_miles=8),
       PriorExperience.NONE, "", True),
    _C("KB-1140", "DO", "DE23", (Substance.METHAMPHETAMINE, Substance.KETAMINE),
       Stage.INTRODUCE, -18, 6,
       Preferences(attendance=[Attendance.ONLINE], audience=[Audience.LGBTQ]),
       PriorExperience.DID_NOT_SUIT,
       "Went to a general NA meeting; did not feel able to talk about chemsex there."),
    _C("KB-1151", "DO", "DE1", (Substance.ALCOHOL, Substance.CANNABIS), Stage.NOT_STARTED,
       -3, 3, Preferences()),
)
# fmt: on


# --------------------------------------------------------------------------- goals


class _G(NamedTuple):
    num: int
    client: str
    wording: str
    meeting: str | None
    """Demo meeting key; the goal's organisation and weekday come from the meeting."""
    target: Offset
    """Snapped to the meeting's weekday on the same side of today."""
    created: Offset
    status: GoalStatus
    link: LinkType = LinkType.NONE
    person: str = ""
    contact_before: bool = False
    travel: str = ""
    barriers: str = ""
    organisation: OrgCode | None = None
    """Only for goals that name no single meeting."""
    review_after: int = 7
    """Days from the target to the date agreed to talk about how it went."""
    planned: int | None = None
    """How many meetings the goal is about (None: one)."""
    reason: str = ""
    """Why a changed or withdrawn goal closed."""


# fmt: off
_GOALS: tuple[_G, ...] = (
    _G(1, "KB-1042",
       "Go to the Tuesday SMART meeting at the Quaker Meeting House with Sam from the peer team",
       "smart-01", -30, -44, GoalStatus.ACHIEVED, LinkType.PEER_MENTOR, "Sam, peer mentor",
       True, "Number 4 bus from Normanby, gets in at 19:05.",
       "If I'm wobbly on the day I'll text Sam rather than just not turn up."),
    _G(2, "KB-1042", "Try the Thursday afternoon SMART group at the Hub as well as Tuesdays",
       "smart-02", -9, -23, GoalStatus.ACHIEVED, LinkType.MEETING_AT_SERVICE),
    _G(3, "KB-1042",
       "Go to at least one SMART meeting a week for the next four weeks and write each one "
       "in my diary",
       None, 26, -2, GoalStatus.PLANNED, organisation=OrgCode.SMART, review_after=2,
       planned=4),
    _G(4, "KB-1057", "Go to the Wednesday NA meeting at St Oswin's Centre on my own",
       "na-03", Q(40), Q(30), GoalStatus.NOT_ACHIEVED),
    _G(5, "KB-1057",
       "Go to the Wednesday NA meeting at St Oswin's Centre. Marcus from NA H&I will meet me "
       "outside at 19:15",
       "na-03", -12, -38, GoalStatus.PLANNED, LinkType.VOLUNTEER_MEETS, "Marcus, NA H&I",
       True, "Bus pass sorted; the number 6 stops outside.",
       "If I feel like bottling it I'll ring Marcus from the bus stop."),
    _G(6, "KB-1094",
       "Try the women's AA meeting on Saturday morning at the Women's Centre, with Priya "
       "meeting me at the door",
       "aa-15", Q(50), Q(40), GoalStatus.ACHIEVED, LinkType.STAFF_MEETS, "Priya, keyworker",
       True, "Walk down with the kids; they can use the play corner."),
    _G(7, "KB-1094",
       "Keep going to women's AA on Saturdays and ring Jen before I go",
       "aa-15", -6, -13, GoalStatus.ONGOING, LinkType.VOLUNTEER_MEETS, "Jen, AA member",
       True),
    _G(8, "KB-1102",
       "Join the Wednesday evening SMART meeting online from home, camera off to start with",
       "smart-03", -16, -30, GoalStatus.CHANGED,
       barriers="Test the link with Priya in a session first.",
       reason="unreliable internet at home"),
    _G(9, "KB-1102",
       "Try the Friday lunchtime SMART phone meeting, as my internet keeps dropping",
       "smart-04", 4, -8, GoalStatus.PLANNED,
       barriers="Dial-in number saved in my phone; ring from the car if the house is busy."),
    _G(10, "KB-1119",
       "Go to the Monday night NA meeting at the Recovery Hub. Kev, my peer mentor, is coming "
       "with me",
       "na-01", -2, -10, GoalStatus.PLANNED, LinkType.PEER_MENTOR, "Kev, peer mentor", True,
       "Kev picks me up at 18:30; the Hub has a ramp at the back."),
    _G(11, "KB-1063",
       "Go to the Thursday Al-Anon meeting at St Wilfrid's Church Hall. Linda from Al-Anon "
       "will look out for me",
       "alanon-01", 3, -1, GoalStatus.PLANNED, LinkType.VOLUNTEER_PHONED,
       "Linda, Al-Anon volunteer", True, "",
       "If I can't get out that night, join Al-Anon online on the Monday instead."),
    _G(12, "KB-1136",
       "Go to Friday Night CA at Wesley Methodist Church; Dan will walk over with me from the "
       "Hub",
       "ca-01", 2, -3, GoalStatus.PLANNED, LinkType.STAFF_ACCOMPANIES, "Dan, keyworker",
       False, "Meet Dan at the Hub at 19:00 and walk over together."),
)
# fmt: on


def goal_id(num: int) -> str:
    return f"demo-goal-{num:02d}"


def _goal(row: _G, keyworker: str, meetings: dict[str, Meeting], today: date) -> Goal:
    meeting = meetings[meeting_id(row.meeting)] if row.meeting else None
    if meeting is not None:
        target = _meeting_day(today, row.target, meeting.weekday)
        organisation: OrgCode | None = meeting.organisation
    else:
        target = _day(today, row.target)
        organisation = row.organisation
    return Goal(
        id=goal_id(row.num),
        client_code=row.client,
        wording=row.wording,
        meeting_id=meeting.id if meeting else None,
        organisation=organisation,
        target_date=target,
        review_date=target + timedelta(days=row.review_after),
        meetings_planned=row.planned,
        support=Support(
            link=row.link,
            linked_person=row.person,
            contact_before=row.contact_before,
            travel_plan=row.travel,
            barriers_plan=row.barriers,
        ),
        status=row.status,
        closed_on=None if row.status.is_open else _closed_on(row.num, today),
        closed_reason=row.reason,
        created_at=_moment(_session_day(today, row.created), 11, 15),
        created_by=keyworker,
    )


def _closed_on(num: int, today: date) -> date:
    """A closed goal closed at the follow-up that reviewed it."""
    (row,) = [r for r in _REVIEWS if r.goal == num]
    return _session_day(today, row.on)


# --------------------------------------------------------------------------- reviews


class _R(NamedTuple):
    num: int
    client: str
    goal: int | None
    on: Offset
    """Always in the past."""
    kind: ReviewType
    attended: Attended
    since_last: int | None
    meetings: tuple[str, ...] = ()
    helpfulness: int | None = None
    like: str = ""
    involvement: tuple[Involvement, ...] = ()
    barriers: tuple[str, ...] = ()
    next_step: NextStep | None = None
    notes: str = ""


# fmt: off
_REVIEWS: tuple[_R, ...] = (
    _R(1, "KB-1042", 1, -23, ReviewType.KEYWORK, Attended.YES, 1, ("smart-01",), 6,
       "Nervous at first. Sam waited outside and sat with me. Nobody made me talk.",
       (Involvement.TOOLS,), (), NextStep.CARRY_ON),
    _R(2, "KB-1042", 2, -2, ReviewType.CARE_PLAN, Attended.YES, 3, ("smart-01", "smart-02"), 8,
       "Used the cost-benefit sheet on a bad night. Said a few words at check-in.",
       (Involvement.TOOLS, Involvement.SPOKE), (), NextStep.CARRY_ON,
       "Goal met; agreed a four-week attendance goal with the diary."),
    _R(3, "KB-1057", 4, Q(47), ReviewType.KEYWORK, Attended.NO, 0, (), None, "", (),
       ("anxious about walking in alone", "no money for the bus"), NextStep.RELINK,
       "Rang NA H&I in session; Marcus will meet him. Bus pass form done."),
    _R(4, "KB-1094", 6, Q(57), ReviewType.KEYWORK, Attended.YES, 2, ("aa-15",), 7,
       "Felt at home straight away; lots of women my age and the kids were fine.",
       (Involvement.NUMBERS,), (), NextStep.CARRY_ON),
    _R(5, "KB-1102", 8, -8, ReviewType.KEYWORK, Attended.YES, 1, ("smart-03",), 3,
       "Hard to get a word in online and the internet kept dropping; facilitator was kind.",
       (Involvement.TOOLS,), ("unreliable internet at home",), NextStep.TRY_ANOTHER_MEETING),
)
# fmt: on


def _review(row: _R, keyworker: str, today: date) -> Review:
    on = _session_day(today, row.on)
    return Review(
        id=f"demo-review-{row.num:02d}",
        client_code=row.client,
        goal_id=goal_id(row.goal) if row.goal else None,
        date=on,
        review_type=row.kind,
        attended=row.attended,
        meetings_since_last=row.since_last,
        meeting_ids=[meeting_id(key) for key in row.meetings],
        helpfulness=row.helpfulness,
        what_it_was_like=row.like,
        involvement=list(row.involvement),
        barriers=list(row.barriers),
        next_step=row.next_step,
        notes=row.notes,
        recorded_by=keyworker,
        created_at=_moment(on, 15, 30),
    )


# --------------------------------------------------------------------------- conversations

# Each demo conversation is played through the real engine (``fama.conversation``) and
# saved with ``apply_outcome``, exactly as the conversation screen would have saved it, so
# its transcript, its resumable state and what it recorded on the client (stage, profile,
# goal, next review) all line up, and the app resumes it at the step where it stopped.


class _Goal(NamedTuple):
    """The goal form's answer, taken from the ``_GOALS`` row with this number: the engine
    creates that goal (in place of the hand-written one) and the demo gives it its id."""

    num: int


class _NextReview(NamedTuple):
    """A date answer: the day of the client's next care-plan review (``_CLIENTS`` row)."""


_Answer = str | int | tuple[str, ...] | _Goal | _NextReview | None
"""An answer as the keyworker would give it; None for an info step or a skipped one."""


class _Session(NamedTuple):
    on: Offset
    """Moved to a working day like every keywork session."""
    answers: tuple[tuple[str, _Answer], ...]
    """(the step the engine must be at, the answer), in order, from 10:00, two minutes apart."""


class _V(NamedTuple):
    num: int
    client: str
    sessions: tuple[_Session, ...]
    handouts: tuple[tuple[str, str, HandoutAction], ...] = ()
    """(the step whose answer brought it up, handout id, action): logged a minute later."""


_SKIP = None

# fmt: off
_CONVERSATIONS: tuple[_V, ...] = (
    # A family member: stage 1 two weeks ago, then stage 2 yesterday, when Linda from
    # Al-Anon was phoned in the session. Finished; the goal is demo-goal-11.
    _V(1, "KB-1063", (
        _Session(-14, (
            ("fam_raise", "yes"),
            ("fam_hopes", "To talk to people who live with it too. I'm scared he'll find "
                          "out, and of crying in front of strangers."),
            ("fam_options", None),
            ("fam_interest", 7),
            ("fam_ready", "yes"),
            ("fam_programmes", ("twelve_step", "smart")),
        )),
        _Session(-1, (
            ("s1_days", ("mon", "thu")),
            ("s1_times", _SKIP),
            ("s1_attendance", _SKIP),
            ("s1_audience", ()),
            ("s1_access", ()),
            ("s1_travel", _SKIP),
            ("s2_meetings", (meeting_id("alanon-01"),)),
            ("s2_goal", _Goal(11)),
            ("s2_link", "volunteer_phoned"),
            ("s2_consent", "yes"),
            ("s2_person", "Linda, Al-Anon volunteer"),
            ("s2_travel", _SKIP),
            ("s2_barriers", "If I can't get out that night, join Al-Anon online on the "
                            "Monday instead."),
            ("s2_plan", None),
        )),
    ), (("fam_hopes", "family-and-friends", HandoutAction.GIVEN),
        ("s2_plan", "your-first-meeting", HandoutAction.GIVEN))),
    # Through stage 1 last week; wants to think about it before looking for a meeting.
    # In progress: stopped at "Shall we look for a meeting you could try?".
    _V(2, "KB-1071", (
        _Session(-7, (
            ("s1_raise", "yes"),
            ("s1_past", "none"),
            ("s1_know", "Not much. Thought AA was all old blokes and God."),
            ("s1_hopes", "Somewhere to go on the nights I'd be out. Worried it's religious "
                         "and that I'd have to speak."),
            ("s1_options", None),
            ("s1_interest", 6),
        )),
    ), (("s1_hopes", "god-and-religion", HandoutAction.GIVEN),
        ("s1_hopes", "you-dont-have-to-speak", HandoutAction.SHOWN))),
    # Said no for now, which is respected: stage stays "not started", and the keyworker
    # comes back to it at the next review. Finished.
    _V(3, "KB-1088", (
        _Session(-5, (
            ("s1_raise", "no"),
            ("declined", "Wants to get the cannabis down first; might think about it once "
                         "college settles."),
            ("declined_revisit", _NextReview()),
        )),
    )),
    # In progress: stopped at the hopes and worries step.
    _V(4, "KB-1125", (
        _Session(-5, (
            ("s1_raise", "yes"),
            ("s1_past", "none"),
            ("s1_know", "My dad went to AA. It didn't stop him."),
        )),
    )),
    # Stage 1 and most of stage 2 three days ago: Friday Night CA, with Dan walking over
    # from the Hub (the goal is demo-goal-12). In progress: stopped at "What might stop
    # you going?".
    _V(5, "KB-1136", (
        _Session(-3, (
            ("s1_raise", "yes"),
            ("s1_past", "none"),
            ("s1_know", "Heard of NA. Didn't know there was one just for crack and coke."),
            ("s1_hopes", "People who've been where I am. Worried about bumping into someone "
                         "I used with."),
            ("s1_options", None),
            ("s1_interest", 8),
            ("s1_ready", "yes"),
            ("s1_programmes", ("twelve_step",)),
            ("s1_days", ("fri", "sat")),
            ("s1_times", "any"),
            ("s1_attendance", _SKIP),
            ("s1_audience", ()),
            ("s1_access", ()),
            ("s1_travel", _SKIP),
            ("s2_meetings", (meeting_id("ca-01"),)),
            ("s2_goal", _Goal(12)),
            ("s2_link", "staff_goes"),
            ("s2_consent", "yes"),
            ("s2_person", "Dan, keyworker"),
            ("s2_travel", "Meet Dan at the Hub at 19:00 and walk over together."),
        )),
    ), (("s1_hopes", "who-goes", HandoutAction.SHOWN),
        ("s2_meetings", "twelve-step-meeting", HandoutAction.GIVEN))),
    # Last quarter: stage 1 and 2 in one session, for the Wednesday NA meeting on his own
    # (goal demo-goal-04; he did not get there, and a volunteer was linked at the follow-up).
    _V(7, "KB-1057", (
        _Session(Q(30), (
            ("s1_raise", "yes"),
            ("s1_past", "helped"),
            ("s1_past_what", "Went to NA H&I meetings in prison; it helped while inside."),
            ("s1_know", "Knows NA from inside. Not sure about meetings out here."),
            ("s1_hopes", "Staying out of trouble. Worried I'll see people I used with."),
            ("s1_options", None),
            ("s1_interest", 6),
            ("s1_ready", "yes"),
            ("s1_programmes", ("twelve_step",)),
            ("s1_days", ()),
            ("s1_times", _SKIP),
            ("s1_attendance", _SKIP),
            ("s1_audience", ()),
            ("s1_access", ()),
            ("s1_travel", _SKIP),
            ("s2_meetings", (meeting_id("na-03"),)),
            ("s2_goal", _Goal(4)),
            ("s2_link", "none"),
            ("s2_travel", _SKIP),
            ("s2_barriers", "If I feel like not going, ring the service first."),
            ("s2_plan", None),
        )),
    ), (("s1_hopes", "anonymity", HandoutAction.GIVEN),)),
    # Last quarter: women's AA on Saturday mornings, with Priya meeting her at the door
    # (goal demo-goal-06, achieved at the follow-up).
    _V(8, "KB-1094", (
        _Session(Q(40), (
            ("s1_raise", "yes"),
            ("s1_past", "none"),
            ("s1_know", "Nothing really."),
            ("s1_hopes", "Other women who've been there. Worried about the kids on a "
                         "Saturday and that it's all old men."),
            ("s1_options", None),
            ("s1_interest", 8),
            ("s1_ready", "yes"),
            ("s1_programmes", ("twelve_step",)),
            ("s1_days", ("sat", "sun")),
            ("s1_times", _SKIP),
            ("s1_attendance", _SKIP),
            ("s1_audience", ("women",)),
            ("s1_access", ("children",)),
            ("s1_travel", _SKIP),
            ("s2_meetings", (meeting_id("aa-15"),)),
            ("s2_goal", _Goal(6)),
            ("s2_link", "staff_meets"),
            ("s2_consent", "yes"),
            ("s2_person", "Priya, keyworker"),
            ("s2_travel", "Walk down with the kids; they can use the play corner."),
            ("s2_barriers", "If the kids are poorly, ring Priya and go the week after."),
            ("s2_plan", None),
        )),
    ), (("s1_hopes", "who-goes", HandoutAction.GIVEN),)),
    # Went to NA once and it didn't suit. In progress: stopped at the interest scale.
    _V(6, "KB-1140", (
        _Session(-4, (
            ("s1_raise", "yes"),
            ("s1_past", "did_not_suit"),
            ("s1_past_what", "Went to a general NA meeting; did not feel able to talk about "
                             "chemsex there."),
            ("s1_know", "There's CMA online, a mate said."),
            ("s1_hopes", "Somewhere I won't be judged about chemsex. Online, camera off."),
            ("s1_options", None),
        )),
    ), (("s1_hopes", "one-bad-meeting", HandoutAction.SHOWN),
        ("s1_hopes", "online-and-phone", HandoutAction.GIVEN))),
)
# fmt: on

_CONVERSATION_GOALS = frozenset(
    answer.num
    for row in _CONVERSATIONS
    for session in row.sessions
    for _, answer in session.answers
    if isinstance(answer, _Goal)
)
"""Goals the conversations create: the records take them from the engine, not ``_GOALS``."""

_GOAL_ROWS = {row.num: row for row in _GOALS}


def _open_goal_ids(record: ClientRecord, before: datetime) -> list[str]:
    """As ``fama.casebook.conversation.open_goal_ids`` (which would import the store), for
    the goals agreed before ``before``: a conversation of last quarter knew nothing later."""
    goals = sorted(
        (g for g in record.goals if g.status.is_open and g.created_at < before),
        key=lambda g: g.target_date,
    )
    return [g.id for g in goals]


def _goal_answer(row: _G, meetings: dict[str, Meeting], today: date) -> GoalAnswer:
    goal = _goal(row, "JB", meetings, today)  # only its wording and dates are used
    return GoalAnswer(
        wording=goal.wording,
        target_date=goal.target_date,
        review_date=goal.review_date,
        organisation=goal.organisation.value if goal.organisation else None,
    )


def _engine_answer(value: _Answer, client: _C, meetings: dict[str, Meeting], today: date) -> object:
    if isinstance(value, _Goal):
        return _goal_answer(_GOAL_ROWS[value.num], meetings, today).to_dict()
    if isinstance(value, _NextReview):
        assert client.next_review is not None
        return _session_day(today, client.next_review).isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _rename_goal(
    record: ClientRecord, conversation: Conversation, before: ClientRecord, row: _G, today: date
) -> tuple[ClientRecord, Conversation]:
    """Give the goal the engine just created (with a random id) the demo's fixed id, and the
    state its row says it reached later (a goal of last quarter was followed up since)."""
    new_id = goal_id(row.num)
    old_ids = {g.id for g in before.goals}
    (created,) = [g for g in record.goals if g.id not in old_ids]
    later: dict[str, object] = {"id": new_id, "meetings_planned": row.planned}
    if not row.status.is_open:
        later.update(status=row.status, closed_on=_closed_on(row.num, today))
    goals = [
        Goal.model_validate({**g.model_dump(), **later}) if g is created else g
        for g in record.goals
    ]
    state = dict(conversation.state)
    state["records"] = {
        origin: {**entry, "goals": [new_id if i == created.id else i for i in entry["goals"]]}
        for origin, entry in state["records"].items()
    }
    conversation = conversation.model_copy(update={"state": state})
    conversations = [conversation if c.id == conversation.id else c for c in record.conversations]
    return record.model_copy(update={"goals": goals, "conversations": conversations}), conversation


def _converse(
    row: _V,
    client_row: _C,
    record: ClientRecord,
    script: Script,
    meetings: dict[str, Meeting],
    today: date,
) -> ClientRecord:
    """Play one demo conversation through the engine, saving every answer as the app does."""
    client = record.client
    started = _moment(_session_day(today, row.sessions[0].on), 10, 0)
    state = start(script, Context.from_client(client, _open_goal_ids(record, before=started)))
    conversation = Conversation(
        id=f"demo-conversation-{row.num:02d}",
        client_code=client.code,
        keyworker=client.keyworker,
        started_at=started,
        updated_at=started,
        stage_reached=Stage.NOT_STARTED,
        state={**state.to_dict(), "stage_before": client.stage.value},
    )
    record = record.model_copy(update={"conversations": [*record.conversations, conversation]})
    answered_at: dict[str, datetime] = {}
    for session in row.sessions:
        day = _session_day(today, session.on)
        for i, (step_id, value) in enumerate(session.answers):
            if state.step != step_id:
                raise ValueError(
                    f"Demo conversation {row.num} expected step {step_id!r} but the script "
                    f"is at {state.step!r}."
                )
            now = _moment(day, 10, 2 * (i + 1))
            outcome = answer(
                script, state, _engine_answer(value, client_row, meetings, today), today=day
            )
            before = record
            record, conversation = apply_outcome(
                record, conversation, outcome, now=now, keyworker=client.keyworker
            )
            if isinstance(value, _Goal):
                record, conversation = _rename_goal(
                    record, conversation, before, _GOAL_ROWS[value.num], today
                )
            state = outcome.state
            answered_at[step_id] = now
    handouts = [
        HandoutEvent(
            handout_id=handout,
            action=action,
            at=answered_at[step_id] + timedelta(minutes=1, seconds=i),
        )
        for i, (step_id, handout, action) in enumerate(row.handouts)
    ]
    conversation = conversation.model_copy(
        update={
            "handouts": handouts,
            "updated_at": max([conversation.updated_at] + [h.at for h in handouts]),
        }
    )
    conversations = [conversation if c.id == conversation.id else c for c in record.conversations]
    return record.model_copy(update={"conversations": conversations})


# --------------------------------------------------------------------------- records


def _record(row: _C, script: Script, meetings: dict[str, Meeting], today: date) -> ClientRecord:
    goals = [
        _goal(g, row.keyworker, meetings, today)
        for g in _GOALS
        if g.client == row.code and g.num not in _CONVERSATION_GOALS
    ]
    reviews = [_review(r, row.keyworker, today) for r in _REVIEWS if r.client == row.code]
    conversations = [v for v in _CONVERSATIONS if v.client == row.code]
    episode_start = _session_day(today, row.episode_start)
    created = _moment(episode_start, 9, 30)
    client = Client(
        code=row.code,
        keyworker=row.keyworker,
        postcode_district=row.district,
        substances=list(row.substances),
        for_family=row.for_family,
        # A client with a conversation had not started before it: the engine sets the stage.
        stage=Stage.NOT_STARTED if conversations else row.stage,
        preferences=row.preferences.model_copy(deep=True),
        prior_experience=row.prior,
        prior_experience_note=row.prior_note,
        consent=Consent(share_first_name=row.share_first_name),
        episode_start=episode_start,
        discharged=None,
        next_review=(_session_day(today, row.next_review) if row.next_review is not None else None),
        created_at=created,
        updated_at=created,
    )
    record = ClientRecord(client=client, goals=goals, reviews=reviews)
    for conversation in conversations:
        record = _converse(conversation, row, record, script, meetings, today)
    order = list(Stage)
    if order.index(record.client.stage) > order.index(row.stage):
        raise ValueError(
            f"Demo client {row.code} ended its conversation at stage "
            f"{record.client.stage.value!r}, past {row.stage.value!r}."
        )
    if conversations and record.client.stage is not row.stage:  # followed up by hand since
        if not any(r.is_follow_up for r in record.reviews):
            raise ValueError(
                f"Demo client {row.code} is at stage {row.stage.value!r} with no follow-up."
            )
        record = record.model_copy(
            update={"client": record.client.model_copy(update={"stage": row.stage})}
        )
    updated = max(
        [created]
        + [g.created_at for g in record.goals]
        + [r.created_at for r in record.reviews]
        + [c.updated_at for c in record.conversations]
    )
    goals = sorted(record.goals, key=lambda g: g.id)
    return record.model_copy(
        update={"client": record.client.model_copy(update={"updated_at": updated}), "goals": goals}
    )


def build_demo(today: date) -> DemoData:
    """The whole demo for ``today``: deterministic, and valid against every model."""
    meetings = build_meetings(today)
    by_id = {m.id: m for m in meetings}
    script = load_script()
    return DemoData(
        staff=build_staff(today),
        meetings=meetings,
        records=[_record(row, script, by_id, today) for row in _CLIENTS],
    )
