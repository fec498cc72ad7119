"""The fama command as an admin scripts it: clear output, one-sentence errors, data unchanged."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from fama.cli.main import main
from fama.clock import FixedClock
from fama.store import open_store
from tests.helpers.cli import run


@pytest.fixture
def demo(tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "demo"
    assert main(["demo", "--no-launch", "--data", str(path)], clock=clock) == 0
    assert "Wrote a demo store with 12 clients and 69 meetings" in capsys.readouterr().out
    return path


def test_version_and_help_from_the_installed_command() -> None:
    version = subprocess.run(
        [sys.executable, "-m", "fama", "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.strip() == "fama 0.1.0"
    helped = subprocess.run(
        [sys.executable, "-m", "fama", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("demo", "client", "export", "--data"):
        assert command in helped.stdout


def test_client_list_json_is_ordered_overdue_first(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["client", "list", "--json", "--data", str(demo)], clock, capsys)
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 12
    assert set(rows[0]) == {"code", "keyworker", "stage", "declined_on", "revisit_on", "next_due"}
    overdue = [r["next_due"] is not None and r["next_due"]["overdue"] for r in rows]
    assert overdue == sorted(overdue, reverse=True), "overdue clients must come first"
    assert rows[0]["next_due"]["overdue"] is True


def test_data_may_come_before_the_command_or_from_the_environment(
    demo: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, _ = run(["--data", str(demo), "client", "list"], clock, capsys)
    assert code == 0 and "KB-1042" in out
    monkeypatch.setenv("FAMA_DATA", str(demo))
    code, out, _ = run(["client", "list"], clock, capsys)
    assert code == 0 and "KB-1042" in out


def test_default_store_is_in_the_user_data_folder(
    clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    data_home = Path(os.environ["XDG_DATA_HOME"])
    code, out, _ = run(["store", "init"], clock, capsys)
    assert code == 0 and str(data_home / "fama" / "store") in out
    code, out, _ = run(["client", "list"], clock, capsys)
    assert code == 0 and "No clients" in out
    assert (data_home / "fama" / "store" / "fama.json").exists()


def test_client_export_is_the_whole_record(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["client", "export", "kb-1042", "--data", str(demo)], clock, capsys)
    assert code == 0
    record = json.loads(out)
    assert record["client"]["code"] == "KB-1042"
    assert record["record_count"] == 1 + len(record["goals"]) + len(record["reviews"]) + len(
        record["conversations"]
    )
    assert record["goals"] and record["reviews"]


def test_erase_with_yes_removes_every_record(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = open_store(demo).load_client("KB-1042").record_count
    code, out, _ = run(["client", "erase", "KB-1042", "--yes", "--data", str(demo)], clock, capsys)
    assert code == 0
    assert out.strip() == f"Erased client KB-1042: {expected} records deleted."
    assert not open_store(demo).has_client("KB-1042")
    assert "KB-1042" not in json.dumps(open_store(demo).export())


def test_erase_asks_for_the_code_before_deleting(
    demo: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "KB-9999")
    code, out, _ = run(["client", "erase", "KB-1042", "--data", str(demo)], clock, capsys)
    assert code == 1 and "Nothing was erased" in out
    assert open_store(demo).has_client("KB-1042")
    monkeypatch.setattr("builtins.input", lambda prompt: "kb-1042")
    code, out, _ = run(["client", "erase", "KB-1042", "--data", str(demo)], clock, capsys)
    assert code == 0 and not open_store(demo).has_client("KB-1042")


def test_erase_without_a_terminal_needs_yes(demo: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fama", "client", "erase", "KB-1042", "--data", str(demo)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "fama: Erasing needs a confirmation; run it in a terminal or add --yes."
    )
    assert open_store(demo).has_client("KB-1042")


def test_unknown_client_is_one_sentence(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["client", "export", "ZZ-1", "--data", str(demo)], clock, capsys)
    assert code == 1 and out == ""
    assert err == "fama: There is no client with the code ZZ-1.\n"


def test_export_to_a_file_is_private_and_complete(
    demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "backup.json"
    code, out, _ = run(["export", "-o", str(target), "--data", str(demo)], clock, capsys)
    assert code == 0 and "Exported 12 clients" in out
    data = json.loads(target.read_text())
    assert len(data["clients"]) == 12 and len(data["meetings"]) == 69 and len(data["staff"]) == 3
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_to_a_missing_folder_fails_cleanly(
    demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["export", "-o", str(tmp_path / "no" / "x.json"), "--data", str(demo)], clock, capsys
    )
    assert code == 2 and "does not exist" in err and "Traceback" not in err


def test_a_corrupt_store_exits_2_with_one_sentence(demo: Path) -> None:
    index = demo / "fama.json"
    index.write_text("{ this is not json")
    result = subprocess.run(
        [sys.executable, "-m", "fama", "client", "list", "--data", str(demo)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(index) in result.stderr
    assert "left untouched and there is no backup of this store yet" in result.stderr
    assert index.read_text() == "{ this is not json"


def test_demo_refuses_to_overwrite_a_real_store(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real"
    code, _, _ = run(["store", "init", "--data", str(real)], clock, capsys)
    assert code == 0
    code, _, err = run(["demo", "--no-launch", "--data", str(real)], clock, capsys)
    assert code == 1 and "not a demo store" in err
    assert (real / "fama.json").exists()


def test_demo_rewrites_a_demo_store_fresh(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    open_store(demo).erase_client("KB-1042")
    code, _, _ = run(["demo", "--no-launch", "--data", str(demo)], clock, capsys)
    assert code == 0 and open_store(demo).has_client("KB-1042")


# --------------------------------------------------------------------------- files written


def printed_for(demo: Path, clock: FixedClock, folder: Path, *handout_ids: str) -> list[Path]:
    """Handout pages printed for KB-1042 into ``folder``, as the Handouts screen's P does."""
    from fama.casebook.service import Casebook
    from fama.handouts.library import load_library

    book = Casebook(open_store(demo), clock)
    library = load_library()
    return [book.handouts.save_page(library.get(h), folder, "KB-1042") for h in handout_ids]


