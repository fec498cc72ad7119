"""Self-assessment periods and evidence figures (fama.assessment.period, .figures).

Hand-built records for each definition, period boundaries in London time, clients in
treatment, several stores added without merging, the directory figures on the demo, the
suggested ratings' thresholds, and properties that hold for any records.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fama.assessment.client_figures import DEAD_CLOSED, DEAD_INACTIVE, DEAD_MISSING
from fama.assessment.directory_figures import SourceFreshness, directory_sources
from fama.assessment.evidence import Evidence, EvidenceSource, compute_evidence
from fama.assessment.facts import ClientFacts, client_facts, facts_from_json, introduces
from fama.assessment.figure import ITEM_FIGURES, Figure
from fama.assessment.period import (
    Period,
    last_full_quarter,
    london_date,
    parse_period,
    previous,
    quarter_of,
)
from fama.assessment.ratings import IN_PLACE, NOT_IN_PLACE, PARTLY, suggest_rating
from fama.casebook.service import Casebook
from fama.demo.town import build_demo
from fama.models import (
    Attendance,
    Attended,
    Client,
    ClientRecord,
    Conversation,
    FlagKind,
    Goal,
    HandoutAction,
    HandoutEvent,
    HandoutGiven,
    InsightVisit,
    LinkType,
    Meeting,
    MeetingFlag,
    OrgCode,
    Review,
    ReviewType,
    StaffMember,
    Stage,
    Substance,
    Support,
    Training,
    TrainingKind,
    Weekday,
)
from fama.models.goal import CallOutcome, ContactCall
from fama.models.review import Handover
from fama.staff.my_month import introduces as my_month_introduces

TODAY = date(2026, 11, 24)
Q4 = Period(date(2026, 10, 1), date(2026, 12, 31))
Q3 = Period(date(2026, 7, 1), date(2026, 9, 30))


# --------------------------------------------------------------------------- builders


def at(day: date, hour: int = 11, minute: int = 0) -> datetime:
    """A UTC moment on ``day``."""
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def client(
    code: str = "C-1",
    *,
    start: date = date(2026, 1, 5),
    discharged: date | None = None,
    substances: Sequence[Substance] = (Substance.ALCOHOL,),
) -> Client:
    return Client(
        code=code,
        keyworker="JB",
        postcode_district="DE1",
        substances=list(substances),
        episode_start=start,
        discharged=discharged,
    )


def goal(
    code: str,
    created: datetime,
    *,
    gid: str | None = None,
    meeting: str | None = None,
    org: OrgCode | None = None,
    link: LinkType = LinkType.NONE,
) -> Goal:
    return Goal(
        id=gid or f"g-{code}-{created.isoformat()}",
        client_code=code,
        wording="Go to a meeting",
        meeting_id=meeting,
        organisation=org,
        target_date=created.date() + timedelta(days=7),
        support=Support(link=link),
        created_at=created,
    )


def follow_up(
    code: str,
    on: date,
    *,
    goal_id: str | None = "g",
    attended: Attended = Attended.UNKNOWN,
    meetings: int | None = None,
    helpfulness: int | None = None,
    kind: ReviewType = ReviewType.KEYWORK,
) -> Review:
    return Review(
        client_code=code,
        goal_id=goal_id,
        date=on,
        review_type=kind,
        attended=attended,
        meetings_since_last=meetings,
        helpfulness=helpfulness,
    )


def talk(
    code: str,
    started: datetime,
    stage: Stage = Stage.INTRODUCE,
    *,
    stages: Sequence[Stage] | None = None,
    handouts: Sequence[HandoutEvent] = (),
) -> Conversation:
    """A conversation; ``stages`` writes the engine's bookkeeping (what each answer set)."""
    state: dict[str, Any] = {}
    if stages is not None:
        state["records"] = {
            f"step@{i}": {"index": i, "goals": [], "reviews": [], "stage": s.value}
            for i, s in enumerate(stages)
        }
    return Conversation(
        client_code=code,
        keyworker="JB",
        started_at=started,
        stage_reached=stage,
        state=state,
        handouts=list(handouts),
    )


def record(c: Client, **parts: Any) -> ClientRecord:
    return ClientRecord(client=c, **parts)


def meeting(
    mid: str,
    *,
    org: OrgCode = OrgCode.AA,
    day: Weekday = Weekday.MONDAY,
    attendance: Attendance = Attendance.IN_PERSON,
    active: bool = True,
    closed: bool = False,
    flags: Sequence[FlagKind] = (),
    source: str = "local",
    verified: date | None = None,
    imported: datetime | None = None,
    name: str = "",
) -> Meeting:
    return Meeting(
        id=mid,
        organisation=org,
        name=name or f"Meeting {mid}",
        weekday=day,
        start=time(19, 0),
        attendance=attendance,
        active=active,
        temporarily_closed=closed,
        flags=[MeetingFlag(kind=k, on=date(2026, 10, 1)) for k in flags],
        source=source,
        last_verified=verified,
        imported_at=imported,
    )


def evidence(
    records: Sequence[ClientRecord],
    period: Period = Q4,
    *,
    meetings: Sequence[Meeting] = (),
    staff: Sequence[StaffMember] = (),
) -> Evidence:
    return compute_evidence([EvidenceSource(records, meetings, staff)], period, today=TODAY)


def fig(ev: Evidence, name: str) -> tuple[int, int | None]:
    f = ev.figures[name]
    return f.numerator, f.denominator


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 24), Period(date(2026, 7, 1), date(2026, 9, 30))),
        (date(2026, 10, 1), Period(date(2026, 7, 1), date(2026, 9, 30))),
        (date(2026, 9, 30), Period(date(2026, 4, 1), date(2026, 6, 30))),
        (date(2026, 1, 1), Period(date(2025, 10, 1), date(2025, 12, 31))),
        (date(2026, 4, 1), Period(date(2026, 1, 1), date(2026, 3, 31))),
    ],
)
def test_last_full_quarter_is_the_latest_that_ended_before_today(
    today: date, expected: Period
) -> None:
    assert last_full_quarter(today) == expected
    assert last_full_quarter(today).is_quarter


