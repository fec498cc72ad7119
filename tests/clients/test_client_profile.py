"""The client screen's lines, straight from records (no screen): preferences, a decline, a
goal, a review and the conversations, in plain words."""

from __future__ import annotations

from datetime import date, datetime, time

from fama.casebook.conversation import conversation_script
from fama.casebook.service import Casebook
from fama.clients.profile import (
    conversation_lines,
    declined_lines,
    goal_lines,
    long_date,
    preference_lines,
    review_lines,
)
from fama.models import Preferences, Weekday
from fama.models.client import Declined

TODAY = date(2026, 11, 24)


def test_long_date_reads_days_and_time_stamps_and_says_when_unset() -> None:
    assert long_date(date(2026, 11, 24)) == "Tue 24 Nov 2026"
    assert long_date(datetime(2026, 12, 1, 9, 30)) == "Tue 01 Dec 2026"
    assert long_date(None) == "not set"


def test_preferences_give_a_line_each_and_none_when_empty() -> None:
    assert preference_lines(Preferences()) == []
    lines = preference_lines(
        Preferences(days=[Weekday.MONDAY], earliest=time(18, 0), max_travel_miles=2.5)
    )
    assert lines == [
        f"Days: {Weekday.MONDAY.label}",
        "Start time: from 18:00 to any time",
        "Travel: up to 2.5 miles",
    ]


def test_a_decline_says_when_why_and_when_to_come_back(demo_casebook: Casebook) -> None:
    client = demo_casebook.clients.record(sorted(demo_casebook.clients.codes())[0]).client
    assert declined_lines(client.model_copy(update={"declined": None}), TODAY) == []
    declined = Declined(on=date(2026, 11, 10), reason="not ready", revisit_on=None)
    lines = declined_lines(client.model_copy(update={"declined": declined}), TODAY)
    assert lines[0].startswith("Mutual aid: said not for now on ")
    assert lines[1:] == ["  Their reasons: not ready", "  No date to revisit"]


def test_goals_reviews_and_conversations_of_the_demo_read_in_words(
    demo_casebook: Casebook,
) -> None:
    meetings = demo_casebook.directory.by_id()
    records = [demo_casebook.clients.record(code) for code in sorted(demo_casebook.clients.codes())]
    goal_record = next(r for r in records if r.goals)
    goal = goal_record.goals[0]
    lines = goal_lines(goal, meetings, TODAY)
    assert lines[0] == f"“{goal.wording}”"
    assert lines[1].startswith("  Status: ")
    review_record = next(r for r in records if r.reviews)
    review = review_record.reviews[0]
    assert review_lines(review)[0].startswith(f"{long_date(review.date)} · ")
    talked = next(r for r in records if r.conversations)
    said = conversation_lines(talked, conversation_script())
    heads = [line for line in said if not line.startswith("  ")]
    assert len(heads) == len(talked.conversations)
    newest = max(talked.conversations, key=lambda c: c.started_at)
    assert heads[0].startswith(f"{long_date(newest.started_at)} · ")
    assert heads[0].split(" · ")[-1] in {"finished", "closed unfinished", "paused"}
