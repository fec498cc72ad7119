"""The fama Textual app and the one factory that builds it for the CLI, tests and snapshots."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from fama.casebook.service import Casebook
from fama.clock import Clock, SystemClock
from fama.errors import StoreError
from fama.paths import default_settings_path
from fama.tui import themes
from fama.tui.lock_after import DEFAULT_LOCK_AFTER_S
from fama.tui.messages import WorkFailed
from fama.tui.plain import PlainNotify
from fama.tui.screens.base import FamaModal, FamaScreen
from fama.tui.screens.caseload import CaseloadScreen
from fama.tui.toasts import keep_toasts_from_freezing
from fama.tui.widgets.type_ahead import TypeAhead

BACKUP_DELAY_S = 3.0
IDLE_CHECK_S = 5.0
"""How often the idle lock looks at the time since the last key (at most)."""
NOTICE_TIMEOUT_S = 20.0
"""Long enough to read a sentence about the store that opening it wrote (not a toast)."""


@dataclass(frozen=True)
class HeldNotice:
    """A notification that arrived while the app was locked, to show when it is not."""

    message: str
    title: str
    severity: SeverityLevel
    timeout: float | None
    markup: bool


class FamaApp(PlainNotify, App[int]):
    """The app; its notifications show their message as plain text (see fama.tui.plain)."""

    CSS_PATH = "app.tcss"
    TITLE = "fama"
    SUB_TITLE = "facilitating access to mutual aid"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="fama-app.quit"),
        Binding("ctrl+l", "lock", "Lock", show=False, priority=True, id="fama-app.lock"),
    ]

    def __init__(
        self,
        casebook: Casebook,
        clock: Clock,
        settings: Path | None = None,
        lock_after: float | None = DEFAULT_LOCK_AFTER_S,
    ) -> None:
        # The lock's state first: Textual may deliver events while the app is being built.
        self.lock_after = lock_after
        """Seconds without a key or click before the app locks itself (None: only Ctrl+L)."""
        self.locked = False
        self.idle_clock: Callable[[], float] = time.monotonic
        self._last_input = self.idle_clock()
        self._held: list[HeldNotice] = []
        """Notifications that arrived while locked, shown when the person is back."""
        super().__init__()
        self.casebook = casebook
        self.clock = clock
        self.paused_drafts: dict[str, dict[str, object]] = {}
        """Answers typed but not recorded in paused conversations (see ConversationScreen)."""
        self.settings = settings or default_settings_path()
        themes.setup_themes(self, self.settings)

    async def on_event(self, event: events.Event) -> None:
        """Keys pass a screen's type-ahead gate, if it keeps one (the conversation does);
        a key, click, scroll or paste is the person at the keyboard (the idle lock)."""
        if isinstance(
            event,
            events.Key
            | events.MouseDown
            | events.MouseScrollDown
            | events.MouseScrollUp
            | events.Paste,
        ):
            self._last_input = self.idle_clock()
        gate = getattr(self.screen, "type_ahead", None) if self._screen_stack else None
        fresh = isinstance(event, events.Key) and not event.is_forwarded  # not one bubbling back
        if fresh and isinstance(event, events.Key) and isinstance(gate, TypeAhead):
            if gate.take(event):
                return
            closes = gate.before(event)
            await super().on_event(event)
            if closes:
                gate.close()
            return
        await super().on_event(event)

    # The lock ----------------------------------------------------------------------------
    def action_lock(self) -> None:
        """Hide everything behind the lock screen now (Ctrl+L)."""
        if self.locked:
            return
        from fama.tui.screens.lock import LockScreen

        self.locked = True
        self.clear_notifications()  # a toast may name a client
        self.push_screen(
            LockScreen(self.casebook.unlock_check(), self.casebook.trail.failed_unlock),
            self._unlocked,
        )

    def _unlocked(self, _: None = None) -> None:
        self.locked = False
        self._last_input = self.idle_clock()
        # Shown once the screen beneath is back on top (this runs as the lock is dismissed).
        self.call_after_refresh(self._show_held)

    def _show_held(self) -> None:
        held, self._held = self._held, []
        for notice in held:
            self.notify(
                notice.message,
                title=notice.title,
                severity=notice.severity,
                timeout=notice.timeout,
                markup=notice.markup,
            )

    def lock_if_idle(self) -> None:
        """Lock when nobody has pressed a key or clicked for ``lock_after`` seconds."""
        idle = self.idle_clock() - self._last_input
        if self.lock_after is not None and not self.locked and idle >= self.lock_after:
            self.action_lock()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification, or hold it while locked (it may name a client)."""
        if self.locked:
            self._held.append(HeldNotice(message, title, severity, timeout, markup))
            return
        show = super().notify  # PlainNotify's: plain text unless a caller asked for markup
        show(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def action_command_palette(self) -> None:
        if not self.locked:
            super().action_command_palette()

    async def action_quit(self) -> None:
        """Quit at once, unless a screen holds something typed and not saved: then ask.
        Not while locked: what is open stays as it is until the person is back."""
        from fama.tui.screens.dialogs.quit_check import QuitCheckModal

        if self.locked:
            return

        if isinstance(self.screen, QuitCheckModal):  # Ctrl+Q again: yes, quit
            self.exit()
            return
        unsaved = [
            words
            for screen in self.screen_stack
            if isinstance(screen, FamaScreen) and (words := screen.unsaved_work())
        ]
        if any(self.paused_drafts.values()):
            unsaved.append("an answer typed in a paused conversation")
        if not unsaved:
            self.exit()
            return

        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self.exit()

        self.push_screen(QuitCheckModal(unsaved), answered)

    def get_default_screen(self) -> Screen[object]:
        """The caseload is the home screen itself, not pushed over a blank one: one paint.
        A report login (figures only, on a service's database) starts on the
        self-assessment instead: the database would refuse it every client row."""
        if self.casebook.store.login() is not None and self.casebook.assessment.reports_only():
            from fama.tui.screens.assessment import AssessmentScreen

            return AssessmentScreen(home=True)
        return CaseloadScreen()

    def on_mount(self) -> None:
        themes.keep_chosen_theme(self, self.settings)
        for notice in self.casebook.notices():
            self.notify(notice, title="Store", markup=False, timeout=NOTICE_TIMEOUT_S)
        # The daily backup copies every client file: let the caseload paint first.
        self.set_timer(BACKUP_DELAY_S, self.take_daily_backup)
        if self.lock_after is not None:
            self.set_interval(min(self.lock_after / 4, IDLE_CHECK_S), self.lock_if_idle)

    @work(thread=True, exit_on_error=False, group="backup")
    def take_daily_backup(self) -> None:
        """The daily safety copy runs off the UI thread so the caseload paints at once."""
        try:
            self.casebook.backup_if_due()
        except (StoreError, OSError):
            self.post_message(WorkFailed("The daily backup could not be written."))

    @on(WorkFailed)
    def _work_failed(self, message: WorkFailed) -> None:
        self.notify(message.problem, severity="warning", markup=False)

    def action_help(self) -> None:
        # Imported here: the Markdown widget is slow to import, not worth paying for at start.
        from fama.tui.help_pages import help_page
        from fama.tui.screens.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        page = screen.HELP_PAGE if isinstance(screen, FamaScreen | FamaModal) else ""
        text = help_page(page) if page else ""
        # A dialog has no title of its own: its help is named by the page's heading.
        heading = text.partition("\n")[0].removeprefix("# ").strip()
        title = heading if isinstance(screen, FamaModal) and heading else screen.title
        self.push_screen(HelpScreen(title or self.title, text))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Palette entries: the screen's own actions and help, built from its bindings (see
        fama.tui.palette), then Textual's (theme, quit...)."""
        from fama.tui import palette

        yield from palette.screen_commands(screen)
        yield SystemCommand(
            "Lock the screen",
            "Hide everything now, until you are back (Ctrl+L)",
            self.action_lock,
        )
        from fama.tui import palette

        yield from palette.offered(super().get_system_commands(screen))


GC_YOUNG_THRESHOLD = 20_000
"""Objects allocated before Python's youngest collection runs (its default is 700)."""


def tune_garbage_collection() -> None:
    """Collect garbage less often while the app runs.

    Textual allocates many short-lived objects for every frame it draws; with Python's
    default thresholds the collector walks the young objects every few hundred of them,
    which was about an eighth of the time a conversation step took. Everything imported
    so far lives as long as the process, so it is frozen out of the collector's walks.
    """
    import gc

    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def make_app(
    casebook: Casebook,
    clock: Clock | None = None,
    settings: Path | None = None,
    lock_after: float | None = DEFAULT_LOCK_AFTER_S,
) -> FamaApp:
    """Build the app the same way for the CLI, the tests and the snapshots."""
    keep_toasts_from_freezing()
    return FamaApp(casebook, clock or SystemClock(), settings, lock_after)
