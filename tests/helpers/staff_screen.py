"""Pilot helpers for the Staff screen and its dialogs: open it, read its tables and text."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Static

from fama.tui.app import FamaApp
from fama.tui.screens.staff import StaffScreen


def table_rows(app: FamaApp, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(app: FamaApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def focused(app: FamaApp) -> Widget | None:
    """The focused widget, read fresh (so that mypy does not narrow it across key presses)."""
    return app.focused


def top(app: FamaApp) -> Screen[object]:
    """The screen on top, read fresh."""
    return app.screen


async def open_staff(app: FamaApp, pilot: Pilot[int], keyworker: str | None = None) -> StaffScreen:
    await app.push_screen(StaffScreen(keyworker))
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, StaffScreen)
    return screen
