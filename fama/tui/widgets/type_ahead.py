"""Type-ahead for the conversation: keys typed while an answer is being recorded are kept.

A quick keyworker types the next answer before the next question is on screen: Enter,
then ``1``, ``0``, Backspace, Backspace, ``6``, Enter. Textual hands each key to whatever
has the focus when the key is read, and between the Enter that records an answer and the
next answer widget taking the focus that is the old widget (about to be removed): the keys
would be lost. So the key that records an answer closes a gate; keys read while it is
closed wait here, in order, and are replayed once the next answer widget has the focus (or
the answer was refused and the same widget stays). Replayed keys go one at a time, each
handled in full before the next: an Input types a digit at once but deletes with
Backspace only when the key comes back up to the app, so a burst replayed at once would
come out in the wrong order. A gate left closed opens by itself after a moment, so no key
is held for good.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Protocol

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.timer import Timer

GIVE_UP_AFTER_S = 2.0
"""Open the gate anyway after this long (an answer that neither moved on nor was refused)."""


class SubmitsOnKey(Protocol):
    """An answer widget that can say whether a key records its answer (so the gate knows
    to hold the keys typed after it)."""

    def key_submits(self, key: str) -> bool:
        """Whether this key, pressed now, records the answer on screen."""


class TypeAhead:
    """The gate one conversation screen keeps; :class:`fama.tui.app.FamaApp` asks it about
    every key read while that screen is on top."""

    def __init__(self, app: App[object], screen: SubmitsOnKey) -> None:
        self.app = app
        self.screen = screen
        self.held: deque[tuple[str, str | None]] = deque()
        self.closed = False
        self._timer: Timer | None = None
        self._replaying: list[events.Key] = []
        self._draining = False

    def take(self, event: events.Key) -> bool:
        """Keep ``event`` for later if keys must wait (True: the app drops it for now).

        Keys wait while the gate is closed, and while earlier keys still wait (so they keep
        their order); a key this gate is replaying passes.
        """
        if any(event is replayed for replayed in self._replaying):
            self._replaying = [e for e in self._replaying if e is not event]
            return False
        if not self.closed and not self.held:
            return False
        self.held.append((event.key, event.character))
        self._drain()
        return True

    def before(self, event: events.Key) -> bool:
        """Whether this key will record the answer (so the gate closes after it)."""
        return self.screen.key_submits(event.key)

    def close(self) -> None:
        self.closed = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(GIVE_UP_AFTER_S, self.open)

    def open(self) -> None:
        """Let keys through again, replaying the ones held in the order they were typed."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.closed = False
        self._drain()

    def clear(self) -> None:
        """Forget held keys (the screen is closing)."""
        self.held.clear()
        self.closed = False

    def _drain(self) -> None:
        if self.held and not self.closed and not self._draining:
            self._draining = True
            self.app.run_worker(self._replay(), group="type-ahead", exit_on_error=False)

    async def _replay(self) -> None:
        try:
            while self.held and not self.closed:
                key, character = self.held.popleft()
                event = events.Key(key, character)
                event.set_sender(self.app)
                self._replaying.append(event)
                self.app.post_message(event)
                await self._settled()
        finally:
            self._draining = False
        if self.held and not self.closed:
            self._drain()

    async def _settled(self) -> None:
        """Wait until the key just posted has been handled, bubbling included."""
        from textual._wait import wait_for_idle  # what Textual's own Pilot waits with

        for _ in range(200):
            if not any(_queued(pump) for pump in self._pumps()):
                break
            await asyncio.sleep(0)
        await wait_for_idle(0)

    def _pumps(self) -> list[MessagePump]:
        """The app and the focused widget with its ancestors: where a key travels."""
        pumps: list[MessagePump] = [self.app]
        node: MessagePump | None = self.app.focused
        while node is not None and node not in pumps:
            pumps.append(node)
            parent = getattr(node, "parent", None)
            node = parent if isinstance(parent, MessagePump) else None
        return pumps


def _queued(pump: MessagePump) -> bool:
    return not pump._message_queue.empty()
