"""Dates as a keyworker types them in a session: ``2026-12-01``, ``1/12``, ``+7``, ``2w``, ``fri``.

Pure and small: the conversation's date answers and the goal form read dates through
:func:`parse_day`, so "next Friday" is two keystrokes and never a date picker.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

Toward = Literal["future", "past", "nearest"]
"""Which way a field looks when a date is typed without its year (or as a bare weekday):
``future`` (a goal, the next talk), ``past`` (the start of a period to review, a training
day) or ``nearest`` (the end of a period, which may be just behind or just ahead)."""

YEAR_SHOWN_BEYOND = timedelta(days=182)
"""A date further than about six months from today is shown with its year."""

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_RELATIVE = re.compile(r"^([+-]?)\s*(\d{1,3})\s*(d|days?|w|weeks?)?$")
_AGO = re.compile(r"^(\d{1,3})\s*(d|days?|w|weeks?)\s+ago$")
_DAY_MONTH = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?$")

HINT = "a date such as 2026-12-01 or 1/12, +7 for a week today, 2w, or a day such as fri"


class DateTextError(ValueError):
    """The text is not a date fama understands; the message says what would be."""


def parse_day(text: str, today: date, *, toward: Toward = "future") -> date:
    """The date ``text`` means, counted from ``today``.

    * ISO ``2026-12-01``; UK ``1/12/2026``, ``1/12/26`` or ``1/12`` (see ``toward``);
    * ``today``, ``tomorrow``, ``yesterday``;
    * ``+7`` or ``7d`` days from today, ``2w`` weeks from today; ``-7``, ``-2w`` or
      ``2w ago`` back from today;
    * a weekday (``fri``, ``friday``): see ``toward``.

    A date without its year, and a bare weekday, mean the nearest such day in the
    direction the field needs (``toward``): ``future``, the next one (``fri`` strictly
    after today, ``1/12`` on or after it; a day and month that passed within the last 31
    days is refused as a slip, asking for the year, rather than read as next year's);
    ``past``, the latest on or before today (and
    ``7d`` or ``2w`` without a sign count back); ``nearest``, whichever of last, this or
    next year's is closest to today (``31/12`` typed in December is this year's, either
    side of it), the coming one on a tie.
    """
    raw = text.strip().lower()
    if not raw:
        raise DateTextError(f"Enter {HINT}.")
    try:
        return _parse(raw, text, today, toward)
    except OverflowError:  # +999 from a day near either end of the calendar
        raise DateTextError(f"“{text.strip()}” is too far away: enter {HINT}.") from None


def _parse(raw: str, text: str, today: date, toward: Toward) -> date:
    past = toward == "past"
    if raw == "today":
        return today
    if raw == "tomorrow":
        return today + timedelta(days=1)
    if raw == "yesterday":
        return today - timedelta(days=1)
    if _weekday_word(raw):
        wanted = WEEKDAYS.index(raw[:3])
        behind = today - timedelta(days=(today.weekday() - wanted) % 7)
        ahead = today + timedelta(days=(wanted - today.weekday() - 1) % 7 + 1)
        if toward == "nearest":
            return behind if behind == today or today - behind < ahead - today else ahead
        return behind if past else ahead
    ago = _AGO.match(raw)
    if ago:
        count, unit = int(ago.group(1)), ago.group(2)
        return today - (timedelta(weeks=count) if unit.startswith("w") else timedelta(days=count))
    relative = _RELATIVE.match(raw)
    if relative and (relative.group(1) or relative.group(3)):
        sign, count, unit = relative.group(1), int(relative.group(2)), relative.group(3) or "d"
        step = timedelta(weeks=count) if unit.startswith("w") else timedelta(days=count)
        backwards = sign == "-" or (past and not sign)
        return today - step if backwards else today + step
    day_month = _DAY_MONTH.match(raw)
    if day_month:
        if day_month.group(3) is None and toward == "nearest":
            return _day_month_nearest(day_month, today)
        if past and day_month.group(3) is None:
            return _day_month_past(day_month, today)
        found = _day_month(day_month, today)
        if day_month.group(3) is None:
            _refuse_just_passed(found, today, text)
        return found
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    raise DateTextError(f"“{text.strip()}” is not a date fama understands: enter {HINT}.")


_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday_word(raw: str) -> bool:
    """``fri``, ``frid``..., ``friday`` and the like, but not ``frisbee``."""
    return any(full.startswith(raw) and len(raw) >= 3 for full in _FULL_NAMES)


def _day_month(found: re.Match[str], today: date) -> date:
    day, month, year = int(found.group(1)), int(found.group(2)), found.group(3)
    if year is not None:
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        try:
            return date(full_year, month, day)
        except ValueError:
            raise DateTextError(f"There is no day {day}/{month}/{year}: enter {HINT}.") from None
    # The next such date within a year: this year's if it has not passed, else next year's
    # (so 29/2 typed after a leap day, or in a year without one, means next year's if it has one).
    for candidate_year in (today.year, today.year + 1):
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    if (day, month) == (29, 2):
        raise DateTextError(f"There is no 29/2 in the coming year: enter {HINT}.")
    raise DateTextError(f"There is no day {day}/{month}: enter {HINT}.")


JUST_PASSED = timedelta(days=31)
"""A day and month typed for a date ahead that passed this recently is taken for a slip, not
next year's: the keyworker is asked for the year rather than given a date a year away."""


