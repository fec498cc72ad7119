"""The help overlay: the current screen's help text, read in Textual's Markdown widget."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from fama.tui.help_pages import help_page
from fama.tui.plain import plain


class HelpScreen(ModalScreen[None]):
    """Help for the screen underneath: its keys and what it is for."""

    AUTO_FOCUS = "#help-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close help", id="help.dismiss"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.help_title = title
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            # The screen title may hold stored text (a handout title): shown as written.
            body.border_title = plain(f"Help: {self.help_title}")
            yield Markdown(self.text + "\n\n" + help_page("everywhere"))
            yield Static("Esc closes this help.", classes="hint")
