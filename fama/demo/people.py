"""The demo's people: three keyworkers at different points of their FAMA training, and
twelve clients spread across the stages, the keyworkers and the kinds of preference."""

from __future__ import annotations

from datetime import date, time
from typing import NamedTuple

from fama.demo.days import FRI, MON, SAT, SUN, THU, Offset, Q, meeting_day, offset_day
from fama.demo.meetings import MEETING_ROWS
from fama.models import (
    AccessNeed,
    Attendance,
    Audience,
    InsightVisit,
    Preferences,
    PriorExperience,
    Programme,
    StaffMember,
    Stage,
    Substance,
    Training,
    TrainingKind,
)

# --------------------------------------------------------------------------- staff


class _S(NamedTuple):
    id: str
    name: str
    training: tuple[tuple[TrainingKind, int], ...]
    """(kind, days ago)"""
    visits: tuple[tuple[int, str, str], ...]
    """(about how many days ago, demo meeting key, note): an open meeting they sat in on."""


# Three keyworkers at different points: Jo fully trained with visits, Priya part-way,
# Dan new (FAMA only, no insight visits yet) so self-assessment 3.5/3.6/4.3 shows a gap.
# fmt: off
_STAFF: tuple[_S, ...] = (
    _S("JB", "Jo Bramley",
       ((TrainingKind.FAMA, 410), (TrainingKind.TWELVE_STEP_FACILITATION, 260),
        (TrainingKind.SMART_FACILITATION, 150)),
       ((120, "aa-06", "Open speaker meeting at St Barnabas; very welcoming to newcomers."),
        (64, "smart-01", "Sat in on SMART at the Quaker Meeting House; good use of tools."),
        (23, "alanon-01", "Abbeyfields Al-Anon; asked about a family volunteer contact."))),
    _S("PA", "Priya Anand",
       ((TrainingKind.FAMA, 185), (TrainingKind.SMART_FACILITATION, 95)),
       ((75, "na-01", "Hub Monday NA; met the H&I secretary."),)),
    _S("DO", "Dan Okafor", ((TrainingKind.FAMA, 30),), ()),
)
# fmt: on


def _insight_visit(today: date, days_ago: int, key: str, note: str) -> InsightVisit:
    """A visit falls on the day the meeting is held, about ``days_ago`` days back."""
    org, row = MEETING_ROWS[key]
    return InsightVisit(date=meeting_day(today, -days_ago, row.day), organisation=org, note=note)


def build_staff(today: date) -> list[StaffMember]:
    """The three keyworkers, with training and insight visits dated back from ``today``."""
    return [
        StaffMember(
            id=s.id,
            name=s.name,
            role="keyworker",
            training=[Training(kind=k, completed=offset_day(today, -ago)) for k, ago in s.training],
            insight_visits=[_insight_visit(today, ago, key, note) for ago, key, note in s.visits],
            active=True,
        )
        for s in _STAFF
    ]


# --------------------------------------------------------------------------- clients


class ClientRow(NamedTuple):
    """One demo client: who they are, where they are up to and what they would like."""

    code: str
    keyworker: str
    district: str
    substances: tuple[Substance, ...]
    stage: Stage
    episode_start: Offset
    next_review: int | None
    preferences: Preferences
    prior: PriorExperience = PriorExperience.UNKNOWN
    prior_note: str = ""
    share_first_name: bool = False
    for_family: bool = False


