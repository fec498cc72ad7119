"""Days, clock times, durations and time zones as meeting lists publish them.

Every format numbers the week differently (Meeting Guide 0 = Sunday, BMLT 1 = Sunday, NAWS
and TSML use names, fama's model uses Python's ``date.weekday()``, Monday = 0), and writes
times in a dozen ways ("19:30", "7.30pm", "0730", "19:30:00"). Converting at the edge with
small tested tables keeps the rest of fama free of that mess.

Zone conversion is done on a real date with :mod:`zoneinfo`, never with fixed offsets: an
online meeting at Sunday 20:00 in New York is Monday 01:00 in London in January but Monday
01:00 in July too only by coincidence of both zones moving; between the two countries'
clock changes it is Monday 00:00. Which date counts is the meeting's next occurrence on or
after the import, so a re-import in another season can move it, as it should.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from fama.models.common import Weekday

LONDON = "Europe/London"

# ----------------------------------------------------------------------------- days

MEETING_GUIDE_DAYS: dict[int, Weekday] = {
    0: Weekday.SUNDAY,
    1: Weekday.MONDAY,
    2: Weekday.TUESDAY,
    3: Weekday.WEDNESDAY,
    4: Weekday.THURSDAY,
    5: Weekday.FRIDAY,
    6: Weekday.SATURDAY,
}
"""Meeting Guide ``day`` (and BMLT's stored/TSML output): 0 = Sunday ... 6 = Saturday."""

BMLT_DAYS: dict[int, Weekday] = {number + 1: day for number, day in MEETING_GUIDE_DAYS.items()}
"""BMLT ``weekday_tinyint``: 1 = Sunday ... 7 = Saturday (the server adds one)."""

_MEETING_GUIDE_NUMBER = {day: number for number, day in MEETING_GUIDE_DAYS.items()}
_BMLT_NUMBER = {day: number for number, day in BMLT_DAYS.items()}

DAY_NAMES: dict[str, Weekday] = {
    **{day.name.lower(): day for day in Weekday},
    **{day.name[:3].lower(): day for day in Weekday},
    "tues": Weekday.TUESDAY,
    "weds": Weekday.WEDNESDAY,
    "thur": Weekday.THURSDAY,
    "thurs": Weekday.THURSDAY,
}
"""Day names and the abbreviations people type, lower case, without a trailing full stop."""


def meeting_guide_number(day: Weekday) -> int:
    """The Meeting Guide number of a weekday (the inverse of :data:`MEETING_GUIDE_DAYS`)."""
    return _MEETING_GUIDE_NUMBER[day]


def bmlt_number(day: Weekday) -> int:
    """The BMLT ``weekday_tinyint`` of a weekday (the inverse of :data:`BMLT_DAYS`)."""
    return _BMLT_NUMBER[day]


def day_from_name(text: str) -> Weekday | None:
    """A weekday from its name or usual abbreviation ("Sunday", "sun", "Thurs."), else None."""
    return DAY_NAMES.get(text.strip().rstrip(".").lower())


def parse_day(value: object, numbers: dict[int, Weekday]) -> Weekday:
    """A weekday from a number in the format's own numbering, a digit string or a name.

    Raises ``ValueError`` with a plain sentence for anything else.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a day of the week")
    if isinstance(value, int):
        if value in numbers:
            return numbers[value]
        raise ValueError(f"{value} is not a day number ({min(numbers)} to {max(numbers)})")
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return parse_day(int(text), numbers)
        named = day_from_name(text)
        if named is not None:
            return named
    raise ValueError(f"{str(value)!r} is not a day of the week")


# ----------------------------------------------------------------------------- times

_TWELVE_HOUR = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?)?\s*(?P<ap>[ap])\.?\s*m?\.?", re.I
)
_TWENTY_FOUR = re.compile(r"(?P<h>\d{1,2})[:.h](?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?:hrs?)?", re.I)
_COMPACT = re.compile(r"(?P<h>\d{1,2})(?P<m>\d{2})\s*(?:hrs?)?", re.I)
_WORDS = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}


def parse_time(value: object) -> time:
    """A clock time from any form meeting lists use.

    "19:30", "7:30", "19:30:00", "19.30", "1930", "0730", "19:30hrs", "7:30 PM", "7:30pm",
    "7.30pm", "7pm", "7 p.m.", "noon"; "12:00 AM" is midnight and "12:00 PM" is noon.
    Seconds are dropped. Raises ``ValueError`` with a plain sentence otherwise.
    """
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"{value!r} is not a time of day")
    text = str(value).strip()
    if text.lower() in _WORDS:
        return _WORDS[text.lower()]
    match = _TWELVE_HOUR.fullmatch(text)
    if match:
        hour, minute = int(match["h"]), int(match["m"] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise ValueError(f"{text!r} is not a time of day")
        hour = hour % 12 + (12 if match["ap"].lower() == "p" else 0)
        return time(hour, minute)
    match = _TWENTY_FOUR.fullmatch(text) or _COMPACT.fullmatch(text)
    if match:
        hour, minute = int(match["h"]), int(match["m"])
        second = int(match.groupdict().get("s") or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise ValueError(f"{text!r} is not a time of day")
        return time(hour, minute)
    raise ValueError(f"{text!r} is not a time of day")


_CLOCK_DURATION = re.compile(r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?")
_WORDY_DURATION = re.compile(
    r"(?:(?P<h>\d+)\s*h(?:ours?|rs?)?)?\s*(?:(?P<m>\d+)\s*m(?:in(?:ute)?s?)?)?", re.I
)


def parse_duration(value: object) -> int:
    """A length in minutes: a number of minutes, "01:30:00", "1:30" or "1 hour 30 mins".

    Raises ``ValueError`` for anything else, and for negative or longer-than-a-day lengths.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a length of time")
    if isinstance(value, int | float):
        minutes = int(value)
    elif isinstance(value, str):
        text = value.strip()
        clock = _CLOCK_DURATION.fullmatch(text)
        wordy = _WORDY_DURATION.fullmatch(text)
        if text.isdigit():
            minutes = int(text)
        elif clock:
            minutes = int(clock["h"]) * 60 + int(clock["m"])
        elif wordy and (wordy["h"] or wordy["m"]):
            minutes = int(wordy["h"] or 0) * 60 + int(wordy["m"] or 0)
        else:
            raise ValueError(f"{text!r} is not a length of time")
    else:
        raise ValueError(f"{value!r} is not a length of time")
    if not 0 <= minutes <= 24 * 60:
        raise ValueError(f"{value!r} is not a length of time")
    return minutes


def add_minutes(start: time, minutes: int) -> time:
    """The wall-clock time ``minutes`` after ``start``, wrapping past midnight."""
    total = (start.hour * 60 + start.minute + minutes) % (24 * 60)
    return time(total // 60, total % 60)


def minutes_between(start: time, end: time) -> int:
    """Minutes from ``start`` to ``end``; an earlier ``end`` is after midnight."""
    return (end.hour * 60 + end.minute - start.hour * 60 - start.minute) % (24 * 60)


# ----------------------------------------------------------------------------- zones


class UnknownZone(ValueError):
    """A time zone name that zoneinfo does not know."""


@lru_cache(maxsize=1)
def _zone_names_by_lower_case() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """The zone called ``name`` (case-insensitive), built once per name.

    Raises :class:`UnknownZone` with a plain sentence for a name zoneinfo does not know.
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    proper = _zone_names_by_lower_case().get(name.strip().lower())
    if proper is None:
        raise UnknownZone(f"{name!r} is not a known time zone name")
    return ZoneInfo(proper)


@dataclass(frozen=True, slots=True)
class WallTime:
    """A weekly meeting's weekday and clock times in one zone."""

    weekday: Weekday
    start: time
    end: time | None = None


def next_occurrence(weekday: Weekday, start: time, where: ZoneInfo, moment: datetime) -> datetime:
    """The first ``weekday`` at ``start`` in ``where`` on or after ``moment``'s date there.

    The date is compared, not the moment: a meeting earlier the same day still counts as
    that day's, so importing on a Sunday afternoon converts a Sunday-morning meeting on
    that Sunday's offsets.
    """
    day = moment.astimezone(where).date()
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return datetime.combine(day, start, tzinfo=where)


def convert(when: WallTime, source: ZoneInfo, target: ZoneInfo, moment: datetime) -> WallTime:
    """``when`` in ``source`` as wall-clock times in ``target``, on a real date.

    The date is the next occurrence on or after ``moment`` (see :func:`next_occurrence`);
    the end keeps the meeting's length, so a meeting that spans a clock change in one zone
    still lasts as long in the other.
    """
    begins = next_occurrence(when.weekday, when.start, source, moment).astimezone(UTC)
    local = begins.astimezone(target)
    end = None
    if when.end is not None:
        length = timedelta(minutes=minutes_between(when.start, when.end))
        end = (begins + length).astimezone(target).time()
    return WallTime(Weekday(local.weekday()), local.time().replace(tzinfo=None), end)


def to_london(when: WallTime, zone_name: str, moment: datetime) -> WallTime:
    """``when`` published in ``zone_name`` as Europe/London wall-clock times."""
    if zone_name == LONDON:
        return when
    return convert(when, zone(zone_name), zone(LONDON), moment)


def describe_when(when: WallTime, zone_name: str) -> str:
    """How a meeting was published, e.g. "Sunday 20:00 America/New_York"."""
    return f"{when.weekday.label} {when.start:%H:%M} {zone_name}"
