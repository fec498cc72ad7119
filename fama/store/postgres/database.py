"""The connection pool every part of the PostgreSQL store shares, and its transactions.

A transaction is one ``with`` block: committed when the block ends, rolled back when it
raises (the exception reaches the caller unchanged, as the store contract asks of a refused
change). A lock not granted within :data:`LOCK_TIMEOUT` is :class:`StoreBusy`; a server that
cannot be reached is one sentence naming the database, never the password.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool, PoolTimeout

from fama.errors import StoreBusy, StoreError

LOCK_TIMEOUT = "10s"
"""How long a write waits for another writer's lock before it gives up (nothing saved)."""
CONNECT_TIMEOUT_S = 10
POOL_SIZE = 4
"""Connections one fama process holds at most: the app's workers and its screen."""

Connection = psycopg.Connection[Any]


def describe(url: str) -> str:
    """The database in words for a message: its name and host, never a password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the database given"
    name = parts.get("dbname") or parts.get("user") or "postgres"
    host = parts.get("host") or "localhost"
    return f"the database {name} on {host}"


def _quiet_pool_log() -> None:
    """Give the pool's logger a handler that drops its records, so Python does not print
    its warnings to the terminal for want of one; a program that sets up logging still
    receives them through its own handlers."""
    log = logging.getLogger("psycopg.pool")
    if not log.handlers:
        log.addHandler(logging.NullHandler())


def _configure(conn: Connection) -> None:
    conn.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    conn.execute("SET TIME ZONE 'UTC'")
    conn.commit()


def connect(url: str) -> Connection:
    """One connection outside the pool (for ``fama store`` commands and migrations)."""
    try:
        conn = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, autocommit=False)
    except psycopg.Error as exc:
        raise StoreError(f"Cannot connect to {describe(url)}: {first_line(exc)}.") from None
    _configure(conn)
    return conn


def first_line(exc: BaseException) -> str:
    """An error's first line, without the trailing full stop (it goes inside a sentence)."""
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__).rstrip(".")


def key_lock(*parts: str) -> int:
    """A 64-bit advisory lock number for a record's key (one that may not exist yet)."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class Database:
    """A pool of connections to one database, and transactions on it."""

    def __init__(self, url: str, pool: ConnectionPool[Connection]) -> None:
        self.url = url
        self.where = describe(url)
        self._pool = pool

    @staticmethod
    def open_pool(url: str, size: int = POOL_SIZE) -> ConnectionPool[Connection]:
        """A started pool, or one sentence on why the server could not be reached.

        The server is tried once directly first: a pool retries a failing connection in the
        background for as long as it is given, logging each attempt, where a person needs
        one sentence at once. The pool's own log is kept off the terminal for the same
        reason (a connection lost later reaches the person as the transaction's error).
        """
        _quiet_pool_log()
        try:
            psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S).close()
        except psycopg.Error as exc:
            raise StoreError(f"Cannot connect to {describe(url)}: {first_line(exc)}.") from None
        pool: ConnectionPool[Connection] = ConnectionPool(
            url,
            min_size=1,
            max_size=size,
            kwargs={"autocommit": False, "connect_timeout": CONNECT_TIMEOUT_S},
            configure=_configure,
            open=False,
            name="fama",
        )
        try:
            pool.open(wait=True, timeout=CONNECT_TIMEOUT_S + 5)
        except PoolTimeout:
            pool.close()
            raise StoreError(f"Cannot connect to {describe(url)} in time.") from None
        return pool

    def close(self) -> None:
        """Close every connection (the process is about to leave)."""
        self._pool.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: committed at the end of the block, rolled back if it raises."""
        try:
            with self._pool.connection() as conn:
                yield conn
        except pg_errors.LockNotAvailable:
            raise StoreBusy(self.where) from None
        except pg_errors.UniqueViolation as exc:
            detail = first_line(exc)
            raise StoreError(f"{self.where.capitalize()} already holds that: {detail}.") from None
        except pg_errors.InsufficientPrivilege as exc:
            raise StoreError(
                f"{self.where.capitalize()} refused this: {first_line(exc)}."
            ) from None
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise StoreError(f"Lost the connection to {self.where}: {first_line(exc)}.") from None
