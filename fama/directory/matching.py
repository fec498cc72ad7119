"""Matching a client with meetings that fit (FAMA stage 2: connect).

Two kinds of rule, as a keyworker would apply them:

**Hard needs exclude.** A meeting that is not running (inactive, or temporarily closed) is
never offered and is not counted as "considered". Every running meeting that fails a hard
need is counted under the *first* rule it fails, in this fixed order, so the counts add up
(``considered == fitting + sum(excluded)``) and do not depend on the directory's order:

1. who the group is for: family-and-friends groups (``family=True``) or groups for the
   client's own recovery (``family=False``), from the organisation registry;
2. programme, if any was asked for (12-step, SMART, local);
3. ways of attending the client can use (a hybrid meeting suits someone who can attend in
   person *or* online);
4. audience asked for, one tag at a time (women-only, men-only, LGBTQ+, young people);
5. access needs, one at a time (the meeting's tags must include each; step-free access is
   met by online and phone meetings, which have no venue to reach);
6. distance (``within_miles``), for meetings the client would attend in person: too far, or
   "distance unknown" when the client's district or the venue cannot be placed. Online and
   phone meetings have no distance; a hybrid meeting beyond reach still fits a client who
   can join online.

**Preferences rank.** Each fitting meeting gets a score (higher is better), from weighted
parts each between 0 and 1:

=================  ======  ==========================================================
part               weight  how
=================  ======  ==========================================================
substance fit      3       the fellowship's fit with the client's substances (AA for
                           drinking, CA for cocaine and crack, ...); 0.5 when unknown
travel             3       ``1 / (1 + miles / 3)`` in person; 0.5 online or by phone
                           (about as good as three miles away); 0.3 distance unknown;
                           a hybrid meeting takes the better way the client can use
day and time       2       asked-for day (1 or 0) and start inside the window (1,
                           fading to 0 two hours outside it), averaged; 0 if not asked
open meeting       1       open 1, unknown 0.5, closed 0: a keyworker can go along to
                           an open meeting for the first visit
soonest            1       ``1 - hours until the next one / 168``
audience not       -1.5    a women's, men's, LGBTQ+ or young people's group the client
asked for                  did not ask for (we don't record gender, so it is not a need)
=================  ======  ==========================================================

Ties break by the sooner next occurrence, then the meeting id, so the order is always the
same. Reasons are plain words for the keyworker; they are worked out only for the results.

Pure and fast: no Textual, no TinyDB, no pydantic construction in the loop, no zoneinfo per
meeting (a weekday-offset table gives the next occurrence).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from operator import itemgetter

from fama.clock import london
from fama.directory.geo import (
    BASIS_AREA,
    BASIS_WITHOUT_LETTER,
    EARTH_RADIUS_MILES,
    Located,
    Locations,
    area_of,
    outcode_of,
)
from fama.models.client import Client, Preferences
from fama.models.meeting import Meeting
from fama.models.organisations import ORGANISATIONS, ForWhom, OrgCode
from fama.models.vocab import AccessNeed, Attendance, Audience, Programme, Substance, Weekday

# --------------------------------------------------------------------------- weights

W_SUBSTANCE = 3.0
W_TRAVEL = 3.0
W_WHEN = 2.0
W_OPEN = 1.0
W_SOON = 1.0
AUDIENCE_NOT_ASKED = -1.5

REMOTE_TRAVEL = 0.5
"""Travel score for joining online or by phone: as good as a venue about three miles away."""
UNKNOWN_TRAVEL = 0.3
NEUTRAL_SUBSTANCE = 0.5
TRAVEL_SCALE_MILES = 3.0
WINDOW_FADE_MINUTES = 120.0
WEEK_MINUTES = 7 * 24 * 60
SUBSTANCE_REASON_AT = 0.6
"""The substance fit from which the fellowship's own words are given as a reason."""

# --------------------------------------------------------------------------- substance fit

_DRUGS = tuple(s for s in Substance if s not in (Substance.ALCOHOL, Substance.OTHER))


