"""The period a self-assessment covers: two dates, both included (pure: no clock, no store).

The default is the **last full quarter**: calendar quarters run January-March, April-June,
July-September and October-December, and the last full one is the latest that ended before
today (on 1 October 2026 that is July-September 2026; on 30 September it is still
April-June, because today has not ended yet).

Moments (a conversation's start, a goal's creation) are placed in a period by their
**Europe/London date**: 2026-09-30 23:30 UTC is 00:30 on 1 October in London (summer
time), so it falls in October-December. Dates that are already local (a follow-up's date,
a discharge date) are compared as they are.

"The change from the previous period" compares with :func:`previous`: for a run of whole
calendar months (a quarter, a month, a year) the same number of months before; for any
other period the same number of days ending the day before it starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from fama.clock import london
from fama.text.dates import parse_day

MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, order=True)
class Period:
    """From ``start`` to ``end``, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(
                f"The period cannot start ({self.start.isoformat()}) after it ends "
                f"({self.end.isoformat()})."
            )

    def __contains__(self, day: object) -> bool:
        if isinstance(day, datetime):
            return self.start <= london_date(day) <= self.end
        if isinstance(day, date):
            return self.start <= day <= self.end
        return False

    @property
    def days(self) -> int:
        """How many days the period covers (both ends included)."""
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> int | None:
        """How many calendar months it covers if it is a run of whole months, else None."""
        if self.start.day != 1 or (self.end + timedelta(days=1)).day != 1:
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def is_quarter(self) -> bool:
        """True for exactly one calendar quarter (Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec)."""
        return self.whole_months == 3 and self.start.month in (1, 4, 7, 10)

    @property
    def label(self) -> str:
        """``Jul-Sep 2026`` for a quarter, ``1 Sep 2026 to 30 Nov 2026`` otherwise."""
        if self.is_quarter:
            first, last = MONTH_SHORT[self.start.month - 1], MONTH_SHORT[self.end.month - 1]
            return f"{first}-{last} {self.start.year}"
        return f"{_day(self.start)} to {_day(self.end)}"


def _day(day: date) -> str:
    return f"{day.day} {MONTH_SHORT[day.month - 1]} {day.year}"


def london_date(moment: datetime) -> date:
    """The Europe/London date of a moment (a naive moment is taken as UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(london()).date()


def _add_months(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def quarter_of(day: date) -> Period:
    """The calendar quarter that ``day`` falls in."""
    start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return Period(start, _add_months(start, 3) - timedelta(days=1))


def last_full_quarter(today: date) -> Period:
    """The latest calendar quarter that ended before ``today``."""
    return quarter_of(quarter_of(today).start - timedelta(days=1))


def previous(period: Period) -> Period:
    """The period before, for "change from the previous period" (see the module's notes)."""
    months = period.whole_months
    if months is not None:
        start = _add_months(period.start, -months)
        return Period(start, period.start - timedelta(days=1))
    end = period.start - timedelta(days=1)
    return Period(end - timedelta(days=period.days - 1), end)


def parse_period(from_text: str | None, to_text: str | None, today: date) -> Period:
    """The period a user asked for with ``--from`` and ``--to`` (or the screen's picker).

    Each date may be written as :func:`fama.text.dates.parse_day` reads it: the start looking
    back (``2026-09-01``, ``1/9/2026``, ``1/9`` for the latest 1 September, ``-90d``), the
    end the nearest such day (``31/12`` typed in December is this year's):

    * neither: the last full quarter;
    * only ``from``: from that date to today;
    * only ``to``: from the start of that date's calendar quarter to that date;
    * an end without a year that would fall before the start is read forwards instead
      (``--from 1/9 --to 30/11`` late in November means the coming 30 November).

    Raises ``ValueError`` (one sentence) for text that is not a date or a period that
    starts after it ends.
    """
    start_text = (from_text or "").strip()
    end_text = (to_text or "").strip()
    if not start_text and not end_text:
        return last_full_quarter(today)
    start = parse_day(start_text, today, toward="past") if start_text else None
    end = parse_day(end_text, today, toward="nearest") if end_text else None
    if start is not None and end is not None and end < start:
        # "--from 1/9 --to 30/11" near the end of November: the end still to come.
        ahead = parse_day(end_text, today)
        if ahead >= start:
            end = ahead
    if start is None:
        assert end is not None
        return Period(quarter_of(end).start, end)
    return Period(start, end if end is not None else max(today, start))
