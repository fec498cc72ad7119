"""Storage behind one small interface (DESIGN §2); :func:`open_store` picks the implementation."""

from pathlib import Path

from fama.store.base import (
    Backups,
    ClientNotFound,
    DuplicateClient,
    MeetingNotFound,
    StaffNotFound,
    Store,
    StoreBusy,
    StoreError,
    StoreUnreadable,
)
from fama.store.memory_store import MemoryStore
from fama.store.tinydb_store import SCHEMA_VERSION, TinyDBStore


def open_store(path: Path) -> Store:
    """Open the store folder at ``path`` (created if new)."""
    return TinyDBStore.open(path)


__all__ = [
    "SCHEMA_VERSION",
    "Backups",
    "ClientNotFound",
    "DuplicateClient",
    "MeetingNotFound",
    "MemoryStore",
    "StaffNotFound",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoreUnreadable",
    "TinyDBStore",
    "open_store",
]
