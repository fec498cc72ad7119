"""The footer every fama screen shows: the keys of the screen in one line, drawn as one widget.

Textual's footer is a row of widgets, one per key, rebuilt whenever the screen's bindings
may have changed (every time the focus moves), and styled key by key. On the caseload that
was about a tenth of the time to the first painted screen, and in a conversation a large
share of every step, for a line that rarely changes. This footer draws the same line (the
same styles, from the same theme variables and component classes as Textual's) as a single
widget, and redraws only when what it shows changes. A click on a key presses it, as in
Textual's; the command palette's key sits at the right, after a thin rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class FooterItem:
    """One key as the footer shows it."""

    key: str
    """The key pressed when it is clicked."""
    display: str
    description: str
    enabled: bool


class FamaFooter(Widget, can_focus=False):
    """The screen's keys on one line, the command palette's at the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer-key--key",
        "footer-key--description",
        "footer--item",
        "footer--rule",
    }
    DEFAULT_CSS = """
    FamaFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        .footer--item {
            background: $footer-item-background;
        }
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--rule {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, compact: bool = False) -> None:
        """``compact``: no padding around each key, one space between keys (as Textual's
        compact footer), so more keys fit at 80 columns."""
        super().__init__()
        self.compact = compact
        self._shown: tuple[tuple[FooterItem, ...], FooterItem | None] | None = None
        self._spans: list[tuple[int, int, FooterItem]] = []
        """Where each key was drawn (start, end, item), for clicks."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Redraw when the keys shown differ from those drawn."""
        if screen is self.screen and self._items() != self._shown:
            self.refresh()

    def _items(self) -> tuple[tuple[FooterItem, ...], FooterItem | None]:
        """The keys to show, one per action (the first binding of each), and the palette's."""
        active = self.screen.active_bindings
        seen: set[str] = set()
        items = []
        for _, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            display = self.app.get_key_display(binding)
            items.append(FooterItem(binding.key, display, binding.description, enabled))
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            display = self.app.get_key_display(binding)
            palette = FooterItem(binding.key, display, binding.description, enabled)
        return tuple(items), palette

    def _key_text(self, item: FooterItem, *, compact: bool) -> Text:
        key = self.get_component_rich_style("footer-key--key")
        description = self.get_component_rich_style("footer-key--description")
        base = self.get_component_rich_style("footer--item")
        if not item.enabled:
            base += Style(dim=True)
        pad = "" if compact else " "
        if item.description:
            text = Text.assemble(
                (f"{pad}{item.display}{pad}", key),
                (
                    f"{' ' if compact else ''}{item.description}{'' if compact else ' '}",
                    description,
                ),
            )
        else:
            text = Text.assemble((item.display, key))
        text.stylize_before(base)
        return text

    def render(self) -> Text:
        items, palette = self._shown = self._items()
        width = self.size.width
        right = Text()
        if palette is not None:
            right = Text.assemble(
                ("▏", self.get_component_rich_style("footer--rule")),
                self._key_text(palette, compact=True),
                (" ", self.get_component_rich_style("footer--item")),
            )
        room = max(width - right.cell_len, 0)
        line = Text()
        self._spans = []
        gap = Text(" " if self.compact else "")
        for item in items:
            text = self._key_text(item, compact=self.compact)
            text.append_text(gap)
            if line.cell_len + text.cell_len > room:
                text.truncate(room - line.cell_len)
                if text.cell_len:
                    self._spans.append((line.cell_len, room, item))
                    line.append_text(text)
                break
            self._spans.append((line.cell_len, line.cell_len + text.cell_len, item))
            line.append_text(text)
        line.append(" " * (room - line.cell_len))
        if palette is not None:
            self._spans.append((room + 1, width, palette))
        line.append_text(right)
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it (a disabled one rings the bell)."""
        for start, end, item in self._spans:
            if start <= event.x < end:
                event.stop()
                if item.enabled:
                    self.app.simulate_key(item.key)
                else:
                    self.app.bell()
                return
