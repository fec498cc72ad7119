"""Recording that a care-plan review was held: the day, the next review, a note.

The next review is where a date is easily lost, so it is never lost by leaving a field
blank: blank keeps the date on file, ``none`` clears it, a date replaces it, and beside the
field a line says which, or why it cannot be saved (:class:`NextReviewField`).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from fama.errors import StoreError
from fama.text.dates import DateTextError, describe_day, parse_day, short_day, understood
from fama.tui.screens.base import FamaModal
from fama.tui.widgets.date_field import DateField

NO_FURTHER_REVIEW = ("none", "no", "no review", "no further review")
"""What "Next review" takes to clear the date on file: a deliberate act, never a blank."""


class NextReviewField(DateField):
    """The next care-plan review: blank keeps the date on file, ``none`` clears it, a date
    (read toward the future) replaces it. Beside it, what saving will do, or why it cannot."""

    def __init__(self, current: date | None, *, today: date, id: str) -> None:
        super().__init__("Next review", None, today=today, id=id)
        self.current = current
        """The client's next review now (what a blank keeps)."""

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="date-label")
        yield Input(placeholder="+4w, 1/3 or none", id=self.input_id)
        yield Static("", classes="date-understood", markup=False)

    def _describe(self, text: str) -> None:
        from fama.reviews.history import next_review_problem

        self.remove_class("-refused")
        shown = self.query_one(".date-understood", Static)
        on_file = short_day(self.current, self.today) if self.current else ""
        raw = text.strip().lower()
        if not raw:
            shown.update(
                f"Blank keeps {on_file}; none clears it." if on_file else "Blank: none is set."
            )
            return
        if raw in NO_FURTHER_REVIEW:
            shown.update(f"No further review: clears {on_file}." if on_file else "No review.")
            return
        try:
            day = parse_day(text, self.today, toward="future")
        except DateTextError:
            shown.update(understood(text, self.today))
            return
        problem = next_review_problem(day, None, self.today)
        if problem:
            self.refuse(problem)
            return
        # describe_day says how far away; short_day gives the year only when it matters
        distance = describe_day(day, self.today).rsplit(" (", 1)[1]
        shown.update(f"{short_day(day, self.today)} ({distance}")

    def refuse(self, sentence: str) -> None:
        """Say beside the field, in one sentence, why this next review cannot be saved."""
        self.add_class("-refused")
        self.query_one(".date-understood", Static).update(sentence)

    def choice(self) -> date | Literal["keep"] | None:
        """``KEEP`` for a blank, None for ``none``, else the date; ``DateTextError`` for text
        that is neither."""
        from fama.casebook.reviews import KEEP

        text = self.query_one(Input).value.strip()
        if not text:
            return KEEP
        if text.lower() in NO_FURTHER_REVIEW:
            return None
        return parse_day(text, self.today, toward="future")


class RecordReviewModal(FamaModal):
    """A care-plan review was held: when, when the next one is, and a note."""

    CSS_PATH = "../review.tcss"
    AUTO_FOCUS = "#held-on"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def compose(self) -> ComposeResult:
        today = self.casebook.today
        try:
            current = self.casebook.client(self.code).client.next_review
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
        from fama.reviews.history import NextReviewError

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
            self.casebook.record_care_plan_review(self.code, held, after, note)
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
