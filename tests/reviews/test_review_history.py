"""A client's history at a care-plan review: the period, the timeline, the weekly estimate,
repeated barriers, involvement, what changed, the care-plan summary, and recording a review."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.conversation.summary import escape_markdown
from fama.demo.town import build_demo
from fama.models import (
    Attended,
    Client,
    ClientRecord,
    Conversation,
    Goal,
    GoalStatus,
    HandoutGiven,
    Involvement,
    Meeting,
    ReviewType,
    Stage,
    Support,
)
from fama.models import Review as ReviewModel
from fama.reviews.care_plan_summary import summary
from fama.reviews.follow_ups import is_follow_up, last_care_plan_review, weekly_meetings
from fama.reviews.history import build_history
from fama.reviews.timeline import (
    KIND_CONVERSATION,
    KIND_FOLLOW_UP,
    KIND_GOAL,
    KIND_HANDOUT,
    KIND_REVIEW,
)
from fama.store import ClientNotFound

# As tests/conftest.py: a Tuesday in November, mid-morning in London.
FIXED_NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
TODAY = date(2026, 11, 24)

EPISODE = date(2026, 9, 1)
TYPED = "[x] *y* <b>"


@pytest.fixture(scope="module")
def demo() -> tuple[list[ClientRecord], dict[str, Meeting]]:
    data = build_demo(TODAY)
    return data.records, {m.id: m for m in data.meetings}


def demo_record(demo: tuple[list[ClientRecord], dict[str, Meeting]], code: str) -> ClientRecord:
    return next(r for r in demo[0] if r.client.code == code)


def moment(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def follow_up(day: date, **fields: Any) -> ReviewModel:
    values: dict[str, Any] = {
        "client_code": "T-1",
        "goal_id": "g1",
        "attended": Attended.YES,
        "created_at": moment(day, 15),
        **fields,
    }
    return ReviewModel(date=day, **values)


def goal(**fields: Any) -> Goal:
    values: dict[str, Any] = {
        "id": "g1",
        "client_code": "T-1",
        "wording": "Go to the Tuesday meeting",
        "target_date": date(2026, 9, 15),
        "created_at": moment(date(2026, 9, 2)),
        **fields,
    }
    return Goal(**values)


def record(*, reviews: list[ReviewModel] | None = None, **fields: Any) -> ClientRecord:
    client = Client(
        code="T-1",
        keyworker="JB",
        postcode_district="SE1",
        episode_start=EPISODE,
        stage=Stage.FOLLOW_UP,
        next_review=date(2026, 12, 1),
    )
    values: dict[str, Any] = {"goals": [goal()], **fields}
    return ClientRecord(client=client, reviews=reviews or [], **values)


# --------------------------------------------------------------------------- the period


def test_default_period_runs_from_the_last_care_plan_review(demo: Any) -> None:
    kb1042 = demo_record(demo, "KB-1042")
    history = build_history(kb1042, demo[1], today=TODAY)
    assert history.last_review == date(2026, 11, 20) == last_care_plan_review(kb1042, TODAY)
    assert (history.since, history.until) == (date(2026, 11, 20), TODAY)
    # The review on that day is in the period: one follow-up, 3 meetings, helpfulness 8.
    assert (history.follow_ups, history.attended, history.meetings_total) == (1, 1, 3)
    assert history.mean_helpfulness == 8


def test_default_period_without_a_care_plan_review_is_the_episode(demo: Any) -> None:
    kb1057 = demo_record(demo, "KB-1057")
    history = build_history(kb1057, demo[1], today=TODAY)
    assert history.last_review is None
    assert history.since == kb1057.client.episode_start
    assert history.until == TODAY
    assert history.mean_helpfulness is None  # the one follow-up did not ask


def test_last_care_plan_review_is_strictly_before() -> None:
    review = follow_up(date(2026, 10, 1), review_type=ReviewType.CARE_PLAN)
    rec = record(reviews=[review, follow_up(date(2026, 10, 20))])
    assert last_care_plan_review(rec, date(2026, 10, 1)) is None
    assert last_care_plan_review(rec, date(2026, 10, 2)) == date(2026, 10, 1)
    assert last_care_plan_review(rec, date(2027, 1, 1)) == date(2026, 10, 1)


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot start"):
        build_history(record(), {}, today=TODAY, since=date(2026, 11, 1), until=date(2026, 10, 1))


def test_boundaries_are_included_and_the_day_after_is_not() -> None:
    since, until = date(2026, 10, 5), date(2026, 10, 19)
    rec = record(
        reviews=[
            follow_up(date(2026, 10, 4), meetings_since_last=1, helpfulness=1),
            follow_up(since, meetings_since_last=2, helpfulness=6),
            follow_up(until, meetings_since_last=3, helpfulness=8, attended=Attended.NO),
            follow_up(until + timedelta(days=1), meetings_since_last=50, helpfulness=0),
        ]
    )
    history = build_history(rec, {}, today=TODAY, since=since, until=until)
    assert (history.follow_ups, history.attended, history.meetings_total) == (2, 1, 5)
    assert history.mean_helpfulness == 7
    marks = {(e.when, e.in_period) for e in history.timeline if e.kind == KIND_FOLLOW_UP}
    assert marks == {
        (date(2026, 10, 4), False),
        (since, True),
        (until, True),
        (until + timedelta(days=1), False),
    }
    # The series stop at ``until``; the day after is still on the timeline, outside the period.
    assert history.helpfulness == ((date(2026, 10, 4), 1), (since, 6), (until, 8))
    assert sum(v for _, v in history.weekly_meetings) == pytest.approx(5)


# --------------------------------------------------------------------------- the timeline


def test_timeline_covers_the_whole_record_newest_first(demo: Any) -> None:
    for rec in demo[0]:
        history = build_history(rec, demo[1], today=TODAY)
        whens = [e.when for e in history.timeline]
        assert whens == sorted(whens, reverse=True)
        expected = len(rec.goals) + len(rec.reviews) + len(rec.conversations) + len(rec.handouts)
        assert len(history.timeline) == expected
        for entry in history.timeline:
            assert entry.in_period == (history.since <= entry.when <= history.until)


def test_timeline_entries_say_what_happened(demo: Any) -> None:
    kb1042 = build_history(demo_record(demo, "KB-1042"), demo[1], today=TODAY)
    newest = kb1042.timeline[0]
    assert newest.kind == KIND_FOLLOW_UP and newest.in_period
    assert newest.title == "Follow-up at a care-plan review: went"
    assert "Meetings since last time: 3" in newest.details
    assert "How helpful: 8 out of 10" in newest.details
    assert "Involvement: tools or literature, spoke at a meeting" in newest.details
    assert "Next step: carry on" in newest.details
    goals = [e for e in kb1042.timeline if e.kind == KIND_GOAL]
    sam = goals[-1]
    assert sam.details[0].startswith("“Go to the Tuesday SMART meeting")
    assert "Now: achieved on Fri 30 Oct 2026" in sam.details
    assert "Meeting: SMART: SMART Recovery Kelbridge Central, Tue 19:30" in sam.details
    assert "Support: met or accompanied by a peer mentor (Sam, peer mentor)" in sam.details

    kb1063 = build_history(demo_record(demo, "KB-1063"), demo[1], today=TODAY)
    (talk,) = [e for e in kb1063.timeline if e.kind == KIND_CONVERSATION]
    assert talk.title == "Conversation: reached 2 Connect"
    assert "Meetings chosen: Al-Anon: Abbeyfields Al-Anon, Thu 19:30" in talk.details
    assert "Interest in trying a meeting: 7 out of 10" in talk.details
    assert talk.when == date(2026, 11, 10)

    kb1088 = build_history(demo_record(demo, "KB-1088"), demo[1], today=TODAY)
    (said_no,) = kb1088.timeline
    assert said_no.title == "Conversation: said no for now"
    assert any(d.startswith("Their reasons: Wants to get the cannabis") for d in said_no.details)


def test_handouts_and_plain_reviews_are_on_the_timeline() -> None:
    given_on = date(2026, 10, 2)
    rec = record(
        handouts=[
            HandoutGiven(
                client_code="T-1",
                handout_id="god-and-religion",
                title="Do I have to believe in God?",
                given_on=given_on,
                by="JB",
                created_at=moment(given_on),
            )
        ],
        reviews=[
            ReviewModel(
                client_code="T-1",
                date=date(2026, 10, 9),
                review_type=ReviewType.CARE_PLAN,
                notes="Reviewed the plan.",
                created_at=moment(date(2026, 10, 9)),
            )
        ],
    )
    history = build_history(rec, {}, today=TODAY)
    kinds = [(e.kind, e.title) for e in history.timeline]
    assert kinds == [
        (KIND_REVIEW, "Care-plan review"),
        (KIND_HANDOUT, "Handout given: Do I have to believe in God?"),
        (KIND_GOAL, "Goal agreed"),
    ]
    assert history.timeline[0].details == ("Notes: Reviewed the plan.",)
    assert history.follow_ups == 0  # a care-plan review on its own is not a follow-up
    assert history.since == date(2026, 10, 9)  # and the default period starts at it
    episode = build_history(rec, {}, today=TODAY, since=EPISODE)
    assert "Handouts given: Do I have to believe in God?." in episode.changes


def test_is_follow_up() -> None:
    assert is_follow_up(follow_up(TODAY))
    plain = ReviewModel(client_code="T-1", date=TODAY, review_type=ReviewType.CARE_PLAN)
    assert not is_follow_up(plain)
    assert is_follow_up(plain.model_copy(update={"meetings_since_last": 2}))
    assert is_follow_up(plain.model_copy(update={"attended": Attended.NO}))


def test_conversation_dates_are_london_dates_across_the_clock_change() -> None:
    # 23:30 UTC on Saturday 24 October is 00:30 on Sunday 25 October in London (BST).
    late = datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    talk = Conversation(
        client_code="T-1", keyworker="JB", started_at=late, updated_at=late, finished=True
    )
    history = build_history(record(conversations=[talk]), {}, today=TODAY)
    (entry,) = [e for e in history.timeline if e.kind == KIND_CONVERSATION]
    assert entry.when == date(2026, 10, 25)


# --------------------------------------------------------------------------- the estimate


def points(history_weekly: tuple[tuple[date, float], ...]) -> dict[date, float]:
    return dict(history_weekly)


def test_weekly_estimate_spreads_each_follow_up_since_the_previous_one(demo: Any) -> None:
    kb1042 = demo_record(demo, "KB-1042")
    history = build_history(kb1042, demo[1], today=TODAY, since=kb1042.client.episode_start)
    weeks = points(history.weekly_meetings)
    # Fri 30 Oct: 1 meeting, the first follow-up, so over the 7 days up to it (24-30 Oct).
    # Fri 20 Nov: 3 meetings over the 21 days since 30 Oct (31 Oct - 20 Nov).
    assert weeks[date(2026, 10, 12)] == 0
    assert weeks[date(2026, 10, 19)] == pytest.approx(2 / 7)  # Sat 24, Sun 25 Oct
    assert weeks[date(2026, 10, 26)] == pytest.approx(5 / 7 + 3 * 2 / 21)
    assert weeks[date(2026, 11, 2)] == pytest.approx(1)
    assert weeks[date(2026, 11, 9)] == pytest.approx(1)
    assert weeks[date(2026, 11, 16)] == pytest.approx(3 * 5 / 21)
    assert weeks[date(2026, 11, 23)] == 0
    assert sum(weeks.values()) == pytest.approx(history.meetings_total) == pytest.approx(4)


def test_a_follow_up_covering_three_whole_weeks() -> None:
    # Sundays three weeks apart: 6 meetings are 2 a week in each of the three weeks between.
    first, second = date(2026, 11, 1), date(2026, 11, 22)
    rec = record(
        reviews=[follow_up(first, meetings_since_last=0), follow_up(second, meetings_since_last=6)]
    )
    history = build_history(rec, {}, today=TODAY, since=date(2026, 10, 26))
    assert history.weekly_meetings == (
        (date(2026, 10, 26), 0.0),
        (date(2026, 11, 2), 2.0),
        (date(2026, 11, 9), 2.0),
        (date(2026, 11, 16), 2.0),
        (date(2026, 11, 23), 0.0),
    )


def test_the_default_period_leaves_out_the_spread_before_its_first_week(demo: Any) -> None:
    history = build_history(demo_record(demo, "KB-1042"), demo[1], today=TODAY)
    assert [day for day, _ in history.weekly_meetings] == [date(2026, 11, 16), date(2026, 11, 23)]
    assert history.weekly_meetings[0][1] == pytest.approx(3 * 5 / 21)
    assert sum(v for _, v in history.weekly_meetings) < history.meetings_total


def test_a_week_with_the_october_clock_change_is_counted_once() -> None:
    # The clocks go back on Sunday 25 October 2026: the week of Monday 19 October is 7 days.
    rec = record(
        reviews=[
            follow_up(date(2026, 10, 18), meetings_since_last=0),
            follow_up(date(2026, 10, 25), meetings_since_last=7),
        ]
    )
    history = build_history(rec, {}, today=TODAY, since=date(2026, 10, 12), until=date(2026, 11, 3))
    mondays = [day for day, _ in history.weekly_meetings]
    assert mondays == [
        date(2026, 10, 12),
        date(2026, 10, 19),
        date(2026, 10, 26),
        date(2026, 11, 2),
    ]
    assert mondays.count(date(2026, 10, 19)) == 1
    assert all(b - a == timedelta(days=7) for a, b in pairwise(mondays))
    assert points(history.weekly_meetings)[date(2026, 10, 19)] == pytest.approx(7)


def brute_force(follow_ups: list[tuple[date, int | None]], since: date, until: date) -> Fraction:
    """The invariant, day by day: each follow-up's meetings shared evenly over its spread,
    keeping the days on or after the Monday of since's week."""
    first_monday = since - timedelta(days=since.weekday())
    dates = sorted({d for d, _ in follow_ups})
    total = Fraction(0)
    for day, count in follow_ups:
        if not count or not since <= day <= until:
            continue
        earlier = [d for d in dates if d < day]
        previous = earlier[-1] if earlier else day - timedelta(days=7)
        length = (day - previous).days
        for offset in range(1, length + 1):
            if previous + timedelta(days=offset) >= first_monday:
                total += Fraction(count, length)
    return total


