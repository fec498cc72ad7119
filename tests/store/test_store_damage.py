"""A damaged store is refused, never trimmed; file names give no code away; no temp file
outlives the command that made it."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from fama.models import Client, Goal
from fama.store import StoreUnreadable, open_store
from fama.store.file_names import SECRET_FILE, keyed_name, read_secret
from tests.helpers.cli import snapshot
from tests.helpers.folder_index import as_old_layout, index_rows

CODES = ("KB-1", "KB-2", "KB-3")


def make_client(code: str) -> Client:
    return Client(
        code=code, keyworker="JB", postcode_district="DE1", episode_start=date(2026, 9, 1)
    )


@pytest.fixture
def store_with_backup(store_path: Path) -> tuple[Path, Path]:
    store = open_store(store_path)
    for code in CODES:
        store.create_client(make_client(code))
    return store_path, store.backup("daily")


# Damage ------------------------------------------------------------------------------------


def test_a_missing_clients_folder_is_refused_not_recreated(
    store_with_backup: tuple[Path, Path],
) -> None:
    store_path, backup = store_with_backup
    for path in (store_path / "clients").iterdir():
        path.unlink()
    (store_path / "clients").rmdir()
    before = snapshot(store_path)
    with pytest.raises(StoreUnreadable) as caught:
        open_store(store_path)
    message = str(caught.value)
    assert "clients folder is missing" in message and str(backup) in message
    assert "\n" not in message and caught.value.exit_code == 2
    assert not (store_path / "clients").exists() and snapshot(store_path) == before


def test_a_missing_client_file_is_refused_and_the_index_kept(
    store_with_backup: tuple[Path, Path],
) -> None:
    store_path, backup = store_with_backup
    missing = open_store(store_path)._client_path("KB-2")
    missing.unlink()
    before = snapshot(store_path)
    for _ in range(2):  # and again: the first refusal changed nothing
        with pytest.raises(StoreUnreadable) as caught:
            open_store(store_path)
        message = str(caught.value)
        assert "client KB-2 is missing" in message and str(missing) in message
        assert str(backup) in message
        assert snapshot(store_path) == before


def test_several_missing_files_are_counted(store_with_backup: tuple[Path, Path]) -> None:
    store_path, _ = store_with_backup
    for path in list((store_path / "clients").glob("*.json"))[:2]:
        path.unlink()
    with pytest.raises(StoreUnreadable, match=r"the files of 2 clients \(KB-\d, KB-\d\)"):
        open_store(store_path)


def test_a_damaged_key_is_refused(store_with_backup: tuple[Path, Path]) -> None:
    store_path, _ = store_with_backup
    (store_path / SECRET_FILE).write_text("not a key")
    with pytest.raises(StoreUnreadable, match="not fama's key"):
        open_store(store_path)


# Keyed names -------------------------------------------------------------------------------


def test_file_names_do_not_reveal_codes(
    store_with_backup: tuple[Path, Path], tmp_path: Path
) -> None:
    store_path, backup = store_with_backup
    secret = read_secret(store_path)
    assert secret is not None
    plain = {hashlib.sha256(c.encode()).hexdigest()[:24] for c in CODES}
    for folder in (store_path / "clients", backup / "clients"):
        names = {p.stem for p in folder.glob("*.json")}
        assert names == {keyed_name(secret, c) for c in CODES}
        assert not names & plain
    key_file = store_path / SECRET_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    other = open_store(tmp_path / "other")
    other.create_client(make_client("KB-1"))
    assert other._client_path("KB-1").name != open_store(store_path)._client_path("KB-1").name


def _as_schema_2(store_path: Path) -> None:
    """Turn a store (and its backups) back into schema 2: plain-hash names, no key."""
    folders = [store_path, *(p for p in (store_path / "backups").iterdir())]
    for folder in folders:
        for path in (folder / "clients").glob("*.json"):
            code = next(iter(json.loads(path.read_text())["client"].values()))["code"]
            path.rename(path.with_name(f"{hashlib.sha256(code.encode()).hexdigest()[:24]}.json"))
        index = as_old_layout(folder, 2)
        for row in index["caseload"].values():
            row["file"] = hashlib.sha256(row["code"].encode()).hexdigest()[:24]
        (folder / "fama.json").write_text(json.dumps(index))
    (store_path / SECRET_FILE).unlink()


def test_a_schema_2_store_is_migrated_to_keyed_names(
    store_with_backup: tuple[Path, Path],
) -> None:
    store_path, _ = store_with_backup
    store = open_store(store_path)
    store.save_goal(Goal(client_code="KB-1", wording="Keep me", target_date=date(2026, 12, 1)))
    _as_schema_2(store_path)
    migrated = open_store(store_path)
    assert [g.wording for g in migrated.load_client("KB-1").goals] == ["Keep me"]
    assert sorted(s.code for s in migrated.client_summaries()) == list(CODES)
    secret = read_secret(store_path)
    assert secret is not None
    keyed = {keyed_name(secret, c) for c in CODES}
    for folder in [store_path, *(store_path / "backups").iterdir()]:
        assert {p.stem for p in (folder / "clients").glob("*.json")} == keyed, folder
        rows = index_rows(folder)
        assert {r["file"] for r in rows} == keyed
    assert any("before-migration-from-2" in p.name for p in (store_path / "backups").iterdir())
    assert migrated.erase_client("KB-3").records == 1
    assert not any(b"KB-3" in p.read_bytes() for p in store_path.rglob("*.json"))


def test_a_lost_key_is_made_again(store_with_backup: tuple[Path, Path]) -> None:
    store_path, _ = store_with_backup
    old = read_secret(store_path)
    (store_path / SECRET_FILE).unlink()
    store = open_store(store_path)
    assert read_secret(store_path) not in (None, old)
    assert [store.load_client(c).client.code for c in CODES] == list(CODES)


# Temp files --------------------------------------------------------------------------------


def test_temp_files_are_removed_in_backups_too(store_with_backup: tuple[Path, Path]) -> None:
    store_path, backup = store_with_backup
    leftovers = [
        store_path / ".fama.json.999999.1.tmp",
        store_path / "clients" / ".x.json.999999.1.tmp",
        backup / ".fama.json.999999.1.tmp",
    ]
    for path in leftovers:
        path.write_text('{"caseload": {"1": {"code": "KB-9"}}}')
    half_made = store_path / "backups" / f".20261124-000000-000000-daily.{2**22 + 7}.tmp"
    (half_made / "clients").mkdir(parents=True)
    (half_made / "fama.json").write_text("{}")
    in_use = store_path / "backups" / f".20261124-000000-000001-daily.{os.getpid()}.tmp"
    in_use.mkdir()
    store = open_store(store_path)
    assert not any(p.exists() for p in leftovers) and not half_made.exists()
    assert in_use.exists()  # a backup this (running) process is still copying
    assert store.latest_backup() == backup  # a half-made backup is never the latest


def test_a_backup_is_made_whole_or_not_at_all(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fama.store import tinydb_store

    store = open_store(store_path)
    store.create_client(make_client("KB-1"))
    real_snapshot = tinydb_store._snapshot_file
    files = 0

    def fail_later(source: Path, target: Path) -> None:
        nonlocal files
        files += 1
        if files == 2:
            raise OSError(28, "No space left on device")
        real_snapshot(source, target)

    monkeypatch.setattr(tinydb_store, "_snapshot_file", fail_later)
    with pytest.raises(OSError):
        store.backup("daily")
    monkeypatch.undo()
    assert store.latest_backup() is None and list((store_path / "backups").iterdir()) == []


@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"meta": {"1": {"schema": NaN}}}',
        '{"meta": {"1": {"schema": ' + "9" * 10_000 + "}}}",
    ],
    ids=["deep", "nan", "huge-integer"],
)
def test_a_store_file_with_hostile_json_is_refused_as_damaged(tmp_path: Path, content: str) -> None:
    from fama.store.files import FileDamaged, read_json

    path = tmp_path / "fama.json"
    path.write_text(content)
    with pytest.raises(FileDamaged):
        read_json(path)
