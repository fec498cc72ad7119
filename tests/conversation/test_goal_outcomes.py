"""What a follow-up does to a goal: the rules of fama.conversation.outcomes, for every answer."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fama.conversation.answers import FollowUpAnswer
from fama.conversation.outcomes import follow_up_goal, goal_state_words, next_run
from fama.models import Attended, Goal, GoalStatus, Meeting, NextStep, OrgCode, Weekday

TODAY = date(2026, 12, 3)  # a Thursday
NOW = datetime.combine(TODAY, time(11), tzinfo=UTC)
TALK = TODAY + timedelta(days=7)
MEETING = Meeting(
    id="m1",
    organisation=OrgCode.SMART,
    name="Hub Tuesday",
    weekday=Weekday.TUESDAY,
    start=time(19, 30),
    source="test",
)


def goal(status: GoalStatus = GoalStatus.PLANNED, planned: int | None = None) -> Goal:
    return Goal(
        client_code="KB-1",
        wording="Go to the Hub on Tuesday 1 December",
        meeting_id="m1",
        organisation=OrgCode.SMART,
        target_date=date(2026, 12, 1),
        review_date=date(2026, 12, 2),
        meetings_planned=planned,
        status=status,
    )


def follow(**fields: object) -> FollowUpAnswer:
    return FollowUpAnswer.parse({"goal_id": "g", "talk_again_on": TALK.isoformat(), **fields})


def apply(
    g: Goal, answer: FollowUpAnswer, meeting: Meeting | None = MEETING
) -> tuple[Goal, Goal | None]:
    change = follow_up_goal(g, answer, meeting=meeting, today=TODAY, now=NOW, keyworker="JB")
    return Goal.model_validate({**g.model_dump(), **change.update}), change.follow_on


def test_went_and_carry_on_achieves_it_and_keeps_going() -> None:
    done, after = apply(goal(), follow(attended="yes", next_step="carry on"))
    assert done.status is GoalStatus.ACHIEVED and done.closed_on == TODAY
    assert after is not None
    assert after.status is GoalStatus.ONGOING
    assert after.wording == "Keep going to SMART Hub Tuesday on Tuesdays"
    assert (after.target_date, after.review_date) == (TALK, TALK)
    assert after.meeting_id == "m1" and after.created_by == "JB" and after.created_at == NOW


def test_fewer_meetings_than_planned_is_partly() -> None:
    done, _ = apply(goal(planned=4), follow(attended="yes", meetings_since_last=2))
    assert done.status is GoalStatus.PARTLY
    done, _ = apply(goal(planned=4), follow(attended="yes", meetings_since_last=4))
    assert done.status is GoalStatus.ACHIEVED
    done, _ = apply(goal(), follow(attended="yes"))  # one planned, count not given
    assert done.status is GoalStatus.ACHIEVED


def test_did_not_go_is_not_achieved_and_carry_on_tries_again_at_the_next_meeting() -> None:
    done, after = apply(goal(), follow(attended="no", next_step="carry on"))
    assert done.status is GoalStatus.NOT_ACHIEVED
    assert after is not None and after.status is GoalStatus.PLANNED
    assert after.wording == "Try SMART Hub Tuesday on Tuesdays again"
    assert after.target_date == date(2026, 12, 8)  # the next Tuesday
    assert after.review_date == TALK


def test_not_known_keeps_it_open_to_talk_again() -> None:
    kept, after = apply(goal(), follow(attended="unknown", next_step="carry on"))
    assert after is None
    assert kept.status is GoalStatus.PLANNED and kept.review_date == TALK


def test_stop_withdraws_it_with_the_reason() -> None:
    done, after = apply(
        goal(), follow(attended="no", next_step="stop for now", barriers=["shifts"])
    )
    assert (done.status, done.closed_reason, done.closed_on) == (
        GoalStatus.WITHDRAWN,
        "shifts",
        TODAY,
    )
    assert after is None
    done, _ = apply(goal(), FollowUpAnswer.parse({"goal_id": "g", "next_step": "stop for now"}))
    assert done.closed_reason == "stop for now"


@pytest.mark.parametrize("step", ["try another meeting", "try another programme"])
def test_trying_another_closes_it_as_changed(step: str) -> None:
    done, after = apply(goal(), follow(attended="yes", next_step=step))
    assert done.status is GoalStatus.CHANGED and done.closed_reason == step and after is None


def test_an_ongoing_goal_stays_ongoing_with_the_next_date() -> None:
    kept, after = apply(goal(GoalStatus.ONGOING), follow(attended="yes"))
    assert after is None
    assert kept.status is GoalStatus.ONGOING and kept.review_date == TALK


def test_a_goal_without_a_meeting_keeps_its_organisation() -> None:
    g = goal().model_copy(update={"meeting_id": None})
    _, after = apply(g, follow(attended="yes"), meeting=None)
    assert after is not None and after.wording == "Keep going to SMART Recovery meetings"
    _, after = apply(g, follow(attended="no"), meeting=None)
    assert after is not None and after.target_date == TALK


def test_next_run_is_strictly_after() -> None:
    assert next_run(MEETING, date(2026, 12, 1)) == date(2026, 12, 8)  # a Tuesday
    assert next_run(MEETING, date(2026, 12, 3)) == date(2026, 12, 8)


def test_the_state_in_words_never_hides_a_passed_date() -> None:
    assert goal_state_words(goal(), date(2026, 11, 30)) == "planned: talk about it on Wed 2 Dec"
    assert goal_state_words(goal(), date(2026, 12, 2)) == "planned: follow-up due today"
    assert goal_state_words(goal(), TODAY) == "planned: follow-up overdue since Wed 2 Dec"
    done = goal(GoalStatus.ACHIEVED).model_copy(update={"closed_on": TODAY})
    assert goal_state_words(done, TODAY) == "achieved on Thu 3 Dec"


answers = st.builds(
    dict,
    attended=st.sampled_from([a.value for a in Attended]),
    meetings_since_last=st.none() | st.integers(0, 10),
    helpfulness=st.none() | st.integers(0, 10),
    next_step=st.none() | st.sampled_from([s.value for s in NextStep]),
)


@given(
    answer=answers,
    status=st.sampled_from([GoalStatus.PLANNED, GoalStatus.ONGOING]),
    planned=st.none() | st.integers(1, 6),
    with_meeting=st.booleans(),
)
def test_every_follow_up_leaves_valid_goals_and_nothing_overdue(
    answer: dict[str, object], status: GoalStatus, planned: int | None, with_meeting: bool
) -> None:
    g = goal(status, planned)
    after_goal, follow_on = apply(g, follow(**answer), MEETING if with_meeting else None)
    still_open = [x for x in (after_goal, follow_on) if x is not None and x.status.is_open]
    # Whatever was said, no open goal is left with its date to talk in the past...
    assert all(x.follow_up_on >= TODAY for x in still_open)
    # ...a goal that closed says when, and at most one goal follows it.
    assert after_goal.status.is_open or after_goal.closed_on == TODAY
    assert follow_on is None or follow_on.id != g.id
    # Stopping or trying something else leaves nothing of this goal open.
    if answer["next_step"] in ("stop for now", "try another meeting", "try another programme"):
        assert still_open == []
