"""The service's own experience of each meeting (fama.directory.outcomes)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fama.directory.outcomes import (
    OUTCOME_WEIGHT,
    FollowUp,
    MeetingOutcome,
    Referral,
    count_words,
    meeting_outcomes,
    outcome_reason,
    outcome_score,
    referrals_from_json,
)

FIRST, LAST = date(2026, 1, 1), date(2026, 12, 31)


def referral(
    client: str, *follow_ups: FollowUp, meeting: str = "m1", on: date = date(2026, 3, 1)
) -> Referral:
    return Referral(client, meeting, on, tuple(follow_ups))


def went(day: int, helpfulness: int | None = None) -> FollowUp:
    return FollowUp(date(2026, 4, day), True, helpfulness)


def missed(day: int) -> FollowUp:
    return FollowUp(date(2026, 4, day), False)


def test_counts_went_still_going_and_median_once_per_client() -> None:
    referrals = [
        referral("A", went(1, 8), went(20, 9)),  # went, still going, rates 9
        referral("B", went(1, 6), missed(20)),  # went, stopped, rates 6
        referral("C", missed(1)),  # never went
        referral("D", went(2, 3)),  # went once, still going, rates 3
        referral("D", went(3, 4), on=date(2026, 2, 1)),  # an older referral: not counted again
        referral("E", meeting="m2"),  # no follow-up yet
    ]
    outcomes = meeting_outcomes(referrals, FIRST, LAST)
    assert outcomes["m1"] == MeetingOutcome(
        referred=4, went=3, still_going=2, rated=3, median_helpfulness=6, dead_ends=0
    )
    assert outcomes["m2"] == MeetingOutcome(referred=1)
    assert outcome_reason(outcomes["m2"]) is None
    assert outcome_score(outcomes["m2"]) == 0.0


def test_only_the_period_counts() -> None:
    early = referral("A", went(1), on=date(2025, 6, 1))
    late_follow_up = referral("B", FollowUp(date(2027, 1, 5), True))
    outcomes = meeting_outcomes([early, late_follow_up], FIRST, LAST)
    assert outcomes == {"m1": MeetingOutcome(referred=1)}


def test_a_backwards_period_is_refused() -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        meeting_outcomes([], LAST, FIRST)


def test_small_counts_are_suppressed_outside_the_leads_view() -> None:
    assert [count_words(n) for n in (0, 1, 4, 5, 12)] == [
        "0",
        "fewer than 5",
        "fewer than 5",
        "5",
        "12",
    ]
    assert count_words(3, lead=True) == "3"
    with pytest.raises(ValueError):
        count_words(-1)
    outcome = MeetingOutcome(referred=6, went=4, still_going=3, rated=4, median_helpfulness=7)
    assert outcome_reason(outcome) == (
        "fewer than 5 of our clients went; fewer than 5 were still going at follow-up"
    )
    assert outcome_reason(outcome, lead=True) == (
        "4 of our clients went; 3 were still going at follow-up; helpfulness 7/10 (median)"
    )


def test_the_score_moves_at_most_the_weight_and_in_the_right_direction() -> None:
    good = MeetingOutcome(referred=8, went=8, still_going=8, rated=8, median_helpfulness=10)
    bad = MeetingOutcome(referred=8, went=0, rated=8, median_helpfulness=0, dead_ends=8)
    few_good = MeetingOutcome(referred=1, went=1, still_going=1, rated=1, median_helpfulness=10)
    assert outcome_score(good) == OUTCOME_WEIGHT
    assert outcome_score(bad) == -OUTCOME_WEIGHT
    assert 0 < outcome_score(few_good) < outcome_score(good)
    assert outcome_score(None) == 0.0


def test_a_dead_end_counts_against_the_meeting_at_once() -> None:
    outcome = meeting_outcomes(
        [referral("A", FollowUp(date(2026, 3, 8), False, dead_end="did not run"))], FIRST, LAST
    )["m1"]
    assert outcome.dead_ends == 1
    assert outcome_score(outcome) < 0
    assert outcome_reason(outcome) == (
        "none of our referred clients went; "
        "dead end for fewer than 5 (did not run, moved or turned away)"
    )


def record(**parts: Any) -> dict[str, Any]:
    return {"client": {"code": "KB-1"}, "goals": [], "reviews": [], **parts}


def test_referrals_from_json_link_follow_ups_by_goal_or_meeting() -> None:
    data = record(
        goals=[
            {"id": "g1", "meeting_id": "m1", "created_at": "2026-03-01T10:00:00Z"},
            {"id": "g2", "meeting_id": None, "created_at": "2026-03-01T10:00:00Z"},
        ],
        reviews=[
            {"goal_id": "g1", "date": "2026-03-08", "attended": "yes", "helpfulness": 7},
            {"date": "2026-03-15", "attended": "yes", "meeting_ids": ["m1"]},
            {"goal_id": "g9", "date": "2026-03-22", "attended": "no", "meeting_ids": ["m1"]},
            {"goal_id": "g1", "date": "2026-03-29", "dead_end": "moved"},
        ],
    )
    (found,) = referrals_from_json(data)
    assert found.meeting_id == "m1" and found.referred_on == date(2026, 3, 1)
    assert [f.on.day for f in found.follow_ups] == [8, 15, 29]
    assert found.follow_ups[0].helpfulness == 7
    assert found.follow_ups[-1].dead_end == "moved"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"goals": []}, "no client code"),
        (record(goals="no"), "goals is not a list"),
        (record(reviews=[{"date": "yesterday"}]), "review has no valid date"),
        (record(reviews=[{"date": "2026-03-01", "helpfulness": "7"}]), "whole number"),
        (record(reviews=[{"date": "2026-03-01", "helpfulness": True}]), "whole number"),
        (record(reviews=[{"date": "2026-03-01", "dead_end": "rude"}]), "known kinds"),
        (record(reviews=[{"date": "2026-03-01", "meeting_ids": "m1"}]), "meeting_ids"),
        (record(goals=[{"id": "g", "meeting_id": "m1", "created_at": 5}]), "goal has no"),
    ],
)
def test_referrals_from_json_refuses_bad_shapes(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        referrals_from_json(data)


def test_months_before_gives_the_first_day_of_the_period() -> None:
    from fama.directory.outcomes import months_before

    assert months_before(date(2026, 11, 24), 12) == date(2025, 11, 25)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 3, 1)  # 28 Feb, then a day
    assert months_before(date(2028, 2, 29), 12) == date(2027, 3, 1)
    assert months_before(date(2026, 1, 15), 0) == date(2026, 1, 16)
    with pytest.raises(ValueError):
        months_before(date(2026, 1, 15), -1)


def test_details_words_for_nobody_no_follow_up_and_the_lead() -> None:
    from fama.directory.outcomes import details_words

    assert details_words(None) == "nobody referred in the period"
    waiting = MeetingOutcome(referred=3)
    assert details_words(waiting) == "fewer than 5 referred; no follow-up yet"
    assert details_words(waiting, lead=True) == "3 referred; no follow-up yet"
    one = MeetingOutcome(referred=1, went=1, still_going=1, rated=1, median_helpfulness=4)
    assert details_words(one, lead=True) == (
        "1 referred; 1 of our clients went; 1 was still going at follow-up; "
        "helpfulness 4/10 (median)"
    )
    assert "4/10" not in details_words(one)  # one rating, outside the lead's view: not shown
