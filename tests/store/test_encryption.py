"""Encryption at rest of the folder store: nothing about a client on disk in clear (backups,
trail and journal included); the passphrase opens it, a wrong one opens and changes
nothing; a file put in another's place is refused; the sealed trail still finds tampering;
a passphrase change rewrites the key file only; a store encrypted by another process is
never written in clear by one that opened it before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from fama.audit import Action, verify
from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.errors import StoreLocked, StoreSwitched, StoreUnreadable
from fama.models import Client, Conversation, Goal
from fama.models.conversation import Turn
from fama.store import Store, TinyDBStore, open_store
from fama.store.audit_file import AUDIT_FILE
from fama.store.key_file import KEY_FILE, open_export
from fama.store.sealing import LINE_TAG, MAGIC
from fama.store.switching import change_passphrase, decrypt
from tests.helpers.cli import snapshot
from tests.helpers.sealed import (
    CHEAP,
    ENV,
    PASSPHRASE,
    encrypted_store,
    files_holding,
    forget_key,
    passphrase_file,
    seal,
)

ROOT = Path(__file__).resolve().parents[2]
CODE = "ZQ-7781"
WORDING = "Try the Thursday lunchtime SMART group with Bernadette"
ANSWER = "worried about meeting my neighbour Kowalczyk there"
AT = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
NOT_DATA = {".lock", ".audit.lock", KEY_FILE}


def client(code: str) -> Client:
    return Client(
        code=code, keyworker="JB", postcode_district="DE1", episode_start=date(2026, 9, 1)
    )


def goal(code: str, wording: str) -> Goal:
    return Goal(client_code=code, wording=wording, target_date=date(2026, 12, 3))


def conversation(code: str) -> Conversation:
    return Conversation(
        client_code=code,
        keyworker="JB",
        turns=[Turn(step_id="worries", prompt="What worries you?", answer=ANSWER)],
    )


def exported(store: Store) -> dict[str, object]:
    document = store.export()
    document.pop("exported_at")
    return document


def assert_all_sealed(folder: Path) -> None:
    """Every file that holds data starts sealed; every line of the trail is sealed."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name in NOT_DATA:
            continue
        raw = path.read_bytes()
        if path.name == AUDIT_FILE:
            assert all(line.startswith(LINE_TAG) for line in raw.splitlines()), path
        else:
            assert raw.startswith(MAGIC), path


# Nothing in clear ---------------------------------------------------------------------------


def test_nothing_about_a_client_is_on_disk_in_clear(tmp_path: Path, clock: FixedClock) -> None:
    folder = tmp_path / "store"
    book = Casebook(open_store(folder), clock)
    book.store.create_client(client(CODE))
    book.store.save_goal(goal(CODE, "An early goal, before encryption"))
    book.store.create_client(client("PURGE-1"))
    book.store.backup("before")
    book.clients.record(CODE)  # an audited view, in clear before encryption
    book.protection.encrypt(PASSPHRASE)
    # Everything a keyworker does afterwards: goals, a conversation, a backup, exports, a
    # purge that keeps its figures, an erasure journal half-way.
    book.store.save_goal(goal(CODE, WORDING))
    book.store.save_conversation(conversation(CODE))
    book.store.backup("after")
    sealed = book.protection.export_seal()
    assert sealed is not None
    outside = tmp_path / "export.sealed"
    outside.write_bytes(sealed(json.dumps(book.export_all()).encode()))
    client_file = tmp_path / "client.sealed"
    client_file.write_bytes(sealed(json.dumps(book.clients.export(CODE)).encode()))
    book.store.erase_client("PURGE-1", keep_figures=True)
    for needle in (CODE, WORDING, ANSWER, "Bernadette", "Kowalczyk", "PURGE-1", "early goal"):
        assert files_holding(folder, needle.encode()) == [], needle
        assert files_holding(tmp_path, needle.encode()) == [], needle
    assert_all_sealed(folder)
    assert (folder / "retained_facts.json").read_bytes().startswith(MAGIC)
    assert len(list((folder / "backups").iterdir())) == 2
    document = open_export(outside.read_bytes(), PASSPHRASE)
    assert document is not None and WORDING.encode() in document
    assert verify(book.store.audit_rows()).intact


def test_a_new_key_and_nonce_each_time(tmp_path: Path) -> None:
    first = encrypted_store(tmp_path / "one")
    second = encrypted_store(tmp_path / "two")
    for store in (first, second):
        store.create_client(client(CODE))
    one, two = (
        next((s / "clients").glob("*.json")).read_bytes()
        for s in (tmp_path / "one", tmp_path / "two")
    )
    assert one[:17] != two[:17]  # the nonce after the magic differs
    first.save_client(client(CODE))
    again = next((tmp_path / "one" / "clients").glob("*.json")).read_bytes()
    assert again[len(MAGIC) : len(MAGIC) + 12] != one[len(MAGIC) : len(MAGIC) + 12]


