"""The audit trail as the casebook reads it: entries filtered for ``fama audit show``, the
check of the whole chain, and who accessed one client's record (for a subject access
export). Writing entries is :meth:`fama.casebook.part.Part.audit`, called by every part.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from fama.audit import AuditEntry, Verdict, verify
from fama.casebook.part import Part

if TYPE_CHECKING:
    from fama.store import Store


def accesses_of(store: Store, code: str) -> list[dict[str, Any]]:
    """Who did what to the record of ``code``, and when, oldest first."""
    record = store.record_id(code)
    return [
        {"at": entry.at, "who": entry.who, "action": entry.action, "what": entry.what}
        for entry in _entries(store)
        if entry.record == record
    ]


def _entries(store: Store) -> Iterator[AuditEntry]:
    """The trail's readable entries (a broken one is skipped here: ``verify`` reports it)."""
    for row in store.audit_rows():
        if isinstance(row, ValueError):
            continue
        try:
            yield AuditEntry.from_mapping(row)
        except ValueError:
            continue


@dataclass(frozen=True)
class ShownEntry:
    """One entry as ``fama audit show`` lists it: the record named by its client code while
    the store still holds the client, else by its internal id."""

    entry: AuditEntry
    client: str | None

    def cells(self) -> list[str]:
        record = self.client or (f"id {self.entry.record}" if self.entry.record else "-")
        return [self.entry.at, self.entry.who, self.entry.action, record, self.entry.what]


class AuditTrail(Part):
    """Reading and checking the audit trail."""

    def entries(
        self, client: str | None = None, since: date | None = None, who: str | None = None
    ) -> list[ShownEntry]:
        """The entries about ``client`` (its code), on or after ``since`` (UTC day), by
        ``who`` (a login), oldest first."""
        wanted = self.store.record_id(client) if client is not None else None
        first = since.isoformat() if since is not None else ""
        codes = {self.store.record_id(s.code): s.code for s in self.store.client_summaries()}
        shown = []
        for entry in _entries(self.store):
            if wanted is not None and entry.record != wanted:
                continue
            if who is not None and entry.who != who:
                continue
            if entry.at[:10] < first:
                continue
            named = codes.get(entry.record) if entry.record else None
            shown.append(ShownEntry(entry, named if named else (client if wanted else None)))
        return shown

    def verify(self) -> Verdict:
        """The chain checked from its first entry to its last."""
        return verify(self.store.audit_rows())

    def failed_unlock(self) -> None:
        """Record that someone tried to unlock the app and could not."""
        from fama.audit import Action

        self.audit(Action.FAILED_UNLOCK, "the app's lock screen", None)
