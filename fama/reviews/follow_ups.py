"""Which reviews are follow-ups, and the meetings a week estimated from them.

What counts as a follow-up
--------------------------
A :class:`Review` that reports on mutual aid: it is about a goal, or it records whether the
client went, how many meetings or how helpful (see :func:`is_follow_up`). A care-plan review
recorded on its own (:meth:`Casebook.reviews.record_care_plan_review`: no goal, nothing about
attending) is a review on the timeline, not a follow-up, and is in none of the figures.

Meetings a week (an estimate)
-----------------------------
Clients report "meetings since last time", not dates, so meetings per week is estimated:
each follow-up's ``meetings_since_last`` is spread evenly over the days since the client's
previous follow-up (the day after it up to and including the follow-up's own day; a first
follow-up is taken to cover the 7 days up to and including its day), and each ISO week
(Monday to Sunday) gets the share of the days that fall in it. Weeks are counted on dates,
so a week with a clock change is one week like any other.

Only follow-ups dated in the period are spread, over the weeks from the Monday of the
period's first week to the week of its end. The part of a spread that falls before that
first Monday is left out, so the weekly figures add up to ``meetings_total`` exactly when
every follow-up's spread starts on or after that Monday, and never to more
(:func:`weekly_meetings` states the invariant).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import date, timedelta
from fractions import Fraction

from fama.models.record import ClientRecord
from fama.models.review import Review, ReviewType

FIRST_SPREAD_DAYS = 7
"""A first follow-up's meetings are spread over this many days up to and including it."""


def is_follow_up(review: Review) -> bool:
    """A review that reports on mutual aid (about a goal, or saying how it went)."""
    return review.is_follow_up


def dated_follow_ups(record: ClientRecord) -> list[Review]:
    """The record's follow-ups in date order (then the order they were recorded)."""
    return sorted(
        (r for r in record.reviews if is_follow_up(r)), key=lambda r: (r.date, r.created_at)
    )


def last_care_plan_review(record: ClientRecord, before: date) -> date | None:
    """The date of the latest care-plan review dated before ``before``, if any."""
    return max(
        (
            r.date
            for r in record.reviews
            if r.review_type is ReviewType.CARE_PLAN and r.date < before
        ),
        default=None,
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_meetings(
    follow_ups: Iterable[tuple[date, int | None]], since: date, until: date
) -> tuple[tuple[date, float], ...]:
    """Estimated meetings a week, one point per ISO week from ``since``'s week to ``until``'s.

    ``follow_ups`` are every follow-up of the client as (date, meetings since last time or
    None): all of them mark where a spread begins, and those dated from ``since`` to
    ``until`` are spread (see the module's notes).

    Invariant: the points add up to the sum, over the follow-ups dated in the period, of
    ``meetings * (days of its spread on or after the Monday of since's week) / (days of its
    spread)``. So they never add up to more than those follow-ups' meetings, and to exactly
    that when every spread starts on or after that Monday.
    """
    if since > until:
        raise ValueError("The period must not start after it ends.")
    items = list(follow_ups)
    first = _monday(since)
    weeks = (_monday(until) - first).days // 7 + 1
    totals = [Fraction(0)] * weeks
    dates = sorted({day for day, _ in items})
    for day, count in items:
        if not count or not since <= day <= until:
            continue
        index = bisect_left(dates, day)
        previous = dates[index - 1] if index else day - timedelta(days=FIRST_SPREAD_DAYS)
        length = (day - previous).days
        start = max(previous + timedelta(days=1), first)
        while start <= day:
            week = (start - first).days // 7
            end = min(first + timedelta(days=7 * week + 6), day)
            totals[week] += Fraction(count * ((end - start).days + 1), length)
            start = end + timedelta(days=1)
    return tuple((first + timedelta(weeks=i), float(total)) for i, total in enumerate(totals))
