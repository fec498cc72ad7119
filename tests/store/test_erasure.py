"""Erasure always finishes: killed at any sync, running it again (or opening the store)
finishes it, in the store, in every backup and in the files written outside the store; in
an encrypted store too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from fama.casebook.service import Casebook
from fama.cli.main import main
from fama.clock import FixedClock
from fama.handouts.library import load_library
from fama.models import Client, Goal
from fama.store import ClientNotFound, Store, open_store
from fama.store.erasure import JOURNAL_FILE
from tests.helpers.folder_index import index_rows
from tests.helpers.sealed import ENV, passphrase_file, seal

REPO = Path(__file__).resolve().parents[2]
GONE = "ERASE-ME"
KEPT = ("STAY-1", "STAY-2")


def _client(code: str) -> Client:
    return Client(
        code=code, keyworker="JB", postcode_district="DE1", episode_start=date(2026, 9, 1)
    )


def _goal(code: str, n: int) -> Goal:
    return Goal(client_code=code, wording=f"Goal {n} of {code}", target_date=date(2026, 12, 1))


def make_store(root: Path, clock: FixedClock, sealed: bool = False) -> tuple[Path, list[Path], int]:
    """A store with the client to erase (goals, two printed handouts) and two others, and
    two backups holding them all, encrypted if ``sealed``; returns the store, the printed
    pages and the record count."""
    store_path = root / "store"
    book = Casebook(open_store(store_path), clock)
    for code in (GONE, *KEPT):
        book.store.create_client(_client(code))
        book.store.save_goal(_goal(code, 1))
    book.store.backup("first")
    book.store.save_goal(_goal(GONE, 2))
    library = load_library()
    pages = [
        book.handouts.save_page(library.get(h), root / "printed", GONE)
        for h in ("its-free", "no-labels")
    ]
    book.store.backup("second")
    if sealed:
        seal(book.store)
    return store_path, pages, book.clients.record(GONE).record_count


def assert_erased(store_path: Path, pages: list[Path]) -> None:
    """No trace of the client anywhere in the store; the others whole; nothing left over."""
    for path in store_path.rglob("*"):
        if path.is_file():
            assert GONE.encode() not in path.read_bytes(), path
    assert not any(p.exists() for p in pages)
    assert not (store_path / JOURNAL_FILE).exists()
    assert not [p for p in store_path.rglob("*.tmp")]
    store = open_store(store_path)
    assert sorted(s.code for s in store.client_summaries()) == list(KEPT)
    for code in KEPT:
        assert [g.wording for g in store.load_client(code).goals] == [f"Goal 1 of {code}"]
    for backup in (store_path / "backups").iterdir():
        rows = index_rows(backup)
        assert sorted(r["code"] for r in rows) == list(KEPT)
        assert len(list((backup / "clients").glob("*.json"))) == len(KEPT)


@pytest.mark.parametrize("sealed", [False, True], ids=["clear", "encrypted"])
def test_an_erasure_reaches_store_backups_and_files(
    tmp_path: Path, clock: FixedClock, sealed: bool
) -> None:
    store_path, pages, records = make_store(tmp_path, clock, sealed)
    erasure = Casebook(open_store(store_path), clock).clients.erase(GONE)
    assert erasure.records == records and erasure.deleted == pages
    assert erasure.not_found == [] and erasure.failed == []
    assert_erased(store_path, pages)


def test_the_journal_names_the_client_by_keyed_name_only(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped after the journal is written, it holds no code; erasing again finishes."""
    from fama.store import erasure

    store_path, pages, records = make_store(tmp_path, clock)
    store = open_store(store_path)

    def stop(store: Path, key: str) -> erasure.Erased:
        raise KeyboardInterrupt

    monkeypatch.setattr(erasure, "finish", stop)
    with pytest.raises(KeyboardInterrupt):
        store.erase_client(GONE)
    journal = (store_path / JOURNAL_FILE).read_bytes()
    assert GONE.encode() not in journal and b"its-free" in journal
    monkeypatch.undo()
    assert store.erase_client(GONE).records == records
    with pytest.raises(ClientNotFound):
        store.erase_client(GONE)
    assert_erased(store_path, pages)


