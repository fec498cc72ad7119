"""What a follow-up does to the goal it follows up (FAMA stage 3): pure rules.

The follow-up says whether the client went and what happens next; the goal then shows its
real state, so no screen ever shows a goal whose date has passed as simply "planned":

================== ============================================= ==========================
next step          the goal followed up                           what follows
================== ============================================= ==========================
stop for now       withdrawn, with the reason                      nothing stays open
try another        changed, with the reason                        a new goal, agreed in the
meeting or                                                         conversation that goes on
programme                                                          to choose it
carry on, or       a one-off goal: achieved when they went          an attendance goal for the
re-link with a     (partly, if fewer meetings than planned), not   same meeting with the next
person             achieved when they did not; not known: it       date to talk: ongoing when
                   stays open, to talk again on the next date      they went, a fresh try when
                                                                   they did not
                   an ongoing goal: stays ongoing, with the next   (the same goal)
                   date to talk
================== ============================================= ==========================
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fama.conversation.answers import FollowUpAnswer
from fama.models.goal import Goal, GoalStatus
from fama.models.meeting import Meeting
from fama.models.organisations import organisation
from fama.models.review import Attended, NextStep
from fama.text.dates import short_day


@dataclass(frozen=True)
class GoalFollowUp:
    """The change to the goal followed up, and the goal that follows it (if one does)."""

    update: dict[str, Any]
    """Fields to change on the goal (``Goal.model_copy(update=...)``-ready)."""
    follow_on: Goal | None = None


def next_run(meeting: Meeting, after: date) -> date:
    """The first day strictly after ``after`` that ``meeting`` runs."""
    return after + timedelta(days=(meeting.weekday.value - after.weekday() - 1) % 7 + 1)


def _place(goal: Goal, meeting: Meeting | None) -> str:
    if meeting is not None:
        return f"{meeting.organisation.value} {meeting.name} on {meeting.weekday.label}s"
    if goal.organisation is not None:
        return f"{organisation(goal.organisation).name} meetings"
    return ""


def _reason(answer: FollowUpAnswer) -> str:
    """Why a goal closed: what got in the way, in the client's words, else the next step."""
    said = "; ".join(answer.barriers)
    step = answer.next_step.value if answer.next_step else ""
    return said or step


def _attendance_status(goal: Goal, answer: FollowUpAnswer) -> GoalStatus | None:
    if answer.attended is Attended.NO:
        return GoalStatus.NOT_ACHIEVED
    if answer.attended is not Attended.YES:
        return None
    planned = goal.meetings_planned or 1
    count = answer.meetings_since_last
    return GoalStatus.PARTLY if count is not None and count < planned else GoalStatus.ACHIEVED


def follow_up_goal(
    goal: Goal,
    answer: FollowUpAnswer,
    *,
    meeting: Meeting | None,
    today: date,
    now: datetime,
    keyworker: str,
) -> GoalFollowUp:
    """How ``answer`` changes ``goal`` (see the table in this module's notes).

    ``meeting`` is the goal's meeting from the directory (None if it has none, or it has
    gone): it names the goal that follows and dates a fresh try. ``answer.talk_again_on``
    must be set when the goal keeps going (:meth:`FollowUpAnswer.check`).
    """
    closed = {"closed_on": today}
    if answer.next_step is NextStep.STOP:
        return GoalFollowUp(
            {**closed, "status": GoalStatus.WITHDRAWN, "closed_reason": _reason(answer)}
        )
    if answer.next_step in (NextStep.TRY_ANOTHER_MEETING, NextStep.TRY_ANOTHER_PROGRAMME):
        return GoalFollowUp(
            {**closed, "status": GoalStatus.CHANGED, "closed_reason": _reason(answer)}
        )
    talk = answer.talk_again_on
    assert talk is not None, "FollowUpAnswer.check requires a date to talk again"
    if goal.status is GoalStatus.ONGOING:
        return GoalFollowUp({"target_date": talk, "review_date": talk})
    status = _attendance_status(goal, answer)
    if status is None:  # not known whether they went: keep it open, talk again then
        return GoalFollowUp({"target_date": min(goal.target_date, talk), "review_date": talk})
    place = _place(goal, meeting)
    went = answer.attended is Attended.YES
    if went:
        wording = f"Keep going to {place}" if place else f"Keep going: {goal.wording}"
        target = talk
    else:
        wording = f"Try {place} again" if place else f"Try again: {goal.wording}"
        target = min(next_run(meeting, today), talk) if meeting is not None else talk
    follow_on = Goal(
        client_code=goal.client_code,
        wording=wording[:1000],
        meeting_id=goal.meeting_id,
        organisation=goal.organisation,
        target_date=target,
        review_date=talk,
        support=goal.support,
        status=GoalStatus.ONGOING if went else GoalStatus.PLANNED,
        created_at=now,
        created_by=keyworker,
    )
    return GoalFollowUp({**closed, "status": status}, follow_on)


def goal_state_words(goal: Goal, today: date, *, with_year: bool = False) -> str:
    """The goal's real state in a few words, for the client screen, caseload and summaries:
    an open goal whose date to talk has passed says the follow-up is overdue. Dates show
    their year when far off, or always ``with_year`` (in documents such as a summary)."""

    def day(value: date) -> str:
        return (
            f"{short_day(value, today)} {value.year}"
            if with_year and abs(value - today).days <= 182
            else short_day(value, today)
        )

    if not goal.status.is_open:
        closed = f" on {day(goal.closed_on)}" if goal.closed_on else ""
        return f"{goal.status.value}{closed}"
    due = goal.follow_up_on
    if due < today:
        return f"{goal.status.value}: follow-up overdue since {day(due)}"
    if due == today:
        return f"{goal.status.value}: follow-up due today"
    return f"{goal.status.value}: talk about it on {day(due)}"
