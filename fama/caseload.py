"""Caseload rules: summarise a client record and work out what is due (pure domain logic)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from fama.models.summary import ClientSummary
from fama.models.vocab import Stage

if TYPE_CHECKING:
    from fama.models import ClientRecord


def summarise(record: ClientRecord) -> ClientSummary:
    """The caseload row for a client (kept on the record so the store can index it)."""
    return record.summary()


class DueKind(StrEnum):
    FOLLOW_UP = "follow-up"
    REVIEW = "care-plan review"
    INTRODUCE = "introduce mutual aid"


@dataclass(frozen=True)
class DueItem:
    kind: DueKind
    on: date | None
    overdue: bool

    def describe(self, today: date) -> str:
        """Plain words, e.g. 'follow-up overdue by 3 days' or 'care-plan review in 2 days'."""
        if self.on is None:
            return self.kind.value
        days = (self.on - today).days
        if days < 0:
            n = -days
            return f"{self.kind.value} overdue by {n} day{'s' if n != 1 else ''}"
        if days == 0:
            return f"{self.kind.value} today"
        if days == 1:
            return f"{self.kind.value} tomorrow"
        return f"{self.kind.value} in {days} days"


def due_items(summary: ClientSummary, today: date) -> list[DueItem]:
    """Everything due for a client, soonest first.

    * A goal whose target date has come without a follow-up on or after it needs a follow-up.
    * A next care-plan review date is a review due on that date.
    * A client never introduced to mutual aid needs introducing (undated).
    """
    items: list[DueItem] = []
    if summary.discharged is not None and summary.discharged <= today:
        return items
    if summary.goal_target is not None and (
        summary.last_follow_up is None or summary.last_follow_up < summary.goal_target
    ):
        items.append(DueItem(DueKind.FOLLOW_UP, summary.goal_target, summary.goal_target < today))
    if summary.next_review is not None:
        items.append(DueItem(DueKind.REVIEW, summary.next_review, summary.next_review < today))
    if summary.stage is Stage.NOT_STARTED:
        items.append(DueItem(DueKind.INTRODUCE, None, False))
    return sorted(items, key=lambda i: (i.on is None, i.on or date.max))


def next_due(summary: ClientSummary, today: date) -> DueItem | None:
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