def test_previous_period() -> None:
    assert previous(Period(date(2026, 1, 1), date(2026, 3, 31))) == Period(
        date(2025, 10, 1), date(2025, 12, 31)
    )
    # a month: the month before (whatever its length)
    assert previous(Period(date(2026, 3, 1), date(2026, 3, 31))) == Period(
        date(2026, 2, 1), date(2026, 2, 28)
    )
    assert previous(Period(date(2026, 1, 1), date(2026, 12, 31))) == Period(
        date(2025, 1, 1), date(2025, 12, 31)
    )
    assert previous(Period(date(2026, 9, 1), date(2026, 11, 30))) == Period(
        date(2026, 6, 1), date(2026, 8, 31)
    )
    # any other period: the same number of days, ending the day before
    assert previous(Period(date(2026, 9, 2), date(2026, 11, 30))) == Period(
        date(2026, 6, 4), date(2026, 9, 1)
    )
    assert previous(Period(date(2026, 9, 5), date(2026, 9, 14))) == Period(
        date(2026, 8, 26), date(2026, 9, 4)
    )


def test_parse_period() -> None:
    assert parse_period(None, None, TODAY) == last_full_quarter(TODAY)
    assert parse_period("", " ", TODAY) == last_full_quarter(TODAY)
    assert parse_period("2026-09-01", "2026-11-30", TODAY) == Period(
        date(2026, 9, 1), date(2026, 11, 30)
    )
    assert parse_period("1/9", None, TODAY) == Period(date(2026, 9, 1), TODAY)
    assert parse_period(None, "2026-08-15", TODAY) == Period(date(2026, 7, 1), date(2026, 8, 15))
    with pytest.raises(ValueError, match="cannot start"):
        parse_period("2026-11-30", "2026-09-01", TODAY)
    with pytest.raises(ValueError, match="not a date"):
        parse_period("last spring", None, TODAY)


def test_a_period_holds_moments_by_their_london_date() -> None:
    late = datetime(2026, 9, 30, 23, 30, tzinfo=UTC)  # 00:30 BST on 1 October
    assert london_date(late) == date(2026, 10, 1)
    assert late in Q4 and late not in Q3
    winter = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # GMT: still 31 December
    assert winter in Q4
    assert date(2026, 10, 1) in Q4 and date(2026, 9, 30) not in Q4
    assert Q4.label == "Oct-Dec 2026"
    assert Period(date(2026, 9, 1), date(2026, 11, 30)).label == "1 Sep 2026 to 30 Nov 2026"
    with pytest.raises(ValueError, match="cannot start"):
        Period(date(2026, 2, 1), date(2026, 1, 1))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_quarters_tile_the_calendar(day: date) -> None:
    quarter = quarter_of(day)
    assert day in quarter and quarter.is_quarter
    before = previous(quarter)
    assert before.is_quarter and before.end + timedelta(days=1) == quarter.start
    assert last_full_quarter(day).end < day


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(min_value=0, max_value=400),
)
def test_previous_period_ends_the_day_before(start: date, length: int) -> None:
    period = Period(start, start + timedelta(days=length))
    before = previous(period)
    assert before.end + timedelta(days=1) == period.start
    if period.whole_months is None:
        assert before.days == period.days


# --------------------------------------------------------------------------- figures


def test_figure_value() -> None:
    assert Figure("a", "A", 3, 4).value == 0.75
    assert Figure("a", "A", 3, None).value is None
    assert Figure("a", "A", 0, 0).value is None


def test_by_item_follows_the_mapping_exactly() -> None:
    ev = evidence([])
    assert set(ev.by_item) == set(ITEM_FIGURES)
    for item, names in ITEM_FIGURES.items():
        assert tuple(f.name for f in ev.by_item[item]) == names
    assert set(ev.figures) == {name for names in ITEM_FIGURES.values() for name in names}


def test_every_figure_is_one_the_items_file_may_name() -> None:
    from fama.assessment.items import EVIDENCE_NAMES

    assert set(evidence([]).figures) == set(EVIDENCE_NAMES)


def test_clients_in_treatment() -> None:
    records = [
        record(client("IN-1", start=date(2026, 1, 1))),
        record(client("IN-2", start=Q4.end)),  # starts on the last day
        record(client("IN-3", start=date(2026, 1, 1), discharged=Q4.start)),  # leaves on day 1
        record(client("OUT-1", start=Q4.end + timedelta(days=1))),
        record(client("OUT-2", start=date(2026, 1, 1), discharged=date(2026, 9, 30))),
    ]
    ev = evidence(records)
    assert fig(ev, "referred") == (0, 3)
    assert ev.clients_read == 5


def test_activity_of_a_client_not_in_treatment_is_left_out() -> None:
    gone = client("OUT", start=date(2026, 1, 1), discharged=date(2026, 9, 1))
    ev = evidence(
        [
            record(
                gone,
                goals=[goal("OUT", at(date(2026, 10, 5)))],
                conversations=[talk("OUT", at(date(2026, 10, 5)))],
            )
        ]
    )
    assert fig(ev, "referred") == (0, 0)
    assert fig(ev, "structured_conversations") == (0, None)
    assert fig(ev, "goals_with_link") == (0, 0)


def test_a_conversation_late_on_30_september_counts_in_october() -> None:
    late = datetime(2026, 9, 30, 23, 30, tzinfo=UTC)
    rec = record(client("C-1"), conversations=[talk("C-1", late)], goals=[goal("C-1", late)])
    assert fig(evidence([rec], Q4), "stage_introduced") == (1, 1)
    assert fig(evidence([rec], Q4), "stage_connected") == (1, 1)
    assert fig(evidence([rec], Q3), "stage_introduced") == (0, 1)
    assert fig(evidence([rec], Q3), "stage_connected") == (0, 1)
    earlier = datetime(2026, 9, 30, 22, 30, tzinfo=UTC)  # 23:30 BST, still September
    rec = record(client("C-1"), conversations=[talk("C-1", earlier)])
    assert fig(evidence([rec], Q3), "stage_introduced") == (1, 1)
    assert fig(evidence([rec], Q4), "stage_introduced") == (0, 1)


