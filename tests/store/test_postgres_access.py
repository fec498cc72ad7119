"""Who may do what on a service's database, enforced by PostgreSQL itself: each person
connects as their own login, mapped to a staff member; a report login cannot read a client
record even by asking the database directly; every change carries the login that made it."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest

from fama.cli.files import EXIT_USAGE
from fama.clock import FixedClock
from tests.helpers.cli import run
from tests.helpers.postgres import TempServer, drop_database, fresh_database

_SERVICES = itertools.count(1)


@dataclass(frozen=True)
class Service:
    """A service's database and the logins of its lead, a keyworker and a report reader."""

    server: TempServer
    database: str
    lead: str
    keyworker: str
    report: str

    def url(self, login: str | None = None) -> str:
        return self.server.url(self.database, user=login)


@pytest.fixture
def service(
    pg_server: TempServer, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> Iterator[Service]:
    """A database with fama's tables, whose lead the administrator added (and allowed to
    make logins); the lead then adds a keyworker and a report reader, as a service would."""
    n = f"{os.getpid()}_{next(_SERVICES)}"
    name = f"fama_service_{n}"
    fresh_database(pg_server, name)
    svc = Service(pg_server, name, f"lena_{n}", f"kim_{n}", f"rita_{n}")
    admin = svc.url()
    code, _, err = run(
        ["staff", "add", "Lena Lead", "--login", svc.lead, "--role", "lead", "--store", admin],
        clock,
        capsys,
    )
    assert code == 0, err
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"ALTER ROLE {svc.lead} CREATEROLE")
    as_lead = svc.url(svc.lead)
    for name_, login, role in (
        ("Kim Keyworker", svc.keyworker, "keyworker"),
        ("Rita Report", svc.report, "report"),
    ):
        code, _, err = run(
            ["staff", "add", name_, "--login", login, "--role", role, "--store", as_lead],
            clock,
            capsys,
        )
        assert code == 0, err
    yield svc
    drop_database(pg_server, name)
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        for login in (svc.lead, svc.keyworker, svc.report):
            conn.execute(f"DROP ROLE IF EXISTS {login}")


def test_each_person_is_who_their_login_says(
    service: Service, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["whoami", "--store", service.url(service.keyworker)], clock, capsys)
    assert code == 0
    assert out == f"You are Kim Keyworker (KK), keyworker; database login {service.keyworker}.\n"
    code, out, _ = run(["whoami", "--store", service.url(service.report)], clock, capsys)
    assert "Rita Report (RR), report" in out


