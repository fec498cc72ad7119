"""The demo data: deterministic, valid, and rich enough to show every part of the app."""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import date, timedelta
from itertools import pairwise

import pytest

from fama.clients.caseload import DueKind, next_due, summarise
from fama.conversation import current, load_script, resume
from fama.conversation.apply import conversation_notes
from fama.demo.places import DISTRICTS, TOWN_CENTRE
from fama.demo.town import DemoData, build_demo
from fama.models import Attendance, GoalStatus, LinkType, OrgCode, Stage, Weekday

TODAY = date(2025, 6, 18)  # a Wednesday
# One build per day of a week, so weekday snapping can't hide a broken case.
WEEK = [TODAY + timedelta(days=n) for n in range(7)]


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return build_demo(TODAY)


def _dump(data: DemoData) -> dict[str, object]:
    return {
        "staff": [s.model_dump() for s in data.staff],
        "meetings": [m.model_dump() for m in data.meetings],
        "records": [r.model_dump() for r in data.records],
    }


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def test_deterministic() -> None:
    assert _dump(build_demo(TODAY)) == _dump(build_demo(TODAY))
    assert build_demo(TODAY) == build_demo(TODAY)


def test_dates_follow_today() -> None:
    week = timedelta(days=7)
    now, later = build_demo(TODAY), build_demo(TODAY + week)
    assert _dump(later) != _dump(now)
    for a, b in zip(now.meetings, later.meetings, strict=True):
        assert a.last_verified is not None and b.last_verified == a.last_verified + week


def test_meeting_directory(demo: DemoData) -> None:
    meetings = demo.meetings
    assert len(meetings) >= 60
    assert {m.weekday for m in meetings} == set(Weekday)
    assert {m.attendance for m in meetings} == set(Attendance)
    orgs = {m.organisation for m in meetings}
    assert {OrgCode.AA, OrgCode.NA, OrgCode.CA, OrgCode.SMART, OrgCode.AL_ANON} <= orgs
    assert OrgCode.LOCAL in orgs
    assert len({m.id for m in meetings}) == len(meetings)
    assert all(m.id.startswith("demo:") and m.source == "demo" for m in meetings)
    assert any(m.temporarily_closed for m in meetings)
    assert any(m.open_meeting is True for m in meetings)
    assert any(m.open_meeting is False for m in meetings)


def test_meeting_details_are_plausible(demo: DemoData) -> None:
    for m in demo.meetings:
        assert m.timezone == "Europe/London"
        assert m.last_verified is not None and m.last_verified <= TODAY
        assert m.end is not None and m.end > m.start
        if m.attendance in (Attendance.ONLINE, Attendance.HYBRID):
            assert m.online_url.startswith("https://meet.example.org/")
        if m.attendance is Attendance.PHONE:
            assert m.phone.startswith(("0808 157 0", "03069 990"))
        if m.attendance in (Attendance.IN_PERSON, Attendance.HYBRID):
            assert m.postcode.split()[0] in DISTRICTS
            assert m.latitude is not None and m.longitude is not None
            assert _km(TOWN_CENTRE, (m.latitude, m.longitude)) < 9
        else:
            assert m.latitude is None and m.postcode == ""
    ages = [(TODAY - m.last_verified).days for m in demo.meetings if m.last_verified]
    assert sum(age <= 92 for age in ages) > len(ages) * 0.8
    assert any(age > 180 for age in ages)
    smart_family = [m for m in demo.meetings if m.organisation is OrgCode.SMART_FAMILY]
    assert any(
        m.weekday is Weekday.MONDAY and m.attendance is Attendance.ONLINE for m in smart_family
    )


def test_staff(demo: DemoData) -> None:
    assert len(demo.staff) == 3
    assert len({s.id for s in demo.staff}) == 3
    assert all(t.completed < TODAY for s in demo.staff for t in s.training)
    assert any(s.insight_visits for s in demo.staff)
    assert all(v.date < TODAY for s in demo.staff for v in s.insight_visits)


def test_caseload(demo: DemoData) -> None:
    clients = [r.client for r in demo.records]
    assert 10 <= len(clients) <= 14
    assert len({c.code for c in clients}) == len(clients)
    assert {c.stage for c in clients} == set(Stage)
    staff_ids = {s.id for s in demo.staff}
    assert all(c.keyworker in staff_ids for c in clients)
    first = demo.staff[0].id
    assert sum(c.keyworker == first for c in clients) >= 5
    assert all(c.postcode_district in DISTRICTS for c in clients)
    assert any(c.for_family for c in clients)
    assert all(c.episode_start < TODAY for c in clients)


def test_goals_reviews_and_conversations_hang_together(demo: DemoData) -> None:
    meetings = {m.id: m for m in demo.meetings}
    meeting_ids = set(meetings)
    ids: list[str] = []
    for record in demo.records:
        code = record.client.code
        goal_ids = {g.id for g in record.goals}
        for goal in record.goals:
            assert goal.client_code == code
            if goal.meeting_id is not None:
                meeting = meetings[goal.meeting_id]
                assert goal.target_date.weekday() == meeting.weekday
                assert goal.organisation is meeting.organisation
            assert goal.organisation is not None
            assert goal.created_at.date() <= TODAY
        for review in record.reviews:
            assert review.client_code == code
            assert review.date <= TODAY
            assert review.goal_id is None or review.goal_id in goal_ids
            assert set(review.meeting_ids) <= meeting_ids
        for conversation in record.conversations:
            assert conversation.client_code == code
            assert conversation.started_at.date() <= TODAY
        if record.conversations:
            last = record.conversations[-1]
            if conversation_notes(last).declined:
                # Saying no keeps the stage the client had before the conversation.
                assert record.client.stage is Stage(last.state["stage_before"])
            elif last.stage_reached is not record.client.stage:
                # A conversation of last quarter, followed up by hand since.
                assert last.stage_reached is Stage.CONNECT
                assert record.client.stage is Stage.FOLLOW_UP
                assert any(r.date > last.started_at.date() for r in record.reviews)
            else:
                assert last.stage_reached is record.client.stage
        if record.client.stage in (Stage.CONNECT, Stage.FOLLOW_UP):
            assert record.goals
        if record.client.stage is Stage.FOLLOW_UP:
            assert record.reviews
        ids += [g.id for g in record.goals] + [r.id for r in record.reviews]
        ids += [c.id for c in record.conversations]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("demo-") for i in ids)


