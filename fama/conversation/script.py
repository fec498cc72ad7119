"""The conversation script's shape: steps, choices, branches and answer kinds.

The script itself is data (``stages.toml``): :mod:`~fama.conversation.script_load` reads
and checks it into these frozen classes, and :mod:`~fama.conversation.targets` says what an
answer may record. Pure: stdlib and the fama vocabulary only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "BRANCHING_KINDS",
    "CHOICE_KINDS",
    "END",
    "AnswerKind",
    "Branch",
    "BranchWhen",
    "Choice",
    "Condition",
    "Script",
    "ScriptError",
    "Step",
]

END = "end"
"""The step id that finishes the conversation."""


class ScriptError(ValueError):
    """The script is broken; the message names the step."""


class AnswerKind(StrEnum):
    """The kind of answer a step takes, which decides the widget the screen shows."""

    QUICK_REPLY = "quick_reply"
    """One choice."""
    CHOICES = "choices"
    """Several choices (none is allowed when the step is not required)."""
    SCALE = "scale"
    """A whole number from 0 to 10."""
    TEXT = "text"
    DATE = "date"
    MEETING_CHOICE = "meeting_choice"
    """One or more meeting ids from the ranked meetings for this client."""
    GOAL_FORM = "goal_form"
    FOLLOW_UP_FORM = "follow_up_form"
    CONTACT_CALL = "contact_call"
    """Ring the register's contacts who cover the goal's meeting and record how each call
    went (a list of calls; none when nobody was rung)."""
    CONTACT_ON_PLAN = "contact_on_plan"
    """A client who does not want a call made may still have a contact's first name, and
    what to say at the door, on My meeting plan (the contact's id, or none)."""
    INFO = "info"
    """Nothing to answer: a 'continue' step."""


CHOICE_KINDS = frozenset({AnswerKind.QUICK_REPLY, AnswerKind.CHOICES})
BRANCHING_KINDS = frozenset({AnswerKind.FOLLOW_UP_FORM, AnswerKind.CONTACT_CALL})
"""The answer kinds whose steps may have ``branches``."""


class Condition(StrEnum):
    """Named conditions on the client context, for choosing among start steps."""

    FOR_FAMILY = "for_family"
    HAS_OPEN_GOALS = "has_open_goals"
    ONLY_ONLINE = "online_only"


class BranchWhen(StrEnum):
    """Named conditions on a follow-up form's or a call's answer, for where the conversation
    goes next (a step's ``branches``): the answer has already said what the next step is, so
    the conversation goes there instead of asking again."""

    CHOSE_ANOTHER_MEETING = "chose_another_meeting"
    CHOSE_ANOTHER_PROGRAMME = "chose_another_programme"
    CHOSE_RELINK = "chose_relink"
    GOING_AND_IT_HELPS = "going_and_it_helps"
    """Every goal followed up: they went, it helped (or it was not rated), and they carry on."""
    NOBODY_LINKED = "nobody_linked"
    """On a contact_call step: no call reached anyone or left a message (nobody rung, or
    nobody answered): ask who they will meet instead."""


@dataclass(frozen=True)
class Choice:
    """One choice a step offers: the key that picks it and its label."""

    key: str
    label: str
    value: str | tuple[str, ...]
    """What choosing it records (defaults to the key)."""
    next: str | None = None
    """Where choosing it leads, overriding the step's ``next``."""

    @property
    def values(self) -> tuple[str, ...]:
        return (self.value,) if isinstance(self.value, str) else self.value


@dataclass(frozen=True)
class Branch:
    """Go to ``next`` instead of the step's own ``next`` when ``when`` holds for the answer."""

    when: BranchWhen
    next: str


@dataclass(frozen=True)
class Step:
    """One step of the conversation script: what to say or ask, the answer it takes,
    what the answer records and where to go next."""

    id: str
    stage: int
    guidance: str
    prompt: str
    kind: AnswerKind
    required: bool = False
    choices: tuple[Choice, ...] = ()
    next: str | None = None
    records: tuple[str, ...] = ()
    when: Condition | None = None
    suggest_handouts: bool = False
    """Free text here is about worries: show the matching handouts beside the chat."""
    offer_meeting_plan: bool = False
    """Offer the client's printable meeting plan and calendar file at this step."""
    branches: tuple[Branch, ...] = ()
    """Checked in order after the answer; the first that holds decides the next step."""

    def choice(self, key: str) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)

    def successors(self) -> tuple[str, ...]:
        """Every step id (or END) this step can lead to."""
        found = [c.next for c in self.choices if c.next is not None]
        found.extend(b.next for b in self.branches)
        if self.next is not None:
            found.append(self.next)
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Script:
    """The whole conversation script: every step by id, and where each stage starts."""

    steps: Mapping[str, Step]
    start: tuple[str, ...]
    """Start steps in order: the first whose ``when`` holds opens the conversation."""

    def step(self, step_id: str) -> Step:
        try:
            return self.steps[step_id]
        except KeyError:
            raise ScriptError(f"The conversation has no step {step_id!r}.") from None

    def __contains__(self, step_id: object) -> bool:
        return step_id in self.steps
