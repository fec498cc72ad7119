"""Small helpers for list screens built on a DataTable keyed by record ids."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.widgets import DataTable
from textual.widgets._data_table import RowDoesNotExist


def selected_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor, or None for an empty table."""
    if table.row_count == 0:
        return None
    row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
    return str(row_key.value) if row_key.value is not None else None


def move_to_key(table: DataTable[Any], key: str) -> bool:
    """Put the cursor on the row with ``key``; False (cursor left alone) if it is not shown."""
    try:
        index = table.get_row_index(key)
    except RowDoesNotExist:  # filtered out or gone
        return False
    table.move_cursor(row=index)
    return True


TABLE_CHROME = 4
"""Cells a full-width table loses to its margins (one each side) and a vertical scrollbar."""


def fit_widths(
    widths: Sequence[int], least: Sequence[int], give_way: Sequence[int], room: int
) -> list[int]:
    """Column widths that fit ``room`` cells of a table (each column also takes two cells of
    padding): the columns in ``give_way`` shrink in that order, each no narrower than its
    ``least``, so the columns that matter most stay whole on a narrow (80-column) terminal.
    """
    fitted = list(widths)
    over = sum(fitted) + 2 * len(fitted) - room
    for index in give_way:
        if over <= 0:
            break
        cut = min(over, fitted[index] - least[index])
        fitted[index] -= cut
        over -= cut
    return fitted
