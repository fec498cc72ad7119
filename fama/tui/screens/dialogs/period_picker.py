"""The period picker: a "from" and a "to" date in one dialog that looks the same wherever it
opens (its own stylesheet, not the screen's).

Each date is read with :func:`fama.text.dates.parse_day` as it is typed, the day understood shown
beside it; a date that is not one, an end before the start, or a day more than a year
ahead is refused with one sentence under the field. Dismisses with ``(start, end)``, or
None on Esc.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input

from fama.text.dates import DateTextError
from fama.tui.plain import plain
from fama.tui.screens.base import FamaModal
from fama.tui.widgets.period_date import PeriodDate


class PeriodPicker(FamaModal):
    """Choose a period: from and to. Enter in either field or on Show takes it."""

    AUTO_FOCUS = "#period-from"
    CSS_PATH = "period_picker.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="period-picker.cancel")
    ]
    HELP_PAGE = "period-picker"

    def __init__(self, since: date, until: date, title: str = "The period") -> None:
        super().__init__()
        self.since = since
        self.until = until
        self.heading = title

    def compose(self) -> ComposeResult:
        today = self.casebook.today
        with Vertical(classes="period-box") as box:
            box.border_title = plain(self.heading)
            yield PeriodDate("From", self.since, today=today, id="period-from", toward="past")
            yield PeriodDate("To", self.until, today=today, id="period-to", toward="nearest")
            with Horizontal(classes="period-buttons"):
                yield Button("Show (Enter)", id="period-ok", variant="primary")
                yield Button("Cancel (Esc)", id="period-cancel")

    def field(self, input_id: str) -> PeriodDate:
        parent = self.query_one(f"#{input_id}", Input).parent
        assert isinstance(parent, Horizontal) and isinstance(parent.parent, PeriodDate)
        return parent.parent

    @on(Input.Submitted)
    @on(Button.Pressed, "#period-ok")
    def _ok(self) -> None:
        start_field, end_field = self.field("period-from"), self.field("period-to")
        try:
            since = start_field.read()
        except DateTextError:
            since = None
        try:
            until = end_field.read()
        except DateTextError:
            return
        if since is None or until is None:
            return
        if until < since:
            end_field.refuse("The period must end on or after the day it starts.")
            return
        self.dismiss((since, until))

    @on(Button.Pressed, "#period-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
