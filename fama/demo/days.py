"""Demo dates: every day in the demo is counted from ``today`` (or from the start of the
last full quarter), moved to a working day for sessions or to the meeting's weekday for
goals, so the demo never goes stale and ``build_demo(today)`` is deterministic."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from fama.assessment.period import last_full_quarter
from fama.models import Weekday

MON, TUE, WED, THU, FRI, SAT, SUN = Weekday


class Q(NamedTuple):
    """A day counted from the start of the last full quarter, not from today: the history
    that falls in it, so a fresh demo's self-assessment (whose default period is that
    quarter) has figures to show whatever day the demo is built on."""

    days: int


Offset = int | Q
"""Days from today (negative: in the past), or from the start of the last full quarter."""


def offset_days(today: date, offset: Offset) -> int:
    """How many days from ``today`` the offset is (negative: in the past)."""
    if isinstance(offset, Q):
        start = last_full_quarter(today).start
        return (start + timedelta(days=offset.days) - today).days
    return offset


def offset_day(today: date, offset: Offset) -> date:
    """The day the offset names, as it falls (no moving to a weekday)."""
    return today + timedelta(days=offset_days(today, offset))


def session_day(today: date, offset: Offset) -> date:
    """A working day near ``today + offset``: keywork sessions don't happen at weekends.

    Past dates move back to the Friday and future ones forward to the Monday, so a date
    in the past stays in the past (overdue stays overdue) and a future one stays ahead.
    """
    day = offset_day(today, offset)
    step = -1 if offset_days(today, offset) < 0 else 1
    while day.weekday() >= Weekday.SATURDAY:
        day += timedelta(days=step)
    return day


def meeting_day(today: date, offset: Offset, weekday: Weekday) -> date:
    """The meeting's weekday nearest ``today + offset``, on the same side of today.

    A goal names a meeting ("the Wednesday NA meeting"), so its target date must be a
    Wednesday. Past offsets snap back (at most six days) and future ones forward.
    """
    day = offset_day(today, offset)
    step = -1 if offset_days(today, offset) < 0 else 1
    while day.weekday() != weekday:
        day += timedelta(days=step)
    return day


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    """A timezone-aware UTC moment on ``day``: every stored timestamp is built this way."""
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)
