"""The footer every fama screen shows: Textual's, rebuilt only when what it shows changes.

Textual's footer rebuilds all its keys whenever the screen's bindings may have changed,
which is every time the focus moves. In a conversation the focus moves to a new answer at
every step, and rebuilding and restyling a dozen keys each time was a large share of the
time a step took, for a footer that looked the same before and after. This one compares
what it would show (keys, words, whether each is enabled) and rebuilds only on a change.

Each key is also made in the footer's own style: Textual makes a key compact and then
binds it to the footer's (not compact), restyling every key twice when the footer is built.
(The command palette's key is not bound to the footer and stays compact, as in Textual.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from collections.abc import Hashable

    from textual.app import ComposeResult
    from textual.screen import Screen


class FamaFooter(Footer):
    """A :class:`textual.widgets.Footer` that rebuilds only when its keys change."""

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: Hashable | None = None

    def compose(self) -> ComposeResult:
        """Textual's keys, each told before it is mounted whether the footer is compact."""
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    def _what_it_shows(self, screen: Screen[object]) -> Hashable:
        """Everything the footer's keys are built from, as one comparable value."""
        return tuple(
            (
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                binding.show,
                enabled,
                tooltip,
                binding.group,
            )
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuild the keys when the bindings shown differ from those shown now."""
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            super().bindings_changed(screen)
            return
        shown = self._what_it_shows(screen)
        if self._bindings_ready and shown == self._shown:
            return
        self._shown = shown
        super().bindings_changed(screen)
