"""One date of a period, read as it is typed: a labelled input, the day understood beside
it, and one sentence under it when it is not a day fama can use (more than a year ahead).
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from fama.text.dates import DateTextError, Toward, describe_day, parse_day

FURTHEST_AHEAD_DAYS = 366


def read_day(text: str, today: date, toward: Toward, what: str) -> date | None:
    """The day ``text`` means (None if blank); ``DateTextError`` (one sentence) if it is not
    a date or is more than a year ahead."""
    raw = text.strip()
    if not raw:
        return None
    day = parse_day(raw, today, toward=toward)
    if (day - today).days > FURTHEST_AHEAD_DAYS:
        raise DateTextError(f"{what} is more than a year ahead ({day:%d/%m/%Y}): check the year.")
    return day


class PeriodDate(Vertical):
    """A labelled date input, the day understood beside it, and its error under it."""

    def __init__(
        self, label: str, value: date | None, *, today: date, id: str, toward: Toward
    ) -> None:
        super().__init__(classes="period-date")
        self.label = label
        self.value = value
        self.today = today
        self.input_id = id
        self.toward: Toward = toward

    def compose(self) -> ComposeResult:
        with Horizontal(classes="period-row"):
            yield Label(self.label, classes="period-label")
            yield Input(
                value=self.value.isoformat() if self.value else "",
                placeholder="1/9, 2026-09-01, -30 or mon",
                id=self.input_id,
            )
            yield Static("", classes="period-understood", markup=False)
        yield Static("", classes="period-error field-error", markup=False)

    def on_mount(self) -> None:
        self._describe(self.query_one(Input).value)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._describe(event.value)

    def _describe(self, text: str) -> None:
        shown = self.query_one(".period-understood", Static)
        try:
            day = read_day(text, self.today, self.toward, self.label)
        except DateTextError:
            shown.update("not a date yet")
            return
        shown.update(describe_day(day, self.today) if day else "")

    def read(self) -> date | None:
        """The day typed; ``DateTextError`` (one sentence, also shown under the field)."""
        error = self.query_one(".period-error", Static)
        try:
            day = read_day(self.query_one(Input).value, self.today, self.toward, self.label)
        except DateTextError as exc:
            error.update(str(exc))
            raise
        error.update("" if day else f"Give the {self.label.lower()} date.")
        return day

    def refuse(self, message: str) -> None:
        self.query_one(".period-error", Static).update(message)
