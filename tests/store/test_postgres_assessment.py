"""The self-assessment on a service's database: counted from the facts kept beside each
record, the same figures as from the records themselves, and open to a report login that
may read no client record."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta

import psycopg
import pytest

from fama.assessment.period import Period
from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.staff.form import StaffForm
from fama.store import MemoryStore, open_store
from fama.store.base import Store
from tests.conftest import TODAY
from tests.helpers.cli import run
from tests.helpers.postgres import TempServer, drop_database, fresh_database

PERIODS = (Period(TODAY.replace(month=7, day=1), TODAY.replace(month=9, day=30)),
           Period(TODAY.replace(month=1, day=1), TODAY),
           Period(TODAY - timedelta(days=13), TODAY - timedelta(days=7)),
           Period(TODAY, TODAY))  # fmt: skip
"""A quarter, a year, a week and a day: the database picks the clients in treatment by
their episode's dates, so the edges of short periods are where a wrong pick would show."""


def fill_from(target: Store, town: MemoryStore) -> None:
    """Every record of the demo town, written whole into ``target``."""
    target.put_records([town.load_client(s.code) for s in town.client_summaries()])
    target.replace_meetings(town.meetings())
    for member in town.staff():
        target.save_staff(member)
    target.change_contacts(lambda kept: [*kept, *town.contacts()])
    for visit in town.visits():
        target.save_visit(visit)


@pytest.fixture
def town_url(pg_server: TempServer, demo_town: MemoryStore) -> Iterator[str]:
    name = f"fama_town_{os.getpid()}"
    url = fresh_database(pg_server, name)
    store = open_store(url)
    fill_from(store, demo_town)
    store.close()
    yield url
    drop_database(pg_server, name)


@pytest.mark.parametrize("period", PERIODS, ids=["quarter", "year", "week", "day"])
def test_the_figures_are_the_same_from_kept_facts_as_from_records(
    town_url: str, demo_town: MemoryStore, clock: FixedClock, period: Period
) -> None:
    on_server = open_store(town_url)
    try:
        from_facts = Casebook(on_server, clock).assessment.evidence(period)
    finally:
        on_server.close()
    from_records = Casebook(demo_town, clock).assessment.evidence(period)
    assert from_facts.figures == from_records.figures
    assert any(f.numerator for f in from_facts.figures.values()), "the figures count something"


def test_a_report_login_counts_the_whole_service_and_reads_no_record(
    town_url: str, pg_server: TempServer, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    login = f"rita_{os.getpid()}"
    admin = open_store(town_url)
    try:
        Casebook(admin, clock).staff.save(
            StaffForm(id="RR", name="Rita Report", login=login, access="report")
        )
    finally:
        admin.close()
    as_rita = town_url.replace("user=fama_test_admin", f"user={login}")
    try:
        code, theirs, err = run(["assessment", "export", "--store", as_rita], clock, capsys)
        assert code == 0, err
        code, lead, _ = run(
            ["assessment", "export", "--small-numbers", "--store", town_url], clock, capsys
        )
        assert theirs == lead, "the report login's figures have small numbers suppressed"
        code, unsuppressed, _ = run(["assessment", "export", "--store", town_url], clock, capsys)
        assert unsuppressed != lead, "the demo town has small numbers to suppress"
        with psycopg.connect(as_rita) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM clients")
        with psycopg.connect(as_rita) as conn:
            kept = conn.execute("SELECT fama_assessment_facts('2000-01-01', '2100-01-01')::text")
            assert not any("KB-" in text for (text,) in kept), "no client code in the facts"
    finally:
        with psycopg.connect(pg_server.url(), autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {login} CASCADE")
            conn.execute(f"DROP ROLE IF EXISTS {login}")
