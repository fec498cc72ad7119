"""Ranking the directory for a request: the hard needs exclude, the preferences score.

:func:`rank` is the one loop over every meeting, kept fast (see
``scripts/bench_directory.py``): tables from the :class:`~fama.directory.matching.plan.Plan`,
locals instead of attribute reads, and reasons worked out only for the results.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from datetime import datetime, time
from operator import itemgetter

from fama.directory.geo import EARTH_RADIUS_MILES, Locations
from fama.directory.matching.plan import (
    AUDIENCE_NOT_ASKED,
    BY_LINK,
    BY_PHONE,
    BY_VENUE,
    HYBRID_ONLINE,
    KIND,
    REMOTE_TRAVEL,
    TRAVEL_SCALE_MILES,
    UNKNOWN_TRAVEL,
    W_OPEN,
    W_SUBSTANCE,
    W_TRAVEL,
    Plan,
)
from fama.directory.matching.reasons import reasons_for
from fama.directory.matching.request import Exclusion, MatchOutcome, MatchRequest, MatchResult
from fama.directory.matching.words import EXCLUDED_UNKNOWN_DISTANCE, RESTRICTED_AUDIENCES
from fama.directory.outcomes import MeetingOutcome, outcome_reason, outcome_score
from fama.models.meeting import Meeting
from fama.models.vocab import AccessNeed

__all__ = ["rank"]

_WHEELCHAIR = AccessNeed.WHEELCHAIR.value


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


def rank(
    meetings: Sequence[Meeting],
    request: MatchRequest,
    locations: Locations,
    now: datetime,
    outcomes: Mapping[str, MeetingOutcome] | None = None,
    *,
    lead: bool = False,
) -> MatchOutcome:
    """The meetings that meet every hard need, best first (at most ``request.limit``), with
    how many running meetings each need excluded. See the module docstring for the rules.

    ``outcomes`` (the service's experience of each meeting, by id) moves the score of a
    meeting that already fits by at most :data:`~fama.directory.outcomes.OUTCOME_WEIGHT`
    and adds its reason; ``lead`` shows that reason's small counts as they are."""
    known = outcomes or {}
    plan = Plan(request, locations, now)
    counts: dict[str, int] = {}

    # Everything the loop needs, as locals: tables keyed by what a meeting holds.
    org_fail = plan.org_fail
    org_score = {code: W_SUBSTANCE * fit for code, fit in plan.org_fit.items()}
    mode_ok = {KIND[mode]: ok for mode, ok in plan.mode_ok.items()}
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
    kinds = KIND
    by_venue, hybrid_kind = BY_VENUE, HYBRID_ONLINE

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
                remote = how in (BY_LINK, BY_PHONE)
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
            tag in RESTRICTED_AUDIENCES and tag not in audience_asked for tag in audience
        ):
            score += AUDIENCE_NOT_ASKED
        if known:
            score += outcome_score(known.get(key))
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
            experience=outcome_reason(known.get(keys[j]), lead=lead),
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
    plan: Plan,
    meeting: Meeting,
    miles: float | None,
    how: int,
    *,
    score: float,
    until: float,
    experience: str | None,
) -> MatchResult:
    reasons = reasons_for(plan, meeting, miles, how, until)
    if experience is not None:
        reasons.insert(len(reasons) - 1, experience)  # before "next one ..."
    return MatchResult(
        meeting=meeting,
        score=score,
        distance_miles=miles,
        reasons=tuple(reasons),
        next_occurrence=plan.next_occurrence(meeting),
    )
