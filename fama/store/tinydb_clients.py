"""The folder store's client records: reading and writing one client's file, the caseload
index rows built from them, and the :class:`~fama.store.base.Store` methods for clients
(including erasure, which :mod:`fama.store.erasure` journals).

The pydantic records are imported inside the methods that build them, and TinyDB by the first
change: listing the caseload (summaries only, read from the index shards' JSON) must not pay
for loading either at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fama.errors import ClientNotFound, DuplicateClient
from fama.models.summary import ClientSummary
from fama.store.files import AtomicStorage, file_stamp, read_json
from fama.store.index_shards import TABLE, shard_of, shard_path, shards
from fama.store.shared import same_key
from fama.store.tinydb_folder import (
    CLIENT_TABLES,
    CLIENTS_DIR,
    StoreFolder,
    as_json,
    fresh_table,
    storage_of,
    table_rows,
    where,
)

if TYPE_CHECKING:
    from tinydb import TinyDB

    from fama.models import Client, ClientRecord, Conversation, Goal, HandoutGiven, Review
    from fama.store.erasure import Erased


def _filed_as(keys: set[str]) -> Callable[[Mapping[str, Any]], bool]:
    """Picks the index rows of the clients filed as ``keys``, and rows that name no file."""

    def picked(row: Mapping[str, Any]) -> bool:
        key = row.get("file")
        return not isinstance(key, str) or key in keys

    return picked


@dataclass
class Drift:
    """How the caseload index differs from the client files (see ``_index_drift``)."""

    stale: list[Path] = field(default_factory=list)
    """Client files with no row, an out-of-date row, or a row held twice."""
    gone: list[str] = field(default_factory=list)
    """File keys of rows whose client file is missing (damage: the store is refused)."""
    misplaced: list[tuple[str, str]] = field(default_factory=list)
    """(shard, file key) of rows to drop: in another client's shard, or naming no file."""
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    twice: set[str] = field(default_factory=set)
    codes: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.stale or self.gone or self.misplaced)


