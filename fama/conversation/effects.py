"""What an answer records: the engine returns these, :mod:`fama.conversation.apply` applies
them to the client's record. Plain frozen dataclasses, no behaviour."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fama.conversation.answers import FollowUpAnswer, GoalAnswer
from fama.models.goal import GoalStatus
from fama.models.vocab import Stage


@dataclass(frozen=True)
class SetClientField:
    """Set a field on the client: prior_experience, prior_experience_note or next_review."""

    field: str
    value: Any


@dataclass(frozen=True)
class SetConsent:
    share_first_name: bool


@dataclass(frozen=True)
class SetPreferences:
    """Update these ``Preferences`` fields (an empty list means no preference)."""

    fields: Mapping[str, Any]


@dataclass(frozen=True)
class LogConcern:
    """Hopes and worries in the client's words: suggest handouts for them."""

    text: str
    origin: str


@dataclass(frozen=True)
class RecordInterest:
    score: int


@dataclass(frozen=True)
class ChooseMeetings:
    meeting_ids: tuple[str, ...]


@dataclass(frozen=True)
class CreateGoal:
    """A care-planned goal; ``meeting_ids`` are those chosen earlier in the conversation."""

    goal: GoalAnswer
    meeting_ids: tuple[str, ...]
    origin: str


@dataclass(frozen=True)
class SetSupport:
    """Set a ``Support`` field (link, linked_person, travel_plan, barriers_plan) on the goal
    created earlier in this conversation."""

    field: str
    value: Any


@dataclass(frozen=True)
class RecordFollowUp:
    follow_up: FollowUpAnswer
    origin: str


@dataclass(frozen=True)
class UpdateGoalStatus:
    goal_id: str
    status: GoalStatus


@dataclass(frozen=True)
class SetStage:
    stage: Stage


@dataclass(frozen=True)
class Declined:
    """The client said no for now: record it, respect it, revisit at review."""

    note: str


Effect = (
    SetClientField
    | SetConsent
    | SetPreferences
    | LogConcern
    | RecordInterest
    | ChooseMeetings
    | CreateGoal
    | SetSupport
    | RecordFollowUp
    | UpdateGoalStatus
    | SetStage
    | Declined
)
