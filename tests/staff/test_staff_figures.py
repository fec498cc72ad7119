"""My month (fama.staff.my_month), the staff form (fama.staff.form) and the casebook's staff
methods: the counting rules, London month boundaries, the demo's figures checked by hand,
and every change either saved whole or refused with one sentence."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fama.casebook.service import Casebook
from fama.casebook.staff import StaffNotFound
from fama.clients.form import FormErrors
from fama.demo.town import build_demo
from fama.models import (
    Attended,
    Client,
    ClientRecord,
    Conversation,
    Goal,
    InsightVisit,
    OrgCode,
    Review,
    ReviewType,
    StaffMember,
    Stage,
    Training,
    TrainingKind,
)
from fama.staff.form import StaffForm, build_staff_member, parse_past_day
from fama.staff.my_month import (
    MonthFigures,
    introduces,
    london_month,
    month_figures,
    month_label,
    next_month,
    previous_month,
)
from fama.text.dates import DateTextError
from tests.conftest import TODAY

# --------------------------------------------------------------------------- building records


def _client(code: str, keyworker: str = "JB") -> Client:
    return Client(
        code=code, keyworker=keyworker, postcode_district="SE1", episode_start=date(2026, 1, 5)
    )


def _record(code: str, keyworker: str = "JB", **lists: list[Any]) -> ClientRecord:
    return ClientRecord(client=_client(code, keyworker), **lists)


def _conversation(
    code: str,
    at: datetime,
    *,
    by: str = "JB",
    stage: Stage = Stage.INTRODUCE,
    first_stage: Stage | None = Stage.INTRODUCE,
) -> Conversation:
    """A conversation as the engine saves it: ``records`` holds the stage its first answer set."""
    records = {} if first_stage is None else {"s1_raise@0": {"index": 0, "stage": first_stage}}
    return Conversation(
        client_code=code,
        keyworker=by,
        started_at=at,
        updated_at=at,
        stage_reached=stage,
        state={"records": records},
    )


def _goal(code: str, at: datetime, by: str = "JB", goal_id: str = "g1") -> Goal:
    return Goal(
        id=goal_id,
        client_code=code,
        wording="Go to a meeting",
        target_date=date(2026, 12, 31),
        created_at=at,
        created_by=by,
    )


def _review(
    code: str,
    on: date,
    *,
    by: str = "JB",
    goal_id: str | None = "g1",
    attended: Attended = Attended.YES,
    kind: ReviewType = ReviewType.KEYWORK,
) -> Review:
    return Review(
        client_code=code,
        goal_id=goal_id,
        date=on,
        attended=attended,
        review_type=kind,
        recorded_by=by,
    )


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _counts(figures: MonthFigures) -> tuple[int, int, int, int]:
    return (figures.introduced, figures.with_goal, figures.followed_up, figures.attended)


# --------------------------------------------------------------------------- months


def test_previous_and_next_month_cross_years() -> None:
    assert previous_month(2026, 1) == (2025, 12)
    assert previous_month(2026, 11) == (2026, 10)
    assert next_month(2026, 12) == (2027, 1)
    assert next_month(2026, 3) == (2026, 4)
    assert month_label(2026, 11) == "November 2026"
    with pytest.raises(ValueError, match="no month 13"):
        next_month(2026, 13)
    with pytest.raises(ValueError, match="no month 0"):
        month_figures([], 2026, 0)


@given(st.integers(2, 9998), st.integers(1, 12))
def test_next_undoes_previous(year: int, month: int) -> None:
    assert next_month(*previous_month(year, month)) == (year, month)
    assert previous_month(*next_month(year, month)) == (year, month)


@pytest.mark.parametrize(
    ("moment", "month"),
    [
        # BST ended on 25 October 2026: 23:30 UTC on 31 October is 23:30 GMT, still October.
        (_utc(2026, 10, 31, 23, 30), (2026, 10)),
        # BST began on 29 March 2026: 23:30 UTC on 31 March is 00:30 BST on 1 April.
        (_utc(2026, 3, 31, 23, 30), (2026, 4)),
        (_utc(2026, 3, 31, 22, 59), (2026, 3)),
        # Midsummer: 23:00 UTC on 30 June is midnight in London, so July.
        (_utc(2026, 6, 30, 23, 0), (2026, 7)),
        (_utc(2026, 12, 31, 23, 59), (2026, 12)),
        (_utc(2027, 1, 1, 0, 0), (2027, 1)),
    ],
)
def test_london_month(moment: datetime, month: tuple[int, int]) -> None:
    assert london_month(moment) == month


def test_events_count_in_their_london_month() -> None:
    record = _record(
        "KB-1",
        conversations=[_conversation("KB-1", _utc(2026, 3, 31, 23, 30))],
        goals=[_goal("KB-1", _utc(2026, 10, 31, 23, 30))],
    )
    march = month_figures([record], 2026, 3)
    april = month_figures([record], 2026, 4)
    october = month_figures([record], 2026, 10)
    november = month_figures([record], 2026, 11)
    assert march == {} and november == {}
    assert _counts(april["JB"]) == (1, 0, 0, 0)
    assert _counts(october["JB"]) == (0, 1, 0, 0)


def test_a_review_counts_on_its_own_date() -> None:
    record = _record(
        "KB-1",
        reviews=[_review("KB-1", date(2026, 11, 30)), _review("KB-1", date(2026, 12, 1))],
    )
    assert month_figures([record], 2026, 11)["JB"].followed_up_clients == ("KB-1",)
    assert month_figures([record], 2026, 12)["JB"].followed_up_clients == ("KB-1",)
    assert month_figures([record], 2027, 1) == {}


# --------------------------------------------------------------------------- the rules


def test_introduced_needs_stage_one() -> None:
    at = _utc(2026, 11, 3, 10)
    not_started = _conversation("KB-1", at, stage=Stage.NOT_STARTED, first_stage=None)
    # The client said "not today": the stage stays put but they were introduced.
    declined = _conversation("KB-2", at, stage=Stage.INTRODUCE)
    declined.state["declined"] = [{"origin": "declined@1", "note": "not now"}]
    # A follow-up conversation opens at stage 3 and introduces nobody.
    follow_up = _conversation("KB-3", at, stage=Stage.FOLLOW_UP, first_stage=Stage.FOLLOW_UP)
    # Through stage 1 and on into stage 2.
    connect = _conversation("KB-4", at, stage=Stage.CONNECT)
    # No bookkeeping (an older record): stage_reached decides.
    bare = _conversation("KB-5", at, stage=Stage.INTRODUCE, first_stage=None)
    assert [introduces(c) for c in (not_started, declined, follow_up, connect, bare)] == [
        False,
        True,
        False,
        True,
        True,
    ]
    records = [
        _record(c.client_code, conversations=[c])
        for c in (not_started, declined, follow_up, connect, bare)
    ]
    assert month_figures(records, 2026, 11)["JB"].introduced_clients == ("KB-2", "KB-4", "KB-5")


def test_each_event_counts_for_whoever_did_it() -> None:
    at = _utc(2026, 11, 10, 11)
    record = _record(
        "KB-1",
        keyworker="JB",
        conversations=[_conversation("KB-1", at, by="PA")],
        goals=[_goal("KB-1", at, by="")],  # blank: the client's keyworker
        reviews=[_review("KB-1", date(2026, 11, 12), by="do")],  # compared upper-cased
    )
    figures = month_figures([record], 2026, 11)
    assert sorted(figures) == ["DO", "JB", "PA"]
    assert _counts(figures["PA"]) == (1, 0, 0, 0)
    assert _counts(figures["JB"]) == (0, 1, 0, 0)
    assert _counts(figures["DO"]) == (0, 0, 1, 1)
    assert all(f.keyworker == who and f.month == (2026, 11) for who, f in figures.items())


def test_follow_ups_need_a_goal_and_attended_needs_a_yes() -> None:
    on = date(2026, 11, 12)
    records = [
        _record("KB-1", reviews=[_review("KB-1", on, goal_id=None)]),  # names no goal
        _record("KB-2", reviews=[_review("KB-2", on, attended=Attended.NO)]),
        _record("KB-3", reviews=[_review("KB-3", on, attended=Attended.UNKNOWN)]),
        _record("KB-4", reviews=[_review("KB-4", on, kind=ReviewType.CARE_PLAN)]),
    ]
    figures = month_figures(records, 2026, 11)["JB"]
    assert figures.followed_up_clients == ("KB-2", "KB-3", "KB-4")
    assert figures.attended_clients == ("KB-4",)


def test_a_client_counts_once_per_figure() -> None:
    at = _utc(2026, 11, 2, 10)
    record = _record(
        "KB-1",
        conversations=[_conversation("KB-1", at), _conversation("KB-1", at + timedelta(days=7))],
        goals=[_goal("KB-1", at, goal_id="a"), _goal("KB-1", at, goal_id="b")],
        reviews=[
            _review("KB-1", date(2026, 11, 9), attended=Attended.NO),
            _review("KB-1", date(2026, 11, 16)),
        ],
    )
    assert _counts(month_figures([record], 2026, 11)["JB"]) == (1, 1, 1, 1)


# --------------------------------------------------------------------------- the demo, by hand


# Counted by hand from fama/demo/ for today = 2026-11-24 (sessions move to weekdays; the
# last full quarter is July to September, Q(n) is n days after 1 July):
#   conversations: KB-1063 (JB, 10 Nov, stage 2), KB-1071 (JB, 17 Nov, stage 1),
#     KB-1088 (JB, 19 Nov, said no for now), KB-1125 (PA, 19 Nov), KB-1136 and KB-1140
#     (DO, 20 Nov); last quarter KB-1057 (JB, 31 Jul) and KB-1094 (PA, 10 Aug);
#   goals created in November: 03 (KB-1042, JB), 11 (KB-1063, JB), 07 (KB-1094, PA),
#     09 (KB-1102, PA), 10 (KB-1119, PA), 12 (KB-1136, DO);
#   follow-ups in November: KB-1042 (JB, care-plan review, went), KB-1102 (PA, went);
#   October: goals 01, 02 (KB-1042) and 05 (KB-1057) by JB, 08 (KB-1102) by PA; follow-up
#     KB-1042 (went) by JB (KB-1057's and KB-1094's first goals and follow-ups are in July
#     and August).
DEMO_NOVEMBER = {
    "DO": (("KB-1136", "KB-1140"), ("KB-1136",), (), ()),
    "JB": (("KB-1063", "KB-1071", "KB-1088"), ("KB-1042", "KB-1063"), ("KB-1042",), ("KB-1042",)),
    "PA": (
        ("KB-1125",),
        ("KB-1094", "KB-1102", "KB-1119"),
        ("KB-1102",),
        ("KB-1102",),
    ),
}
DEMO_OCTOBER = {
    "DO": ((), (), (), ()),
    "JB": ((), ("KB-1042", "KB-1057"), ("KB-1042",), ("KB-1042",)),
    "PA": ((), ("KB-1102",), (), ()),
}


def _codes(figures: MonthFigures) -> tuple[tuple[str, ...], ...]:
    return (
        figures.introduced_clients,
        figures.goal_clients,
        figures.followed_up_clients,
        figures.attended_clients,
    )


def test_demo_november_from_the_records() -> None:
    figures = month_figures(build_demo(TODAY).records, 2026, 11)
    assert {who: _codes(f) for who, f in figures.items()} == DEMO_NOVEMBER
    assert _counts(figures["JB"]) == (3, 2, 1, 1)
    assert _counts(figures["PA"]) == (1, 3, 1, 1)
    assert _counts(figures["DO"]) == (2, 1, 0, 0)


def test_demo_store_my_month(demo_casebook: Casebook) -> None:
    november = demo_casebook.staff.my_month(2026, 11)
    assert {who: _codes(f) for who, f in november.items()} == DEMO_NOVEMBER
    october = demo_casebook.staff.my_month(2026, 10)
    assert {who: _codes(f) for who, f in october.items()} == DEMO_OCTOBER
    # A month with nothing in it still lists every member of staff, with zeros.
    empty = demo_casebook.staff.my_month(2025, 1)
    assert sorted(empty) == ["DO", "JB", "PA"] and all(f.is_empty for f in empty.values())


def test_my_month_twice_gives_the_same_figures(demo_casebook: Casebook) -> None:
    """The first call builds pydantic's validators; a second gives the same answer (its
    speed, about 3 ms for 12 clients, is for scripts/bench.py, never asserted here)."""
    assert demo_casebook.staff.my_month(2026, 11) == demo_casebook.staff.my_month(2026, 11)


# --------------------------------------------------------------------------- property

KEYWORKERS = ("JB", "PA", "DO")
LONDON = ZoneInfo("Europe/London")
moments = st.datetimes(
    min_value=datetime(2025, 12, 1), max_value=datetime(2027, 2, 1), timezones=st.just(UTC)
)
days = st.dates(min_value=date(2025, 12, 1), max_value=date(2027, 2, 1))
by = st.sampled_from(("", *KEYWORKERS))


@st.composite
def client_records(draw: st.DrawFn, index: int) -> ClientRecord:
    code = f"KB-{index:03d}"
    conversations = [
        _conversation(
            code,
            at,
            by=draw(st.sampled_from(KEYWORKERS)),
            stage=draw(st.sampled_from(list(Stage))),
            first_stage=draw(st.sampled_from([None, Stage.INTRODUCE, Stage.FOLLOW_UP])),
        )
        for at in draw(st.lists(moments, max_size=3))
    ]
    goals = [
        _goal(code, at, by=draw(by), goal_id=f"g{i}")
        for i, at in enumerate(draw(st.lists(moments, max_size=3)))
    ]
    reviews = [
        _review(
            code,
            on,
            by=draw(by),
            goal_id=draw(st.sampled_from([None, "g0"])),
            attended=draw(st.sampled_from(list(Attended))),
        )
        for on in draw(st.lists(days, max_size=3))
    ]
    keyworker = draw(st.sampled_from(KEYWORKERS))
    return _record(code, keyworker, conversations=conversations, goals=goals, reviews=reviews)


caseloads = st.integers(0, 6).flatmap(
    lambda n: st.tuples(*[client_records(i) for i in range(n)]).map(list)
)


@settings(max_examples=60, deadline=None)
@given(caseloads, st.sampled_from([(2025, 12), (2026, 3), (2026, 10), (2026, 11), (2027, 1)]))
def test_figures_hold_for_any_caseload(records: list[ClientRecord], month: tuple[int, int]) -> None:
    figures = month_figures(records, *month)
    codes = {r.client.code for r in records}
    for who, f in figures.items():
        assert f.keyworker == who and f.month == month
        assert not f.is_empty
        for count in _counts(f):
            assert 0 <= count <= len(records)
        for group in _codes(f):
            assert set(group) <= codes and list(group) == sorted(set(group))
        assert set(f.attended_clients) <= set(f.followed_up_clients)
        assert f.attended <= f.followed_up
    # Every client with a goal created in the month (in London) is counted for someone.
    with_goal = {
        r.client.code
        for r in records
        for g in r.goals
        if (g.created_at.astimezone(LONDON).year, g.created_at.astimezone(LONDON).month) == month
    }
    assert set().union(*(f.goal_clients for f in figures.values())) == with_goal


# --------------------------------------------------------------------------- typed dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("yesterday", date(2026, 11, 23)),
        ("1/11", date(2026, 11, 1)),  # the latest 1 November, not next year's
        ("24/11", TODAY),
        ("25/11", date(2025, 11, 25)),  # tomorrow's day and month: last year's
        ("14/3", date(2026, 3, 14)),
        ("2026-03-14", date(2026, 3, 14)),
        ("14/3/2025", date(2025, 3, 14)),
        ("-7", date(2026, 11, 17)),
        ("2w ago", date(2026, 11, 10)),
        ("fri", date(2026, 11, 20)),  # TODAY is a Tuesday
        ("tue", TODAY),
        ("29/2", date(2024, 2, 29)),
    ],
)
def test_parse_past_day(text: str, expected: date) -> None:
    assert parse_past_day(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tomorrow", "cannot be in the future"),
        ("+7", "cannot be in the future"),
        ("2026-12-01", "cannot be in the future"),
        ("31/2", "no day 31/2"),
        ("1/1/1026", "too long ago"),
        ("soon", "not a date fama understands"),
        ("", "Enter a date"),
    ],
)
def test_parse_past_day_refuses(text: str, message: str) -> None:
    with pytest.raises(DateTextError, match=message):
        parse_past_day(text, TODAY)


# --------------------------------------------------------------------------- the staff form


def test_staff_form_checks_each_field() -> None:
    member = build_staff_member(
        StaffForm(id=" ab ", name="  Ann   Bell ", role=""), existing_ids={"JB"}
    )
    assert (member.id, member.name, member.role) == ("AB", "Ann Bell", "keyworker")
    with pytest.raises(FormErrors) as caught:
        build_staff_member(StaffForm(id="jb", name=" ", role="x" * 41), existing_ids={"JB"})
    assert set(caught.value.errors) == {"id", "name", "role"}
    assert "already in use" in caught.value.errors["id"]
    with pytest.raises(FormErrors) as caught:
        build_staff_member(StaffForm(id="A B", name="Ann"), existing_ids=set())
    assert "1 to 12 letters" in caught.value.errors["id"]


# --------------------------------------------------------------------------- the casebook


def test_staff_members_and_a_new_one(demo_casebook: Casebook) -> None:
    assert [m.id for m in demo_casebook.staff.members()] == ["DO", "JB", "PA"]
    saved = demo_casebook.staff.save(StaffForm(id="sk", name="Sam Kaur", role="peer lead"))
    assert saved.id == "SK"
    assert demo_casebook.staff.member("sk").role == "peer lead"
    with pytest.raises(FormErrors):
        demo_casebook.staff.save(StaffForm(id="SK", name="Someone else"))


def test_editing_keeps_the_id_and_the_evidence(demo_casebook: Casebook) -> None:
    before = demo_casebook.staff.member("JB")
    edited = demo_casebook.staff.save(
        StaffForm(id="ZZ", name="Jo Bramley-Hart", role="team leader"), editing="JB"
    )
    assert edited.id == "JB" and edited.name == "Jo Bramley-Hart"
    stored = demo_casebook.staff.member("JB")
    assert stored.training == before.training and stored.insight_visits == before.insight_visits
    assert "ZZ" not in {m.id for m in demo_casebook.staff.members()}


def test_training_added_and_removed(demo_casebook: Casebook) -> None:
    member = demo_casebook.staff.add_training(
        "do", TrainingKind.SMART_FACILITATION, date(2026, 11, 2)
    )
    assert [t.kind for t in member.training] == [TrainingKind.FAMA, TrainingKind.SMART_FACILITATION]
    stored = demo_casebook.staff.member("DO")
    assert stored.training[-1] == Training(
        kind=TrainingKind.SMART_FACILITATION, completed=date(2026, 11, 2)
    )
    # Kept in date order: an older course goes first.
    earlier = demo_casebook.staff.add_training("DO", "12-step facilitation", date(2020, 5, 1))
    assert earlier.training[0].kind is TrainingKind.TWELVE_STEP_FACILITATION
    demo_casebook.staff.remove_training("DO", 0)
    assert [t.kind for t in demo_casebook.staff.member("DO").training] == [
        TrainingKind.FAMA,
        TrainingKind.SMART_FACILITATION,
    ]


def test_insight_visits_added_and_removed(demo_casebook: Casebook) -> None:
    note = "Open meeting; the [secretary] was welcoming"
    member = demo_casebook.staff.add_insight_visit("DO", TODAY, OrgCode.CA, f"  {note} ")
    assert member.insight_visits == [InsightVisit(date=TODAY, organisation=OrgCode.CA, note=note)]
    assert demo_casebook.staff.member("DO").insight_visits[0].note == note
    demo_casebook.staff.remove_insight_visit("DO", 0)
    assert demo_casebook.staff.member("DO").insight_visits == []


def test_refusals_save_nothing(demo_casebook: Casebook) -> None:
    before = demo_casebook.staff.members()
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(ValueError, match="A training date cannot be in the future"):
        demo_casebook.staff.add_training("DO", TrainingKind.FAMA, tomorrow)
    with pytest.raises(ValueError, match="A visit date cannot be in the future"):
        demo_casebook.staff.add_insight_visit("DO", tomorrow, OrgCode.AA)
    with pytest.raises(ValueError, match="Unknown training 'yoga'"):
        demo_casebook.staff.add_training("DO", "yoga", TODAY)
    with pytest.raises(ValueError, match="Unknown organisation 'XA'"):
        demo_casebook.staff.add_insight_visit("DO", TODAY, "XA")
    with pytest.raises(ValueError, match="at most 500 characters"):
        demo_casebook.staff.add_insight_visit("DO", TODAY, OrgCode.AA, "x" * 501)
    with pytest.raises(ValueError, match="no training number 5"):
        demo_casebook.staff.remove_training("DO", 4)
    with pytest.raises(ValueError, match="no insight visit number 1"):
        demo_casebook.staff.remove_insight_visit("DO", 0)
    with pytest.raises(StaffNotFound, match="no staff member with the id XY"):
        demo_casebook.staff.add_training("xy", TrainingKind.FAMA, TODAY)
    with pytest.raises(StaffNotFound):
        demo_casebook.staff.save(StaffForm(name="A"), editing="XY")
    assert demo_casebook.staff.members() == before


def test_staff_members_includes_those_who_left(demo_casebook: Casebook) -> None:
    """Everyone stays on the staff list; My month lists a leaver for the months they worked."""
    demo_casebook.store.save_staff(StaffMember(id="OL", name="Old Leaver", active=False))
    demo_casebook.store.save_staff(
        StaffMember(id="RL", name="Recent Leaver", left_on=date(2026, 10, 9))
    )
    assert {"OL", "RL"} <= {m.id for m in demo_casebook.staff.members()}
    assert {"OL", "RL"}.isdisjoint(m.id for m in demo_casebook.staff.current())
    assert "RL" in demo_casebook.staff.my_month(2026, 10)  # worked until 9 October
    assert "RL" not in demo_casebook.staff.my_month(2026, 11)
    assert "OL" not in demo_casebook.staff.my_month(2026, 11)  # left on a day nobody kept


# --------------------------------------------------------------------------- import hygiene


@pytest.mark.parametrize(
    ("module", "allowed"),
    [("fama.staff.my_month", set()), ("fama.casebook.staff", {"tinydb"})],  # a service: the store
)
def test_loads_without_pydantic_or_textual(module: str, allowed: set[str]) -> None:
    """The casebook imports these at start-up, before the caseload: they must stay light."""
    code = (
        f"import sys, {module}\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split()) & {"pydantic", "textual", "tinydb"}
    assert loaded <= allowed


def test_removing_what_was_shown_survives_another_writers_addition(
    demo_casebook: Casebook,
) -> None:
    """The screen shows DO's list; meanwhile someone adds an older course, which moves every
    entry down one. Removing the entry shown still removes that entry, not its neighbour."""
    shown = demo_casebook.staff.member("DO").training
    target = shown[0]
    demo_casebook.staff.add_training("DO", "12-step facilitation", date(2020, 5, 1))  # sorts first
    demo_casebook.staff.remove_training("DO", target)
    kept = demo_casebook.staff.member("DO").training
    assert target not in kept
    assert kept[0].kind is TrainingKind.TWELVE_STEP_FACILITATION  # the other writer's is kept
    with pytest.raises(ValueError, match="no longer on DO's record"):
        demo_casebook.staff.remove_training("DO", target)  # already gone: nothing removed
    assert demo_casebook.staff.member("DO").training == kept
    visit = demo_casebook.staff.add_insight_visit("DO", TODAY, OrgCode.AA, "Open").insight_visits[0]
    demo_casebook.staff.add_insight_visit("DO", TODAY - timedelta(days=30), OrgCode.NA, "Earlier")
    demo_casebook.staff.remove_insight_visit("DO", visit)
    assert [v.note for v in demo_casebook.staff.member("DO").insight_visits] == ["Earlier"]