@pytest.mark.parametrize("today", WEEK, ids=lambda d: d.strftime("%a"))
def test_overdue_and_upcoming_items(today: date) -> None:
    items = [next_due(summarise(r), today) for r in build_demo(today).records]
    dated = [i for i in items if i is not None and i.on is not None]
    assert any(i.kind is DueKind.FOLLOW_UP and i.overdue for i in dated)
    assert any(i.on is not None and i.on > today for i in dated)
    assert any(i.kind is DueKind.REVIEW and i.overdue for i in dated)
    assert any(i.on is not None and 0 <= (i.on - today).days <= 7 for i in dated)


def test_demo_is_pure() -> None:
    code = (
        "import sys, fama.demo.town; "
        "bad = {'textual', 'tinydb'} & {m.split('.')[0] for m in sys.modules}; "
        "print(' '.join(sorted(bad)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_conversations_resume_with_the_packaged_script(demo: DemoData) -> None:
    script = load_script()
    conversations = [c for r in demo.records for c in r.conversations]
    assert len(conversations) == 8
    for conversation in conversations:
        state = resume(script, conversation.state)
        assert [t.step_id for t in conversation.turns] == [v.step_id for v in state.path]
        assert conversation.finished is state.finished
        step = current(script, state)
        if conversation.finished:
            assert step is None
        else:
            assert step is not None and step.id == state.step
    unfinished = {c.client_code: c.state["step"] for c in conversations if not c.finished}
    assert unfinished == {
        "KB-1071": "s1_ready",
        "KB-1125": "s1_hopes",
        "KB-1136": "s2_barriers",
        "KB-1140": "s1_interest",
    }


def test_the_demo_has_history_in_the_last_full_quarter() -> None:
    """So the self-assessment's default period (that quarter) shows figures on a fresh demo,
    whatever day the demo is built on."""
    from fama.assessment.period import last_full_quarter

    for today in (date(2026, 10, 1), TODAY, date(2026, 12, 31), date(2027, 2, 14)):
        quarter = last_full_quarter(today)
        records = build_demo(today).records
        started = [
            c
            for r in records
            for c in r.conversations
            if quarter.start <= c.started_at.date() and c.started_at.date() <= quarter.end
        ]
        goals = [
            g
            for r in records
            for g in r.goals
            if quarter.start <= g.created_at.date() <= quarter.end
        ]
        follow_ups = [
            f for r in records for f in r.reviews if quarter.start <= f.date <= quarter.end
        ]
        assert len(started) >= 2 and len(goals) >= 2 and len(follow_ups) >= 2, today
        assert any(f.attended.value == "yes" for f in follow_ups)


def test_conversations_recorded_what_the_app_would(demo: DemoData) -> None:
    records = {r.client.code: r for r in demo.records}
    for record in records.values():
        for conversation in record.conversations:
            turns = conversation.turns
            assert turns and conversation.started_at <= turns[0].answered_at
            assert all(a.answered_at < b.answered_at for a, b in pairwise(turns))
            assert conversation.updated_at <= record.client.updated_at
            assert all(h.handout_id for h in conversation.handouts)
            created = [g for e in conversation.state["records"].values() for g in e["goals"]]
            assert set(created) <= {g.id for g in record.goals}
    # The goals the conversations agreed are the ones the engine created, not copies.
    for code, goal_id, link in (
        ("KB-1063", "demo-goal-11", LinkType.VOLUNTEER_PHONED),
        ("KB-1136", "demo-goal-12", LinkType.STAFF_ACCOMPANIES),
    ):
        record = records[code]
        assert [g.id for g in record.goals] == [goal_id]
        (goal,) = record.goals
        assert goal.status is GoalStatus.PLANNED and goal.support.link is link
        (conversation,) = record.conversations
        assert conversation.state["records"]
        assert goal.created_at in {t.answered_at for t in conversation.turns}
    notes = conversation_notes(records["KB-1063"].conversations[0])
    assert notes.interest == 7 and notes.meeting_ids == ("demo:alanon-01",)
    declined = records["KB-1088"].conversations[0]
    assert declined.finished and conversation_notes(declined).declined
    assert records["KB-1088"].client.stage is Stage.NOT_STARTED
    all_goals = [g.wording for r in demo.records for g in r.goals]
    assert len(all_goals) == len(set(all_goals))


@pytest.mark.parametrize("today", WEEK, ids=lambda d: d.strftime("%a"))
def test_conversations_build_on_any_day(today: date) -> None:
    first, second = build_demo(today), build_demo(today)
    assert _dump(first) == _dump(second)
    for record in first.records:
        for conversation in record.conversations:
            assert conversation.id.startswith("demo-conversation-")
            assert conversation.updated_at.date() <= today
