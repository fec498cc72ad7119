"""The folder store's caseload index in shards (schema 4): a save rewrites its client's file
and one small shard; an older store moves its rows in place, and a move killed part-way is
finished; backups, restores and erasures cover the shards and the older layout alike; a shard
that is damaged is refused, one that is lost or out of order is put right."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fama.models import Client, ClientRecord, Goal
from fama.store import StoreUnreadable, TinyDBStore, index_shards, open_store
from fama.store.backups import restore_backup
from fama.store.file_names import SECRET_FILE, keyed_name, read_secret
from fama.store.files import file_stamp, read_json, write_store_file
from fama.store.index_shards import INDEX_DIR, shard_of, shard_path, shards
from fama.store.tinydb_clients import ClientFiles
from tests.helpers.cli import snapshot
from tests.helpers.folder_index import as_old_layout, index_rows
from tests.helpers.sealed import seal

CODES = tuple(sorted(f"KB-{n}" for n in range(1, 41)))


class Killed(BaseException):
    """Stands for the process being killed at that moment."""


def make_record(code: str) -> ClientRecord:
    client = Client(
        code=code, keyworker="JB", postcode_district="DE1", episode_start=date(2026, 9, 1)
    )
    return ClientRecord(client=client)


@pytest.fixture(params=["clear", "encrypted"])
def folder(store_path: Path, request: pytest.FixtureRequest) -> Path:
    """A store of 40 clients, in many shards (in clear, and encrypted)."""
    store = open_store(store_path)
    store.put_records([make_record(code) for code in CODES])
    if request.param == "encrypted":
        seal(store)
    return store_path


def stored(path: Path) -> Any:
    """A store file's JSON, opened if the store is encrypted."""
    data = read_json(path)
    assert data is not None
    return data


def codes(store: TinyDBStore) -> list[str]:
    return sorted(s.code for s in store.client_summaries())


def meta(folder: Path) -> dict[str, Any]:
    data = stored(folder / "fama.json")
    assert isinstance(data, dict)
    return data


def schema(folder: Path) -> int:
    [row] = meta(folder)["meta"].values()
    return int(row["schema"])