# Spread across the stages (2 not started, 3 introduce, 3 connect, 4 follow up) and the
# three keyworkers (JB 5, PA 4, DO 3). Next reviews: two overdue, several this week.
# fmt: off
CLIENTS: tuple[ClientRow, ...] = (
    ClientRow("KB-1042", "JB", "DE23", (Substance.ALCOHOL,), Stage.FOLLOW_UP, -120, 12,
       Preferences(programmes=[Programme.SMART], earliest=time(17, 0),
                   attendance=[Attendance.IN_PERSON], max_travel_miles=5),
       PriorExperience.DID_NOT_SUIT,
       "Went to AA for a few weeks in 2019; felt it was too religious for them.", True),
    ClientRow("KB-1057", "JB", "DE1", (Substance.OPIATES, Substance.CRACK), Stage.FOLLOW_UP, Q(-20),
       -3,
       Preferences(programmes=[Programme.TWELVE_STEP], earliest=time(18, 0),
                   attendance=[Attendance.IN_PERSON], max_travel_miles=3),
       PriorExperience.HELPED, "Went to NA H&I meetings in prison; it helped while inside.",
       True),
    ClientRow("KB-1063", "JB", "DE22", (Substance.ALCOHOL,), Stage.CONNECT, -21, 10,
       Preferences(programmes=[Programme.TWELVE_STEP, Programme.SMART], days=[MON, THU],
                   earliest=time(18, 30), attendance=[Attendance.IN_PERSON, Attendance.ONLINE]),
       PriorExperience.NONE, "Partner drinks heavily; wants support for themself.", True,
       for_family=True),
    ClientRow("KB-1071", "JB", "DE24", (Substance.COCAINE, Substance.ALCOHOL), Stage.INTRODUCE,
       -14, 2,
       Preferences(earliest=time(18, 0), attendance=[Attendance.IN_PERSON]),
       PriorExperience.NONE),
    ClientRow("KB-1088", "JB", "DE3", (Substance.CANNABIS,), Stage.NOT_STARTED, -6, 20,
       Preferences()),
    ClientRow("KB-1094", "PA", "DE21", (Substance.ALCOHOL,), Stage.FOLLOW_UP, Q(-10), 1,
       Preferences(programmes=[Programme.TWELVE_STEP], days=[SAT, SUN],
                   attendance=[Attendance.IN_PERSON], audience=[Audience.WOMEN],
                   access_needs=[AccessNeed.CHILDCARE]),
       PriorExperience.NONE, "", True),
    ClientRow("KB-1102", "PA", "DE56", (Substance.BENZODIAZEPINES, Substance.ALCOHOL),
       Stage.FOLLOW_UP, -85, 15,
       Preferences(programmes=[Programme.SMART],
                   attendance=[Attendance.ONLINE, Attendance.PHONE]),
       PriorExperience.DID_NOT_SUIT,
       "Tried a big AA meeting years ago and felt overwhelmed by the numbers."),
    ClientRow("KB-1119", "PA", "DE72", (Substance.OPIATES,), Stage.CONNECT, -40, 5,
       Preferences(programmes=[Programme.TWELVE_STEP], attendance=[Attendance.IN_PERSON],
                   access_needs=[AccessNeed.WHEELCHAIR], max_travel_miles=6),
       PriorExperience.HELPED, "Had an NA sponsor a few years back.", True),
    ClientRow("KB-1125", "PA", "DE73", (Substance.ALCOHOL,), Stage.INTRODUCE, -60, -4,
       Preferences(earliest=time(9, 0), latest=time(16, 0)),
       PriorExperience.NONE, "Looks after grandchildren in the evenings."),
    ClientRow("KB-1136", "DO", "DE65", (Substance.CRACK,), Stage.CONNECT, -30, 9,
       Preferences(programmes=[Programme.TWELVE_STEP], days=[FRI, SAT],
                   attendance=[Attendance.IN_PERSON], max_travel_miles=8),
       PriorExperience.NONE, "", True),
    ClientRow("KB-1140", "DO", "DE23", (Substance.METHAMPHETAMINE, Substance.KETAMINE),
       Stage.INTRODUCE, -18, 6,
       Preferences(attendance=[Attendance.ONLINE], audience=[Audience.LGBTQ]),
       PriorExperience.DID_NOT_SUIT,
       "Went to a general NA meeting; did not feel able to talk about chemsex there."),
    ClientRow("KB-1151", "DO", "DE1", (Substance.ALCOHOL, Substance.CANNABIS), Stage.NOT_STARTED,
       -3, 3, Preferences()),
)
# fmt: on
