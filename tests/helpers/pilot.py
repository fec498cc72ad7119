"""Shared Pilot helpers for the screen tests."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from fama.tui.app import FamaApp


async def fill(pilot: Pilot[int], app: FamaApp, **values: str) -> None:
    """Type into form fields by name (``#field-<name>``), replacing what was there, key by key."""
    for name, value in values.items():
        field = app.screen.query_one(f"#field-{name}", Input)
        field.focus()
        field.value = ""
        if value:
            await pilot.press(*value)
    await pilot.pause()