def test_a_keyworkers_change_records_their_login_and_cannot_claim_another(
    service: Service, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    as_kim = service.url(service.keyworker)
    code, _, err = run(
        ["client", "add", "KB-3001", "--keyworker", "KK", "--postcode", "DE1", "--store", as_kim],
        clock,
        capsys,
    )
    assert code == 0, err
    with psycopg.connect(service.url()) as conn:
        row = conn.execute("SELECT changed_by FROM clients WHERE code = 'KB-3001'").fetchone()
    assert row == (service.keyworker,)
    with psycopg.connect(as_kim) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(f"UPDATE clients SET changed_by = '{service.lead}' WHERE code = 'KB-3001'")


def test_a_report_login_is_refused_every_client_record_by_the_database(
    service: Service, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    run(
        ["client", "add", "KB-3002", "--keyworker", "KK", "--postcode", "DE1", "--store",
         service.url(service.lead)],
        clock,
        capsys,
    )  # fmt: skip
    as_rita = service.url(service.report)
    for args in (["client", "export", "KB-3002"], ["client", "list"], ["export"]):
        code, out, err = run([*args, "--store", as_rita], clock, capsys)
        assert code != 0 and "KB-3002" not in out
        assert "permission denied for table clients" in err and err.count("\n") == 1, err
    with psycopg.connect(as_rita) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT record FROM clients")
    code, out, _ = run(["staff", "list", "--json", "--store", as_rita], clock, capsys)
    assert code == 0 and {m["access"] for m in json.loads(out)} == {"lead", "keyworker", "report"}


def test_only_a_lead_manages_the_staff_list_and_erases(
    service: Service, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    as_kim = service.url(service.keyworker)
    code, _, err = run(
        ["staff", "add", "Sly Self", "--login", "sly", "--role", "lead", "--store", as_kim],
        clock,
        capsys,
    )
    assert code != 0 and err.count("\n") == 1 and "Traceback" not in err
    code, out, _ = run(["staff", "list", "--json", "--store", service.url()], clock, capsys)
    assert "Sly Self" not in out, "nothing was added"

    run(
        ["client", "add", "KB-3003", "--keyworker", "KK", "--postcode", "DE1", "--store", as_kim],
        clock,
        capsys,
    )
    code, _, err = run(["client", "erase", "KB-3003", "--yes", "--store", as_kim], clock, capsys)
    assert code != 0 and "permission denied" in err
    code, out, _ = run(["client", "list", "--json", "--store", as_kim], clock, capsys)
    assert [c["code"] for c in json.loads(out)] == ["KB-3003"], "the record is still there"


def test_a_login_is_one_persons(
    service: Service, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["staff", "add", "Kim Again", "--login", service.keyworker, "--role", "lead",
         "--store", service.url(service.lead)],
        clock,
        capsys,
    )  # fmt: skip
    assert code == EXIT_USAGE and "already KK's" in err


def test_the_audit_trail_names_each_login_and_only_they_may_add_to_it(
    service: Service, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    as_kim, as_lena, as_rita = (
        service.url(who) for who in (service.keyworker, service.lead, service.report)
    )
    add = ["client", "add", "KB-3003", "--keyworker", "KK", "--postcode", "DE1", "--store", as_kim]
    assert run(add, clock, capsys)[0] == 0
    assert run(["client", "export", "KB-3003", "--store", as_kim], clock, capsys)[0] == 0
    code, out, err = run(
        ["audit", "show", "--json", "--client", "KB-3003", "--store", as_lena], clock, capsys
    )
    assert code == 0, err
    assert [(row["who"], row["action"]) for row in json.loads(out)] == [
        (service.keyworker, "change"),
        (service.keyworker, "export"),
    ]
    code, out, err = run(["audit", "verify", "--store", as_kim], clock, capsys)
    assert code == 0 and "intact" in out, err
    # a report login reads no client record, so not the trail about them either
    code, out, err = run(["audit", "show", "--store", as_rita], clock, capsys)
    assert code != 0 and out == "" and "permission denied" in err and err.count("\n") == 1
    with psycopg.connect(as_kim) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("DELETE FROM audit")


def test_a_lead_gives_someone_already_on_the_list_their_login(
    service: Service, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    as_lena = service.url(service.lead)
    add = ["staff", "add", "Pat Listed", "--login", f"pat_{service.database}", "--role"]
    assert run([*add, "keyworker", "--store", as_lena], clock, capsys)[0] == 0
    new_login = f"pat2_{service.database}"
    code, out, err = run(
        ["staff", "login", "PL", "--login", new_login, "--role", "keyworker", "--store", as_lena],
        clock,
        capsys,
    )
    assert code == 0, err
    assert out == f"Pat Listed (PL) now uses the login {new_login} as keyworker.\n"
    code, out, _ = run(["whoami", "--store", service.url(new_login)], clock, capsys)
    assert code == 0 and "Pat Listed (PL), keyworker" in out
    code, out, err = run(
        [
            "staff",
            "login",
            "PL",
            "--login",
            "x",
            "--role",
            "lead",
            "--store",
            service.url(service.keyworker),
        ],
        clock,
        capsys,
    )
    assert code != 0 and out == "" and "refused" in err and err.count("\n") == 1
    code, _, err = run(
        ["staff", "login", "NOPE", "--login", "y", "--role", "lead", "--store", as_lena],
        clock,
        capsys,
    )
    assert code == 2 and err == "fama: There is no staff member with the id NOPE.\n"
    with psycopg.connect(service.server.url(), autocommit=True) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {new_login}")
        conn.execute(f"DROP ROLE IF EXISTS pat_{service.database}")


def test_a_lead_keeps_the_contacts_register_keyworkers_read_it_and_reports_never(
    service: Service,
) -> None:
    from datetime import date

    from fama.models import Contact, Visit
    from fama.store import open_store

    listed = Contact(
        id="c1", organisation="NA", name="Sam", phone="07700 900123", consent=True,
        last_checked=date(2026, 6, 1),
    )  # fmt: skip
    lead = open_store(service.url(service.lead))
    lead.change_contacts(lambda kept: [listed])
    lead.save_visit(Visit(id="v1", date=date(2026, 6, 2), organisation="AA", to_whom="staff"))
    lead.close()
    kim = open_store(service.url(service.keyworker))
    assert [c.name for c in kim.contacts()] == ["Sam"] and len(kim.visits()) == 1
    with pytest.raises(Exception, match="permission denied"):
        kim.change_contacts(lambda kept: [])
    kim.close()
    with psycopg.connect(service.url(service.report)) as conn:
        for table in ("contacts", "visits"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT doc FROM {table}")
            conn.rollback()
