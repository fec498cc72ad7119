"""The Staff screen's dialogs for the evidence a keyworker builds up: a training course
done, and a meeting sat in on for insight (PHE self-assessment items 3.5, 3.6 and 4.3).

They share :class:`StaffDialog` (Ctrl+S saves, Esc cancels, one sentence beside the field
that needs fixing) with the other staff dialogs; each dismisses with the member's id once
the casebook has saved, or None.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from fama.casebook.staff import NOTE_MAX
from fama.errors import StoreError
from fama.models.organisations import ORGANISATIONS, OrgCode
from fama.models.staff import StaffMember, TrainingKind
from fama.text.dates import DateTextError
from fama.tui.plain import plain
from fama.tui.screens.dialogs.staff_dialogs import StaffDialog, fmt_day
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.inputs import NoQuestionInput, pass_typing_on


class TrainingModal(StaffDialog):
    """Add training: the kind (a quick pick) and the date. Dismisses with the id, or None."""

    AUTO_FOCUS = "#field-kind"
    FIELDS = ("kind", "date")
    DATE_WHAT = "A training date"
    HELP_PAGE = "training"

    def __init__(self, member: StaffMember) -> None:
        super().__init__()
        self.member = member

    def compose(self) -> ComposeResult:
        with Vertical(id="training-box", classes="staff-box") as box:
            box.border_title = plain(f"Add training for {self.member.name}")
            yield Label("Training", classes="field-label")
            yield OptionList(
                *[Option(Text(kind.value), id=kind.name) for kind in TrainingKind],
                id="field-kind",
            )
            yield Static("", id="error-kind", classes="field-error", markup=False)
            yield Label("Completed on", classes="field-label")
            yield NoQuestionInput(placeholder="e.g. 14/3, today, -7", id="field-date")
            yield Static("", id="date-hint", classes="staff-hint", markup=False)
            yield Static("", id="error-date", classes="field-error", markup=False)
            yield from self.buttons("Add training")
        yield FamaFooter()

    def on_mount(self) -> None:
        have = {t.kind for t in self.member.training}
        kinds = list(TrainingKind)
        missing = [i for i, k in enumerate(kinds) if k not in have]
        self.query_one("#field-kind", OptionList).highlighted = missing[0] if missing else 0
        self.update_date_hint("")

    def chosen_kind(self) -> TrainingKind | None:
        index = self.query_one("#field-kind", OptionList).highlighted
        return list(TrainingKind)[index] if index is not None else None

    @on(OptionList.OptionSelected, "#field-kind")
    def _kind_chosen(self) -> None:
        self.query_one("#field-date", Input).focus()

    @on(Input.Submitted, "#field-date")
    def _date_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        errors: dict[str, str] = {}
        kind = self.chosen_kind()
        if kind is None:
            errors["kind"] = "Choose the training."
        day: date | None = None
        try:
            day = self.read_day(self.query_one("#field-date", Input).value)
        except DateTextError as exc:
            errors["date"] = str(exc)
        if errors or kind is None or day is None:
            self.show_errors(errors)
            return
        try:
            member = self.casebook.staff.add_training(self.member.id, kind, day)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8, markup=False)
            return
        except ValueError as exc:
            self.show_errors({"date": str(exc)})
            return
        self.notify(f"Added {kind.value} training ({fmt_day(day)}) for {member.name}.")
        self.dismiss(member.id)


class InsightVisitModal(StaffDialog):
    """Add a meeting sat in on for insight. Dismisses with the id, or None."""

    AUTO_FOCUS = "#field-date"
    FIELDS = ("date", "organisation", "note")
    DATE_WHAT = "A visit date"
    HELP_PAGE = "insight-visit"

    def __init__(self, member: StaffMember) -> None:
        super().__init__()
        self.member = member

    def compose(self) -> ComposeResult:
        with Vertical(id="visit-box", classes="staff-box") as box:
            box.border_title = plain(f"Add an insight visit for {self.member.name}")
            yield Label("Date of the meeting", classes="field-label")
            yield NoQuestionInput(placeholder="e.g. 14/3, yesterday, tue", id="field-date")
            yield Static("", id="date-hint", classes="staff-hint", markup=False)
            yield Static("", id="error-date", classes="field-error", markup=False)
            yield Label("Organisation (Up / Down, Enter)", classes="field-label")
            yield OptionList(
                *[
                    Option(Text(f"{code.value} · {org.name}"), id=code.value)
                    for code, org in ORGANISATIONS.items()
                ],
                id="field-organisation",
            )
            yield Static("", id="error-organisation", classes="field-error", markup=False)
            yield Label("Note (optional)", classes="field-label")
            yield Input(
                placeholder="What you learnt, who you met", id="field-note", max_length=NOTE_MAX
            )
            yield Static("", id="error-note", classes="field-error", markup=False)
            yield from self.buttons("Add visit")
        yield FamaFooter()

    def on_mount(self) -> None:
        self.update_date_hint("")
        # Nothing is chosen for the person: Down highlights the first organisation.
        self.query_one("#field-organisation", OptionList).highlighted = None

    @on(Input.Submitted, "#field-date")
    def _date_submitted(self) -> None:
        self.query_one("#field-organisation", OptionList).focus()

    def chosen_organisation(self) -> OrgCode | None:
        """The highlighted organisation: a list in the dialog, not a drop-down, so choosing
        one never leaves an overlay open or takes the focus back from the note."""
        index = self.query_one("#field-organisation", OptionList).highlighted
        return list(ORGANISATIONS)[index] if index is not None else None

    @on(OptionList.OptionSelected, "#field-organisation")
    def _organisation_chosen(self) -> None:
        self.query_one("#field-note", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing on the organisation list goes into the note, never lost."""
        if self.focused is self.query_one("#field-organisation", OptionList):
            pass_typing_on(event, self.query_one("#field-note", Input))

    @on(Input.Submitted, "#field-note")
    def _note_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        errors: dict[str, str] = {}
        day: date | None = None
        try:
            day = self.read_day(self.query_one("#field-date", Input).value)
        except DateTextError as exc:
            errors["date"] = str(exc)
        organisation = self.chosen_organisation()
        if organisation is None:
            errors["organisation"] = "Choose the organisation whose meeting it was."
        note = self.query_one("#field-note", Input).value
        if errors or day is None or organisation is None:
            self.show_errors(errors)
            return
        try:
            member = self.casebook.staff.add_insight_visit(self.member.id, day, organisation, note)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8, markup=False)
            return
        except ValueError as exc:
            field = "date" if "date" in str(exc) else "note"
            self.show_errors({field: str(exc)})
            return
        self.notify(
            f"Added a {organisation.value} visit ({fmt_day(day)}) for {member.name}.",
            markup=False,
        )
        self.dismiss(member.id)
