"""Storage behind one small interface (DESIGN §2); :func:`open_store` picks the implementation."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fama.errors import (
    ClientNotFound,
    DuplicateClient,
    MeetingNotFound,
    StaffNotFound,
    StoreBusy,
    StoreError,
    StoreLocked,
    StoreUnreadable,
)
from fama.paths import is_database_url
from fama.store.base import Backups, Store
from fama.store.encryption import Encryption
from fama.store.tinydb_folder import CLIENTS_DIR, INDEX_FILE
from fama.store.tinydb_store import SCHEMA_VERSION, TinyDBStore

if TYPE_CHECKING:
    from fama.store.key_file import PassphraseSource
    from fama.store.memory_store import MemoryStore


def __getattr__(name: str) -> Any:
    """``MemoryStore`` is imported when first asked for: the app opens a file store."""
    if name == "MemoryStore":
        from fama.store.memory_store import MemoryStore

        return MemoryStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def holds_store(path: Path) -> bool:
    """Does ``path`` hold a fama store (perhaps a damaged one, which opening then reports)?

    Told by the index file or the clients folder, without opening anything: a command that
    only reads must not turn a mistyped path into a new, empty store.
    """
    return (path / INDEX_FILE).is_file() or (path / CLIENTS_DIR).is_dir()


def open_store(location: Path | str, passphrase: "PassphraseSource | None" = None) -> Store:
    """Open the store at ``location``: a ``postgresql://`` URL (the service's database,
    which must hold fama's tables already), else a folder (created if new). An encrypted
    folder asks ``passphrase`` for its passphrase, once per process (by default, from
    ``FAMA_PASSPHRASE_FILE`` or typed in the terminal)."""
    if is_database_url(location):
        from fama.store.postgres.store import PostgresStore

        return PostgresStore.open(str(location))
    return TinyDBStore.open(Path(location), passphrase)


def is_encrypted(location: Path | str) -> bool:
    """Is ``location`` a store folder that fama encrypted (it holds a key file)?"""
    from fama.store.sealing import KEY_FILE

    return not is_database_url(location) and (Path(location) / KEY_FILE).is_file()


def unlock(path: Path, passphrase: "PassphraseSource | None" = None) -> None:
    """Hold the key of the store folder at ``path`` in this process if it is encrypted
    (asking ``passphrase`` once), without opening it: a restore works on a store that
    refuses to open."""
    from fama.store.key_file import unlock_folder
    from fama.store.passphrase import ask_passphrase

    unlock_folder(Path(path), passphrase or ask_passphrase)


__all__ = [
    "SCHEMA_VERSION",
    "Backups",
    "ClientNotFound",
    "DuplicateClient",
    "Encryption",
    "MeetingNotFound",
    "MemoryStore",
    "StaffNotFound",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoreLocked",
    "StoreUnreadable",
    "TinyDBStore",
    "holds_store",
    "is_database_url",
    "is_encrypted",
    "open_store",
    "unlock",
]
