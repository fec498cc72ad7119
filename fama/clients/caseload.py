"""Caseload rules: summarise a client record and work out what is due (pure domain logic)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from fama.models.stage import Stage
from fama.models.summary import ClientSummary

if TYPE_CHECKING:
    from fama.models import ClientRecord


def summarise(record: ClientRecord) -> ClientSummary:
    """The caseload row for a client (kept on the record so the store can index it)."""
    return record.summary()


class DueKind(StrEnum):
    """What can fall due for a client."""

    FOLLOW_UP = "follow-up"
    REVIEW = "care-plan review"
    REVISIT = "revisit mutual aid"
    INTRODUCE = "introduce mutual aid"


@dataclass(frozen=True)
class DueItem:
    """One thing due for a client: what, on which day, and whether it is overdue."""

    kind: DueKind
    on: date | None
    overdue: bool

    def describe(self, today: date) -> str:
        """Plain words, short enough for the caseload at 80 columns: 'follow-up 3 days
        overdue' or 'care-plan review in 2 days'."""
        if self.on is None:
            return self.kind.value
        days = (self.on - today).days
        if days < 0:
            n = -days
            return f"{self.kind.value} {n} day{'s' if n != 1 else ''} overdue"
        if days == 0:
            return f"{self.kind.value} today"
        if days == 1:
            return f"{self.kind.value} tomorrow"
        return f"{self.kind.value} in {days} days"


def due_items(summary: ClientSummary, today: date) -> list[DueItem]:
    """Everything due for a client, soonest first.

    * An open goal's follow-up falls due on the date agreed to talk about how it went (its
      target date when none was agreed), unless a follow-up was recorded on or after it.
    * A next care-plan review date is a review due on that date.
    * A client who declined is due a revisit on the date agreed (undated if none was).
    * A client never introduced to mutual aid (and who has not declined) needs introducing.
    """
    items: list[DueItem] = []
    if summary.discharged is not None and summary.discharged <= today:
        return items
    due = summary.follow_up_due
    if due is not None and (summary.last_follow_up is None or summary.last_follow_up < due):
        items.append(DueItem(DueKind.FOLLOW_UP, due, due < today))
    if summary.next_review is not None:
        items.append(DueItem(DueKind.REVIEW, summary.next_review, summary.next_review < today))
    if summary.declined_on is not None:
        revisit = summary.revisit_on
        items.append(DueItem(DueKind.REVISIT, revisit, revisit is not None and revisit < today))
    elif summary.stage is Stage.NOT_STARTED:
        items.append(DueItem(DueKind.INTRODUCE, None, False))
    return sorted(items, key=lambda i: (i.on is None, i.on or date.max))


def next_due(summary: ClientSummary, today: date) -> DueItem | None:
    """The first thing due for the client (overdue first), or None."""
    items = due_items(summary, today)
    return items[0] if items else None


def caseload_order(summary: ClientSummary, today: date) -> tuple[int, date, str]:
    """Sort key: overdue first (oldest first), then dated items soonest first, then the rest."""
    item = next_due(summary, today)
    if item is None:
        return (3, date.max, summary.code)
    if item.on is None:
        return (2, date.max, summary.code)
    return (0 if item.overdue else 1, item.on, summary.code)


# --------------------------------------------------------------------------- due views


class DueView(StrEnum):
    """What the caseload can be narrowed to, for a care-plan review round."""

    ALL = "everyone"
    FOLLOW_UPS = "follow-ups overdue"
    REVIEWS = "reviews this week"
    NOT_INTRODUCED = "never introduced"

    def next(self) -> DueView:
        views = list(DueView)
        return views[(views.index(self) + 1) % len(views)]


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week holding ``day`` (the week a keyworker plans in)."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _active(summary: ClientSummary, today: date) -> bool:
    return summary.discharged is None or summary.discharged > today


def follow_up_overdue(summary: ClientSummary, today: date) -> bool:
    """The date agreed to talk about a goal has passed with no follow-up on or after it."""
    return _active(summary, today) and any(
        item.kind is DueKind.FOLLOW_UP and item.overdue for item in due_items(summary, today)
    )


def review_this_week(summary: ClientSummary, today: date) -> bool:
    """The next care-plan review falls in this Monday-to-Sunday week (earlier days of the week
    included: a review missed on Monday is still this week's work on Thursday)."""
    if not _active(summary, today) or summary.next_review is None:
        return False
    monday, sunday = week_of(today)
    return monday <= summary.next_review <= sunday


def never_introduced(summary: ClientSummary, today: date) -> bool:
    """Mutual aid has not been raised: no stage reached, and no "not for now" recorded."""
    return (
        _active(summary, today)
        and summary.stage is Stage.NOT_STARTED
        and summary.declined_on is None
    )


def in_view(summary: ClientSummary, view: DueView, today: date) -> bool:
    """Does the client belong in this view of the caseload (all, follow-ups, reviews...)?"""
    if view is DueView.ALL:
        return True
    if view is DueView.FOLLOW_UPS:
        return follow_up_overdue(summary, today)
    if view is DueView.REVIEWS:
        return review_this_week(summary, today)
    return never_introduced(summary, today)


def view_order(summary: ClientSummary, view: DueView, today: date) -> tuple[date, str]:
    """Within a view, the most pressing first: the oldest missed target, the earliest review."""
    if view is DueView.FOLLOW_UPS and summary.follow_up_due is not None:
        return (summary.follow_up_due, summary.code)
    if view is DueView.REVIEWS and summary.next_review is not None:
        return (summary.next_review, summary.code)
    return (date.min, summary.code)


@dataclass(frozen=True)
class DueCounts:
    """How many clients have each kind of thing due, for the caseload's counts line."""

    follow_ups: int = 0
    reviews: int = 0
    not_introduced: int = 0

    def of(self, view: DueView) -> int | None:
        return {
            DueView.FOLLOW_UPS: self.follow_ups,
            DueView.REVIEWS: self.reviews,
            DueView.NOT_INTRODUCED: self.not_introduced,
        }.get(view)

    def describe(self) -> str:
        return (
            f"{self.follow_ups} follow-up{'s' if self.follow_ups != 1 else ''} overdue · "
            f"{self.reviews} review{'s' if self.reviews != 1 else ''} this week · "
            f"{self.not_introduced} never introduced"
        )


def due_counts(summaries: Iterable[ClientSummary], today: date) -> DueCounts:
    """How many clients have each kind of due item (one pass; each client's items worked out
    once: the caseload recounts on every keystroke in its filter)."""
    monday, sunday = week_of(today)
    follow_ups = reviews = not_introduced = 0
    for summary in summaries:
        if not _active(summary, today):
            continue
        items = due_items(summary, today)
        follow_ups += any(i.kind is DueKind.FOLLOW_UP and i.overdue for i in items)
        reviews += summary.next_review is not None and monday <= summary.next_review <= sunday
        not_introduced += summary.stage is Stage.NOT_STARTED and summary.declined_on is None
    return DueCounts(follow_ups, reviews, not_introduced)
