"""How the self-assessment screen fits its table and the item's detail to the terminal.

The table's columns are fixed but for the item's name, which takes the room left; the
detail goes beside the table when the whole table and an annex grid both fit, else under it.
"""

from __future__ import annotations

COLUMNS = (
    ("Item", "id", 6),
    ("What it asks", "title", 40),
    ("Rating", "rating", 15),
    ("Suggested", "suggested", 15),
)
TITLE_WIDTH = (12, 40)
"""The item name's column: at least this, at most the longest name (40 characters)."""
TABLE_SPARE = 2 * len(COLUMNS) + 4
"""Cell padding, the scroll bar and the margin around the table."""
DETAIL_WIDTH = 56
"""Room the detail needs beside the table: an annex grid (51 characters) and the padding."""


def title_width(screen_width: int, side_by_side: bool) -> int:
    """The item name's column for a screen this wide."""
    fixed = sum(width for _, key, width in COLUMNS if key != "title") + TABLE_SPARE
    room = screen_width - fixed - (DETAIL_WIDTH if side_by_side else 0)
    return min(max(room, TITLE_WIDTH[0]), TITLE_WIDTH[1])


def side_by_side(screen_width: int) -> bool:
    """Room for the whole table (every name whole) and the detail beside it."""
    whole = sum(width for _, _, width in COLUMNS) + TABLE_SPARE
    return screen_width >= whole + DETAIL_WIDTH


def table_width(names: int) -> int:
    """The table's width (its margin aside) with the name column ``names`` wide."""
    cells = sum(width for _, _, width in COLUMNS) - TITLE_WIDTH[1] + names
    return cells + TABLE_SPARE - 2