BASE = date(2026, 9, 1)


@given(
    st.lists(
        st.tuples(st.integers(0, 150), st.one_of(st.none(), st.integers(0, 100))), max_size=12
    ),
    st.integers(0, 150),
    st.integers(0, 60),
)
def test_weekly_estimate_invariant(
    raw: list[tuple[int, int | None]], start: int, length: int
) -> None:
    """The points add up to every in-period follow-up's meetings, less the part of each
    spread before the first week; so exactly their total when every spread starts in it."""
    follow_ups = [(BASE + timedelta(days=d), n) for d, n in raw]
    since = BASE + timedelta(days=start)
    until = since + timedelta(days=length)
    weekly = weekly_meetings(follow_ups, since, until)
    mondays = [day for day, _ in weekly]
    assert mondays[0] == since - timedelta(days=since.weekday())
    assert mondays[-1] <= until < mondays[-1] + timedelta(days=7)
    assert all(b - a == timedelta(days=7) for a, b in pairwise(mondays))
    assert all(value >= 0 for _, value in weekly)
    total = sum(value for _, value in weekly)
    in_period = sum(n or 0 for d, n in follow_ups if since <= d <= until)
    assert total == pytest.approx(float(brute_force(follow_ups, since, until)))
    assert total <= in_period + 1e-9
    # From before every follow-up's spread, nothing is left out.
    whole = weekly_meetings(follow_ups, BASE - timedelta(days=7), BASE + timedelta(days=150))
    assert sum(v for _, v in whole) == pytest.approx(sum(n or 0 for _, n in follow_ups))


