"""Copying whole stores (fama.store.copying): folder to PostgreSQL to folder gives the same
export, merges bring several folders together, anything held twice refuses the whole
merge, a target holding records is refused, and a copy that fails part-way leaves the
target as it was. The PostgreSQL tests run on the throw-away server of tests/conftest.py."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from fama.assessment.model import Assessment, ItemRating, Rating
from fama.demo.town import build_demo
from fama.models import (
    Client,
    ClientRecord,
    HandoutGiven,
    Meeting,
    StaffMember,
    WrittenFile,
)
from fama.models.staff import Access
from fama.store import ClientNotFound, MemoryStore, Store, StoreError, TinyDBStore, open_store
from fama.store.copying import Clashes, CopyMismatch, CopyRefused, copy_stores
from fama.store.digest import ExportDigest, document_digest
from fama.store.shared import Additions
from tests.conftest import TODAY
from tests.helpers.cli import snapshot

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)


def client_record(code: str, keyworker: str = "JB") -> ClientRecord:
    client = Client(
        code=code, keyworker=keyworker, postcode_district="DE1", episode_start=date(2026, 1, 5)
    )
    return ClientRecord(
        client=client,
        handouts=[
            HandoutGiven(
                client_code=code, handout_id="myths", title="Myths", given_on=date(2026, 11, 2)
            )
        ],
        files=[
            WrittenFile(
                name="plan-2026-11-02.ics",
                folder="/home/jb/plans",
                what="meeting plan",
                written_on=date(2026, 11, 2),
            )
        ],
    )


def assessment(service: str = "Derby") -> Assessment:
    rating = ItemRating(
        item_id="1.1", rating=Rating.PARTLY, comments="Leaflets only", rated_by="LL", rated_at=NOW
    )
    return Assessment(
        service=service,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        items={"1.1": rating},
        created_at=NOW,
        updated_at=NOW,
    )


def fill_everything(store: Store) -> None:
    """Every kind a store holds, beyond the demo town's: centres, a rated self-assessment,
    a staff member with a login, handouts given and files written, a contact and a visit."""
    from fama.models import Contact, Visit

    store.replace_locations({"DE1": (52.92, -1.47), "DE22": (52.94, -1.5)})
    store.save_assessment(assessment())
    store.save_staff(StaffMember(id="LL", name="Lena Lead", login="lena", access=Access.LEAD))
    store.put_records([client_record("KB-9001"), client_record("KB-9002")])
    listed = Contact(
        id="c-1", organisation="NA", name="Sam", phone="07700 900123", consent=True,
        last_checked=date(2026, 6, 1),
    )  # fmt: skip
    store.change_contacts(lambda kept: [listed])
    store.save_visit(Visit(id="v-1", date=date(2026, 6, 2), organisation="AA", to_whom="staff"))


def export_without_time(store: Store) -> dict[str, Any]:
    document = store.export()
    del document["exported_at"]
    return document


@pytest.fixture
def source(tmp_path: Path, demo_town_folder: Path) -> Path:
    """The demo town in a folder, with every kind of record in it."""
    path = tmp_path / "source"
    shutil.copytree(demo_town_folder, path)
    fill_everything(open_store(path))
    return path


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    store = open_store(pg_url)
    yield store
    store.close()


def folder_with(path: Path, *codes: str, meetings: tuple[Meeting, ...] = ()) -> Path:
    store = open_store(path)
    store.put_records([client_record(code) for code in codes])
    for meeting in meetings:
        store.save_meeting(meeting)
    return path


def assessment_id(folder: Path) -> str:
    return open_store(folder).assessments()[0].id


def meeting(name: str = "Tuesday group") -> Meeting:
    from datetime import time

    from fama.models import Weekday
    from fama.models.organisations import OrgCode

    return Meeting(id="m-1", organisation=OrgCode.AA, name=name, weekday=Weekday(1), start=time(19))


# The digest ---------------------------------------------------------------------------


def test_the_streamed_digest_is_the_digest_of_the_whole_export_document(source: Path) -> None:
    store = open_store(source)
    streamed = ExportDigest(
        store.staff(),
        store.meetings(),
        store.locations(),
        store.assessments(),
        store.contacts(),
        store.visits(),
    )
    for code in sorted(s.code for s in store.client_summaries()):
        streamed.add(store.load_client(code))
    assert streamed.finish() == document_digest(store.export())
    assert streamed.counts.clients == len(store.client_summaries()) > 10
    assert streamed.counts.handouts == 2 and streamed.counts.assessments == 1
    # fill_everything replaces the demo's register with one contact and adds one visit.
    assert streamed.counts.contacts == 1
    assert streamed.counts.visits == len(build_demo(TODAY).visits) + 1


def test_the_digest_refuses_records_out_of_code_order() -> None:
    digest = ExportDigest([], [], {}, [])
    digest.add(client_record("KB-2"))
    with pytest.raises(ValueError, match="order"):
        digest.add(client_record("KB-1"))


# Store.add on every store -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["file", "memory", "postgres"])
def test_add_puts_every_kind_in_and_load_clients_reads_a_batch(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store: Store = (
        open_store(tmp_path / "s")
        if kind == "file"
        else MemoryStore()
        if kind == "memory"
        else request.getfixturevalue("pg_store")
    )
    store.save_meeting(meeting("Kept"))
    records = [client_record(f"KB-{n}") for n in range(1, 1203)]  # more than one batch
    added = Additions(
        iter(records),
        staff=[StaffMember(id="JB", name="Jo B", login="jo")],
        meetings=[meeting("New").model_copy(update={"id": "m-2"})],
        locations={"DE1": (52.92, -1.47)},
        assessments=[assessment()],
    )
    assert store.add(added) == len(records)
    assert len(store.client_summaries()) == len(records)
    assert store.load_client("KB-7") == records[6]
    assert store.load_clients(["KB-9", "KB-3"]) == [records[8], records[2]]
    with pytest.raises(ClientNotFound):
        store.load_clients(["KB-9", "KB-0"])
    assert {m.name for m in store.meetings()} == {"Kept", "New"}
    assert store.staff_member("JB") is not None and store.locations() == {"DE1": (52.92, -1.47)}
    assert store.assessments() == [assessment().model_copy(update={"id": added.assessments[0].id})]


def test_a_database_adds_all_or_nothing(pg_store: Store) -> None:
    pg_store.put_record(client_record("KB-500"))
    added = Additions(
        iter([client_record("KB-499"), client_record("KB-500")]),
        staff=[StaffMember(id="JB", name="Jo B")],
        locations={"DE1": (52.92, -1.47)},
    )
    with pytest.raises(StoreError, match="already holds"):
        pg_store.add(added)
    assert [s.code for s in pg_store.client_summaries()] == ["KB-500"]
    assert pg_store.staff() == [] and pg_store.locations() == {}


# Copies --------------------------------------------------------------------------------


def test_folder_to_postgres_to_folder_gives_the_same_export(
    source: Path, pg_url: str, tmp_path: Path
) -> None:
    there = copy_stores([source], pg_url)
    back = copy_stores([pg_url], tmp_path / "back")
    original = export_without_time(open_store(source))
    assert there.digest == back.digest == document_digest(open_store(source).export())
    assert there.whole and there.counts == back.counts
    assert there.counts.clients == len(original["clients"]) and there.counts.locations == 2
    database = open_store(pg_url)
    try:
        assert export_without_time(database) == original
    finally:
        database.close()
    assert export_without_time(open_store(tmp_path / "back")) == original
    assert (tmp_path / "back").stat().st_mode & 0o077 == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["back", "source"], "no temp folder"


def test_a_copy_into_an_empty_folder_or_store_fills_it(source: Path, tmp_path: Path) -> None:
    empty_store, empty_folder = tmp_path / "empty-store", tmp_path / "empty-folder"
    open_store(empty_store)  # `fama store init`
    empty_folder.mkdir()
    for target in (empty_store, empty_folder):
        copy_stores([source], target)
        assert export_without_time(open_store(target)) == export_without_time(open_store(source))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty-folder", "empty-store", "source"]


def test_two_folders_merge_into_one_database(tmp_path: Path, pg_store: Store, pg_url: str) -> None:
    first = folder_with(tmp_path / "kim", "KB-1", "KB-2", meetings=(meeting(),))
    second = folder_with(tmp_path / "sam", "KB-3", meetings=(meeting(),))
    report = copy_stores([first, second], pg_url, merge=True)
    assert report.counts.clients == 3 and report.counts.meetings == 1 and report.already == 1
    pg_store.put_record(client_record("KB-4"))  # the service goes on using it
    third = folder_with(tmp_path / "ali", "KB-5", meetings=(meeting(),))
    later = copy_stores([third], pg_url, merge=True)
    assert later.counts.clients == 1 and not later.whole and later.already == 1
    codes = sorted(s.code for s in pg_store.client_summaries())
    assert codes == ["KB-1", "KB-2", "KB-3", "KB-4", "KB-5"]
    assert pg_store.load_client("KB-3") == open_store(second).load_client("KB-3")


def test_two_folders_merge_into_a_new_folder(tmp_path: Path) -> None:
    first = folder_with(tmp_path / "kim", "KB-1")
    second = folder_with(tmp_path / "sam", "KB-2")
    copy_stores([first, second], tmp_path / "team", merge=True)
    assert sorted(s.code for s in open_store(tmp_path / "team").client_summaries()) == [
        "KB-1",
        "KB-2",
    ]


def test_codes_held_twice_and_differing_meetings_refuse_the_whole_merge(
    tmp_path: Path, pg_store: Store, pg_url: str
) -> None:
    pg_store.put_record(client_record("KB-1"))
    first = folder_with(tmp_path / "kim", "KB-1", "KB-2", meetings=(meeting(),))
    second = folder_with(tmp_path / "sam", "KB-2", "KB-3", meetings=(meeting("Renamed"),))
    open_store(second).save_staff(StaffMember(id="SB", name="Sam B", login="lena"))
    open_store(first).save_staff(StaffMember(id="LL", name="Lena L", login="lena"))
    open_store(first).save_assessment(assessment())
    moved = assessment("Derby").model_copy(update={"id": assessment_id(first)})
    open_store(second).save_assessment(moved.model_copy(update={"service": "Leicester"}))
    before = export_without_time(pg_store)
    with pytest.raises(Clashes) as refused:
        copy_stores([first, second], pg_url, merge=True)
    lines = [clash.words() for clash in refused.value.clashes]
    assert lines == [
        "client KB-1 is in the target and " + str(first),
        f"client KB-2 is in {first} and {second}",
        f"meeting m-1 differs between {first} and {second}",
        f"self-assessment id {assessment_id(first)} differs between {first} and {second}",
        f"login lena (staff LL, SB) differs between {first} and {second}",
    ]
    assert "2 client codes, 1 meeting, 1 self-assessment id, 1 login" in str(refused.value)
    assert export_without_time(pg_store) == before, "nothing was written"
    with pytest.raises(Clashes):
        copy_stores([first, second], tmp_path / "team", merge=True)
    assert not (tmp_path / "team").exists()


def test_a_target_holding_records_is_refused_without_merge(
    source: Path, tmp_path: Path, pg_store: Store, pg_url: str
) -> None:
    pg_store.save_meeting(meeting())
    before = export_without_time(pg_store)
    with pytest.raises(CopyRefused, match="already holds records: add --merge"):
        copy_stores([source], pg_url)
    assert export_without_time(pg_store) == before
    target = folder_with(tmp_path / "full", "KB-1")
    files = snapshot(target)
    for merge in (False, True):
        with pytest.raises(CopyRefused, match="already holds a fama store with records"):
            copy_stores([source], target, merge=merge)
    assert snapshot(target) == files


@pytest.fixture
def fails_part_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the 30th client from a source fails, as a damaged file would."""
    real = TinyDBStore.load_client
    read: list[str] = []

    def load_client(self: TinyDBStore, code: str) -> ClientRecord:
        read.append(code)
        if len(read) == 30:
            raise StoreError("A client file could not be read.")
        return real(self, code)

    monkeypatch.setattr(TinyDBStore, "load_client", load_client)


