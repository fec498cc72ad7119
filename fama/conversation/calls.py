"""The answers to the stage-2 handover steps, checked: the calls made to the register's
contacts during the session, and a contact's first name put on My meeting plan instead.

Pure: plain values in (from a screen, or the saved state), checked dataclasses out, with
one plain sentence (:class:`~fama.conversation.answers.AnswerError`) for anything that
cannot be accepted. Whether a contact id is still in the register is the casebook's check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fama.conversation.answers import AnswerError
from fama.models.goal import CallOutcome

__all__ = [
    "OUTCOME_KEYS",
    "CallAnswer",
    "PlanContactAnswer",
    "calls_in_words",
    "linked_by",
    "parse_calls",
]

OUTCOME_KEYS = {
    "reached": CallOutcome.REACHED,
    "message": CallOutcome.MESSAGE,
    "not_reached": CallOutcome.NOT_REACHED,
}
"""How an answer names a call's outcome (the screen's keys r, m and n)."""

WHERE_LIMIT = 200
WHEN_LIMIT = 120
NAME_LIMIT = 80
MOST_CALLS = 20


def _text(data: Mapping[str, Any], key: str, limit: int, what: str) -> str:
    value = data.get(key)
    text = " ".join(str(value).split()) if value is not None else ""
    if len(text) > limit:
        raise AnswerError(f"Keep {what} under {limit} characters.")
    return text


@dataclass(frozen=True)
class CallAnswer:
    """One call: the contact rung, how it went, and (when reached) where and when they agreed
    to meet the client. ``name`` is how the register calls them, for the transcript."""

    contact_id: str
    outcome: CallOutcome
    name: str = ""
    meet_where: str = ""
    meet_when: str = ""

    @classmethod
    def parse(cls, value: object) -> CallAnswer:
        if isinstance(value, CallAnswer):
            return value
        if not isinstance(value, Mapping):
            raise AnswerError("Record how each call went: reached, left a message or not reached.")
        contact_id = str(value.get("contact_id") or "").strip()
        if not contact_id:
            raise AnswerError("Each call needs the contact who was rung.")
        raw = str(value.get("outcome") or "").strip()
        outcome = OUTCOME_KEYS.get(raw) or next((o for o in CallOutcome if o.value == raw), None)
        if outcome is None:
            raise AnswerError("Record how the call went: reached, left a message or not reached.")
        where = _text(value, "meet_where", WHERE_LIMIT, "where they will meet")
        when = _text(value, "meet_when", WHEN_LIMIT, "when they will meet")
        if outcome is not CallOutcome.REACHED and (where or when):
            where = when = ""  # only someone reached can agree where to meet
        return cls(
            contact_id=contact_id,
            outcome=outcome,
            name=_text(value, "name", NAME_LIMIT, "the contact's name"),
            meet_where=where,
            meet_when=when,
        )

    def to_dict(self) -> dict[str, Any]:
        key = next(k for k, o in OUTCOME_KEYS.items() if o is self.outcome)
        return {
            "contact_id": self.contact_id,
            "outcome": key,
            "name": self.name,
            "meet_where": self.meet_where,
            "meet_when": self.meet_when,
        }

    def in_words(self) -> str:
        """The call as the transcript says it ("Sam: reached, agreed to meet; at the door,
        Tuesday 19:00")."""
        who = self.name or "the contact"
        words = f"{who}: {self.outcome.value}"
        place = ", ".join(p for p in (self.meet_where, self.meet_when) if p)
        return f"{words} ({place})" if place else words


def parse_calls(value: object) -> list[CallAnswer]:
    """The calls made in the session, in order; an empty list when nobody was rung.

    At most one call can have reached someone (the link is then made), and it comes last.
    """
    if value is None:
        return []
    if isinstance(value, CallAnswer | Mapping):
        items: Sequence[object] = [value]
    elif isinstance(value, Sequence) and not isinstance(value, str):
        items = value
    else:
        raise AnswerError("Record the calls made: who was rung and how it went.")
    if len(items) > MOST_CALLS:
        raise AnswerError(f"Record at most {MOST_CALLS} calls in one session.")
    calls = [CallAnswer.parse(item) for item in items]
    reached = [n for n, c in enumerate(calls) if c.outcome is CallOutcome.REACHED]
    if len(reached) > 1 or (reached and reached[0] != len(calls) - 1):
        raise AnswerError("Once a contact is reached and agrees to meet, no more calls are made.")
    return calls


def linked_by(stored: object) -> CallAnswer | None:
    """The call that links the client to someone: the one that reached them, else the last
    that left a message; None when no call did either (or none was made)."""
    calls = parse_calls(stored)
    reached = [c for c in calls if c.outcome is CallOutcome.REACHED]
    messaged = [c for c in calls if c.outcome is CallOutcome.MESSAGE]
    found = reached or messaged
    return found[-1] if found else None


def calls_in_words(calls: Sequence[CallAnswer]) -> str | None:
    """The calls as the transcript shows them, or None when nobody was rung."""
    return "; ".join(c.in_words() for c in calls) or None


@dataclass(frozen=True)
class PlanContactAnswer:
    """The contact whose first name goes on My meeting plan (the client agreed to that,
    but not to a call)."""

    contact_id: str
    name: str = ""

    @classmethod
    def parse(cls, value: object) -> PlanContactAnswer | None:
        """The contact chosen, or None when the client would rather not."""
        if value is None or value == "" or (isinstance(value, Mapping) and not value):
            return None
        if isinstance(value, PlanContactAnswer):
            return value
        if isinstance(value, str):
            return cls(contact_id=value.strip())
        if not isinstance(value, Mapping):
            raise AnswerError("Choose the contact to name on the plan, or none.")
        contact_id = str(value.get("contact_id") or "").strip()
        if not contact_id:
            return None
        return cls(contact_id=contact_id, name=_text(value, "name", NAME_LIMIT, "the name"))

    def to_dict(self) -> dict[str, Any]:
        return {"contact_id": self.contact_id, "name": self.name}
