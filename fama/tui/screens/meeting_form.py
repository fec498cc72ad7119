"""Add or edit a local meeting or recovery group (self-assessment annex 2).

Plain fields with a message beside each one that needs fixing; the rules live in
:mod:`fama.directory.meeting_form`. Only the service's own (local) entries can be edited:
an imported meeting is changed at its source.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from fama.directory.meeting_form import (
    FormErrors,
    MeetingForm,
    edit_refusal,
)
from fama.errors import StoreError
from fama.models import AccessNeed, Attendance, Audience, Weekday
from fama.models.meeting import Meeting
from fama.models.organisations import ORGANISATIONS, OrgCode
from fama.tui.screens.base import FormScreen
from fama.tui.screens.dialogs.meeting_dialogs import move_on_after_choice
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.inputs import NoQuestionInput
from fama.tui.widgets.ticks import TickBox, TickSelectionList
from fama.tui.widgets.title_bar import TitleBar

ERROR_FIELDS = (
    "organisation",
    "name",
    "weekday",
    "start",
    "end",
    "attendance",
    "venue",
    "postcode",
    "address",
    "online_url",
    "phone",
    "open_meeting",
    "audience",
    "access",
    "notes",
)


def _field(
    label: str, widget: Input | Select[OrgCode] | Select[Weekday] | Select[Attendance], name: str
) -> ComposeResult:
    yield Label(label, classes="field-label")
    yield widget
    yield Static("", id=f"error-{name}", classes="field-error", markup=False)


def _tag_selections(labels: dict[str, str], chosen: list[str]) -> list[Selection[str]]:
    """The vocabulary's tags, then any other tag this meeting already carries (kept)."""
    values = list(labels) + [t for t in chosen if t not in labels]
    return [
        Selection(Content(labels.get(value, value)), value, value in chosen) for value in values
    ]


