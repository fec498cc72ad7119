"""Dates as a keyworker types them: ISO, UK day/month, today, +7, 2w, fri; and their hints."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fama.text.dates import WEEKDAYS, DateTextError, describe_day, parse_day, short_day

TODAY = date(2026, 11, 24)  # a Tuesday

# Days far enough from the ends of the calendar that +999 and next year both exist.
days = st.dates(min_value=date(1901, 1, 1), max_value=date(9990, 12, 31))
FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# --------------------------------------------------------------------------- each form


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("  2027-01-31 ", date(2027, 1, 31)),
        ("2020-02-29", date(2020, 2, 29)),  # a past ISO date is still that date
        ("1/12", date(2026, 12, 1)),
        ("24/11", TODAY),  # today's own day and month is today, not next year
        ("23/10", date(2027, 10, 23)),  # passed over a month ago: next year's
        ("1/1", date(2027, 1, 1)),
        ("01.12", date(2026, 12, 1)),
        ("1/12/26", date(2026, 12, 1)),
        ("1/12/2026", date(2026, 12, 1)),
        ("1/12/2025", date(2025, 12, 1)),  # a full date is taken as written
        ("today", TODAY),
        ("TODAY", TODAY),
        ("tomorrow", date(2026, 11, 25)),
        ("+0", TODAY),
        ("+7", date(2026, 12, 1)),
        ("+ 7", date(2026, 12, 1)),
        ("7d", date(2026, 12, 1)),
        ("7 days", date(2026, 12, 1)),
        ("1 day", date(2026, 11, 25)),
        ("2w", date(2026, 12, 8)),
        ("+2w", date(2026, 12, 8)),
        ("2 weeks", date(2026, 12, 8)),
        ("1 week", date(2026, 12, 1)),
    ],
)
def test_each_form(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wed", date(2026, 11, 25)),
        ("thu", date(2026, 11, 26)),
        ("fri", date(2026, 11, 27)),
        ("Friday", date(2026, 11, 27)),
        ("frid", date(2026, 11, 27)),
        ("sat", date(2026, 11, 28)),
        ("sunday", date(2026, 11, 29)),
        ("mon", date(2026, 11, 30)),
        ("tue", date(2026, 12, 1)),  # today is a Tuesday: the next one, a week away
        ("tuesday", date(2026, 12, 1)),
        ("tues", date(2026, 12, 1)),
    ],
)
def test_a_weekday_is_the_next_one_strictly_after_today(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "soon",
        "next week",
        "frisbee",
        "fr",  # too short to be sure of the day
        "7",  # a bare number: days or a day of the month? Neither is guessed
        "+1000",
        "31/2",
        "31/2/2026",
        "29/2/2026",
        "0/12",
        "1/13",
        "32/1",
        "2026-13-01",
        "2026-02-30",
        "1/12/226",
    ],
)
def test_bad_text_is_a_date_text_error(text: str) -> None:
    with pytest.raises(DateTextError) as raised:
        parse_day(text, TODAY)
    message = str(raised.value)
    assert message.endswith(".")
    assert "2026-12-01" in message  # every message says what would work


def test_date_text_error_is_a_value_error() -> None:
    assert issubclass(DateTextError, ValueError)


def test_empty_text_asks_for_a_date() -> None:
    with pytest.raises(DateTextError, match=r"^Enter a date"):
        parse_day("", TODAY)


def test_bad_text_is_quoted_back() -> None:
    with pytest.raises(DateTextError, match="“soon”"):
        parse_day("  soon ", TODAY)


def test_31_february_names_the_day() -> None:
    with pytest.raises(DateTextError, match="no day 31/2"):
        parse_day("31/2", TODAY)


def test_29_february_is_the_next_one_within_a_year() -> None:
    # Typed in 2027 after the end of February: the 2028 leap day.
    assert parse_day("29/2", date(2027, 3, 1)) == date(2028, 2, 29)
    # Typed on a leap day itself: that day.
    assert parse_day("29/2", date(2028, 2, 29)) == date(2028, 2, 29)
    # Typed early in a leap year: this year's.
    assert parse_day("29/2", date(2028, 1, 10)) == date(2028, 2, 29)
    # Neither this year nor next has one: refused, not guessed years ahead.
    with pytest.raises(DateTextError, match="29/2"):
        parse_day("29/2", TODAY)
    with pytest.raises(DateTextError, match="29/2"):
        parse_day("29/2", date(2028, 3, 1))


def test_far_ahead_of_the_calendar_is_a_date_text_error() -> None:
    with pytest.raises(DateTextError, match="too far"):
        parse_day("+999", date.max - timedelta(days=3))
    with pytest.raises(DateTextError):
        parse_day("tomorrow", date.max)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (TODAY, "Tue 24 Nov 2026 (today)"),
        (date(2026, 11, 25), "Wed 25 Nov 2026 (tomorrow)"),
        (date(2026, 12, 1), "Tue 1 Dec 2026 (in 7 days)"),
        (date(2026, 11, 23), "Mon 23 Nov 2026 (yesterday)"),
        (date(2026, 11, 14), "Sat 14 Nov 2026 (10 days ago)"),
    ],
)
def test_describe_day(day: date, expected: str) -> None:
    assert describe_day(day, TODAY) == expected


# --------------------------------------------------------------------------- properties


@given(today=days, n=st.integers(min_value=0, max_value=999))
def test_plus_n_is_n_days_ahead(today: date, n: int) -> None:
    assert parse_day(f"+{n}", today) == today + timedelta(days=n)
    assert parse_day(f"{n}d", today) == today + timedelta(days=n)


@given(today=days, n=st.integers(min_value=0, max_value=999))
def test_n_weeks_is_seven_n_days_ahead(today: date, n: int) -> None:
    assert parse_day(f"{n}w", today) == today + timedelta(days=7 * n)


@given(today=days, index=st.integers(min_value=0, max_value=6), full=st.booleans())
def test_a_weekday_word_is_one_to_seven_days_later_on_that_day(
    today: date, index: int, full: bool
) -> None:
    word = FULL_NAMES[index] if full else WEEKDAYS[index]
    found = parse_day(word.capitalize(), today)
    assert 1 <= (found - today).days <= 7
    assert found.weekday() == index


@given(day=st.dates(), today=days)
def test_an_iso_date_round_trips(day: date, today: date) -> None:
    assert parse_day(day.isoformat(), today) == day


@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), today=days)
def test_a_full_uk_date_round_trips(day: date, today: date) -> None:
    assert parse_day(f"{day.day}/{day.month}/{day.year}", today) == day
    assert parse_day(f"{day.day}/{day.month}/{day.year % 100:02d}", today) == day


@given(today=days, target=st.dates(min_value=date(1901, 1, 1), max_value=date(9990, 12, 31)))
def test_day_and_month_is_the_next_such_date_within_a_year(today: date, target: date) -> None:
    try:
        found = parse_day(f"{target.day}/{target.month}", today)
    except DateTextError as refused:
        # Only a leap day can be missing from both this year and the next; a day and month
        # that passed within the last month is asked for with its year.
        if (target.day, target.month) == (29, 2) and "just passed" not in str(refused):
            return
        passed = parse_day(f"{target.day}/{target.month}", today, toward="past")
        assert passed < today <= passed + timedelta(days=31)
        assert "has just passed" in str(refused)
        return
    assert (found.day, found.month) == (target.day, target.month)
    assert today <= found < today + timedelta(days=366)
    # No earlier date on or after today has that day and month.
    earlier = found.replace(year=found.year - 1) if (target.day, target.month) != (29, 2) else None
    assert earlier is None or earlier < today


@given(today=days, n=st.integers(min_value=-999, max_value=999))
def test_describe_day_names_the_date_and_the_gap(today: date, n: int) -> None:
    day = today + timedelta(days=n)
    text = describe_day(day, today)
    assert text.startswith(f"{day:%a} {day.day} {day:%b %Y} (")
    if n > 1:
        assert text.endswith(f"(in {n} days)")
    elif n < -1:
        assert text.endswith(f"({-n} days ago)")


# Dates that have been (the start of a period to review) -----------------------------------


@pytest.mark.parametrize(
    ("text", "past", "expected"),
    [
        ("1/9", True, date(2026, 9, 1)),  # the last 1 September, not next year's
        ("1/9", False, date(2027, 9, 1)),
        ("25/12", True, date(2025, 12, 25)),
        ("24/11", True, date(2026, 11, 24)),  # today counts as past
        ("mon", True, date(2026, 11, 23)),
        ("tue", True, date(2026, 11, 24)),
        ("wed", True, date(2026, 11, 18)),
        ("4w", True, date(2026, 10, 27)),  # unsigned counts back in the past
        ("+3", True, date(2026, 11, 27)),  # a sign always wins
        ("-4w", False, date(2026, 10, 27)),
        ("-7", False, date(2026, 11, 17)),
        ("yesterday", False, date(2026, 11, 23)),
    ],
)
def test_past_dates(text: str, past: bool, expected: date) -> None:
    toward = "past" if past else "future"
    assert parse_day(text, date(2026, 11, 24), toward=toward) == expected


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9000, 1, 1)), st.integers(0, 999))
def test_minus_days_counts_back(today: date, days: int) -> None:
    assert parse_day(f"-{days}", today) == today - timedelta(days=days)


# The nearest such day (the end of a period), and dates shown beside a record ---------------


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("31/12", date(2026, 12, 3), date(2026, 12, 31)),  # this year's, still to come
        ("1/12", date(2026, 12, 3), date(2026, 12, 1)),  # this year's, just gone
        ("30/11", date(2026, 1, 10), date(2025, 11, 30)),  # last year's is closer
        ("1/3", date(2026, 12, 3), date(2027, 3, 1)),  # next year's is closer
        ("3/6", date(2026, 12, 3), date(2027, 6, 3)),  # a tie goes to the coming one
        ("29/2", date(2028, 3, 5), date(2028, 2, 29)),
        ("thu", date(2026, 12, 3), date(2026, 12, 3)),  # today is a Thursday
        ("tue", date(2026, 12, 3), date(2026, 12, 1)),  # two days back beats five ahead
        ("sat", date(2026, 12, 3), date(2026, 12, 5)),
        ("1/12/2027", date(2026, 12, 3), date(2027, 12, 1)),  # a year given is kept
    ],
)
def test_nearest_dates(text: str, today: date, expected: date) -> None:
    assert parse_day(text, today, toward="nearest") == expected


@given(today=days, target=st.dates(min_value=date(1901, 1, 1), max_value=date(9990, 12, 31)))
def test_the_nearest_day_and_month_is_never_further_than_another_year(
    today: date, target: date
) -> None:
    if (target.day, target.month) == (29, 2):
        return
    found = parse_day(f"{target.day}/{target.month}", today, toward="nearest")
    assert (found.day, found.month) == (target.day, target.month)
    for year in (found.year - 1, found.year + 1):
        other = found.replace(year=year)
        assert abs((found - today).days) <= abs((other - today).days)


def test_a_date_far_away_shows_its_year() -> None:
    today = date(2026, 12, 3)
    assert short_day(date(2026, 12, 23), today) == "Wed 23 Dec"
    assert short_day(date(2027, 5, 31), today) == "Mon 31 May"
    assert short_day(date(2027, 12, 1), today) == "Wed 1 Dec 2027"
    assert short_day(date(2026, 1, 5), today) == "Mon 5 Jan 2026"


@given(today=days, n=st.integers(min_value=-999, max_value=999))
def test_short_day_hides_the_year_only_near_today(today: date, n: int) -> None:
    day = today + timedelta(days=n)
    assert short_day(day, today).endswith(str(day.year)) == (abs(n) > 182)


@pytest.mark.parametrize(
    ("text", "today"),
    [
        ("1/12", date(2026, 12, 3)),
        ("23/11", date(2026, 11, 24)),
        ("3/11", date(2026, 12, 3)),
        ("20/12", date(2027, 1, 5)),  # across the new year
    ],
)
def test_a_day_and_month_just_passed_asks_for_the_year(text: str, today: date) -> None:
    with pytest.raises(DateTextError, match="has just passed"):
        parse_day(text, today)
    assert parse_day(text, today, toward="past") < today  # looking back it is that day
    day, month = (int(part) for part in text.split("/"))
    assert parse_day(f"{day}/{month}/{today.year + 1}", today).year == today.year + 1


def test_understood_says_the_day_calmly_while_typing_and_why_a_slip_is_refused() -> None:
    from fama.text.dates import understood

    today = date(2026, 12, 3)
    assert understood("", today) == ""
    assert understood("1/", today) == "not a date yet"
    assert understood("+7", today) == "Thu 10 Dec 2026 (in 7 days)"
    assert "has just passed" in understood("1/12", today)
    assert understood("1/12", today, "past").startswith("Tue 1 Dec 2026")
