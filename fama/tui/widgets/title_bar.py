"""A one-line title bar: the screen's title and sub-title.

Textual's ``Header`` does the same with an icon, a clock slot and a tall mode, which delay
the first paint (scripts/bench.py measures it); fama needs only the words.
"""

from __future__ import annotations

from textual.widgets import Static


class TitleBar(Static):
    """Shows ``title — sub_title`` of its screen and follows both as they change."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-style: bold;
        content-align: center middle;
    }
    """

    def __init__(self) -> None:
        # markup off: a sub-title can carry a client code or other typed text
        super().__init__("", markup=False)

    def on_mount(self) -> None:
        self.watch(self.screen, "title", self._show, init=False)
        self.watch(self.screen, "sub_title", self._show, init=False)
        self._show()

    def _show(self) -> None:
        title = self.screen.title or self.app.title
        sub_title = self.screen.sub_title
        self.update(f"{title} — {sub_title}" if sub_title else title)
