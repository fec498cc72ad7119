"""The warm handover's figures on a service's database: a report login gets the contacts
register's counts through one function and still may not read a contact or a visit, and a
database whose client facts were kept before calls and handovers were counts them again
when it is migrated."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest

from fama.assessment.evidence import Evidence
from fama.assessment.period import Period
from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.staff.form import StaffForm
from fama.store import open_store
from tests.helpers.cli import run
from tests.helpers.handover_records import Q3, Q4, expected, scenario
from tests.helpers.postgres import TempServer
from tests.store.test_store_handover_figures import write

NOW = datetime(2027, 1, 12, 10, 0, tzinfo=UTC)


def figures(ev: Evidence) -> dict[str, tuple[int, int | None, dict[str, float]]]:
    wanted = expected(scenario(), *Q4)
    return {
        name: (f.numerator, f.denominator, dict(f.breakdown))
        for name, f in ev.figures.items()
        if name in wanted
    }


@pytest.fixture
def filled_url(pg_url: str) -> str:
    store = open_store(pg_url)
    try:
        write(store, scenario())
    finally:
        store.close()
    return pg_url


@pytest.fixture
def report_url(filled_url: str, pg_server: TempServer) -> Iterator[str]:
    """The database as a report login (a commissioner: figures only)."""
    login = f"rex_{os.getpid()}"
    admin = open_store(filled_url)
    try:
        Casebook(admin, FixedClock(NOW)).staff.save(
            StaffForm(id="RX", name="Rex Report", login=login, access="report")
        )
    finally:
        admin.close()
    yield filled_url.replace("user=fama_test_admin", f"user={login}")
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"DROP OWNED BY {login} CASCADE")
        conn.execute(f"DROP ROLE IF EXISTS {login}")


def test_a_report_login_gets_the_register_figures_and_reads_no_entry(report_url: str) -> None:
    s = scenario()
    as_report = open_store(report_url)
    try:
        with pytest.raises(Exception, match="refused"):
            as_report.contacts()
        now, before = Casebook(as_report, FixedClock(NOW)).assessment.evidence_and_before(
            Period(*Q4)
        )
    finally:
        as_report.close()
    # The staff list now holds the report login too: it counts among the active staff.
    wanted_now, wanted_before = expected(s, *Q4), expected(s, *Q3)
    for wanted in (wanted_now, wanted_before):
        rang, active, calls = wanted["keyworkers_used_register"]
        wanted["keyworkers_used_register"] = (rang, (active or 0) + 1, calls)
    assert figures(now) == wanted_now
    assert figures(before) == wanted_before
    assert figures(now)["contacts_stale"] == (3, 5, {})
    with psycopg.connect(report_url) as conn:
        for table in ("contacts", "visits"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT count(*) FROM {table}")
            conn.rollback()
        (counts,) = conn.execute(
            "SELECT fama_register_counts('2000-01-01', '2100-01-01', 183)::text"
        ).fetchone() or ("",)
    assert "07700" not in counts and "Sam" not in counts, "counts only, never an entry"
    assert '"contacts": 5' in counts


def test_a_migration_counts_the_calls_and_handovers_of_facts_kept_before(
    filled_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The database as schema 6 left it: facts in their first form, no counting function."""
    s = scenario()
    with psycopg.connect(filled_url, autocommit=True) as conn:
        conn.execute("DROP FUNCTION fama_register_counts(date, date, integer)")
        conn.execute("DELETE FROM fama_schema WHERE version = 7")
        conn.execute(
            "UPDATE clients SET facts = jsonb_set(facts - 'shape' - 'calls', '{follow_ups}',"
            " (SELECT coalesce(jsonb_agg(jsonb_path_query_array(f, '$[0 to 3]')), '[]')"
            "  FROM jsonb_array_elements(facts->'follow_ups') AS f))"
        )
    clock = FixedClock(NOW)
    code, out, err = run(["store", "migrate", "--store", filled_url], clock, capsys)
    assert code == 0, err
    assert f"Counted the self-assessment facts of {len(s.records)} existing records" in out
    assert "to 7 (007_register_counts.sql)" in out
    store = open_store(filled_url)
    try:
        now, before = Casebook(store, clock).assessment.evidence_and_before(Period(*Q4))
    finally:
        store.close()
    assert figures(now) == expected(s, *Q4)
    assert figures(before) == expected(s, *Q3)
    code, out, _ = run(["store", "migrate", "--store", filled_url], clock, capsys)
    assert code == 0 and "Counted" not in out, "nothing is left to count again"