def test_a_copy_failing_part_way_leaves_a_database_as_it_was(
    tmp_path: Path, pg_store: Store, pg_url: str, fails_part_way: None
) -> None:
    source = folder_with(tmp_path / "kim", *(f"KB-{n:03d}" for n in range(60)))
    with pytest.raises(StoreError, match="could not be read"):
        copy_stores([source], pg_url)
    assert pg_store.client_summaries() == [] and pg_store.staff() == []


def test_a_copy_failing_part_way_leaves_no_folder(tmp_path: Path, fails_part_way: None) -> None:
    source = folder_with(tmp_path / "kim", *(f"KB-{n:03d}" for n in range(60)))
    with pytest.raises(StoreError, match="could not be read"):
        copy_stores([source], tmp_path / "copy")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kim"]


def test_a_key_taken_meanwhile_rolls_the_whole_copy_back(
    tmp_path: Path, pg_store: Store, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fama.store.copying as copying

    plan = copying.make_plan

    def plan_then_someone_adds(target: Store, sources: list[tuple[str, Store]]) -> Any:
        made = plan(target, sources)
        pg_store.put_record(client_record("KB-050"))
        return made

    monkeypatch.setattr(copying, "make_plan", plan_then_someone_adds)
    source = folder_with(tmp_path / "kim", *(f"KB-{n:03d}" for n in range(60)))
    with pytest.raises(StoreError, match="already holds"):
        copy_stores([source], pg_url, merge=True)
    assert [s.code for s in pg_store.client_summaries()] == ["KB-050"]


def test_a_copy_that_reads_back_differently_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = folder_with(tmp_path / "kim", "KB-1", "KB-2")
    real = TinyDBStore.load_client

    def load_client(self: TinyDBStore, code: str) -> ClientRecord:
        record = real(self, code)
        if self.path != source:  # the copy, read back
            record = record.model_copy(update={"handouts": []})
        return record

    monkeypatch.setattr(TinyDBStore, "load_client", load_client)
    with pytest.raises(CopyMismatch, match="nothing was written"):
        copy_stores([source], tmp_path / "copy")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kim"]


def test_bad_places_are_refused_before_anything_is_written(tmp_path: Path, pg_url: str) -> None:
    source = folder_with(tmp_path / "kim", "KB-1")
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("x")
    no_tables = pg_url.replace("fama_test_", "no_such_")
    cases: list[tuple[list[Path | str], Path | str, str]] = [
        ([tmp_path / "nothere"], tmp_path / "t1", "no fama store at"),
        ([source], source, "both a source and the target"),
        ([source, source], tmp_path / "t2", "given twice"),
        ([source], source / "inner", "inside"),
        ([source], tmp_path / "a-file", "is a file"),
        ([source], tmp_path / "other", "other files"),
        ([source], tmp_path / "no" / "such", "does not exist"),
        ([source], no_tables, "Cannot connect"),
        ([no_tables], tmp_path / "t5", "Cannot connect"),
    ]
    for sources, target, words in cases:
        with pytest.raises(CopyRefused, match=words):
            copy_stores(sources, target, merge=True)
    with pytest.raises(CopyRefused, match="add --merge"):
        copy_stores([source, tmp_path / "t3"], tmp_path / "t4")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "kim", "other"]
    assert os.listdir(tmp_path / "other") == ["notes.txt"]


