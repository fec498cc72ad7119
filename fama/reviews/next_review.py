"""The rule for the next care-plan review: after the one held, and within a year of today."""

from __future__ import annotations

from datetime import date

from fama.reviews.words import long_day


class NextReviewError(ValueError):
    """The next care-plan review asked for cannot be set (one sentence, about that field)."""


def year_ahead(today: date) -> date:
    """The same day a year on (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def next_review_problem(next_review: date, held_on: date | None, today: date) -> str | None:
    """Why ``next_review`` cannot be the next care-plan review, in one sentence, or None.

    It must be after the review held (``held_on``, when known) and no more than a year from
    today: a date further off is almost always a typing slip (``1/12/27`` for ``1/12/26``)."""
    if held_on is not None and next_review <= held_on:
        return "The next care-plan review must be after the one being recorded."
    latest = year_ahead(today)
    if next_review > latest:
        return f"The next care-plan review must be within a year, by {long_day(latest)}."
    return None