def test_introduced_counts_a_refusal_but_not_a_follow_up_only_conversation() -> None:
    day = at(date(2026, 10, 6))
    refusal = talk("R-1", day, Stage.INTRODUCE, stages=[Stage.INTRODUCE])
    only_follow_up = talk("F-1", day, Stage.FOLLOW_UP, stages=[Stage.FOLLOW_UP])
    opened = talk("N-1", day, Stage.NOT_STARTED)
    older = talk("O-1", day, Stage.CONNECT)  # no bookkeeping: trust the stage reached
    records = [
        record(client("R-1"), conversations=[refusal]),
        record(client("F-1"), conversations=[only_follow_up]),
        record(client("N-1"), conversations=[opened]),
        record(client("O-1"), conversations=[older]),
    ]
    ev = evidence(records)
    assert fig(ev, "stage_introduced") == (2, 4)
    # held conversations: everything but the one opened without an answer
    assert fig(ev, "structured_conversations") == (3, None)
    assert ev.figures["structured_conversations"].breakdown == {"clients": 3}
    assert fig(ev, "clients_discussed") == (3, 4)
    for conversation in (refusal, only_follow_up, opened, older):
        assert introduces(
            conversation.stage_reached.value, conversation.state
        ) == my_month_introduces(conversation)


def test_the_demo_refusal_counts_as_introduced() -> None:
    demo = build_demo(TODAY)
    (declined,) = [r for r in demo.records if r.client.code == "KB-1088"]
    (conversation,) = declined.conversations
    assert client_facts(declined).conversations[0].introduces
    assert my_month_introduces(conversation)


def test_structured_conversations_count_each_and_clients_once() -> None:
    rec = record(
        client("C-1"),
        conversations=[
            talk("C-1", at(date(2026, 10, 1))),
            talk("C-1", at(date(2026, 11, 1)), Stage.FOLLOW_UP, stages=[Stage.FOLLOW_UP]),
            talk("C-1", at(date(2026, 9, 1))),  # before the period
        ],
    )
    ev = evidence([rec])
    assert fig(ev, "structured_conversations") == (2, None)
    assert ev.figures["structured_conversations"].breakdown == {"clients": 1}
    assert fig(ev, "stage_introduced") == (1, 1)


def test_stages_connected_and_followed_up() -> None:
    records = [
        record(client("G-1"), goals=[goal("G-1", at(date(2026, 10, 2)))]),
        record(client("G-2"), goals=[goal("G-2", at(date(2026, 9, 2)))]),  # before
        record(
            client("F-1"),
            reviews=[
                follow_up("F-1", date(2026, 12, 31)),
                follow_up("F-1", date(2026, 12, 30), goal_id=None, kind=ReviewType.CARE_PLAN),
            ],
        ),
        # a care-plan review on its own is not a follow-up
        record(
            client("R-1"),
            reviews=[follow_up("R-1", date(2026, 11, 1), goal_id=None, kind=ReviewType.CARE_PLAN)],
        ),
    ]
    ev = evidence(records)
    assert fig(ev, "stage_connected") == (1, 4)
    assert fig(ev, "clients_with_goal") == (1, 4)
    assert fig(ev, "stage_followed_up") == (1, 4)
    assert fig(ev, "clients_discussed") == (2, 4)


def test_handouts_given_once_per_client_handout_and_day() -> None:
    day = date(2026, 10, 8)
    rec = record(
        client("H-1"),
        handouts=[
            HandoutGiven(client_code="H-1", handout_id="god", title="God", given_on=day),
            HandoutGiven(client_code="H-1", handout_id="god", title="God", given_on=Q3.end),
        ],
        conversations=[
            talk(
                "H-1",
                at(day, 10),
                handouts=[
                    HandoutEvent(handout_id="god", action=HandoutAction.GIVEN, at=at(day, 10, 5)),
                    HandoutEvent(handout_id="speak", action=HandoutAction.SHOWN, at=at(day)),
                    HandoutEvent(
                        handout_id="speak", action=HandoutAction.GIVEN, at=at(day + timedelta(1))
                    ),
                ],
            )
        ],
    )
    other = record(
        client("H-2"),
        handouts=[HandoutGiven(client_code="H-2", handout_id="god", title="God", given_on=day)],
    )
    ev = evidence([rec, other, record(client("H-3"))])
    assert fig(ev, "handouts_given") == (3, None)
    assert ev.figures["handouts_given"].breakdown == {"clients": 2}
    # a handout on its own is not "mutual aid discussed"
    assert fig(ev, "clients_discussed") == (1, 3)


def test_goals_with_a_link_by_type_and_by_whom() -> None:
    created = at(date(2026, 10, 12))
    goals = [
        goal("L-1", created, gid="a", link=LinkType.VOLUNTEER_PHONED),
        goal("L-1", created, gid="b", link=LinkType.VOLUNTEER_MEETS),
        goal("L-1", created, gid="c", link=LinkType.STAFF_ACCOMPANIES),
        goal("L-1", created, gid="d", link=LinkType.MEETING_AT_SERVICE),
        goal("L-1", created, gid="e"),
        goal("L-1", at(date(2026, 9, 12)), gid="f", link=LinkType.PEER_MENTOR),  # before
    ]
    ev = evidence([record(client("L-1"), goals=goals)])
    linked = ev.figures["goals_with_link"]
    assert (linked.numerator, linked.denominator) == (4, 5)
    assert dict(linked.breakdown) == {
        LinkType.VOLUNTEER_PHONED.value: 1,
        LinkType.VOLUNTEER_MEETS.value: 1,
        LinkType.STAFF_ACCOMPANIES.value: 1,
        LinkType.MEETING_AT_SERVICE.value: 1,
    }
    by_whom = ev.figures["goals_link_by_whom"]
    assert (by_whom.numerator, by_whom.denominator) == (4, 5)
    assert dict(by_whom.breakdown) == {
        "fellowship volunteer": 2,
        "staff member": 1,
        "the service": 1,
    }


