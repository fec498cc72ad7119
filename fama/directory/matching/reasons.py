"""Why a meeting fits, in plain words, in the order a keyworker would weigh them.

Worked out only for the meetings :func:`~fama.directory.matching.ranking.rank` returns.
"""

from __future__ import annotations

from datetime import time

from fama.directory.geo import BASIS_AREA, BASIS_WITHOUT_LETTER, Located, area_of, outcode_of
from fama.directory.matching.plan import (
    BY_LINK,
    BY_PHONE,
    HYBRID_ONLINE,
    SUBSTANCE_REASON_AT,
    Plan,
    day_minutes,
)
from fama.directory.matching.words import (
    AUDIENCE_ASKED,
    AUDIENCE_GROUP,
    CA_SPECIFIC,
    EXCLUDED_UNKNOWN_DISTANCE,
    ORG_WORDS,
    RESTRICTED_AUDIENCES,
    distance_words,
    hhmm,
    window_words,
)
from fama.models.meeting import Meeting
from fama.models.organisations import OrgCode
from fama.models.vocab import AccessNeed, Audience, Substance

__all__ = ["reasons_for"]


def reasons_for(
    plan: Plan, meeting: Meeting, miles: float | None, how: int, until: float
) -> list[str]:
    """Why this meeting fits, in plain words, in the order a keyworker would weigh them."""
    request = plan.request
    reasons: list[str] = []

    # Getting there.
    if how == BY_LINK:
        reasons.append("online: no travel")
    elif how == BY_PHONE:
        reasons.append("phone: no travel")
    elif how == HYBRID_ONLINE:
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
    time_ok = window and plan.time_fit(day_minutes(start)) == 1.0
    if day_ok and time_ok:
        reasons.append(f"{day} {hhmm(start)} suits, as asked")
    elif day_ok:
        reasons.append(f"{day} suits, as asked")
    elif time_ok:
        reasons.append(f"{day} {hhmm(start)} suits {window_words(request.after, request.before)}")

    # Programme and substance.
    org = meeting.organisation
    if request.substances and plan.org_fit[org] >= SUBSTANCE_REASON_AT:
        specific = org == OrgCode.CA and (
            Substance.COCAINE in request.substances or Substance.CRACK in request.substances
        )
        reasons.append(CA_SPECIFIC if specific else ORG_WORDS[org])

    # Who it is for, and access.
    for audience in sorted(request.audience, key=list(Audience).index):
        reasons.append(AUDIENCE_ASKED[audience])
    for need in sorted(request.access, key=list(AccessNeed).index):
        if need.value in meeting.access:
            reasons.append(need.label)
    for tag in meeting.audience:
        if tag in RESTRICTED_AUDIENCES and tag not in plan.audience_asked:
            reasons.append(f"{AUDIENCE_GROUP[Audience(tag)]} group (not asked for)")

    if meeting.open_meeting:
        reasons.append("open meeting: good for a first visit")

    reasons.append(_next_words(plan, until, start))
    return reasons


def _away_words(miles: float, located: Located | None, district: str | None) -> str:
    words = distance_words(miles)
    if located is None or located.basis not in (BASIS_WITHOUT_LETTER, BASIS_AREA):
        return f"{words} away"
    code = outcode_of(district or "") or ""
    if located.basis == BASIS_WITHOUT_LETTER:
        return f"about {words} away (from the centre of {code[:-1]}, as {code} is not listed)"
    return f"about {words} away (from the {area_of(code)} postcode area, as {code} is not listed)"


def _next_words(plan: Plan, until: float, start: time) -> str:
    days = int((until + plan.now_minutes) // 1440)
    if days == 0:
        return f"next one today at {hhmm(start)}"
    if days == 1:
        return "next one tomorrow"
    return f"next one in {days} days"
