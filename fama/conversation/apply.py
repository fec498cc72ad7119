"""Apply what one answer records to the client's whole record (pure: no store, no clock).

The engine (:mod:`fama.conversation.engine`) turns an answer into :class:`Effect` records;
:func:`apply_outcome` writes them into a copy of the client's :class:`ClientRecord` and the
:class:`Conversation`, which the casebook then saves in one durable ``put_record``.

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
from datetime import date, datetime
from typing import Any

from fama.clock import london
from fama.conversation.effects import (
    ChooseMeetings,
    CreateGoal,
    Declined,
    Effect,
    LogConcern,
    RecordFollowUp,
    RecordInterest,
    SetClientField,
    SetConsent,
    SetPreferences,
    SetRevisit,
    SetStage,
    SetSupport,
)
from fama.conversation.engine import Outcome
from fama.conversation.outcomes import follow_up_goal
from fama.conversation.state import ConversationState
from fama.models.client import Client, Consent, Preferences
from fama.models.client import Declined as ClientDeclined
from fama.models.common import Stage
from fama.models.conversation import Conversation, Turn
from fama.models.goal import Goal
from fama.models.meeting import Meeting
from fama.models.organisations import OrgCode
from fama.models.record import ClientRecord
from fama.models.review import Review

ENGINE_KEYS = frozenset({"version", "step", "path", "context"})
"""Keys of ``Conversation.state`` that belong to the engine's :class:`ConversationState`."""

NOTE_KEYS = ("concerns", "knowledge", "interest", "meetings", "declined")
"""Lists in ``Conversation.state`` whose entries carry the origin that recorded them."""

_STAGE_ORDER = list(Stage)


def _stage_max(a: Stage, b: Stage) -> Stage:
    return a if _STAGE_ORDER.index(a) >= _STAGE_ORDER.index(b) else b


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