def test_referred_by_organisation_and_substance() -> None:
    created = at(date(2026, 10, 20))
    directory = [meeting("m-na", org=OrgCode.NA), meeting("m-smart", org=OrgCode.SMART)]
    records = [
        # the meeting's organisation wins over the goal's own
        record(
            client("A-1", substances=[Substance.ALCOHOL, Substance.COCAINE]),
            goals=[
                goal("A-1", created, gid="1", meeting="m-na", org=OrgCode.AA),
                goal("A-1", created, gid="2", meeting="m-na"),
                goal("A-1", created, gid="3", org=OrgCode.SMART),
            ],
        ),
        record(client("B-1", substances=[]), goals=[goal("B-1", created, gid="4")]),
        record(
            client("C-1", substances=[Substance.ALCOHOL]),
            goals=[goal("C-1", created, gid="5", meeting="gone", org=OrgCode.CA)],
        ),
        record(client("D-1")),
    ]
    ev = evidence(records, meetings=directory)
    assert fig(ev, "referred") == (3, 4)
    assert dict(ev.figures["referred_by_organisation"].breakdown) == {
        "NA": 1,
        "CA": 1,
        "SMART": 1,
        "not named": 1,
    }
    assert dict(ev.figures["referred_by_substance"].breakdown) == {
        "alcohol": 2,
        "cocaine": 1,
        "not recorded": 1,
    }


def test_followed_up_after_the_referral_and_what_they_said() -> None:
    referral = date(2026, 10, 1)
    g = goal("F-1", at(referral), gid="g")
    went = record(
        client("F-1"),
        goals=[g],
        reviews=[
            follow_up("F-1", date(2026, 9, 20), attended=Attended.YES, meetings=9),  # before
            follow_up("F-1", date(2026, 10, 15), attended=Attended.NO, meetings=2, helpfulness=3),
            follow_up("F-1", date(2026, 10, 29), attended=Attended.YES, meetings=4, helpfulness=9),
        ],
    )
    same_day = record(
        client("F-2"),
        goals=[goal("F-2", at(date(2026, 11, 2)), gid="h")],
        reviews=[follow_up("F-2", date(2026, 11, 2), attended=Attended.NO, helpfulness=6)],
    )
    too_late = record(
        client("F-3"),
        goals=[goal("F-3", at(date(2026, 12, 20)))],
        reviews=[follow_up("F-3", date(2027, 1, 3), attended=Attended.YES)],
    )
    unrated = record(
        client("F-4"),
        goals=[goal("F-4", at(date(2026, 12, 1)))],
        reviews=[follow_up("F-4", date(2026, 12, 8), helpfulness=8, meetings=None)],
    )
    ev = evidence([went, same_day, too_late, unrated, record(client("F-5"))])
    assert fig(ev, "referred") == (4, 5)
    assert fig(ev, "followed_up") == (3, 4)
    assert fig(ev, "attended") == (1, 3)
    # F-1: 6 meetings over 4 weeks (28 days); F-2: 0 over 1 week; F-4: 0 over 1 week
    per_week = ev.figures["meetings_per_week"]
    assert (per_week.numerator, per_week.denominator) == (6, 6)
    assert per_week.breakdown == {"clients": 3}
    assert not per_week.is_share
    help_ = ev.figures["helpfulness"]
    assert (help_.numerator, help_.denominator) == (3 + 9 + 6 + 8, 4)
    assert help_.value == 6.5
    assert dict(help_.breakdown) == {"min": 3, "max": 9, "median": 7}  # (6 + 8) / 2
    assert not help_.is_share and not help_.breakdown_is_count


def scored(scores: Sequence[int]) -> Evidence:
    """One referred client whose follow-ups gave these helpfulness scores."""
    referral = date(2026, 10, 1)
    reviews = [
        follow_up("S-1", referral + timedelta(days=i + 1), helpfulness=score)
        for i, score in enumerate(scores)
    ]
    return evidence([record(client("S-1"), goals=[goal("S-1", at(referral))], reviews=reviews)])


@pytest.mark.parametrize(
    ("scores", "median"),
    [([5], 5), ([6, 7], 6.5), ([1, 2, 10], 2), ([9, 0, 4, 3], 3.5), ([8, 8], 8), ([2, 4], 3)],
)
def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two(
    scores: list[int], median: float
) -> None:
    shown = scored(scores).figures["helpfulness"].breakdown["median"]
    assert shown == median
    assert isinstance(shown, int) == float(median).is_integer()  # "7", never "7.0"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=8))
def test_the_median_is_the_same_counted_from_either_end(scores: list[int]) -> None:
    """Turning the 0-10 scale upside down turns the median upside down: a lower (or upper)
    middle would not, with an even number of different middle scores."""
    up = scored(scores).figures["helpfulness"].breakdown
    down = scored([10 - s for s in scores]).figures["helpfulness"].breakdown
    assert up["median"] + down["median"] == 10
    assert up["min"] <= up["median"] <= up["max"]


@pytest.mark.parametrize(
    ("days", "weeks"), [(0, 1), (3, 1), (4, 1), (10, 1), (11, 2), (28, 4), (31, 4), (32, 5)]
)
def test_weeks_from_referral_round_to_the_nearest(days: int, weeks: int) -> None:
    referral = date(2026, 10, 1)
    rec = record(
        client("W-1"),
        goals=[goal("W-1", at(referral))],
        reviews=[follow_up("W-1", referral + timedelta(days=days), meetings=1)],
    )
    assert fig(evidence([rec]), "meetings_per_week") == (1, weeks)


def test_no_helpfulness_scores_means_no_spread() -> None:
    ev = evidence([record(client("C-1"))])
    assert fig(ev, "helpfulness") == (0, 0)
    assert ev.figures["helpfulness"].value is None
    assert ev.figures["helpfulness"].breakdown == {}


