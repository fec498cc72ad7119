"""The answers to the conversation's two forms, checked: the goal (stage 2) and the follow-up
of each open goal (stage 3).

Pure: plain values in (from a screen, or the saved state), checked dataclasses out, with
one plain sentence (:class:`AnswerError`) for anything that cannot be accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from fama.models.meeting import FlagKind
from fama.models.review import Attended, Handover, Involvement, NextStep

_E = TypeVar("_E", bound=StrEnum)

FURTHEST_AHEAD_DAYS = 366
"""A date further ahead than a year is a typing slip, not a plan: refused."""


class AnswerError(ValueError):
    """The answer cannot be accepted; the message says why in plain words."""


def _as_date(value: object, what: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise AnswerError(f"Enter the {what} as a date, such as 2026-12-01.")


def _opt_int(value: object, what: str, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    number = _as_int(value)
    if number is None or not low <= number <= high:
        raise AnswerError(f"Enter {what} as a whole number from {low} to {high}.")
    return number


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _optional(kind: type[_E], raw: object, refusal: str) -> _E | None:
    """``raw`` as one of ``kind``'s values (None when absent); one sentence naming the
    values, after ``refusal``, for anything else."""
    if not raw:
        return None
    try:
        return kind(str(raw))
    except ValueError:
        names = ", ".join(member.value for member in kind)
        raise AnswerError(f"{refusal}: {names}.") from None


def check_ahead(day: date, today: date, what: str) -> None:
    """Refuse ``what`` (a date a plan is made for) when it has passed or is over a year off."""
    if day < today:
        raise AnswerError(f"The {what} is in the past; choose today or a later date.")
    if (day - today).days > FURTHEST_AHEAD_DAYS:
        raise AnswerError(f"The {what} is more than a year ahead; check the year.")


@dataclass(frozen=True)
class GoalAnswer:
    """The goal form: the goal in the client's words, when to go (the target), and the date
    agreed to talk about how it went (``review_date``: the follow-up falls due then)."""

    wording: str
    target_date: date
    review_date: date | None = None
    organisation: str | None = None
    """An organisation code (``OrgCode``) when the goal is about a programme, not a meeting."""
    meetings_planned: int | None = None
    """How many meetings by the date to talk (None: one)."""

    @classmethod
    def parse(cls, value: object) -> GoalAnswer:
        if isinstance(value, GoalAnswer):
            data: Mapping[str, Any] = value.to_dict()
        elif isinstance(value, Mapping):
            data = value
        else:
            raise AnswerError("Fill in the goal: its wording and a target date.")
        wording = str(data.get("wording") or "").strip()
        if not wording:
            raise AnswerError("Write the goal in the client's own words.")
        if len(wording) > 1000:
            raise AnswerError("Keep the goal under 1000 characters.")
        if not data.get("target_date"):
            raise AnswerError("Give the goal a target date.")
        target = _as_date(data.get("target_date"), "target date")
        review = data.get("review_date")
        organisation = data.get("organisation") or None
        return cls(
            wording=wording,
            target_date=target,
            review_date=_as_date(review, "date to talk about it") if review else None,
            organisation=str(organisation) if organisation else None,
            meetings_planned=_opt_int(
                data.get("meetings_planned"), "how many meetings the goal is about", 1, 100
            ),
        )

    def check(self, today: date) -> None:
        """The dates make a plan: the target is to come, a date to talk about it is agreed on
        or after the target, neither over a year ahead."""
        check_ahead(self.target_date, today, "goal's target date")
        if self.review_date is None:
            raise AnswerError("Agree a date to talk about how it went.")
        if self.review_date < self.target_date:
            raise AnswerError("The date to talk about it cannot be before the goal's target date.")
        check_ahead(self.review_date, today, "date to talk about it")

    def to_dict(self) -> dict[str, Any]:
        return {
            "wording": self.wording,
            "target_date": self.target_date.isoformat(),
            "review_date": self.review_date.isoformat() if self.review_date else None,
            "organisation": self.organisation,
            "meetings_planned": self.meetings_planned,
        }


@dataclass(frozen=True)
class FollowUpAnswer:
    """The follow-up form for one open goal (FAMA stage 3)."""

    goal_id: str
    attended: Attended = Attended.UNKNOWN
    meetings_since_last: int | None = None
    meeting_ids: tuple[str, ...] = ()
    helpfulness: int | None = None
    what_it_was_like: str = ""
    involvement: tuple[Involvement, ...] = ()
    barriers: tuple[str, ...] = ()
    """What got in the way."""
    next_step: NextStep | None = None
    """None means carry on."""
    talk_again_on: date | None = None
    """The next date to talk about it, when the goal (or the one that follows it) stays open."""
    dead_end: FlagKind | None = None
    """The meeting did not run, had moved, or turned the client away: counts against it and
    flags it in the directory."""
    handover: Handover | None = None
    """Whether the person linked to the goal met the client there or went with them."""

    @classmethod
    def parse(cls, value: object) -> FollowUpAnswer:
        if isinstance(value, FollowUpAnswer):
            value = value.to_dict()
        if not isinstance(value, Mapping):
            raise AnswerError("Fill in the follow-up for each open goal.")
        goal_id = str(value.get("goal_id") or "").strip()
        if not goal_id:
            raise AnswerError("Each follow-up must say which goal it is about.")
        try:
            attended = Attended(value.get("attended") or Attended.UNKNOWN)
        except ValueError:
            raise AnswerError("Record whether they went: yes, no or unknown.") from None
        try:
            involvement = tuple(Involvement(i) for i in value.get("involvement") or ())
        except ValueError as error:
            raise AnswerError(f"Unknown involvement: {error}.") from None
        next_step = _optional(NextStep, value.get("next_step"), "Choose the next step")
        barriers = value.get("barriers") or ()
        if isinstance(barriers, str):
            barriers = (barriers,)
        like = str(value.get("what_it_was_like") or "").strip()
        if len(like) > 2000:
            raise AnswerError("Keep 'what it was like' under 2000 characters.")
        talk = value.get("talk_again_on")
        dead_end = _optional(FlagKind, value.get("dead_end"), "A dead end is one of")
        handover = _optional(
            Handover, value.get("handover"), "Whether the linked person met them is one of"
        )
        return cls(
            goal_id=goal_id,
            attended=attended,
            meetings_since_last=_opt_int(
                value.get("meetings_since_last"), "the number of meetings", 0, 100
            ),
            meeting_ids=tuple(str(m) for m in value.get("meeting_ids") or ()),
            helpfulness=_opt_int(value.get("helpfulness"), "how helpful it was", 0, 10),
            what_it_was_like=like,
            involvement=involvement,
            barriers=tuple(b.strip() for b in (str(x) for x in barriers) if b.strip()),
            next_step=next_step,
            talk_again_on=_as_date(talk, "date to talk again") if talk else None,
            dead_end=dead_end,
            handover=handover,
        )

    @property
    def keeps_going(self) -> bool:
        """Carry on (the default) or re-link: something stays open with a date to talk."""
        return self.next_step in (None, NextStep.CARRY_ON, NextStep.RELINK)

    def check(self, today: date, what: str) -> None:
        """A follow-up that keeps the goal going needs the next date to talk (``what`` names
        the goal in the message)."""
        if not self.keeps_going:
            return
        if self.talk_again_on is None:
            raise AnswerError(f"{what}: agree the next date to talk about how it's going.")
        check_ahead(self.talk_again_on, today, "next date to talk")

    def to_dict(self) -> dict[str, Any]:
        return {
            "goal_id": self.goal_id,
            "attended": self.attended.value,
            "meetings_since_last": self.meetings_since_last,
            "meeting_ids": list(self.meeting_ids),
            "helpfulness": self.helpfulness,
            "what_it_was_like": self.what_it_was_like,
            "involvement": [i.value for i in self.involvement],
            "barriers": list(self.barriers),
            "next_step": self.next_step.value if self.next_step else None,
            "talk_again_on": self.talk_again_on.isoformat() if self.talk_again_on else None,
            "dead_end": self.dead_end.value if self.dead_end else None,
            "handover": self.handover.value if self.handover else None,
        }

    def review_fields(self) -> dict[str, Any]:
        """Keyword arguments for ``fama.models.Review`` (add client_code, date, recorded_by)."""
        return {
            "goal_id": self.goal_id,
            "attended": self.attended,
            "meetings_since_last": self.meetings_since_last,
            "meeting_ids": list(self.meeting_ids),
            "helpfulness": self.helpfulness,
            "what_it_was_like": self.what_it_was_like,
            "involvement": list(self.involvement),
            "barriers": list(self.barriers),
            "next_step": self.next_step,
            "dead_end": self.dead_end,
            "handover": self.handover,
        }
