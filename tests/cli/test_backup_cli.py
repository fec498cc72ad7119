"""``fama backup``: take one, list them, restore one (asking first, the data now kept)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from fama.clock import FixedClock
from fama.models import Client
from fama.store import open_store
from fama.store.tinydb_store import RESTORING_FILE
from tests.helpers.cli import run
from tests.helpers.folder_index import index_rows

REPO = Path(__file__).resolve().parents[2]


def new_client(code: str) -> Client:
    return Client(
        code=code, keyworker="JB", postcode_district="DE1", episode_start=date(2026, 9, 1)
    )


def first_backup(demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> Path:
    assert run(["backup", "--data", str(demo)], clock, capsys)[0] == 0
    [taken] = (demo / "backups").iterdir()
    return taken


def _codes(store: Path) -> list[str]:
    return sorted(s.code for s in open_store(store).client_summaries())


def test_backup_then_list(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["backup", "--data", str(demo)], clock, capsys)
    assert code == 0 and "Backed up the store (12 clients)" in out
    [made] = (demo / "backups").iterdir()
    assert str(made) in out and len(list((made / "clients").glob("*.json"))) == 12
    code, out, _ = run(["backup", "--list", "--data", str(demo)], clock, capsys)
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("NAME")
    assert lines[1].split()[0] == made.name and lines[1].split()[-1] == "12"


def test_list_with_no_backups(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["backup", "--list", "--data", str(demo)], clock, capsys)
    assert code == 0 and "no backups" in out


def test_restore_brings_the_backup_back_and_keeps_the_data_before(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = first_backup(demo, clock, capsys)
    before = _codes(demo)
    store = open_store(demo)
    goals_before = [g.id for g in store.load_client("KB-1057").goals]
    record = store.load_client("KB-1057")
    store.put_record(record.model_copy(update={"goals": []}))
    store.create_client(new_client("NEW-1"))

    code, out, err = run(
        ["backup", "restore", taken.name, "--yes", "--data", str(demo)], clock, capsys
    )
    assert code == 0, err
    assert _codes(demo) == before
    assert [g.id for g in open_store(demo).load_client("KB-1057").goals] == goals_before
    [safety] = [p for p in (demo / "backups").iterdir() if "before-restore" in p.name]
    assert str(safety) in out
    rows = index_rows(safety)
    assert "NEW-1" in {r["code"] for r in rows}  # what was there is kept
    assert not (demo / RESTORING_FILE).exists()


def test_restore_asks_and_refuses_without_a_terminal(
    demo: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    taken = first_backup(demo, clock, capsys)
    open_store(demo).erase_client("KB-1057")
    before = _codes(demo)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    code, out, _ = run(["backup", "restore", taken.name, "--data", str(demo)], clock, capsys)
    assert code == 1 and "Nothing was restored" in out and _codes(demo) == before
    monkeypatch.setattr("builtins.input", lambda prompt: "restore")
    code, out, _ = run(["backup", "restore", taken.name, "--data", str(demo)], clock, capsys)
    assert code == 0 and "Restored" in out
    assert "KB-1057" not in _codes(demo)  # the erasure reached the backup: never brought back
    result = subprocess.run(
        [sys.executable, "-m", "fama", "backup", "restore", taken.name, "--data", str(demo)],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "add --yes" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["backup", "restore", "no-such-backup", "--yes"],
        ["backup", "restore", "../../etc", "--yes"],
        ["backup", "restore", "", "--yes"],
    ],
)
def test_bad_names_are_one_sentence_and_change_nothing(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    run(["backup", "--data", str(demo)], clock, capsys)
    export = open_store(demo).export()
    code, _, err = run([*args, "--data", str(demo)], clock, capsys)
    assert code == 2 and err.count("\n") == 1 and "fama backup --list" in err
    after = open_store(demo).export()
    assert {k: v for k, v in after.items() if k != "exported_at"} == {
        k: v for k, v in export.items() if k != "exported_at"
    }
    assert len(list((demo / "backups").iterdir())) == 1


@pytest.mark.parametrize("args", [["backup"], ["backup", "--list"], ["backup", "restore", "x"]])
def test_a_path_with_no_store_is_refused_and_not_created(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    missing = tmp_path / "typo"
    code, _, err = run([*args, "--data", str(missing)], clock, capsys)
    assert code == 2 and "There is no fama store" in err and not missing.exists()


def test_restore_mends_a_store_that_refuses_to_open(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = first_backup(demo, clock, capsys)
    before = _codes(demo)
    next((demo / "clients").glob("*.json")).unlink()
    code, _, err = run(["client", "list", "--data", str(demo)], clock, capsys)
    assert code == 2 and "is missing" in err and taken.name in err
    code, _, err = run(
        ["backup", "restore", taken.name, "--yes", "--data", str(demo)], clock, capsys
    )
    assert code == 0, err
    assert _codes(demo) == before


def test_an_interrupted_restore_is_named_and_finished_by_running_it_again(
    demo: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fama.store import backups

    taken = first_backup(demo, clock, capsys)
    before = _codes(demo)
    open_store(demo).erase_client("KB-1057")
    open_store(demo).create_client(new_client("X-1"))
    real_put = backups._put_copy
    calls = 0

    def stop_half_way(source: Path, target: Path) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise KeyboardInterrupt
        real_put(source, target)

    monkeypatch.setattr(backups, "_put_copy", stop_half_way)
    code, _, err = run(
        ["backup", "restore", taken.name, "--yes", "--data", str(demo)], clock, capsys
    )
    assert code == 130
    code, _, err = run(["client", "list", "--data", str(demo)], clock, capsys)
    assert code == 2 and f"fama backup restore {taken.name}" in err and "\n" not in err.strip()
    monkeypatch.setattr(backups, "_put_copy", real_put)
    code, _, err = run(
        ["backup", "restore", taken.name, "--yes", "--data", str(demo)], clock, capsys
    )
    assert code == 0, err
    assert _codes(demo) == sorted([c for c in before if c != "KB-1057"])