def test_a_database_copy_that_reads_back_differently_is_reported_as_kept(
    tmp_path: Path, pg_store: Store, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fama.store.postgres.store import PostgresStore

    source = folder_with(tmp_path / "kim", "KB-1", "KB-2")
    real = PostgresStore.load_clients

    def load_clients(self: PostgresStore, codes: list[str]) -> list[ClientRecord]:
        return [r.model_copy(update={"files": []}) for r in real(self, codes)]

    monkeypatch.setattr(PostgresStore, "load_clients", load_clients)
    with pytest.raises(CopyMismatch, match="the copy was kept in the database"):
        copy_stores([source], pg_url)
    assert len(pg_store.client_summaries()) == 2, "committed, and said so"


def test_the_copy_is_in_both_audit_trails_and_a_trail_is_never_replaced(
    tmp_path: Path, pg_store: Store, pg_url: str
) -> None:
    source = folder_with(tmp_path / "kim", "KB-1", "KB-2")
    copy_stores([source], pg_url, who="kim", now=lambda: NOW)
    [exported] = list(open_store(source).audit_rows())
    assert (exported["who"], exported["action"], exported["record"]) == ("kim", "export", None)
    assert str(exported["what"]).startswith("whole store copied to the database fama_test_")
    [came_in] = list(pg_store.audit_rows())
    assert came_in["action"] == "change" and came_in["who"] == pg_store.login()
    assert came_in["what"] == f"whole store copied in from {source} (2 clients)"

    kept = tmp_path / "empty-but-audited"
    open_store(kept).audit_append("kim", "export", "whole store exported", None, NOW)
    trail = snapshot(kept)
    with pytest.raises(CopyRefused, match="already holds a fama store with records"):
        copy_stores([source], kept)
    assert snapshot(kept) == trail
