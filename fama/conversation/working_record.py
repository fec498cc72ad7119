"""A working copy of one client's record while one answer's effects are applied or undone.

:class:`WorkingRecord` holds the client, goals and reviews being changed and the
conversation's own notes (``Conversation.state`` outside the engine's keys), and keeps, for
each answer, what it created and the values it changed, so that going back undoes exactly
that answer. The layout of those notes is described in :mod:`fama.conversation.apply`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from fama.clock import london
from fama.conversation import effects as fx
from fama.conversation.calls import linked_by
from fama.conversation.handover_words import asks_handover
from fama.conversation.outcomes import follow_up_goal
from fama.models.client import Client, Consent, Preferences
from fama.models.client import Declined as ClientDeclined
from fama.models.common import Stage
from fama.models.goal import ContactCall, Goal
from fama.models.meeting import Meeting
from fama.models.organisations import OrgCode
from fama.models.record import ClientRecord
from fama.models.review import Review

__all__ = ["NOTE_KEYS", "WorkingRecord", "stage_max"]

NOTE_KEYS = ("concerns", "knowledge", "interest", "meetings", "declined")
"""Lists in ``Conversation.state`` whose entries carry the origin that recorded them."""

_STAGE_ORDER = list(Stage)


def stage_max(a: Stage, b: Stage) -> Stage:
    """The further on of two FAMA stages."""
    return a if _STAGE_ORDER.index(a) >= _STAGE_ORDER.index(b) else b


class WorkingRecord:
    """A mutable working copy of one client's record while effects are applied."""

    def __init__(
        self,
        record: ClientRecord,
        extras: dict[str, Any],
        meetings: Mapping[str, Meeting] | None = None,
    ) -> None:
        self.meetings = meetings if meetings is not None else {}
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
        higher = stage_max(self.client.stage, stage)
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
        effect: fx.Effect,
        entry: dict[str, Any],
        origin: str,
        *,
        now: datetime,
        keyworker: str,
    ) -> None:
        if isinstance(effect, fx.SetClientField):
            self.set_client(entry, effect.field, effect.value)
        elif isinstance(effect, fx.SetConsent):
            self.set_client(entry, "consent", Consent(share_first_name=effect.share_first_name))
        elif isinstance(effect, fx.SetPreferences):
            merged = Preferences.model_validate(
                {**self.client.preferences.model_dump(), **effect.fields}
            )
            self.set_client(entry, "preferences", merged)
        elif isinstance(effect, fx.SetStage):
            entry["stage"] = effect.stage.value
            self.raise_stage(entry, effect.stage)
        elif isinstance(effect, fx.LogConcern):
            self.note(effect.key, origin, text=effect.text)
        elif isinstance(effect, fx.RecordInterest):
            self.note("interest", origin, score=effect.score)
        elif isinstance(effect, fx.ChooseMeetings):
            self.note("meetings", origin, meeting_ids=list(effect.meeting_ids))
        elif isinstance(effect, fx.Declined):
            self.note("declined", origin, note=effect.note)
            before = Stage(self.extras.get("stage_before", Stage.NOT_STARTED.value))
            if self.client.stage is not before:
                self.set_client(entry, "stage", before)
            refusal = ClientDeclined(on=_london_day(now), reason=effect.note)
            self.set_client(entry, "declined", refusal)
        elif isinstance(effect, fx.SetRevisit):
            if self.client.declined is not None:
                revisit = self.client.declined.model_copy(update={"revisit_on": effect.on})
                self.set_client(entry, "declined", revisit)
        elif isinstance(effect, fx.CreateGoal):
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
        elif isinstance(effect, fx.SetSupport):
            target = self.latest_goal(entry)
            if target is not None:  # the script always agrees a goal before its support
                support = {**target.support.model_dump(), effect.field: effect.value}
                self.change_goal(entry, target, support=support)
        elif isinstance(effect, fx.RecordCalls):
            self.record_calls(entry, effect, now=now, keyworker=keyworker)
        elif isinstance(effect, fx.NameOnPlan):
            target = self.latest_goal(entry)
            if target is not None:
                support = {
                    **target.support.model_dump(),
                    "contact_id": effect.contact.contact_id,
                    "linked_person": effect.contact.name,
                    "name_on_plan": True,
                }
                self.change_goal(entry, target, support=support)
        elif isinstance(effect, fx.RecordFollowUp):
            followed = self.goal(effect.follow_up.goal_id)
            fields = effect.follow_up.review_fields()
            if followed is None or not asks_handover(followed.support):
                fields["handover"] = None  # nobody was linked: nobody to have met them
            review = Review(
                client_code=self.client.code,
                date=_london_day(now),
                recorded_by=keyworker,
                created_at=now,
                **fields,
            )
            self.reviews.append(review)
            entry["reviews"].append(review.id)
            if followed is not None:
                self.follow_up(entry, followed, effect, now=now, keyworker=keyworker)
        else:  # pragma: no cover - every effect is handled above
            raise AssertionError(effect)

    def record_calls(
        self, entry: dict[str, Any], effect: fx.RecordCalls, *, now: datetime, keyworker: str
    ) -> None:
        """Keep the calls on the goal; the contact reached (or else the last one messaged)
        becomes the goal's linked person."""
        target = self.latest_goal(entry)
        if target is None:  # the script always agrees a goal before the calls
            return
        calls = [
            ContactCall(
                contact_id=c.contact_id,
                called_on=_london_day(now),
                called_by=keyworker,
                outcome=c.outcome,
                meet_where=c.meet_where,
                meet_when=c.meet_when,
            )
            for c in effect.calls
        ]
        linked = linked_by(list(effect.calls))

        support: dict[str, Any] = {**target.support.model_dump(), "calls": calls}
        if linked is not None:
            support.update(contact_id=linked.contact_id, linked_person=linked.name)
        self.change_goal(entry, target, support=support)

    def follow_up(
        self,
        entry: dict[str, Any],
        goal: Goal,
        effect: fx.RecordFollowUp,
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