def test_dead_end_referrals() -> None:
    created = at(date(2026, 10, 20))
    directory = [
        meeting("ok"),
        meeting("did-not-run", flags=[FlagKind.DID_NOT_RUN]),
        meeting("moved", flags=[FlagKind.MOVED, FlagKind.MOVED]),
        meeting("inactive", active=False),
        meeting("closed", closed=True, flags=[FlagKind.NOT_NEWCOMER_FRIENDLY]),
    ]
    goals = [
        goal("D-1", created, gid=str(i), meeting=m)
        for i, m in enumerate(["ok", "did-not-run", "moved", "inactive", "closed", "vanished"])
    ]
    goals.append(goal("D-1", created, gid="org-only", org=OrgCode.SMART))
    ev = evidence([record(client("D-1"), goals=goals)], meetings=directory)
    dead = ev.figures["dead_end_referrals"]
    assert (dead.numerator, dead.denominator) == (5, 6)
    assert dict(dead.breakdown) == {
        FlagKind.DID_NOT_RUN.value: 1,
        FlagKind.MOVED.value: 1,
        FlagKind.NOT_NEWCOMER_FRIENDLY.value: 1,
        DEAD_INACTIVE: 1,
        DEAD_CLOSED: 1,
        DEAD_MISSING: 1,
    }


# --------------------------------------------------------------------------- staff


def test_staff_figures_count_active_staff_and_training_by_the_period_end() -> None:
    def member(
        sid: str, *training: tuple[TrainingKind, date], active: bool = True, **kw: Any
    ) -> StaffMember:
        return StaffMember(
            id=sid,
            name=sid,
            training=[Training(kind=k, completed=d) for k, d in training],
            active=active,
            **kw,
        )

    staff = [
        member(
            "A",
            (TrainingKind.FAMA, date(2026, 1, 1)),
            (TrainingKind.SMART_FACILITATION, Q4.end),
            insight_visits=[
                InsightVisit(date=date(2026, 10, 3), organisation=OrgCode.AA),
                InsightVisit(date=date(2026, 11, 3), organisation=OrgCode.NA),
                InsightVisit(date=date(2026, 9, 3), organisation=OrgCode.NA),
            ],
        ),
        member("B", (TrainingKind.TWELVE_STEP_FACILITATION, Q4.end + timedelta(days=1))),
        member(
            "C",
            (TrainingKind.FAMA, date(2026, 1, 1)),
            active=False,
            insight_visits=[InsightVisit(date=date(2026, 10, 3), organisation=OrgCode.AA)],
        ),
    ]
    ev = evidence([], staff=staff)
    assert fig(ev, "staff_trained_fama") == (1, 2)
    assert fig(ev, "staff_trained_smart") == (1, 2)
    assert fig(ev, "staff_trained_twelve_step") == (0, 2)
    assert fig(ev, "staff_insight_visits") == (2, None)
    assert ev.figures["staff_insight_visits"].breakdown == {"staff": 1, "active staff": 2}


# --------------------------------------------------------------------------- directory


def test_directory_figures_on_the_demo_store(demo_casebook: Casebook) -> None:
    store = demo_casebook.store
    meetings = store.meetings()
    records = [store.load_client(s.code) for s in store.client_summaries()]
    ev = compute_evidence(
        [EvidenceSource(records, meetings, store.staff(), demo_casebook.directory.sources())],
        Period(date(2026, 9, 1), date(2026, 11, 30)),
        today=demo_casebook.today,
    )
    running = [m for m in meetings if m.attendable]
    by_org = ev.figures["meetings_by_organisation"]
    assert by_org.numerator == len(running) > 0
    assert sum(by_org.breakdown.values()) == len(running)
    assert fig(ev, "days_in_person") == (7, 7)
    assert fig(ev, "days_any_mode") == (7, 7)
    assert sum(ev.figures["days_any_mode"].breakdown.values()) == len(running)
    assert ev.figures["programmes_available"].breakdown.keys() == {"12-step", "SMART", "local"}
    assert fig(ev, "sources_verified") == (1, 1)
    # the grids: every organisation and day, adding up to the running meetings
    annex1, annex2 = ev.annexes["annex1"], ev.annexes["annex2"]
    assert list(annex1) == [o.value for o in OrgCode]
    assert all(list(row) == [d.label for d in Weekday] for row in annex1.values())
    assert sum(sum(row.values()) for row in annex1.values()) == len(running)
    assert sum(annex1["Local"].values()) == sum(sum(row.values()) for row in annex2.values())
    assert "Kelbridge Recovery Café" in annex2
    # the same sources whether given or worked out from the meetings
    derived = compute_evidence([EvidenceSource([], meetings)], ev.period, today=ev.today)
    assert derived.figures["sources_verified"] == ev.figures["sources_verified"]
    assert derived.annexes == ev.annexes


def test_days_of_the_week_by_mode() -> None:
    directory = [
        meeting("a", day=Weekday.MONDAY),
        meeting("b", day=Weekday.TUESDAY, attendance=Attendance.HYBRID),
        meeting("c", day=Weekday.WEDNESDAY, attendance=Attendance.ONLINE),
        meeting("d", day=Weekday.THURSDAY, attendance=Attendance.PHONE),
        meeting("e", day=Weekday.FRIDAY, active=False),
        meeting("f", day=Weekday.SATURDAY, closed=True),
        meeting("g", day=Weekday.SUNDAY, org=OrgCode.LOCAL, name="Recovery walk"),
    ]
    ev = evidence([], meetings=directory)
    assert fig(ev, "days_in_person") == (3, 7)
    assert fig(ev, "days_any_mode") == (5, 7)
    assert ev.figures["days_in_person"].breakdown["Friday"] == 0
    assert fig(ev, "meetings_by_organisation") == (5, None)
    assert dict(ev.figures["programmes_available"].breakdown) == {"12-step": 4, "local": 1}
    assert ev.annexes["annex2"] == {
        "Recovery walk": {d.label: int(d is Weekday.SUNDAY) for d in Weekday}
    }