# --------------------------------------------------------------------------- barriers, involvement


def test_repeated_barriers_match_case_and_punctuation_insensitively() -> None:
    rec = record(
        goals=[goal(support=Support(barriers_plan="the bus!"))],
        reviews=[
            follow_up(date(2026, 9, 10), barriers=["the bus!", "no money", "The  bus"]),
            follow_up(date(2026, 9, 17), barriers=["The bus", "Childcare"]),
            follow_up(date(2026, 9, 24), barriers=["childcare.", "THE BUS?", "no money..."]),
            follow_up(date(2026, 10, 1), barriers=["Feeling anxious"]),
        ],
    )
    history = build_history(rec, {}, today=TODAY)
    # Once per follow-up, in the wording first seen, most frequent first.
    assert history.repeated_barriers == (("the bus!", 3), ("no money", 2), ("Childcare", 2))


def test_involvement_first_seen_and_count(demo: Any) -> None:
    history = build_history(demo_record(demo, "KB-1042"), demo[1], today=TODAY)
    assert history.involvement == (
        (Involvement.TOOLS, date(2026, 10, 30), 2),
        (Involvement.SPOKE, date(2026, 11, 20), 1),
    )
    assert history.helpfulness == ((date(2026, 10, 30), 6), (date(2026, 11, 20), 8))


