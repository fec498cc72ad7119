"""The self-assessment's dialogs: comments and supporting evidence for one item, and the
export of the whole tool.

Each takes what it shows in its constructor and hands back by ``dismiss`` (the export saves
through the casebook itself, in a worker), so neither imports the assessment screen. Their
styles live in the screen's ``assessment.tcss``, loaded before either opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from fama.errors import StoreError
from fama.tui.messages import ExportSaved, WorkFailed
from fama.tui.screens.base import FamaModal

if TYPE_CHECKING:
    from fama.assessment.period import Period


class CommentModal(FamaModal):
    """Comments and supporting evidence for one item."""

    AUTO_FOCUS = "#comment-text"
    HELP_PAGE = "comment"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="comment.cancel")
    ]

    def __init__(self, item_id: str, comments: str, evidence: str) -> None:
        super().__init__()
        self.item_id = item_id
        self.comments = comments
        self.evidence = evidence

    def compose(self) -> ComposeResult:
        with Vertical(classes="assessment-modal"):
            yield Static(f"Item {self.item_id}", classes="modal-title", markup=False)
            yield Label("Comments")
            yield Input(self.comments, id="comment-text", max_length=4000)
            yield Label("Supporting evidence")
            yield Input(self.evidence, id="evidence-text", max_length=4000)
            with Horizontal(classes="modal-buttons"):
                yield Button("Save (Enter)", id="comment-save", variant="primary")
                yield Button("Cancel (Esc)", id="comment-cancel")

    @on(Input.Submitted, "#comment-text")
    def _next(self) -> None:
        self.query_one("#evidence-text", Input).focus()

    @on(Input.Submitted, "#evidence-text")
    @on(Button.Pressed, "#comment-save")
    def _save(self) -> None:
        self.dismiss(
            (
                self.query_one("#comment-text", Input).value.strip(),
                self.query_one("#evidence-text", Input).value.strip(),
            )
        )

    @on(Button.Pressed, "#comment-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportModal(FamaModal):
    """Export the whole tool to the documents folder."""

    AUTO_FOCUS = "#export-md"
    HELP_PAGE = "export"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("s", "toggle_small", "Small numbers", show=False, id="export.toggle-small"),
    ]
    FORMATS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("md", "Markdown"),
        ("html", "HTML (prints on A4)"),
        ("csv", "CSV"),
        ("json", "JSON"),
        ("xlsx", "Excel"),
    )

    def __init__(self, service: str, period: Period) -> None:
        super().__init__()
        self.service = service
        self.period = period
        self.small = False
        self.exporting = False
        """A file is being counted and written; another press waits for it."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="assessment-modal"):
            yield Static(
                f"Export the self-assessment, {self.period.label}",
                classes="modal-title",
                markup=False,
            )
            with Horizontal(classes="modal-buttons"):
                for fmt, label in self.FORMATS:
                    yield Button(label, id=f"export-{fmt}")
            yield Static("", id="small-state", markup=False)
            yield Static(
                "Tab chooses a format, Enter saves it to your documents folder; Esc closes.",
                classes="export-hint",
            )
            yield Static("", id="export-result", markup=False)

    def on_mount(self) -> None:
        self._show_small()

    def _show_small(self) -> None:
        self.query_one("#small-state", Static).update(
            "S: counts from 1 to 4 shown as “<5” (for reports that leave the service): "
            + ("on" if self.small else "off")
        )

    def action_toggle_small(self) -> None:
        self.small = not self.small
        self._show_small()

    @on(Button.Pressed)
    def _export(self, event: Button.Pressed) -> None:
        """Count and write the chosen format in a worker: the evidence reads every client
        record, so the dialog (and Esc) stays responsive meanwhile."""
        if self.exporting:
            return
        fmt = (event.button.id or "").removeprefix("export-")
        self.exporting = True
        self.query_one("#export-result", Static).update(
            "Counting the evidence and writing the file..."
        )
        self.write_export(fmt, self.small)

    @work(thread=True, exclusive=True, group="export")
    def write_export(self, fmt: str, small: bool) -> None:
        """Worker: the export is counted and written off the UI thread; the outcome is
        posted back as a message."""
        from platformdirs import user_documents_path

        folder = user_documents_path() / "fama self-assessment"
        try:
            target = self.casebook.assessment.save_export(
                self.service, self.period, fmt, folder, suppress_small=small
            )
        except (StoreError, ValueError, OSError) as exc:
            self.post_message(WorkFailed(f"Could not export: {exc}"))
            return
        self.post_message(ExportSaved(target))

    @on(ExportSaved)
    def _saved(self, message: ExportSaved) -> None:
        self.exporting = False
        self.query_one("#export-result", Static).update(f"Saved {message.target}")
        self.notify(f"Saved {message.target}", timeout=8, markup=False)

    @on(WorkFailed)
    def _failed(self, message: WorkFailed) -> None:
        self.exporting = False
        self.query_one("#export-result", Static).update(message.problem)

    def action_cancel(self) -> None:
        self.dismiss(None)