def test_sources_fresh_within_90_days_of_today() -> None:
    directory = [
        meeting("a", source="feed-a", verified=TODAY - timedelta(days=90)),
        meeting("b", source="feed-a", verified=TODAY - timedelta(days=200)),
        meeting("c", source="feed-b", verified=TODAY - timedelta(days=91)),
        meeting("d", source="feed-c", imported=at(TODAY - timedelta(days=10))),
        meeting("e", source="feed-d"),
    ]
    ev = evidence([], meetings=directory)
    verified = ev.figures["sources_verified"]
    assert (verified.numerator, verified.denominator) == (2, 4)
    assert dict(verified.breakdown) == {"feed-a": 90, "feed-b": 91, "feed-c": 10, "feed-d": -1}
    assert [s.source for s in directory_sources(directory)] == [
        "feed-a",
        "feed-b",
        "feed-c",
        "feed-d",
    ]
    fresh = SourceFreshness("x", at(date(2026, 9, 30), 23, 30), date(2026, 9, 1))
    assert fresh.last_checked() == date(2026, 10, 1)


# --------------------------------------------------------------------------- several stores


def test_several_stores_add_up_without_merging() -> None:
    created = at(date(2026, 10, 20))
    shared = record(client("SAME"), goals=[goal("SAME", created, meeting="m1")])
    only_b = record(client("B-1"))
    staff_a = [StaffMember(id="JB", name="Jo", training=[])]
    staff_b = [
        StaffMember(
            id="JB",
            name="Jo (B's copy)",
            training=[Training(kind=TrainingKind.FAMA, completed=date(2026, 1, 1))],
        ),
        StaffMember(id="PA", name="Priya"),
    ]
    a = EvidenceSource([shared], [meeting("m1"), meeting("m2")], staff_a)
    b = EvidenceSource([shared, only_b], [meeting("m1"), meeting("m3")], staff_b)
    ev = compute_evidence([a, b], Q4, today=TODAY)
    assert ev.stores == 2 and ev.clients_read == 3
    # the same client code in two stores counts twice
    assert fig(ev, "referred") == (2, 3)
    # the directory is the union by meeting id, the staff by staff id (first store wins)
    assert fig(ev, "meetings_by_organisation") == (3, None)
    assert fig(ev, "staff_trained_fama") == (0, 2)


def test_a_goal_s_meeting_is_looked_up_in_its_own_store_first() -> None:
    created = at(date(2026, 10, 20))
    flagged = meeting("m1", flags=[FlagKind.DID_NOT_RUN])
    a = EvidenceSource(
        [record(client("A-1"), goals=[goal("A-1", created, meeting="m1")])], [flagged]
    )
    b = EvidenceSource(
        [
            record(client("B-1"), goals=[goal("B-1", created, meeting="m1", gid="x")]),
            record(client("B-2"), goals=[goal("B-2", created, meeting="only-in-a", gid="y")]),
        ],
        [meeting("m1")],
    )
    a_only = EvidenceSource([], [meeting("only-in-a", org=OrgCode.SMART)])
    ev = compute_evidence([a, b, a_only], Q4, today=TODAY)
    # A's goal: its own directory says the meeting did not run; B's: its own says it is fine;
    # B-2's meeting is not in B's directory but is in the union, so it is no dead end
    assert fig(ev, "dead_end_referrals") == (1, 3)
    assert ev.figures["referred_by_organisation"].breakdown == {"AA": 2, "SMART": 1}


def test_records_are_read_once_and_may_be_a_generator() -> None:
    records = (record(client(f"G-{i}")) for i in range(3))
    assert fig(compute_evidence([EvidenceSource(records)], Q4, today=TODAY), "referred") == (0, 3)


# --------------------------------------------------------------------------- facts from JSON


def test_facts_from_json_match_facts_from_records() -> None:
    for rec in build_demo(TODAY).records:
        assert facts_from_json(rec.model_dump(mode="json")) == client_facts(rec)


def test_facts_from_json_give_the_same_evidence(demo_casebook: Casebook) -> None:
    export = demo_casebook.export_all()
    records = [demo_casebook.clients.record(s.code) for s in demo_casebook.store.client_summaries()]
    meetings = demo_casebook.directory.meetings()
    period = Period(date(2026, 9, 1), date(2026, 11, 30))
    from_records = compute_evidence([EvidenceSource(records, meetings)], period, today=TODAY)
    facts = [facts_from_json(c) for c in export["clients"]]
    from_json = compute_evidence([EvidenceSource(facts, meetings)], period, today=TODAY)
    assert from_json.figures == from_records.figures


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.pop("client"), "record.client"),
        (lambda d: d["client"].update(episode_start="soon"), "client.episode_start"),
        (lambda d: d["goals"][0].update(created_at="2026-10-01T10:00:00"), "timezone"),
        (lambda d: d["goals"][0]["support"].update(link="carrier pigeon"), "support.link"),
        (lambda d: d["reviews"][0].update(helpfulness="very"), "helpfulness"),
        (lambda d: d.update(conversations={}), "conversations"),
    ],
)
def test_facts_from_json_refuse_a_record_of_the_wrong_shape(change: Any, where: str) -> None:
    rec = record(
        client("J-1"),
        goals=[goal("J-1", at(date(2026, 10, 1)))],
        reviews=[follow_up("J-1", date(2026, 10, 8), helpfulness=5)],
    )
    data = rec.model_dump(mode="json")
    change(data)
    with pytest.raises(ValueError, match=where.replace(".", r"\.")):
        facts_from_json(data)


def test_client_facts_keep_only_follow_ups() -> None:
    rec = record(
        client("K-1"),
        reviews=[
            follow_up("K-1", date(2026, 10, 8)),
            follow_up("K-1", date(2026, 10, 9), goal_id=None, kind=ReviewType.CARE_PLAN),
        ],
    )
    facts = client_facts(rec)
    assert isinstance(facts, ClientFacts)
    assert [f.on for f in facts.follow_ups] == [date(2026, 10, 8)]


# --------------------------------------------------------------------------- ratings


def with_figures(**figures: tuple[int, int | None] | Figure) -> Evidence:
    """An empty period's evidence with some figures replaced."""
    ev = evidence([])
    changed = dict(ev.figures)
    for name, value in figures.items():
        if isinstance(value, Figure):
            changed[name] = value
        else:
            changed[name] = replace(ev.figures[name], numerator=value[0], denominator=value[1])
    return replace(ev, figures=changed)


