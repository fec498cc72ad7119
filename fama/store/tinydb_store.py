"""The embedded store: TinyDB files in one private folder, partitioned so a save touches little.

Layout (DESIGN §4)::

    <store>/fama.json          schema version + the caseload index (one row per client)
    <store>/meetings.json      the meeting directory
    <store>/staff.json         keyworkers and their training
    <store>/assessments.json   the service's mutual aid self-assessments (no client data)
    <store>/clients/<key>.json one client's whole record (profile, goals, reviews, conversations),
                               named by a keyed hash of the code (fama/store/file_names.py)
    <store>/.names-key         the secret of those names (0600)
    <store>/erasing.json       erasures started and not yet finished (fama/store/erasure.py)
    <store>/backups/<stamp>-<reason>/   copies taken daily, before a migration, on request
    <store>/.lock              held around every read-modify-write

Saving a goal rewrites one small client file and the compact caseload index (about 0.4 KB a
client), not the whole service's data. The index is derived from the client files; each row
remembers the stamp of the file it was built from, so a crash between the two writes is
repaired the next time the store opens.

The pydantic records are imported inside the methods that build them: opening the store and
listing the caseload (summaries only) must not pay for loading pydantic at start-up.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from tinydb import Query, TinyDB

from fama.errors import (
    ClientNotFound,
    DuplicateClient,
    MeetingNotFound,
    StoreBusy,
    StoreError,
    StoreUnreadable,
)
from fama.models.summary import ClientSummary
from fama.store import erasure
from fama.store.base import Store, same_key
from fama.store.erasure import Erased, finished_erasure_words
from fama.store.file_names import (
    SECRET_FILE,
    SecretUnreadable,
    create_secret,
    keyed_name,
    read_secret,
    rekey_folder,
)
from fama.store.files import (
    FILE_MODE,
    TEMP_SUFFIX,
    AtomicStorage,
    FileDamaged,
    atomic_write,
    file_stamp,
    fsync_dir,
    make_private_dir,
    read_json,
)

if TYPE_CHECKING:
    from filelock import FileLock
    from pydantic import BaseModel

    from fama.assessment.model import Assessment
    from fama.models import (
        Client,
        ClientRecord,
        Conversation,
        Goal,
        HandoutGiven,
        Meeting,
        Review,
        StaffMember,
    )

SCHEMA_VERSION = 3
"""Bump when the stored shape changes, and add a migration from the old version below."""

INDEX_FILE = "fama.json"


def _rebuild_caseload_index(path: Path) -> None:
    """Schema 2 added to each caseload row (when a follow-up falls due, a refusal and its
    revisit date): drop the rows, and opening the store rebuilds them from the client files."""
    index_path = path / INDEX_FILE
    data = read_json(index_path) or {}
    data["caseload"] = {}
    atomic_write(index_path, json.dumps(data).encode("utf-8"))


def _key_file_names(path: Path) -> None:
    """Schema 3 names client files by a keyed hash, so codes cannot be recovered from the
    names: make the store's secret and rename the files, in the backups too."""
    secret = read_secret(path) or create_secret(path)
    rekey_folder(path, secret)
    backups = path / BACKUPS_DIR
    if backups.is_dir():
        for folder in sorted(p for p in backups.iterdir() if p.is_dir()):
            rekey_folder(folder, secret)


Migration = Callable[[Path], None]
MIGRATIONS: dict[int, Migration] = {1: _rebuild_caseload_index, 2: _key_file_names}
"""``MIGRATIONS[n]`` upgrades a store folder from schema ``n`` to ``n + 1`` in place."""

MEETINGS_FILE = "meetings.json"
STAFF_FILE = "staff.json"
LOCATIONS_FILE = "locations.json"
ASSESSMENTS_FILE = "assessments.json"
"""Added after schema 1 without a migration: a store without it simply has no assessments."""
CLIENTS_DIR = "clients"
BACKUPS_DIR = "backups"
LOCK_FILE = ".lock"
KEEP_BACKUPS = 10
LOCK_TIMEOUT_S = 15.0
DATA_FILES = (INDEX_FILE, MEETINGS_FILE, STAFF_FILE, LOCATIONS_FILE, ASSESSMENTS_FILE)
"""The store's files besides the clients' (what a backup copies and a restore puts back)."""
RESTORING_FILE = ".restoring"
"""Names the backup being restored, from before the first file is replaced until the last."""

