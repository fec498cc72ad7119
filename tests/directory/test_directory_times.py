"""Days, clock times and zones as feeds publish them (fama.directory.times)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from fama.directory.times import (
    BMLT_DAYS,
    LONDON,
    MEETING_GUIDE_DAYS,
    UnknownZone,
    WallTime,
    bmlt_number,
    convert,
    day_from_name,
    describe_when,
    meeting_guide_number,
    next_occurrence,
    parse_day,
    parse_duration,
    parse_time,
    to_london,
    zone,
)
from fama.models.common import Weekday

WINTER = datetime(2026, 1, 14, 12, 0, tzinfo=UTC)  # a Wednesday in January
SUMMER = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)
BETWEEN_CHANGES = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # US on summer time, UK not yet

# ----------------------------------------------------------------------------- times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19:30", time(19, 30)),
        ("7:30", time(7, 30)),
        ("07:30", time(7, 30)),
        ("7:30 PM", time(19, 30)),
        ("7:30pm", time(19, 30)),
        ("7:30 p.m.", time(19, 30)),
        ("7.30pm", time(19, 30)),
        ("7pm", time(19, 0)),
        ("7 AM", time(7, 0)),
        ("0730", time(7, 30)),
        ("730", time(7, 30)),
        ("1930", time(19, 30)),
        ("1930hrs", time(19, 30)),
        ("19.30", time(19, 30)),
        ("19:30:00", time(19, 30)),
        ("18:00:00", time(18, 0)),
        ("12:00 AM", time(0, 0)),
        ("12:30 am", time(0, 30)),
        ("12:00 PM", time(12, 0)),
        ("12:45pm", time(12, 45)),
        ("noon", time(12, 0)),
        ("Midnight", time(0, 0)),
        (" 6:00 PM ", time(18, 0)),
        (730, time(7, 30)),
        (time(9, 15, 30), time(9, 15)),
    ],
)
def test_times_in_every_published_form(text: object, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "bad", ["", "abc", "25:00", "24:00", "7:60", "13pm", "0:30 PM", "19:30:61", "12345", None, 1.5]
)
def test_impossible_times_are_refused_in_plain_words(bad: object) -> None:
    with pytest.raises(ValueError, match="is not a time of day"):
        parse_time(bad)


def _styles(hour: int, minute: int) -> list[str]:
    twelve = hour % 12 or 12
    half = "AM" if hour < 12 else "PM"
    return [
        f"{hour:02d}:{minute:02d}",
        f"{hour}:{minute:02d}",
        f"{hour:02d}:{minute:02d}:00",
        f"{hour:02d}{minute:02d}",
        f"{hour}.{minute:02d}",
        f"{twelve}:{minute:02d} {half}",
        f"{twelve}:{minute:02d}{half.lower()}",
        f"{twelve}.{minute:02d}{half.lower()}",
    ]


@given(st.integers(0, 23), st.integers(0, 59))
def test_any_clock_time_round_trips_through_every_style(hour: int, minute: int) -> None:
    for text in _styles(hour, minute):
        assert parse_time(text) == time(hour, minute), text


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        ("01:30:00", 90),
        ("1:30", 90),
        ("00:45:00", 45),
        ("24:00:00", 1440),
        (60, 60),
        ("90", 90),
        ("1 hour 30 mins", 90),
        ("1h", 60),
        ("45 minutes", 45),
    ],
)
def test_durations(value: object, minutes: int) -> None:
    assert parse_duration(value) == minutes


@pytest.mark.parametrize("bad", ["", "soon", "25:00:00", -5, True, None])
def test_bad_durations(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(bad)


# ----------------------------------------------------------------------------- days


def test_meeting_guide_counts_from_sunday_and_bmlt_from_one() -> None:
    assert MEETING_GUIDE_DAYS[0] is Weekday.SUNDAY
    assert MEETING_GUIDE_DAYS[1] is Weekday.MONDAY
    assert MEETING_GUIDE_DAYS[6] is Weekday.SATURDAY
    assert BMLT_DAYS[1] is Weekday.SUNDAY
    assert BMLT_DAYS[2] is Weekday.MONDAY
    assert BMLT_DAYS[7] is Weekday.SATURDAY


@pytest.mark.parametrize(
    ("table", "inverse", "numbers"),
    [
        (MEETING_GUIDE_DAYS, meeting_guide_number, range(7)),
        (BMLT_DAYS, bmlt_number, range(1, 8)),
    ],
)
def test_each_day_numbering_is_a_bijection(
    table: dict[int, Weekday], inverse: Callable[[Weekday], int], numbers: range
) -> None:
    assert sorted(table) == list(numbers)
    assert set(table.values()) == set(Weekday)
    for number in numbers:
        assert inverse(table[number]) == number
    for day in Weekday:
        assert table[inverse(day)] is day


@given(st.sampled_from(list(Weekday)))
def test_day_numbers_round_trip_for_every_weekday(day: Weekday) -> None:
    assert parse_day(meeting_guide_number(day), MEETING_GUIDE_DAYS) is day
    assert parse_day(str(bmlt_number(day)), BMLT_DAYS) is day
    assert parse_day(day.label, MEETING_GUIDE_DAYS) is day
    assert parse_day(day.label.upper(), BMLT_DAYS) is day
    assert day_from_name(day.short + ".") is day


def test_day_names_and_abbreviations() -> None:
    assert day_from_name("Thurs") is Weekday.THURSDAY
    assert day_from_name("tues") is Weekday.TUESDAY
    assert day_from_name(" sunday ") is Weekday.SUNDAY
    assert day_from_name("Funday") is None


@pytest.mark.parametrize("bad", ["Funday", 7, -1, "8", True, None, 2.5])
def test_bad_days_are_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_day(bad, MEETING_GUIDE_DAYS)


# ----------------------------------------------------------------------------- zones


def test_sunday_evening_in_new_york_is_monday_morning_in_london_in_winter() -> None:
    when = to_london(WallTime(Weekday.SUNDAY, time(20, 0), time(21, 0)), "America/New_York", WINTER)
    assert when == WallTime(Weekday.MONDAY, time(1, 0), time(2, 0))


def test_and_in_summer_both_zones_have_moved() -> None:
    when = to_london(WallTime(Weekday.SUNDAY, time(20, 0)), "America/New_York", SUMMER)
    assert when == WallTime(Weekday.MONDAY, time(1, 0))


def test_between_the_two_countries_clock_changes_the_gap_is_four_hours() -> None:
    """The reason for converting on a real date: fixed offsets get March wrong."""
    when = to_london(WallTime(Weekday.SUNDAY, time(20, 0)), "America/New_York", BETWEEN_CHANGES)
    assert when == WallTime(Weekday.MONDAY, time(0, 0))


def test_a_meeting_ending_after_midnight_keeps_its_length() -> None:
    when = to_london(WallTime(Weekday.FRIDAY, time(23, 0), time(0, 30)), "Europe/Paris", WINTER)
    assert when == WallTime(Weekday.FRIDAY, time(22, 0), time(23, 30))


def test_london_is_never_converted() -> None:
    original = WallTime(Weekday.TUESDAY, time(19, 30), time(21, 0))
    assert to_london(original, LONDON, SUMMER) is original


def test_the_next_occurrence_counts_today() -> None:
    moment = datetime(2026, 1, 14, 23, 0, tzinfo=UTC)  # Wednesday, late evening
    found = next_occurrence(Weekday.WEDNESDAY, time(9, 0), ZoneInfo(LONDON), moment)
    assert found.date().isoformat() == "2026-01-14"


def test_describe_when() -> None:
    when = WallTime(Weekday.SUNDAY, time(20, 0))
    assert describe_when(when, "America/New_York") == "Sunday 20:00 America/New_York"


def test_zones_are_looked_up_once_and_case_insensitively() -> None:
    assert zone("Europe/London") is zone("Europe/London")
    assert str(zone("europe/london")) == "Europe/London"
    with pytest.raises(UnknownZone, match="'Mars/Olympus' is not a known time zone name"):
        zone("Mars/Olympus")
    with pytest.raises(UnknownZone):
        zone("")


ZONES = [
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/Denver",
    "Europe/Paris",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Pacific/Auckland",
]
moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
walltimes = st.builds(
    WallTime,
    st.sampled_from(list(Weekday)),
    st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)


def _exists(when: WallTime, where: ZoneInfo, moment: datetime) -> bool:
    """False for a wall time inside a spring-forward gap on the date it would be used."""
    local = next_occurrence(when.weekday, when.start, where, moment)
    return local.astimezone(UTC).astimezone(where).time() == when.start


def _unambiguous(when: WallTime, where: ZoneInfo, moment: datetime) -> bool:
    """False for a wall time that happens twice (the hour the clocks go back)."""
    local = next_occurrence(when.weekday, when.start, where, moment)
    return local.utcoffset() == local.replace(fold=1).utcoffset()


@given(walltimes, moments)
def test_london_to_london_is_the_identity(when: WallTime, moment: datetime) -> None:
    assume(_exists(when, zone(LONDON), moment))
    assert convert(when, zone(LONDON), zone(LONDON), moment) == when


@given(walltimes, st.sampled_from(ZONES), st.sampled_from(ZONES), moments)
def test_converting_there_and_back_on_the_same_date_is_the_identity(
    when: WallTime, source: str, target: str, moment: datetime
) -> None:
    source_zone, target_zone = zone(source), zone(target)
    assume(_exists(when, source_zone, moment))
    there = convert(when, source_zone, target_zone, moment)
    # The real moment of the occurrence, so "back" lands on the same date.
    occurrence = next_occurrence(when.weekday, when.start, source_zone, moment)
    assume(_unambiguous(there, target_zone, occurrence))
    back = convert(there, target_zone, source_zone, occurrence)
    assert back == when