@pytest.mark.parametrize(
    ("referred", "expected"),
    [
        ((50, 100), IN_PLACE),
        ((49, 100), PARTLY),
        ((20, 100), PARTLY),
        ((19, 100), NOT_IN_PLACE),
        ((0, 100), NOT_IN_PLACE),
        ((0, 0), None),
    ],
)
def test_rating_5_4_by_the_share_referred(referred: tuple[int, int], expected: str | None) -> None:
    assert suggest_rating("5.4", with_figures(referred=referred)) == expected


@pytest.mark.parametrize(
    ("in_person", "any_mode", "expected"),
    [(7, 7, IN_PLACE), (6, 7, PARTLY), (5, 6, PARTLY), (4, 6, NOT_IN_PLACE), (0, 0, NOT_IN_PLACE)],
)
def test_rating_1_4_seven_day_access(in_person: int, any_mode: int, expected: str) -> None:
    ev = with_figures(days_in_person=(in_person, 7), days_any_mode=(any_mode, 7))
    assert suggest_rating("1.4", ev) == expected


def test_rating_4_1_needs_every_stage_and_half_the_introduced_connected() -> None:
    def rating(introduced: int, connected: int, followed: int) -> str | None:
        return suggest_rating(
            "4.1",
            with_figures(
                referred=(connected, 20),
                stage_introduced=(introduced, 20),
                stage_connected=(connected, 20),
                stage_followed_up=(followed, 20),
            ),
        )

    assert rating(10, 5, 1) == IN_PLACE
    assert rating(10, 4, 1) == PARTLY
    assert rating(10, 5, 0) == PARTLY
    assert rating(0, 0, 0) == NOT_IN_PLACE
    assert suggest_rating("4.1", with_figures(referred=(0, 0))) is None


def test_ratings_for_the_other_items() -> None:
    # 1.1/1.2: sources checked recently, with running meetings
    assert suggest_rating("1.1", with_figures(meetings_by_organisation=(0, None))) == NOT_IN_PLACE
    fresh = with_figures(meetings_by_organisation=(10, None), sources_verified=(4, 5))
    assert suggest_rating("1.2", fresh) == IN_PLACE
    stale = with_figures(meetings_by_organisation=(10, None), sources_verified=(3, 5))
    assert suggest_rating("1.1", stale) == PARTLY
    # 1.5: both 12-step and SMART
    both = Figure("programmes_available", "", 2, None, {"12-step": 3, "SMART": 1})
    one = Figure("programmes_available", "", 1, None, {"local": 3})
    assert suggest_rating("1.5", with_figures(programmes_available=both)) == IN_PLACE
    assert suggest_rating("1.5", with_figures(programmes_available=one)) == PARTLY
    assert suggest_rating("1.5", evidence([])) == NOT_IN_PLACE
    # 2.2: of clients discussed, those given a handout
    given = Figure("handouts_given", "", 9, None, {"clients": 5})
    assert suggest_rating(
        "2.2", with_figures(handouts_given=given, clients_discussed=(10, 20))
    ) == (IN_PLACE)
    assert suggest_rating(
        "2.2", with_figures(handouts_given=given, clients_discussed=(11, 20))
    ) == (PARTLY)
    assert suggest_rating("2.2", with_figures(clients_discussed=(11, 20))) == NOT_IN_PLACE
    assert suggest_rating("2.2", evidence([])) is None
    # 2.3
    assert suggest_rating("2.3", with_figures(referred=(0, 10), clients_discussed=(5, 10))) == (
        IN_PLACE
    )
    # 3.5: staff with a visit
    visits = Figure("staff_insight_visits", "", 4, None, {"staff": 1, "active staff": 3})
    assert suggest_rating("3.5", with_figures(staff_insight_visits=visits)) == PARTLY
    assert suggest_rating("3.5", evidence([])) is None
    # 3.6: FAMA training; 4.3: both protocol trainings
    assert suggest_rating("3.6", with_figures(staff_trained_fama=(3, 4))) == IN_PLACE
    assert suggest_rating("3.6", with_figures(staff_trained_fama=(2, 4))) == PARTLY
    assert suggest_rating("3.6", with_figures(staff_trained_fama=(0, 4))) == NOT_IN_PLACE
    trained: dict[str, tuple[int, int | None]] = {
        "staff_trained_twelve_step": (1, 4),
        "staff_trained_smart": (1, 4),
    }
    assert suggest_rating("4.3", with_figures(**trained)) == IN_PLACE
    assert (
        suggest_rating(
            "4.3", with_figures(staff_trained_twelve_step=(1, 4), staff_trained_smart=(0, 4))
        )
        == PARTLY
    )
    assert suggest_rating("4.3", evidence([])) is None
    # 4.2: at most partly without a structured conversation
    goals = with_figures(referred=(6, 10), clients_with_goal=(6, 10))
    assert suggest_rating("4.2", goals) == PARTLY
    talked = replace(
        goals,
        figures={
            **goals.figures,
            "structured_conversations": Figure("structured_conversations", "", 3, None),
        },
    )
    assert suggest_rating("4.2", talked) == IN_PLACE
    # 4.4
    assert suggest_rating("4.4", with_figures(goals_with_link=(1, 2))) == IN_PLACE
    assert suggest_rating("4.4", with_figures(goals_with_link=(0, 2))) == NOT_IN_PLACE
    assert suggest_rating("4.4", evidence([])) is None
    # 5.5: followed up, with helpfulness asked
    assert suggest_rating("5.5", with_figures(followed_up=(3, 4), helpfulness=(20, 3))) == IN_PLACE
    assert suggest_rating("5.5", with_figures(followed_up=(3, 4))) == PARTLY
    assert suggest_rating("5.5", with_figures(followed_up=(0, 4))) == NOT_IN_PLACE
    assert suggest_rating("5.5", evidence([])) is None
    # items without figures
    assert suggest_rating("1.3", evidence([])) is None
    assert suggest_rating("5.3a", evidence([])) is None


