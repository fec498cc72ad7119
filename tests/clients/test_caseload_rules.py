"""What is due and in what order: the rules at their date boundaries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fama.casebook.service import Casebook
from fama.clients.caseload import (
    DueCounts,
    DueKind,
    DueView,
    caseload_order,
    due_counts,
    due_items,
    follow_up_overdue,
    in_view,
    never_introduced,
    next_due,
    review_this_week,
)
from fama.clients.form import ClientForm, FormErrors, build_client, parse_date, parse_substances
from fama.clock import FixedClock
from fama.models import ClientSummary, Stage
from fama.store import open_store

TODAY = date(2026, 11, 24)


def summary(**fields: Any) -> ClientSummary:
    base: dict[str, Any] = {"code": "KB-1", "keyworker": "JB", "stage": Stage.CONNECT}
    base.update(fields)
    return ClientSummary(**base)


@pytest.mark.parametrize(
    ("target", "overdue"),
    [(TODAY - timedelta(days=1), True), (TODAY, False), (TODAY + timedelta(days=1), False)],
)
def test_follow_up_is_overdue_only_after_the_target_day(target: date, overdue: bool) -> None:
    item = next_due(summary(follow_up_due=target), TODAY)
    assert item is not None and item.kind is DueKind.FOLLOW_UP
    assert item.overdue is overdue


def test_a_follow_up_on_or_after_the_target_clears_it() -> None:
    target = TODAY - timedelta(days=5)
    assert next_due(summary(follow_up_due=target, last_follow_up=target), TODAY) is None
    late = next_due(summary(follow_up_due=target, last_follow_up=target - timedelta(days=1)), TODAY)
    assert late is not None and late.overdue


def test_discharged_clients_have_nothing_due() -> None:
    gone = summary(follow_up_due=TODAY - timedelta(days=3), discharged=TODAY)
    assert due_items(gone, TODAY) == []


def test_never_introduced_is_due_undated() -> None:
    [item] = due_items(summary(stage=Stage.NOT_STARTED), TODAY)
    assert item.kind is DueKind.INTRODUCE and item.on is None
    assert item.describe(TODAY) == "introduce mutual aid"


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (-3, "follow-up 3 days overdue"),
        (-1, "follow-up 1 day overdue"),
        (0, "follow-up today"),
        (1, "follow-up tomorrow"),
        (9, "follow-up in 9 days"),
    ],
)
def test_due_items_in_plain_words(days: int, words: str) -> None:
    item = next_due(summary(follow_up_due=TODAY + timedelta(days=days)), TODAY)
    assert item is not None and item.describe(TODAY) == words


optional_days = st.one_of(st.none(), st.integers(min_value=-60, max_value=60))


@given(
    st.lists(
        st.tuples(optional_days, optional_days, st.sampled_from(list(Stage))),
        min_size=1,
        max_size=25,
    )
)
def test_overdue_always_sorts_before_everything_else(
    rows: list[tuple[int | None, int | None, Stage]],
) -> None:
    summaries = [
        summary(
            code=f"C-{i}",
            stage=stage,
            follow_up_due=None if g is None else TODAY + timedelta(days=g),
            next_review=None if r is None else TODAY + timedelta(days=r),
        )
        for i, (g, r, stage) in enumerate(rows)
    ]
    ordered = sorted(summaries, key=lambda s: caseload_order(s, TODAY))
    flags = [bool((d := next_due(s, TODAY)) and d.overdue) for s in ordered]
    assert flags == sorted(flags, reverse=True)
    dated = [d.on for s in ordered if (d := next_due(s, TODAY)) and d.on and not d.overdue]
    assert dated == sorted(dated)


@pytest.mark.parametrize(
    "text", ["24/11/2026", "2026-11-24", "24-11-2026", "24.11.2026", "24/11/26"]
)
def test_dates_typed_either_way(text: str) -> None:
    assert parse_date(text, TODAY) == TODAY


@pytest.mark.parametrize(
    ("text", "toward", "expected"),
    [
        ("today", "future", TODAY),
        ("tomorrow", "future", TODAY + timedelta(days=1)),
        ("+7", "future", TODAY + timedelta(days=7)),
        ("1/12", "future", date(2026, 12, 1)),
        ("1/9", "past", date(2026, 9, 1)),  # an episode that started on 1 September
        ("4w", "past", TODAY - timedelta(weeks=4)),
    ],
)
def test_the_client_form_takes_the_quick_dates_too(text: str, toward: Any, expected: date) -> None:
    assert parse_date(text, TODAY, toward) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "soon", "2026/11/24", "11/24/2026"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="Enter a date"):
        parse_date(text, TODAY)


def test_substances_are_parsed_and_checked() -> None:
    assert [s.value for s in parse_substances("Alcohol; crack, alcohol")] == ["alcohol", "crack"]
    with pytest.raises(ValueError, match="Unknown substance 'gin'"):
        parse_substances("alcohol, gin")


def form(**fields: object) -> ClientForm:
    base: dict[str, object] = {
        "code": "KB-9",
        "keyworker": "jb",
        "postcode_district": "SE1",
        "episode_start": "01/10/2026",
    }
    base.update(fields)
    return ClientForm(**base)  # type: ignore[arg-type]


def test_a_good_form_builds_a_client() -> None:
    client = build_client(form(next_review="01/12/2026"), today=TODAY, existing_codes=set())
    assert client.code == "KB-9" and client.next_review == date(2026, 12, 1)


def test_form_rules() -> None:
    with pytest.raises(FormErrors) as caught:
        build_client(
            form(code="", keyworker=" ", postcode_district="", episode_start=""),
            today=TODAY,
            existing_codes=set(),
        )
    assert set(caught.value.errors) == {"code", "keyworker", "postcode_district", "episode_start"}
    with pytest.raises(FormErrors) as caught:
        build_client(
            form(episode_start="01/01/1985", next_review="01/01/2029"),
            today=TODAY,
            existing_codes=set(),
        )
    assert "too long ago" in caught.value.errors["episode_start"]
    assert "more than a year ahead" in caught.value.errors["next_review"]


def test_editing_may_keep_a_past_review_date_but_not_set_a_new_one() -> None:
    original = build_client(form(next_review="25/11/2026"), today=TODAY, existing_codes=set())
    later = TODAY + timedelta(days=10)
    kept = build_client(
        form(next_review="25/11/2026"), today=later, existing_codes={"KB-9"}, original=original
    )
    assert kept.next_review == date(2026, 11, 25)
    with pytest.raises(FormErrors, match="cannot be in the past"):
        build_client(
            form(next_review="26/11/2026"), today=later, existing_codes={"KB-9"}, original=original
        )


@given(
    goal=optional_days,
    review=optional_days,
    stage=st.sampled_from(list(Stage)),
    text=st.text(max_size=80),
    family=st.booleans(),
)
def test_index_rows_round_trip(
    goal: int | None, review: int | None, stage: Stage, text: str, family: bool
) -> None:
    original = summary(
        stage=stage,
        current_goal=text,
        for_family=family,
        follow_up_due=None if goal is None else TODAY + timedelta(days=goal),
        next_review=None if review is None else TODAY + timedelta(days=review),
    )
    assert ClientSummary.from_row(original.to_row()) == original


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"code": ""}, "code"),
        ({"stage": "4 finished"}, "Stage"),
        ({"follow_up_due": "24/11/2026"}, "Invalid isoformat"),
        ({"next_review": 20261124}, "next_review"),
        ({"for_family": "yes"}, "for_family"),
        ({"current_goal": None}, "current_goal"),
    ],
)
def test_bad_index_rows_are_refused(change: dict[str, Any], problem: str) -> None:
    row = summary().to_row() | change
    with pytest.raises(ValueError, match=problem):
        ClientSummary.from_row(row)


# Due views (issue 6): follow-ups overdue, reviews this week, never introduced -------------

MONDAY, SUNDAY = date(2026, 11, 23), date(2026, 11, 29)


@pytest.mark.parametrize(
    ("review", "today", "due"),
    [
        (MONDAY, MONDAY, True),
        (SUNDAY, MONDAY, True),  # Sunday is still this week
        (MONDAY, SUNDAY, True),  # missed on Monday: still this week's work on Sunday
        (SUNDAY + timedelta(days=1), SUNDAY, False),  # next Monday is next week
        (MONDAY - timedelta(days=1), MONDAY, False),  # last Sunday: overdue, not this week
    ],
)
def test_review_this_week_runs_monday_to_sunday(review: date, today: date, due: bool) -> None:
    assert review_this_week(summary(next_review=review), today) is due


def test_follow_up_overdue_needs_a_passed_target_and_no_follow_up_since() -> None:
    target = date(2026, 11, 20)
    assert follow_up_overdue(summary(follow_up_due=target), TODAY)
    assert not follow_up_overdue(summary(follow_up_due=target), target)  # due today: not yet
    assert not follow_up_overdue(summary(follow_up_due=target, last_follow_up=target), TODAY)
    assert follow_up_overdue(
        summary(follow_up_due=target, last_follow_up=target - timedelta(days=1)), TODAY
    )


def test_discharged_clients_are_in_no_due_view() -> None:
    gone = summary(
        stage=Stage.NOT_STARTED,
        follow_up_due=date(2026, 11, 1),
        next_review=TODAY,
        discharged=TODAY,
    )
    assert not follow_up_overdue(gone, TODAY)
    assert not review_this_week(gone, TODAY)
    assert not never_introduced(gone, TODAY)


def test_a_client_who_declined_is_due_a_revisit_not_an_introduction() -> None:
    revisit = TODAY + timedelta(days=10)
    declined = summary(declined_on=TODAY - timedelta(days=3), revisit_on=revisit)
    assert [(i.kind, i.on) for i in due_items(declined, TODAY)] == [(DueKind.REVISIT, revisit)]
    assert not never_introduced(declined, TODAY)
    assert due_counts([declined], TODAY).not_introduced == 0
    late = summary(declined_on=TODAY - timedelta(days=30), revisit_on=TODAY - timedelta(days=1))
    assert due_items(late, TODAY)[0].overdue
    undated = summary(declined_on=TODAY)
    assert [(i.kind, i.on) for i in due_items(undated, TODAY)] == [(DueKind.REVISIT, None)]


def test_the_follow_up_falls_due_on_the_date_agreed_to_talk() -> None:
    talk = TODAY + timedelta(days=3)
    item = next_due(summary(follow_up_due=talk), TODAY)
    assert item is not None and (item.kind, item.on, item.overdue) == (
        DueKind.FOLLOW_UP,
        talk,
        False,
    )


def test_due_counts_and_views_on_the_demo(demo_casebook: Any) -> None:
    view = demo_casebook.clients.caseload(view=DueView.FOLLOW_UPS)
    assert [e.code for e in view.entries] == ["KB-1057", "KB-1094", "KB-1119"]  # oldest first
    view = demo_casebook.clients.caseload(view=DueView.REVIEWS)
    assert [e.code for e in view.entries] == ["KB-1094", "KB-1071", "KB-1151"]  # soonest first
    view = demo_casebook.clients.caseload(view=DueView.NOT_INTRODUCED)
    assert [e.code for e in view.entries] == ["KB-1151"]  # KB-1088 declined: a revisit is due
    assert view.due == DueCounts(follow_ups=3, reviews=3, not_introduced=1)
    assert view.total == 12 and view.in_view == 1
    [declined] = [e for e in demo_casebook.clients.caseload().entries if e.code == "KB-1088"]
    kinds = {i.kind for i in due_items(declined.summary, demo_casebook.today)}
    assert kinds == {DueKind.REVIEW, DueKind.REVISIT}  # no "introduce mutual aid"
    assert demo_casebook.clients.caseload("1151", view=DueView.REVIEWS).entries[0].code == "KB-1151"


@pytest.mark.parametrize(
    ("moment", "in_week"),
    [
        # Spring forward: 23:30 UTC on Sunday 29 March is 00:30 BST on Monday 30 March, a new
        # week, so a review on Sunday 29 March is no longer this week's.
        (datetime(2026, 3, 29, 22, 30, tzinfo=UTC), True),
        (datetime(2026, 3, 29, 23, 30, tzinfo=UTC), False),
        # Fall back: 23:30 UTC on Sunday 25 October is 23:30 GMT, still Sunday.
        (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), True),
        (datetime(2026, 10, 26, 0, 30, tzinfo=UTC), False),
    ],
)
def test_this_week_follows_the_london_calendar_across_the_clock_change(
    tmp_path: Any, moment: datetime, in_week: bool
) -> None:
    clock = FixedClock(moment)
    casebook = Casebook(open_store(tmp_path / "store"), clock)
    sunday = date(2026, 3, 29) if moment.month == 3 else date(2026, 10, 25)
    casebook.clients.add(
        ClientForm(
            code="KB-9",
            keyworker="JB",
            postcode_district="DE1",
            episode_start="2026-01-05",
        )
    )
    record = casebook.clients.record("KB-9")
    casebook.store.save_client(record.client.model_copy(update={"next_review": sunday}))
    codes = [e.code for e in casebook.clients.caseload(view=DueView.REVIEWS).entries]
    assert codes == (["KB-9"] if in_week else [])


_days = st.integers(min_value=-60, max_value=60).map(lambda n: TODAY + timedelta(days=n))


@given(
    st.lists(
        st.builds(
            summary,
            stage=st.sampled_from(list(Stage)),
            follow_up_due=st.none() | _days,
            last_follow_up=st.none() | _days,
            next_review=st.none() | _days,
            discharged=st.none() | _days,
        ),
        max_size=30,
    )
)
def test_due_counts_agree_with_the_views(summaries: list[ClientSummary]) -> None:
    """The header's counts are exactly the sizes of the views Ctrl+T shows."""
    assert due_counts(summaries, TODAY) == DueCounts(
        follow_ups=sum(in_view(s, DueView.FOLLOW_UPS, TODAY) for s in summaries),
        reviews=sum(in_view(s, DueView.REVIEWS, TODAY) for s in summaries),
        not_introduced=sum(in_view(s, DueView.NOT_INTRODUCED, TODAY) for s in summaries),
    )
