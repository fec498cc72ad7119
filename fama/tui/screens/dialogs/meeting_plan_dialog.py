"""What goes on the client's phone: the choices for My meeting plan, asked before saving it.

The calendar file ends up on a phone that partners, children and employers see, so it is
discreet by default: a neutral title, and no organisation or meeting name unless the client
wants them. The page can be printed in a discreet form too. A title the client chooses is
theirs; if it gives the plan away, a warning says so beside the field, and it is kept.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Static

from fama.meeting_plan.discreet import give_aways
from fama.meeting_plan.plan import NEUTRAL_TITLE, TITLE_MAX, PlanOptions
from fama.tui.screens.base import FamaModal
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.ticks import SpaceCheckbox


def title_warning(title: str, names: list[str]) -> str:
    """One line beside the title field when it may give the plan away; empty when not."""
    words = give_aways(title, names)
    if not words:
        return ""
    quoted = ", ".join(f"“{w}”" for w in words)
    return f"Anyone who sees the phone may read {quoted}. It is the client's choice."


class MeetingPlanDialog(FamaModal):
    """Dismisses with the client's :class:`PlanOptions`, or None (Esc)."""

    AUTO_FOCUS = "#plan-title"
    CSS_PATH = "meeting_plan_dialog.tcss"
    HELP_PAGE = "meeting-plan"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="meeting-plan.cancel"),
        Binding("enter", "save", "Save", id="meeting-plan.save"),
    ]

    def __init__(self, meeting_names: list[str]) -> None:
        super().__init__()
        self.meeting_names = meeting_names

    def compose(self) -> ComposeResult:
        with Vertical(id="plan-box") as box:
            box.border_title = "My meeting plan"
            yield Label("Calendar title (what the phone shows)", classes="plan-label")
            yield Input(NEUTRAL_TITLE, id="plan-title", max_length=TITLE_MAX)
            yield Static("", id="plan-title-warning", markup=False)
            yield SpaceCheckbox(
                "Organisation, meeting name and what to expect in the calendar",
                id="plan-details",
            )
            yield SpaceCheckbox(
                "Print the page discreetly (no group names or what to expect)",
                id="plan-discreet",
            )
            with Horizontal(id="plan-buttons"):
                yield Button("Save (Enter)", id="plan-save", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="plan-cancel", compact=True)
        yield FamaFooter()

    @on(Input.Changed, "#plan-title")
    def _title_changed(self, event: Input.Changed) -> None:
        warning = title_warning(event.value, self.meeting_names)
        shown = self.query_one("#plan-title-warning", Static)
        shown.update(warning)
        shown.set_class(bool(warning), "-warning")

    @on(Input.Submitted, "#plan-title")
    def action_save(self) -> None:
        self.dismiss(
            PlanOptions(
                calendar_title=self.query_one("#plan-title", Input).value,
                calendar_details=self.query_one("#plan-details", Checkbox).value,
                discreet_page=self.query_one("#plan-discreet", Checkbox).value,
            )
        )

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "plan-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)