# --------------------------------------------------------------------------- properties

_DAYS = st.dates(min_value=date(2026, 6, 1), max_value=date(2027, 2, 28))
_MOMENTS = st.datetimes(
    min_value=datetime(2026, 6, 1), max_value=datetime(2027, 2, 28), timezones=st.just(UTC)
)


@st.composite
def client_records(draw: st.DrawFn, index: int) -> ClientRecord:
    code = f"P-{index}"
    start = draw(_DAYS)
    discharged = draw(st.one_of(st.none(), st.dates(min_value=start, max_value=date(2027, 3, 1))))
    substances = draw(st.lists(st.sampled_from(list(Substance)), max_size=3, unique=True))
    goals = [
        Goal(
            id=f"{code}-g{n}",
            client_code=code,
            wording="Go",
            meeting_id=draw(st.sampled_from([None, "m-ok", "m-flagged", "m-gone"])),
            organisation=draw(st.one_of(st.none(), st.sampled_from(list(OrgCode)))),
            target_date=date(2027, 3, 1),
            support=Support(
                link=draw(st.sampled_from(list(LinkType))),
                calls=[
                    ContactCall(
                        contact_id="c1",
                        called_on=day,
                        called_by=draw(st.sampled_from(["", "JB", "jo", "XX"])),
                        outcome=CallOutcome.MESSAGE,
                    )
                    for day in draw(st.lists(_DAYS, max_size=2))
                ],
            ),
            created_at=draw(_MOMENTS),
        )
        for n in range(draw(st.integers(0, 3)))
    ]
    reviews = [
        Review(
            client_code=code,
            goal_id=draw(st.sampled_from([None, *(g.id for g in goals)])),
            date=draw(_DAYS),
            attended=draw(st.sampled_from(list(Attended))),
            meetings_since_last=draw(st.one_of(st.none(), st.integers(0, 20))),
            helpfulness=draw(st.one_of(st.none(), st.integers(0, 10))),
            handover=draw(st.one_of(st.none(), st.sampled_from(list(Handover)))),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    conversations = [
        talk(
            code,
            draw(_MOMENTS),
            draw(st.sampled_from(list(Stage))),
            stages=draw(st.one_of(st.none(), st.lists(st.sampled_from(list(Stage)), max_size=3))),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    handouts = [
        HandoutGiven(
            client_code=code, handout_id=draw(st.sampled_from("ab")), title="T", given_on=d
        )
        for d in draw(st.lists(_DAYS, max_size=2))
    ]
    return ClientRecord(
        client=client(code, start=start, discharged=discharged, substances=substances),
        goals=goals,
        reviews=reviews,
        conversations=conversations,
        handouts=handouts,
    )


@st.composite
def stores(draw: st.DrawFn) -> list[list[ClientRecord]]:
    count = draw(st.integers(1, 3))
    return [
        [draw(client_records(100 * s + i)) for i in range(draw(st.integers(0, 5)))]
        for s in range(count)
    ]


_DIRECTORY = [meeting("m-ok"), meeting("m-flagged", flags=[FlagKind.DID_NOT_RUN])]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores(), _DAYS, st.integers(0, 120))
def test_proportions_never_exceed_their_whole(
    groups: list[list[ClientRecord]], start: date, length: int
) -> None:
    period = Period(start, start + timedelta(days=length))
    jo = StaffMember(id="JB", name="Jo Bloggs", login="jo")
    sources = [EvidenceSource(records, _DIRECTORY, [jo]) for records in groups]
    ev = compute_evidence(sources, period, today=TODAY)
    f = ev.figures
    for figure in f.values():
        assert figure.numerator >= 0
        if figure.denominator is not None and figure.is_share:
            assert figure.numerator <= figure.denominator, figure.name
    assert f["followed_up"].numerator <= f["referred"].numerator
    assert f["followed_up"].denominator == f["referred"].numerator
    assert f["attended"].numerator <= f["followed_up"].numerator
    assert f["attended"].denominator == f["followed_up"].numerator
    assert f["stage_introduced"].numerator <= f["structured_conversations"].breakdown["clients"]
    assert f["structured_conversations"].breakdown["clients"] <= (
        f["structured_conversations"].numerator
    )
    assert f["clients_discussed"].numerator >= f["stage_connected"].numerator
    assert (f["clients_met_or_accompanied"].denominator or 0) <= f["stage_followed_up"].numerator
    assert (
        f["keyworkers_used_register"].numerator <= f["keyworkers_used_register"].breakdown["calls"]
    )
    assert f["referred"].denominator == sum(
        rec.client.episode_start <= period.end
        and (rec.client.discharged is None or rec.client.discharged >= period.start)
        for records in groups
        for rec in records
    )
    assert ev.clients_read == sum(len(records) for records in groups)
    helpfulness = f["helpfulness"]
    if helpfulness.denominator:
        assert (
            helpfulness.breakdown["min"] <= (helpfulness.value or 0) <= helpfulness.breakdown["max"]
        )
    for rec in (rec for records in groups for rec in records):
        assert facts_from_json(rec.model_dump(mode="json")) == client_facts(rec)


@settings(max_examples=30, deadline=None)
@given(stores())
def test_stores_add_up(groups: list[list[ClientRecord]]) -> None:
    """Counting stores together gives the sum of counting each (client figures)."""
    together = compute_evidence([EvidenceSource(r) for r in groups], Q4, today=TODAY).figures
    apart = [compute_evidence([EvidenceSource(r)], Q4, today=TODAY).figures for r in groups]
    for name in ("referred", "followed_up", "attended", "clients_discussed", "handouts_given"):
        assert together[name].numerator == sum(a[name].numerator for a in apart)


# --------------------------------------------------------------------------- purity


def test_the_figures_load_neither_textual_nor_tinydb() -> None:
    code = (
        "import sys, fama.assessment.evidence, fama.assessment.ratings, fama.assessment.period\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert not any(m.split(".")[0] in ("textual", "tinydb") for m in loaded)
