"""The folder store's layout and footing: the names of its files, the TinyDB helpers every
part uses, and :class:`StoreFolder`, the base of :class:`~fama.store.tinydb_store.TinyDBStore`.

The store is split by meaning: this module (the folder, its lock and its names),
:mod:`~fama.store.tinydb_clients` (client files and the caseload index),
:mod:`~fama.store.tinydb_tables` (the directory, staff, locations and self-assessments)
and :mod:`~fama.store.tinydb_store` (opening, schema and migration, upkeep, backups).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from fama.errors import StoreBusy, StoreSwitched, StoreUnreadable
from fama.paths import FILE_MODE
from fama.store import index_shards
from fama.store.file_names import SECRET_FILE, SecretUnreadable, keyed_name, read_secret
from fama.store.files import AtomicStorage, FileDamaged
from fama.store.sealing import KEY_FILE, sealer_for

if TYPE_CHECKING:
    from filelock import FileLock
    from pydantic import BaseModel
    from tinydb import TinyDB
    from tinydb.queries import QueryInstance

    from fama.store.erasure import Erased


INDEX_FILE = "fama.json"
"""The schema version (and, up to schema 3, the caseload index, now in ``INDEX_DIR``)."""

MEETINGS_FILE = "meetings.json"
STAFF_FILE = "staff.json"
LOCATIONS_FILE = "locations.json"
ASSESSMENTS_FILE = "assessments.json"
"""Added after schema 1 without a migration: a store without it simply has no assessments."""
CONTACTS_FILE = "contacts.json"
"""The contacts register and fellowship visits (tables ``contacts`` and ``visits``); added
after schema 1 without a migration: a store without it has no contacts yet."""
CLIENTS_DIR = "clients"
INDEX_DIR = index_shards.INDEX_DIR
"""The caseload index, one row per client, in shards (see :mod:`fama.store.index_shards`)."""
BACKUPS_DIR = "backups"
LOCK_FILE = ".lock"
LOCK_TIMEOUT_S = 15.0
DATA_FILES = (
    INDEX_FILE,
    MEETINGS_FILE,
    STAFF_FILE,
    LOCATIONS_FILE,
    ASSESSMENTS_FILE,
    CONTACTS_FILE,
)
"""The store's files besides the clients' and the index shards (what a backup copies and a
restore puts back, with the files of ``CLIENTS_DIR`` and ``INDEX_DIR``)."""
DATA_DIRS = (CLIENTS_DIR, INDEX_DIR)
"""The store's folders of ``*.json`` files that a backup copies and a restore puts back."""
JOURNAL_FILE = "erasing.json"
"""Erasures started and not yet finished (see :mod:`fama.store.erasure`)."""
RESTORING_FILE = ".restoring"
"""Names the backup being restored, from before the first file is replaced until the last."""

CLIENT_TABLES = ("client", "goals", "reviews", "conversations", "handouts", "files")


def table_rows(data: dict[str, Any] | None, table: str) -> list[dict[str, Any]]:
    """The rows of ``table`` in a store file read as JSON (none if the file or table is absent)."""
    if not data:
        return []
    return list(data.get(table, {}).values())


def fresh_table(db: TinyDB, name: str) -> Any:
    """A TinyDB table that trusts nothing it remembered: another process may have written.

    TinyDB caches query results and the next document id per table object; both would be
    stale after another process's save, so the query cache is off and the id is recounted.
    """
    table = db.table(name, cache_size=0)
    table._next_id = None
    return table


def where(field: str, value: object) -> QueryInstance:
    """TinyDB's query for the rows whose ``field`` is ``value`` (``Query()[field] == value``)."""
    from tinydb import Query

    query: QueryInstance = Query()[field] == value
    return query


def storage_of(db: TinyDB) -> AtomicStorage:
    """The file behind ``db`` (every store file is opened with :class:`AtomicStorage`)."""
    return cast(AtomicStorage, db.storage)


def as_json(model: BaseModel) -> dict[str, Any]:
    """A record as the JSON a store file holds."""
    return model.model_dump(mode="json")


