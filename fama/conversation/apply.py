"""Apply what one answer records to the client's whole record (pure: no store, no clock).

The engine (:mod:`fama.conversation.engine`) turns an answer into :class:`Effect` records;
:func:`apply_outcome` writes them into a copy of the client's :class:`ClientRecord` and the
:class:`Conversation`, which the casebook then saves in one durable ``put_record``.
Each effect is applied to a :class:`~fama.conversation.working_record.WorkingRecord`,
which also undoes what earlier answers recorded; this module opens it, writes the
result back into the records, and reads the conversation's notes back
(:func:`conversation_notes`).

Where things are kept
---------------------
* The client's profile: prior experience, its note, consent, preferences, next review and
  stage. The stage never goes down, except that a client who says no keeps the stage they
  had before this conversation (``Declined``).
* ``ClientRecord.goals`` (``CreateGoal``, ``SetSupport``, ``UpdateGoalStatus``) and
  ``ClientRecord.reviews`` (``RecordFollowUp``).
* ``Conversation.turns``: one :class:`Turn` per answered step, in the order of the engine's
  path (going back removes the forgotten answer's turn; answering again replaces it).
* ``Conversation.state``: the engine's state (``version``, ``step``, ``path``, ``context``)
  plus these keys, all plain JSON (read them with :func:`conversation_notes`):

  - ``concerns``: ``[{"origin", "text"}]`` hopes and worries in the client's words;
  - ``knowledge``: ``[{"origin", "text"}]`` what they already know about the groups;
  - ``interest``: ``[{"origin", "score"}]`` interest in trying a meeting, 0-10;
  - ``meetings``: ``[{"origin", "meeting_ids"}]`` the meetings chosen;
  - ``declined``: ``[{"origin", "note"}]`` the client said no for now (their reasons);
  - ``stage_before``: the client's stage when the conversation opened;
  - ``closed``: why the conversation was closed without finishing (set by the casebook);
  - ``records``: ``{origin: {"index", "goals", "reviews", "goals_before", "client_before",
    "stage"}}``: what each answer created (ids) and what it changed (the values before),
    so that going back and answering again replaces what that answer recorded instead of
    adding a second goal or review.

An *origin* is ``"<step id>@<position in the path>"`` (the engine's ``origin``). Answering
at position ``n``, or going back to it, first undoes every origin at ``n`` or later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fama.conversation.engine import Outcome
from fama.conversation.state import ConversationState
from fama.conversation.working_record import WorkingRecord, stage_max
from fama.models.common import Stage
from fama.models.conversation import Conversation, Turn
from fama.models.meeting import Meeting
from fama.models.record import ClientRecord

__all__ = [
    "ENGINE_KEYS",
    "ConversationNotes",
    "apply_back",
    "apply_outcome",
    "conversation_notes",
    "origin_index",
]

ENGINE_KEYS = frozenset({"version", "step", "path", "context"})
"""Keys of ``Conversation.state`` that belong to the engine's :class:`ConversationState`."""


def origin_index(origin: str) -> int:
    """The path position in an origin such as ``"s2_goal@14"``."""
    _, _, index = origin.rpartition("@")
    return int(index) if index.isdigit() else 0


# --------------------------------------------------------------------------- reading back


@dataclass(frozen=True)
class ConversationNotes:
    """What a conversation recorded outside the client's profile, goals and reviews."""

    concerns: tuple[str, ...] = ()
    knowledge: tuple[str, ...] = ()
    """What the client said they already know about the groups."""
    interest: int | None = None
    """The latest interest score, 0-10."""
    meeting_ids: tuple[str, ...] = ()
    """The meetings chosen most recently."""
    declined: bool = False
    declined_note: str = ""
    closed: str = ""
    """Why the conversation was closed without finishing, if it was."""


def conversation_notes(conversation: Conversation) -> ConversationNotes:
    """Concerns, interest, chosen meetings and a refusal, as a review screen shows them."""
    state = conversation.state

    def entries(key: str) -> list[Mapping[str, Any]]:
        value = state.get(key)
        return [e for e in value if isinstance(e, Mapping)] if isinstance(value, list) else []

    interest = [e.get("score") for e in entries("interest")]
    meetings = [e.get("meeting_ids") or [] for e in entries("meetings")]
    declined = entries("declined")
    return ConversationNotes(
        concerns=tuple(str(e.get("text", "")) for e in entries("concerns")),
        knowledge=tuple(str(e.get("text", "")) for e in entries("knowledge")),
        interest=int(interest[-1]) if interest and isinstance(interest[-1], int) else None,
        meeting_ids=tuple(str(m) for m in meetings[-1]) if meetings else (),
        declined=bool(declined),
        declined_note="; ".join(str(e.get("note") or "") for e in declined if e.get("note")),
        closed=str(state.get("closed") or ""),
    )


