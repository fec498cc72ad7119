"""A structured FAMA conversation, saved step by step so nothing is lost."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field

from fama.models.common import CodeRef, Record, Stage, UtcDateTime, utc_now
from fama.models.goal import new_id

Answer = str | int | list[str] | None


class Turn(Record):
    """One answered step of a conversation: what was asked and what was recorded."""

    step_id: str
    prompt: str
    answer: Answer = None
    answered_at: UtcDateTime = Field(default_factory=utc_now)


class HandoutAction(StrEnum):
    """A handout shown on screen during a session, or given to the client to keep."""

    SHOWN = "shown"
    GIVEN = "given"


class HandoutEvent(Record):
    """A handout shown or given in a conversation, and when."""

    handout_id: str
    action: HandoutAction
    at: UtcDateTime = Field(default_factory=utc_now)


class Conversation(Record):
    """One FAMA conversation with a client: its turns, the engine's state to resume
    from, and the handouts used."""

    id: str = Field(default_factory=new_id)
    client_code: CodeRef
    keyworker: CodeRef
    started_at: UtcDateTime = Field(default_factory=utc_now)
    updated_at: UtcDateTime = Field(default_factory=utc_now)
    turns: list[Turn] = Field(default_factory=list)
    handouts: list[HandoutEvent] = Field(default_factory=list)
    stage_reached: Stage = Stage.NOT_STARTED
    state: dict[str, Any] = Field(default_factory=dict)
    """The engine's resumable state (current step and the like)."""
    finished: bool = False