class StoreFolder:
    """What every part of the folder store stands on: the folder, its TinyDB files, the lock
    around every read-modify-write, the keyed names of the client files, and the one plain
    error for a damaged file (which names the latest backup).

    Between processes, every read-modify-write holds the folder's lock file. Within a
    process, one ``threading.RLock`` guards the TinyDB objects (their caches and batches
    are shared), held by every write and, briefly, by every read of a shared file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock: FileLock | None = None  # made on first use: opening a healthy store needs none
        self._secret: bytes | None = None  # read on first use
        self.finished_erasures: dict[str, Erased] = {}
        """Erasures an earlier, killed run left unfinished, which opening the store finished."""
        self.switch_notices: list[str] = []
        """An encryption or decryption a kill interrupted, which opening the store finished."""
        self._threads = threading.RLock()
        self._dbs: dict[str, TinyDB] = {}  # the shared files, each opened on first use
        self._shard_files: dict[str, AtomicStorage] = {}  # the index shards, read on first use
        self._shard_dbs: dict[str, TinyDB] = {}  # over those, made for a first change

    # The shared files, each a TinyDB made on first use (opening the store reads none).
    @property
    def _index(self) -> TinyDB:
        return self._file_db(INDEX_FILE)

    @property
    def _meetings(self) -> TinyDB:
        return self._file_db(MEETINGS_FILE)

    @property
    def _staff(self) -> TinyDB:
        return self._file_db(STAFF_FILE)

    @property
    def _locations(self) -> TinyDB:
        return self._file_db(LOCATIONS_FILE)

    @property
    def _assessments(self) -> TinyDB:
        return self._file_db(ASSESSMENTS_FILE)

    @property
    def _contacts(self) -> TinyDB:
        return self._file_db(CONTACTS_FILE)

    def _file_db(self, name: str) -> TinyDB:
        with self._threads:
            db = self._dbs.get(name)
            if db is None:
                db = self._dbs[name] = self._db(self.path / name)
            return db

    def _read_secret(self) -> bytes | None:
        try:
            return read_secret(self.path)
        except SecretUnreadable as exc:
            key_file = self.path / SECRET_FILE
            raise self._unreadable(key_file, f"it is not fama's key ({exc})") from exc

    def _key(self, code: str) -> str:
        """The file stem of a client: a keyed hash, so a listing does not reveal the codes."""
        if self._secret is None:
            secret = self._read_secret()
            if secret is None:
                raise self._unreadable(self.path / SECRET_FILE, "the store's key file is missing")
            self._secret = secret
        return keyed_name(self._secret, code)

    @staticmethod
    def _db(path: Path) -> TinyDB:
        from tinydb import TinyDB

        return TinyDB(path, storage=AtomicStorage)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout

        if self._lock is None:
            self._lock = FileLock(
                str(self.path / LOCK_FILE), timeout=LOCK_TIMEOUT_S, mode=FILE_MODE
            )
        with self._threads:
            try:
                with self._lock:
                    self._check_sealing()
                    yield
            except Timeout as exc:
                raise StoreBusy(self.path) from exc

    def _check_sealing(self) -> None:
        """Refuse to write in the form the store is no longer in: encrypted or decrypted by
        another fama since this one opened it (one stat, under the lock)."""
        sealer = sealer_for(self.path)
        if (self.path / KEY_FILE).exists() != (sealer is not None):
            raise StoreSwitched(self.path, sealer is None)

    def _unreadable(self, path: Path, problem: str) -> StoreUnreadable:
        return StoreUnreadable(path, problem, self.latest_backup())

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Turn a damaged file or a record that fails validation into one plain error (and
        keep other threads' writes out while a shared file is read)."""
        try:
            with self._threads:
                yield
        except FileDamaged as exc:
            raise self._unreadable(exc.path, exc.problem) from exc

    def backup_folders(self) -> list[Path]:
        backups = self.path / BACKUPS_DIR
        if not backups.is_dir():
            return []
        return sorted(p for p in backups.iterdir() if p.is_dir() and not p.name.startswith("."))

    def latest_backup(self) -> Path | None:
        folders = self.backup_folders()
        return folders[-1] if folders else None
