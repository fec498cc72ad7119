"""Turning encryption on or off, killed at any sync, leaves a store that opens (with its
passphrase, once the key file is written) and whose opening finishes the switch: the same
records, every file in the new form, and the audit trail whole."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from fama.audit import Action, verify
from fama.models import Client, Conversation, Goal
from fama.models.conversation import Turn
from fama.store import open_store
from fama.store.key_file import KEY_FILE, read_key_file
from fama.store.sealing import LINE_TAG, MAGIC, ON
from tests.helpers.sealed import ENV, files_holding, passphrase_file, seal

REPO = Path(__file__).resolve().parents[2]
CODES = ("KB-1", "KB-2", "KB-3")
AT = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
NOT_DATA = {".lock", ".audit.lock", KEY_FILE}


def make_store(folder: Path) -> dict[str, object]:
    """Three clients with goals and a conversation, a backup and an audit trail; returns
    the store's export (without its time)."""
    store = open_store(folder)
    for code in CODES:
        store.create_client(
            Client(
                code=code, keyworker="JB", postcode_district="DE1", episode_start=date(2026, 9, 1)
            )
        )
        store.save_goal(
            Goal(client_code=code, wording=f"Goal of {code}", target_date=date(2026, 12, 1))
        )
        store.audit_append("kim", Action.VIEW, "client screen", store.record_id(code), AT)
    store.backup("daily")
    store.save_conversation(
        Conversation(
            client_code="KB-1",
            keyworker="JB",
            turns=[Turn(step_id="hopes", prompt="Hopes?", answer="to sleep again")],
        )
    )
    document = store.export()
    document.pop("exported_at")
    return document


def switch_in_child(folder: Path, action: str, kill_at: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.helpers.switch_killer", str(folder), action, str(kill_at)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def data_files(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in NOT_DATA]


def assert_whole(folder: Path, document: dict[str, object], sealed: bool) -> None:
    """Opened (which finishes any switch), the store holds the same records, each file in
    the form wanted, and its trail verifies."""
    store = open_store(folder)
    got = store.export()
    got.pop("exported_at")
    assert got == document
    assert verify(store.audit_rows()).checked == len(CODES)
    for path in data_files(folder):
        raw = path.read_bytes()
        if path.name == "audit.log":
            assert all(line.startswith(LINE_TAG) == sealed for line in raw.splitlines()), path
        else:
            assert raw.startswith(MAGIC) == sealed, path
    assert not list(folder.rglob("*.tmp"))
    key = read_key_file(folder)
    assert (key.state == ON) if sealed else key is None
    if sealed:
        assert files_holding(folder, b"Goal of KB-1") == []


@pytest.mark.slow
@pytest.mark.parametrize("action", ["encrypt", "decrypt"])
def test_a_switch_killed_at_any_sync_opens_and_is_finished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    template = tmp_path / "template"
    document = make_store(template)
    if action == "decrypt":
        seal(open_store(template))
    monkeypatch.setenv(ENV, str(passphrase_file(tmp_path)))
    counted = tmp_path / "counted"
    shutil.copytree(template, counted)
    whole = switch_in_child(counted, action, 0)
    assert whole.returncode == 0, whole.stderr
    syncs = int(whole.stdout.split()[1])
    assert syncs >= 2 * len(data_files(template)), "a sync for each file converted, and its folder"
    stride = max(1, syncs // 24)  # two dozen kills spread over the whole switch
    for kill_at in sorted({*range(1, syncs + 1, stride), syncs}):
        folder = tmp_path / f"killed-{kill_at}"
        shutil.copytree(template, folder)
        killed = switch_in_child(folder, action, kill_at)
        assert killed.returncode == -9, f"sync {kill_at}: {killed.stderr}"
        key = read_key_file(folder)
        if key is None or key.state == ON:
            # killed before the switch began (its key file not written yet), or after it
            # ended: the store is as it was, or as it is to be
            begun = key is not None if action == "encrypt" else key is None
            if begun:
                assert_whole(folder, document, sealed=action == "encrypt")
            else:
                assert_whole(folder, document, sealed=action == "decrypt")
        else:
            store = open_store(folder)  # the passphrase opens it, and opening finishes
            assert store.notices()[0].startswith(f"The store's {action}ion was interrupted")
            assert_whole(folder, document, sealed=action == "encrypt")
        shutil.rmtree(folder)
