"""The answers to the conversation's two forms, checked: the goal (stage 2) and the follow-up
of each open goal (stage 3).

Pure: plain values in (from a screen, or the saved state), checked dataclasses out, with
one plain sentence (:class:`AnswerError`) for anything that cannot be accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from fama.models.goal import GoalStatus
from fama.models.review import Attended, Involvement, NextStep


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


@dataclass(frozen=True)
class GoalAnswer:
    """The goal form: the goal in the client's words, a date to go by, a date to review it."""

    wording: str
    target_date: date
    review_date: date | None = None
    organisation: str | None = None
    """An organisation code (``OrgCode``) when the goal is about a programme, not a meeting."""

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
            review_date=_as_date(review, "review date") if review else None,
            organisation=str(organisation) if organisation else None,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "wording": self.wording,
            "target_date": self.target_date.isoformat(),
            "review_date": self.review_date.isoformat() if self.review_date else None,
            "organisation": self.organisation,
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
        raw_next = value.get("next_step")
        try:
            next_step = NextStep(raw_next) if raw_next else None
        except ValueError:
            names = ", ".join(s.value for s in NextStep)
            raise AnswerError(f"Choose the next step: {names}.") from None
        barriers = value.get("barriers") or ()
        if isinstance(barriers, str):
            barriers = (barriers,)
        like = str(value.get("what_it_was_like") or "").strip()
        if len(like) > 2000:
            raise AnswerError("Keep 'what it was like' under 2000 characters.")
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
        )

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
        }

    def goal_status(self) -> GoalStatus | None:
        """How this follow-up changes the goal, or None to leave it open."""
        if self.next_step in (None, NextStep.CARRY_ON):
            return None
        if self.attended is Attended.YES:
            return GoalStatus.ACHIEVED
        if self.next_step is NextStep.STOP:
            return GoalStatus.WITHDRAWN
        if self.attended is Attended.NO:
            return GoalStatus.CHANGED
        return None