CLIENT_TABLES = ("client", "goals", "reviews", "conversations", "handouts", "files")


def _rows(data: dict[str, Any] | None, table: str) -> list[dict[str, Any]]:
    if not data:
        return []
    return list(data.get(table, {}).values())


def _table(db: TinyDB, name: str) -> Any:
    """A TinyDB table that trusts nothing it remembered: another process may have written.

    TinyDB caches query results and the next document id per table object; both would be
    stale after another process's save, so the query cache is off and the id is recounted.
    """
    table = db.table(name, cache_size=0)
    table._next_id = None
    return table


def _storage(db: TinyDB) -> AtomicStorage:
    return cast(AtomicStorage, db.storage)


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


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


class TinyDBStore(Store):
    """A store folder on local disk. Open it with :meth:`open`. Implements :class:`Backups`.

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
        self._threads = threading.RLock()
        self._index = self._db(path / INDEX_FILE)
        self._meetings = self._db(path / MEETINGS_FILE)
        self._staff = self._db(path / STAFF_FILE)
        self._locations = self._db(path / LOCATIONS_FILE)
        self._assessments = self._db(path / ASSESSMENTS_FILE)

    # Opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path) -> TinyDBStore:
        """Open (creating if new) the store folder at ``path``, migrating and repairing it."""
        path = Path(path).expanduser()
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path} is a file, but a fama store is a folder; choose a folder.")
        try:
            make_private_dir(path)
            if not (path / INDEX_FILE).exists():  # a new store; an old one without it is refused
                make_private_dir(path / CLIENTS_DIR)
        except OSError as exc:
            raise StoreError(f"Cannot use {path} as a store: {exc.strerror}.") from exc
        store = cls(path)
        # The usual case, a healthy store, is checked without the lock (every file is replaced
        # whole, so reads never see half a save). Only upkeep takes the lock, and re-checks.
        if store._needs_upkeep():
            with store._locked():
                store._upkeep()
        return store

    def _needs_upkeep(self) -> bool:
        """Is there a schema to write or migrate, a killed command's leftovers (temp files, an
        unfinished erasure or restore), a missing folder or secret, or index drift?"""
        with self._reading():
            meta = _rows(read_json(self.path / INDEX_FILE), "meta")
        if not meta or meta[0].get("schema") != SCHEMA_VERSION:
            return True  # new, older, newer or damaged: the locked path decides and says why
        leftovers = (CLIENTS_DIR, erasure.JOURNAL_FILE, RESTORING_FILE)
        if [(self.path / name).exists() for name in leftovers] != [True, False, False]:
            return True
        self._secret = self._read_secret()  # a damaged key is refused here, missing mended
        if self._secret is None:
            return True
        if any(self._temp_files()) or any(self._partial_backups()):
            return True
        stale, gone = self._index_drift()
        return bool(stale or gone)

    def _upkeep(self) -> None:
        """Under the lock: refuse a damaged store, else bring it up to date and tidy."""
        restoring = self.path / RESTORING_FILE
        if restoring.exists():
            name = restoring.read_text(encoding="utf-8", errors="replace").strip()
            raise self._unreadable(
                self.path,
                f"a restore of the backup {name} was interrupted; run "
                f"'fama backup restore {name}' again to finish it",
            )
        if (self.path / INDEX_FILE).exists() and not (self.path / CLIENTS_DIR).is_dir():
            raise self._unreadable(self.path / CLIENTS_DIR, "the store's clients folder is missing")
        self._check_schema()
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
                    yield
            except Timeout as exc:
                raise StoreBusy(self.path) from exc

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

    def _check_schema(self) -> None:
        index_path = self.path / INDEX_FILE
        with self._reading():
            meta = _rows(read_json(index_path), "meta")
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
        table = _table(self._index, "meta")
        with _storage(self._index).batch():
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
        rewrites); a backup's client files are copied whole into a temp folder instead."""
        folders = [self.path, self.path / CLIENTS_DIR, *self.backup_folders()]
        for folder in folders:
            yield from (p for p in folder.glob(f".*{TEMP_SUFFIX}") if p.is_file())

    def backup_folders(self) -> list[Path]:
        backups = self.path / BACKUPS_DIR
        if not backups.is_dir():
            return []
        return sorted(p for p in backups.iterdir() if p.is_dir() and not p.name.startswith("."))

    def _partial_backups(self) -> Iterator[Path]:
        """Folders of backups a killed process was still copying (its id is in the name)."""
        backups = self.path / BACKUPS_DIR
        if not backups.is_dir():
            return
        for folder in backups.glob(f".*{TEMP_SUFFIX}"):
            pid = folder.name.removesuffix(TEMP_SUFFIX).rsplit(".", 1)[-1]
            if folder.is_dir() and not (pid.isdigit() and _running(int(pid))):
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

    def _index_drift(self) -> tuple[list[Path], list[str]]:
        """Client files whose index row is missing or out of date, and rows with no file."""
        with self._reading():
            rows = {row["file"]: row for row in _table(self._index, "caseload").all()}
        clients = self.path / CLIENTS_DIR
        on_disk = {p.stem: p for p in clients.glob("*.json")} if clients.is_dir() else {}
        stale = [
            path
            for key, path in on_disk.items()
            if key not in rows or list(file_stamp(path) or ()) != rows[key].get("stamp")
        ]
        gone = [key for key in rows if key not in on_disk]
        return stale, gone

    def _repair_index(self) -> None:
        """Bring index rows back in line with the client files (after a crash between saves).

        A row whose file is missing is never dropped: files only go by erasure, which is
        journalled and finished first, so a missing file is damage, and the store is refused.
        """
        stale, gone = self._index_drift()
        if gone:
            rows = {row["file"]: row for row in _table(self._index, "caseload").all()}
            codes = sorted(str(rows[key].get("code")) for key in gone)
            if len(codes) == 1:
                where = self.path / CLIENTS_DIR / f"{gone[0]}.json"
                problem = f"the file of client {codes[0]} is missing"
            else:
                shown = ", ".join(codes[:5]) + (", ..." if len(codes) > 5 else "")
                where = self.path / CLIENTS_DIR
                problem = f"the files of {len(codes)} clients ({shown}) are missing"
            raise self._unreadable(where, problem)
        if stale:
            fresh = [self._index_row(self._read_record_file(path)) for path in stale]
            self._replace_index_rows(fresh)

    def _replace_index_rows(self, rows: list[dict[str, Any]], drop: Iterable[str] = ()) -> None:
        """Swap in index rows (matched by file key) and drop others, in one scan and one save."""
        keys = {row["file"] for row in rows} | set(drop)
        table = _table(self._index, "caseload")
        with _storage(self._index).batch():
            table.remove(lambda doc: doc.get("file") in keys)
            table.insert_multiple(rows)

    # Client files -------------------------------------------------------------------
    def _client_path(self, code: str) -> Path:
        return self.path / CLIENTS_DIR / f"{self._key(code)}.json"

    def _read_record_file(self, path: Path) -> ClientRecord:
        from pydantic import ValidationError

        from fama.models import (
            Client,
            ClientRecord,
            Conversation,
            Goal,
            HandoutGiven,
            Review,
            WrittenFile,
        )

        with self._reading():
            data = read_json(path)
        if data is None:
            raise FileNotFoundError(path)
        try:
            clients = _rows(data, "client")
            if len(clients) != 1:
                raise self._unreadable(path, "it does not hold exactly one client")
            return ClientRecord(
                client=Client.model_validate(clients[0]),
                goals=[Goal.model_validate(r) for r in _rows(data, "goals")],
                reviews=[Review.model_validate(r) for r in _rows(data, "reviews")],
                conversations=[
                    Conversation.model_validate(r) for r in _rows(data, "conversations")
                ],
                # absent from files written before handouts were logged: an empty log
                handouts=[HandoutGiven.model_validate(r) for r in _rows(data, "handouts")],
                # absent from files written before files written out were recorded
                files=[WrittenFile.model_validate(r) for r in _rows(data, "files")],
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "a record"
            raise self._unreadable(path, f"a record failed validation at {where}") from exc

    def client_documents(self) -> Iterator[dict[str, Any]]:
        """Each client's record as plain JSON, in the shape of an entry of ``export()``'s
        ``clients``, without pydantic: for figures over a whole store (the self-assessment),
        where validating 50,000 records would cost more than counting them. The reader
        checks the fields it uses; a file that is not a record gets the usual one-sentence
        refusal."""
        for summary in self.client_summaries():
            path = self._client_path(summary.code)
            with self._reading():
                data = read_json(path)
            if data is None:
                raise ClientNotFound(summary.code)
            clients = _rows(data, "client")
            if len(clients) != 1:
                raise self._unreadable(path, "it does not hold exactly one client")
            yield {
                "client": clients[0],
                "goals": _rows(data, "goals"),
                "reviews": _rows(data, "reviews"),
                "conversations": _rows(data, "conversations"),
                "handouts": _rows(data, "handouts"),
                "files": _rows(data, "files"),
            }

    def _write_record_file(self, record: ClientRecord) -> Path:
        path = self._client_path(record.client.code)
        db = self._db(path)
        with _storage(db).batch():
            for name in CLIENT_TABLES:
                _table(db, name).truncate()
            _table(db, "client").insert(_dump(record.client))
            _table(db, "goals").insert_multiple(_dump(g) for g in record.goals)
            _table(db, "reviews").insert_multiple(_dump(r) for r in record.reviews)
            _table(db, "conversations").insert_multiple(_dump(c) for c in record.conversations)
            _table(db, "handouts").insert_multiple(_dump(h) for h in record.handouts)
            _table(db, "files").insert_multiple(_dump(f) for f in record.files)
        return path

    def _index_row(self, record: ClientRecord) -> dict[str, Any]:
        code = record.client.code
        row = record.summary().to_row()
        row["file"] = self._key(code)
        row["stamp"] = list(file_stamp(self._client_path(code)) or ())
        return row

    def _put(self, record: ClientRecord) -> None:
        """Save a client's file, then its index row (repair covers a crash in between)."""
        self._write_record_file(record)
        table = _table(self._index, "caseload")
        with _storage(self._index).batch():
            table.upsert(self._index_row(record), Query().file == self._key(record.client.code))

    def put_records(self, records: list[ClientRecord]) -> None:
        with self._locked():
            for record in records:
                self._write_record_file(record)
            self._replace_index_rows([self._index_row(r) for r in records])

    def _change(self, code: str, change: Callable[[ClientRecord], ClientRecord]) -> ClientRecord:
        with self._locked():
            record = change(self.load_client(code))
            same_key(code, record.client.code, "client")
            self._put(record)
            return record

    def change_record(
        self, code: str, change: Callable[[ClientRecord], ClientRecord]
    ) -> ClientRecord:
        return self._change(code, change)

    # Store interface: clients ---------------------------------------------------------
    def client_summaries(self, keyworker: str | None = None) -> list[ClientSummary]:
        table = _table(self._index, "caseload")
        with self._reading():
            if keyworker is None:
                rows = table.all()
            else:
                rows = table.search(Query().keyworker == keyworker)
        try:
            return [ClientSummary.from_row(row) for row in rows]
        except (ValueError, TypeError) as exc:
            raise self._unreadable(
                self.path / INDEX_FILE, f"a caseload row is invalid ({exc})"
            ) from exc

    def has_client(self, code: str) -> bool:
        return self._client_path(code).exists()

    def load_client(self, code: str) -> ClientRecord:
        path = self._client_path(code)
        try:
            return self._read_record_file(path)
        except FileNotFoundError:
            raise ClientNotFound(code) from None

    def create_client(self, client: Client) -> None:
        from fama.models import ClientRecord

        with self._locked():
            if self.has_client(client.code):
                raise DuplicateClient(client.code)
            self._put(ClientRecord(client=client))

    def save_client(self, client: Client) -> None:
        self._change(client.code, lambda r: r.model_copy(update={"client": client}))

    def save_goal(self, goal: Goal) -> None:
        def change(record: ClientRecord) -> ClientRecord:
            goals = [g for g in record.goals if g.id != goal.id] + [goal]
            return record.model_copy(update={"goals": goals})

        self._change(goal.client_code, change)

    def save_review(self, review: Review) -> None:
        def change(record: ClientRecord) -> ClientRecord:
            reviews = [r for r in record.reviews if r.id != review.id] + [review]
            return record.model_copy(update={"reviews": reviews})

        self._change(review.client_code, change)

    def save_conversation(self, conversation: Conversation) -> None:
        def change(record: ClientRecord) -> ClientRecord:
            kept = [c for c in record.conversations if c.id != conversation.id]
            return record.model_copy(update={"conversations": [*kept, conversation]})

        self._change(conversation.client_code, change)

    def save_handout_given(self, given: HandoutGiven) -> None:
        def change(record: ClientRecord) -> ClientRecord:
            kept = [h for h in record.handouts if h.id != given.id]
            return record.model_copy(update={"handouts": [*kept, given]})

        self._change(given.client_code, change)

    def put_record(self, record: ClientRecord) -> None:
        with self._locked():
            self._put(record)

    def erase_client(self, code: str) -> Erased:
        """Journal the erasure, then carry it out (see fama/store/erasure.py). Run again after
        a kill, it finishes what the journal lists; if opening the store already finished it,
        it returns what that did."""
        key = self._key(code)
        with self._locked(), self._reading():
            if key not in erasure.pending(self.path):
                if key in self.finished_erasures and not self.has_client(code):
                    return self.finished_erasures.pop(key)
                record = self.load_client(code)
                erasure.begin(self.path, key, record.record_count, [f.path for f in record.files])
            self.finished_erasures.pop(key, None)
            return erasure.finish(self.path, key)

    def notices(self) -> list[str]:
        """One sentence for each erasure a killed command left and opening the store finished
        (the code is not known then: only the keyed file name is journalled)."""
        return [finished_erasure_words(done) for done in self.finished_erasures.values()]

    # Store interface: directory and staff ---------------------------------------------
    def _load_all(self, db: TinyDB, table: str, model: type[Any]) -> list[Any]:
        from pydantic import ValidationError

        with self._reading():
            rows = _table(db, table).all()
        try:
            return [model.model_validate(dict(row)) for row in rows]
        except ValidationError as exc:
            raise self._unreadable(
                _storage(db).path, f"a {table} record failed validation"
            ) from exc

    def meetings(self) -> list[Meeting]:
        from fama.models import Meeting

        return self._load_all(self._meetings, "meetings", Meeting)

    def replace_meetings(self, meetings: list[Meeting]) -> None:
        with self._locked():
            table = _table(self._meetings, "meetings")
            with _storage(self._meetings).batch():
                table.truncate()
                table.insert_multiple(_dump(m) for m in meetings)

    def change_meetings(self, change: Callable[[list[Meeting]], list[Meeting]]) -> list[Meeting]:
        with self._locked():
            meetings = change(self.meetings())
            table = _table(self._meetings, "meetings")
            with _storage(self._meetings).batch():
                table.truncate()
                table.insert_multiple(_dump(m) for m in meetings)
        return meetings

    def save_meeting(self, meeting: Meeting) -> None:
        with self._locked():
            table = _table(self._meetings, "meetings")
            with _storage(self._meetings).batch():
                table.upsert(_dump(meeting), Query().id == meeting.id)

    def _one(self, db: TinyDB, table: str, field: str, value: object, model: type[Any]) -> Any:
        """The first row of ``table`` whose ``field`` is ``value``, validated, or None."""
        from pydantic import ValidationError

        with self._reading():
            rows = _table(db, table).search(Query()[field] == value)
        if not rows:
            return None
        try:
            return model.model_validate(dict(rows[0]))
        except ValidationError as exc:
            raise self._unreadable(
                _storage(db).path, f"a {table} record failed validation"
            ) from exc

    def meeting(self, meeting_id: str) -> Meeting:
        from fama.models import Meeting

        found: Meeting | None = self._one(self._meetings, "meetings", "id", meeting_id, Meeting)
        if found is None:
            raise MeetingNotFound(meeting_id)
        return found

    def change_meeting(
        self, meeting_id: str, change: Callable[[Meeting | None], Meeting]
    ) -> Meeting:
        from fama.models import Meeting

        with self._locked():
            current = self._one(self._meetings, "meetings", "id", meeting_id, Meeting)
            changed = change(current)
            same_key(meeting_id, changed.id, "meeting")
            table = _table(self._meetings, "meetings")
            with _storage(self._meetings).batch():
                table.upsert(_dump(changed), Query().id == meeting_id)
        return changed

    def locations(self) -> dict[str, tuple[float, float]]:
        with self._reading():
            rows = _table(self._locations, "locations").all()
        try:
            return {str(r["outcode"]): (float(r["latitude"]), float(r["longitude"])) for r in rows}
        except (KeyError, TypeError, ValueError) as exc:
            path = self.path / LOCATIONS_FILE
            raise self._unreadable(path, "a location row is invalid") from exc

    def replace_locations(self, locations: dict[str, tuple[float, float]]) -> None:
        rows = [
            {"outcode": code, "latitude": lat, "longitude": lon}
            for code, (lat, lon) in sorted(locations.items())
        ]
        with self._locked():
            table = _table(self._locations, "locations")
            with _storage(self._locations).batch():
                table.truncate()
                table.insert_multiple(rows)

    def staff(self) -> list[StaffMember]:
        from fama.models import StaffMember

        return self._load_all(self._staff, "staff", StaffMember)

    def staff_member(self, staff_id: str) -> StaffMember | None:
        from fama.models import StaffMember

        found: StaffMember | None = self._one(self._staff, "staff", "id", staff_id, StaffMember)
        return found

    def save_staff(self, member: StaffMember) -> None:
        with self._locked():
            table = _table(self._staff, "staff")
            with _storage(self._staff).batch():
                table.upsert(_dump(member), Query().id == member.id)

    def change_staff(
        self, staff_id: str, change: Callable[[StaffMember | None], StaffMember]
    ) -> StaffMember:
        with self._locked():
            changed = change(self.staff_member(staff_id))
            same_key(staff_id, changed.id, "staff member")
            table = _table(self._staff, "staff")
            with _storage(self._staff).batch():
                table.upsert(_dump(changed), Query().id == staff_id)
        return changed

    # Store interface: self-assessment -------------------------------------------------
    def assessments(self) -> list[Assessment]:
        from fama.assessment.model import Assessment

        return self._load_all(self._assessments, "assessments", Assessment)

    def save_assessment(self, assessment: Assessment) -> None:
        with self._locked():
            table = _table(self._assessments, "assessments")
            with _storage(self._assessments).batch():
                table.upsert(_dump(assessment), Query().id == assessment.id)

    def change_assessment(
        self,
        service: str,
        period_start: date,
        period_end: date,
        change: Callable[[Assessment | None], Assessment],
    ) -> Assessment:
        from fama.assessment.model import find_assessment

        with self._locked():
            kept = find_assessment(self.assessments(), service, period_start, period_end)
            changed = change(kept)
            if not changed.covers(service, period_start, period_end):
                raise ValueError("A change to an assessment moved it to another service or period.")
            table = _table(self._assessments, "assessments")
            with _storage(self._assessments).batch():
                if kept is not None and kept.id != changed.id:
                    table.remove(Query().id == kept.id)
                table.upsert(_dump(changed), Query().id == changed.id)
        return changed

    # Whole store ------------------------------------------------------------------------
    def export(self) -> dict[str, Any]:
        records = [self.load_client(s.code) for s in self.client_summaries()]
        return {
            "format": "fama-export",
            "schema": SCHEMA_VERSION,
            "exported_at": datetime.now(UTC).isoformat(),
            "staff": [_dump(m) for m in self.staff()],
            "meetings": [_dump(m) for m in self.meetings()],
            "locations": {code: list(point) for code, point in self.locations().items()},
            "clients": [_dump(r) for r in sorted(records, key=lambda r: r.client.code)],
            "assessments": [
                _dump(a)
                for a in sorted(
                    self.assessments(),
                    key=lambda a: (a.service, a.period_start, a.period_end, a.id),
                )
            ],
        }

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
                make_private_dir(partial / CLIENTS_DIR)
                for name in DATA_FILES:
                    if (self.path / name).exists():
                        _snapshot_file(self.path / name, partial / name)
                clients = self.path / CLIENTS_DIR
                for path in clients.glob("*.json") if clients.is_dir() else ():
                    _snapshot_file(path, partial / CLIENTS_DIR / path.name)
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

    def latest_backup(self) -> Path | None:
        folders = self.backup_folders()
        return folders[-1] if folders else None

    def backup_if_due(self, now: datetime) -> Path | None:
        latest = self.latest_backup()
        if latest is not None:
            taken = datetime.fromtimestamp(latest.stat().st_mtime, UTC)
            if now - taken < timedelta(days=1):
                return None
        if not any((self.path / CLIENTS_DIR).glob("*.json")):
            return None
        return self.backup("daily")


def _running(pid: int) -> bool:
    """Is a process with this id running (so a temp folder named by it may be in use)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
