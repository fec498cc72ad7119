"""What every fama screen shares: the casebook, a help text, the help keys, and
notifications that show their message as plain text (see :mod:`fama.tui.plain`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import Button

from fama.tui.plain import PlainNotify

if TYPE_CHECKING:
    from fama.casebook.service import Casebook
    from fama.tui.app import FamaApp


HELP_BINDINGS: list[BindingType] = [
    Binding("f1", "app.help", "Help", id="help"),
    Binding("question_mark", "app.help", "Help", show=False, id="help-question-mark"),
]
"""F1 (and ?) open the help of whatever screen or dialog is on top: declared once, here."""


class FamaScreen(PlainNotify, Screen[Any]):
    """A full screen with on-screen help (F1 or ?)."""

    HELP_PAGE: ClassVar[str] = ""
    """The help page F1 / ? shows (:mod:`fama.tui.help_pages`): what the screen is for, its keys."""

    BINDINGS: ClassVar[list[BindingType]] = HELP_BINDINGS

    @property
    def casebook(self) -> Casebook:
        return cast("FamaApp", self.app).casebook

    def unsaved_work(self) -> str:
        """What Ctrl+Q would drop, in a few words ("" when nothing typed is unsaved)."""
        return ""


class FamaModal(PlainNotify, ModalScreen[Any]):
    """A dialog: plain-text notifications and its own help, like every fama screen."""

    HELP_PAGE: ClassVar[str] = ""
    """The help page F1 / ? shows (:mod:`fama.tui.help_pages`): what the dialog asks, its keys."""

    BINDINGS: ClassVar[list[BindingType]] = HELP_BINDINGS

    @property
    def casebook(self) -> Casebook:
        return cast("FamaApp", self.app).casebook


class FormScreen(FamaScreen):
    """An add/edit form: a Save and a Cancel button, Esc cancels, errors counted for the user."""

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def notify_errors(self, count: int) -> None:
        self.notify(
            f"{count} field{'s need' if count > 1 else ' needs'} fixing before saving.",
            severity="warning",
        )