# --------------------------------------------------------------------------- applying


def _extras(state: Mapping[str, Any]) -> dict[str, Any]:
    """A deep-enough copy of the non-engine part of ``Conversation.state``."""
    extras: dict[str, Any] = {}
    for key, value in state.items():
        if key in ENGINE_KEYS:
            continue
        if key == "records" and isinstance(value, Mapping):
            extras[key] = {
                o: {
                    "index": int(e.get("index", origin_index(o))),
                    "goals": list(e.get("goals", [])),
                    "reviews": list(e.get("reviews", [])),
                    "goals_before": dict(e.get("goals_before", {})),
                    "client_before": dict(e.get("client_before", {})),
                    "stage": e.get("stage"),
                }
                for o, e in value.items()
                if isinstance(e, Mapping)
            }
        elif isinstance(value, list):
            extras[key] = [dict(v) if isinstance(v, Mapping) else v for v in value]
        else:
            extras[key] = value
    return extras


def _stage_reached(records: Mapping[str, Mapping[str, Any]]) -> Stage:
    reached = Stage.NOT_STARTED
    for entry in records.values():
        if entry.get("stage"):
            reached = stage_max(reached, Stage(entry["stage"]))
    return reached


def _check_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("'now' must be timezone-aware.")


def _finish(
    record: ClientRecord,
    conversation: Conversation,
    work: WorkingRecord,
    state: ConversationState,
    turns: list[Turn],
    now: datetime,
) -> tuple[ClientRecord, Conversation]:
    client = work.client.model_copy(update={"updated_at": now})
    new_conversation = conversation.model_copy(
        update={
            "turns": turns,
            "state": {**state.to_dict(), **work.extras},
            "stage_reached": _stage_reached(work.records),
            "updated_at": now,
            "finished": state.finished,
        }
    )
    conversations = [
        new_conversation if c.id == conversation.id else c for c in record.conversations
    ]
    if all(c.id != conversation.id for c in record.conversations):
        conversations.append(new_conversation)
    new_record = record.model_copy(
        update={
            "client": client,
            "goals": work.goals,
            "reviews": work.reviews,
            "conversations": conversations,
        }
    )
    return new_record, new_conversation


def apply_outcome(
    record: ClientRecord,
    conversation: Conversation,
    outcome: Outcome,
    *,
    now: datetime,
    keyworker: str,
    meetings: Mapping[str, Meeting] | None = None,
) -> tuple[ClientRecord, Conversation]:
    """The client's record and the conversation after one answer (nothing is mutated).

    ``meetings`` (the directory by id) names the goal that follows a follow-up and dates a
    fresh try at the same meeting.

    Raises pydantic's ``ValidationError`` (a ``ValueError``) if an effect would make a record
    invalid; the engine's checks make that rare.
    """
    _check_aware(now)
    index = len(outcome.state.path) - 1
    origin = f"{outcome.answered.id}@{index}"
    extras = _extras(conversation.state)
    extras.setdefault("stage_before", record.client.stage.value)
    work = WorkingRecord(record, extras, meetings)
    work.undo_from(index)
    entry: dict[str, Any] = {
        "index": index,
        "goals": [],
        "reviews": [],
        "goals_before": {},
        "client_before": {},
        "stage": None,
    }
    for effect in outcome.effects:
        work.apply(effect, entry, origin, now=now, keyworker=keyworker)
    work.records[origin] = entry
    turn = Turn(
        step_id=outcome.answered.id,
        prompt=outcome.answered.prompt,
        answer=outcome.turn_answer,
        answered_at=now,
    )
    turns = [*conversation.turns[:index], turn]
    return _finish(record, conversation, work, outcome.state, turns, now)


def apply_back(
    record: ClientRecord,
    conversation: Conversation,
    state: ConversationState,
    *,
    now: datetime,
) -> tuple[ClientRecord, Conversation]:
    """The record and conversation after going back to ``state`` (the engine's ``back``):
    what the forgotten answer recorded is undone and its turn leaves the transcript."""
    _check_aware(now)
    index = len(state.path)
    work = WorkingRecord(record, _extras(conversation.state))
    work.undo_from(index)
    return _finish(record, conversation, work, state, list(conversation.turns[:index]), now)