# --------------------------------------------------------------------------- changes


def test_changes_in_the_default_period(demo: Any) -> None:
    history = build_history(demo_record(demo, "KB-1042"), demo[1], today=TODAY)
    assert history.changes == (
        "New goal agreed on Fri 20 Nov 2026: “Go to at least one SMART meeting a week for the "
        "next four weeks and write each one in my diary”.",
        "Goal achieved: “Try the Thursday afternoon SMART group at the Hub as well as Tuesdays”.",
        "1 follow-up: they said they went.",
    )


def test_changes_over_the_episode(demo: Any) -> None:
    kb1042 = demo_record(demo, "KB-1042")
    history = build_history(kb1042, demo[1], today=TODAY, since=kb1042.client.episode_start)
    assert (
        "First said they went to a meeting on Fri 30 Oct 2026 "
        "(SMART: SMART Recovery Kelbridge Central, Tue 19:30)." in history.changes
    )
    assert "2 follow-ups: they said they went at both." in history.changes
    assert sum(c.startswith("Goal achieved") for c in history.changes) == 2

    kb1063 = build_history(demo_record(demo, "KB-1063"), demo[1], today=TODAY)
    assert kb1063.changes[0] == "Stage: Not started when the period began, 2 Connect now."
    assert "No follow-ups in this period." in kb1063.changes
    assert "Handouts given: Family and friends; Your first meeting." in kb1063.changes

    kb1088 = build_history(demo_record(demo, "KB-1088"), demo[1], today=TODAY)
    assert kb1088.changes[:2] == (
        "Stage unchanged: Not started.",
        "Said no to mutual aid for now on Thu 19 Nov 2026.",
    )


