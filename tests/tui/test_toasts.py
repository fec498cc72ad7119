"""A notification that runs out while its toast is being made must not freeze the app
(Textual 8.2 would start a timer with a negative interval, which spins for ever)."""

from __future__ import annotations

import asyncio
import faulthandler
from time import time

from textual.notifications import Notification
from textual.widgets._toast import Toast

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.tui.app import make_app


async def test_a_toast_with_no_time_left_is_removed_and_keys_still_work(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    # Without the fix the event loop spins and no timeout inside it can fire: a watchdog
    # ends the test process instead (the run then reports this test as crashed).
    faulthandler.dump_traceback_later(60, exit=True)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        run_out = Notification("Saved.", timeout=5.0, raised_at=time() - 5.0)
        toast = Toast(run_out)
        toast._timeout = -0.000164  # what the busy machine gave: a hair below zero
        await app.screen.mount(toast)
        await asyncio.wait_for(pilot.pause(), timeout=10)  # spins for ever without the fix
        assert not toast.is_attached
        await pilot.press("K", "B")
        await asyncio.wait_for(pilot.pause(), timeout=10)
        assert app.screen.query_one("#filter").value == "KB"  # type: ignore[attr-defined]
    faulthandler.cancel_dump_traceback_later()


async def test_a_toast_with_time_left_keeps_its_timer(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify("Still here.", timeout=30)
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["Still here."]