def test_the_subject_access_export_lists_files_written(
    demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    [page] = printed_for(demo, clock, tmp_path / "printed", "its-free")
    code, out, _ = run(["client", "export", "KB-1042", "--data", str(demo)], clock, capsys)
    assert code == 0
    record = json.loads(out)
    assert record["files"] == [
        {
            "name": "its-free.html",
            "folder": str(page.parent),
            "what": "Handout: How much does it cost?",
            "written_on": "2026-11-24",
            "written_by": record["client"]["keyworker"],
        }
    ]
    assert record["record_count"] == 1 + sum(
        len(record[k]) for k in ("goals", "reviews", "conversations", "handouts", "files")
    )


def test_erase_deletes_files_written_and_names_those_moved(
    demo: Path,
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kept, moved = printed_for(demo, clock, tmp_path / "printed", "its-free", "no-labels")
    moved.rename(tmp_path / "no-labels (moved).html")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    code, out, _ = run(["client", "erase", "KB-1042", "--data", str(demo)], clock, capsys)
    assert code == 1 and "and the 2 files fama wrote about them" in out
    assert kept.exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "KB-1042")
    expected = open_store(demo).load_client("KB-1042").record_count
    code, out, _ = run(["client", "erase", "KB-1042", "--data", str(demo)], clock, capsys)
    assert code == 0
    assert out.splitlines()[-4:] == [
        f"Erased client KB-1042: {expected} records deleted.",
        f"Deleted {kept}",
        f"Not found, may have been moved: {moved}",
        "Find and delete those files by hand: they are about this client.",
    ]
    assert not kept.exists() and (tmp_path / "no-labels (moved).html").exists()
    assert not open_store(demo).has_client("KB-1042")


def test_export_round_trips_with_files_written(
    demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    from fama.models import ClientRecord

    printed_for(demo, clock, tmp_path / "printed", "its-free", "god-and-religion")
    target = tmp_path / "export.json"
    code, _, _ = run(["export", "-o", str(target), "--data", str(demo)], clock, capsys)
    assert code == 0
    store = open_store(demo)
    clients = json.loads(target.read_text())["clients"]
    for entry in clients:
        record = ClientRecord.model_validate(entry)
        assert record == store.load_client(record.client.code)
    assert sum(len(c["files"]) for c in clients) == 2
