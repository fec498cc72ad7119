"""The figures about clients: each client's facts counted into one tally, then read as figures.

Only clients in treatment in the period count, and so do only their conversations, goals,
follow-ups and handouts (the rules are in :mod:`fama.assessment.evidence`). Counting streams:
:func:`count_client` adds one client's :class:`~fama.assessment.facts.ClientFacts` to a
:class:`Tally`, and :func:`client_figures` turns the tally into the stage, facilitation,
promotion and monitoring figures.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from fama.assessment.facts import ClientFacts
from fama.assessment.figure import ORG_ORDER, Figure, ordered
from fama.assessment.period import Period
from fama.models.goal import LinkType
from fama.models.meeting import FlagKind, Meeting
from fama.models.review import Handover
from fama.models.vocab import Substance

__all__ = [
    "DEAD_CLOSED",
    "DEAD_INACTIVE",
    "DEAD_MISSING",
    "NOT_NAMED",
    "NOT_RECORDED",
    "WHO",
    "Tally",
    "client_figures",
    "count_client",
]

NOT_NAMED = "not named"
NOT_RECORDED = "not recorded"

WHO = {
    LinkType.VOLUNTEER_PHONED.value: "fellowship volunteer",
    LinkType.VOLUNTEER_MEETS.value: "fellowship volunteer",
    LinkType.PEER_MENTOR.value: "peer mentor",
    LinkType.STAFF_MEETS.value: "staff member",
    LinkType.STAFF_ACCOMPANIES.value: "staff member",
    LinkType.MEETING_AT_SERVICE.value: "the service",
}
"""Who makes a person-to-person link, by link type."""

DEAD_INACTIVE = "no longer listed"
DEAD_CLOSED = "temporarily closed"
DEAD_MISSING = "not in the directory"

_NONE_LINK = LinkType.NONE.value
_HAPPENED = frozenset(h.value for h in Handover if h.happened)


@dataclass
class Tally:
    """Counts over every client of every store (only clients in treatment)."""

    in_treatment: int = 0
    read: int = 0
    introduced: int = 0
    connected: int = 0
    followed: int = 0
    discussed: int = 0
    conversations: int = 0
    conversation_clients: int = 0
    handouts: int = 0
    handout_clients: int = 0
    goals: int = 0
    linked: int = 0
    by_link: Counter[str] = field(default_factory=Counter)
    by_whom: Counter[str] = field(default_factory=Counter)
    by_organisation: Counter[str] = field(default_factory=Counter)
    by_substance: Counter[str] = field(default_factory=Counter)
    referred_followed: int = 0
    referred_attended: int = 0
    meetings: int = 0
    weeks: int = 0
    scores: list[int] = field(default_factory=list)
    named: int = 0
    dead: int = 0
    dead_reasons: Counter[str] = field(default_factory=Counter)
    handover_asked: int = 0
    """Clients with a follow-up in the period about a goal with a linked person."""
    handed_over: int = 0
    """Of those, clients the linked person met or went with (at such a follow-up)."""
    handover_kinds: Counter[str] = field(default_factory=Counter)
    calls: int = 0
    callers: set[str] = field(default_factory=set)
    """Who rang contacts in the register in the period (casefolded logins or staff ids)."""


def _dead_end_reasons(meeting: Meeting | None) -> list[str]:
    if meeting is None:
        return [DEAD_MISSING]
    reasons = list(dict.fromkeys(flag.kind.value for flag in meeting.flags))
    if not meeting.active:
        reasons.append(DEAD_INACTIVE)
    if meeting.temporarily_closed:
        reasons.append(DEAD_CLOSED)
    return reasons


def _weeks(referral: date, last: date) -> int:
    """Whole weeks from referral to the last follow-up, to the nearest, at least 1."""
    return max(1, ((last - referral).days + 3) // 7)


def count_client(
    facts: ClientFacts,
    period: Period,
    tally: Tally,
    own: Mapping[str, Meeting],
    union: Mapping[str, Meeting],
) -> None:
    """Add one client's facts to the tally for ``period`` (nothing if they were not in
    treatment then); ``own`` and ``union`` are the service's meetings and all it knows of."""
    tally.read += 1
    if not facts.in_treatment(period):
        return
    start, end = period.start, period.end
    tally.in_treatment += 1

    held = [c for c in facts.conversations if c.held and start <= c.started_on <= end]
    goals = [g for g in facts.goals if start <= g.created_on <= end]
    follow_ups = [f for f in facts.follow_ups if start <= f.on <= end]
    handouts = [h for h in facts.handouts if start <= h[1] <= end]

    if held:
        tally.conversations += len(held)
        tally.conversation_clients += 1
        tally.introduced += any(c.introduces for c in held)
    if handouts:
        tally.handouts += len(handouts)
        tally.handout_clients += 1
    if follow_ups:
        tally.followed += 1
        about_linked = [f for f in follow_ups if f.linked]
        if about_linked:
            tally.handover_asked += 1
            kinds = {f.handover for f in about_linked if f.handover in _HAPPENED}
            if kinds:
                tally.handed_over += 1
                tally.handover_kinds.update(kinds)
    for day, by in facts.calls:
        if start <= day <= end:
            tally.calls += 1
            tally.callers.add(by.casefold())
    if held or goals or follow_ups:
        tally.discussed += 1
    if not goals:
        return

    # Connected, referred (4.1, 4.2, 5.4) and the goals themselves (4.4, dead ends).
    tally.connected += 1
    tally.goals += len(goals)
    organisations: set[str] = set()
    for goal in goals:
        if goal.link != _NONE_LINK:
            tally.linked += 1
            tally.by_link[goal.link] += 1
            tally.by_whom[WHO[goal.link]] += 1
        meeting = None
        if goal.meeting_id is not None:
            meeting = own.get(goal.meeting_id) or union.get(goal.meeting_id)
            tally.named += 1
            reasons = _dead_end_reasons(meeting)
            if reasons:
                tally.dead += 1
                tally.dead_reasons.update(reasons)
        organisations.add(
            meeting.organisation.value if meeting is not None else goal.organisation or NOT_NAMED
        )
    tally.by_organisation.update(organisations)
    tally.by_substance.update(set(facts.substances or (NOT_RECORDED,)))

    # Followed up after the referral (5.5).
    referral = min(g.created_on for g in goals)
    since = [f for f in facts.follow_ups if referral <= f.on <= end]
    if not since:
        return
    tally.referred_followed += 1
    tally.referred_attended += any(f.attended for f in since)
    tally.meetings += sum(f.meetings or 0 for f in since)
    tally.weeks += _weeks(referral, max(f.on for f in since))
    tally.scores.extend(f.helpfulness for f in since if f.helpfulness is not None)


