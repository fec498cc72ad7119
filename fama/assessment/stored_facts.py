""":class:`ClientFacts` as plain JSON, for a store to keep beside each record.

A service's database keeps each client's facts in a column of their own, written with the
record, so the self-assessment reads a few small values per client instead of every whole
record, and a login that may read figures but no client record (``report``) can count them
through a database function. The form kept holds no client code and no words anyone typed:
dates, counts, scores, ids and vocabulary values only.

The form has a number, :data:`SHAPE`. Facts kept in an earlier form still read (what they
lack reads as "none": no calls, no handover), and a database makes them again from the
record after a migration (``fill_missing_facts``); facts kept from a purged record, whose
record is gone, stay in the form they were kept in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from fama.assessment.facts import ClientFacts, ConversationFacts, FollowUpFacts, GoalFacts
from fama.models.review import Handover

__all__ = ["SHAPE", "facts_from_row", "facts_to_row"]

SHAPE = 2
"""The form's number: 2 added whether each follow-up's goal has a link and its handover,
and the calls to the contacts register (a form without a number is 1)."""


_HANDOVER: dict[Any, str | None] = {True: None, **{h.value: h.value for h in Handover}}
"""A linked follow-up's fifth value as kept, and the handover it means (``true``: not asked)."""


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: Any) -> date:
    if not isinstance(value, str):
        raise ValueError("a stored fact is not a date")
    return _day_of(value)


@lru_cache(maxsize=16384)
def _day_of(text: str) -> date:
    """A stored day (a service's facts name a few thousand distinct days many times over)."""
    return date.fromisoformat(text)


def facts_to_row(facts: ClientFacts) -> dict[str, Any]:
    """The facts as JSON, without the client's code.

    Kept small, since a service's figures read every client's: a follow-up about a goal
    without a link keeps four values; one about a linked goal a fifth, the handover or
    ``true`` when it was not asked; ``calls`` only when there are some."""
    row: dict[str, Any] = {
        "shape": SHAPE,
        "episode_start": facts.episode_start.isoformat(),
        "discharged": _day(facts.discharged),
        "substances": list(facts.substances),
        "goals": [
            [g.id, g.created_on.isoformat(), g.meeting_id, g.organisation, g.link]
            for g in facts.goals
        ],
        "follow_ups": [
            [f.on.isoformat(), f.attended, f.meetings, f.helpfulness]
            if not f.linked
            else [f.on.isoformat(), f.attended, f.meetings, f.helpfulness, f.handover or True]
            for f in facts.follow_ups
        ],
        "conversations": [
            [c.started_on.isoformat(), c.held, c.introduces] for c in facts.conversations
        ],
        "handouts": [[handout, day.isoformat()] for handout, day in facts.handouts],
    }
    if facts.calls:
        row["calls"] = [[day.isoformat(), by] for day, by in facts.calls]
    return row


def _refuse(kept: Any) -> FollowUpFacts:
    raise ValueError(f"a follow-up kept with {len(kept)} values")


def facts_from_row(row: Mapping[str, Any]) -> ClientFacts:
    """Facts back from :func:`facts_to_row`'s JSON (their code is blank); ``ValueError``
    for JSON not in that shape."""
    day = _day_of  # every day read through the cache; anything but text raises TypeError
    try:
        discharged = row["discharged"]
        return ClientFacts(
            code="",
            episode_start=_date(row["episode_start"]),
            discharged=None if discharged is None else _date(discharged),
            substances=tuple(str(s) for s in row["substances"]),
            goals=tuple(
                GoalFacts(str(i), day(created), meeting, organisation, str(link))
                for i, created, meeting, organisation, link in row["goals"]
            ),
            follow_ups=tuple(
                FollowUpFacts(day(f[0]), bool(f[1]), f[2], f[3])
                if len(f) == 4
                else FollowUpFacts(day(f[0]), bool(f[1]), f[2], f[3], True, _HANDOVER[f[4]])
                if len(f) == 5
                else _refuse(f)
                for f in row["follow_ups"]
            ),
            conversations=tuple(
                ConversationFacts(day(started), bool(held), bool(introduces))
                for started, held, introduces in row["conversations"]
            ),
            handouts=tuple((str(h), day(d)) for h, d in row["handouts"]),
            calls=tuple((day(d), str(by)) for d, by in row.get("calls", ())),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(
            f"The stored facts of a client are not in the expected shape ({exc})."
        ) from None