class MeetingFormScreen(FormScreen):
    """Add a meeting the service knows of, or edit one it added."""

    CSS_PATH = "meetings.tcss"
    AUTO_FOCUS = "#field-organisation"
    HELP_PAGE = "meeting-form"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="meeting-form.save"),
        Binding("escape", "cancel", "Cancel", id="meeting-form.cancel"),
    ]

    PALETTE: ClassVar[dict[str, tuple[str, str]]] = {
        "meeting-form.save": ("Save meeting", "Save this meeting"),
        "meeting-form.cancel": ("Cancel", "Leave without saving"),
    }
    """The bindings the command palette offers, in its words (see fama.tui.palette)."""

    def __init__(self, meeting_id: str | None = None) -> None:
        super().__init__()
        self._choices: dict[str, object] = {}
        """Each list's value as last chosen (or filled in): a different value is a choice."""
        self.editing = meeting_id
        self.original: Meeting | None = None
        self.title = "Edit local meeting" if meeting_id else "New local meeting"

    def compose(self) -> ComposeResult:
        form = MeetingForm()
        if self.editing is not None:
            try:
                self.original = self.casebook.directory.meeting(self.editing)
            except StoreError as exc:
                self.notify(str(exc), severity="error", timeout=10, markup=False)
            else:
                form = MeetingForm.from_meeting(self.original)
        self._choices = {
            "field-organisation": form.organisation,
            "field-weekday": form.weekday if form.weekday is not None else Select.NULL,
            "field-attendance": form.attendance,
        }
        yield TitleBar()
        with VerticalScroll(id="meeting-form-body"):
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-col"):
                    yield from _field(
                        "Organisation",
                        Select(
                            [
                                (Text(f"{org.name} ({code.value})"), code)
                                for code, org in ORGANISATIONS.items()
                            ],
                            allow_blank=False,
                            value=form.organisation,
                            id="field-organisation",
                        ),
                        "organisation",
                    )
                with Vertical(classes="form-col wide"):
                    yield from _field(
                        "Name",
                        Input(
                            form.name,
                            placeholder="e.g. Kelbridge Recovery Café",
                            id="field-name",
                            select_on_focus=False,
                        ),
                        "name",
                    )
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-col"):
                    yield from _field(
                        "Day",
                        Select(
                            [(Text(d.label), d) for d in Weekday],
                            prompt="Choose a day",
                            value=form.weekday if form.weekday is not None else Select.NULL,
                            id="field-weekday",
                        ),
                        "weekday",
                    )
                with Vertical(classes="form-col"):
                    yield from _field(
                        "Starts",
                        NoQuestionInput(
                            form.start,
                            placeholder="19:30 or 7.30pm",
                            id="field-start",
                            select_on_focus=False,
                        ),
                        "start",
                    )
                with Vertical(classes="form-col"):
                    yield from _field(
                        "Ends (optional)",
                        NoQuestionInput(
                            form.end,
                            placeholder="21:00 or 9pm",
                            id="field-end",
                            select_on_focus=False,
                        ),
                        "end",
                    )
                with Vertical(classes="form-col"):
                    yield from _field(
                        "Attendance",
                        Select(
                            [(Text(a.value), a) for a in Attendance],
                            allow_blank=False,
                            value=form.attendance,
                            id="field-attendance",
                        ),
                        "attendance",
                    )
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-col"):
                    yield from _field(
                        "Venue",
                        Input(
                            form.venue,
                            placeholder="e.g. The Mill Yard",
                            id="field-venue",
                            select_on_focus=False,
                        ),
                        "venue",
                    )
                with Vertical(classes="form-col"):
                    yield from _field(
                        "Postcode",
                        NoQuestionInput(
                            form.postcode,
                            placeholder="e.g. SE1 7PB",
                            id="field-postcode",
                            select_on_focus=False,
                        ),
                        "postcode",
                    )
                with Vertical(classes="form-col"):
                    yield from _field(
                        "Address (optional)",
                        Input(
                            form.address,
                            placeholder="Street and town",
                            id="field-address",
                            select_on_focus=False,
                        ),
                        "address",
                    )
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-col"):
                    yield from _field(
                        "Online link",
                        Input(
                            form.online_url,
                            placeholder="https://…",
                            id="field-online_url",
                            select_on_focus=False,
                        ),
                        "online_url",
                    )
                with Vertical(classes="form-col"):
                    yield from _field(
                        "Phone",
                        NoQuestionInput(
                            form.phone,
                            placeholder="Dial-in number",
                            id="field-phone",
                            select_on_focus=False,
                        ),
                        "phone",
                    )
            with Horizontal(classes="form-row"):
                yield TickBox(
                    "Open meeting: anyone may come, not only people seeking help",
                    form.open_meeting,
                    id="field-open_meeting",
                )
                yield TickBox(
                    "Closed for now (paused; it will run again)",
                    form.temporarily_closed,
                    id="field-temporarily_closed",
                )
            yield Static("", id="error-open_meeting", classes="field-error", markup=False)
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-col"):
                    audience: SelectionList[str] = TickSelectionList(
                        *_tag_selections({a.value: a.label for a in Audience}, form.audience),
                        id="field-audience",
                    )
                    yield Label("Who it is for (Space ticks)", classes="field-label")
                    yield audience
                    yield Static("", id="error-audience", classes="field-error", markup=False)
                with Vertical(classes="form-col"):
                    access: SelectionList[str] = TickSelectionList(
                        *_tag_selections({a.value: a.label for a in AccessNeed}, form.access),
                        id="field-access",
                    )
                    yield Label("Access (Space ticks)", classes="field-label")
                    yield access
                    yield Static("", id="error-access", classes="field-error", markup=False)
            yield from _field(
                "Notes",
                Input(
                    form.notes,
                    placeholder="Anything a newcomer should know",
                    id="field-notes",
                    select_on_focus=False,
                ),
                "notes",
            )
            yield Static("", id="error-form", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")
        yield FamaFooter()

    def on_mount(self) -> None:
        if self.editing is None:
            return
        if self.original is None:
            self.dismiss(None)
            return
        refusal = edit_refusal(self.original)
        if refusal:
            self.notify(refusal, severity="warning", timeout=8, markup=False)
            self.dismiss(None)
            return
        self.sub_title = self.original.name

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        """A new choice moves on to the next field, so typing goes on into a text box."""
        name = event.select.id or ""
        if self._choices.get(name, event.value) != event.value:
            self._choices[name] = event.value
            move_on_after_choice(self, event.select)

    def read_form(self) -> MeetingForm:
        def value(name: str) -> str:
            return self.query_one(f"#field-{name}", Input).value

        weekday = self.query_one("#field-weekday", Select).value
        organisation = self.query_one("#field-organisation", Select).value
        attendance = self.query_one("#field-attendance", Select).value
        return MeetingForm(
            organisation=organisation if isinstance(organisation, OrgCode) else OrgCode.LOCAL,
            name=value("name"),
            weekday=weekday if isinstance(weekday, Weekday) else None,
            start=value("start"),
            end=value("end"),
            attendance=attendance if isinstance(attendance, Attendance) else Attendance.IN_PERSON,
            venue=value("venue"),
            address=value("address"),
            postcode=value("postcode"),
            online_url=value("online_url"),
            phone=value("phone"),
            open_meeting=self.query_one("#field-open_meeting", Checkbox).value,
            temporarily_closed=self.query_one("#field-temporarily_closed", Checkbox).value,
            audience=list(self.query_one("#field-audience", SelectionList).selected),
            access=list(self.query_one("#field-access", SelectionList).selected),
            notes=value("notes"),
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        for name in ERROR_FIELDS:
            message = errors.get(name, "")
            self.query_one(f"#error-{name}", Static).update(message)
            self.query_one(f"#field-{name}").set_class(bool(message), "-invalid")
        known = set(ERROR_FIELDS)
        self.query_one("#error-form", Static).update(
            " ".join(message for name, message in errors.items() if name not in known)
        )
        first = next((name for name in ERROR_FIELDS if name in errors), None)
        if first:
            self.query_one(f"#field-{first}").focus()

    def action_save(self) -> None:
        form = self.read_form()
        try:
            meeting = self.casebook.directory.save_local(form, self.editing)
        except FormErrors as exc:
            self.show_errors(exc.errors)
            self.notify_errors(len(exc.errors))
            return
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.notify(f"Saved “{meeting.name}”.", markup=False)
        self.dismiss(meeting.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field moves on, like Tab; Enter in the notes saves."""
        if event.input.id == "field-notes":
            self.action_save()
        else:
            self.focus_next()