# The passphrase -----------------------------------------------------------------------------


def test_the_passphrase_opens_it_in_a_new_process_and_a_wrong_one_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "store"
    store = encrypted_store(folder)
    store.create_client(client(CODE))
    before = exported(store)
    forget_key(folder)
    files = snapshot(folder)
    monkeypatch.setenv(ENV, str(passphrase_file(tmp_path, "not the passphrase")))
    with pytest.raises(StoreLocked) as caught:
        open_store(folder)
    assert str(caught.value) == (
        f"That is not the passphrase of the store at {folder}; nothing was opened or changed."
    )
    assert snapshot(folder) == files
    monkeypatch.setenv(ENV, str(passphrase_file(tmp_path)))
    assert exported(open_store(folder)) == before


def test_with_no_passphrase_to_be_had_opening_stops_in_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "store"
    encrypted_store(folder)
    forget_key(folder)
    with pytest.raises(StoreLocked, match="is encrypted: type its passphrase in a terminal"):
        open_store(folder)
    monkeypatch.setenv(ENV, str(tmp_path / "nowhere.txt"))
    with pytest.raises(StoreLocked, match="which is not a file"):
        open_store(folder)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    monkeypatch.setenv(ENV, str(empty))
    with pytest.raises(StoreLocked, match="which is empty"):
        open_store(folder)


def test_a_passphrase_change_rewrites_the_key_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "store"
    store = encrypted_store(folder)
    store.create_client(client(CODE))
    store.backup("daily")
    files = snapshot(folder)
    assert isinstance(store, TinyDBStore)
    change_passphrase(store, "a brand new passphrase", CHEAP)
    after = snapshot(folder)
    assert {name for name in files if files[name] != after[name]} == {KEY_FILE}
    forget_key(folder)
    monkeypatch.setenv(ENV, str(passphrase_file(tmp_path)))
    with pytest.raises(StoreLocked, match="not the passphrase"):
        open_store(folder)
    monkeypatch.setenv(ENV, str(passphrase_file(tmp_path, "a brand new passphrase")))
    assert open_store(folder).has_client(CODE)


def test_the_lock_screen_checks_the_passphrase_as_it_is_now(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = encrypted_store(folder)
    check = store.passphrase_check()
    assert check is not None
    assert check(PASSPHRASE) and not check("wrong") and not check("")
    assert isinstance(store, TinyDBStore)
    change_passphrase(store, "changed meanwhile", CHEAP)
    assert check("changed meanwhile") and not check(PASSPHRASE)
    assert open_store(tmp_path / "clear").passphrase_check() is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data.update(wrapped_key="AAAA"),
        lambda data: data.update(state="encrypting"),  # as if a switch were under way
        lambda data: data["kdf"].update(memory_kib=10**9),
        lambda data: data.update(fama="something else"),
    ],
    ids=["wrapped key", "state", "cost", "format"],
)
def test_a_damaged_key_file_is_refused_in_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    folder = tmp_path / "store"
    encrypted_store(folder)
    forget_key(folder)
    key = folder / KEY_FILE
    data = json.loads(key.read_text())
    damage(data)  # type: ignore[operator]
    key.write_text(json.dumps(data))
    files = snapshot(folder)
    monkeypatch.setenv(ENV, str(passphrase_file(tmp_path)))
    with pytest.raises(StoreLocked) as caught:
        open_store(folder)
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".")
    assert "damaged" in message or "not the passphrase" in message
    assert snapshot(folder) == files


# Files swapped or changed --------------------------------------------------------------------


