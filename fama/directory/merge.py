"""Merging a freshly read feed into the saved directory.

A re-import of the same source (the same file name) updates its meetings in place by id.
A meeting the new file no longer lists is kept but marked inactive, never deleted: a
client's goal may name it, and the history of referrals must still read. A meeting the
file lists with no way to attend comes in inactive (the importer says why in its notes).
What keyworkers added themselves (flags such as "did not run", the date they last checked
a meeting) is theirs, and survives any re-import. Other sources are left exactly as they
were.

Linear in the size of the directory: meetings are matched through a dict by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from fama.directory.feeds import ParsedFeed
from fama.models.meeting import Meeting


@dataclass(frozen=True)
class MergeResult:
    """The whole new directory, and which of the source's meetings changed how (by id)."""

    meetings: list[Meeting]
    """Every meeting to save, all sources: existing order, new meetings at the end."""
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    """Equal apart from ``imported_at``."""
    gone: list[str]
    """Listed (active) before, missing from this file: now inactive."""


def _later(first: date | None, second: date | None) -> date | None:
    if first is None or second is None:
        return first or second
    return max(first, second)


def _comparable(meeting: Meeting) -> dict[str, Any]:
    fields = dict(meeting.__dict__)
    fields.pop("imported_at", None)
    return fields


def merge_directory(
    existing: list[Meeting], feed: ParsedFeed, *, imported_at: datetime
) -> MergeResult:
    """``existing`` with ``feed`` merged in (see the module docstring for the rules).

    Present in the feed: the feed's version, stamped ``imported_at``, keeping the old
    meeting's flags and the later of the two ``last_verified`` dates; active as the feed
    has it, so a re-import makes a listed meeting active again, whoever set it inactive,
    unless its listing gives no way to attend. Missing from the feed: the old meeting,
    inactive.
    """
    imported_at = imported_at.astimezone(UTC)
    incoming = {meeting.id: meeting for meeting in feed.meetings}
    merged: list[Meeting] = []
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    gone: list[str] = []
    matched: set[str] = set()
    for old in existing:
        if old.source != feed.source:
            merged.append(old)
            continue
        new = incoming.get(old.id)
        if new is None:
            if old.active:
                gone.append(old.id)
                old = old.model_copy(update={"active": False})
            merged.append(old)
            continue
        matched.add(old.id)
        new = new.model_copy(
            update={
                "flags": old.flags,
                "last_verified": _later(old.last_verified, new.last_verified),
                "imported_at": imported_at,
            }
        )
        (unchanged if _comparable(old) == _comparable(new) else updated).append(old.id)
        merged.append(new)
    for meeting in feed.meetings:
        if meeting.id not in matched:
            added.append(meeting.id)
            merged.append(meeting.model_copy(update={"imported_at": imported_at}))
    return MergeResult(merged, added, updated, unchanged, gone)
