"""Audit entries and their hash chain: how an entry is sealed and how a trail is checked.

The canonical form an entry's hash is taken over is a few lines of text, one field each in
a fixed order, with backslashes and line breaks escaped: simple enough that PostgreSQL
computes the very same hash inside the database (``fama_audit_append`` in the store's
migrations), so one :func:`verify` checks a trail from either store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from fama.audit.actions import Action

FORM_TAG = "fama-audit-1"
"""The first line of the canonical form: names the form, so a later one can differ."""
GENESIS = "0" * 64
"""The ``prev`` of the first entry: there is nothing before it."""
FIELDS = ("seq", "at", "who", "action", "what", "record", "prev", "hash")
"""An entry's fields, in the order a trail file writes them."""


@dataclass(frozen=True)
class AuditEntry:
    """One line of the trail.

    ``at`` is an ISO 8601 UTC time ending in ``Z``; ``who`` the login of the person; ``what``
    a short phrase naming the screen or change ("client screen", "goal saved"); ``record``
    the internal id of the client record, or ``None`` for the store as a whole.
    """

    seq: int
    at: str
    who: str
    action: str
    what: str
    record: str | None
    prev: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_mapping(cls, row: Mapping[str, Any]) -> AuditEntry:
        """An entry from a parsed line or table row; :class:`ValueError` if a field is
        missing or of the wrong kind (the trail is then broken at that entry)."""
        try:
            seq, record = row["seq"], row["record"]
            texts = [row[name] for name in ("at", "who", "action", "what", "prev", "hash")]
        except (KeyError, TypeError):
            raise ValueError("a field is missing") from None
        if type(seq) is not int or not all(isinstance(text, str) for text in texts):
            raise ValueError("a field is of the wrong kind")
        if record is not None and not isinstance(record, str):
            raise ValueError("the record id is of the wrong kind")
        at, who, action, what, prev, hash_ = texts
        return cls(seq, at, who, action, what, record, prev, hash_)


def audit_time(moment: datetime) -> str:
    """An entry's time: ISO 8601 UTC to the microsecond, ending in ``Z`` (as PostgreSQL
    writes it too)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def canonical_form(
    seq: int, at: str, who: str, action: str, what: str, record: str | None, prev: str
) -> str:
    """The text an entry's hash is taken over: the tag, then one field a line."""
    fields = (str(seq), at, who, action, what, record or "", prev)
    return "\n".join([FORM_TAG, *(_escaped(field) for field in fields)])


def entry_hash(
    seq: int, at: str, who: str, action: str, what: str, record: str | None, prev: str
) -> str:
    """SHA-256 (hex) of the canonical form."""
    form = canonical_form(seq, at, who, action, what, record, prev)
    return hashlib.sha256(form.encode("utf-8")).hexdigest()


def next_entry(
    last: AuditEntry | None, at: str, who: str, action: Action | str, what: str, record: str | None
) -> AuditEntry:
    """The entry that follows ``last`` (the first one when ``last`` is ``None``), sealed."""
    seq = 1 if last is None else last.seq + 1
    prev = GENESIS if last is None else last.hash
    action = str(action)
    digest = entry_hash(seq, at, who, action, what, record, prev)
    return AuditEntry(seq, at, who, action, what, record, prev, digest)


@dataclass(frozen=True)
class Verdict:
    """What checking a trail found: how many entries hold, and the first that does not."""

    checked: int
    broken_at: int | None = None
    """The position (1-based) of the first entry that breaks the chain, if any."""
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None

    def sentence(self) -> str:
        if self.intact:
            return f"The audit trail is intact: {self.checked} entries, each sealing the last."
        return f"The audit trail is broken at entry {self.broken_at}: {self.reason}."


def verify(entries: Iterable[Mapping[str, Any] | ValueError]) -> Verdict:
    """Check a trail from its first entry: each must be well formed, numbered one more than
    the one before, name that one's hash as ``prev``, and hash to its own ``hash``.

    ``entries`` yields parsed entries in the order they were kept; a source that could not
    parse an entry yields a :class:`ValueError` in its place, which breaks the chain there.
    """
    prev, seq = GENESIS, 0
    for position, row in enumerate(entries, start=1):
        if isinstance(row, ValueError):
            return Verdict(position - 1, position, f"it cannot be read ({row})")
        try:
            entry = AuditEntry.from_mapping(row)
        except ValueError as exc:
            return Verdict(position - 1, position, f"it cannot be read ({exc})")
        if entry.seq != seq + 1:
            return Verdict(
                position - 1, position, f"it is numbered {entry.seq} where {seq + 1} was due"
            )
        if entry.prev != prev:
            return Verdict(
                position - 1,
                position,
                "it does not follow the entry before it (one was changed or removed)",
            )
        digest = entry_hash(
            entry.seq, entry.at, entry.who, entry.action, entry.what, entry.record, entry.prev
        )
        if digest != entry.hash:
            return Verdict(position - 1, position, "its contents were changed after it was kept")
        prev, seq = entry.hash, entry.seq
    return Verdict(seq)