def test_a_goal_withdrawn_before_the_period_is_not_a_change() -> None:
    rec = record(
        goals=[goal(status=GoalStatus.WITHDRAWN)],
        reviews=[follow_up(date(2026, 9, 16), attended=Attended.NO)],
    )
    inside = build_history(rec, {}, today=TODAY, since=date(2026, 9, 16))
    assert "Goal withdrawn: “Go to the Tuesday meeting”." in inside.changes
    later = build_history(rec, {}, today=TODAY, since=date(2026, 9, 17))
    assert not any(c.startswith("Goal withdrawn") for c in later.changes)


# --------------------------------------------------------------------------- the summary


def district_pattern(district: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Z0-9]){re.escape(district)}(?![A-Z0-9])")


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_summaries_for_every_demo_client(demo: Any, fmt: str) -> None:
    for rec in demo[0]:
        history = build_history(rec, demo[1], today=TODAY)
        text = summary(history, rec, demo[1], fmt)
        assert text.strip(), rec.client.code
        assert not district_pattern(rec.client.postcode_district).search(text), rec.client.code
        assert "Next care-plan review" in text and "What changed" in text
        code = rec.client.code
        assert (escape_markdown(code) if fmt == "md" else code) in text
        if fmt == "html":
            assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
            assert "size: A4" in text


def escaping_record() -> ClientRecord:
    return record(
        goals=[goal(wording=f"Goal {TYPED}", created_at=moment(date(2026, 11, 2)))],
        reviews=[
            follow_up(date(2026, 11, 5), barriers=[TYPED], what_it_was_like=TYPED),
            follow_up(date(2026, 11, 12), barriers=[TYPED.upper()]),
        ],
    )


def test_typed_text_is_escaped_in_markdown_and_html() -> None:
    rec = escaping_record()
    history = build_history(rec, {}, today=TODAY)
    assert (TYPED, 2) in history.repeated_barriers
    md = summary(history, rec, {}, "md")
    assert escape_markdown(f"Goal {TYPED}") in md
    assert escape_markdown(TYPED) in md
    assert TYPED not in md
    page = summary(history, rec, {}, "html")
    assert html.escape(f"Goal {TYPED}") in page
    assert "<b>" not in page
    assert "[x] *y* &lt;b&gt;" in page
    txt = summary(history, rec, {}, "txt")
    assert f"“Goal {TYPED}”" in txt and f"{TYPED} (twice)" in txt


