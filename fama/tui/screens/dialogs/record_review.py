"""Recording that a care-plan review was held: the day, the next review, a note.

The next review is where a date is easily lost, so it is never lost by leaving a field
blank: blank keeps the date on file, ``none`` clears it, a date replaces it, and beside the
field a line says which, or why it cannot be saved (:class:`NextReviewField`).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from fama.errors import StoreError
from fama.text.dates import DateTextError
from fama.tui.screens.base import FamaModal
from fama.tui.widgets.date_field import DateField
from fama.tui.widgets.next_review_field import NextReviewField


class RecordReviewModal(FamaModal):
    """A care-plan review was held: when, when the next one is, and a note."""

    CSS_PATH = "../review.tcss"
    AUTO_FOCUS = "#held-on"
    HELP_PAGE = "record-review"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="record-review.cancel")
    ]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def compose(self) -> ComposeResult:
        today = self.casebook.today
        try:
            current = self.casebook.clients.record(self.code).client.next_review
        except StoreError:
            current = None  # saving says what is wrong with the record
        with Vertical(classes="review-modal"):
            yield Static(f"Care-plan review for {self.code}", classes="modal-title", markup=False)
            yield DateField("Held on", today, today=today, id="held-on", toward="past")
            yield NextReviewField(current, today=today, id="next-review")
            with Horizontal(classes="date-field"):
                yield Label("Note", classes="date-label")
                yield Input(placeholder="optional", id="review-note", max_length=4000)
            yield Static("", id="review-error", classes="field-error", markup=False)
            with Horizontal(classes="modal-buttons"):
                yield Button("Save (Enter)", id="review-save", variant="primary")
                yield Button("Cancel (Esc)", id="review-cancel")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "review-note":
            self._save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#review-save")
    def _save(self) -> None:
        from fama.reviews.next_review import NextReviewError

        error = self.query_one("#review-error", Static)
        error.update("")
        following = self.query_one(NextReviewField)
        try:
            held = self.query_one("#held-on", Input).parent.read()  # type: ignore[union-attr]
        except DateTextError as exc:
            error.update(str(exc))
            return
        try:
            after = following.choice()
        except DateTextError as exc:
            following.refuse(str(exc))
            return
        if held is None:
            error.update("Give the day the review was held.")
            return
        note = self.query_one("#review-note", Input).value.strip()
        try:
            self.casebook.reviews.record_care_plan_review(self.code, held, after, note)
        except NextReviewError as exc:
            following.refuse(str(exc))
            return
        except (StoreError, ValueError) as exc:
            error.update(str(exc))
            return
        self.notify(f"Recorded the care-plan review for {self.code}.", markup=False)
        self.dismiss(True)

    @on(Button.Pressed, "#review-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
