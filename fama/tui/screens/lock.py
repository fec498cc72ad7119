"""The lock screen: everything hidden behind a plain panel until the person comes back.

fama locks after a set idle time (``FAMA_LOCK_AFTER``, default five minutes) and at once on
Ctrl+L, for the moment a client looks at the screen or a colleague walks in. The panel
shows nothing about any client: no title, no sub-title, no notification (those that arrive
are held and shown after). It is pushed over whatever was open, so unlocking brings the
person back exactly where they were, a conversation's typed answer included.

On an encrypted store the passphrase unlocks it (a wrong one is audited as a failed
unlock); otherwise any key does.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

DEFAULT_LOCK_AFTER_S = 300.0
ENV_LOCK_AFTER = "FAMA_LOCK_AFTER"
SHORTEST_LOCK_AFTER_S = 10.0
LONGEST_LOCK_AFTER_S = 8 * 3600.0
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?)?\s*$")


class BadLockAfter(ValueError):
    """``FAMA_LOCK_AFTER`` holds something fama cannot read as an idle time."""


def parse_lock_after(text: str | None) -> float:
    """The idle time before the app locks, in seconds, from ``FAMA_LOCK_AFTER``: a number of
    seconds, or minutes with ``m`` ("300", "90s", "5m"); unset or empty means five minutes.
    Between ten seconds and eight hours: a screen that never locks is not offered."""
    if text is None or not text.strip():
        return DEFAULT_LOCK_AFTER_S
    found = _DURATION.match(text.lower())
    if found is None:
        raise BadLockAfter(
            f"{ENV_LOCK_AFTER} is not an idle time fama understands: give seconds or minutes, "
            "such as 300, 90s or 5m."
        )
    seconds = float(found.group(1)) * (60 if (found.group(2) or "s").startswith("m") else 1)
    if not SHORTEST_LOCK_AFTER_S <= seconds <= LONGEST_LOCK_AFTER_S:
        raise BadLockAfter(
            f"{ENV_LOCK_AFTER} must be between 10 seconds and 8 hours (it is {text.strip()})."
        )
    return seconds


class LockScreen(Screen[None]):
    """The panel shown while fama is locked."""

    AUTO_FOCUS = "#lock-passphrase"
    DEFAULT_CSS = """
    LockScreen {
        align: center middle;
        background: $background;
    }
    LockScreen #lock-panel {
        width: 60;
        max-width: 100%;
        height: auto;
        border: heavy $primary;
        padding: 1 2;
    }
    LockScreen #lock-title {
        text-style: bold;
        width: 100%;
        content-align: center middle;
    }
    LockScreen #lock-how {
        margin-top: 1;
    }
    LockScreen #lock-error {
        color: $text-error;
        height: auto;
    }
    """

    def __init__(
        self,
        check: Callable[[str], bool] | None = None,
        failed: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.check = check
        self.failed = failed
        self.title = "fama: locked"
        self.sub_title = ""

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="lock-panel"):
            yield Static("fama is locked", id="lock-title")
            how = (
                "Type the store's passphrase and press Enter to carry on."
                if self.check is not None
                else "Press any key to carry on where you were."
            )
            yield Static(how, id="lock-how")
            if self.check is not None:
                yield Input(password=True, id="lock-passphrase", placeholder="passphrase")
                yield Static("", id="lock-error", markup=False)

    def on_key(self, event: events.Key) -> None:
        if self.check is None:  # any key, and it goes no further than this panel
            event.stop()
            event.prevent_default()
            self.dismiss()

    @on(Input.Submitted, "#lock-passphrase")
    def _try_passphrase(self, event: Input.Submitted) -> None:
        event.stop()
        if self.check is None or event.input.disabled:
            return
        entered = event.value
        event.input.value = ""
        event.input.disabled = True  # one check at a time
        self.query_one("#lock-error", Static).update("Checking...")
        self._check_passphrase(entered)

    class Checked(Message):
        """The passphrase typed was checked: ``opens`` if it is the store's."""

        def __init__(self, opens: bool) -> None:
            super().__init__()
            self.opens = opens

    @work(thread=True, exclusive=True, group="unlock")
    def _check_passphrase(self, entered: str) -> None:
        """Deriving the key (argon2id, about 0.2 s) runs off the UI thread."""
        assert self.check is not None
        self.post_message(self.Checked(self.check(entered)))

    @on(Checked)
    def _checked(self, message: Checked) -> None:
        if message.opens:
            self.dismiss()
            return
        box = self.query_one("#lock-passphrase", Input)
        box.disabled = False
        box.focus()
        self.query_one("#lock-error", Static).update(
            "That is not the passphrase; nothing was unlocked. Try again."
        )
        if self.failed is not None:
            self.failed()
