"""Client records in PostgreSQL: one row per client, the whole record as JSONB.

Beside the document, each row carries what the caseload and the figures ask about
(keyworker, stage, the next dates, the caseload row itself), so one keyworker's caseload
is an index lookup that reads no record. A change locks the client's row (``FOR UPDATE``),
reads the record as stored now, applies the change and writes it back in the same
transaction; ``version`` counts the writes and ``changed_by`` and ``changed_at`` say whose
was last.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb

from fama.errors import ClientNotFound, DuplicateClient, StoreUnreadable
from fama.store.postgres.database import Connection, Database
from fama.store.shared import same_key

if TYPE_CHECKING:
    from fama.assessment.facts import ClientFacts
    from fama.models import (
        Client,
        ClientRecord,
        ClientSummary,
        Conversation,
        Goal,
        HandoutGiven,
        Review,
    )
    from fama.store.erasure import Erased

DOCUMENT_BATCH = 500
"""Records fetched at a time when every record is read (the self-assessment's figures)."""

COLUMNS = (
    "keyworker, stage, next_due, next_review, episode_start, discharged, summary, facts, record"
)
PLACES = ", ".join(["%s"] * (COLUMNS.count(",") + 1))


def client_row(record: ClientRecord) -> tuple[Any, ...]:
    """The row's columns for a record, checked by a round trip through JSON first."""
    from fama.assessment.facts import client_facts
    from fama.assessment.stored_facts import facts_to_row
    from fama.models import ClientRecord

    data = record.model_dump(mode="json")
    checked = ClientRecord.model_validate(data)
    summary = checked.summary()
    client = checked.client
    due = [d for d in (summary.follow_up_due, summary.next_review, summary.revisit_on) if d]
    return (
        client.keyworker,
        client.stage.value,
        min(due) if due else None,
        client.next_review,
        client.episode_start,
        client.discharged,
        Jsonb(summary.to_row()),
        Jsonb(facts_to_row(client_facts(checked))),
        Jsonb(data),
    )


class ClientRows(Database):
    """The clients table, behind the client half of the store contract."""

    def _record(self, code: str, data: dict[str, Any]) -> ClientRecord:
        from pydantic import ValidationError

        from fama.models import ClientRecord

        try:
            return ClientRecord.model_validate(data)
        except ValidationError as exc:
            raise StoreUnreadable(
                f"{self.where} (client {code})",
                f"the record does not read as a fama record ({exc.error_count()} problems)",
                None,
            ) from None

    def client_summaries(self, keyworker: str | None = None) -> list[ClientSummary]:
        from fama.models.summary import ClientSummary

        with self.transaction() as conn:
            if keyworker is None:
                rows = conn.execute("SELECT summary FROM clients").fetchall()
            else:
                rows = conn.execute(
                    "SELECT summary FROM clients WHERE keyworker = %s", (keyworker,)
                ).fetchall()
        return [ClientSummary.from_row(row) for (row,) in rows]

    def has_client(self, code: str) -> bool:
        with self.transaction() as conn:
            return (
                conn.execute("SELECT 1 FROM clients WHERE code = %s", (code,)).fetchone()
                is not None
            )

    def load_client(self, code: str) -> ClientRecord:
        with self.transaction() as conn:
            row = conn.execute("SELECT record FROM clients WHERE code = %s", (code,)).fetchone()
        if row is None:
            raise ClientNotFound(code)
        return self._record(code, row[0])

    def load_clients(self, codes: list[str]) -> list[ClientRecord]:
        with self.transaction() as conn:
            rows = conn.execute(
                "SELECT code, record FROM clients WHERE code = ANY(%s)", (codes,)
            ).fetchall()
        found = dict(rows)
        missing = [code for code in codes if code not in found]
        if missing:
            raise ClientNotFound(missing[0])
        return [self._record(code, found[code]) for code in codes]

    def create_client(self, client: Client) -> None:
        from fama.models import ClientRecord

        row = client_row(ClientRecord(client=client))
        with self.transaction() as conn:
            inserted = conn.execute(
                f"INSERT INTO clients (code, {COLUMNS}) VALUES (%s, {PLACES})"
                " ON CONFLICT (code) DO NOTHING",
                (client.code, *row),
            ).rowcount
        if not inserted:
            raise DuplicateClient(client.code)

    @staticmethod
    def _update(conn: Connection, code: str, record: ClientRecord) -> None:
        assignments = ", ".join(f"{column} = %s" for column in COLUMNS.split(", "))
        conn.execute(
            f"UPDATE clients SET {assignments}, version = version + 1, changed_at = now(),"
            " changed_by = current_user WHERE code = %s",
            (*client_row(record), code),
        )

    def change_record(
        self, code: str, change: Callable[[ClientRecord], ClientRecord]
    ) -> ClientRecord:
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT record FROM clients WHERE code = %s FOR UPDATE", (code,)
            ).fetchone()
            if row is None:
                raise ClientNotFound(code)
            record = change(self._record(code, row[0]))
            same_key(code, record.client.code, "client")
            self._update(conn, code, record)
            return record

    def save_client(self, client: Client) -> None:
        self.change_record(client.code, lambda r: r.model_copy(update={"client": client}))

    def _upsert(self, code: str, field: str, item: Any) -> None:
        def change(record: ClientRecord) -> ClientRecord:
            kept = [x for x in getattr(record, field) if x.id != item.id]
            return record.model_copy(update={field: [*kept, item]})

        self.change_record(code, change)

    def save_goal(self, goal: Goal) -> None:
        self._upsert(goal.client_code, "goals", goal)

    def save_review(self, review: Review) -> None:
        self._upsert(review.client_code, "reviews", review)

    def save_conversation(self, conversation: Conversation) -> None:
        self._upsert(conversation.client_code, "conversations", conversation)

    def save_handout_given(self, given: HandoutGiven) -> None:
        self._upsert(given.client_code, "handouts", given)

    def client_documents(self) -> Iterator[dict[str, Any]]:
        last = ""
        while True:
            with self.transaction() as conn:
                rows = conn.execute(
                    "SELECT code, record FROM clients WHERE code > %s ORDER BY code LIMIT %s",
                    (last, DOCUMENT_BATCH),
                ).fetchall()
            if not rows:
                return
            for code, record in rows:
                yield record
                last = code

    def assessment_facts(self, first_day: date, last_day: date) -> Iterator[ClientFacts]:
        """The facts kept beside each record, through the one function a report login may
        call (it returns no code and no words), in batches."""
        from fama.assessment.stored_facts import facts_from_row

        with self.transaction() as conn, conn.cursor(name="fama_facts") as cursor:
            cursor.itersize = DOCUMENT_BATCH
            cursor.execute("SELECT fama_assessment_facts(%s, %s)", (first_day, last_day))
            for (row,) in cursor:
                yield facts_from_row(row)

    def fill_missing_facts(self) -> int:
        """Make the facts of records written before the database kept them, or kept them in
        an earlier form (after a migration); returns how many. Needs a login that may read
        and write every record."""
        from fama.assessment.facts import client_facts
        from fama.assessment.stored_facts import SHAPE, facts_to_row

        filled = 0
        while True:
            with self.transaction() as conn:
                rows = conn.execute(
                    "SELECT code, record FROM clients"
                    " WHERE facts IS NULL OR coalesce((facts->>'shape')::int, 1) < %s"
                    " LIMIT %s FOR UPDATE",
                    (SHAPE, DOCUMENT_BATCH),
                ).fetchall()
                for code, data in rows:
                    facts = facts_to_row(client_facts(self._record(code, data)))
                    conn.execute(
                        "UPDATE clients SET facts = %s WHERE code = %s", (Jsonb(facts), code)
                    )
            if not rows:
                return filled
            filled += len(rows)

    def put_record(self, record: ClientRecord) -> None:
        self.put_records([record])

    def put_records(self, records: list[ClientRecord]) -> None:
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS.split(", "))
        rows = [(record.client.code, *client_row(record)) for record in records]
        with self.transaction() as conn, conn.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO clients (code, {COLUMNS}) VALUES (%s, {PLACES})"
                f" ON CONFLICT (code) DO UPDATE SET {updates}, version = clients.version + 1,"
                " changed_at = now(), changed_by = current_user",
                rows,
            )

    # Erasure ----------------------------------------------------------------------------
    def erase_client(self, code: str, *, keep_figures: bool = False) -> Erased:
        """The row goes in one transaction with a journal entry listing the files written
        about the client outside the database (and, for a retention purge, the record's
        facts kept for the figures); the files are deleted after it commits, and the entry
        last. Opening the store finishes an entry a kill left behind."""
        from fama.assessment.facts import client_facts
        from fama.assessment.stored_facts import facts_to_row

        with self.transaction() as conn:
            row = conn.execute(
                "SELECT record FROM clients WHERE code = %s FOR UPDATE", (code,)
            ).fetchone()
            if row is None:
                raise ClientNotFound(code)
            record = self._record(code, row[0])
            entry = secrets.token_hex(12)
            conn.execute(
                "INSERT INTO erasures (id, records, files) VALUES (%s, %s, %s)",
                (entry, record.record_count, Jsonb([str(f.path) for f in record.files])),
            )
            if keep_figures:
                conn.execute(
                    "INSERT INTO retained_facts (facts) VALUES (%s)",
                    (Jsonb(facts_to_row(client_facts(record))),),
                )
            conn.execute("DELETE FROM clients WHERE code = %s", (code,))
        return self._finish_erasure(entry, record.record_count, [f.path for f in record.files])

    def _finish_erasure(self, entry: str, records: int, files: list[Path]) -> Erased:
        from fama.store.erasure import erase_files

        erased = erase_files(records, files)
        with self.transaction() as conn:
            conn.execute("DELETE FROM erasures WHERE id = %s", (entry,))
        return erased

    def finish_erasures(self) -> list[Erased]:
        """Finish every erasure a killed process began (its files still to delete). Only a
        login that may erase (a lead) sees the unfinished ones; for others this does nothing."""
        with self.transaction() as conn:
            allowed = conn.execute("SELECT has_table_privilege('erasures', 'DELETE')").fetchone()
            if not allowed or not allowed[0]:
                return []
            rows = conn.execute(
                "SELECT id, records, files FROM erasures ORDER BY begun_at"
            ).fetchall()
        return [
            self._finish_erasure(entry, records, [Path(p) for p in files])
            for entry, records, files in rows
        ]
