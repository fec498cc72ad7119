"""The Contacts screen's dialogs: a contact (new or changed) and a fellowship member's visit.

One field a line (label beside a borderless input), so the whole form fits 80×24. The
casebook checks what was typed and answers in one sentence, shown under the form; nothing
is saved until it is right. Ctrl+S saves, Esc cancels; each dismisses with the contact's
or visit's id once saved, or None.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Static

from fama.casebook.contacts import ContactError
from fama.errors import StoreError
from fama.models.contact import Contact
from fama.staff.form import parse_past_day
from fama.text.dates import DateTextError
from fama.tui.plain import plain
from fama.tui.screens.base import FamaModal
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.inputs import NoQuestionInput
from fama.tui.widgets.ticks import SpaceCheckbox

_BINDINGS: list[BindingType] = [
    Binding("ctrl+s", "save", "Save", priority=True, id="contact-dialogs.save"),
    Binding("escape", "cancel", "Cancel", id="contact-dialogs.cancel"),
]

CONTACT_FIELDS = (
    ("organisation", "Organisation", "AA, NA, CA, DAA, SMART, Peer mentors, ..."),
    ("name", "First name", "first name only"),
    ("role", "Role", "or beside it: NA H&I secretary"),
    ("position", "Position", "AA health liaison, SMART facilitator, ..."),
    ("phone", "Phone", "07700 900123"),
    ("email", "Email", "name@example.org"),
    ("when", "When to call", "weekday evenings"),
    ("covers", "Covers", "meeting ids or districts: DE1 DE22"),
)
"""Each field of the contact form: its name, label and placeholder."""


class _FormDialog(FamaModal):
    """A one-line-a-field form: Ctrl+S saves, Esc cancels, one sentence under the form."""

    CSS_PATH = "../contacts.tcss"
    BINDINGS: ClassVar[list[BindingType]] = _BINDINGS

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    def line(self, name: str, label: str, placeholder: str, value: str = "") -> ComposeResult:
        with Horizontal(classes="contact-line"):
            yield Label(label, classes="contact-label")
            yield NoQuestionInput(value, placeholder=placeholder, id=f"field-{name}")

    def closing(self, save_label: str) -> ComposeResult:
        yield Static("", id="contact-error", markup=False)
        with Horizontal(classes="contact-buttons"):
            yield Button(plain(f"{save_label} (Ctrl+S)"), classes="save", variant="primary")
            yield Button("Cancel (Esc)", classes="cancel")

    def value(self, name: str) -> str:
        return self.query_one(f"#field-{name}", Input).value

    def refuse(self, message: str) -> None:
        self.query_one("#contact-error", Static).update(message)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        if event.button.has_class("save"):
            self.action_save()
        elif event.button.has_class("cancel"):
            self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()


class ContactModal(_FormDialog):
    """Add a contact who agreed to be listed, or change one (only the fields changed are
    saved, and "details checked today" renews the check)."""

    AUTO_FOCUS = "#field-organisation"
    HELP_PAGE = "contact-form"

    def __init__(self, contact: Contact | None = None) -> None:
        super().__init__()
        self.contact = contact

    def _initial(self) -> dict[str, str]:
        c = self.contact
        if c is None:
            return {}
        return {
            "organisation": c.organisation.value,
            "name": c.name,
            "role": c.role,
            "position": c.position.value,
            "phone": c.phone,
            "email": c.email,
            "when": c.when,
            "covers": " ".join([*c.meetings, *c.areas]),
        }

    def compose(self) -> ComposeResult:
        initial = self._initial()
        with Vertical(id="contact-box", classes="contact-box") as box:
            box.border_title = (
                "New contact" if self.contact is None else plain(f"Edit {self.contact.called}")
            )
            for name, label, placeholder in CONTACT_FIELDS:
                yield from self.line(name, label, placeholder, initial.get(name, ""))
            if self.contact is None:
                yield SpaceCheckbox("They agreed to be listed (Space)", id="field-consent")
            else:
                yield SpaceCheckbox("Details checked with them today (Space)", id="field-checked")
            yield from self.closing("Save contact")
        yield FamaFooter()

    def action_save(self) -> None:
        typed = {name: self.value(name) for name, _, _ in CONTACT_FIELDS}
        try:
            if self.contact is None:
                consent = self.query_one("#field-consent", Checkbox).value
                saved = self.casebook.contacts.add({**typed, "consent": consent})
            else:
                before = self._initial()
                changed: dict[str, Any] = {k: v for k, v in typed.items() if v != before[k]}
                if self.query_one("#field-checked", Checkbox).value:
                    changed["checked"] = True
                if not changed:
                    self.dismiss(None)
                    return
                saved = self.casebook.contacts.edit(self.contact.id, changed)
        except ContactError as exc:
            self.refuse(str(exc))
            return
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8, markup=False)
            return
        self.notify(f"Kept {saved.called} ({saved.organisation.value}).", markup=False)
        self.dismiss(saved.id)


class VisitModal(_FormDialog):
    """Record a fellowship member's visit to talk to clients or staff (2.4, 2.5, 3.4)."""

    AUTO_FOCUS = "#field-organisation"
    HELP_PAGE = "contact-visit"

    def compose(self) -> ComposeResult:
        with Vertical(id="visit-box", classes="contact-box") as box:
            box.border_title = "A fellowship member's visit"
            yield from self.line("organisation", "Organisation", "AA, NA, CA, SMART, ...")
            yield from self.line("to", "To whom", "clients or staff")
            yield from self.line("date", "Date", "today, 14/3, -7 (default today)")
            yield from self.line("note", "Note", "optional, no client details")
            yield from self.closing("Record visit")
        yield FamaFooter()

    def action_save(self) -> None:
        day: date | None = None
        text = self.value("date").strip()
        try:
            if text:
                day = parse_past_day(text, self.casebook.today, "A visit date")
            visit = self.casebook.contacts.record_visit(
                day, self.value("organisation"), self.value("to"), self.value("note")
            )
        except (ContactError, DateTextError) as exc:
            self.refuse(str(exc))
            return
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8, markup=False)
            return
        self.notify(
            f"Recorded a {visit.organisation.value} visit to {visit.to_whom.value}.",
            markup=False,
        )
        self.dismiss(visit.id)