def _median(scores: Sequence[int]) -> float:
    """The middle score; of an even number, the mean of the middle two (6 and 7: 6.5).
    A whole median is an int, so that it reads "7", not "7.0"."""
    middle = statistics.median(scores)
    return int(middle) if float(middle).is_integer() else float(middle)


def client_figures(tally: Tally) -> list[Figure]:
    """The figures the tally of every client gives, in the tool's order."""
    n = tally.in_treatment
    substances = [s.value for s in Substance]
    scores = sorted(tally.scores)
    spread = {"min": scores[0], "max": scores[-1], "median": _median(scores)} if scores else {}
    dead_order = [k.value for k in FlagKind] + [DEAD_INACTIVE, DEAD_CLOSED, DEAD_MISSING]
    return [
        Figure(
            "handouts_given",
            "Handouts given",
            tally.handouts,
            None,
            {"clients": tally.handout_clients},
        ),
        Figure(
            "clients_discussed",
            "Clients in treatment with mutual aid discussed (conversation, goal or follow-up)",
            tally.discussed,
            n,
        ),
        Figure(
            "stage_introduced", "Stage 1: clients introduced to mutual aid", tally.introduced, n
        ),
        Figure(
            "stage_connected",
            "Stage 2: clients connected with a care-planned goal",
            tally.connected,
            n,
        ),
        Figure("stage_followed_up", "Stage 3: clients followed up", tally.followed, n),
        Figure(
            "structured_conversations",
            "Structured FAMA conversations held",
            tally.conversations,
            None,
            {"clients": tally.conversation_clients},
        ),
        Figure(
            "clients_with_goal",
            "Clients in treatment with a care-planned goal about attending",
            tally.connected,
            n,
        ),
        Figure(
            "goals_with_link",
            "Goals with a person-to-person link or accompaniment",
            tally.linked,
            tally.goals,
            ordered(tally.by_link, [t.value for t in LinkType]),
        ),
        Figure(
            "goals_link_by_whom",
            "Goals with a link, by who makes it",
            tally.linked,
            tally.goals,
            ordered(tally.by_whom, dict.fromkeys(WHO.values())),
        ),
        Figure(
            "clients_met_or_accompanied",
            "Clients followed up on a linked goal whom the linked person met or went with",
            tally.handed_over,
            tally.handover_asked,
            ordered(tally.handover_kinds, [h.value for h in Handover]),
        ),
        Figure("referred", "Clients in treatment referred to mutual aid", tally.connected, n),
        Figure(
            "referred_by_organisation",
            "Clients referred, by organisation",
            tally.connected,
            n,
            ordered(tally.by_organisation, [*ORG_ORDER, NOT_NAMED]),
        ),
        Figure(
            "referred_by_substance",
            "Clients referred, by substance",
            tally.connected,
            n,
            ordered(tally.by_substance, [*substances, NOT_RECORDED]),
        ),
        Figure(
            "followed_up",
            "Referred clients followed up since their referral",
            tally.referred_followed,
            tally.connected,
        ),
        Figure(
            "attended",
            "Followed-up clients who went to a meeting",
            tally.referred_attended,
            tally.referred_followed,
        ),
        Figure(
            "meetings_per_week",
            "Meetings a week reported by followed-up clients (meetings over weeks)",
            tally.meetings,
            tally.weeks,
            {"clients": tally.referred_followed},
            is_share=False,
        ),
        Figure(
            "helpfulness",
            "Helpfulness reported at follow-up, 0-10 (sum over scores: the mean)",
            sum(scores),
            len(scores),
            spread,
            is_share=False,
            breakdown_is_count=False,
        ),
        Figure(
            "dead_end_referrals",
            "Referrals to a named meeting that was a dead end (flagged, closed or gone)",
            tally.dead,
            tally.named,
            ordered(tally.dead_reasons, dead_order),
        ),
    ]
