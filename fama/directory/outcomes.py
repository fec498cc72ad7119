"""What happened to the clients the service referred to each meeting: the service's own
experience, for the meeting's details and, lightly, for the ranking.

A *referral* is a goal that names a meeting (``meeting_id``), made in the period (by
default the twelve months to today). Its follow-ups are the reviews about that goal
(``goal_id``) or that name the meeting among the meetings attended (``meeting_ids``). For
each meeting, counted once per client (a client referred twice counts once, by their
latest referral):

- **went**: at least one follow-up says they went;
- **still going**: they went, and their latest follow-up on it still says they went;
- **median helpfulness**: of each client's latest helpfulness rating (0-10);
- **dead ends**: follow-ups that found the meeting did not run, had moved, or turned the
  client away (``Review.dead_end``); each counts against the meeting at once.

Counts from 1 to 4 are shown as "fewer than 5" everywhere except the lead's own view
(:func:`count_words`), and a median from fewer than five ratings is not shown there at all;
no figure names a client. Pure: plain values in, plain values out; the JSON reader takes a
record in the shape the store keeps (``Store.client_documents``), without pydantic.
"""

from __future__ import annotations

import calendar
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fama.models.meeting import FlagKind

__all__ = [
    "FEW",
    "OUTCOME_WEIGHT",
    "FollowUp",
    "MeetingOutcome",
    "Referral",
    "count_words",
    "details_words",
    "meeting_outcomes",
    "months_before",
    "outcome_reason",
    "outcome_score",
    "referrals_from_json",
]

FEW = 5
"""Counts below this (but above 0) are shown as "fewer than 5" outside the lead's view."""

OUTCOME_WEIGHT = 1.0
"""The most the service's experience moves a meeting's score, either way: as much as an
open meeting over a closed one, a third of the substance fit or the travel part. It only
reorders meetings that already meet every hard need, so it never outweighs one."""

_DEAD_ENDS = frozenset(kind.value for kind in FlagKind)


@dataclass(frozen=True, slots=True)
class FollowUp:
    """What a follow-up said about one referral."""

    on: date
    went: bool
    helpfulness: int | None = None
    dead_end: str | None = None
    """A :class:`~fama.models.meeting.FlagKind` value, or ``None``."""


@dataclass(frozen=True, slots=True)
class Referral:
    """One client referred to one meeting, and what the follow-ups said."""

    client: str
    meeting_id: str
    referred_on: date
    follow_ups: tuple[FollowUp, ...] = ()


@dataclass(frozen=True, slots=True)
class MeetingOutcome:
    """What happened to the clients referred to one meeting (counts of clients)."""

    referred: int = 0
    went: int = 0
    still_going: int = 0
    rated: int = 0
    median_helpfulness: float | None = None
    dead_ends: int = 0

    @property
    def followed_up(self) -> bool:
        """Whether anything is known yet (a referral with no follow-up says nothing)."""
        return self.went > 0 or self.dead_ends > 0 or self.rated > 0


def meeting_outcomes(
    referrals: Iterable[Referral], first_day: date, last_day: date
) -> dict[str, MeetingOutcome]:
    """The outcome for each meeting with a referral made between ``first_day`` and
    ``last_day`` (inclusive). Follow-ups after ``last_day`` are not counted."""
    if first_day > last_day:
        raise ValueError("The period ends before it starts.")
    latest: dict[tuple[str, str], Referral] = {}
    for referral in referrals:
        if not first_day <= referral.referred_on <= last_day:
            continue
        key = (referral.meeting_id, referral.client)
        kept = latest.get(key)
        if kept is None or referral.referred_on >= kept.referred_on:
            latest[key] = referral
    tallies: dict[str, list[Referral]] = {}
    for (meeting_id, _client), referral in latest.items():
        tallies.setdefault(meeting_id, []).append(referral)
    return {meeting_id: _outcome(found, last_day) for meeting_id, found in tallies.items()}


def _outcome(referrals: list[Referral], last_day: date) -> MeetingOutcome:
    went = still = dead = 0
    ratings: list[int] = []
    for referral in referrals:
        seen = sorted(
            (f for f in referral.follow_ups if referral.referred_on <= f.on <= last_day),
            key=lambda f: f.on,
        )
        if any(f.dead_end for f in seen):
            dead += 1
        if any(f.went for f in seen):
            went += 1
            if seen[-1].went:
                still += 1
        rated = [f.helpfulness for f in seen if f.helpfulness is not None]
        if rated:
            ratings.append(rated[-1])
    return MeetingOutcome(
        referred=len(referrals),
        went=went,
        still_going=still,
        rated=len(ratings),
        median_helpfulness=statistics.median(ratings) if ratings else None,
        dead_ends=dead,
    )


def months_before(day: date, months: int) -> date:
    """The day after the same date ``months`` months earlier (the last day of a shorter
    month when that date does not exist): the first day of a period of ``months`` months
    ending on ``day``."""
    if months < 0:
        raise ValueError("A number of months cannot be negative.")
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last)) + timedelta(days=1)