def test_summary_figures_and_unknown_format() -> None:
    rec = record(
        reviews=[
            follow_up(date(2026, 11, 5), meetings_since_last=2, helpfulness=4),
            follow_up(date(2026, 11, 12), meetings_since_last=3, helpfulness=9),
            follow_up(date(2026, 11, 19), attended=Attended.NO, meetings_since_last=0),
        ]
    )
    history = build_history(rec, {}, today=TODAY, since=date(2026, 11, 1))
    txt = summary(history, rec, {}, "txt")
    assert "Follow-ups: 3" in txt
    assert "Follow-ups: 3; they said they went at 2 of 3" in txt
    # The first follow-up reported the meetings since the goal was agreed, on 2 September.
    assert "Meetings they reported: 5, over about 11 weeks from Wed 2 Sep 2026" in txt
    assert "How helpful (0 to 10): mean 6.5, from 4 to 9" in txt
    assert "Next care-plan review: Tue 1 Dec 2026" in txt
    assert "SE1" not in txt
    with pytest.raises(ValueError, match="Unknown summary format 'pdf'"):
        summary(history, rec, {}, "pdf")


# --------------------------------------------------------------------------- the casebook


def test_history_and_summary_through_the_casebook(demo_casebook: Casebook) -> None:
    history = demo_casebook.reviews.history("KB-1042")
    assert history.since == date(2026, 11, 20)
    assert demo_casebook.reviews.summary("KB-1042").startswith("# Mutual aid summary for KB\\-1042")
    assert "<h1>" in demo_casebook.reviews.summary("KB-1042", "html")
    with pytest.raises(ValueError, match="Unknown summary format"):
        demo_casebook.reviews.summary("KB-1042", "docx")
    with pytest.raises(ClientNotFound):
        demo_casebook.reviews.history("KB-0000")


def test_record_care_plan_review(demo_casebook: Casebook) -> None:
    held, following = TODAY - timedelta(days=1), TODAY + timedelta(days=90)
    demo_casebook.user = "DO"  # who is using fama, not the client's keyworker (JB)
    review = demo_casebook.reviews.record_care_plan_review(
        "KB-1057", held, following, notes=f"Plan {TYPED}"
    )
    assert review.review_type is ReviewType.CARE_PLAN
    assert review.goal_id is None and review.date == held
    assert (review.notes, review.recorded_by, review.created_at) == (
        f"Plan {TYPED}",
        "DO",
        FIXED_NOW,
    )
    rec = demo_casebook.clients.record("KB-1057")
    assert review in rec.reviews
    assert rec.client.next_review == following
    (row,) = [s for s in demo_casebook.store.client_summaries() if s.code == "KB-1057"]
    assert row.next_review == following  # the caseload index was rebuilt with the save
    history = demo_casebook.reviews.history("KB-1057")
    assert (history.since, history.last_review) == (held, held)
    assert history.follow_ups == 0
    assert history.timeline[0].kind == KIND_REVIEW and history.timeline[0].in_period
    md = demo_casebook.reviews.summary("KB-1057")
    assert "(since the last care-plan review)" in md


def test_a_review_held_today_starts_the_next_period(demo_casebook: Casebook) -> None:
    demo_casebook.reviews.record_care_plan_review("KB-1094", TODAY, None)
    assert demo_casebook.clients.record("KB-1094").client.next_review is None
    assert demo_casebook.clients.record("KB-1094").reviews[-1].recorded_by == demo_casebook.user
    # Today's summary still covers the period before today's review...
    assert demo_casebook.reviews.history("KB-1094").last_review is None
    # ...and from tomorrow, the period starts at it.
    tomorrow = Casebook(demo_casebook.store, FixedClock(FIXED_NOW + timedelta(days=1)))
    assert tomorrow.reviews.history("KB-1094").since == TODAY


