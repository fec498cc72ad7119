"""A labelled date box that says, as it is typed, the day it understood (or why not).

Used by the care-plan review and the record-review dialog; the day is read with
:func:`fama.text.dates.parse_day`, the line beside it comes from :func:`fama.text.dates.understood`.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from fama.text.dates import Toward, parse_day, understood


class DateField(Horizontal):
    """A labelled date input that shows the date it understood as it is typed."""

    def __init__(
        self, label: str, value: date | None, *, today: date, id: str, toward: Toward = "future"
    ) -> None:
        super().__init__(classes="date-field")
        self.label = label
        self.value = value
        self.today = today
        self.input_id = id
        self.toward: Toward = toward
        """Which way ``1/9`` and ``fri`` look (see :func:`fama.text.dates.parse_day`)."""

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="date-label")
        yield Input(
            value=self.value.isoformat() if self.value else "",
            placeholder=(
                "4w, mon, 1/9 or 2026-09-01" if self.toward == "past" else "+7, 2w, fri or 1/12"
            ),
            id=self.input_id,
        )
        yield Static("", classes="date-understood", markup=False)

    def on_mount(self) -> None:
        self._describe(self.query_one(Input).value)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._describe(event.value)

    def _describe(self, text: str) -> None:
        understood_now = understood(text, self.today, self.toward)
        self.query_one(".date-understood", Static).update(understood_now)

    def read(self) -> date | None:
        text = self.query_one(Input).value.strip()
        return parse_day(text, self.today, toward=self.toward) if text else None
