"""The conversation's resumable state: where it is, what was answered, and what the script
may branch on. Saved as plain JSON in ``Conversation.state`` after every answer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fama.conversation.script import END, Condition, Script, ScriptError
from fama.models.client import Client
from fama.models.vocab import Attendance

STATE_VERSION = 1

# --------------------------------------------------------------------------- context


@dataclass(frozen=True)
class Context:
    """What the script may branch on, built by the caller from the client record."""

    for_family: bool = False
    open_goals: tuple[str, ...] = ()
    """Ids of the client's open goals, in the order to follow them up."""
    online_only: bool = False

    @property
    def has_open_goals(self) -> bool:
        return bool(self.open_goals)

    def holds(self, condition: Condition | None) -> bool:
        if condition is None:
            return True
        return {
            Condition.FOR_FAMILY: self.for_family,
            Condition.HAS_OPEN_GOALS: self.has_open_goals,
            Condition.ONLY_ONLINE: self.online_only,
        }[condition]

    @classmethod
    def from_client(cls, client: Client, open_goals: Iterable[str] = ()) -> Context:
        attendance = set(client.preferences.attendance)
        remote = {Attendance.ONLINE, Attendance.PHONE}
        return cls(
            for_family=client.for_family,
            open_goals=tuple(open_goals),
            online_only=bool(attendance) and attendance <= remote,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "for_family": self.for_family,
            "open_goals": list(self.open_goals),
            "online_only": self.online_only,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Context:
        return cls(
            for_family=bool(data.get("for_family", False)),
            open_goals=tuple(str(g) for g in data.get("open_goals", ())),
            online_only=bool(data.get("online_only", False)),
        )


# --------------------------------------------------------------------------- state

Stored = str | int | list[Any] | dict[str, Any] | None
"""An answer in the saved state (plain JSON)."""


@dataclass(frozen=True)
class Visit:
    """One step answered on the way through the script, with the answer as stored."""

    step_id: str
    answer: Stored


@dataclass(frozen=True)
class ConversationState:
    """Where a conversation stands: the current step and the path that led there (all
    that is needed to resume it, or to go back a step)."""

    step: str
    """The current step id, or ``END`` when finished."""
    path: tuple[Visit, ...] = ()
    """The steps answered so far, in order, with their answers."""
    context: Context = field(default_factory=Context)

    @property
    def finished(self) -> bool:
        return self.step == END

    @property
    def answers(self) -> dict[str, Stored]:
        """The latest answer to each step answered, by step id."""
        return {visit.step_id: visit.answer for visit in self.path}

    def stage_reached(self, script: Script) -> int:
        """The highest stage (1-3) answered so far, 0 before the first answer."""
        return max((script.step(v.step_id).stage for v in self.path), default=0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "step": self.step,
            "path": [{"step": v.step_id, "answer": v.answer} for v in self.path],
            "context": self.context.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConversationState:
        if data.get("version") != STATE_VERSION:
            raise ScriptError(
                f"The saved conversation is in an unknown format (version {data.get('version')!r})."
            )
        step = data.get("step")
        path = data.get("path", [])
        if not isinstance(step, str) or not isinstance(path, list):
            raise ScriptError("The saved conversation has no current step.")
        return cls(
            step=step,
            path=tuple(Visit(str(v["step"]), v.get("answer")) for v in path),
            context=Context.from_dict(data.get("context") or {}),
        )
