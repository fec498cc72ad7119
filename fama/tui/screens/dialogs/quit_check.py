"""Ask before Ctrl+Q drops something typed but not yet saved.

A screen says what would be lost through ``unsaved_work()`` (see :class:`FamaScreen`); the
app asks here before quitting when any screen on the stack has something. Quitting with
nothing typed is still one key.
"""

from __future__ import annotations

from fama.tui.screens.dialogs.confirm import ConfirmDialog


class QuitCheckModal(ConfirmDialog):
    """'Quit and drop …?' Dismisses with True (y: quit) or False (n, Esc: stay)."""

    DEFAULT_CSS = """
    QuitCheckModal { align: center middle; }
    QuitCheckModal #confirm-box {
        width: 64; max-width: 95%; height: auto;
        border: round $warning; border-title-style: bold;
        background: $surface; padding: 0 1;
    }
    QuitCheckModal #confirm-question { margin: 1 0; height: auto; }
    QuitCheckModal .modal-buttons { height: auto; align-horizontal: right; }
    QuitCheckModal .modal-buttons Button { margin-left: 1; }
    """
    YES_VARIANT = "error"
    HELP_PAGE = "quit-check"

    def __init__(self, unsaved: list[str]) -> None:
        super().__init__(
            "Quit fama?",
            "Not saved yet: " + "; ".join(unsaved) + ". Quit and drop it?",
            "Quit",
            no="Stay",
        )
        self.unsaved = unsaved