@pytest.mark.parametrize(
    ("held", "following", "notes", "message"),
    [
        (TODAY + timedelta(days=1), None, "", "day still to come"),
        (TODAY, TODAY, "", "must be after"),
        (TODAY - timedelta(days=3), TODAY - timedelta(days=4), "", "must be after"),
        (date(2020, 1, 6), None, "", "before the episode began"),
        (TODAY, None, "x" * 4001, "cannot be saved"),
    ],
)
def test_record_care_plan_review_refusals(
    demo_casebook: Casebook, held: date, following: date | None, notes: str, message: str
) -> None:
    before = demo_casebook.clients.record("KB-1042")
    with pytest.raises(ValueError, match=message) as caught:
        demo_casebook.reviews.record_care_plan_review("KB-1042", held, following, notes=notes)
    assert "\n" not in str(caught.value)
    assert demo_casebook.clients.record("KB-1042") == before


def test_record_care_plan_review_for_an_unknown_client(casebook: Casebook) -> None:
    with pytest.raises(ClientNotFound):
        casebook.reviews.record_care_plan_review("KB-0000", TODAY, None)


def test_review_history_is_pure() -> None:
    code = "import sys, fama.reviews.history\nprint(sorted(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout
    assert "'textual'" not in loaded and "'tinydb'" not in loaded


def test_a_care_plan_review_does_not_clear_a_follow_up_due(demo_casebook: Casebook) -> None:
    (before,) = [e for e in demo_casebook.clients.caseload().entries if e.code == "KB-1119"]
    assert before.due is not None and before.due.overdue  # the goal's follow-up is overdue
    demo_casebook.reviews.record_care_plan_review("KB-1119", TODAY, TODAY + timedelta(days=60))
    (after,) = [e for e in demo_casebook.clients.caseload().entries if e.code == "KB-1119"]
    assert after.due == before.due


def test_a_next_review_left_blank_is_kept(demo_casebook: Casebook) -> None:
    from fama.casebook.reviews import KEEP

    before = demo_casebook.clients.record("KB-1042").client.next_review
    assert before == date(2026, 12, 7)
    demo_casebook.reviews.record_care_plan_review("KB-1042", TODAY, KEEP)
    after = demo_casebook.clients.record("KB-1042")
    assert after.client.next_review == before
    assert after.reviews[-1].review_type is ReviewType.CARE_PLAN
    demo_casebook.reviews.record_care_plan_review("KB-1042", TODAY)  # KEEP is the default
    assert demo_casebook.clients.record("KB-1042").client.next_review == before
    demo_casebook.reviews.record_care_plan_review("KB-1042", TODAY, None)  # no further review
    assert demo_casebook.clients.record("KB-1042").client.next_review is None


def test_a_kept_date_that_was_for_this_review_is_refused(demo_casebook: Casebook) -> None:
    before = demo_casebook.clients.record("KB-1057")
    assert before.client.next_review == date(2026, 11, 20)  # overdue: this is that review
    with pytest.raises(ValueError, match=r"not after this one: give the date of the next, or none"):
        demo_casebook.reviews.record_care_plan_review("KB-1057", TODAY)
    assert demo_casebook.clients.record("KB-1057") == before


@pytest.mark.parametrize(
    ("following", "refused"),
    [
        (date(2027, 11, 24), False),  # a year today
        (date(2027, 11, 25), True),
        (date(2030, 1, 1), True),
    ],
)
def test_a_next_review_more_than_a_year_ahead_is_refused(
    demo_casebook: Casebook, following: date, refused: bool
) -> None:
    before = demo_casebook.clients.record("KB-1042")
    if refused:
        with pytest.raises(ValueError, match=r"^The next care-plan review must be within a year"):
            demo_casebook.reviews.record_care_plan_review("KB-1042", TODAY, following)
        assert demo_casebook.clients.record("KB-1042") == before
    else:
        demo_casebook.reviews.record_care_plan_review("KB-1042", TODAY, following)
        assert demo_casebook.clients.record("KB-1042").client.next_review == following


def test_next_review_problem() -> None:
    from fama.reviews.next_review import next_review_problem, year_ahead

    assert year_ahead(date(2028, 2, 29)) == date(2029, 2, 28)
    assert next_review_problem(date(2026, 12, 1), TODAY, TODAY) is None
    assert next_review_problem(TODAY, TODAY, TODAY) == (
        "The next care-plan review must be after the one being recorded."
    )
    assert next_review_problem(date(2028, 1, 1), None, TODAY) == (
        "The next care-plan review must be within a year, by Wed 24 Nov 2027."
    )