class _Work:
    """A mutable working copy of one client's record while effects are applied."""

    def __init__(
        self,
        record: ClientRecord,
        extras: dict[str, Any],
        meetings: Mapping[str, Meeting] | None = None,
    ) -> None:
        self.meetings = meetings or {}
        self.client = record.client
        self.goals = list(record.goals)
        self.reviews = list(record.reviews)
        self.extras = extras
        self.records: dict[str, dict[str, Any]] = extras.setdefault("records", {})

    # -- client ------------------------------------------------------------------------
    def set_client(self, entry: dict[str, Any], field: str, value: Any) -> None:
        before = self.client.model_dump(mode="json")
        entry["client_before"].setdefault(field, before[field])
        self.client = Client.model_validate({**self.client.model_dump(), field: value})

    def raise_stage(self, entry: dict[str, Any], stage: Stage) -> None:
        higher = _stage_max(self.client.stage, stage)
        if higher is not self.client.stage:
            self.set_client(entry, "stage", higher)

    # -- goals -------------------------------------------------------------------------
    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def change_goal(self, entry: dict[str, Any], goal: Goal, **update: Any) -> None:
        if goal.id not in entry["goals"]:
            entry["goals_before"].setdefault(goal.id, goal.model_dump(mode="json"))
        changed = Goal.model_validate({**goal.model_dump(), **update})
        self.goals = [changed if g.id == goal.id else g for g in self.goals]

    def latest_goal(self, entry: dict[str, Any]) -> Goal | None:
        """The goal created most recently in this conversation (for ``SetSupport``)."""
        entries = sorted(self.records.values(), key=lambda e: e["index"])
        for candidate in [*reversed(entries), entry]:
            for goal_id in reversed(candidate["goals"]):
                goal = self.goal(goal_id)
                if goal is not None:
                    return goal
        return None

    # -- undo --------------------------------------------------------------------------
    def undo_from(self, index: int) -> None:
        """Forget what every answer at path position ``index`` or later recorded."""
        stale = sorted(
            (o for o, e in self.records.items() if e["index"] >= index),
            key=lambda o: self.records[o]["index"],
            reverse=True,
        )
        for origin in stale:
            entry = self.records.pop(origin)
            created = set(entry["goals"])
            self.goals = [g for g in self.goals if g.id not in created]
            made = set(entry["reviews"])
            self.reviews = [r for r in self.reviews if r.id not in made]
            for goal_id, snapshot in entry["goals_before"].items():
                if self.goal(goal_id) is not None:
                    restored = Goal.model_validate(snapshot)
                    self.goals = [restored if g.id == goal_id else g for g in self.goals]
            if entry["client_before"]:
                self.client = Client.model_validate(
                    {**self.client.model_dump(mode="json"), **entry["client_before"]}
                )
            for key in NOTE_KEYS:
                notes = self.extras.get(key)
                if isinstance(notes, list):
                    self.extras[key] = [n for n in notes if n.get("origin") != origin]

    # -- effects -----------------------------------------------------------------------
    def note(self, key: str, origin: str, **values: Any) -> None:
        self.extras.setdefault(key, []).append({"origin": origin, **values})

    def apply(
        self,
        effect: Effect,
        entry: dict[str, Any],
        origin: str,
        *,
        now: datetime,
        keyworker: str,
    ) -> None:
        if isinstance(effect, SetClientField):
            self.set_client(entry, effect.field, effect.value)
        elif isinstance(effect, SetConsent):
            self.set_client(entry, "consent", Consent(share_first_name=effect.share_first_name))
        elif isinstance(effect, SetPreferences):
            merged = Preferences.model_validate(
                {**self.client.preferences.model_dump(), **effect.fields}
            )
            self.set_client(entry, "preferences", merged)
        elif isinstance(effect, SetStage):
            entry["stage"] = effect.stage.value
            self.raise_stage(entry, effect.stage)
        elif isinstance(effect, LogConcern):
            self.note(effect.key, origin, text=effect.text)
        elif isinstance(effect, RecordInterest):
            self.note("interest", origin, score=effect.score)
        elif isinstance(effect, ChooseMeetings):
            self.note("meetings", origin, meeting_ids=list(effect.meeting_ids))
        elif isinstance(effect, Declined):
            self.note("declined", origin, note=effect.note)
            before = Stage(self.extras.get("stage_before", Stage.NOT_STARTED.value))
            if self.client.stage is not before:
                self.set_client(entry, "stage", before)
            refusal = ClientDeclined(on=_london_day(now), reason=effect.note)
            self.set_client(entry, "declined", refusal)
        elif isinstance(effect, SetRevisit):
            if self.client.declined is not None:
                revisit = self.client.declined.model_copy(update={"revisit_on": effect.on})
                self.set_client(entry, "declined", revisit)
        elif isinstance(effect, CreateGoal):
            answer = effect.goal
            goal = Goal(
                client_code=self.client.code,
                wording=answer.wording,
                meeting_id=effect.meeting_ids[0] if effect.meeting_ids else None,
                organisation=OrgCode(answer.organisation) if answer.organisation else None,
                target_date=answer.target_date,
                review_date=answer.review_date,
                meetings_planned=answer.meetings_planned,
                created_at=now,
                created_by=keyworker,
            )
            self.goals.append(goal)
            entry["goals"].append(goal.id)
            if self.client.declined is not None:  # they agreed a goal: no longer "not for now"
                self.set_client(entry, "declined", None)
        elif isinstance(effect, SetSupport):
            target = self.latest_goal(entry)
            if target is not None:  # the script always agrees a goal before its support
                support = {**target.support.model_dump(), effect.field: effect.value}
                self.change_goal(entry, target, support=support)
        elif isinstance(effect, RecordFollowUp):
            review = Review(
                client_code=self.client.code,
                date=_london_day(now),
                recorded_by=keyworker,
                created_at=now,
                **effect.follow_up.review_fields(),
            )
            self.reviews.append(review)
            entry["reviews"].append(review.id)
            followed = self.goal(effect.follow_up.goal_id)
            if followed is not None:
                self.follow_up(entry, followed, effect, now=now, keyworker=keyworker)
        else:  # pragma: no cover - every effect is handled above
            raise AssertionError(effect)

    def follow_up(
        self,
        entry: dict[str, Any],
        goal: Goal,
        effect: RecordFollowUp,
        *,
        now: datetime,
        keyworker: str,
    ) -> None:
        """Move the goal on as the follow-up says, adding the goal that follows it, if any."""
        change = follow_up_goal(
            goal,
            effect.follow_up,
            meeting=self.meetings.get(goal.meeting_id or ""),
            today=_london_day(now),
            now=now,
            keyworker=keyworker,
        )
        self.change_goal(entry, goal, **change.update)
        if change.follow_on is not None:
            self.goals.append(change.follow_on)
            entry["goals"].append(change.follow_on.id)


def _london_day(now: datetime) -> date:
    return now.astimezone(london()).date()


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
            reached = _stage_max(reached, Stage(entry["stage"]))
    return reached


def _check_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("'now' must be timezone-aware.")


def _finish(
    record: ClientRecord,
    conversation: Conversation,
    work: _Work,
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
    work = _Work(record, extras, meetings)
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
    work = _Work(record, _extras(conversation.state))
    work.undo_from(index)
    return _finish(record, conversation, work, state, list(conversation.turns[:index]), now)
