"""What an answer records: the engine returns these, :mod:`fama.conversation.apply` applies
them to the client's record. Plain frozen dataclasses, no behaviour."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from fama.conversation.answers import FollowUpAnswer, GoalAnswer
from fama.conversation.calls import CallAnswer, PlanContactAnswer
from fama.models.vocab import Stage


@dataclass(frozen=True)
class SetClientField:
    """Set a field on the client: prior_experience or prior_experience_note."""

    field: str
    value: Any


@dataclass(frozen=True)
class SetConsent:
    """Record whether the client agrees to their first name being shared."""

    share_first_name: bool


@dataclass(frozen=True)
class SetPreferences:
    """Update these ``Preferences`` fields (an empty list means no preference)."""

    fields: Mapping[str, Any]


@dataclass(frozen=True)
class LogConcern:
    """Something the client said, in their words, kept on the conversation: hopes and
    worries (``key="concerns"``) or what they already know (``key="knowledge"``)."""

    text: str
    origin: str
    key: str = "concerns"


@dataclass(frozen=True)
class RecordInterest:
    """Record how interested the client is in trying a meeting (0 to 10)."""

    score: int


@dataclass(frozen=True)
class ChooseMeetings:
    """Record the meetings the client chose to try."""

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
class RecordCalls:
    """The calls made in the session to the register's contacts, kept on the goal created
    earlier in this conversation; the one reached (or else messaged) becomes its linked
    person."""

    calls: tuple[CallAnswer, ...]


@dataclass(frozen=True)
class NameOnPlan:
    """The client agreed to have this contact's first name, and what to say at the door,
    on My meeting plan (without a call being made)."""

    contact: PlanContactAnswer


@dataclass(frozen=True)
class RecordFollowUp:
    """A follow-up of one open goal: saved as a review, and the goal moves on (see
    :mod:`fama.conversation.outcomes`)."""

    follow_up: FollowUpAnswer
    origin: str


@dataclass(frozen=True)
class SetStage:
    """Move the client on to this FAMA stage."""

    stage: Stage


@dataclass(frozen=True)
class Declined:
    """The client said no for now: record it (with their reasons) and respect it."""

    note: str


@dataclass(frozen=True)
class SetRevisit:
    """The date agreed to raise mutual aid again with a client who said no for now."""

    on: date


Effect = (
    SetClientField
    | SetConsent
    | SetPreferences
    | LogConcern
    | RecordInterest
    | ChooseMeetings
    | CreateGoal
    | SetSupport
    | RecordCalls
    | NameOnPlan
    | RecordFollowUp
    | SetStage
    | Declined
    | SetRevisit
)
