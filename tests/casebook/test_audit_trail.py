"""What the casebook adds to the audit trail: each view, change, export and erasure of a
client record, as the person's login, naming the record by its internal id; reading
other data for a screen already audited adds nothing."""

from __future__ import annotations

import pytest

from fama.audit import verify
from fama.casebook.service import Casebook
from fama.errors import ClientNotFound

CODE = "KB-1042"


def trail(book: Casebook) -> list[tuple[str, str, str | None]]:
    return [(e.entry.action, e.entry.what, e.client) for e in book.trail.entries()]


@pytest.fixture
def book(demo_casebook: Casebook, monkeypatch: pytest.MonkeyPatch) -> Casebook:
    monkeypatch.setenv("FAMA_USER", "kim")
    return demo_casebook


def test_each_view_of_a_record_is_audited_once_as_the_login(book: Casebook) -> None:
    book.clients.open(CODE)
    book.clients.record(CODE)  # a read for a screen already audited: not a new view
    book.conversations.open(CODE)
    book.reviews.history(CODE)
    book.reviews.summary(CODE)
    assert trail(book) == [
        ("view", "client screen", CODE),
        ("view", "conversation", CODE),
        ("view", "review", CODE),
        ("view", "summary", CODE),
    ]
    entries = book.trail.entries()
    assert {e.entry.who for e in entries} == {"kim"}
    assert {e.entry.record for e in entries} == {book.store.record_id(CODE)}
    assert all(CODE not in (e.entry.record or "") for e in entries)
    assert book.trail.verify().intact


def test_changes_exports_and_the_whole_store_export_are_audited(book: Casebook) -> None:
    book.handouts.give(CODE, "myths", "Myths and facts")
    exported = book.clients.export(CODE)
    book.export_all()
    assert trail(book) == [
        ("change", "handout given", CODE),
        ("export", "client record exported", CODE),
        ("export", "whole store exported", None),
    ]
    # the subject access export lists who accessed the record, itself included
    assert [(a["action"], a["what"], a["who"]) for a in exported["accessed"]] == [
        ("change", "handout given", "kim"),
        ("export", "client record exported", "kim"),
    ]


def test_an_erasure_leaves_a_tombstone_without_the_code(book: Casebook) -> None:
    book.clients.open(CODE)
    book.clients.erase(CODE)
    entries = book.trail.entries()
    assert [e.entry.action for e in entries] == ["view", "erase"]
    tombstone = entries[-1]
    assert tombstone.client is None  # the store no longer holds the client
    assert tombstone.cells()[3] == f"id {book.store.record_id(CODE)}"
    assert "erased" in tombstone.entry.what and CODE not in str(tombstone.entry.as_dict())
    # asked for by the code someone types, the client's entries are still found
    assert [e.entry.action for e in book.trail.entries(client=CODE)] == ["view", "erase"]
    with pytest.raises(ClientNotFound):
        book.clients.erase(CODE)
    assert len(book.trail.entries()) == 2  # no second tombstone for nothing erased


def test_entries_are_filtered_by_client_login_and_day(
    book: Casebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    book.clients.open(CODE)
    book.desk.login = "lena"
    book.clients.open("KB-1057")
    assert [e.client for e in book.trail.entries(client="KB-1057")] == ["KB-1057"]
    assert [e.client for e in book.trail.entries(who="kim")] == [CODE]
    assert book.trail.entries(since=book.today.replace(year=book.today.year + 1)) == []
    assert len(book.trail.entries(since=book.today)) == 2


def test_a_failed_unlock_is_audited_without_a_record(book: Casebook) -> None:
    book.trail.failed_unlock()
    [entry] = book.trail.entries()
    assert (entry.entry.action, entry.entry.record) == ("failed-unlock", None)
    assert verify(book.store.audit_rows()).checked == 1
