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

from collections.abc import Callable

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from fama.tui.lock_after import (
    DEFAULT_LOCK_AFTER_S,
    ENV_LOCK_AFTER,
    BadLockAfter,
    parse_lock_after,
)

__all__ = [
    "DEFAULT_LOCK_AFTER_S",
    "ENV_LOCK_AFTER",
    "BadLockAfter",
    "LockScreen",
    "parse_lock_after",
]


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
