"""What the store implementations share beside the contract in :mod:`fama.store.base`:
the whole-store export document (one order whatever the store), what a copy or merge adds
and how it is read in batches, and the checks every ``change_*`` makes before saving."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fama.assessment.model import Assessment
    from fama.models import ClientRecord, Contact, Meeting, StaffMember, Visit

__all__ = [
    "ADD_BATCH",
    "Additions",
    "batches",
    "export_document",
    "same_key",
    "unique_contacts",
]


def export_document(
    staff: list[StaffMember],
    meetings: list[Meeting],
    locations: dict[str, tuple[float, float]],
    records: list[ClientRecord],
    assessments: list[Assessment],
    *,
    schema: int,
    contacts: list[Contact] | None = None,
    visits: list[Visit] | None = None,
) -> dict[str, Any]:
    """The whole store as one JSON-ready document (``schema``: the record format's version),
    in one order whatever the store: each list sorted by its key, so two stores holding the
    same records export the same document. The contacts register and the visits appear only
    when a store holds some, so a store without them exports what it did before they
    existed."""
    from datetime import UTC, datetime

    def dump(model: Any) -> dict[str, Any]:
        return dict(model.model_dump(mode="json"))

    document: dict[str, Any] = {
        "format": "fama-export",
        "schema": schema,
        "exported_at": datetime.now(UTC).isoformat(),
        "staff": [dump(m) for m in sorted(staff, key=lambda m: m.id)],
        "meetings": [dump(m) for m in sorted(meetings, key=lambda m: m.id)],
        "locations": {code: list(locations[code]) for code in sorted(locations)},
        "clients": [dump(r) for r in sorted(records, key=lambda r: r.client.code)],
        "assessments": [
            dump(a)
            for a in sorted(
                assessments, key=lambda a: (a.service, a.period_start, a.period_end, a.id)
            )
        ],
    }
    if contacts:
        document["contacts"] = [dump(c) for c in sorted(contacts, key=lambda c: c.id)]
    if visits:
        document["visits"] = [dump(v) for v in sorted(visits, key=lambda v: (v.date, v.id))]
    return document


ADD_BATCH = 500
"""Client records written at a time when a whole store is added (:meth:`Store.add`)."""


@dataclass(frozen=True)
class Additions:
    """What a copy or a merge adds to a store: records it holds none of yet.

    ``records`` is read once, as they are written, so a whole service need not be in
    memory at once.
    """

    records: Iterable[ClientRecord]
    staff: list[StaffMember] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    locations: dict[str, tuple[float, float]] = field(default_factory=dict)
    assessments: list[Assessment] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)


def batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last one shorter), read as they are needed."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def same_key(wanted: str, got: str, what: str) -> None:
    """The check every ``change_*`` makes: a change may not move a record to another key."""
    if got != wanted:
        raise ValueError(f"A change to {what} {wanted} returned {what} {got}; nothing was saved.")


def unique_contacts(contacts: list[Contact]) -> list[Contact]:
    """The check every ``change_contacts`` makes before saving: one entry per id."""
    seen: set[str] = set()
    for contact in contacts:
        if contact.id in seen:
            raise ValueError(
                f"A change to the contacts register kept contact {contact.id} twice;"
                " nothing was saved."
            )
        seen.add(contact.id)
    return contacts