def _fit_table() -> dict[OrgCode, dict[Substance, float]]:
    """How well each fellowship suits each substance (0 = not for it, 1 = made for it).

    Follows the registry's ``substances`` (an organisation never scores for a substance it
    is not for) and the domain brief §8: NA any drug, alcohol included; CA cocaine, crack
    and all mind-altering substances; DAA drugs; MA cannabis; CMA methamphetamine; AA
    drinking; SMART and local groups anything. Family groups by the loved one's substance.
    """
    S = Substance
    drugs = dict.fromkeys(_DRUGS, 0.9)
    rows: dict[OrgCode, tuple[float, dict[Substance, float]]] = {
        OrgCode.AA: (0.0, {S.ALCOHOL: 1.0}),
        OrgCode.NA: (0.6, drugs | {S.OPIATES: 1.0, S.ALCOHOL: 0.4}),
        OrgCode.CA: (0.5, {S.COCAINE: 1.0, S.CRACK: 1.0, S.ALCOHOL: 0.3}),
        OrgCode.DAA: (0.5, dict.fromkeys(_DRUGS, 0.8) | {S.OPIATES: 1.0, S.ALCOHOL: 0.0}),
        OrgCode.MA: (0.0, {S.CANNABIS: 1.0}),
        OrgCode.CMA: (0.0, {S.METHAMPHETAMINE: 1.0}),
        OrgCode.SMART: (0.8, {}),
        OrgCode.LOCAL: (0.7, {}),
        OrgCode.AL_ANON: (0.2, {S.ALCOHOL: 1.0}),
        OrgCode.ALATEEN: (0.2, {S.ALCOHOL: 1.0}),
        OrgCode.FAMILIES_ANONYMOUS: (1.0, {S.ALCOHOL: 0.5, S.OTHER: 0.7}),
        OrgCode.SMART_FAMILY: (0.8, {}),
    }
    for org in OrgCode:  # anything added to the registry later: any substance it lists
        if org not in rows:
            listed = ORGANISATIONS[org].substances
            rows[org] = (0.0, dict.fromkeys(listed, 0.7)) if listed else (0.7, {})
    return {
        org: dict.fromkeys(Substance, default) | special for org, (default, special) in rows.items()
    }


SUBSTANCE_FIT: dict[OrgCode, dict[Substance, float]] = _fit_table()

_ORG_WORDS: dict[OrgCode, str] = {
    OrgCode.AA: "AA is for people who want to stop drinking",
    OrgCode.NA: "NA welcomes people who use any drug",
    OrgCode.CA: "CA welcomes people who use any mind-altering drug",
    OrgCode.DAA: "DAA is for people who use drugs",
    OrgCode.MA: "MA is for people who use cannabis",
    OrgCode.CMA: "CMA is for people who use crystal meth",
    OrgCode.SMART: "SMART: for any substance or behaviour",
    OrgCode.LOCAL: "local recovery group: for anyone in recovery",
    OrgCode.AL_ANON: "Al-Anon is for family and friends of drinkers",
    OrgCode.ALATEEN: "Alateen is for teenagers affected by someone's drinking",
    OrgCode.FAMILIES_ANONYMOUS: "FA is for family and friends of people who use drugs",
    OrgCode.SMART_FAMILY: "SMART Family & Friends: for anyone affected by someone's use",
}
_CA_SPECIFIC = "CA is for people who use cocaine or crack"

# --------------------------------------------------------------------------- plain words

_PROGRAMME_WORDS = {
    Programme.TWELVE_STEP: "12-step",
    Programme.SMART: "SMART",
    Programme.LOCAL: "local recovery",
    Programme.OTHER: "other",
}
_ATTENDANCE_WORDS = {
    Attendance.IN_PERSON: "in-person",
    Attendance.ONLINE: "online",
    Attendance.PHONE: "phone",
    Attendance.HYBRID: "hybrid",
}
_AUDIENCE_GROUP = {
    Audience.WOMEN: "women-only",
    Audience.MEN: "men-only",
    Audience.LGBTQ: "LGBTQ+",
    Audience.YOUNG_PEOPLE: "young people's",
}
_AUDIENCE_ASKED = {
    Audience.WOMEN: "women-only, as asked",
    Audience.MEN: "men-only, as asked",
    Audience.LGBTQ: "LGBTQ+ group, as asked",
    Audience.YOUNG_PEOPLE: "young people's group, as asked",
}
_RESTRICTED_AUDIENCES = frozenset(a.value for a in Audience)
"""Meeting tags that say a group is for some people only."""

