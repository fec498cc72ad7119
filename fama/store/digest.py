"""A digest of a store's whole-store export, and counts of what it holds, made as the
records stream past (a whole service need not fit in memory at once).

The digest is the SHA-256 of the canonical JSON (keys sorted, no spaces, UTF-8) of the
document :func:`fama.store.base.export_document` builds (``fama export``), without its
``exported_at`` time. Two stores holding the same records have the same digest, whatever
their kind: that is how ``fama store copy`` checks a copy. The document's small parts are
made by ``export_document`` itself; only its ``clients`` list is fed one record at a time,
in code order, with the same dump of each record, so the bytes hashed are those of the
whole document.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from fama.store.shared import export_document

if TYPE_CHECKING:
    from fama.assessment.model import Assessment
    from fama.models import ClientRecord, Contact, Meeting, StaffMember, Visit

TIME_KEY = "exported_at"
"""The one part of an export that differs between two exports of the same records."""


def canonical_json(data: Any) -> str:
    """The one text of a JSON value that is hashed: keys sorted, no spaces, non-ASCII kept."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def document_digest(document: dict[str, Any]) -> str:
    """The digest of a whole export document already in memory (its time left out)."""
    kept = {key: value for key, value in document.items() if key != TIME_KEY}
    return hashlib.sha256(canonical_json(kept).encode("utf-8")).hexdigest()


@dataclass
class Counts:
    """How many of each kind of record (a client's record counts its own entries)."""

    clients: int = 0
    goals: int = 0
    reviews: int = 0
    conversations: int = 0
    handouts: int = 0
    files: int = 0
    meetings: int = 0
    staff: int = 0
    locations: int = 0
    assessments: int = 0
    contacts: int = 0
    visits: int = 0

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def words(self) -> str:
        """The counts in words: "3 clients (12 goals, ...), 40 meetings, ..."."""
        inner = ", ".join(
            _count(getattr(self, name), one, many)
            for name, one, many in (
                ("goals", "goal", "goals"),
                ("reviews", "follow-up", "follow-ups"),
                ("conversations", "conversation", "conversations"),
                ("handouts", "handout given", "handouts given"),
                ("files", "file written", "files written"),
            )
        )
        return (
            f"{_count(self.clients, 'client', 'clients')} ({inner}), "
            f"{_count(self.meetings, 'meeting', 'meetings')}, "
            f"{_count(self.staff, 'staff member', 'staff members')}, "
            f"{_count(self.locations, 'postcode centre', 'postcode centres')} and "
            f"{_count(self.assessments, 'self-assessment', 'self-assessments')}"
            + (
                f", with {_count(self.contacts, 'contact', 'contacts')} and "
                f"{_count(self.visits, 'visit', 'visits')}"
                if self.contacts or self.visits
                else ""
            )
        )


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


class ExportDigest:
    """The digest of an export document whose client records are given one at a time.

    Give the small parts to the constructor, then each record with :meth:`add` in the
    order of their codes (the export's order; out of order raises ``ValueError``), then
    call :meth:`finish`.
    """

    def __init__(
        self,
        staff: list[StaffMember],
        meetings: list[Meeting],
        locations: dict[str, tuple[float, float]],
        assessments: list[Assessment],
        contacts: list[Contact] | None = None,
        visits: list[Visit] | None = None,
    ) -> None:
        from fama.store.tinydb_store import SCHEMA_VERSION

        head = export_document(
            staff,
            meetings,
            locations,
            [],
            assessments,
            schema=SCHEMA_VERSION,
            contacts=contacts,
            visits=visits,
        )
        del head[TIME_KEY]
        keys = sorted(head)
        split = keys.index("clients")
        self._before = "{" + ",".join(_member(k, head[k]) for k in keys[:split])
        self._before += ("," if split else "") + canonical_json("clients") + ":["
        self._after = "]" + "".join("," + _member(k, head[k]) for k in keys[split + 1 :]) + "}"
        self._hash = hashlib.sha256(self._before.encode("utf-8"))
        self._last: str | None = None
        self.counts = Counts(
            meetings=len(meetings),
            staff=len(staff),
            locations=len(locations),
            assessments=len(assessments),
            contacts=len(contacts or []),
            visits=len(visits or []),
        )

    def add(self, record: ClientRecord) -> None:
        """Hash the next client's record (the dump ``export_document`` makes of it)."""
        code = record.client.code
        if self._last is not None and code <= self._last:
            raise ValueError("Client records must reach the digest in the order of their codes.")
        entry = canonical_json(record.model_dump(mode="json"))
        self._hash.update((("," if self._last is not None else "") + entry).encode("utf-8"))
        self._last = code
        counts = self.counts
        counts.clients += 1
        counts.goals += len(record.goals)
        counts.reviews += len(record.reviews)
        counts.conversations += len(record.conversations)
        counts.handouts += len(record.handouts)
        counts.files += len(record.files)

    def finish(self) -> str:
        """The digest, in hex."""
        self._hash.update(self._after.encode("utf-8"))
        return self._hash.hexdigest()


def _member(key: str, value: Any) -> str:
    return canonical_json(key) + ":" + canonical_json(value)
