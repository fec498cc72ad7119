"""The audit trail in every store: entries chained in order, kept durably, never lost to a
concurrent writer, named by an internal record id; on a folder a torn last line is cut off
and tampering with the file is found; on a database the table refuses every change."""

from __future__ import annotations

import json
import multiprocessing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fama.audit import GENESIS, Action, verify
from fama.errors import AuditTrailDamaged, StoreError
from fama.store import Store, open_store
from fama.store.audit_file import AUDIT_FILE
from tests.helpers.sealed import ENV, encrypted_store, passphrase_file

AT = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)


def test_entries_are_numbered_and_chained_and_read_back_in_order(store: Store) -> None:
    record = store.record_id("KB-1")
    first = store.audit_append("kim", Action.VIEW, "client screen", record, AT)
    second = store.audit_append("kim", Action.CHANGE, "goal saved", record, AT)
    third = store.audit_append("kim", Action.EXPORT, "whole store", None, AT)
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert first.prev == GENESIS and second.prev == first.hash and third.prev == second.hash
    rows = list(store.audit_rows())
    assert [row["what"] for row in rows if isinstance(row, dict)] == [
        "client screen",
        "goal saved",
        "whole store",
    ]
    assert [row["record"] for row in rows if isinstance(row, dict)] == [record, record, None]
    assert verify(rows).intact and verify(rows).checked == 3


def test_a_record_id_is_stable_and_never_the_code(store: Store) -> None:
    one, again, other = store.record_id("KB-1"), store.record_id("KB-1"), store.record_id("KB-2")
    assert one == again and one != other
    assert "KB" not in one and len(one) >= 16


def test_an_empty_trail_verifies(store: Store) -> None:
    assert list(store.audit_rows()) == []
    assert verify(store.audit_rows()).intact


