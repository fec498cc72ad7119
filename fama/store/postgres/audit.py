"""The audit trail on PostgreSQL: the ``audit`` table of migration 004.

The database seals each entry itself (number, time, login, hash) in a trigger, and refuses
any change or removal, so this part only says what was done and reads the trail back.
Record ids are a keyed hash of the client code with the database's own ``audit_key``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from fama.audit import FIELDS, AuditEntry
from fama.store.postgres.database import Database

BATCH = 5000
"""Entries read a round trip when the trail is read back."""


class AuditRows(Database):
    """The :class:`~fama.store.base.Store` audit methods of a service's database."""

    _audit_key: bytes | None = None

    def record_id(self, code: str) -> str:
        if self._audit_key is None:
            with self.transaction() as conn:
                row = conn.execute("SELECT key FROM audit_key").fetchone()
            self._audit_key = bytes(row[0]) if row else b""
        return hmac.new(self._audit_key, code.encode("utf-8"), hashlib.sha256).hexdigest()[:24]

    def audit_append(
        self, who: str, action: str, what: str, record: str | None, at: datetime
    ) -> AuditEntry:
        with self.transaction() as conn:
            row = conn.execute(
                f"SELECT {', '.join(FIELDS)} FROM audit_add(%s, %s, %s)", (action, what, record)
            ).fetchone()
        assert row is not None  # an INSERT ... RETURNING returns its row
        return AuditEntry(*row)

    def audit_rows(self) -> Iterator[dict[str, Any] | ValueError]:
        last = 0
        while True:
            with self.transaction() as conn:
                rows = conn.execute(
                    f"SELECT {', '.join(FIELDS)} FROM audit WHERE seq > %s ORDER BY seq LIMIT %s",
                    (last, BATCH),
                ).fetchall()
            for row in rows:
                yield dict(zip(FIELDS, row, strict=True))
            if len(rows) < BATCH:
                return
            last = rows[-1][0]