EXCLUDED_FAMILY = "family and friends groups (as asked)"
EXCLUDED_PERSON = "groups for the client's own recovery"
EXCLUDED_UNKNOWN_DISTANCE = "distance unknown"


def _either(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def _miles_words(miles: float) -> str:
    number = f"{miles:g}" if miles == int(miles) else f"{miles:.1f}"
    return f"{number} mile" if number == "1" else f"{number} miles"


def _distance_words(miles: float) -> str:
    if miles < 0.1:
        return "less than 0.1 miles"
    if miles >= 10:
        return f"{miles:.0f} miles"
    return f"{miles:.1f} miles"


def _hhmm(value: time) -> str:
    return f"{value:%H:%M}"


def _window_words(after: time | None, before: time | None) -> str:
    """'evenings', 'mornings', 'afternoons' where the window clearly is one, else the times."""
    if after is not None and before is None:
        return "evenings" if time(16, 0) <= after <= time(19, 0) else f"starts after {_hhmm(after)}"
    if before is not None and after is None:
        return "mornings" if before <= time(12, 0) else f"starts before {_hhmm(before)}"
    assert after is not None and before is not None
    if after <= before:
        if before <= time(12, 30):
            return "mornings"
        if after >= time(12, 0) and before <= time(17, 30):
            return "afternoons"
        if after >= time(16, 0):
            return "evenings"
    return f"starts {_hhmm(after)} to {_hhmm(before)}"


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


# --------------------------------------------------------------------------- request


@dataclass(frozen=True)
class MatchRequest:
    """What the client needs (excludes) and prefers (ranks). Empty sets mean "any"."""

    district: str | None = None
    programmes: frozenset[Programme] = frozenset()
    substances: frozenset[Substance] = frozenset()
    days: frozenset[Weekday] = frozenset()
    """Preferred days: they rank, they do not exclude."""
    after: time | None = None
    """Preferred earliest start (ranks)."""
    before: time | None = None
    """Preferred latest start (ranks). Earlier than ``after``: a window over midnight."""
    attendance: frozenset[Attendance] = frozenset()
    """Ways the client can attend. HYBRID meetings suit in-person or online users; HYBRID
    here means the client can join a hybrid meeting either way."""
    audience: frozenset[Audience] = frozenset()
    access: frozenset[AccessNeed] = frozenset()
    family: bool = False
    """True: family-and-friends groups only; False: groups for the person."""
    within_miles: float | None = None
    limit: int = 10

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError("Ask for at least one meeting (limit must be 1 or more).")
        if self.within_miles is not None and not self.within_miles > 0:
            raise ValueError("The distance limit must be more than 0 miles.")

    @classmethod
    def from_client(cls, client: Client) -> MatchRequest:
        prefs = client.preferences
        return cls(
            district=client.postcode_district,
            programmes=frozenset(prefs.programmes),
            substances=frozenset(client.substances),
            days=frozenset(prefs.days),
            after=prefs.earliest,
            before=prefs.latest,
            attendance=frozenset(prefs.attendance),
            audience=frozenset(prefs.audience),
            access=frozenset(prefs.access_needs),
            family=client.for_family,
            within_miles=prefs.max_travel_miles,
        )

    def to_preferences(self) -> Preferences:
        """The client-profile preferences this request stands for (the inverse of from_client)."""
        return Preferences(
            programmes=sorted(self.programmes),
            days=sorted(self.days),
            earliest=self.after,
            latest=self.before,
            attendance=sorted(self.attendance),
            audience=sorted(self.audience),
            access_needs=sorted(self.access),
            max_travel_miles=self.within_miles,
        )


# --------------------------------------------------------------------------- outcome


@dataclass(frozen=True)
class MatchResult:
    meeting: Meeting
    score: float
    distance_miles: float | None
    reasons: tuple[str, ...]
    next_occurrence: datetime
    """Aware, Europe/London."""


@dataclass(frozen=True)
class Exclusion:
    reason: str
    """Plain words naming the need, e.g. "women-only groups (as asked)", "within 2 miles"."""
    count: int


@dataclass(frozen=True)
class MatchOutcome:
    results: tuple[MatchResult, ...]
    considered: int
    """Running meetings looked at (inactive and temporarily closed ones are not counted)."""
    excluded: tuple[Exclusion, ...]
    """Meetings each hard need ruled out (first failing rule), largest first."""

    @property
    def fitting(self) -> int:
        """How many meetings met every hard need (``results`` holds at most ``limit``)."""
        return self.considered - sum(e.count for e in self.excluded)

    def as_json(self) -> list[dict[str, object]]:
        return [
            {
                "meeting_id": r.meeting.id,
                "organisation": str(r.meeting.organisation),
                "name": r.meeting.name,
                "weekday": r.meeting.weekday.label,
                "start": _hhmm(r.meeting.start),
                "attendance": str(r.meeting.attendance),
                "distance_miles": (
                    None if r.distance_miles is None else round(r.distance_miles, 1)
                ),
                "score": round(r.score, 3),
                "reasons": list(r.reasons),
            }
            for r in self.results
        ]


# --------------------------------------------------------------------------- ranking

_IN_PERSON = Attendance.IN_PERSON
_ONLINE = Attendance.ONLINE
_PHONE = Attendance.PHONE
_HYBRID = Attendance.HYBRID
_REMOTE = (_ONLINE, _PHONE)
_WHEELCHAIR = AccessNeed.WHEELCHAIR.value

# How a fitting meeting would be attended, for its score and reasons.
_BY_VENUE, _BY_LINK, _BY_PHONE, _HYBRID_ONLINE = range(4)


class _Plan:
    """Everything about a request worked out once, before looking at any meeting."""

    def __init__(self, request: MatchRequest, locations: Locations, now: datetime) -> None:
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError("Matching needs a timezone-aware moment for 'now'.")
        self.request = request
        self.locations = locations
        local = now.astimezone(london())
        self.today = local.date()
        self.now_seconds = local.hour * 3600 + local.minute * 60 + local.second
        self.now_minutes = local.hour * 60 + local.minute + local.second / 60
        weekday = local.weekday()
        self.offsets = [(day - weekday) % 7 for day in range(7)]

        modes = request.attendance
        self.in_person = not modes or _IN_PERSON in modes
        self.online = not modes or _ONLINE in modes
        self.phone = not modes or _PHONE in modes
        self.hybrid_online = self.online or _HYBRID in modes
        self.mode_ok = {
            _IN_PERSON: self.in_person,
            _ONLINE: self.online,
            _PHONE: self.phone,
            _HYBRID: self.in_person or self.hybrid_online,
        }
        self.located: Located | None = (
            locations.lookup(request.district) if request.district else None
        )

        # Rules 1 and 2 depend only on the organisation: a table of the first failing reason.
        programmes = request.programmes
        programme_reason = (
            _either([_PROGRAMME_WORDS[p] for p in Programme if p in programmes])
            + " groups (as asked)"
        )
        self.org_fail: dict[str, str | None] = {}
        self.org_fit: dict[str, float] = {}
        for code, org in ORGANISATIONS.items():
            is_family = org.for_whom is ForWhom.FAMILY
            fail: str | None = None
            if is_family != request.family:
                fail = EXCLUDED_FAMILY if request.family else EXCLUDED_PERSON
            elif programmes and org.programme not in programmes:
                fail = programme_reason
            self.org_fail[code] = fail
            fits = SUBSTANCE_FIT[code]
            self.org_fit[code] = (
                max(fits[s] for s in request.substances)
                if request.substances
                else NEUTRAL_SUBSTANCE
            )
        self.attendance_reason = (
            _either([_ATTENDANCE_WORDS[a] for a in Attendance if a in modes])
            + " meetings (as asked)"
        )
        self.audience = [
            (a.value, f"{_AUDIENCE_GROUP[a]} groups (as asked)")
            for a in sorted(request.audience, key=list(Audience).index)
        ]
        self.access = [
            (n.value, n.label) for n in sorted(request.access, key=list(AccessNeed).index)
        ]
        self.audience_asked = frozenset(a.value for a in request.audience)
        self.within = request.within_miles
        self.within_reason = f"within {_miles_words(self.within)}" if self.within else ""

        rules = [EXCLUDED_FAMILY, EXCLUDED_PERSON, programme_reason, self.attendance_reason]
        rules += [reason for _tag, reason in self.audience]
        rules += [label for _tag, label in self.access]
        rules += [self.within_reason, EXCLUDED_UNKNOWN_DISTANCE]
        self.rule_order = {reason: i for i, reason in reversed(list(enumerate(rules)))}
        """Each exclusion reason's place in the fixed rule order (ties in counts go by it)."""

        self.days = frozenset(int(d) for d in request.days)
        self.after = None if request.after is None else _minutes(request.after)
        self.before = None if request.before is None else _minutes(request.before)
        self.when_parts = (1 if self.days else 0) + (
            1 if self.after is not None or self.before is not None else 0
        )

    # The parts of the score, shared by the ranking loop and the reasons.

    def time_fit(self, start: int) -> float:
        after, before = self.after, self.before
        if after is not None and before is not None and before < after:  # over midnight
            if start >= after or start <= before:
                return 1.0
            gap = min(after - start, start - before)
        elif after is not None and start < after:
            gap = after - start
        elif before is not None and start > before:
            gap = start - before
        else:
            return 1.0
        return max(0.0, 1.0 - gap / WINDOW_FADE_MINUTES)

    def when_fit(self, weekday: int, start: int) -> float:
        if not self.when_parts:
            return 0.0
        total = 0.0
        if self.days:
            total += 1.0 if weekday in self.days else 0.0
        if self.after is not None or self.before is not None:
            total += self.time_fit(start)
        return total / self.when_parts

    def minutes_until(self, weekday: int, start: time) -> float:
        offset = self.offsets[weekday]
        if offset == 0 and start.hour * 3600 + start.minute * 60 + start.second <= self.now_seconds:
            offset = 7
        return offset * 1440 + start.hour * 60 + start.minute - self.now_minutes

    def timing(self, weekday: Weekday, start: time) -> tuple[float, float]:
        """Minutes until the next one, and the score for its day, time and soonness."""
        until = self.minutes_until(weekday, start)
        score = W_SOON * (1.0 - until / WEEK_MINUTES)
        if self.when_parts:
            score += W_WHEN * self.when_fit(weekday, _minutes(start))
        return until, score

    def next_occurrence(self, meeting: Meeting) -> datetime:
        minutes = self.minutes_until(meeting.weekday, meeting.start)
        day = self.today + timedelta(days=int((minutes + self.now_minutes) // 1440))
        return datetime.combine(day, meeting.start, tzinfo=london())


# The fields the ranking loop reads, fetched in one call from each meeting's field dict
# (pydantic keeps fields in ``__dict__``): a third quicker than ten attribute reads.
_FIELDS = itemgetter(
    "active",
    "temporarily_closed",
    "organisation",
    "attendance",
    "weekday",
    "start",
    "open_meeting",
    "audience",
    "latitude",
    "longitude",
    "id",
)
_KIND = {_IN_PERSON: _BY_VENUE, _ONLINE: _BY_LINK, _PHONE: _BY_PHONE, _HYBRID: _HYBRID_ONLINE}
"""Attendance as a small int, found by value so a plain string works as well as the enum."""


def rank(
    meetings: Sequence[Meeting], request: MatchRequest, locations: Locations, now: datetime
) -> MatchOutcome:
    """The meetings that meet every hard need, best first (at most ``request.limit``), with
    how many running meetings each need excluded. See the module docstring for the rules."""
    plan = _Plan(request, locations, now)
    counts: dict[str, int] = {}

    # Everything the loop needs, as locals: tables keyed by what a meeting holds.
    org_fail = plan.org_fail
    org_score = {code: W_SUBSTANCE * fit for code, fit in plan.org_fit.items()}
    mode_ok = {_KIND[mode]: ok for mode, ok in plan.mode_ok.items()}
    open_score: dict[bool | None, float] = {True: W_OPEN, None: W_OPEN * 0.5, False: 0.0}
    timings: dict[tuple[int, time], tuple[float, float]] = {}
    attendance_reason = plan.attendance_reason
    audience_rules, access_rules = plan.audience, plan.access
    audience_asked = plan.audience_asked
    within, within_reason = plan.within, plan.within_reason
    venue_for_hybrid, hybrid_online = plan.in_person, plan.hybrid_online
    meeting_point = locations.meeting_point
    located = plan.located
    lat0 = lon0 = cos0 = 0.0
    if located is not None:
        lat0 = math.radians(located.latitude)
        lon0 = math.radians(located.longitude)
        cos0 = math.cos(lat0)
    sin, cos, asin, sqrt, radians = math.sin, math.cos, math.asin, math.sqrt, math.radians
    two_r = 2 * EARTH_RADIUS_MILES
    fields = _FIELDS
    kinds = _KIND
    by_venue, hybrid_kind = _BY_VENUE, _HYBRID_ONLINE

    # What the loop keeps for each fitting meeting, in parallel lists of numbers and strings
    # rather than a tuple each: fewer objects for the garbage collector to chase.
    considered = 0
    positions: list[int] = []
    scores: list[float] = []
    untils: list[float] = []
    keys: list[str] = []
    distances: list[float | None] = []
    hows: list[int] = []
    for position, meeting in enumerate(meetings):
        (active, closed, org, attendance, weekday, start, is_open, audience, lat, lon, key) = (
            fields(meeting.__dict__)
        )
        if not active or closed:
            continue
        considered += 1
        fail = org_fail[org]
        if fail is None:
            how = kinds[attendance]
            if not mode_ok[how]:
                fail = attendance_reason
            elif audience_rules:
                fail = next((reason for tag, reason in audience_rules if tag not in audience), None)
            if fail is None and access_rules:
                tags = meeting.access
                remote = how in (_BY_LINK, _BY_PHONE)
                fail = next(
                    (
                        label
                        for tag, label in access_rules
                        if tag not in tags and not (remote and tag == _WHEELCHAIR)
                    ),
                    None,
                )
        if fail is not None:
            counts[fail] = counts.get(fail, 0) + 1
            continue

        # Travel: how the client would attend, and how far it is.
        miles: float | None = None
        if how in (by_venue, hybrid_kind):
            if located is not None:
                if lat is None or lon is None:
                    point = meeting_point(meeting)
                    if point is not None:
                        lat, lon = point
                if lat is not None and lon is not None:
                    lat1 = radians(lat)
                    h = (
                        sin((lat1 - lat0) / 2) ** 2
                        + cos0 * cos(lat1) * sin((radians(lon) - lon0) / 2) ** 2
                    )
                    miles = two_r * asin(min(1.0, sqrt(h)))
            venue_ok = how == by_venue or venue_for_hybrid
            if venue_ok and within is not None and (miles is None or miles > within):
                venue_ok = False
            travel = 0.0
            if venue_ok:
                travel = (
                    UNKNOWN_TRAVEL if miles is None else 1.0 / (1.0 + miles / TRAVEL_SCALE_MILES)
                )
            if how == by_venue or not hybrid_online:
                if not venue_ok:
                    fail = EXCLUDED_UNKNOWN_DISTANCE if miles is None else within_reason
                    counts[fail] = counts.get(fail, 0) + 1
                    continue
                how = by_venue
            elif travel >= REMOTE_TRAVEL:  # hybrid: go in person when that is as good
                how = by_venue
            else:
                travel = REMOTE_TRAVEL
        else:
            travel = REMOTE_TRAVEL

        timing = timings.get((weekday, start))
        if timing is None:
            timing = timings[(weekday, start)] = plan.timing(weekday, start)
        until, score = timing
        score += org_score[org] + W_TRAVEL * travel + open_score[is_open]
        if audience and any(
            tag in _RESTRICTED_AUDIENCES and tag not in audience_asked for tag in audience
        ):
            score += AUDIENCE_NOT_ASKED
        positions.append(position)
        scores.append(score)
        untils.append(until)
        keys.append(key)
        distances.append(miles)
        hows.append(how)

    # The best ``limit``: everything scoring at least the limit-th best score, then sorted
    # by score, sooner, id (ties at the cut-off are all looked at, so ids decide fairly).
    chosen: Sequence[int] = range(len(scores))
    if len(scores) > request.limit:
        cutoff = heapq.nlargest(request.limit, scores)[-1]
        chosen = [j for j in chosen if scores[j] >= cutoff]
    best = sorted(chosen, key=lambda j: (-scores[j], untils[j], keys[j]))[: request.limit]
    results = tuple(
        _result(
            plan,
            meetings[positions[j]],
            distances[j],
            hows[j],
            score=scores[j],
            until=untils[j],
        )
        for j in best
    )
    excluded = tuple(
        Exclusion(reason, count)
        for reason, count in sorted(
            counts.items(), key=lambda item: (-item[1], plan.rule_order.get(item[0], 99))
        )
    )
    return MatchOutcome(results=results, considered=considered, excluded=excluded)


def _result(
    plan: _Plan, meeting: Meeting, miles: float | None, how: int, *, score: float, until: float
) -> MatchResult:
    return MatchResult(
        meeting=meeting,
        score=score,
        distance_miles=miles,
        reasons=tuple(_reasons(plan, meeting, miles, how, until)),
        next_occurrence=plan.next_occurrence(meeting),
    )


def _reasons(
    plan: _Plan, meeting: Meeting, miles: float | None, how: int, until: float
) -> list[str]:
    """Why this meeting fits, in plain words, in the order a keyworker would weigh them."""
    request = plan.request
    reasons: list[str] = []

    # Getting there.
    if how == _BY_LINK:
        reasons.append("online: no travel")
    elif how == _BY_PHONE:
        reasons.append("phone: no travel")
    elif how == _HYBRID_ONLINE:
        reasons.append("hybrid: join online, no travel")
    elif miles is None:
        reasons.append(EXCLUDED_UNKNOWN_DISTANCE)
    else:
        reasons.append(_away_words(miles, plan.located, request.district))

    # Day and time.
    day = meeting.weekday.label
    start = meeting.start
    day_ok = bool(plan.days) and int(meeting.weekday) in plan.days
    window = plan.after is not None or plan.before is not None
    time_ok = window and plan.time_fit(_minutes(start)) == 1.0
    if day_ok and time_ok:
        reasons.append(f"{day} {_hhmm(start)} suits, as asked")
    elif day_ok:
        reasons.append(f"{day} suits, as asked")
    elif time_ok:
        reasons.append(f"{day} {_hhmm(start)} suits {_window_words(request.after, request.before)}")

    # Programme and substance.
    org = meeting.organisation
    if request.substances and plan.org_fit[org] >= SUBSTANCE_REASON_AT:
        specific = org == OrgCode.CA and (
            Substance.COCAINE in request.substances or Substance.CRACK in request.substances
        )
        reasons.append(_CA_SPECIFIC if specific else _ORG_WORDS[org])

    # Who it is for, and access.
    for audience in sorted(request.audience, key=list(Audience).index):
        reasons.append(_AUDIENCE_ASKED[audience])
    for need in sorted(request.access, key=list(AccessNeed).index):
        if need.value in meeting.access:
            reasons.append(need.label)
    for tag in meeting.audience:
        if tag in _RESTRICTED_AUDIENCES and tag not in plan.audience_asked:
            reasons.append(f"{_AUDIENCE_GROUP[Audience(tag)]} group (not asked for)")

    if meeting.open_meeting:
        reasons.append("open meeting: good for a first visit")

    reasons.append(_next_words(plan, until, start))
    return reasons


def _away_words(miles: float, located: Located | None, district: str | None) -> str:
    words = _distance_words(miles)
    if located is None or located.basis not in (BASIS_WITHOUT_LETTER, BASIS_AREA):
        return f"{words} away"
    code = outcode_of(district or "") or ""
    if located.basis == BASIS_WITHOUT_LETTER:
        return f"about {words} away (from the centre of {code[:-1]}, as {code} is not listed)"
    return f"about {words} away (from the {area_of(code)} postcode area, as {code} is not listed)"


def _next_words(plan: _Plan, until: float, start: time) -> str:
    days = int((until + plan.now_minutes) // 1440)
    if days == 0:
        return f"next one today at {_hhmm(start)}"
    if days == 1:
        return "next one tomorrow"
    return f"next one in {days} days"
