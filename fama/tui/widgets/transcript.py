"""The chat transcript: the app's turns as Markdown, the keyworker's records as typed.

Turns are light ``Static`` widgets holding rendered renderables (Rich's Markdown for our own
script text, plain ``Text`` for anything a person typed), so a transcript of hundreds of
turns costs nothing on each keypress: nothing in it changes while the keyworker types.
The current conversation sits in its own container, so going back one step rebuilds only
that part, never the earlier conversations above it.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static


def app_turn(markdown: str, *, current: bool = False) -> Static:
    """What the app suggests saying or asking (our own script text, so Markdown)."""
    return Static(Markdown(markdown), classes="app-turn" + (" current" if current else ""))


def answer_turn(text: str) -> Static:
    """What the keyworker recorded, exactly as typed (never read as markup)."""
    return Static(Text(text), classes="answer-turn")


def divider(text: str) -> Static:
    """A line between parts of the transcript (an earlier conversation, a new session)."""
    return Static(Text(text), classes="turn-divider")


def earlier_conversation(title: str, turns: list[tuple[str, str | None]]) -> Static:
    """A whole earlier conversation as ONE widget: read-only history.

    Textual lays out the whole screen on every keystroke in an Input, so each widget in
    the transcript costs a little on every key the keyworker types. Drawing each earlier
    conversation as a single widget keeps a long history (hundreds of turns) as quick to
    type beside as an empty one.
    """
    parts: list[RenderableType] = [Text(title, style="italic dim", justify="center")]
    for prompt, answer in turns:
        parts.append(Padding(Text(prompt, style="dim"), (1, 10, 0, 2)))
        if answer is not None:
            parts.append(Padding(Text(answer, justify="right"), (1, 2, 0, 10)))
    return Static(Group(*parts), classes="earlier-conversation")


class Transcript(VerticalScroll):
    """Earlier conversations, then the current one; the newest turn is kept in view."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.earlier = Vertical(classes="earlier-turns")
        self.current = Vertical(classes="current-turns")

    def compose(self) -> ComposeResult:
        yield self.earlier
        yield self.current

    def on_resize(self) -> None:
        """The answer area below grew or shrank (a form came, a quick reply went): keep the
        latest turn, the question being answered, in sight."""
        self.scroll_end(animate=False)

    def set_earlier(self, widgets: list[Widget]) -> None:
        self.earlier.remove_children()
        if widgets:
            self.earlier.mount_all(widgets)

    def set_current(self, widgets: list[Widget]) -> None:
        self.current.remove_children()
        if widgets:
            self.current.mount_all(widgets)
        self.call_after_refresh(self.scroll_end, animate=False)

    def add(self, *widgets: Widget) -> None:
        """Append turns to the current conversation and scroll to them."""
        for turn in self.current.query(".app-turn.current"):
            turn.remove_class("current")
        self.current.mount_all(widgets)
        self.call_after_refresh(self.scroll_end, animate=False)

    def widget_count(self) -> int:
        return len(self.earlier.children) + len(self.current.children)
