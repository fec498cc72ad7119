"""The demo clients' care-planned goals and the follow-ups that reviewed them: tables of
rows, and the ``Goal`` and ``Review`` records built from them for ``today``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from fama.demo.days import Offset, Q, meeting_day, moment, offset_day, session_day
from fama.demo.meetings import meeting_id
from fama.models import (
    Attended,
    Goal,
    GoalStatus,
    Handover,
    Involvement,
    LinkType,
    Meeting,
    NextStep,
    OrgCode,
    Review,
    ReviewType,
    Support,
)


class GoalRow(NamedTuple):
    """One goal of the demo, by number; a conversation may create it instead (``_Goal``)."""

    num: int
    client: str
    wording: str
    meeting: str | None
    """Demo meeting key; the goal's organisation and weekday come from the meeting."""
    target: Offset
    """Snapped to the meeting's weekday on the same side of today."""
    created: Offset
    status: GoalStatus
    link: LinkType = LinkType.NONE
    person: str = ""
    contact_before: bool = False
    travel: str = ""
    barriers: str = ""
    organisation: OrgCode | None = None
    """Only for goals that name no single meeting."""
    review_after: int = 7
    """Days from the target to the date agreed to talk about how it went."""
    planned: int | None = None
    """How many meetings the goal is about (None: one)."""
    reason: str = ""
    """Why a changed or withdrawn goal closed."""


# fmt: off
GOALS: tuple[GoalRow, ...] = (
    GoalRow(1, "KB-1042",
       "Go to the Tuesday SMART meeting at the Quaker Meeting House with Sam from the peer team",
       "smart-01", -30, -44, GoalStatus.ACHIEVED, LinkType.PEER_MENTOR, "Sam, peer mentor",
       True, "Number 4 bus from Normanby, gets in at 19:05.",
       "If I'm wobbly on the day I'll text Sam rather than just not turn up."),
    GoalRow(2, "KB-1042", "Try the Thursday afternoon SMART group at the Hub as well as Tuesdays",
       "smart-02", -9, -23, GoalStatus.ACHIEVED, LinkType.MEETING_AT_SERVICE),
    GoalRow(3, "KB-1042",
       "Go to at least one SMART meeting a week for the next four weeks and write each one "
       "in my diary",
       None, 26, -2, GoalStatus.PLANNED, organisation=OrgCode.SMART, review_after=2,
       planned=4),
    GoalRow(4, "KB-1057", "Go to the Wednesday NA meeting at St Oswin's Centre on my own",
       "na-03", Q(40), Q(30), GoalStatus.NOT_ACHIEVED),
    GoalRow(5, "KB-1057",
       "Go to the Wednesday NA meeting at St Oswin's Centre. Marcus from NA H&I will meet me "
       "outside at 19:15",
       "na-03", -12, -38, GoalStatus.PLANNED, LinkType.VOLUNTEER_MEETS, "Marcus, NA H&I",
       True, "Bus pass sorted; the number 6 stops outside.",
       "If I feel like bottling it I'll ring Marcus from the bus stop."),
    GoalRow(6, "KB-1094",
       "Try the women's AA meeting on Saturday morning at the Women's Centre, with Priya "
       "meeting me at the door",
       "aa-15", Q(50), Q(40), GoalStatus.ACHIEVED, LinkType.STAFF_MEETS, "Priya, keyworker",
       True, "Walk down with the kids; they can use the play corner."),
    GoalRow(7, "KB-1094",
       "Keep going to women's AA on Saturdays and ring Jen before I go",
       "aa-15", -6, -13, GoalStatus.ONGOING, LinkType.VOLUNTEER_MEETS, "Jen, AA member",
       True),
    GoalRow(8, "KB-1102",
       "Join the Wednesday evening SMART meeting online from home, camera off to start with",
       "smart-03", -16, -30, GoalStatus.CHANGED,
       barriers="Test the link with Priya in a session first.",
       reason="unreliable internet at home"),
    GoalRow(9, "KB-1102",
       "Try the Friday lunchtime SMART phone meeting, as my internet keeps dropping",
       "smart-04", 4, -8, GoalStatus.PLANNED,
       barriers="Dial-in number saved in my phone; ring from the car if the house is busy."),
    GoalRow(10, "KB-1119",
       "Go to the Monday night NA meeting at the Recovery Hub. Kev, my peer mentor, is coming "
       "with me",
       "na-01", -2, -10, GoalStatus.PLANNED, LinkType.PEER_MENTOR, "Kev, peer mentor", True,
       "Kev picks me up at 18:30; the Hub has a ramp at the back."),
    GoalRow(11, "KB-1063",
       "Go to the Thursday Al-Anon meeting at St Wilfrid's Church Hall. Linda from Al-Anon "
       "will look out for me",
       "alanon-01", 3, -1, GoalStatus.PLANNED, LinkType.VOLUNTEER_PHONED,
       "Linda, Al-Anon volunteer", True, "",
       "If I can't get out that night, join Al-Anon online on the Monday instead."),
    GoalRow(12, "KB-1136",
       "Go to Friday Night CA at Wesley Methodist Church; Dan will walk over with me from the "
       "Hub",
       "ca-01", 2, -3, GoalStatus.PLANNED, LinkType.STAFF_ACCOMPANIES, "Dan, keyworker",
       False, "Meet Dan at the Hub at 19:00 and walk over together."),
)
# fmt: on


