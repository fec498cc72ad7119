"""A service's self-assessment for one period: a rating, comments and evidence per item.

Pure pydantic records (the :class:`~fama.models.common.Record` conventions: unknown fields
refused, moments timezone-aware UTC). An :class:`Assessment` is changed only by making a new
one with :meth:`Assessment.with_rating`, which keeps who rated an item and when, and moves
the rating it replaces into the item's ``history``: a lead's override of the suggested
rating, and every earlier decision, stay on record with their author and time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Literal

from pydantic import Field, model_validator

from fama.models.common import Record, UtcDateTime, utc_now
from fama.models.goal import new_id

__all__ = [
    "HISTORY_LIMIT",
    "KEEP",
    "TEXT_LIMIT",
    "Assessment",
    "ItemRating",
    "PastRating",
    "Rating",
    "find_assessment",
]

TEXT_LIMIT = 4000
"""Longest comments or supporting evidence for one item, in characters."""

HISTORY_LIMIT = 50
"""Earlier ratings kept per item (the oldest are dropped beyond this)."""

ITEM_ID_PATTERN = r"^[1-9]\.[1-9][0-9]?[ab]?$"


class Rating(StrEnum):
    """How far an item of the tool is in place."""

    IN_PLACE = "in place"
    PARTLY = "partly in place"
    NOT_IN_PLACE = "not in place"
    NOT_ASSESSED = "not assessed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class _Keep(Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP
"""Passed for ``suggested`` to :meth:`Assessment.with_rating`: leave the suggestion as it is."""


def _overrides(rating: Rating, suggested: Rating | None) -> bool:
    """A rating overrides the suggestion when both are made and they differ."""
    return suggested is not None and rating is not Rating.NOT_ASSESSED and rating != suggested


class PastRating(Record):
    """A rating an item had before a later one replaced it."""

    rating: Rating
    suggested: Rating | None = None
    overrides_suggestion: bool = False
    rated_by: str = Field(min_length=1, max_length=80)
    rated_at: UtcDateTime


class ItemRating(Record):
    """The lead's judgement on one item, and the figures' suggestion it may override."""

    item_id: str = Field(pattern=ITEM_ID_PATTERN)
    rating: Rating = Rating.NOT_ASSESSED
    comments: str = Field(default="", max_length=TEXT_LIMIT)
    supporting_evidence: str = Field(default="", max_length=TEXT_LIMIT)
    rated_by: str = Field(min_length=1, max_length=80)
    """Who set the rating (a staff id or name)."""
    rated_at: UtcDateTime
    overrides_suggestion: bool = False
    """True when the rating differs from ``suggested`` (set by :meth:`Assessment.with_rating`)."""
    suggested: Rating | None = None
    """The rating fama suggested from the figures when this one was set; None if none was."""
    history: list[PastRating] = Field(default_factory=list, max_length=HISTORY_LIMIT)
    """Earlier ratings of this item, oldest first."""

    @model_validator(mode="after")
    def _override_matches(self) -> ItemRating:
        if self.overrides_suggestion != _overrides(self.rating, self.suggested):
            raise ValueError(
                "overrides_suggestion must be true exactly when a rating differs from a "
                "suggestion that was made"
            )
        return self

    def past(self) -> PastRating:
        return PastRating(
            rating=self.rating,
            suggested=self.suggested,
            overrides_suggestion=self.overrides_suggestion,
            rated_by=self.rated_by,
            rated_at=self.rated_at,
        )


class Assessment(Record):
    """One service's self-assessment for one period (both dates inclusive)."""

    id: str = Field(default_factory=new_id, min_length=1, max_length=64)
    service: str = Field(min_length=1, max_length=120)
    period_start: date
    period_end: date
    items: dict[str, ItemRating] = Field(default_factory=dict)
    created_at: UtcDateTime = Field(default_factory=utc_now)
    updated_at: UtcDateTime = Field(default_factory=utc_now)

    @model_validator(mode="after")
    def _consistent(self) -> Assessment:
        if self.period_end < self.period_start:
            raise ValueError("The period cannot end before it starts.")
        for key, rating in self.items.items():
            if key != rating.item_id:
                raise ValueError(f"The rating kept under {key!r} is for item {rating.item_id!r}.")
        return self

    def rating_for(self, item_id: str) -> ItemRating | None:
        """The item's rating, or None when nobody has rated or commented on it yet."""
        return self.items.get(item_id)

    def rating_of(self, item_id: str) -> Rating:
        """The item's rating, "not assessed" when there is none."""
        found = self.items.get(item_id)
        return found.rating if found else Rating.NOT_ASSESSED

    def covers(self, service: str, start: date, end: date) -> bool:
        return (self.service, self.period_start, self.period_end) == (service, start, end)

    def with_rating(
        self,
        item_id: str,
        *,
        by: str,
        at: datetime,
        rating: Rating | None = None,
        suggested: Rating | Literal[_Keep.KEEP] | None = KEEP,
        comments: str | None = None,
        supporting_evidence: str | None = None,
    ) -> Assessment:
        """A copy with the item changed; ``None`` (or ``KEEP``) leaves a part as it was.

        Setting a ``rating`` records ``by`` and ``at`` as its author and time; if that
        changes the rating, the suggestion or the author, the rating it replaces goes into
        the item's history. Editing only the comments or evidence leaves the rating's author
        alone. ``at`` also becomes the assessment's ``updated_at``.
        """
        current = self.items.get(item_id)
        if current is None:
            current = ItemRating(item_id=item_id, rated_by=by, rated_at=at)
            history: list[PastRating] = []
        else:
            history = list(current.history)
        new_rating = current.rating if rating is None else rating
        new_suggested = current.suggested if suggested is KEEP else suggested
        decided = rating is not None or suggested is not KEEP
        if decided and item_id in self.items:
            changed = (new_rating, new_suggested, by) != (
                current.rating,
                current.suggested,
                current.rated_by,
            )
            if changed:
                history = [*history, current.past()][-HISTORY_LIMIT:]
        updated = ItemRating(
            item_id=item_id,
            rating=new_rating,
            suggested=new_suggested,
            overrides_suggestion=_overrides(new_rating, new_suggested),
            comments=current.comments if comments is None else comments,
            supporting_evidence=(
                current.supporting_evidence if supporting_evidence is None else supporting_evidence
            ),
            rated_by=by if decided else current.rated_by,
            rated_at=at if decided else current.rated_at,
            history=history,
        )
        return Assessment(
            id=self.id,
            service=self.service,
            period_start=self.period_start,
            period_end=self.period_end,
            items={**self.items, item_id: updated},
            created_at=self.created_at,
            updated_at=at,
        )


def find_assessment(
    assessments: Iterable[Assessment], service: str, start: date, end: date
) -> Assessment | None:
    """The assessment of ``service`` for exactly this period, if one was kept."""
    for assessment in assessments:
        if assessment.covers(service, start, end):
            return assessment
    return None