def outcome_score(outcome: MeetingOutcome | None) -> float:
    """How much the service's experience moves a meeting's score, between
    ``-OUTCOME_WEIGHT`` and ``+OUTCOME_WEIGHT``: up when referred clients went and kept
    going and found it helpful, down when they rarely went, found it unhelpful, or hit a
    dead end. Nothing known moves it nothing."""
    if outcome is None or outcome.referred == 0 or not outcome.followed_up:
        return 0.0
    went = outcome.went / outcome.referred
    kept = outcome.still_going / outcome.went if outcome.went else 0.0
    part = (went - 0.5) + 0.5 * (kept - 0.5)
    if outcome.median_helpfulness is not None:
        part += (outcome.median_helpfulness - 5.0) / 10.0
    part -= outcome.dead_ends / outcome.referred
    # Few referrals say little: trust them in proportion, reaching full weight at five.
    part *= min(1.0, outcome.referred / FEW)
    return max(-1.0, min(1.0, part)) * OUTCOME_WEIGHT


def count_words(count: int, *, lead: bool = False) -> str:
    """A count as shown: 1 to 4 as "fewer than 5" unless it is the lead's own view."""
    if count < 0:
        raise ValueError("A count cannot be negative.")
    if 0 < count < FEW and not lead:
        return f"fewer than {FEW}"
    return str(count)


def outcome_reason(outcome: MeetingOutcome | None, *, lead: bool = False) -> str | None:
    """The service's experience in words, e.g. "4 of our clients went; 3 were still going
    at follow-up", or ``None`` when nothing is known yet."""
    if outcome is None or not outcome.followed_up:
        return None
    if outcome.went:
        still = outcome.still_going
        parts = [
            f"{count_words(outcome.went, lead=lead)} of our clients went",
            f"{count_words(still, lead=lead) if still else 'none'} "
            f"{'was' if still == 1 and lead else 'were'} still going at follow-up",
        ]
    else:
        parts = ["none of our referred clients went"]
    if outcome.median_helpfulness is not None and (lead or outcome.rated >= FEW):
        parts.append(f"helpfulness {outcome.median_helpfulness:g}/10 (median)")
    if outcome.dead_ends:
        parts.append(
            f"dead end for {count_words(outcome.dead_ends, lead=lead)} "
            "(did not run, moved or turned away)"
        )
    return "; ".join(parts)


def details_words(outcome: MeetingOutcome | None, *, lead: bool = False) -> str:
    """The service's experience for the meeting's details: the ranking reason, or how many
    were referred when none has been followed up yet, or that nobody was."""
    if outcome is None or outcome.referred == 0:
        return "nobody referred in the period"
    reason = outcome_reason(outcome, lead=lead)
    if reason is None:
        return f"{count_words(outcome.referred, lead=lead)} referred; no follow-up yet"
    return f"{count_words(outcome.referred, lead=lead)} referred; {reason}"


# -- from a record's JSON ----------------------------------------------------------------


def referrals_from_json(data: Mapping[str, Any]) -> list[Referral]:
    """The referrals in one client record as JSON (``ClientRecord.model_dump(mode="json")``).

    Raises ``ValueError`` in one sentence when a field it reads is in the wrong shape.
    """
    client = data.get("client")
    if not isinstance(client, Mapping) or not isinstance(client.get("code"), str):
        raise ValueError("A client record has no client code.")
    code = client["code"]
    goals = _list(data, "goals")
    reviews = _list(data, "reviews")
    follow_ups: list[tuple[str | None, frozenset[str], FollowUp]] = []
    for review in reviews:
        goal_id = review.get("goal_id")
        ids = review.get("meeting_ids") or []
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ValueError("A review's meeting_ids is not a list of text.")
        helpfulness = review.get("helpfulness")
        if helpfulness is not None and (
            not isinstance(helpfulness, int) or isinstance(helpfulness, bool)
        ):
            raise ValueError("A review's helpfulness is not a whole number.")
        dead_end = review.get("dead_end")
        if dead_end is not None and dead_end not in _DEAD_ENDS:
            raise ValueError("A review's dead end is not one of the known kinds.")
        follow_ups.append(
            (
                goal_id if isinstance(goal_id, str) else None,
                frozenset(ids),
                FollowUp(
                    on=_date(review.get("date"), "review"),
                    went=review.get("attended") == "yes",
                    helpfulness=helpfulness,
                    dead_end=dead_end,
                ),
            )
        )
    referrals = []
    for goal in goals:
        meeting_id = goal.get("meeting_id")
        if not isinstance(meeting_id, str) or not meeting_id:
            continue
        created = goal.get("created_at")
        goal_id = goal.get("id")
        referrals.append(
            Referral(
                client=code,
                meeting_id=meeting_id,
                referred_on=_date(created[:10] if isinstance(created, str) else None, "goal"),
                follow_ups=tuple(
                    f
                    for g, ids, f in follow_ups
                    if (g is not None and g == goal_id) or (g is None and meeting_id in ids)
                ),
            )
        )
    return referrals


def _list(data: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise ValueError(f"A client record's {name} is not a list of records.")
    return value


def _date(value: Any, what: str) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"A {what} has no valid date.")
