"""Small helpers for list screens built on a DataTable keyed by record ids."""

from __future__ import annotations

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
