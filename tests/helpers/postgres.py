"""A throw-away PostgreSQL server for the tests: the OS package's binaries, a temporary
folder and a Unix socket only (no TCP port), stopped and deleted at the end.

``initdb`` refuses to run as root, so when the tests run as root (CI) the server is made
and run by the ``postgres`` user the OS package creates. Where the binaries are missing the
tests that need a server skip with the reason, except in CI (``FAMA_CI=1``, set by
``.ci/run``), where a missing server is a failure: a skipped PostgreSQL test hides exactly
what CI is there to catch.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

SERVER_USER = "postgres"
"""Who runs the server when the tests run as root."""
SUPERUSER = "fama_test_admin"
"""The server's superuser, made by initdb (not the OS user's name, so it is the same
whoever runs the tests)."""
START_TIMEOUT_S = 60


class NoPostgres(RuntimeError):
    """The server binaries are not on this machine (or could not be started)."""


def server_binaries() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl`` (the newest installed major version)."""
    for name in ("initdb", "pg_ctl"):
        found = shutil.which(name)
        if found and "postgresql" in os.path.realpath(found):
            return Path(os.path.realpath(found)).parent
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    if versions and (Path(versions[-1]) / "initdb").exists():
        return Path(versions[-1])
    raise NoPostgres("PostgreSQL's server programs (initdb, pg_ctl) are not installed")


@dataclass(frozen=True)
class TempServer:
    """A running throw-away server: connect to it with :meth:`url`."""

    socket_dir: Path
    superuser: str = SUPERUSER
    tcp_port: int | None = None
    """The port on 127.0.0.1 it also listens on, if it was started with one."""

    def url(self, database: str = "postgres", user: str | None = None) -> str:
        """A ``postgresql://`` URL for ``database`` over the Unix socket."""
        host = quote(str(self.socket_dir), safe="")
        return f"postgresql:///{database}?host={host}&user={user or self.superuser}"


def _as_server_user(command: list[str], as_root: bool) -> list[str]:
    return ["runuser", "-u", SERVER_USER, "--", *command] if as_root else command


FAST_SETTINGS = "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
"""What a test server gives up: a commit is not on disk when it returns (nothing is kept
after the tests, so a crash loses nothing that matters, and the tests run quicker)."""


@contextmanager
def temp_server(*, durable: bool = False, tcp_port: int | None = None) -> Iterator[TempServer]:
    """Start a server in a new temporary folder; stop it and delete the folder after.

    ``durable`` keeps PostgreSQL's own settings (fsync, full-page writes and synchronous
    commit on), so a commit is on disk when it returns, as on a service's server: for
    figures (scripts/bench_service.py). The tests use the quicker :data:`FAST_SETTINGS`.
    With ``tcp_port`` it listens on 127.0.0.1 at that port too (without TLS).
    """
    binaries = server_binaries()
    as_root = os.geteuid() == 0
    if as_root:
        try:
            owner = pwd.getpwnam(SERVER_USER)
        except KeyError:
            raise NoPostgres(f"there is no {SERVER_USER!r} user to run the server as") from None
    folder = Path(tempfile.mkdtemp(prefix="fama-pg-"))
    data, sockets = folder / "data", folder / "socket"
    sockets.mkdir()
    if as_root:
        for path in (folder, sockets):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    folder.chmod(0o700)
    run = _as_server_user
    try:
        subprocess.run(
            run(
                [
                    str(binaries / "initdb"),
                    *("-D", str(data), "-U", SUPERUSER, "--auth=trust"),
                    *("--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"),
                ],
                as_root,
            ),
            check=True,
            capture_output=True,
            timeout=START_TIMEOUT_S,
        )
        listen = (
            f"-c listen_addresses=127.0.0.1 -p {tcp_port}" if tcp_port else "-c listen_addresses=''"
        )
        options = f"-k {sockets} {listen} -c max_connections=120"
        if not durable:
            options += f" {FAST_SETTINGS}"
        subprocess.run(
            run(
                [
                    str(binaries / "pg_ctl"),
                    *("-D", str(data), "-o", options, "-l", str(folder / "server.log")),
                    *("-w", "-t", str(START_TIMEOUT_S), "start"),
                ],
                as_root,
            ),
            check=True,
            capture_output=True,
            timeout=START_TIMEOUT_S + 10,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log = folder / "server.log"
        detail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
        stderr = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(folder, ignore_errors=True)
        raise NoPostgres(
            f"a throw-away PostgreSQL could not be started: {exc} "
            f"{stderr.decode(errors='replace')[-1500:]} {detail}"
        ) from None
    try:
        yield TempServer(sockets, tcp_port=tcp_port)
    finally:
        subprocess.run(
            run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], as_root),
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


def skip_or_fail(reason: str) -> None:
    """Skip a test that needs PostgreSQL, or fail it in CI, where nothing may skip."""
    if os.environ.get("FAMA_CI"):
        pytest.fail(f"CI must run the PostgreSQL tests: {reason}", pytrace=False)
    pytest.skip(reason)


TEMPLATE_DATABASE = "fama_template"
"""A database with fama's schema, copied for each test (much quicker than migrating)."""


def make_template(server: TempServer) -> None:
    """Create the template database and apply every migration to it."""
    import psycopg

    from fama.store.postgres.schema import migrate

    with psycopg.connect(server.url(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {TEMPLATE_DATABASE}")
    with psycopg.connect(server.url(TEMPLATE_DATABASE)) as conn:
        migrate(conn)


def fresh_database(server: TempServer, name: str, *, template: str = TEMPLATE_DATABASE) -> str:
    """A new database copied from ``template`` (``template0`` for an empty one): its URL."""
    import psycopg

    with psycopg.connect(server.url(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    return server.url(name)


def drop_database(server: TempServer, name: str) -> None:
    """Drop a test's database, closing whatever is still connected to it."""
    import psycopg

    with psycopg.connect(server.url(), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
