"""The whole store on PostgreSQL: opening it, its schema check, and the whole-store export.

:meth:`PostgresStore.open` connects (a small pool), refuses a database without fama's
schema or with a newer one (``fama store init`` and ``fama store migrate`` make and update
it), and finishes any erasure a killed process began.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from fama.errors import StoreError, StoreUnreadable
from fama.store.base import Store
from fama.store.postgres import schema
from fama.store.postgres.audit import AuditRows
from fama.store.postgres.clients import COLUMNS, PLACES, ClientRows, client_row
from fama.store.postgres.database import POOL_SIZE, Database
from fama.store.postgres.tables import SharedRows
from fama.store.shared import ADD_BATCH, Additions, batches, export_document

if TYPE_CHECKING:
    from fama.models import Access
    from fama.store.erasure import Erased

GROUP_ROLES = {"keyworker": "fama_keyworker", "lead": "fama_lead", "report": "fama_report"}
"""The database's group role for each access (made by migration 002)."""


_OPEN: weakref.WeakSet[PostgresStore] = weakref.WeakSet()
"""Stores this process opened and has not closed (a command closes them as it ends)."""


def close_all() -> None:
    """Close every store this process still holds open: its connections go at once."""
    for store in list(_OPEN):
        store.close()


class PostgresStore(ClientRows, SharedRows, AuditRows, Store):
    """Everything fama keeps, in one PostgreSQL database shared by a whole service."""

    def __init__(self, url: str, pool: Any) -> None:
        super().__init__(url, pool)
        self._notices: list[str] = []
        _OPEN.add(self)

    def close(self) -> None:
        _OPEN.discard(self)
        super().close()

    @classmethod
    def open(cls, url: str, *, pool_size: int = POOL_SIZE) -> PostgresStore:
        """Connect to the database at ``url``; one sentence if it cannot be used as it is."""
        store = cls(url, Database.open_pool(url, pool_size))
        try:
            store._check_schema()
            finished = store.finish_erasures()
        except BaseException:
            store.close()
            raise
        if finished:
            store._notices.append(_finished_words(finished))
        return store

    def _check_schema(self) -> None:
        with self.transaction() as conn:
            version = schema.current_version(conn)
        latest = schema.latest_version()
        if version is None:
            raise StoreError(
                f"{self.where.capitalize()} has no fama tables yet: run `fama store init`."
            )
        if version > latest:
            raise StoreUnreadable(
                self.where,
                f"its schema is version {version}, newer than this fama reads ({latest})",
                None,
            )
        if version < latest:
            raise StoreError(
                f"{self.where.capitalize()} has schema version {version}; this fama needs "
                f"{latest}: run `fama store migrate`."
            )

    def login(self) -> str:
        with self.transaction() as conn:
            row = conn.execute("SELECT current_user").fetchone()
        return str(row[0]) if row else ""

    def grant_access(self, login: str, access: Access) -> None:
        from psycopg import sql

        group = GROUP_ROLES[access]
        with self.transaction() as conn:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
            if exists is None:
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(login)))
            conn.execute(
                sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(login))
            )
            for other in GROUP_ROLES.values():
                if other == group:
                    continue
                # A lead may hand the other roles on (PostgreSQL 16 and later ask for this
                # as well as CREATEROLE); anyone else keeps only their own.
                statement = (
                    "GRANT {} TO {} WITH ADMIN OPTION"
                    if group == GROUP_ROLES["lead"]
                    else "REVOKE {} FROM {}"
                )
                conn.execute(
                    sql.SQL(statement).format(sql.Identifier(other), sql.Identifier(login))
                )

    def notices(self) -> list[str]:
        return list(self._notices)

    def add(self, additions: Additions) -> int:
        """Everything in one transaction, with plain inserts: a key someone else took since
        the caller checked rolls the whole addition back (one sentence, nothing added)."""
        from psycopg.types.json import Jsonb

        def doc(model: Any) -> Jsonb:
            return Jsonb(model.model_dump(mode="json"))

        written = 0
        with self.transaction() as conn, conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO staff (id, login, access, doc) VALUES (%s, %s, %s, %s)",
                [(m.id, m.login, m.access.value, doc(m)) for m in additions.staff],
            )
            cursor.executemany(
                "INSERT INTO meetings (id, doc) VALUES (%s, %s)",
                [(m.id, doc(m)) for m in additions.meetings],
            )
            cursor.executemany(
                "INSERT INTO locations (outcode, latitude, longitude) VALUES (%s, %s, %s)",
                [(code, lat, lon) for code, (lat, lon) in additions.locations.items()],
            )
            cursor.executemany(
                "INSERT INTO assessments (id, service, period_start, period_end, doc)"
                " VALUES (%s, %s, %s, %s, %s)",
                [
                    (a.id, a.service, a.period_start, a.period_end, doc(a))
                    for a in additions.assessments
                ],
            )
            cursor.executemany(
                "INSERT INTO contacts (id, doc) VALUES (%s, %s)",
                [(c.id, doc(c)) for c in additions.contacts],
            )
            cursor.executemany(
                "INSERT INTO visits (id, doc) VALUES (%s, %s)",
                [(v.id, doc(v)) for v in additions.visits],
            )
            for batch in batches(additions.records, ADD_BATCH):
                cursor.executemany(
                    f"INSERT INTO clients (code, {COLUMNS}) VALUES (%s, {PLACES})",
                    [(record.client.code, *client_row(record)) for record in batch],
                )
                written += len(batch)
        return written

    def export(self) -> dict[str, Any]:
        """The whole store as one document, read in one snapshot (repeatable read)."""
        from fama.assessment.model import Assessment
        from fama.models import Contact, Meeting, StaffMember, Visit

        with self.transaction() as conn:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            clients = conn.execute("SELECT code, record FROM clients").fetchall()
            records = [self._record(code, doc) for code, doc in clients]
            staff = [
                StaffMember.model_validate(d) for (d,) in conn.execute("SELECT doc FROM staff")
            ]
            meetings = [
                Meeting.model_validate(d) for (d,) in conn.execute("SELECT doc FROM meetings")
            ]
            points = conn.execute("SELECT outcode, latitude, longitude FROM locations").fetchall()
            assessments = [
                Assessment.model_validate(d) for (d,) in conn.execute("SELECT doc FROM assessments")
            ]
            contacts = [
                Contact.model_validate(d) for (d,) in conn.execute("SELECT doc FROM contacts")
            ]
            visits = [Visit.model_validate(d) for (d,) in conn.execute("SELECT doc FROM visits")]
        locations = {str(code): (float(lat), float(lon)) for code, lat, lon in points}
        from fama.store.tinydb_store import SCHEMA_VERSION

        return export_document(
            staff,
            meetings,
            locations,
            records,
            assessments,
            schema=SCHEMA_VERSION,
            contacts=contacts,
            visits=visits,
        )


def _finished_words(done: list[Erased]) -> str:
    """The notice for erasures finished on opening (no client details: none are kept)."""
    files = sum(len(e.deleted) for e in done)
    count = len(done)
    return (
        f"Finished {count} erasure{'s' if count != 1 else ''} that a stopped fama had begun "
        f"({files} file{'s' if files != 1 else ''} written about the client deleted)."
    )