def goal_id(num: int) -> str:
    """The stored id of a demo goal from its row number (``3`` -> ``demo-goal-03``)."""
    return f"demo-goal-{num:02d}"


def build_goal(row: GoalRow, keyworker: str, meetings: dict[str, Meeting], today: date) -> Goal:
    """The goal for ``today``: its target falls on its meeting's weekday, if it names one."""
    meeting = meetings[meeting_id(row.meeting)] if row.meeting else None
    if meeting is not None:
        target = meeting_day(today, row.target, meeting.weekday)
        organisation: OrgCode | None = meeting.organisation
    else:
        target = offset_day(today, row.target)
        organisation = row.organisation
    return Goal(
        id=goal_id(row.num),
        client_code=row.client,
        wording=row.wording,
        meeting_id=meeting.id if meeting else None,
        organisation=organisation,
        target_date=target,
        review_date=target + timedelta(days=row.review_after),
        meetings_planned=row.planned,
        support=Support(
            link=row.link,
            linked_person=row.person,
            contact_before=row.contact_before,
            travel_plan=row.travel,
            barriers_plan=row.barriers,
        ),
        status=row.status,
        closed_on=None if row.status.is_open else goal_closed_on(row.num, today),
        closed_reason=row.reason,
        created_at=moment(session_day(today, row.created), 11, 15),
        created_by=keyworker,
    )


def goal_closed_on(num: int, today: date) -> date:
    """A closed goal closed at the follow-up that reviewed it."""
    (row,) = [r for r in REVIEWS if r.goal == num]
    return session_day(today, row.on)


# --------------------------------------------------------------------------- reviews


class _R(NamedTuple):
    num: int
    client: str
    goal: int | None
    on: Offset
    """Always in the past."""
    kind: ReviewType
    attended: Attended
    since_last: int | None
    meetings: tuple[str, ...] = ()
    helpfulness: int | None = None
    like: str = ""
    involvement: tuple[Involvement, ...] = ()
    barriers: tuple[str, ...] = ()
    next_step: NextStep | None = None
    notes: str = ""
    handover: Handover | None = None
    """Whether the person linked to the goal met them or went with them."""


# fmt: off
REVIEWS: tuple[_R, ...] = (
    _R(1, "KB-1042", 1, -23, ReviewType.KEYWORK, Attended.YES, 1, ("smart-01",), 6,
       "Nervous at first. Sam waited outside and sat with me. Nobody made me talk.",
       (Involvement.TOOLS,), (), NextStep.CARRY_ON, handover=Handover.MET),
    _R(2, "KB-1042", 2, -2, ReviewType.CARE_PLAN, Attended.YES, 3, ("smart-01", "smart-02"), 8,
       "Used the cost-benefit sheet on a bad night. Said a few words at check-in.",
       (Involvement.TOOLS, Involvement.SPOKE), (), NextStep.CARRY_ON,
       "Goal met; agreed a four-week attendance goal with the diary."),
    _R(3, "KB-1057", 4, Q(47), ReviewType.KEYWORK, Attended.NO, 0, (), None, "", (),
       ("anxious about walking in alone", "no money for the bus"), NextStep.RELINK,
       "Rang NA H&I in session; Marcus will meet him. Bus pass form done."),
    _R(4, "KB-1094", 6, Q(57), ReviewType.KEYWORK, Attended.YES, 2, ("aa-15",), 7,
       "Felt at home straight away; lots of women my age and the kids were fine.",
       (Involvement.NUMBERS,), (), NextStep.CARRY_ON, handover=Handover.MET),
    _R(5, "KB-1102", 8, -8, ReviewType.KEYWORK, Attended.YES, 1, ("smart-03",), 3,
       "Hard to get a word in online and the internet kept dropping; facilitator was kind.",
       (Involvement.TOOLS,), ("unreliable internet at home",), NextStep.TRY_ANOTHER_MEETING),
)
# fmt: on


def build_review(row: _R, keyworker: str, today: date) -> Review:
    """The follow-up for ``today``, on a working day and recorded that afternoon."""
    on = session_day(today, row.on)
    return Review(
        id=f"demo-review-{row.num:02d}",
        client_code=row.client,
        goal_id=goal_id(row.goal) if row.goal else None,
        date=on,
        review_type=row.kind,
        attended=row.attended,
        meetings_since_last=row.since_last,
        meeting_ids=[meeting_id(key) for key in row.meetings],
        helpfulness=row.helpfulness,
        what_it_was_like=row.like,
        involvement=list(row.involvement),
        barriers=list(row.barriers),
        next_step=row.next_step,
        handover=row.handover,
        notes=row.notes,
        recorded_by=keyworker,
        created_at=moment(on, 15, 30),
    )