def test_two_client_files_swapped_are_refused_as_damaged(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = encrypted_store(folder)
    for code in ("KB-1", "KB-2"):
        store.create_client(client(code))
    first, second = sorted((folder / "clients").glob("*.json"))
    one, two = first.read_bytes(), second.read_bytes()
    first.write_bytes(two)
    second.write_bytes(one)
    with pytest.raises(StoreUnreadable) as caught:
        open_store(folder).client_summaries()
    message = str(caught.value)
    assert "does not open with the store's key" in message and "\n" not in message
    assert first.read_bytes() == two and second.read_bytes() == one  # left untouched


def test_a_file_in_clear_put_into_an_encrypted_store_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    encrypted_store(folder)
    (folder / "staff.json").write_text('{"staff": {}}')
    with pytest.raises(StoreUnreadable, match="not encrypted though the store is"):
        open_store(folder).staff()


def test_a_backup_copied_back_by_restore_opens(tmp_path: Path) -> None:
    from fama.store.backups import restore_backup

    folder = tmp_path / "store"
    store = encrypted_store(folder)
    store.create_client(client(CODE))
    store.save_goal(goal(CODE, WORDING))
    backup = store.backup("daily")
    store.save_goal(goal(CODE, "a later goal"))
    restore_backup(folder, backup.name)
    assert [g.wording for g in open_store(folder).load_client(CODE).goals] == [WORDING]
    assert_all_sealed(folder)


# The audit trail ------------------------------------------------------------------------------


def sealed_trail(tmp_path: Path, count: int = 5) -> tuple[Store, Path]:
    store = encrypted_store(tmp_path / "store")
    for number in range(count):
        store.audit_append("kim", Action.VIEW, f"view {number}", store.record_id(CODE), AT)
    return store, tmp_path / "store" / AUDIT_FILE


def test_the_sealed_trail_verifies_and_is_appended_a_line_at_a_time(tmp_path: Path) -> None:
    store, path = sealed_trail(tmp_path, 3)
    before = path.read_bytes()
    store.audit_append("kim", Action.EXPORT, "whole store exported", None, AT)
    after = path.read_bytes()
    assert after.startswith(before) and after.count(b"\n") == before.count(b"\n") + 1
    verdict = verify(store.audit_rows())
    assert verdict.intact and verdict.checked == 4
    assert all(line.startswith(LINE_TAG) for line in after.splitlines())
    assert b"kim" not in after and b"view" not in after


def test_an_edited_sealed_entry_is_found(tmp_path: Path) -> None:
    store, path = sealed_trail(tmp_path)
    lines = path.read_bytes().splitlines(keepends=True)
    middle = len(lines[2]) // 2
    flipped = b"A" if lines[2][middle : middle + 1] != b"A" else b"B"
    lines[2] = lines[2][:middle] + flipped + lines[2][middle + 1 :]
    path.write_bytes(b"".join(lines))
    verdict = verify(store.audit_rows())
    assert verdict.broken_at == 3 and "does not open" in verdict.reason


def test_a_removed_sealed_entry_is_found(tmp_path: Path) -> None:
    store, path = sealed_trail(tmp_path)
    lines = path.read_bytes().splitlines(keepends=True)
    del lines[1]
    path.write_bytes(b"".join(lines))
    assert verify(store.audit_rows()).broken_at == 2


def test_an_entry_in_clear_slipped_into_a_sealed_trail_is_found(tmp_path: Path) -> None:
    store, path = sealed_trail(tmp_path, 2)
    clear = [r for r in store.audit_rows() if isinstance(r, dict)][-1]
    forged = dict(clear, seq=3, what="forged")
    path.write_bytes(path.read_bytes() + json.dumps(forged).encode() + b"\n")
    verdict = verify(store.audit_rows())
    assert verdict.broken_at == 3 and "not encrypted" in verdict.reason


# Switching -----------------------------------------------------------------------------------


def test_encrypt_then_decrypt_gives_back_the_same_store(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = open_store(folder)
    store.create_client(client(CODE))
    store.save_goal(goal(CODE, WORDING))
    store.save_conversation(conversation(CODE))
    store.backup("daily")
    store.audit_append("kim", Action.VIEW, "client screen", store.record_id(CODE), AT)
    before, trail = exported(store), list(store.audit_rows())
    seal(store)
    assert exported(open_store(folder)) == before
    assert isinstance(store, TinyDBStore)
    decrypt(store)
    assert not (folder / KEY_FILE).exists()
    assert files_holding(folder, MAGIC) == [] and files_holding(folder, LINE_TAG) == []
    reopened = open_store(folder)
    assert exported(reopened) == before
    assert list(reopened.audit_rows()) == trail


def test_a_store_encrypted_by_another_process_is_never_written_in_clear_here(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "store"
    store = open_store(folder)  # opened in clear, as an app left open would be
    store.create_client(client(CODE))
    env = {**os.environ, ENV: str(passphrase_file(tmp_path)), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "fama", "store", "encrypt", "--data", str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    files = snapshot(folder)
    with pytest.raises(StoreSwitched, match="was encrypted after this fama opened it"):
        store.save_goal(goal(CODE, WORDING))
    with pytest.raises(StoreSwitched):
        store.audit_append("kim", Action.VIEW, "client screen", None, AT)
    with pytest.raises(StoreUnreadable, match="does not hold the store's key"):
        store.load_client(CODE)
    assert snapshot(folder) == files
    assert files_holding(folder, WORDING.encode()) == []
