"""A notification that runs out while it is being shown must not freeze the app.

Textual 8.2 gives a toast the time its notification has left when the toast is made. If the
notification runs out between the check that it has not and the toast being made (a screen
change at that moment on a busy machine), the time left is a hair below zero, and a one-shot
timer with a negative interval never ends: the event loop spins and no key is read again.
A keyworker saw fama stop answering this way. So a toast with no time left (or too little
for a timer) is removed at once instead, and any other keeps Textual's timer.
"""

from __future__ import annotations

from textual.events import Mount
from textual.widgets._toast import Toast

SHORTEST_S = 0.05
"""Less time left than this is treated as none: Textual's timer skips ahead (and never fires)
when an interval is shorter than the time it takes to start."""


def _mount(self: Toast, _: Mount) -> None:
    timeout = self._timeout
    if timeout < SHORTEST_S:
        self.call_later(self._expire)
    else:
        self.set_timer(timeout, self._expire)


def keep_toasts_from_freezing() -> None:
    """Make every toast start its timer as above (idempotent)."""
    Toast._on_mount = _mount  # type: ignore[method-assign]
