"""The Meetings screen's table rows and the line above them, as plain functions.

:class:`~fama.tui.screens.meetings.MeetingsScreen` fills its table from these: each
meeting's cells cut at a word to the column widths (a flagged or closed meeting's status in
bold, its words saying why), and the line that says how many meetings are shown and how to
change that.
"""

from __future__ import annotations

from rich.text import Text

from fama.directory.browse import MeetingFilter, open_flags, status_text, where_text
from fama.models import Meeting
from fama.text.words import cut_words

__all__ = ["counts_line", "meeting_cells"]


def meeting_cells(meeting: Meeting, how_far: str, widths: dict[str, int]) -> dict[str, Text]:
    """One meeting's row by column key, each cut at a word to its width."""
    status = Text(cut_words(status_text(meeting), widths["status"]))  # cut at 80 columns
    if open_flags(meeting) or not meeting.attendable:
        status.stylize("bold")
    return {
        "when": Text(meeting.when),
        "miles": Text(how_far, justify="right"),
        "organisation": Text(cut_words(meeting.organisation.value, widths["organisation"])),
        "name": Text(cut_words(meeting.name, widths["name"])),
        "where": Text(cut_words(where_text(meeting), widths.get("where", 0))),
        "status": status,
    }


def counts_line(total: int, shown: int, f: MeetingFilter, max_rows: int) -> str:
    """How many meetings the table shows out of the directory, and what to do next."""
    hidden = "inactive shown" if f.show_inactive else "inactive hidden"
    if not total:
        return "The directory is empty. Press n to add a local group."
    if shown > max_rows:
        return f"Showing the first {max_rows} of {shown}: narrow the filters"
    if f.is_empty:
        return f"Showing all {shown} ({hidden}) · Enter reads a meeting · / searches"
    if not shown:
        return f"No meetings match these filters ({hidden}). Press c to clear them."
    return f"Showing {shown} of {total} ({hidden}) · c clears the filters"
