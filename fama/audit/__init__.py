"""The audit trail: who viewed, changed, exported or erased which client record, and when,
kept so that nobody can quietly edit it (DESIGN §4c).

Each entry carries the hash of the one before, so changing or removing an entry breaks
the chain at the next one (:mod:`fama.audit.chain`). Records are named by an internal id
(a keyed hash of the client code the store computes), never the code in clear, so the
tombstone an erasure leaves says only that an erasure was carried out, by whom and when.

Pure Python over the standard library: may import nothing from fama but ``fama.errors``;
the stores keep the entries, the casebook writes them.
"""

from typing import TYPE_CHECKING, Any

from fama.audit.actions import Action

if TYPE_CHECKING:
    from fama.audit.chain import (
        FIELDS,
        GENESIS,
        AuditEntry,
        Verdict,
        audit_time,
        canonical_form,
        entry_hash,
        next_entry,
        verify,
    )


def __getattr__(name: str) -> Any:
    """The chain's names are imported when first asked for: naming an :class:`Action` (as
    every part of the casebook does) must not load ``hashlib`` on the way to the caseload."""
    if name in __all__ and name != "Action":
        from fama.audit import chain

        return getattr(chain, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FIELDS",
    "GENESIS",
    "Action",
    "AuditEntry",
    "Verdict",
    "audit_time",
    "canonical_form",
    "entry_hash",
    "next_entry",
    "verify",
]