class JustPassed(DateTextError):
    """A day and month typed for a date ahead that passed in the last month (a slip)."""


def understood(text: str, today: date, toward: Toward = "future") -> str:
    """The line beside a date field as it is typed: the day meant, "" when blank, "not a
    date yet" while it is not one, or why a date that reads is refused (one just passed)."""
    if not text.strip():
        return ""
    try:
        return describe_day(parse_day(text, today, toward=toward), today)
    except JustPassed as refused:
        return str(refused)
    except DateTextError:
        return "not a date yet"


def _refuse_just_passed(found: date, today: date, text: str) -> None:
    try:
        this_year = found.replace(year=found.year - 1)
    except ValueError:  # 29/2: last year had none
        return
    if this_year < today and today - this_year <= JUST_PASSED:
        raise JustPassed(
            f"{text.strip()} has just passed ({this_year:%a %-d %b %Y}): for next year's, "
            f"type {found:%d/%m/%Y}."
        )


def _day_month_past(found: re.Match[str], today: date) -> date:
    """The latest such day on or before today (a 29/2 looks back up to eight years)."""
    day, month = int(found.group(1)), int(found.group(2))
    for candidate_year in range(today.year, today.year - 9, -1):
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            if (day, month) == (29, 2):
                continue
            break
        if candidate <= today:
            return candidate
    raise DateTextError(f"There is no day {day}/{month}: enter {HINT}.")


def _day_month_nearest(found: re.Match[str], today: date) -> date:
    """Of last, this and next year's such day, the closest to today (the coming one on a
    tie); a 29/2 takes the closest leap day within a year either side."""
    day, month = int(found.group(1)), int(found.group(2))
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    near = [c for c in candidates if abs((c - today).days) <= 366]
    if not near:
        raise DateTextError(f"There is no day {day}/{month} within a year: enter {HINT}.")
    return min(near, key=lambda c: (abs((c - today).days), c < today))


def short_day(day: date, today: date) -> str:
    """``Wed 23 Dec``, or ``Wed 23 Dec 2027`` when it is more than about six months away:
    the one way a date beside a record is shown, so a year is never hidden when it matters."""
    text = f"{day:%a} {day.day} {day:%b}"
    return f"{text} {day.year}" if abs(day - today) > YEAR_SHOWN_BEYOND else text


def describe_day(day: date, today: date) -> str:
    """``Tue 1 Dec 2026 (in 7 days)``: the date and how far away it is, for a field's hint."""
    gap = (day - today).days
    if gap == 0:
        when = "today"
    elif gap == 1:
        when = "tomorrow"
    elif gap > 1:
        when = f"in {gap} days"
    elif gap == -1:
        when = "yesterday"
    else:
        when = f"{-gap} days ago"
    return f"{day:%a} {day.day} {day:%b %Y} ({when})"
