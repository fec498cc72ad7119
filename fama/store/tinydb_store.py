"""The embedded store: TinyDB files in one private folder, partitioned so a save touches little.

Layout (DESIGN §4)::

    <store>/fama.json          the schema version
    <store>/index/<NN>.json    the caseload index (one row per client), in up to 256 shards
                               (fama/store/index_shards.py)
    <store>/meetings.json      the meeting directory
    <store>/staff.json         keyworkers and their training
    <store>/assessments.json   the service's mutual aid self-assessments (no client data)
    <store>/contacts.json      the contacts register and fellowship visits (no client data)
    <store>/clients/<key>.json one client's whole record (profile, goals, reviews, conversations),
                               named by a keyed hash of the code (fama/store/file_names.py)
    <store>/.names-key         the secret of those names (0600)
    <store>/erasing.json       erasures started and not yet finished (fama/store/erasure.py)
    <store>/backups/<stamp>-<reason>/   copies taken daily, before a migration, on request
    <store>/.lock              held around every read-modify-write

Saving a goal rewrites one small client file and one shard of the compact caseload index
(about 0.4 KB a client, so about 30 KB a shard at 20,000 clients), not the whole service's
data. The index is derived from the client files; each row remembers the stamp of the file it
was built from, so a crash between the two writes is repaired the next time the store opens.

The pydantic records are imported inside the methods that build them: opening the store and
listing the caseload (summaries only) must not pay for loading pydantic at start-up.

The class is put together from parts split by meaning (see :mod:`fama.store.tinydb_folder`).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fama.errors import StoreError
from fama.paths import TEMP_SUFFIX, fsync_dir, make_private_dir, process_running
from fama.store.audit_file import AuditedFolder
from fama.store.base import Store
from fama.store.file_names import create_secret, read_secret, rekey_folder
from fama.store.files import read_json, read_store_bytes, write_store_file
from fama.store.index_shards import move_into_shards
from fama.store.retained_file import RetainedFacts
from fama.store.sealed_folder import SealedFolder
from fama.store.sealing import KEY_FILE, ON, sealer_for
from fama.store.shared import export_document
from fama.store.tinydb_clients import ClientFiles
from fama.store.tinydb_folder import (
    BACKUPS_DIR,
    CLIENTS_DIR,
    DATA_DIRS,
    DATA_FILES,
    INDEX_DIR,
    INDEX_FILE,
    JOURNAL_FILE,
    MEETINGS_FILE,
    RESTORING_FILE,
    fresh_table,
    storage_of,
    table_rows,
)
from fama.store.tinydb_tables import SharedTables

if TYPE_CHECKING:
    from fama.store.key_file import PassphraseSource

SCHEMA_VERSION = 4
"""Bump when the stored shape changes, and add a migration from the old version below."""


def _rebuild_caseload_index(path: Path) -> None:
    """Schema 2 added to each caseload row (when a follow-up falls due, a refusal and its
    revisit date): drop the rows, and opening the store rebuilds them from the client files."""
    index_path = path / INDEX_FILE
    data = read_json(index_path) or {}
    data["caseload"] = {}
    write_store_file(index_path, json.dumps(data).encode("utf-8"))


def _key_file_names(path: Path) -> None:
    """Schema 3 names client files by a keyed hash, so codes cannot be recovered from the
    names: make the store's secret and rename the files, in the backups too."""
    secret = read_secret(path) or create_secret(path)
    rekey_folder(path, secret)
    backups = path / BACKUPS_DIR
    if backups.is_dir():
        for folder in sorted(p for p in backups.iterdir() if p.is_dir()):
            rekey_folder(folder, secret)


def _shard_caseload_index(path: Path) -> None:
    """Schema 4 keeps the caseload index in shards (``index/<NN>.json``), so that a save
    rewrites one small shard rather than the whole index: move the rows there. The backups
    keep the layout they were taken in (a restore of one is migrated on the next opening)."""
    move_into_shards(path)


Migration = Callable[[Path], None]
MIGRATIONS: dict[int, Migration] = {
    1: _rebuild_caseload_index,
    2: _key_file_names,
    3: _shard_caseload_index,
}
"""``MIGRATIONS[n]`` upgrades a store folder from schema ``n`` to ``n + 1`` in place."""

KEEP_BACKUPS = 10


