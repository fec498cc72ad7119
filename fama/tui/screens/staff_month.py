"""My month on the Staff screen: how many clients the highlighted keyworker introduced,
gave a goal, followed up and saw go, month by month.

The figures read every client record, so each month is counted in a worker thread (a
"Counting..." placeholder meanwhile) and kept while the screen is open. :class:`StaffScreen`
builds on this class and keeps the list and the dialogs.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.containers import Vertical
from textual.widgets import Static

from fama.errors import StoreError
from fama.models.staff import StaffMember
from fama.staff.my_month import Month, MonthFigures, month_label, next_month, previous_month
from fama.tui.messages import MonthCounted, WorkFailed
from fama.tui.plain import plain
from fama.tui.screens.base import FamaScreen
from fama.tui.widgets.staff_text import month_text


class StaffMonth(FamaScreen):
    """The My month panel and its keys (see the module docstring)."""

    month: Month
    month_figures: dict[Month, dict[str, MonthFigures]]
    month_errors: dict[Month, str]

    def selected_member(self) -> StaffMember | None:
        """The highlighted keyworker (the screen's list decides)."""
        raise NotImplementedError

    def show_month(self) -> None:
        panel = self.query_one("#month-panel", Vertical)
        panel.border_title = plain(f"My month: {month_label(*self.month)}")
        body = self.query_one("#month-figures", Static)
        member = self.selected_member()
        if member is None:
            body.update(Text("Choose a keyworker to see their month.", style="dim"))
            return
        error = self.month_errors.get(self.month)
        if error:
            body.update(Text(f"Could not count {month_label(*self.month)}: {error}"))
            return
        figures = self.month_figures.get(self.month)
        mine = None
        if figures is not None:
            mine = figures.get(member.id, MonthFigures(member.id, self.month))
        body.update(month_text(mine, self.month, member.id))

    def count_month(self) -> None:
        """Count the shown month in a worker unless it has been counted already."""
        if self.month not in self.month_figures:
            self.month_errors.pop(self.month, None)
            self._count(self.month)
        self.show_month()

    @work(thread=True, exclusive=True, group="my-month", exit_on_error=False)
    def _count(self, month: Month) -> None:
        try:
            figures = self.casebook.staff.my_month(*month)
        except (StoreError, OSError, ValueError) as exc:
            self.post_message(WorkFailed(str(exc), month=month))
            return
        self.post_message(MonthCounted(month, figures))

    @on(MonthCounted)
    def _month_counted(self, message: MonthCounted) -> None:
        self.month_figures[message.month] = message.figures
        if self.is_attached and message.month == self.month:
            self.show_month()

    @on(WorkFailed)
    def _month_failed(self, message: WorkFailed) -> None:
        if message.month is None:
            return
        self.month_errors[message.month] = message.problem
        if self.is_attached and message.month == self.month:
            self.show_month()

    def action_month(self, step: int) -> None:
        today = self.casebook.today
        if step > 0:
            if self.month >= (today.year, today.month):
                self.notify(
                    f"{month_label(*self.month)} is this month: later ones have not happened yet.",
                    severity="warning",
                )
                return
            self.month = next_month(*self.month)
        else:
            self.month = previous_month(*self.month)
        self.count_month()
