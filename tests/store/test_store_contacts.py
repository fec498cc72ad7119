"""The contacts register and fellowship visits behind the store contract, on every store (the
folder in clear and encrypted, memory, PostgreSQL): kept whole, changed all or nothing,
exported, and backed up with the rest of a folder store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from fama.models import Contact, Visit, VisitAudience
from fama.models.organisations import OrgCode
from fama.store import Backups, Store, TinyDBStore, open_store
from tests.helpers.sealed import (
    ENV,
    encrypted_store,
    files_holding,
    forget_key,
    passphrase_file,
    seal,
)

CHECKED = date(2026, 6, 1)


def contact(contact_id: str, name: str = "Sam") -> Contact:
    return Contact(
        id=contact_id,
        organisation=OrgCode.NA,
        name=name,
        phone="07700 900123",
        areas=["DE1"],
        consent=True,
        last_checked=CHECKED,
    )


def test_a_new_store_has_no_contacts_and_no_visits(store: Store) -> None:
    assert store.contacts() == [] and store.visits() == []
    document = store.export()
    assert "contacts" not in document and "visits" not in document


def test_contacts_are_kept_changed_and_exported(store: Store) -> None:
    kept = store.change_contacts(lambda c: [*c, contact("c1"), contact("c2", "Jo")])
    assert {c.id for c in kept} == {"c1", "c2"}
    store.change_contacts(
        lambda c: [x.model_copy(update={"name": "Sue"}) if x.id == "c1" else x for x in c]
    )
    by_id = {c.id: c for c in store.contacts()}
    assert by_id["c1"].name == "Sue" and by_id["c2"] == contact("c2", "Jo")
    store.change_contacts(lambda c: [x for x in c if x.id != "c2"])
    assert [c.id for c in store.contacts()] == ["c1"]
    assert [c["id"] for c in store.export()["contacts"]] == ["c1"]


def test_a_refused_change_saves_nothing(store: Store) -> None:
    store.change_contacts(lambda c: [contact("c1")])

    def refuse(kept: list[Contact]) -> list[Contact]:
        raise ValueError("row 3 has no phone")

    with pytest.raises(ValueError, match="row 3"):
        store.change_contacts(refuse)
    with pytest.raises(ValueError, match="twice"):
        store.change_contacts(lambda c: [*c, contact("c2"), contact("c2", "Jo")])
    assert [c.id for c in store.contacts()] == ["c1"]


def test_visits_are_kept_by_id(store: Store) -> None:
    first = Visit(id="v1", date=CHECKED, organisation=OrgCode.AA, to_whom=VisitAudience.CLIENTS)
    store.save_visit(first)
    store.save_visit(Visit(id="v2", date=CHECKED, organisation="SMART", to_whom="staff"))
    store.save_visit(first.model_copy(update={"note": "talked to the Tuesday group"}))
    visits = {v.id: v for v in store.visits()}
    assert visits["v1"].note == "talked to the Tuesday group"
    assert visits["v2"].to_whom is VisitAudience.STAFF
    assert [v["id"] for v in store.export()["visits"]] == ["v1", "v2"]


def test_the_register_is_read_back_by_another_opening_of_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "store"
    open_store(path).change_contacts(lambda c: [contact("c1")])
    again = open_store(path)
    assert [c.id for c in again.contacts()] == ["c1"]
    held = json.loads((path / "contacts.json").read_text())
    assert next(iter(held["contacts"].values()))["phone"] == "07700 900123"
    assert oct((path / "contacts.json").stat().st_mode & 0o777) == "0o600"


def test_a_backup_holds_the_register(tmp_path: Path) -> None:
    store = open_store(tmp_path / "store")
    store.change_contacts(lambda c: [contact("c1")])
    assert isinstance(store, Backups) and isinstance(store, TinyDBStore)
    backup = store.backup("test")
    assert (backup / "contacts.json").read_bytes() == (
        tmp_path / "store/contacts.json"
    ).read_bytes()


def test_an_encrypted_folder_holds_no_contact_details_in_clear(tmp_path: Path) -> None:
    store = encrypted_store(tmp_path / "store")
    store.change_contacts(lambda c: [contact("c1")])
    assert b"07700" not in (tmp_path / "store/contacts.json").read_bytes()
    assert [c.phone for c in store.contacts()] == ["07700 900123"]


def test_encrypting_a_folder_seals_a_register_it_already_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store"
    store = open_store(path)
    store.change_contacts(lambda c: [contact("c1")])
    store.backup("before")
    seal(store)
    assert files_holding(path, b"07700") == []
    forget_key(path)
    monkeypatch.setenv(ENV, str(passphrase_file(tmp_path)))
    assert [c.phone for c in open_store(path).contacts()] == ["07700 900123"]
