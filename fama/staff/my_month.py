"""My month: what each keyworker did with FAMA in one calendar month (pure: no store, no UI).

For every keyworker, four counts of distinct *clients*, each with the client codes behind it
so a screen can list them:

``introduced``
    A conversation **started** in the month that went through stage 1 (introduce and
    explore): its ``stage_reached`` is not "not started" and, where the conversation kept
    its bookkeeping (``state["records"]``), a stage-1 answer opened it. A client who said
    "not for now" was still introduced: raising mutual aid is the intervention. A
    conversation that opened as a follow-up (stage 3 only) is not an introduction.
``with_goal``
    A goal **created** in the month (``Goal.created_at``), whatever its status now.
``followed_up``
    A follow-up **dated** in the month: a :class:`~fama.models.review.Review` with a
    ``goal_id`` (a keywork-session follow-up or a care-plan review of a goal; a review that
    names no goal is not a follow-up of one).
``attended``
    Of those follow-ups, one where the client went (``attended`` is "yes").

Rules that hold for every figure:

* **Attribution**: an event counts for the person who did it - ``Conversation.keyworker``,
  ``Goal.created_by``, ``Review.recorded_by`` - and for the client's keyworker when that is
  blank. Ids are compared upper-cased, as everywhere in fama.
* **Months** are calendar months in Europe/London: a moment (``started_at``,
  ``created_at``) is converted with :func:`fama.clock.london` before its month is read, so
  2026-03-31 23:30 UTC (00:30 BST) falls in April. A review's ``date`` is already a local
  date.
* A client counts **once** per figure and keyworker, however many events they had; two
  keyworkers who each followed a client up both count them.
* ``attended`` is always a subset of ``followed_up`` for the same keyworker.

Only pydantic-free modules are imported here, so the casebook can import it freely.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from fama.clock import london

if TYPE_CHECKING:
    from fama.models.conversation import Conversation
    from fama.models.record import ClientRecord

Month = tuple[int, int]
"""(year, month), month 1-12."""

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def check_month(year: int, month: int) -> None:
    """Raise ``ValueError`` (one sentence) unless (year, month) is a real calendar month."""
    if not 1 <= month <= 12:
        raise ValueError(f"There is no month {month}; months run from 1 to 12.")
    if not 1 <= year <= 9999:
        raise ValueError(f"The year {year} is out of range.")


def previous_month(year: int, month: int) -> Month:
    """The month before: ``previous_month(2026, 1) == (2025, 12)``."""
    check_month(year, month)
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year: int, month: int) -> Month:
    """The month after: ``next_month(2026, 12) == (2027, 1)``."""
    check_month(year, month)
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_label(year: int, month: int) -> str:
    """``November 2026``."""
    check_month(year, month)
    return f"{MONTH_NAMES[month - 1]} {year}"


def month_of_day(day: date) -> Month:
    """The month a day falls in, as (year, month)."""
    return (day.year, day.month)


def london_month(moment: datetime) -> Month:
    """The calendar month of a moment in Europe/London (naive moments are taken as UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return month_of_day(aware.astimezone(london()).date())


@dataclass(frozen=True)
class MonthFigures:
    """One keyworker's month: the clients behind each figure (sorted, no repeats)."""

    keyworker: str
    month: Month
    introduced_clients: tuple[str, ...] = ()
    goal_clients: tuple[str, ...] = ()
    followed_up_clients: tuple[str, ...] = ()
    attended_clients: tuple[str, ...] = ()

    @property
    def introduced(self) -> int:
        return len(self.introduced_clients)

    @property
    def with_goal(self) -> int:
        return len(self.goal_clients)

    @property
    def followed_up(self) -> int:
        return len(self.followed_up_clients)

    @property
    def attended(self) -> int:
        return len(self.attended_clients)

    @property
    def is_empty(self) -> bool:
        return not (self.introduced or self.with_goal or self.followed_up or self.attended)

    @property
    def label(self) -> str:
        return month_label(*self.month)


@dataclass
class _Tally:
    introduced: set[str] = field(default_factory=set)
    goal: set[str] = field(default_factory=set)
    followed_up: set[str] = field(default_factory=set)
    attended: set[str] = field(default_factory=set)

    def figures(self, keyworker: str, month: Month) -> MonthFigures:
        return MonthFigures(
            keyworker=keyworker,
            month=month,
            introduced_clients=tuple(sorted(self.introduced)),
            goal_clients=tuple(sorted(self.goal)),
            followed_up_clients=tuple(sorted(self.followed_up)),
            attended_clients=tuple(sorted(self.attended)),
        )


def _who(by: str, fallback: str) -> str:
    """The person who did it, upper-cased; the client's keyworker when blank."""
    return (by.strip() or fallback.strip()).upper()


def introduces(conversation: Conversation) -> bool:
    """Whether the conversation went through stage 1 (see the module's rules); the same rule
    the self-assessment's 4.1 uses, so My month and the assessment agree."""
    from fama.assessment.facts import introduces as went_through_stage_one

    return went_through_stage_one(conversation.stage_reached.value, conversation.state)


def month_figures(
    records: Iterable[ClientRecord], year: int, month: int
) -> dict[str, MonthFigures]:
    """Each keyworker's figures for the month, keyed by keyworker id (upper-cased).

    Keyworkers with nothing in the month are left out: callers that list staff fill the
    gaps with ``MonthFigures(keyworker, (year, month))``.
    """
    check_month(year, month)
    wanted: Month = (year, month)
    tallies: dict[str, _Tally] = {}

    def tally(who: str) -> _Tally:
        return tallies.setdefault(who, _Tally())

    for record in records:
        code = record.client.code
        keyworker = record.client.keyworker
        for conversation in record.conversations:
            if london_month(conversation.started_at) == wanted and introduces(conversation):
                tally(_who(conversation.keyworker, keyworker)).introduced.add(code)
        for goal in record.goals:
            if london_month(goal.created_at) == wanted:
                tally(_who(goal.created_by, keyworker)).goal.add(code)
        for review in record.reviews:
            if review.goal_id and month_of_day(review.date) == wanted:
                counted = tally(_who(review.recorded_by, keyworker))
                counted.followed_up.add(code)
                if review.attended == "yes":
                    counted.attended.add(code)
    return {who: t.figures(who, wanted) for who, t in sorted(tallies.items())}
