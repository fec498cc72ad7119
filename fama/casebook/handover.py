"""The warm handover in stage 2, as the casebook serves it to the conversation screen.

Which of the register's contacts to offer for the goal agreed in this conversation (its
meeting, or else its organisation, and the kind of link chosen), and the answers to the
call and plan-name steps checked against the register: a contact removed from the register
since the list was shown is refused in one sentence, and the name kept on the goal is the
register's, not whatever the screen sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fama.directory.handover import linked_person

if TYPE_CHECKING:
    from fama.conversation import Step
    from fama.directory.handover import Offered
    from fama.models import ClientRecord, Contact, Conversation, Meeting

__all__ = ["CallOffer", "mentions_contacts", "offer", "with_register_names"]


@dataclass(frozen=True)
class CallOffer:
    """What the call step shows: the contacts best first, and where and when a contact
    usually meets a newcomer for this meeting (the answer's defaults)."""

    offered: list[Offered]
    meeting: Meeting | None
    meet_where: str
    meet_when: str


def offer(
    record: ClientRecord,
    conversation: Conversation,
    contacts: Iterable[Contact],
    meetings: Mapping[str, Meeting],
    now: datetime,
) -> CallOffer:
    """The contacts for the goal created in ``conversation`` (none before a goal exists).
    ``now`` is London wall-clock time."""
    from fama.conversation.prefill import created_goal
    from fama.directory.handover import contacts_to_ring, usual_meeting_place

    goal = created_goal(record, conversation)
    if goal is None:
        return CallOffer([], None, *usual_meeting_place(None))
    meeting = meetings.get(goal.meeting_id or "")
    offered = contacts_to_ring(
        contacts,
        link=goal.support.link,
        meeting=meeting,
        organisation=goal.organisation,
        now=now,
    )
    return CallOffer(offered, meeting, *usual_meeting_place(meeting))


def mentions_contacts(value: object) -> bool:
    """Whether an answer names register contacts (so the register must be read to check it)."""
    items = value if isinstance(value, list) else [value]
    return any(isinstance(item, Mapping) and item.get("contact_id") for item in items)


def with_register_names(step: Step, value: object, contacts: Sequence[Contact]) -> object:
    """``value`` (a call step's or plan-name step's answer) with each contact's name taken
    from the register; ``AnswerError`` when a contact is no longer in it."""
    from fama.conversation import AnswerError, AnswerKind

    if step.kind not in (AnswerKind.CONTACT_CALL, AnswerKind.CONTACT_ON_PLAN):
        return value
    by_id = {c.id: c for c in contacts}

    def named(item: object) -> object:
        if not isinstance(item, Mapping) or not item.get("contact_id"):
            return item
        contact = by_id.get(str(item["contact_id"]).strip())
        if contact is None:
            raise AnswerError("That contact has just left the register: choose someone else.")
        renamed: dict[str, Any] = {**item, "name": linked_person(contact)}
        return renamed

    if isinstance(value, list):
        return [named(item) for item in value]
    return named(value)
