"""The app on a service's database, as a keyworker signed in with their own login: the
caseload opens on their clients, a client opens, and what they record carries their login."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.models import Client
from fama.staff.form import StaffForm
from fama.store import open_store
from fama.tui.app import make_app
from fama.tui.screens.client import ClientScreen
from tests.helpers.postgres import TempServer, drop_database, fresh_database

SIZE = (80, 24)


@pytest.fixture
def kim_url(pg_server: TempServer, clock: FixedClock) -> Iterator[str]:
    """A service with two keyworkers' clients; the URL Kim (KK) signs in with."""
    suffix = f"{os.getpid()}_app"
    name, login = f"fama_app_{suffix}", f"kim_{suffix}"
    admin_url = fresh_database(pg_server, name)
    admin = Casebook(open_store(admin_url), clock, user="ADMIN")
    admin.staff.save(StaffForm(id="KK", name="Kim Keyworker", login=login, access="keyworker"))
    admin.staff.save(StaffForm(id="JB", name="Jo Bramley"))
    for code, keyworker in (("KB-4001", "KK"), ("KB-4002", "JB"), ("KB-4003", "KK")):
        admin.store.create_client(
            Client(
                code=code,
                keyworker=keyworker,
                postcode_district="DE1",
                episode_start=date(2026, 9, 1),
            )
        )
    admin.store.close()
    yield pg_server.url(name, user=login)
    drop_database(pg_server, name)
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {login}")


def caseload_codes(app: object) -> list[str]:
    from textual.widgets import DataTable

    table = app.screen.query_one("#caseload", DataTable)  # type: ignore[attr-defined]
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_a_keyworker_opens_their_caseload_and_a_client(
    kim_url: str, clock: FixedClock
) -> None:
    book = Casebook(open_store(kim_url), clock)
    assert book.user == "KK", "the login is mapped to the staff member"
    app = make_app(book, clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            assert caseload_codes(app) == ["KB-4001", "KB-4003"]
            await pilot.press("enter")
            assert isinstance(app.screen, ClientScreen)
            assert app.screen.code in {"KB-4001", "KB-4003"}
    finally:
        book.store.close()


async def test_a_report_login_opens_on_the_self_assessment_and_sees_no_client(
    pg_server: TempServer, clock: FixedClock
) -> None:
    from textual.widgets import DataTable

    from fama.tui.screens.assessment import AssessmentScreen

    suffix = f"{os.getpid()}_report"
    name, login = f"fama_app_{suffix}", f"rita_{suffix}"
    admin_url = fresh_database(pg_server, name)
    admin = Casebook(open_store(admin_url), clock, user="ADMIN")
    admin.staff.save(StaffForm(id="RR", name="Rita Report", login=login, access="report"))
    admin.store.create_client(
        Client(
            code="KB-4101", keyworker="RR", postcode_district="DE1", episode_start=date(2026, 9, 1)
        )
    )
    admin.store.close()
    book = Casebook(open_store(pg_server.url(name, user=login)), clock)
    try:
        app = make_app(book, clock)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            assert isinstance(screen, AssessmentScreen) and screen.home
            await pilot.pause()
            assert screen.query_one("#assessment-items", DataTable).row_count > 0
            await pilot.press("escape")  # nothing to go back to: it stays
            assert app.screen is screen
            assert "KB-4101" not in "\n".join(str(w.render()) for w in screen.query("Static"))
    finally:
        book.store.close()
        drop_database(pg_server, name)
        with psycopg.connect(pg_server.url(), autocommit=True) as conn:
            conn.execute(f"DROP ROLE IF EXISTS {login}")