def _append_many(target: str, writer: int, count: int) -> None:
    opened = open_store(target)
    try:
        for number in range(count):
            opened.audit_append(f"w{writer}", Action.VIEW, f"{writer}-{number}", None, AT)
    finally:
        opened.close()


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["file", "encrypted", "postgres"])
def test_concurrent_writers_lose_no_entry_and_keep_one_chain(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if kind == "file":
        target = str(tmp_path / "store")
        open_store(target).close()
    elif kind == "encrypted":
        target = str(tmp_path / "store")
        encrypted_store(tmp_path / "store")
        monkeypatch.setenv(ENV, str(passphrase_file(tmp_path)))
    else:
        target = request.getfixturevalue("pg_url")
    writers, each = 4, 25
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_append_many, args=(target, w, each)) for w in range(writers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    opened = open_store(target)
    try:
        rows = list(opened.audit_rows())
    finally:
        opened.close()
    assert verify(rows).intact and verify(rows).checked == writers * each
    written = {row["what"] for row in rows if isinstance(row, dict)}
    assert written == {f"{w}-{n}" for w in range(writers) for n in range(each)}


# --------------------------------------------------------------------------- the folder


def folder_with_trail(tmp_path: Path, count: int = 5) -> tuple[Store, Path]:
    opened = open_store(tmp_path / "store")
    for number in range(count):
        opened.audit_append("kim", Action.VIEW, f"view {number}", opened.record_id("KB-1"), AT)
    return opened, tmp_path / "store" / AUDIT_FILE


def test_the_trail_file_is_private_and_one_entry_a_line(tmp_path: Path) -> None:
    _, path = folder_with_trail(tmp_path, 3)
    assert path.stat().st_mode & 0o777 == 0o600
    lines = path.read_text("utf-8").splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [1, 2, 3]
    assert "KB-1" not in path.read_text("utf-8")


def test_editing_a_line_of_the_file_is_found_there(tmp_path: Path) -> None:
    opened, path = folder_with_trail(tmp_path)
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace('"who":"kim"', '"who":"someone else"')
    path.write_text("".join(lines), "utf-8")
    verdict = verify(opened.audit_rows())
    assert verdict.broken_at == 3


def test_deleting_a_line_from_the_middle_is_found(tmp_path: Path) -> None:
    opened, path = folder_with_trail(tmp_path)
    lines = path.read_text("utf-8").splitlines(keepends=True)
    del lines[1]
    path.write_text("".join(lines), "utf-8")
    assert verify(opened.audit_rows()).broken_at == 2


def test_a_line_a_crash_cut_short_is_cut_off_by_the_next_entry(tmp_path: Path) -> None:
    opened, path = folder_with_trail(tmp_path, 3)
    whole = path.read_bytes()
    path.write_bytes(whole + b'{"seq":4,"at":"2026-')  # the fsync never returned
    assert verify(opened.audit_rows()).checked == 3  # what was acknowledged still verifies
    entry = opened.audit_append("kim", Action.VIEW, "after the crash", None, AT)
    assert entry.seq == 4
    assert verify(opened.audit_rows()).intact and verify(opened.audit_rows()).checked == 4


def test_a_trail_ending_in_garbage_refuses_more_entries_in_one_sentence(tmp_path: Path) -> None:
    opened, path = folder_with_trail(tmp_path, 2)
    path.write_bytes(path.read_bytes() + b"not an entry\n")
    before = path.read_bytes()
    with pytest.raises(AuditTrailDamaged, match="cannot be read"):
        opened.audit_append("kim", Action.VIEW, "x", None, AT)
    assert path.read_bytes() == before


def test_a_restored_backup_never_rewinds_the_trail(tmp_path: Path) -> None:
    from fama.store.backups import restore_backup

    opened, _ = folder_with_trail(tmp_path, 2)
    backup = opened.backup("test")
    opened.audit_append("kim", Action.EXPORT, "whole store", None, AT)
    restore_backup(tmp_path / "store", backup.name)
    reopened = open_store(tmp_path / "store")
    assert verify(reopened.audit_rows()).checked == 3


# --------------------------------------------------------------------------- the database


def test_the_database_refuses_to_change_or_remove_an_entry(pg_url: str) -> None:
    import psycopg

    opened = open_store(pg_url)
    try:
        opened.audit_append("ignored", Action.VIEW, "client screen", None, AT)
    finally:
        opened.close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for statement in (
            "UPDATE audit SET who = 'someone else'",
            "DELETE FROM audit",
            "TRUNCATE audit",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                conn.execute(statement)
        # an insert naming another person, time or hash is sealed by the database instead
        conn.execute(
            "INSERT INTO audit (seq, at, who, action, what, record, prev, hash)"
            " VALUES (99, 'then', 'someone else', 'view', 'forged', NULL, 'x', 'y')"
        )
        rows = conn.execute("SELECT seq, who, at FROM audit ORDER BY seq").fetchall()
    assert [seq for seq, _, _ in rows] == [1, 2]
    assert rows[1][1] != "someone else" and rows[1][2] != "then"
    reopened = open_store(pg_url)
    try:
        assert verify(reopened.audit_rows()).intact
    finally:
        reopened.close()


def test_the_database_seals_an_awkward_entry_as_fama_would(pg_url: str) -> None:
    """Backslashes and line breaks in what was done: the SQL hash and Python's agree."""
    opened = open_store(pg_url)
    try:
        opened.audit_append("x", Action.CHANGE, "a\\b\nc ✓ [x]", "id\\n", AT)
        assert verify(opened.audit_rows()).intact
    finally:
        opened.close()


def test_a_store_error_is_one_sentence(tmp_path: Path) -> None:
    opened, path = folder_with_trail(tmp_path, 1)
    path.write_bytes(b"garbage\n")
    with pytest.raises(StoreError) as caught:
        opened.audit_append("kim", Action.VIEW, "x", None, AT)
    assert "\n" not in str(caught.value)
