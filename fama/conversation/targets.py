"""What an answer can record (a step's ``records``), and which values each target takes.

:data:`TARGETS` is checked when the script is loaded (so a choice value a target cannot
record fails there, not in front of a client) and read by the engine for text limits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fama.conversation.script import AnswerKind
from fama.models.client import PriorExperience
from fama.models.goal import LinkType
from fama.models.vocab import AccessNeed, Attendance, Audience, Programme, Weekday

__all__ = ["TARGETS", "TIME_WINDOW_RE", "Target"]

TIME_WINDOW_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


def _enum_check(enum: type[Any]) -> Callable[[str], bool]:
    values = {str(member.value) for member in enum}
    return lambda value: value in values


def _weekday(value: str) -> bool:
    return value.upper() in Weekday.__members__


def _time_window(value: str) -> bool:
    return value == "any" or bool(TIME_WINDOW_RE.match(value))


def _miles(value: str) -> bool:
    if value == "any":
        return True
    try:
        miles = float(value)
    except ValueError:
        return False
    return 0 < miles <= 200


def _yes_no(value: str) -> bool:
    return value in {"yes", "no"}


@dataclass(frozen=True)
class Target:
    """Something an answer can record: which answer kinds may feed it, and (for choice kinds)
    which choice values it understands."""

    kinds: frozenset[AnswerKind]
    value_ok: Callable[[str], bool] | None = None
    max_length: int = 2000
    """For text answers."""


def _t(
    *kinds: AnswerKind, value_ok: Callable[[str], bool] | None = None, limit: int = 2000
) -> Target:
    return Target(frozenset(kinds), value_ok, limit)


_Q = AnswerKind.QUICK_REPLY
_C = AnswerKind.CHOICES
_TEXT = AnswerKind.TEXT

TARGETS: Mapping[str, Target] = {
    "client.prior_experience": _t(_Q, value_ok=_enum_check(PriorExperience)),
    "client.prior_experience_note": _t(_TEXT),
    "client.consent.share_first_name": _t(_Q, value_ok=_yes_no),
    "preferences.programmes": _t(_Q, _C, value_ok=_enum_check(Programme)),
    "preferences.days": _t(_Q, _C, value_ok=_weekday),
    "preferences.times": _t(_Q, value_ok=_time_window),
    "preferences.attendance": _t(_Q, _C, value_ok=_enum_check(Attendance)),
    "preferences.audience": _t(_Q, _C, value_ok=_enum_check(Audience)),
    "preferences.access_needs": _t(_Q, _C, value_ok=_enum_check(AccessNeed)),
    "preferences.max_travel_miles": _t(_Q, value_ok=_miles),
    "concerns": _t(_TEXT),
    "knowledge": _t(_TEXT),
    "interest": _t(AnswerKind.SCALE),
    "meetings": _t(AnswerKind.MEETING_CHOICE),
    "goal": _t(AnswerKind.GOAL_FORM),
    "support.link": _t(_Q, value_ok=_enum_check(LinkType)),
    "support.linked_person": _t(_TEXT, limit=80),
    "support.travel_plan": _t(_TEXT, limit=1000),
    "support.barriers_plan": _t(_TEXT),
    "support.calls": _t(AnswerKind.CONTACT_CALL),
    "support.name_on_plan": _t(AnswerKind.CONTACT_ON_PLAN),
    "revisit": _t(AnswerKind.DATE),
    "follow_up": _t(AnswerKind.FOLLOW_UP_FORM),
    "declined": _t(_TEXT, AnswerKind.INFO),
}
"""Every record target a step may name, with the answer kinds that can feed it."""
