"""Shared Pilot helpers for the screen tests."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Input

from fama.tui.app import FamaApp


async def fill(pilot: Pilot[int], app: FamaApp, *, typed: bool = False, **values: str) -> None:
    """Fill form fields by name (``#field-<name>``), replacing what was there: the value is
    set, or with ``typed`` typed key by key (the one test per form that checks typing)."""
    for name, value in values.items():
        field = app.screen.query_one(f"#field-{name}", Input)
        field.focus()
        field.value = ""
        if typed and value:
            await pilot.press(*value)
        else:
            field.value = value
    await pilot.pause()


async def until(pilot: Pilot[int], holds: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Wait, a frame at a time, until ``holds()`` (an answer saved, a screen pushed): a
    loaded machine may take many frames. Returns whether it held; assert on that."""
    for _ in range(int(seconds / 0.02)):
        if holds():
            return True
        await pilot.pause(0.02)
    return holds()