def _erase_in_child(store_path: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.helpers.erase_killer", str(store_path), GONE, str(kill_at)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.slow
@pytest.mark.parametrize("sealed", [False, True], ids=["clear", "encrypted"])
def test_an_erasure_killed_at_every_sync_is_finished_by_running_it_again(
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sealed: bool,
) -> None:
    template, pages, records = make_store(tmp_path / "template", clock, sealed)
    if sealed:  # each copy of the store is opened as a new one, with the passphrase
        monkeypatch.setenv(ENV, str(passphrase_file(tmp_path)))
    page_bytes = [p.read_bytes() for p in pages]
    counted = tmp_path / "counted"
    shutil.copytree(template, counted)
    whole = _erase_in_child(counted, 0)
    assert whole.returncode == 0, whole.stderr
    syncs = int(whole.stdout.split()[1])
    assert syncs >= 12, "an erasure this size syncs after each outside file, record and backup"
    for kill_at in range(1, syncs + 1):
        store_path = tmp_path / f"killed-{kill_at}"
        shutil.copytree(template, store_path)
        for page, data in zip(pages, page_bytes, strict=True):
            page.write_bytes(data)
        killed = _erase_in_child(store_path, kill_at)
        assert killed.returncode == -9, f"sync {kill_at}: {killed.stderr}"
        if kill_at % 2:
            # Opened first (by the app, say): opening finishes the erasure, unless it was
            # killed before its journal was saved (sync 1), when nothing had been deleted.
            store = open_store(store_path)
            assert store.has_client(GONE) == (kill_at == 1)
            if kill_at == 1:
                assert store.load_client(GONE).record_count == records
                assert all(p.exists() for p in pages)
                store.erase_client(GONE)
            assert_erased(store_path, pages)
        elif kill_at == syncs:
            # Killed at the sync after the journal went: the erasure had finished.
            assert_erased(store_path, pages)
        else:
            # The erase command run again: it opens the store, which finishes the erasure,
            # and reports the whole of it, as if it had never been killed.
            capsys.readouterr()
            args = ["client", "erase", GONE, "--yes", "--data", str(store_path)]
            code = main(args, clock=clock)
            out, err = capsys.readouterr()
            assert code == 0, f"sync {kill_at}: {err}"
            assert f"{records} records deleted" in out, f"sync {kill_at}: {out}"
            reported = [line for line in out.splitlines() if line.startswith(("Deleted", "Not"))]
            assert len(reported) == len(pages), f"sync {kill_at}: {out}"
            assert_erased(store_path, pages)
        assert main(["client", "erase", GONE, "--yes", "--data", str(store_path)]) == 1
        shutil.rmtree(store_path)


def erase_stopped_after_the_journal(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Start erasing GONE, failing (as a full disk would) once the journal is written."""
    from fama.store import erasure

    with monkeypatch.context() as patched:
        patched.setattr(erasure, "finish", lambda store, key: (_ for _ in ()).throw(OSError()))
        with pytest.raises(OSError):
            store.erase_client(GONE)


@pytest.mark.parametrize("sealed", [False, True], ids=["clear", "encrypted"])
def test_opening_the_store_finishes_an_unfinished_erasure(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, sealed: bool
) -> None:
    store_path, pages, _ = make_store(tmp_path, clock, sealed)
    erase_stopped_after_the_journal(open_store(store_path), monkeypatch)
    reopened = open_store(store_path)
    assert not reopened.has_client(GONE) and not any(p.exists() for p in pages)
    assert reopened.erase_client(GONE).deleted == pages  # the report of the finished one
    assert_erased(store_path, pages)


def test_a_save_made_after_an_erasure_began_is_erased_too(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process may list a new file on the record between a kill and the rerun."""
    store_path, pages, _ = make_store(tmp_path, clock)
    store = open_store(store_path)
    erase_stopped_after_the_journal(store, monkeypatch)
    book = Casebook(store, clock)
    late = book.handouts.save_page(load_library().get("god-and-religion"), tmp_path / "late", GONE)
    erased = store.erase_client(GONE)
    assert late in erased.deleted and not late.exists()
    assert_erased(store_path, [*pages, late])


def test_any_command_says_when_opening_finished_an_erasure(
    tmp_path: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A keyworker whose erase was killed, and who next lists the caseload, hears that the
    erasure was finished (without the code: only the keyed name was journalled)."""
    store_path, pages, records = make_store(tmp_path, clock)
    erase_stopped_after_the_journal(open_store(store_path), monkeypatch)
    pages[0].unlink()  # moved by hand before the erasure was finished
    capsys.readouterr()
    assert main(["client", "list", "--data", str(store_path)], clock=clock) == 0
    out, err = capsys.readouterr()
    assert err == (
        f"fama: An erasure that was interrupted has now been finished: {records} records "
        "deleted, backups included, and 1 file written for the client; not found (moved or "
        f"deleted by hand): {pages[0]}.\n"
    )
    assert GONE not in out + err
    assert main(["client", "list", "--data", str(store_path)], clock=clock) == 0
    assert capsys.readouterr().err == ""  # said once
    assert_erased(store_path, pages)


async def test_the_app_says_when_opening_finished_an_erasure(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fama.tui.app import make_app

    store_path, pages, records = make_store(tmp_path, clock)
    erase_stopped_after_the_journal(open_store(store_path), monkeypatch)
    app = make_app(Casebook(open_store(store_path), clock), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert said == [
            f"An erasure that was interrupted has now been finished: {records} records "
            "deleted, backups included, and 2 files written for the client."
        ]
    assert_erased(store_path, pages)
