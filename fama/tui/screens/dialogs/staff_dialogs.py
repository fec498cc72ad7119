"""The Staff screen's dialogs about a person: a staff member, the day someone left, and
"are you sure?"; and :class:`StaffDialog`, the frame every staff dialog shares (training and
insight visits are in :mod:`staff_evidence_dialogs`).

Each shows one sentence beside the field that needs fixing and saves nothing until it is
fixed; every change goes through the casebook. Dates are read with :mod:`fama.text.dates`
(looking back for what happened, the nearest day for a leaving date), and a date more than
a year ahead is refused.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from fama.clients.form import FormErrors
from fama.errors import StoreError
from fama.models.staff import StaffMember
from fama.staff.form import LEFT_HINT, PAST_HINT, StaffForm, parse_left_day, parse_past_day
from fama.text.dates import DateTextError, describe_day
from fama.tui.plain import plain
from fama.tui.screens.base import FamaModal
from fama.tui.screens.dialogs.confirm import ConfirmDialog
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.inputs import NoQuestionInput


def fmt_day(day: date) -> str:
    """A day as the staff dialogs show it: "24 Nov 2026"."""
    return f"{day:%d %b %Y}"


# --------------------------------------------------------------------------- dialogs

_MODAL_BINDINGS: list[BindingType] = [
    Binding("ctrl+s", "save", "Save", priority=True, id="staff-dialogs.save"),
    Binding("escape", "cancel", "Cancel", id="staff-dialogs.cancel"),
]


class StaffDialog(FamaModal):
    """Shared by the three staff dialogs: Ctrl+S saves, Esc cancels, errors beside fields."""

    CSS_PATH = "../staff.tcss"
    BINDINGS: ClassVar[list[BindingType]] = _MODAL_BINDINGS
    FIELDS: ClassVar[tuple[str, ...]] = ()

    DATE_HINT: ClassVar[str] = PAST_HINT
    DATE_WHAT: ClassVar[str] = "The date"

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    def read_day(self, text: str) -> date:
        """The day typed in the date field; ``DateTextError`` (one sentence) if it is not one
        this dialog accepts."""
        return parse_past_day(text, self.casebook.today, self.DATE_WHAT)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        if event.button.has_class("save"):
            self.action_save()
        elif event.button.has_class("cancel"):
            self.action_cancel()

    def show_errors(self, errors: dict[str, str]) -> None:
        """One sentence beside each field that needs fixing; focus the first of them."""
        for name in self.FIELDS:
            message = errors.get(name, "")
            self.query_one(f"#error-{name}", Static).update(message)
            field = self.query_one(f"#field-{name}")
            field.set_class(bool(message), "-invalid")
        if errors.get("date"):  # said once: the error, not the same words in the hint too
            for hint in self.query("#date-hint").results(Static):
                hint.update("")
        first = next((name for name in self.FIELDS if name in errors), None)
        if first:
            self.query_one(f"#field-{first}").focus()

    def update_date_hint(self, text: str) -> date | None:
        """Show the date understood under the date field; the date, or None."""
        hint = self.query_one("#date-hint", Static)
        if not text.strip():
            hint.update(Text(f"Enter {self.DATE_HINT}.", style="dim"))
            return None
        try:
            day = self.read_day(text)
        except DateTextError as exc:
            hint.update(Text(str(exc), style="dim"))
            return None
        hint.update(Text(f"Understood: {describe_day(day, self.casebook.today)}"))
        return day

    @on(Input.Changed, "#field-date")
    def _date_changed(self, event: Input.Changed) -> None:
        """While the date is typed the hint says what it reads as; an earlier error goes."""
        for error in self.query("#error-date").results(Static):
            error.update("")
        self.update_date_hint(event.value)

    def buttons(self, save_label: str) -> ComposeResult:
        with Horizontal(classes="staff-buttons"):
            yield Button(plain(f"{save_label} (Ctrl+S)"), classes="save", variant="primary")
            yield Button("Cancel (Esc)", classes="cancel")


class StaffMemberModal(StaffDialog):
    """Add a staff member, or change one's name, role, login and access. Dismisses with the
    id, or None. On a service's database, saving grants the login its access, which only a
    lead may do: the database refuses anyone else, in one sentence."""

    AUTO_FOCUS = "#field-id"
    FIELDS = ("id", "name", "role", "login", "access")
    HELP_PAGE = "staff-member"

    def __init__(self, member: StaffMember | None = None) -> None:
        super().__init__()
        self.member = member

    def compose(self) -> ComposeResult:
        with Vertical(id="member-box", classes="staff-box") as box:
            box.border_title = plain(
                f"Edit {self.member.id}" if self.member is not None else "New staff member"
            )
            yield Label("Id (initials)", classes="field-label")
            yield NoQuestionInput(placeholder="e.g. JB", id="field-id", max_length=12)
            yield Static("", id="error-id", classes="field-error", markup=False)
            yield Label("Name", classes="field-label")
            yield Input(placeholder="e.g. Jo Bramley", id="field-name", max_length=80)
            yield Static("", id="error-name", classes="field-error", markup=False)
            yield Label("Role", classes="field-label")
            yield Input(placeholder="keyworker", id="field-role", max_length=40)
            yield Static("", id="error-role", classes="field-error", markup=False)
            with Horizontal(classes="staff-pair"):
                with Vertical():
                    yield Label("Login", classes="field-label")
                    yield NoQuestionInput(
                        placeholder="e.g. jbramley", id="field-login", max_length=63
                    )
                with Vertical():
                    yield Label("Access", classes="field-label")
                    yield NoQuestionInput(
                        placeholder="keyworker, lead or report", id="field-access", max_length=12
                    )
            yield Static("", id="error-login", classes="field-error", markup=False)
            yield Static("", id="error-access", classes="field-error", markup=False)
            yield from self.buttons("Save")
        yield FamaFooter()

    def on_mount(self) -> None:
        form = StaffForm.from_member(self.member) if self.member else StaffForm()
        for name in self.FIELDS:
            self.query_one(f"#field-{name}", Input).value = getattr(form, name)
        if self.member is not None:
            staff_id = self.query_one("#field-id", Input)
            staff_id.disabled = True
            staff_id.tooltip = "An id cannot be changed: it is the keyworker on client records."
            self.query_one("#field-name", Input).focus()

    def action_save(self) -> None:
        # What the dialog does not show (login, access) is kept as the member has it.
        shown = {n: self.query_one(f"#field-{n}", Input).value for n in self.FIELDS}
        kept = StaffForm.from_member(self.member) if self.member else StaffForm()
        form = dataclasses.replace(kept, **shown)
        try:
            member = self.casebook.staff.save(form, editing=self.member.id if self.member else None)
        except FormErrors as exc:
            self.show_errors(exc.errors)
            return
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8, markup=False)
            return
        self.notify(f"Saved {member.name} ({member.id}).", markup=False)
        self.dismiss(member.id)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "field-access":
            self.action_save()
        else:
            self.focus_next()


class LeftModal(StaffDialog):
    """The last day someone worked here, or that they are still here. Dismisses with the id,
    or None."""

    AUTO_FOCUS = "#field-date"
    FIELDS = ("date",)
    DATE_HINT = LEFT_HINT
    DATE_WHAT = "A leaving date"
    HELP_PAGE = "staff-left"
    BINDINGS: ClassVar[list[BindingType]] = [
        *_MODAL_BINDINGS,
        Binding("ctrl+d", "still_here", "Still here", priority=True, id="left.still-here"),
    ]

    def __init__(self, member: StaffMember) -> None:
        super().__init__()
        self.member = member

    def compose(self) -> ComposeResult:
        with Vertical(id="left-box", classes="staff-box") as box:
            box.border_title = plain(f"{self.member.name} left the team")
            yield Label("Last day here", classes="field-label")
            yield NoQuestionInput(placeholder="e.g. 30/11, fri, +14", id="field-date")
            yield Static("", id="date-hint", classes="staff-hint", markup=False)
            yield Static("", id="error-date", classes="field-error", markup=False)
            with Horizontal(classes="staff-buttons"):
                yield Button("Save (Ctrl+S)", classes="save", variant="primary")
                if self.member.left_on is not None:
                    yield Button("Still here (Ctrl+D)", id="still-here")
                yield Button("Cancel (Esc)", classes="cancel")
        yield FamaFooter()

    def on_mount(self) -> None:
        field = self.query_one("#field-date", Input)
        if self.member.left_on is not None:
            field.value = self.member.left_on.isoformat()
        self.update_date_hint(field.value)

    def read_day(self, text: str) -> date:
        return parse_left_day(text, self.casebook.today)

    @on(Input.Submitted, "#field-date")
    def _date_submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#still-here")
    def _still_here_pressed(self) -> None:
        self.action_still_here()

    def action_save(self) -> None:
        try:
            day = self.read_day(self.query_one("#field-date", Input).value)
        except DateTextError as exc:
            self.show_errors({"date": str(exc)})
            return
        self._keep(day)

    def action_still_here(self) -> None:
        self._keep(None)

    def _keep(self, day: date | None) -> None:
        try:
            member = self.casebook.staff.mark_left(self.member.id, day)
        except DateTextError as exc:
            self.show_errors({"date": str(exc)})
            return
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8, markup=False)
            return
        if day is None:
            self.notify(f"{member.name} is on today's lists again.", markup=False)
        else:
            self.notify(f"{member.name}: last day here {fmt_day(day)}.", markup=False)
        self.dismiss(member.id)


class ConfirmModal(ConfirmDialog):
    """Ask before removing something from a staff member's record."""

    CSS_PATH = "../staff.tcss"
    BOX_CLASSES = "staff-box"
    BUTTON_CLASSES = "staff-buttons"
    YES_VARIANT = "error"
    HELP_PAGE = "confirm-removal"

    def __init__(self, question: str, yes: str) -> None:
        super().__init__("Are you sure?", question, yes, no="Keep")
