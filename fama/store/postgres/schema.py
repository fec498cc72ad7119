"""The database's schema version and its numbered migrations (``migrations/NNN_*.sql``).

A migration is hand-written SQL, applied once, in number order, each in its own transaction
with the row that records it, so a migration killed half-way leaves the schema as it was.
``fama store init`` applies them all to an empty database, ``fama store migrate`` those not
applied yet, and ``fama store check`` says where a database stands. Two processes migrating
at once are serialised by a transaction-scoped advisory lock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fama.store.postgres.database import Connection

VERSION_TABLE = "fama_schema"
MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
MIGRATION_LOCK = 0x66616D61  # "fama": the advisory lock migrators share


@dataclass(frozen=True)
class Migration:
    """One numbered step of the schema."""

    version: int
    name: str
    sql: str


@cache
def migrations() -> tuple[Migration, ...]:
    """Every migration shipped with this fama, in order (numbers 1, 2, ... without gaps)."""
    folder = resources.files("fama.store.postgres").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("fama's schema migrations are not numbered 1, 2, 3... without gaps")
    return tuple(found)


def latest_version() -> int:
    """The schema version this fama reads and writes."""
    return migrations()[-1].version


def current_version(conn: Connection) -> int | None:
    """The schema version of the database ``conn`` is connected to; None before ``init``."""
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (VERSION_TABLE,)).fetchone()
    if not row or not row[0]:
        return None
    row = conn.execute(f"SELECT coalesce(max(version), 0) FROM {VERSION_TABLE}").fetchone()
    return int(row[0]) if row else 0


def has_other_tables(conn: Connection) -> list[str]:
    """Tables in the public schema that fama did not make: ``init`` refuses such a database."""
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).fetchall()
    ours = {
        VERSION_TABLE,
        "clients",
        "meetings",
        "locations",
        "staff",
        "assessments",
        "erasures",
        "audit",
        "audit_key",
        "retained_facts",
    }
    return [str(name) for (name,) in rows if name not in ours]


def migrate(conn: Connection) -> list[Migration]:
    """Apply every migration the database has not had yet; return those applied.

    Each runs in its own transaction with the row recording it, under the migrators' lock,
    and the version is read again under the lock, so two migrators never apply one twice.
    """
    applied: list[Migration] = []
    for migration in migrations():
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} ("
                " version integer PRIMARY KEY,"
                " name text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now(),"
                " applied_by text NOT NULL DEFAULT current_user)"
            )
            if (current_version(conn) or 0) >= migration.version:
                continue
            conn.execute(migration.sql.encode())
            conn.execute(
                f"INSERT INTO {VERSION_TABLE} (version, name) VALUES (%s, %s)",
                (migration.version, migration.name),
            )
            applied.append(migration)
    return applied
