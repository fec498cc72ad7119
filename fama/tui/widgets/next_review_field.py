"""The next care-plan review field: blank keeps the date on file, ``none`` clears it, a date
replaces it, and beside it a line says which, or why it cannot be saved.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from fama.text.dates import DateTextError, describe_day, parse_day, short_day, understood
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
        from fama.reviews.next_review import next_review_problem

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
