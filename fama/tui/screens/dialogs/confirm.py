"""One "are you sure?" dialog for every key that changes or drops something: it names what
the key acts on and what will happen, **y** goes ahead, **n** or **Esc** leaves it be."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from fama.tui.plain import plain
from fama.tui.screens.base import FamaModal
from fama.tui.widgets.footer import FamaFooter


class ConfirmDialog(FamaModal):
    """Ask first. Dismisses with True (y, or the yes button) or False (n, Esc, the other)."""

    AUTO_FOCUS = "#confirm-no"
    BOX_CLASSES: ClassVar[str] = "modal-box"
    """The class the screen's stylesheet gives its dialogs' box."""
    BUTTON_CLASSES: ClassVar[str] = "modal-buttons"
    YES_VARIANT: ClassVar[str] = "warning"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.answer-true"),
        Binding("n,escape", "answer(False)", "No", id="confirm.answer-false"),
    ]

    def __init__(self, title: str, question: str, yes: str, no: str = "No") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes=self.BOX_CLASSES) as box:
            box.border_title = plain(self.title_text)
            yield Static(self.question, id="confirm-question", markup=False)
            with Horizontal(classes=self.BUTTON_CLASSES):
                yield Button(
                    plain(f"{self.yes} (y)"),
                    id="confirm-yes",
                    variant=self.YES_VARIANT,  # type: ignore[arg-type]
                )
                yield Button(plain(f"{self.no} (n / Esc)"), id="confirm-no")
        yield FamaFooter()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")
