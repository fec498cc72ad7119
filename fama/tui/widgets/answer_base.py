"""The contract every way of answering a conversation step keeps.

An answer widget collects one answer (a quick reply, a date, the goal form...) and posts
:class:`AnswerReady` with the value the engine expects. It never saves anything: the
conversation screen sends the value to the casebook and, if the answer is refused, calls
:meth:`AnswerWidget.show_error` with the one plain sentence saying why.
"""

from __future__ import annotations

from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static


class AnswerReady(Message):
    """The keyworker has submitted an answer to the current step."""

    def __init__(self, value: object) -> None:
        super().__init__()
        self.value = value


class AnswerWidget(Vertical):
    """Base for the answer area under the transcript (one per answer kind)."""

    DEFAULT_CLASSES = "answer"

    class Focused(Message):
        """The widget has the focus and takes keys: type-ahead held for it may follow."""

    def on_mount(self) -> None:
        # Ready to type at once: the keyworker never has to reach for the mouse.
        self.call_after_refresh(self._begin)

    def _begin(self) -> None:
        self.focus_first()
        self.post_message(self.Focused())

    def submits_on(self, key: str, focused: Widget | None) -> bool:
        """Whether ``key``, with ``focused`` holding the focus, records this answer: keys
        typed after it wait for the next question (see :mod:`fama.tui.widgets.type_ahead`)."""
        return False

    def submit(self, value: object) -> None:
        self.clear_error()
        self.post_message(AnswerReady(value))

    def show_error(self, message: str) -> None:
        """Show why the answer was refused, beside the answer (markup off)."""
        error = self._error()
        error.update(message)
        error.display = True
        # Under a tall answer at 80x24 the sentence can sit below the fold: bring it up.
        self.call_after_refresh(error.scroll_visible, animate=False)
        self.post_message(self.Focused())  # the same widget carries on: held keys are its

    def clear_error(self) -> None:
        if self.query("#answer-error"):
            self._error().display = False

    def _error(self) -> Static:
        found = self.query("#answer-error")
        if found:
            return found.first(Static)
        error = Static("", id="answer-error", markup=False, classes="answer-error")
        self.mount(error)
        return error

    def draft(self) -> object:
        """What has been entered but not recorded, in the form the widget is built from, so
        going back a step and forward again keeps it (None: nothing to keep)."""
        return None

    def focus_first(self) -> None:
        """Put the cursor where the keyworker starts answering."""
        for widget in self.query("*"):
            if widget.focusable:
                # Not scrolled into view: the answer area keeps its top (the hint or the
                # status line above a long list) in sight, the same way every time.
                widget.focus(scroll_visible=False)
                return
