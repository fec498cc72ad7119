"""Rating the self-assessment's items: the lead's rating, accepting the suggestion, undoing
the last change, and the comments and supporting evidence kept with each.

:class:`~fama.tui.screens.assessment.AssessmentScreen` builds on this class: it keeps the
table, the detail panel and the period, and this class what a rating key does. Every
rating is saved at once through the casebook, with who and when.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import DataTable

from fama.errors import StoreError
from fama.tui.screens.base import FamaScreen
from fama.tui.screens.dialogs.assessment_dialogs import CommentModal
from fama.tui.widgets.tables import move_to_key

if TYPE_CHECKING:
    from fama.assessment.items import Item
    from fama.assessment.model import Assessment, Rating
    from fama.assessment.period import Period


class AssessmentRating(FamaScreen):
    """What the rating keys do on the self-assessment (see the module docstring)."""

    period: Period | None
    assessment: Assessment | None
    _undo: tuple[Period, str, Rating] | None

    @property
    def service(self) -> str:
        """The service being assessed, as the settings name it."""
        from fama.handouts.library import service_name

        return service_name()

    def selected_item(self) -> Item | None:
        """The item under the cursor (None on a section or an annex row)."""
        raise NotImplementedError

    def suggestion(self, item_id: str) -> str | None:
        """The rating the figures suggest for an item, if any."""
        raise NotImplementedError

    def fill_table(self) -> None:
        """Redraw the table after a rating changed."""
        raise NotImplementedError

    def _rate(self, **changes: object) -> None:
        item = self.selected_item()
        if item is None or self.period is None:
            self.notify("Choose an item to rate (not a section or an annex).", severity="warning")
            return
        from fama.assessment.model import Rating

        suggested = self.suggestion(item.id)
        kept = self.assessment.rating_for(item.id) if self.assessment else None
        before = kept.rating if kept else Rating.NOT_ASSESSED
        try:
            self.assessment = self.casebook.assessment.rate_item(
                self.service,
                self.period,
                item.id,
                suggested=Rating(suggested) if suggested else None,
                **changes,  # type: ignore[arg-type]
            )
        except (StoreError, ValueError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.fill_table()
        after = changes.get("rating")
        if isinstance(after, Rating) and after != before:
            self._undo = (self.period, item.id, before)
            self.notify(
                f"{item.id} rated {after.value} for {self.period.label} "
                f"(was {before.value}). U undoes.",
                timeout=6,
                markup=False,
            )

    def action_undo_rating(self) -> None:
        """Put back the rating the last change replaced (in the period it was made in)."""
        if self._undo is None:
            self.notify("There is no rating change to undo.")
            return
        period, item_id, before = self._undo
        if period != self.period:
            self.notify(
                f"The last change was for {period.label}: choose that period (D) to undo it.",
                severity="warning",
            )
            return
        move_to_key(self.query_one("#assessment-items", DataTable), item_id)
        self._undo = None
        self._rate(rating=before)
        self._undo = None

    def action_rate(self, value: str) -> None:
        from fama.assessment.model import Rating

        self._rate(rating=Rating(value))

    def action_accept(self) -> None:
        item = self.selected_item()
        suggested = self.suggestion(item.id) if item else None
        if suggested is None:
            self.notify("There is no suggestion for this item.", severity="warning")
            return
        self.action_rate(suggested)

    def action_comment(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        kept = self.assessment.rating_for(item.id) if self.assessment else None
        self.app.push_screen(
            CommentModal(
                item.id,
                kept.comments if kept else "",
                kept.supporting_evidence if kept else "",
            ),
            self._commented,
        )

    def _commented(self, result: tuple[str, str] | None) -> None:
        if result is not None:
            comments, evidence = result
            self._rate(comments=comments, supporting_evidence=evidence)
