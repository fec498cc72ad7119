"""The Meetings screen's dialogs: flag a meeting, ask before changing one, the sources.

Each names the meeting it acts on (with markup off), so a keyworker sees which row a key
is about to change before anything is stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Label, OptionList, Select, Static

from fama.casebook.directory import SourceInfo
from fama.directory.browse import days_ago, local_date
from fama.models.meeting import FlagKind, Meeting
from fama.tui.screens.base import FamaModal
from fama.tui.screens.dialogs.confirm import ConfirmDialog
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.inputs import pass_typing_on

FLAG_HINTS = {
    FlagKind.DID_NOT_RUN: "did not run: nobody there at the time listed",
    FlagKind.MOVED: "moved: it meets somewhere or sometime else now",
    FlagKind.NOT_NEWCOMER_FRIENDLY: "not newcomer-friendly: the client was not made welcome",
}


def meeting_words(meeting: Meeting) -> str:
    """``AA Just for Today, Tue 19:00-20:30``: how a dialog names the meeting it acts on."""
    return f"{meeting.organisation.value} {meeting.name}, {meeting.when}"


def move_on_after_choice(screen: Screen[Any], select: Select[Any]) -> None:
    """After a choice is made from the keyboard, move on to the next field, so what the
    keyworker types next goes into a text box and never into the closed list (which would
    read it as a search and change the choice)."""

    def move() -> None:
        if select.has_focus_within and not select.expanded:
            screen.focus_next()

    screen.call_after_refresh(move)


class ConfirmMeetingModal(ConfirmDialog):
    """Ask before changing a meeting: names it and says what will change."""

    CSS_PATH = "../meetings.tcss"
    HELP_PAGE = "confirm-meeting"


class FlagMeetingModal(FamaModal):
    """Record a dead end against a meeting. Dismisses with ``(kind, note)`` or None."""

    AUTO_FOCUS = "#flag-kind"
    CSS_PATH = "../meetings.tcss"
    HELP_PAGE = "flag-meeting"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="flag-meeting.save"),
        Binding("escape", "cancel", "Cancel", id="flag-meeting.cancel"),
    ]

    def __init__(self, meeting: Meeting) -> None:
        super().__init__()
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        with Vertical(id="flag-box", classes="modal-box") as box:
            box.border_title = "Flag a meeting"
            yield Static(meeting_words(self.meeting), id="flag-meeting", markup=False)
            yield Label("What happened", classes="field-label")
            yield OptionList(
                *[f"{n} {FLAG_HINTS[k]}" for n, k in enumerate(FlagKind, start=1)],
                id="flag-kind",
                markup=False,
            )
            yield Static("", id="error-kind", classes="field-error", markup=False)
            yield Label("Note (optional)", classes="field-label")
            yield Input(
                placeholder="What happened, when, and who found out",
                id="flag-note",
                max_length=1000,
                select_on_focus=False,  # coming back to the note never replaces it
            )
            with Horizontal(classes="modal-buttons"):
                yield Button("Save flag (Ctrl+S)", id="flag-save", variant="primary")
                yield Button("Cancel (Esc)", id="flag-cancel")
        yield FamaFooter()

    def on_mount(self) -> None:
        # Nothing is chosen for the person: Down (or 1-3) picks.
        self.query_one("#flag-kind", OptionList).highlighted = None

    def chosen_kind(self) -> FlagKind | None:
        """The highlighted kind: a list in the dialog, not a drop-down that reopens."""
        index = self.query_one("#flag-kind", OptionList).highlighted
        return None if index is None else list(FlagKind)[index]

    def on_key(self, event: events.Key) -> None:
        """On the list, 1-3 choose; any other character typed goes into the note."""
        kinds = self.query_one("#flag-kind", OptionList)
        if self.focused is not kinds or not event.is_printable or event.character is None:
            return
        if event.character in "123"[: len(FlagKind)]:
            event.stop()
            event.prevent_default()
            kinds.highlighted = int(event.character) - 1
            self._kind_chosen()
            return
        pass_typing_on(event, self.query_one("#flag-note", Input))

    def action_save(self) -> None:
        kind = self.chosen_kind()
        if kind is None:
            self.query_one("#error-kind", Static).update("Choose what happened.")
            self.query_one("#flag-kind", OptionList).focus()
            return
        self.dismiss((kind, self.query_one("#flag-note", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#flag-kind")
    def _kind_chosen(self) -> None:
        if self.chosen_kind() is not None:
            self.query_one("#error-kind", Static).update("")
            self.query_one("#flag-note", Input).focus()

    @on(Input.Submitted, "#flag-note")
    def _note_submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        if event.button.id == "flag-save":
            self.action_save()
        else:
            self.action_cancel()


class SourcesModal(FamaModal):
    """Each source of the directory, its meetings, and how old it is (self-assessment 1.1)."""

    AUTO_FOCUS = "#sources"
    CSS_PATH = "../meetings.tcss"
    HELP_PAGE = "sources"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,s", "close", "Close", id="sources.close"),
    ]

    def __init__(self, sources: list[SourceInfo], today: date) -> None:
        super().__init__()
        self.sources = sources
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="sources-box", classes="modal-box") as box:
            box.border_title = "Sources of the directory"
            table: DataTable[Text] = DataTable(id="sources", cursor_type="row")
            for label in ("Source", "Kind", "Meetings", "Active", "Imported", "Last verified"):
                table.add_column(Text(label), key=label.lower())
            for info in self.sources:
                table.add_row(
                    Text(info.source),
                    Text(info.kind),
                    Text(str(info.meetings), justify="right"),
                    Text(str(info.active), justify="right"),
                    Text(self._imported(info)),
                    Text(self._verified(info)),
                    key=info.source,
                )
            yield table
            if not self.sources:
                yield Static("No meetings yet: import a feed or add a local group.", markup=False)
            yield Static("Esc closes.", classes="hint", markup=False)
        yield FamaFooter()

    def _ago(self, day: date) -> str:
        return f"{day:%d %b %Y} ({days_ago((self.today - day).days)})"

    def _imported(self, info: SourceInfo) -> str:
        if info.imported_at is None:
            return "entered here" if info.kind == "local" else "not recorded"
        return self._ago(local_date(info.imported_at))

    def _verified(self, info: SourceInfo) -> str:
        return self._ago(info.last_verified) if info.last_verified else "never verified"

    def action_close(self) -> None:
        self.dismiss(None)