@pytest.fixture
def rebuilt(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The client files read to rebuild index rows (none when the rows were kept)."""
    read: list[Path] = []
    real = ClientFiles._read_record_file

    def counted(self: ClientFiles, path: Path) -> ClientRecord:
        read.append(path)
        return real(self, path)

    monkeypatch.setattr(ClientFiles, "_read_record_file", counted)
    return read


# Saving ------------------------------------------------------------------------------------


def test_a_save_rewrites_its_client_file_and_one_shard_only(folder: Path) -> None:
    store = open_store(folder)
    before = {p: file_stamp(p) for p in folder.rglob("*.json")}
    store.save_goal(Goal(client_code="KB-7", wording="Go", target_date=date(2026, 12, 1)))
    changed = {p for p in folder.rglob("*.json") if file_stamp(p) != before.get(p)}
    key = store._key("KB-7")
    assert changed == {folder / "clients" / f"{key}.json", shard_path(folder, shard_of(key))}
    [row] = [r for r in index_rows(folder) if r["code"] == "KB-7"]
    assert row["current_goal"] == "Go"


def test_each_row_is_in_the_shard_of_its_file_name(folder: Path) -> None:
    assert "caseload" not in meta(folder)
    assert len(shards(folder)) > 10
    for shard in shards(folder):
        rows = stored(shard_path(folder, shard))["caseload"].values()
        assert {shard_of(r["file"]) for r in rows} == {shard}
    assert sorted(r["code"] for r in index_rows(folder)) == list(CODES)
    store = open_store(folder)
    assert codes(store) == list(CODES)
    assert [s.code for s in store.client_summaries("JB")] == [
        s.code for s in store.client_summaries()
    ]
    assert store.client_summaries("SOMEONE ELSE") == []


# Migration ---------------------------------------------------------------------------------


def test_a_schema_3_store_moves_its_rows_into_shards(folder: Path, rebuilt: list[Path]) -> None:
    as_old_layout(folder, 3)
    migrated = open_store(folder)
    assert codes(migrated) == list(CODES)
    assert rebuilt == []  # the rows were moved, not built again from the client files
    assert "caseload" not in meta(folder)
    assert schema(folder) == 4
    assert len(index_rows(folder)) == len(CODES)
    [backup] = migrated.backup_folders()
    assert "before-migration-from-3" in backup.name
    assert shards(backup) == []  # the backup keeps the layout it was taken in
    assert sorted(r["code"] for r in index_rows(backup)) == list(CODES)


@pytest.mark.parametrize("writes", [0, 1, 5])
def test_a_killed_move_into_shards_is_finished_on_the_next_opening(
    folder: Path, monkeypatch: pytest.MonkeyPatch, rebuilt: list[Path], writes: int
) -> None:
    as_old_layout(folder, 3)
    real = index_shards.write_store_file
    done = 0

    def dies(path: Path, data: bytes) -> None:
        nonlocal done
        if done == writes:
            raise Killed
        done += 1
        real(path, data)

    monkeypatch.setattr(index_shards, "write_store_file", dies)
    with pytest.raises(Killed):
        open_store(folder)
    monkeypatch.setattr(index_shards, "write_store_file", real)
    assert "caseload" in meta(folder)  # the old index is still the index
    assert len(shards(folder)) == writes
    store = open_store(folder)
    assert codes(store) == list(CODES)
    assert rebuilt == []
    assert "caseload" not in meta(folder)
    assert len(index_rows(folder)) == len(CODES)


def test_a_move_killed_before_the_new_schema_was_written_is_finished(
    folder: Path, rebuilt: list[Path]
) -> None:
    as_old_layout(folder, 3)
    index_shards.move_into_shards(folder)  # all done but the schema number
    assert schema(folder) == 3
    store = open_store(folder)
    assert codes(store) == list(CODES) and rebuilt == []
    assert schema(folder) == 4


# Backups, restores and erasures ------------------------------------------------------------


def test_a_backup_holds_the_shards_and_a_restore_puts_them_back(
    folder: Path, rebuilt: list[Path]
) -> None:
    store = open_store(folder)
    backup = store.backup("daily")
    assert snapshot(backup / INDEX_DIR) == snapshot(folder / INDEX_DIR)
    store.put_records([make_record("NEW-1")])
    store.save_goal(Goal(client_code="KB-3", wording="Go", target_date=date(2026, 12, 1)))
    restore_backup(folder, backup.name)
    assert snapshot(folder / INDEX_DIR) == snapshot(backup / INDEX_DIR)
    rebuilt.clear()
    restored = open_store(folder)
    assert codes(restored) == list(CODES)
    # the rows come from the shards put back; only the client file put back (a new file,
    # with a new stamp) has its row checked against it
    assert rebuilt == [restored._client_path("KB-3")]


def test_a_restore_of_a_backup_from_before_the_shards_is_migrated_again(
    folder: Path, rebuilt: list[Path]
) -> None:
    as_old_layout(folder, 3)
    store = open_store(folder)
    [old] = store.backup_folders()
    store.put_records([make_record("NEW-1")])
    restore_backup(folder, old.name)
    assert shards(folder) == [] and "caseload" in meta(folder)
    rebuilt.clear()
    restored = open_store(folder)
    assert codes(restored) == list(CODES) and rebuilt == []
    assert "caseload" not in meta(folder)


def test_an_erasure_leaves_no_row_in_backups_of_either_layout(folder: Path) -> None:
    as_old_layout(folder, 3)
    store = open_store(folder)  # migrated: the backup taken first keeps fama.json's rows
    store.backup("daily")  # and this one has shards
    assert store.erase_client("KB-7").records == 1
    for path in folder.rglob("*"):
        if path.is_file():
            assert b"KB-7" not in path.read_bytes(), path
    kept = sorted(set(CODES) - {"KB-7"})
    assert codes(open_store(folder)) == kept
    backups = store.backup_folders()
    assert len(backups) == 2
    for backup in backups:
        assert sorted(r["code"] for r in index_rows(backup)) == kept


def test_an_erasure_run_again_finds_its_row_already_gone(folder: Path) -> None:
    store = open_store(folder)
    key = store._key("KB-9")
    index_shards.drop_row(folder, key)
    index_shards.drop_row(folder, key)  # nothing left to do: no error, nothing written twice
    assert "KB-9" not in {r["code"] for r in index_rows(folder)}


# Damage and repair -------------------------------------------------------------------------


def test_a_damaged_shard_is_refused_and_left_untouched(folder: Path) -> None:
    open_store(folder).backup("daily")
    shard = shard_path(folder, shards(folder)[3])
    shard.write_text("{ not json")
    before = snapshot(folder)
    with pytest.raises(StoreUnreadable) as caught:
        open_store(folder)
    message = str(caught.value)
    assert str(shard) in message and "backups" in message and "\n" not in message
    assert snapshot(folder) == before


def test_an_invalid_row_names_its_shard(folder: Path) -> None:
    shard = shard_path(folder, shards(folder)[0])
    data = stored(shard)
    next(iter(data["caseload"].values()))["stage"] = "nowhere"
    write_store_file(shard, json.dumps(data).encode())
    with pytest.raises(StoreUnreadable, match="a caseload row is invalid") as caught:
        open_store(folder).client_summaries()
    assert str(shard) in str(caught.value)


def test_a_lost_index_is_built_again(folder: Path) -> None:
    shutil.rmtree(folder / INDEX_DIR)
    store = open_store(folder)
    assert codes(store) == list(CODES)
    assert len(shards(folder)) > 10


def test_rows_out_of_place_are_put_right(folder: Path) -> None:
    first, second = shards(folder)[:2]
    moved = stored(shard_path(folder, first))
    other = stored(shard_path(folder, second))
    row = next(iter(moved["caseload"].values()))
    twice = dict(next(iter(other["caseload"].values())))
    other["caseload"].update({"900": row, "901": twice, "902": {"code": "KB-X"}})
    moved["caseload"] = {k: r for k, r in moved["caseload"].items() if r is not row}
    write_store_file(shard_path(folder, first), json.dumps(moved).encode())
    write_store_file(shard_path(folder, second), json.dumps(other).encode())
    store = open_store(folder)
    assert [s.code for s in sorted(store.client_summaries(), key=lambda s: s.code)] == list(CODES)
    for shard in shards(folder):
        rows = stored(shard_path(folder, shard))["caseload"].values()
        assert {shard_of(r["file"]) for r in rows} == {shard}
    assert len(index_rows(folder)) == len(CODES)


def test_temp_files_in_the_index_are_cleared(folder: Path) -> None:
    backup = open_store(folder).backup("daily")
    leftovers = [
        folder / INDEX_DIR / ".00.json.999999.1.tmp",
        backup / INDEX_DIR / ".00.json.999999.1.tmp",
    ]
    for path in leftovers:
        path.write_text('{"caseload": {"1": {"code": "KB-9"}}}')
    open_store(folder)
    assert not any(path.exists() for path in leftovers)


def test_a_lost_key_files_every_row_again_and_old_backups_still_restore(folder: Path) -> None:
    backup = open_store(folder).backup("daily")
    (folder / SECRET_FILE).unlink()
    store = open_store(folder)
    secret = read_secret(folder)
    assert secret is not None
    assert codes(store) == list(CODES)
    for root in (folder, backup):
        names = {p.stem for p in (root / "clients").glob("*.json")}
        assert names == {keyed_name(secret, code) for code in CODES}
    for shard in shards(folder):
        rows = stored(shard_path(folder, shard))["caseload"].values()
        assert all(r["file"] == keyed_name(secret, r["code"]) for r in rows)
        assert {shard_of(r["file"]) for r in rows} == {shard}
    restore_backup(folder, backup.name)
    assert codes(open_store(folder)) == list(CODES)
