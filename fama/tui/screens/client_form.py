"""Add or edit a client: plain fields, a message beside each field that needs fixing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Static

from fama.clients.form import FORM_FIELDS, ClientForm, EditConflict, FormErrors
from fama.errors import StoreError
from fama.models import Substance
from fama.text.dates import Toward
from fama.tui.screens.base import FormScreen
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.inputs import NoQuestionInput
from fama.tui.widgets.ticks import TickBox
from fama.tui.widgets.title_bar import TitleBar

FIELDS: tuple[tuple[str, str, str], ...] = (
    ("code", "Client code", "The service's reference, e.g. KB-1042 (never a name)"),
    ("keyworker", "Keyworker", "Initials, e.g. JB"),
    ("postcode_district", "Postcode district", "First half only, e.g. SE1 or M14"),
    ("substances", "Substances", "Comma-separated, e.g. alcohol, crack"),
    ("episode_start", "Episode started", "e.g. 03/09/2026, 1/9 or 4w"),
    ("next_review", "Next care-plan review", "e.g. 01/12/2026, +14 or fri (optional)"),
)


DATE_FIELDS: dict[str, Toward] = {"episode_start": "past", "next_review": "future"}


class ClientFormScreen(FormScreen):
    """Add a client or edit one; saves only the fields changed, onto the record as stored."""

    AUTO_FOCUS = "#field-code"
    HELP_PAGE = "client-form"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="client-form.save"),
        Binding("escape", "cancel", "Cancel", id="client-form.cancel"),
        # No field of this form can hold a '?', so it opens help from any field.
        Binding(
            "question_mark", "app.help", "Help", show=False, priority=True, id="client-form.help"
        ),
    ]

    def __init__(self, code: str | None = None) -> None:
        super().__init__()
        self.editing = code
        self.started: ClientForm | None = None
        """The client as the form was opened on (for saving only what was changed)."""
        self.title = f"Edit client {code}" if code else "New client"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="form-body"):
            for name, label, placeholder in FIELDS:
                yield Label(label, classes="field-label")
                suggester = (
                    SuggestFromList([s.value for s in Substance], case_sensitive=False)
                    if name == "substances"
                    else None
                )
                yield NoQuestionInput(
                    placeholder=placeholder, id=f"field-{name}", suggester=suggester
                )
                yield Static("", id=f"error-{name}", classes="field-error", markup=False)
            yield TickBox(
                "Seeking help for someone else (a family member or friend)", id="field-for_family"
            )
            with Horizontal(id="form-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")
        yield FamaFooter()

    def on_mount(self) -> None:
        if self.editing is None:
            staff = self.casebook.staff.current()
            if len(staff) == 1:
                self.query_one("#field-keyworker", Input).value = staff[0].id
            return
        try:
            client = self.casebook.clients.record(self.editing).client
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            self.dismiss(None)
            return
        form = ClientForm.from_client(client)
        self.started = form
        self.show_form(form)
        code_input = self.query_one("#field-code", Input)
        code_input.disabled = True
        code_input.tooltip = "A client's code cannot be changed."
        self.query_one("#field-keyworker", Input).focus()

    def show_form(self, form: ClientForm, only: Iterable[str] | None = None) -> None:
        """Put a form's values in the fields (``only`` those named, when given)."""
        names = set(only) if only is not None else None
        for name, _, _ in FIELDS:
            if names is None or name in names:
                self.query_one(f"#field-{name}", Input).value = getattr(form, name)
        if names is None or "for_family" in names:
            self.query_one("#field-for_family", Checkbox).value = form.for_family

    def read_form(self) -> ClientForm:
        form = ClientForm(for_family=self.query_one("#field-for_family", Checkbox).value)
        for name, _, _ in FIELDS:
            setattr(form, name, self.query_one(f"#field-{name}", Input).value)
        return form

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, _, _ in FIELDS:
            message = errors.get(name, "")
            self.query_one(f"#error-{name}", Static).update(message)
            self.query_one(f"#field-{name}", Input).set_class(bool(message), "-invalid")
        first = next((name for name, _, _ in FIELDS if name in errors), None)
        if first:
            self.query_one(f"#field-{first}", Input).focus()

    def action_save(self) -> None:
        form = self.read_form()
        try:
            if self.editing is None:
                client = self.casebook.clients.add(form)
            else:
                client = self.casebook.clients.update(self.editing, form, started=self.started)
        except EditConflict as exc:
            self.refresh_from_store(form)
            self.show_errors(exc.errors)
            self.notify(
                "Someone else changed this client since you opened it: nothing was saved. "
                "Their values and yours are beside the fields.",
                severity="warning",
                timeout=10,
            )
            return
        except FormErrors as exc:
            self.show_errors(exc.errors)
            self.notify_errors(len(exc.errors))
            return
        except StoreError as exc:
            self.show_errors({"code": str(exc)} if "code" in str(exc) else {})
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.notify(f"Saved client {client.code}.")
        self.dismiss(client.code)

    def refresh_from_store(self, form: ClientForm) -> None:
        """After a conflict: what others saved fills the fields this person left alone, and
        becomes what the next save compares against (so it saves what is shown)."""
        if self.editing is None or self.started is None:
            return
        current = ClientForm.from_client(self.casebook.clients.record(self.editing).client)
        mine = set(form.changed_from(self.started))
        self.show_form(current, only=[n for n in FORM_FIELDS if n not in mine])
        self.started = current

    def on_input_changed(self, event: Input.Changed) -> None:
        """Under a date field, the date understood (as the conversation's date fields do)."""
        name = (event.input.id or "").removeprefix("field-")
        if name not in DATE_FIELDS:
            return
        from fama.clients.form import parse_date
        from fama.text.dates import describe_day

        note = self.query_one(f"#error-{name}", Static)
        today = self.casebook.today
        try:
            day = parse_date(event.value, today, DATE_FIELDS[name])
        except ValueError:
            note.update("")
            return
        note.update(f"Understood: {describe_day(day, today)}" if day else "")
        event.input.remove_class("-invalid")

    def on_input_submitted(self) -> None:
        """Enter in a field moves on, like Tab; Enter on the last field saves."""
        if self.focused is self.query_one("#field-next_review", Input):
            self.action_save()
        else:
            self.focus_next()
