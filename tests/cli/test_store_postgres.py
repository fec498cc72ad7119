"""``fama store init | migrate | check`` and everyday commands on a PostgreSQL store, run
as a person would (in-process, through ``fama.cli.main``), on a throw-away server."""

from __future__ import annotations

import json
from collections.abc import Iterator

import psycopg
import pytest

from fama.cli.files import EXIT_USAGE
from fama.clock import FixedClock
from fama.store.postgres.schema import latest_version
from tests.helpers.cli import run
from tests.helpers.postgres import TempServer, drop_database, fresh_database


@pytest.fixture
def empty_url(pg_server: TempServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database with nothing in it at all (no fama tables)."""
    name = f"fama_empty_{abs(hash(request.node.nodeid)) % 10**9}"
    url = fresh_database(pg_server, name, template="template0")
    yield url
    drop_database(pg_server, name)


def test_init_makes_the_tables_once_and_check_says_so(
    empty_url: str, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["store", "check", "--store", empty_url], clock, capsys)
    assert code == 2 and "no fama tables yet" in err and "fama store init" in err

    code, out, _ = run(["store", "init", "--store", empty_url], clock, capsys)
    assert code == 0 and f"schema version {latest_version()}" in out

    code, out, _ = run(["store", "init", "--store", empty_url], clock, capsys)
    assert code == 0 and "nothing was changed" in out

    code, out, _ = run(["store", "migrate", "--store", empty_url], clock, capsys)
    assert code == 0 and "up to date" in out

    code, out, _ = run(["store", "check", "--store", empty_url], clock, capsys)
    assert code == 0
    assert "PostgreSQL" in out and "Holds 0 clients, 0 meetings and 0 staff members" in out


def test_init_refuses_a_database_holding_other_tables(
    empty_url: str, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    with psycopg.connect(empty_url) as conn:
        conn.execute("CREATE TABLE invoices (id integer)")
    code, _, err = run(["store", "init", "--store", empty_url], clock, capsys)
    assert code == EXIT_USAGE and "invoices" in err and "Traceback" not in err
    with psycopg.connect(empty_url) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    assert tables == [("invoices",)], "nothing was made"


def test_a_database_without_fama_tables_is_refused_by_everyday_commands(
    empty_url: str, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["client", "list", "--store", empty_url], clock, capsys)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "fama store init" in err


def test_clients_are_added_listed_and_exported_on_the_server(
    pg_url: str,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = run(
        ["client", "add", "KB-2001", "--keyworker", "JB", "--postcode", "DE1", "--store", pg_url],
        clock,
        capsys,
    )
    assert code == 0, err
    monkeypatch.setenv("FAMA_STORE", pg_url)  # the same store, named by the environment
    code, out, _ = run(
        ["client", "add", "KB-2001", "--keyworker", "JB", "--postcode", "DE1"], clock, capsys
    )
    assert code != 0
    code, out, _ = run(["client", "list", "--json"], clock, capsys)
    assert code == 0 and [c["code"] for c in json.loads(out)] == ["KB-2001"]
    code, out, _ = run(["export"], clock, capsys)
    assert code == 0 and [c["client"]["code"] for c in json.loads(out)["clients"]] == ["KB-2001"]


def test_an_unreachable_server_is_one_sentence_without_the_password(
    clock: FixedClock, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    url = f"postgresql://fama:s3cret-pw@/fama?host={tmp_path}&connect_timeout=2"
    for args in (["client", "list"], ["store", "check"], ["store", "init"]):
        code, out, err = run([*args, "--store", url], clock, capsys)
        assert code != 0 and out == ""
        assert err.startswith("fama: ") and err.count("\n") == 1, err
        assert "s3cret-pw" not in err and "Traceback" not in err


def test_backups_and_the_demo_need_a_folder(
    pg_url: str, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["backup", "--store", pg_url], clock, capsys)
    assert code == EXIT_USAGE and "pg_dump" in err
    code, _, err = run(["demo", "--no-launch", "--store", pg_url], clock, capsys)
    assert code == EXIT_USAGE and "folder" in err
