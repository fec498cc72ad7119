"""Ask before Ctrl+Q drops something typed but not yet saved.

A screen says what would be lost through ``unsaved_work()`` (see :class:`FamaScreen`); the
app asks here before quitting when any screen on the stack has something. Quitting with
nothing typed is still one key.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Static

from fama.tui.screens.base import FamaModal


class QuitCheckModal(FamaModal):
    """'Quit and drop …?' Dismisses with True (y: quit) or False (n, Esc: stay)."""

    AUTO_FOCUS = "#quit-stay"
    DEFAULT_CSS = """
    QuitCheckModal { align: center middle; }
    #quit-box {
        width: 64; max-width: 95%; height: auto;
        border: round $warning; border-title-style: bold;
        background: $surface; padding: 0 1;
    }
    #quit-question { margin: 1 0; height: auto; }
    #quit-buttons { height: auto; align-horizontal: right; }
    #quit-buttons Button { margin-left: 1; }
    """
    HELP = """\
# Quit now?

Something typed on a screen has not been saved yet.

| Key | Does |
|---|---|
| y | Quit, and drop what was typed |
| n or Esc | Stay, with what was typed still there |
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Quit"),
        Binding("n,escape", "answer(False)", "Stay"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, unsaved: list[str]) -> None:
        super().__init__()
        self.unsaved = unsaved

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-box") as box:
            box.border_title = "Quit fama?"
            yield Static(
                "Not saved yet: " + "; ".join(self.unsaved) + ". Quit and drop it?",
                id="quit-question",
                markup=False,
            )
            with Horizontal(id="quit-buttons"):
                yield Button("Quit (y)", id="quit-yes", variant="error")
                yield Button("Stay (n / Esc)", id="quit-stay", variant="primary")
        yield Footer()

    def action_answer(self, quit_now: bool) -> None:
        self.dismiss(quit_now)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "quit-yes")
