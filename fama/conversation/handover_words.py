"""The warm handover after the fact: whether a goal had someone to meet the client (so the
follow-up asks whether they did), and the words the views use for the calls made in the
session and for what the follow-up heard.

Who a call reached is named by the register when the view has it (the casebook passes
:func:`register_names`), else by the name the register gave when the call was recorded
(kept in the conversation's answers: :func:`recorded_names`), else, for the person linked
to the goal, by ``Support.linked_person``. Everything returned is plain text holding words
a person typed (names, where and when to meet): a Markdown view escapes it, a Textual view
shows it with markup off.

Pure: records in, strings out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from fama.models.contact import Contact, Position
from fama.models.conversation import Conversation
from fama.models.goal import CallOutcome, ContactCall, LinkType, Support
from fama.models.review import Handover

__all__ = [
    "Named",
    "asks_handover",
    "call_lines",
    "handover_line",
    "linked_words",
    "recorded_names",
    "register_names",
]

NOBODY_TO_ASK = frozenset({LinkType.NONE, LinkType.MEETING_AT_SERVICE})
"""Links with no person who could have met the client or gone with them."""

_LINK_NOUN = {
    LinkType.VOLUNTEER_PHONED: "the fellowship volunteer",
    LinkType.VOLUNTEER_MEETS: "the fellowship volunteer",
    LinkType.PEER_MENTOR: "the peer mentor",
    LinkType.STAFF_MEETS: "the staff member",
    LinkType.STAFF_ACCOMPANIES: "the staff member",
}
"""Who the linked person was, when the goal does not name them."""


@dataclass(frozen=True)
class Named:
    """A person as a view names them: a first name (or, with none, what they are called)
    and their role."""

    name: str
    role: str = ""

    @property
    def full(self) -> str:
        """``Sam (AA health liaison)``, or just the name."""
        return f"{self.name} ({self.role})" if self.role and self.name else self.name or self.role

    @classmethod
    def from_text(cls, text: str) -> Named | None:
        """A name as the goal keeps it (``Sam, AA health liaison``: the register's name and
        role, or whatever was typed); None for nothing."""
        words = " ".join(text.split())
        if not words:
            return None
        name, _, role = words.partition(", ")
        return cls(name.strip(), role.strip())


def asks_handover(support: Support) -> bool:
    """Whether the goal had someone to meet the client or go with them, so the follow-up
    asks whether they did (a meeting held at the service, or no link, has nobody)."""
    return support.link not in NOBODY_TO_ASK


def linked_words(support: Support) -> str:
    """Who to ask about at the follow-up, as the goal names them (``Sam, AA health
    liaison``, as typed) or else what they were (``the peer mentor``)."""
    return support.linked_person.strip() or _LINK_NOUN.get(support.link, "the person linked")


def register_names(contacts: Iterable[Contact]) -> dict[str, Named]:
    """Each register entry by id, named as the register names them now."""
    found: dict[str, Named] = {}
    for contact in contacts:
        role = contact.role or (
            contact.position.value if contact.position is not Position.OTHER else ""
        )
        found[contact.id] = Named(contact.name or role, role if contact.name else "")
    return found


def recorded_names(conversations: Iterable[Conversation]) -> dict[str, Named]:
    """The contacts named in the conversations' answers (a call or a name on the plan keeps
    the register's name as it was then), by contact id; a later conversation's name wins.
    Anything in a saved answer that is not a named contact is passed over."""
    found: dict[str, Named] = {}
    for conversation in sorted(conversations, key=lambda c: c.started_at):
        path = conversation.state.get("path")
        for visit in path if isinstance(path, list) else []:
            answer = visit.get("answer") if isinstance(visit, Mapping) else None
            for item in answer if isinstance(answer, list) else [answer]:
                if not isinstance(item, Mapping):
                    continue
                contact_id, name = item.get("contact_id"), item.get("name")
                if isinstance(contact_id, str) and isinstance(name, str):
                    named = Named.from_text(name)
                    if contact_id.strip() and named is not None:
                        found[contact_id.strip()] = named
    return found


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _who(call: ContactCall, support: Support, names: Mapping[str, Named]) -> str:
    named = names.get(call.contact_id)
    if named is None and call.contact_id == support.contact_id:
        named = Named.from_text(support.linked_person)
    return named.full if named is not None else "a contact from the register"


def call_lines(support: Support, names: Mapping[str, Named] | None = None) -> list[str]:
    """The calls made in the session for the goal, one line each, in the order made:
    ``Rang Sam (AA health liaison) on Thu 3 Dec 2026: reached, agreed to meet at the door,
    Monday 12:30``. ``names`` are the register's contacts by id (see the module's notes)."""
    known = names or {}
    lines = []
    for call in support.calls:
        words = f"Rang {_who(call, support, known)} on {_day(call.called_on)}: "
        words += call.outcome.value
        place = ", ".join(p for p in (call.meet_where, call.meet_when) if p)
        if place and call.outcome is CallOutcome.REACHED:
            words += f" {place}"
        lines.append(words)
    return lines


def handover_line(
    handover: Handover, support: Support | None, names: Mapping[str, Named] | None = None
) -> str:
    """What the follow-up heard: ``Sam met them there``, ``The peer mentor went with
    them``, ``Sam did not meet them``. The goal's ``support`` names the person (the
    register's name for them first, from ``names``); without it, ``The person linked``."""
    named = None
    if support is not None and support.contact_id:
        named = (names or {}).get(support.contact_id)
    if named is None and support is not None:
        named = Named.from_text(support.linked_person)
    if named is not None and named.name:
        return f"{named.name} {handover.value}"
    noun = _LINK_NOUN.get(support.link, "") if support is not None else ""
    return f"{(noun or 'the person linked').capitalize()} {handover.value}"
