"""Listing and restoring the folder store's backups (``<store>/backups/<stamp>-<reason>``).

Restoring works on a store that refuses to open (a missing client file, a damaged index):
that is when it is needed. Under the store's lock it first backs up the data there now, then
writes a marker naming the backup, replaces each file whole (one durable write each), and
removes the marker. A restore killed half-way leaves the marker, and opening the store says
to run the restore again, which finishes it: the store is never used half-restored.

The erasure journal and the secret of the file names are left as they are: an erasure that
was not finished is finished on the next opening, so a backup never brings a client back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fama.errors import StoreError
from fama.paths import atomic_write, make_private_dir, remove_durably
from fama.store.files import write_store_file
from fama.store.tinydb_folder import (
    BACKUPS_DIR,
    CLIENTS_DIR,
    DATA_DIRS,
    DATA_FILES,
    RESTORING_FILE,
)
from fama.store.tinydb_store import TinyDBStore

_STAMP = "%Y%m%d-%H%M%S-%f"


class BackupNotFound(StoreError):
    """No backup of the store has this name."""

    exit_code = 2

    def __init__(self, store: Path, name: str) -> None:
        super().__init__(
            f"There is no backup called {name} in {store / BACKUPS_DIR}; "
            "'fama backup --list' lists them."
        )


@dataclass(frozen=True)
class BackupInfo:
    """One backup: its name, folder, when it was taken and how many clients it holds."""

    name: str
    path: Path
    taken: datetime
    clients: int


def _taken(folder: Path) -> datetime:
    """When a backup was taken: from the stamp its name starts with, else the folder's time."""
    try:
        return datetime.strptime(folder.name[:22], _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return datetime.fromtimestamp(folder.stat().st_mtime, UTC)


def list_backups(store: Path) -> list[BackupInfo]:
    """The complete backups of the store, oldest first (a half-made one is never listed)."""
    return [
        BackupInfo(
            name=folder.name,
            path=folder,
            taken=_taken(folder),
            clients=sum(1 for _ in (folder / CLIENTS_DIR).glob("*.json")),
        )
        for folder in TinyDBStore(store).backup_folders()
    ]


def find_backup(store: Path, name: str) -> BackupInfo:
    """The backup called ``name``; ``BackupNotFound`` otherwise."""
    for info in list_backups(store):
        if info.name == name:
            return info
    raise BackupNotFound(store, name)


def _put_copy(source: Path, target: Path) -> None:
    """Make ``target`` a copy of ``source`` in one durable write (nothing if it already is).

    The bytes are copied as they are: in an encrypted store a file is sealed for its path
    relative to the backup folder, which is its path in the store too, so it opens there."""
    data = source.read_bytes()
    try:
        if target.read_bytes() == data:
            return
    except FileNotFoundError:
        pass
    atomic_write(target, data)


def restore_backup(store: Path, name: str) -> Path:
    """Replace the store's data with the backup ``name``; returns the backup taken first of
    the data that was there. Raises ``BackupNotFound`` or ``StoreBusy``."""
    source = find_backup(store, name).path
    files = TinyDBStore(store)  # not opened: a damaged store must be restorable
    with files._locked():
        before = files.take_backup("before-restore", prune=False)
        write_store_file(store / RESTORING_FILE, f"{name}\n".encode())
        for data_file in DATA_FILES:
            if (source / data_file).exists():
                _put_copy(source / data_file, store / data_file)
            else:
                remove_durably(store / data_file)
        for folder in DATA_DIRS:  # a backup taken before schema 4 has no index folder
            make_private_dir(store / folder)
            wanted = {p.name for p in (source / folder).glob("*.json")}
            for name in sorted(wanted):
                _put_copy(source / folder / name, store / folder / name)
            for extra in (store / folder).glob("*.json"):
                if extra.name not in wanted:
                    remove_durably(extra)
        remove_durably(store / RESTORING_FILE)
    files.prune_backups()
    return before
