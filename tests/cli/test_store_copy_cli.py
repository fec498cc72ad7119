"""``fama store copy`` as a person runs it: the summary, the exit codes, one sentence for
each refusal (never a traceback), the list of clashes, and targets left as they were."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from fama.cli.files import EXIT_USAGE
from fama.clock import FixedClock
from fama.store.digest import document_digest
from tests.helpers.cli import make_store, run, snapshot


def add_client(store: Path | str, code: str, clock: FixedClock) -> None:
    args = ["client", "add", code, "--keyworker", "JB", "--postcode", "DE1"]
    assert run_quietly([*args, "--store", str(store)], clock) == 0


def run_quietly(args: list[str], clock: FixedClock) -> int:
    from fama.cli.main import main

    return main(args, clock=clock)


def one_sentence(err: str) -> None:
    assert err.startswith("fama: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_a_folder_is_copied_to_a_database_and_back_with_a_summary(
    demo: Path,
    pg_url: str,
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["store", "copy", "--from", str(demo), "--to", pg_url], clock, capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith(f"Copied {demo} into the database fama_test_")
    assert lines[1].startswith("Added 12 clients (") and "69 meetings, 3 staff members" in lines[1]
    assert "whole exports: sha256 " in lines[2] and lines[2].endswith(" s).")
    digest = lines[2].split("sha256 ")[1].split()[0]

    back = tmp_path / "back"
    code, out, _ = run(["store", "copy", "--from", pg_url, "--to", str(back)], clock, capsys)
    assert code == 0 and digest in out
    code, exported, _ = run(["export", "--store", str(demo)], clock, capsys)
    assert document_digest(json.loads(exported)) == digest, "the digest is that of fama export"
    code, exported, _ = run(["export", "--store", str(back)], clock, capsys)
    assert document_digest(json.loads(exported)) == digest


def test_a_target_holding_records_is_refused_and_left_as_it_was(
    demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    target = make_store(tmp_path / "mine", clock)
    add_client(target, "KB-1", clock)
    capsys.readouterr()
    before = snapshot(target)
    for extra in ([], ["--merge"]):
        code, out, err = run(
            ["store", "copy", "--from", str(demo), "--to", str(target), *extra], clock, capsys
        )
        assert code == EXIT_USAGE and out == ""
        one_sentence(err)
        assert "already holds a fama store with records" in err
    assert snapshot(target) == before


def test_a_database_holding_records_needs_merge(
    demo: Path, pg_url: str, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    add_client(pg_url, "KB-1", clock)
    capsys.readouterr()
    code, out, err = run(["store", "copy", "--from", str(demo), "--to", pg_url], clock, capsys)
    assert code == EXIT_USAGE and out == ""
    one_sentence(err)
    assert "add --merge" in err
    code, out, err = run(
        ["store", "copy", "--from", str(demo), "--to", pg_url, "--merge"], clock, capsys
    )
    assert code == 0, err
    assert "Merged" in out and "Added 12 clients" in out and "what was added" in out


def test_clashes_are_listed_and_nothing_is_copied(
    tmp_path: Path, pg_url: str, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    kim, sam = make_store(tmp_path / "kim", clock), make_store(tmp_path / "sam", clock)
    add_client(kim, "KB-1", clock)
    add_client(sam, "KB-1", clock)
    add_client(sam, "KB-2", clock)
    capsys.readouterr()
    args = ["store", "copy", "--from", str(kim), "--from", str(sam), "--to", pg_url, "--merge"]
    code, out, err = run(args, clock, capsys)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "fama: Held twice: 1 client code; nothing was copied, as fama does not guess which to "
        "keep (each is listed below).",
        f"  client KB-1 is in {kim} and {sam}",
    ]
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM clients").fetchone() == (0,)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "{tmp}/nothere", "--to", "{tmp}/copy"], "There is no fama store at"),
        (["--from", "{demo}", "--to", "{demo}"], "both a source and the target"),
        (["--from", "{demo}", "--from", "{demo}", "--to", "{tmp}/t"], "add --merge"),
        (["--from", "{demo}", "--to", "{tmp}/file"], "is a file"),
        (["--from", "{demo}", "--to", "{tmp}/other"], "other files"),
        (["--from", "{demo}", "--to", "{demo}/inside"], "inside"),
        (["--from", "", "--to", "{tmp}/copy"], "An empty name is not a store"),
        (
            ["--from", "{demo}", "--to", "postgresql://fama:s3cret-pw@/fama?host={tmp}"],
            "Cannot connect to the database fama",
        ),
    ],
)
def test_bad_input_is_one_sentence_exit_2_and_writes_nothing(
    args: list[str],
    words: str,
    demo: Path,
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "file").write_text("x")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("x")
    before = sorted(p.name for p in tmp_path.iterdir())
    demo_files = snapshot(demo)
    filled = [a.format(tmp=tmp_path, demo=demo) for a in args]
    code, out, err = run(["store", "copy", *filled], clock, capsys)
    assert code == EXIT_USAGE and out == ""
    one_sentence(err)
    assert words in err and "s3cret-pw" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert snapshot(demo) == demo_files


def test_a_database_without_fama_tables_is_refused(
    demo: Path, pg_url: str, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP TABLE fama_schema")
    code, out, err = run(["store", "copy", "--from", str(demo), "--to", pg_url], clock, capsys)
    assert code == EXIT_USAGE and out == ""
    one_sentence(err)
    assert "fama store init" in err


def test_an_unreachable_database_is_one_line_from_a_real_process(tmp_path: Path) -> None:
    """Run as a person does (no test harness catching the connection pool's log): the
    reason comes once, with nothing printed before it."""
    import subprocess
    import sys

    from fama.store import open_store

    open_store(tmp_path / "source")
    url = f"postgresql://fama:s3cret-pw@/fama?host={tmp_path}"
    for args in (
        ["client", "list", "--store", url],
        ["store", "copy", "--from", str(tmp_path / "source"), "--to", url],
        ["store", "copy", "--from", url, "--to", str(tmp_path / "copy")],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "fama", *args], capture_output=True, text=True, timeout=60
        )
        assert done.returncode != 0 and done.stdout == ""
        one_sentence(done.stderr)
        assert "Cannot connect" in done.stderr and "s3cret-pw" not in done.stderr