class ClientFiles(StoreFolder):
    """Client records, one file each, and the caseload index derived from them.

    A save writes the client's file, then its index row, in the row's shard of the index
    (:mod:`~fama.store.index_shards`); each row remembers the stamp of the file it was built
    from, so opening the store repairs a crash between the two.
    """

    def _shard_file(self, shard: str) -> AtomicStorage:
        """One shard's file, read as it is without TinyDB (the caseload needs only its rows);
        the shard's TinyDB, made for a change, stores through it, so both share one cache
        and a batch of changes is seen by the reads inside it."""
        file = self._shard_files.get(shard)
        if file is None:
            file = self._shard_files[shard] = AtomicStorage(shard_path(self.path, shard))
        return file

    def _shard_db(self, shard: str) -> TinyDB:
        db = self._shard_dbs.get(shard)
        if db is None:
            from tinydb import TinyDB

            file = self._shard_file(shard)
            db = self._shard_dbs[shard] = TinyDB(storage=lambda: file)
        return db

    def _shard_rows(self, shard: str) -> list[dict[str, Any]]:
        """The rows of one shard as stored now (call it inside ``_reading`` or the lock),
        each a copy, as TinyDB hands out, so no caller can change the cached file."""
        return [dict(row) for row in table_rows(self._shard_file(shard).read(), TABLE)]

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
            clients = table_rows(data, "client")
            if len(clients) != 1:
                raise self._unreadable(path, "it does not hold exactly one client")
            return ClientRecord(
                client=Client.model_validate(clients[0]),
                goals=[Goal.model_validate(r) for r in table_rows(data, "goals")],
                reviews=[Review.model_validate(r) for r in table_rows(data, "reviews")],
                conversations=[
                    Conversation.model_validate(r) for r in table_rows(data, "conversations")
                ],
                # absent from files written before handouts were logged: an empty log
                handouts=[HandoutGiven.model_validate(r) for r in table_rows(data, "handouts")],
                # absent from files written before files written out were recorded
                files=[WrittenFile.model_validate(r) for r in table_rows(data, "files")],
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
            clients = table_rows(data, "client")
            if len(clients) != 1:
                raise self._unreadable(path, "it does not hold exactly one client")
            yield {
                "client": clients[0],
                "goals": table_rows(data, "goals"),
                "reviews": table_rows(data, "reviews"),
                "conversations": table_rows(data, "conversations"),
                "handouts": table_rows(data, "handouts"),
                "files": table_rows(data, "files"),
            }

    def _write_record_file(self, record: ClientRecord) -> Path:
        path = self._client_path(record.client.code)
        db = self._db(path)
        with storage_of(db).batch():
            for name in CLIENT_TABLES:
                fresh_table(db, name).truncate()
            fresh_table(db, "client").insert(as_json(record.client))
            fresh_table(db, "goals").insert_multiple(as_json(g) for g in record.goals)
            fresh_table(db, "reviews").insert_multiple(as_json(r) for r in record.reviews)
            fresh_table(db, "conversations").insert_multiple(
                as_json(c) for c in record.conversations
            )
            fresh_table(db, "handouts").insert_multiple(as_json(h) for h in record.handouts)
            fresh_table(db, "files").insert_multiple(as_json(f) for f in record.files)
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
        key = self._key(record.client.code)
        db = self._shard_db(shard_of(key))
        table = fresh_table(db, TABLE)
        with storage_of(db).batch():
            table.upsert(self._index_row(record), where("file", key))

    def _replace_index_rows(
        self, rows: list[dict[str, Any]], drop: Iterable[tuple[str, str]] = ()
    ) -> None:
        """Swap in index rows (matched by file key, each in its shard), and drop the rows
        ``drop`` names as (shard, file key): one save for each shard touched. A shard that
        is rewritten loses any row that names no file."""
        new: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            new.setdefault(shard_of(row["file"]), []).append(row)
        gone: dict[str, set[str]] = {}
        for shard, key in drop:
            gone.setdefault(shard, set()).add(key)
        for shard in sorted(new.keys() | gone.keys()):
            fresh = new.get(shard, [])
            keys = {row["file"] for row in fresh} | gone.get(shard, set())
            db = self._shard_db(shard)
            table = fresh_table(db, TABLE)
            with storage_of(db).batch():
                table.remove(_filed_as(keys))
                table.insert_multiple(fresh)

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

    def client_summaries(self, keyworker: str | None = None) -> list[ClientSummary]:
        summaries: list[ClientSummary] = []
        for shard in shards(self.path):
            with self._reading():
                rows = self._shard_rows(shard)
            try:
                summaries += [
                    ClientSummary.from_row(row)
                    for row in rows
                    if keyworker is None or row.get("keyworker") == keyworker
                ]
            except (ValueError, TypeError) as exc:
                raise self._unreadable(
                    shard_path(self.path, shard), f"a caseload row is invalid ({exc})"
                ) from exc
        return summaries

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

    def erase_client(self, code: str, *, keep_figures: bool = False) -> Erased:
        """Journal the erasure, then carry it out (see fama/store/erasure.py). Run again after
        a kill, it finishes what the journal lists; if opening the store already finished it,
        it returns what that did. ``keep_figures`` first keeps the record's facts for the
        self-assessment (see fama/store/retained_file.py)."""
        from fama.store import erasure

        if keep_figures and self.has_client(code):
            self._retain_facts(code)  # type: ignore[attr-defined]
        key = self._key(code)
        with self._locked(), self._reading():
            if key not in erasure.pending(self.path):
                if key in self.finished_erasures and not self.has_client(code):
                    return self.finished_erasures.pop(key)
                record = self.load_client(code)
                erasure.begin(self.path, key, record.record_count, [f.path for f in record.files])
            self.finished_erasures.pop(key, None)
            return erasure.finish(self.path, key)

    def _index_drift(self) -> Drift:
        """Client files whose index row is missing or out of date, rows with no file, and
        rows out of place (in another client's shard, twice, or naming no file)."""
        drift = Drift()
        seen: set[str] = set()
        with self._reading():
            for shard in shards(self.path):
                for row in self._shard_rows(shard):
                    key = row.get("file")
                    if not isinstance(key, str) or shard_of(key) != shard or key in seen:
                        drift.misplaced.append((shard, key if isinstance(key, str) else ""))
                        drift.twice.add(key if isinstance(key, str) else "")
                    else:
                        drift.rows[key] = row
                    if isinstance(key, str):
                        seen.add(key)
                        drift.codes.setdefault(key, str(row.get("code")))
        clients = self.path / CLIENTS_DIR
        on_disk = {p.stem: p for p in clients.glob("*.json")} if clients.is_dir() else {}
        drift.stale = [
            path
            for key, path in on_disk.items()
            if key not in drift.rows
            or key in drift.twice
            or list(file_stamp(path) or ()) != drift.rows[key].get("stamp")
        ]
        drift.gone = sorted(key for key in seen if key not in on_disk)
        return drift

    def _repair_index(self) -> None:
        """Bring index rows back in line with the client files (after a crash between saves).

        A row whose file is missing is never dropped: files only go by erasure, which is
        journalled and finished first, so a missing file is damage, and the store is refused.
        """
        drift = self._index_drift()
        if drift.gone:
            codes = sorted(drift.codes[key] for key in drift.gone)
            if len(codes) == 1:
                where = self.path / CLIENTS_DIR / f"{drift.gone[0]}.json"
                problem = f"the file of client {codes[0]} is missing"
            else:
                shown = ", ".join(codes[:5]) + (", ..." if len(codes) > 5 else "")
                where = self.path / CLIENTS_DIR
                problem = f"the files of {len(codes)} clients ({shown}) are missing"
            raise self._unreadable(where, problem)
        if drift:
            fresh = [self._index_row(self._read_record_file(path)) for path in drift.stale]
            self._replace_index_rows(fresh, drift.misplaced)

    def notices(self) -> list[str]:
        """One sentence for each erasure a killed command left and opening the store finished
        (the code is not known then: only the keyed file name is journalled)."""
        if not self.finished_erasures:  # as nearly always: the erasure module is not needed
            return list(self.switch_notices)
        from fama.store.erasure import finished_erasure_words

        erasures = [finished_erasure_words(done) for done in self.finished_erasures.values()]
        return [*self.switch_notices, *erasures]
