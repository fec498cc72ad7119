"""The request worked out once, before any meeting is looked at: the weights and the rules.

:class:`Plan` turns a :class:`~fama.directory.matching.request.MatchRequest` into tables the
ranking loop reads (each organisation's first failing rule and substance fit, the ways of
attending the client can use, the order of the exclusion reasons) and the parts of the
score shared by the ranking and the reasons (day and time fit, the next occurrence).
:data:`SUBSTANCE_FIT` says how well each fellowship suits each substance.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from fama.clock import london
from fama.directory.geo import Located, Locations
from fama.directory.matching.request import MatchRequest
from fama.directory.matching.words import (
    ATTENDANCE_WORDS,
    AUDIENCE_GROUP,
    EXCLUDED_FAMILY,
    EXCLUDED_PERSON,
    EXCLUDED_UNKNOWN_DISTANCE,
    PROGRAMME_WORDS,
    either,
    miles_words,
)
from fama.models.meeting import Meeting
from fama.models.organisations import ORGANISATIONS, ForWhom, OrgCode
from fama.models.vocab import AccessNeed, Attendance, Audience, Programme, Substance, Weekday

__all__ = [
    "AUDIENCE_NOT_ASKED",
    "BY_LINK",
    "BY_PHONE",
    "BY_VENUE",
    "HYBRID_ONLINE",
    "KIND",
    "NEUTRAL_SUBSTANCE",
    "REMOTE_TRAVEL",
    "SUBSTANCE_FIT",
    "SUBSTANCE_REASON_AT",
    "TRAVEL_SCALE_MILES",
    "UNKNOWN_TRAVEL",
    "WEEK_MINUTES",
    "WINDOW_FADE_MINUTES",
    "W_OPEN",
    "W_SOON",
    "W_SUBSTANCE",
    "W_TRAVEL",
    "W_WHEN",
    "Plan",
    "day_minutes",
]

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


def day_minutes(value: time) -> int:
    """Minutes since midnight."""
    return value.hour * 60 + value.minute


_IN_PERSON = Attendance.IN_PERSON
_ONLINE = Attendance.ONLINE
_PHONE = Attendance.PHONE
_HYBRID = Attendance.HYBRID
_REMOTE = (_ONLINE, _PHONE)

# How a fitting meeting would be attended, for its score and reasons.
BY_VENUE, BY_LINK, BY_PHONE, HYBRID_ONLINE = range(4)


class Plan:
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
            either([PROGRAMME_WORDS[p] for p in Programme if p in programmes])
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
            either([ATTENDANCE_WORDS[a] for a in Attendance if a in modes]) + " meetings (as asked)"
        )
        self.audience = [
            (a.value, f"{AUDIENCE_GROUP[a]} groups (as asked)")
            for a in sorted(request.audience, key=list(Audience).index)
        ]
        self.access = [
            (n.value, n.label) for n in sorted(request.access, key=list(AccessNeed).index)
        ]
        self.audience_asked = frozenset(a.value for a in request.audience)
        self.within = request.within_miles
        self.within_reason = f"within {miles_words(self.within)}" if self.within else ""

        rules = [EXCLUDED_FAMILY, EXCLUDED_PERSON, programme_reason, self.attendance_reason]
        rules += [reason for _tag, reason in self.audience]
        rules += [label for _tag, label in self.access]
        rules += [self.within_reason, EXCLUDED_UNKNOWN_DISTANCE]
        self.rule_order = {reason: i for i, reason in reversed(list(enumerate(rules)))}
        """Each exclusion reason's place in the fixed rule order (ties in counts go by it)."""

        self.days = frozenset(int(d) for d in request.days)
        self.after = None if request.after is None else day_minutes(request.after)
        self.before = None if request.before is None else day_minutes(request.before)
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
            score += W_WHEN * self.when_fit(weekday, day_minutes(start))
        return until, score

    def next_occurrence(self, meeting: Meeting) -> datetime:
        minutes = self.minutes_until(meeting.weekday, meeting.start)
        day = self.today + timedelta(days=int((minutes + self.now_minutes) // 1440))
        return datetime.combine(day, meeting.start, tzinfo=london())


KIND = {_IN_PERSON: BY_VENUE, _ONLINE: BY_LINK, _PHONE: BY_PHONE, _HYBRID: HYBRID_ONLINE}
"""Attendance as a small int, found by value so a plain string works as well as the enum."""
