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
    Turn,
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


def _day(today: date, offset: int) -> date:
    return today + timedelta(days=offset)


def _session_day(today: date, offset: int) -> date:
    """A working day near ``today + offset``: keywork sessions don't happen at weekends.

    Past dates move back to the Friday and future ones forward to the Monday, so a date
    in the past stays in the past (overdue stays overdue) and a future one stays ahead.
    """
    day = _day(today, offset)
    step = -1 if offset < 0 else 1
    while day.weekday() >= Weekday.SATURDAY:
        day += timedelta(days=step)
    return day


def _meeting_day(today: date, offset: int, weekday: Weekday) -> date:
    """The meeting's weekday nearest ``today + offset``, on the same side of today.

    A goal names a meeting ("the Wednesday NA meeting"), so its target date must be a
    Wednesday. Past offsets snap back (at most six days) and future ones forward.
    """
    day = _day(today, offset)
    step = -1 if offset < 0 else 1
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
    episode_start: int
    """Days from today (negative: in the past)."""
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
    _C("KB-1057", "JB", "DE1", (Substance.OPIATES, Substance.CRACK), Stage.FOLLOW_UP, -95, -3,
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
    _C("KB-1094", "PA", "DE21", (Substance.ALCOHOL,), Stage.FOLLOW_UP, -70, 1,
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
    target: int
    """Days from today; snapped to the meeting's weekday on the same side of today."""
    created: int
    status: GoalStatus
    link: LinkType = LinkType.NONE
    person: str = ""
    contact_before: bool = False
    travel: str = ""
    barriers: str = ""
    organisation: OrgCode | None = None
    """Only for goals that name no single meeting."""
    review_after: int = 7


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
       None, 26, -2, GoalStatus.PLANNED, organisation=OrgCode.SMART, review_after=2),
    _G(4, "KB-1057", "Go to the Wednesday NA meeting at St Oswin's Centre on my own",
       "na-03", -45, -55, GoalStatus.NOT_ACHIEVED),
    _G(5, "KB-1057",
       "Go to the Wednesday NA meeting at St Oswin's Centre. Marcus from NA H&I will meet me "
       "outside at 19:15",
       "na-03", -12, -38, GoalStatus.PLANNED, LinkType.VOLUNTEER_MEETS, "Marcus, NA H&I",
       True, "Bus pass sorted; the number 6 stops outside.",
       "If I feel like bottling it I'll ring Marcus from the bus stop."),
    _G(6, "KB-1094",
       "Try the women's AA meeting on Saturday morning at the Women's Centre, with Priya "
       "meeting me at the door",
       "aa-15", -20, -30, GoalStatus.ACHIEVED, LinkType.STAFF_MEETS, "Priya, keyworker",
       True, "Walk down with the kids; they can use the play corner."),
    _G(7, "KB-1094",
       "Keep going to women's AA on Saturdays and ring Jen before I go",
       "aa-15", -6, -13, GoalStatus.PLANNED, LinkType.VOLUNTEER_MEETS, "Jen, AA member",
       True),
    _G(8, "KB-1102",
       "Join the Wednesday evening SMART meeting online from home, camera off to start with",
       "smart-03", -16, -30, GoalStatus.ACHIEVED,
       barriers="Test the link with Priya in a session first."),
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
        support=Support(
            link=row.link,
            linked_person=row.person,
            contact_before=row.contact_before,
            travel_plan=row.travel,
            barriers_plan=row.barriers,
        ),
        status=row.status,
        created_at=_moment(_session_day(today, row.created), 11, 15),
        created_by=keyworker,
    )


# --------------------------------------------------------------------------- reviews


