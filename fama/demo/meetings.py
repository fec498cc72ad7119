"""The demo town's meeting directory: a table of meetings of every organisation and kind
(in person, online, phone, hybrid; open and closed; women, men, LGBTQ+, young people;
temporarily closed; stale), and the ``Meeting`` records built from it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from fama.demo.days import FRI, MON, SAT, SUN, THU, TUE, WED, offset_day
from fama.demo.places import VENUES, venue_coordinates
from fama.models import AccessNeed, Attendance, Audience, Meeting, OrgCode, SourceKind, Weekday

SOURCE = "demo"
TIMEZONE = "Europe/London"

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
        return offset_day(today, -(190 + index % 25))
    return offset_day(today, -(3 + (index * 17) % 85))


def _meeting(org: OrgCode, row: _M, index: int, today: date) -> Meeting:
    attendance = _attendance(row)
    start = time.fromisoformat(row.start)
    end = (datetime.combine(today, start) + timedelta(minutes=row.minutes)).time()
    venue = VENUES.get(row.where)
    lat, lon = venue_coordinates(row.where) if venue else (None, None)
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


MEETING_ROWS: dict[str, tuple[OrgCode, _M]] = {
    row.key: (org, row) for org, group in _MEETINGS.items() for row in group
}


def meeting_id(key: str) -> str:
    """The stored id of a demo meeting from its table key (``aa-01`` -> ``demo:aa-01``)."""
    return f"{SOURCE}:{key}"