def _snapshot_file(source: Path, target: Path) -> None:
    """Put ``source``'s current content at ``target`` for a backup.

    A hard link where the file system allows one: every save replaces a store file whole
    (a new inode), so the link keeps this version however the store changes afterwards,
    and taking it costs microseconds, not a copy, while the lock is held. Elsewhere, a copy.
    """
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class TinyDBStore(ClientFiles, SharedTables, AuditedFolder, RetainedFacts, SealedFolder, Store):
    """A store folder on local disk. Open it with :meth:`open`. Implements :class:`Backups`.

    The records are read and written by :class:`~fama.store.tinydb_clients.ClientFiles` and
    :class:`~fama.store.tinydb_tables.SharedTables`; the lock, the TinyDB files and the
    keyed names are :class:`~fama.store.tinydb_folder.StoreFolder`'s. This class opens the
    folder: it checks and migrates the schema, finishes what a killed command left (temp
    files, erasures, a drifted index), and exports and backs up the whole store.
    """

    # Opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, passphrase: PassphraseSource | None = None) -> TinyDBStore:
        """Open (creating if new) the store folder at ``path``, migrating and repairing it.

        An encrypted store is unlocked first, once per process: ``passphrase`` is asked
        for it (by default, :func:`fama.store.passphrase.ask_passphrase`)."""
        path = Path(path).expanduser()
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path} is a file, but a fama store is a folder; choose a folder.")
        try:
            make_private_dir(path)
            if not (path / INDEX_FILE).exists():  # a new store; an old one without it is refused
                make_private_dir(path / CLIENTS_DIR)
                make_private_dir(path / INDEX_DIR)
        except OSError as exc:
            raise StoreError(f"Cannot use {path} as a store: {exc.strerror}.") from exc
        if (path / KEY_FILE).exists():
            from fama.store.key_file import unlock_folder
            from fama.store.passphrase import ask_passphrase

            unlock_folder(path, passphrase or ask_passphrase)
        store = cls(path)
        # The usual case, a healthy store, is checked without the lock (every file is replaced
        # whole, so reads never see half a save). Only upkeep takes the lock, and re-checks.
        if store._needs_upkeep():
            with store._locked():
                store._upkeep()
        return store

    def _needs_upkeep(self) -> bool:
        """Is there a schema to write or migrate, a killed command's leftovers (temp files, an
        unfinished erasure, restore or switch of encryption), a missing folder or secret,
        or index drift?"""
        sealer = sealer_for(self.path)
        if sealer is not None and sealer.state != ON:
            return True
        with self._reading():
            meta = table_rows(read_json(self.path / INDEX_FILE), "meta")
        if not meta or meta[0].get("schema") != SCHEMA_VERSION:
            return True  # new, older, newer or damaged: the locked path decides and says why
        leftovers = (CLIENTS_DIR, INDEX_DIR, JOURNAL_FILE, RESTORING_FILE)
        if [(self.path / name).exists() for name in leftovers] != [True, True, False, False]:
            return True
        self._secret = self._read_secret()  # a damaged key is refused here, missing mended
        if self._secret is None:
            return True
        if any(self._temp_files()) or any(self._partial_backups()):
            return True
        return bool(self._index_drift())

    def _upkeep(self) -> None:
        """Under the lock: refuse a damaged store, else bring it up to date and tidy."""
        restoring = self.path / RESTORING_FILE
        if restoring.exists():
            with self._reading():
                name = read_store_bytes(restoring).decode("utf-8", errors="replace").strip()
            raise self._unreadable(
                self.path,
                f"a restore of the backup {name} was interrupted; run "
                f"'fama backup restore {name}' again to finish it",
            )
        from fama.store import erasure
        from fama.store.switching import finish_switch

        with self._reading():
            switched = finish_switch(self)
        if switched is not None:
            self.switch_notices.append(switched)
        if (self.path / INDEX_FILE).exists() and not (self.path / CLIENTS_DIR).is_dir():
            raise self._unreadable(self.path / CLIENTS_DIR, "the store's clients folder is missing")
        self._check_schema()
        make_private_dir(self.path / INDEX_DIR)  # the index is derived: a lost one is rebuilt
        self._check_secret()
        for key in erasure.pending(self.path):
            with self._reading():
                self.finished_erasures[key] = erasure.finish(self.path, key)
        self._remove_stale_temp_files()
        self._repair_index()

    def _check_secret(self) -> None:
        """A store made before keyed names is migrated (schema 3); one whose secret was lost
        gets a new one and its files renamed, as the names can be made again from the files."""
        if self._read_secret() is None:
            _key_file_names(self.path)
        self._secret = None

    def _check_schema(self) -> None:
        index_path = self.path / INDEX_FILE
        with self._reading():
            meta = table_rows(read_json(index_path), "meta")
        if not meta:
            clients = self.path / CLIENTS_DIR
            if any(clients.iterdir()) or (self.path / MEETINGS_FILE).exists():
                raise self._unreadable(index_path, "the store's index file is missing")
            self._write_meta(SCHEMA_VERSION)
            if read_secret(self.path) is None:
                create_secret(self.path)
            return
        version = meta[0].get("schema")
        if not isinstance(version, int) or version < 1:
            raise self._unreadable(index_path, "it has no valid schema version")
        if version > SCHEMA_VERSION:
            raise self._unreadable(
                index_path,
                f"it was written by a newer fama (schema {version}; this version reads up to "
                f"{SCHEMA_VERSION}), so update fama",
            )
        if version < SCHEMA_VERSION:
            self._migrate(version)

    def _write_meta(self, version: int) -> None:
        table = fresh_table(self._index, "meta")
        with storage_of(self._index).batch():
            table.truncate()
            table.insert({"schema": version, "written_at": datetime.now(UTC).isoformat()})

    def _migrate(self, version: int) -> None:
        """Upgrade step by step after a full backup; if a step fails, the backup is there."""
        self.backup(f"before-migration-from-{version}")
        while version < SCHEMA_VERSION:
            step = MIGRATIONS.get(version)
            if step is None:
                raise self._unreadable(
                    self.path / INDEX_FILE, f"no upgrade is known from schema {version}"
                )
            step(self.path)
            version += 1
            self._write_meta(version)

    def _temp_files(self) -> Iterator[Path]:
        """Temp files of saves, in the store and in the backups (whose index an erasure
        rewrites, in ``fama.json`` or a shard, and whose every file a switch of encryption
        rewrites); a new backup's files are copied whole into a temp folder instead."""
        roots = [self.path, *self.backup_folders()]
        folders = [*roots, *(root / name for root in roots for name in DATA_DIRS)]
        for folder in folders:
            yield from (p for p in folder.glob(f".*{TEMP_SUFFIX}") if p.is_file())

    def _partial_backups(self) -> Iterator[Path]:
        """Folders of backups a killed process was still copying (its id is in the name)."""
        backups = self.path / BACKUPS_DIR
        if not backups.is_dir():
            return
        for folder in backups.glob(f".*{TEMP_SUFFIX}"):
            pid = folder.name.removesuffix(TEMP_SUFFIX).rsplit(".", 1)[-1]
            if folder.is_dir() and not (pid.isdigit() and process_running(int(pid))):
                yield folder

    def _remove_stale_temp_files(self) -> None:
        """Temp files are only left by a process killed mid-save; the real file is intact.
        They may hold other clients' rows, so they go as soon as the store is opened.

        Called under the lock, when no other process can be half-way through a save.
        """
        for tmp in list(self._temp_files()):
            tmp.unlink(missing_ok=True)
        for folder in list(self._partial_backups()):
            shutil.rmtree(folder, ignore_errors=True)

    # Whole store ------------------------------------------------------------------------
    def export(self) -> dict[str, Any]:
        records = [self.load_client(s.code) for s in self.client_summaries()]
        return export_document(
            self.staff(),
            self.meetings(),
            self.locations(),
            records,
            self.assessments(),
            schema=SCHEMA_VERSION,
            contacts=self.contacts(),
            visits=self.visits(),
        )

    def backup(self, reason: str) -> Path:
        return self.take_backup(reason)

    def take_backup(self, reason: str, *, prune: bool = True) -> Path:
        """Copy the store into ``backups/<stamp>-<reason>``, under the lock (so an erasure
        never misses a backup being made). The copy is made in a temp folder and renamed
        whole, so a killed backup never passes for a complete one. ``prune`` drops the
        oldest beyond ``KEEP_BACKUPS`` (a restore prunes only once it is done)."""
        backups = self.path / BACKUPS_DIR
        make_private_dir(backups)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        target = backups / f"{stamp}-{reason}"
        partial = backups / f".{target.name}.{os.getpid()}{TEMP_SUFFIX}"
        with self._locked():
            try:
                make_private_dir(partial)
                for name in DATA_FILES:
                    if (self.path / name).exists():
                        _snapshot_file(self.path / name, partial / name)
                for folder in DATA_DIRS:
                    make_private_dir(partial / folder)
                    source = self.path / folder
                    for path in source.glob("*.json") if source.is_dir() else ():
                        _snapshot_file(path, partial / folder / path.name)
                os.rename(partial, target)
            except BaseException:
                shutil.rmtree(partial, ignore_errors=True)
                raise
            fsync_dir(backups)
        if prune:
            self.prune_backups()
        return target

    def prune_backups(self) -> None:
        for old in self.backup_folders()[:-KEEP_BACKUPS]:
            shutil.rmtree(old, ignore_errors=True)

    def backup_if_due(self, now: datetime) -> Path | None:
        latest = self.latest_backup()
        if latest is not None:
            taken = datetime.fromtimestamp(latest.stat().st_mtime, UTC)
            if now - taken < timedelta(days=1):
                return None
        if not any((self.path / CLIENTS_DIR).glob("*.json")):
            return None
        return self.backup("daily")