class _R(NamedTuple):
    num: int
    client: str
    goal: int | None
    on: int
    """Days from today (always in the past)."""
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
    _R(3, "KB-1057", 4, -38, ReviewType.KEYWORK, Attended.NO, 0, (), None, "", (),
       ("anxious about walking in alone", "no money for the bus"), NextStep.RELINK,
       "Rang NA H&I in session; Marcus will meet him. Bus pass form done."),
    _R(4, "KB-1094", 6, -13, ReviewType.KEYWORK, Attended.YES, 2, ("aa-15",), 7,
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

_T = tuple[str, str, str | int | tuple[str, ...]]
"""A turn: (step id, prompt, answer)."""

_RAISE: _T = ("raise", "Can we talk about mutual aid groups for a few minutes?", "yes")
_KNOW: _T = (
    "knowledge",
    "What do you know about groups like AA, NA, CA or SMART Recovery?",
    "Not much. Thought AA was all old blokes and God.",
)
_PRIOR = "Have you been to one before? What was it like?"
_NETWORK = "Who in your life backs you staying off it, and who makes it harder?"
_WORRIES = "Is anything worrying you about going?"
_SUITS = (
    "What would suit you best: practical tools, hearing other people's stories, people "
    "who used the same drug, a particular group, or online?"
)
_INTEREST = "On 0 to 10, how interested are you in trying one meeting?"
_WHICH = "Which of these could you realistically get to this week?"
_LINK = "Would it help if someone met you at the door or went with you?"
_CONSENT = "Can I have your OK to give the volunteer your first name and number?"
_BARRIERS = "What might stop you going, and what's the plan if it does?"


class _V(NamedTuple):
    num: int
    client: str
    on: int
    stage: Stage
    finished: bool
    turns: tuple[_T, ...]
    handouts: tuple[tuple[str, HandoutAction], ...] = ()


# fmt: off
_CONVERSATIONS: tuple[_V, ...] = (
    _V(1, "KB-1063", -14, Stage.INTRODUCE, True, (
        ("raise", "Can we talk about groups for family members?", "yes"),
        ("prior_experience", _PRIOR, PriorExperience.NONE.value),
        ("worries", _WORRIES, ("he'll find out", "crying in front of strangers")),
        ("preference", _SUITS, ("other families", "online")),
        ("interest", _INTEREST, 7),
    ), (("myths-and-facts", HandoutAction.SHOWN), ("family-groups", HandoutAction.GIVEN))),
    _V(2, "KB-1063", -1, Stage.CONNECT, True, (
        ("choose_meeting", _WHICH, meeting_id("alanon-01")),
        ("link", _LINK, "Linda, Al-Anon volunteer, phoned in the session"),
        ("consent", _CONSENT, "yes"),
        ("barriers", _BARRIERS, "He might kick off; I'll say I'm at my book club."),
        ("goal", "Let's write the goal in your words.", "Thursday Al-Anon with Linda"),
    )),
    _V(3, "KB-1071", -7, Stage.INTRODUCE, True, (
        _RAISE, _KNOW,
        ("prior_experience", _PRIOR, PriorExperience.NONE.value),
        ("network", _NETWORK, "My sister backs me. The lads from the pub make it harder."),
        ("worries", _WORRIES, ("religion", "having to speak")),
        ("preference", _SUITS, ("people who used the same drug", "practical tools")),
        ("interest", _INTEREST, 6),
    ), (("myths-and-facts", HandoutAction.GIVEN),)),
    _V(4, "KB-1125", -5, Stage.INTRODUCE, False, (
        _RAISE,
        ("knowledge", _KNOW[1], "My dad went to AA. It didn't stop him."),
        ("prior_experience", _PRIOR, PriorExperience.NONE.value),
    )),
    _V(5, "KB-1136", -3, Stage.CONNECT, True, (
        ("choose_meeting", _WHICH, meeting_id("ca-01")),
        ("link", _LINK, "Dan to walk over with him from the Hub"),
        ("barriers", _BARRIERS, "Friday is payday; plan to go straight from the Hub."),
        ("goal", "Let's write the goal in your words.", "Friday Night CA with Dan"),
    ), (("what-happens-at-a-meeting", HandoutAction.GIVEN),)),
    _V(6, "KB-1140", -4, Stage.INTRODUCE, True, (
        _RAISE,
        ("prior_experience", _PRIOR, PriorExperience.DID_NOT_SUIT.value),
        ("worries", _WORRIES, ("being judged about chemsex",)),
        ("preference", _SUITS, ("online", "LGBTQ+ group")),
        ("interest", _INTEREST, 5),
    ), (("myths-and-facts", HandoutAction.SHOWN),)),
)
# fmt: on


def _answer(value: str | int | tuple[str, ...]) -> str | int | list[str]:
    return list(value) if isinstance(value, tuple) else value


def _conversation(row: _V, keyworker: str, today: date) -> Conversation:
    day = _session_day(today, row.on)
    started = _moment(day, 10, 0)
    turns = [
        Turn(
            step_id=step,
            prompt=prompt,
            answer=_answer(answer),
            answered_at=started + timedelta(minutes=2 * (i + 1)),
        )
        for i, (step, prompt, answer) in enumerate(row.turns)
    ]
    handouts = [
        HandoutEvent(
            handout_id=handout,
            action=action,
            at=started + timedelta(minutes=2 * len(turns) + i + 1),
        )
        for i, (handout, action) in enumerate(row.handouts)
    ]
    moments = [t.answered_at for t in turns] + [h.at for h in handouts]
    return Conversation(
        id=f"demo-conversation-{row.num:02d}",
        client_code=row.client,
        keyworker=keyworker,
        started_at=started,
        updated_at=max(moments, default=started),
        turns=turns,
        handouts=handouts,
        stage_reached=row.stage,
        state={"step": "done" if row.finished else row.turns[-1][0]},
        finished=row.finished,
    )


# --------------------------------------------------------------------------- records


def _record(row: _C, meetings: dict[str, Meeting], today: date) -> ClientRecord:
    goals = [_goal(g, row.keyworker, meetings, today) for g in _GOALS if g.client == row.code]
    reviews = [_review(r, row.keyworker, today) for r in _REVIEWS if r.client == row.code]
    conversations = [
        _conversation(v, row.keyworker, today) for v in _CONVERSATIONS if v.client == row.code
    ]
    episode_start = _session_day(today, row.episode_start)
    created = _moment(episode_start, 9, 30)
    updated = max(
        [created]
        + [g.created_at for g in goals]
        + [r.created_at for r in reviews]
        + [c.updated_at for c in conversations]
    )
    client = Client(
        code=row.code,
        keyworker=row.keyworker,
        postcode_district=row.district,
        substances=list(row.substances),
        for_family=row.for_family,
        stage=row.stage,
        preferences=row.preferences.model_copy(deep=True),
        prior_experience=row.prior,
        prior_experience_note=row.prior_note,
        consent=Consent(share_first_name=row.share_first_name),
        episode_start=episode_start,
        discharged=None,
        next_review=(_session_day(today, row.next_review) if row.next_review is not None else None),
        created_at=created,
        updated_at=updated,
    )
    return ClientRecord(client=client, goals=goals, reviews=reviews, conversations=conversations)


def build_demo(today: date) -> DemoData:
    """The whole demo for ``today``: deterministic, and valid against every model."""
    meetings = build_meetings(today)
    by_id = {m.id: m for m in meetings}
    return DemoData(
        staff=build_staff(today),
        meetings=meetings,
        records=[_record(row, by_id, today) for row in _CLIENTS],
    )
