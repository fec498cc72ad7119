"""The folder store's client records: reading and writing one client's file, the caseload
index rows built from them, and the :class:`~fama.store.base.Store` methods for clients
(including erasure, which :mod:`fama.store.erasure` journals).

The pydantic records are imported inside the methods that build them: listing the caseload
(summaries only) must not pay for loading pydantic at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import Query

from fama.errors import ClientNotFound, DuplicateClient
from fama.models.summary import ClientSummary
from fama.store import erasure
from fama.store.base import same_key
from fama.store.erasure import Erased, finished_erasure_words
from fama.store.files import file_stamp, read_json
from fama.store.tinydb_folder import (
    CLIENT_TABLES,
    CLIENTS_DIR,
    INDEX_FILE,
    StoreFolder,
    as_json,
    fresh_table,
    storage_of,
    table_rows,
)

if TYPE_CHECKING:
    from fama.models import Client, ClientRecord, Conversation, Goal, HandoutGiven, Review


class ClientFiles(StoreFolder):
    """Client records, one file each, and the caseload index derived from them.

    A save writes the client's file, then its index row; each row remembers the stamp of
    the file it was built from, so opening the store repairs a crash between the two.
    """

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
        table = fresh_table(self._index, "caseload")
        with storage_of(self._index).batch():
            table.upsert(self._index_row(record), Query().file == self._key(record.client.code))

    def _replace_index_rows(self, rows: list[dict[str, Any]], drop: Iterable[str] = ()) -> None:
        """Swap in index rows (matched by file key) and drop others, in one scan and one save."""
        keys = {row["file"] for row in rows} | set(drop)
        table = fresh_table(self._index, "caseload")
        with storage_of(self._index).batch():
            table.remove(lambda doc: doc.get("file") in keys)
            table.insert_multiple(rows)

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
        table = fresh_table(self._index, "caseload")
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

    def erase_client(self, code: str, *, keep_figures: bool = False) -> Erased:
        """Journal the erasure, then carry it out (see fama/store/erasure.py). Run again after
        a kill, it finishes what the journal lists; if opening the store already finished it,
        it returns what that did. ``keep_figures`` first keeps the record's facts for the
        self-assessment (see fama/store/retained_file.py)."""
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

    def notices(self) -> list[str]:
        """One sentence for each erasure a killed command left and opening the store finished
        (the code is not known then: only the keyed file name is journalled)."""
        return [finished_erasure_words(done) for done in self.finished_erasures.values()]
