"""Durability figures: kills during saves and erasures, concurrent writers, hostile input.

Run from the repository root (it uses the test suite's child processes)::

    .venv/bin/python scripts/durability.py            # about five minutes
    .venv/bin/python scripts/durability.py --quick    # about a minute

It prints how many processes it killed and how many acknowledged saves were lost, how many
concurrent runs it made and how many acknowledged changes were lost, and how many hostile
inputs it gave the CLI and how many tracebacks came back. The tests assert the same rules on
fewer runs; this gathers the figures for a closing note, and asserts nothing. Everything is
written in one temporary folder; the user's store is never opened.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fama.clock import FixedClock  # noqa: E402
from fama.store import open_store  # noqa: E402
from tests.helpers.service_writes import (  # noqa: E402
    NOW,
    Acknowledged,
    check_nothing_lost,
    prepare_service_store,
)


def child(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def saved_lines(out: str) -> list[str]:
    return [line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("saved ")]


def kill_saves(work: Path, runs: int, env: dict[str, str]) -> tuple[int, int, int]:
    """Kill a goal writer mid-save ``runs`` times: (kills, saves acknowledged, saves lost)."""
    rng = random.Random(13)
    store_path = work / "kills"
    promised: set[str] = set()
    lost = 0
    for run in range(runs):
        writer = child(
            "tests.helpers.store_writer", str(store_path), "goals", f"R{run}", "99999", env=env
        )
        assert writer.stdout is not None
        first = writer.stdout.readline()
        time.sleep(rng.uniform(0.02, 0.4))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        promised |= set(saved_lines(first + out))
        kept = {g.id for g in open_store(store_path).load_client("CRASH-1").goals}
        lost = len(promised - kept)
    return runs, len(promised), lost


def kill_erasures(work: Path, env: dict[str, str]) -> tuple[int, int]:
    """Kill an erasure at each of its syncs, then finish it: (kills, erasures left unfinished)."""
    from tests.store.test_erasure import GONE, make_store

    template, pages, _ = make_store(work / "erase-template", FixedClock(NOW))
    page_bytes = [p.read_bytes() for p in pages]
    counted = work / "erase-counted"
    shutil.copytree(template, counted)
    whole = subprocess.run(
        [sys.executable, "-m", "tests.helpers.erase_killer", str(counted), GONE, "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    syncs = int(whole.stdout.split()[1])
    unfinished = 0
    for kill_at in range(1, syncs + 1):
        store_path = work / f"erase-{kill_at}"
        shutil.copytree(template, store_path)
        for page, data in zip(pages, page_bytes, strict=True):
            page.write_bytes(data)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.helpers.erase_killer",
                str(store_path),
                GONE,
                str(kill_at),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        store = open_store(store_path)
        if store.has_client(GONE):
            store.erase_client(GONE)
        left = [p for p in store_path.rglob("*") if p.is_file() and GONE.encode() in p.read_bytes()]
        unfinished += bool(left or any(p.exists() for p in pages))
        shutil.rmtree(store_path)
    return syncs, unfinished


def concurrent_runs(
    work: Path, runs: int, rounds: int, env: dict[str, str]
) -> tuple[int, int, int]:
    """``runs`` runs each of 2 and 3 writers on every write method: (runs, changes, lost)."""
    changes = lost = 0
    for run in range(runs):
        for writers in (2, 3):
            store = work / f"concurrent-{run}-{writers}"
            tags = ["A", "B", "C"][:writers]
            prepare_service_store(store, tags)
            children = [
                child(
                    "tests.helpers.store_writer",
                    str(store),
                    "service",
                    tag,
                    str(rounds),
                    ",".join(t for t in tags if t != tag),
                    env=env,
                )
                for tag in tags
            ]
            acknowledged = Acknowledged()
            for writer in children:
                out, err = writer.communicate(timeout=600)
                if writer.returncode != 0:
                    raise SystemExit(f"a writer failed:\n{err[-2000:]}")
                acknowledged.read(out)
            changes += sum(len(names) for names in acknowledged.saved.values())
            lost += len(check_nothing_lost(store, acknowledged, tags))
    return runs * 2, changes, lost


def hostile_inputs(work: Path, env: dict[str, str]) -> tuple[int, int, int]:
    """Feed the CLI hostile files and options: (inputs tried, refused with exit 2, tracebacks)."""
    store = work / "hostile-store"
    subprocess.run(
        [sys.executable, "-m", "fama", "--data", str(store), "store", "init"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
    )
    files: dict[str, Callable[[Path], object]] = {
        "deep.json": lambda p: p.write_text("[" * 100_000 + "]" * 100_000),
        "nan.json": lambda p: p.write_text('{"meetings": [{"latitude": NaN}]}'),
        "huge-int.json": lambda p: p.write_text("[" + "9" * 50_000 + "]"),
        "escapes.json": lambda p: p.write_text('[{"name": "\\u001b]0;owned\\u0007 \\u202e"}]'),
        "binary.json": lambda p: p.write_bytes(os.urandom(4096)),
        "big.json": lambda p: p.write_bytes(b" " * (60 * 1024 * 1024)),
        "empty.csv": lambda p: p.write_text(""),
        "fifo.json": lambda p: os.mkfifo(p),
    }
    commands: list[list[str]] = []
    for name, make in files.items():
        path = work / name
        make(path)
        commands.append(["meetings", "import", str(path), "--organisation", "AA"])
        commands.append(["locations", "import", str(path)])
    commands += [
        ["meetings", "import", "/dev/zero", "--organisation", "AA"],
        ["meetings", "import", str(work), "--organisation", "AA"],
        ["match", "--postcode", "DE1", "--within-miles", "nan"],
        ["match", "--postcode", "DE1", "--within-miles", "1e309"],
        ["match", "--postcode", "DE1", "--within-miles", "-5"],
        ["match", "--postcode", "\x1b[31mDE1"],
        ["match", "--postcode", "DE1", "--limit", "9" * 400],
        ["client", "summary", "NOPE\x07"],
        ["client", "add", "X\u202eY", "--keyworker", "KW", "--postcode", "DE1"],
        ["client", "export", "NOPE", "-o", str(store / "fama.json")],
        ["export", "-o", "/dev/full"],
    ]
    before = sorted((p.name, p.stat().st_size) for p in store.rglob("*") if p.is_file())
    tracebacks = refused = 0
    for command in commands:
        done = subprocess.run(
            [sys.executable, "-m", "fama", "--data", str(store), *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        tracebacks += "Traceback" in done.stderr
        refused += done.returncode != 0
        if done.returncode == 0:
            print(f"  accepted: fama {' '.join(command)!a}")
    after = sorted((p.name, p.stat().st_size) for p in store.rglob("*") if p.is_file())
    if before != after:
        print("  note: the store changed during the hostile inputs")
    return len(commands), refused, tracebacks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (about a minute)")
    quick = parser.parse_args().quick
    with tempfile.TemporaryDirectory(prefix="fama-durability-") as tmp:
        work = Path(tmp)
        home = work / "home"
        home.mkdir()
        env = {
            **os.environ,
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "share"),
            "FAMA_DATA": str(work / "unused"),
            "PYTHONPATH": str(ROOT),
        }
        os.environ.update({"HOME": env["HOME"], "FAMA_DATA": env["FAMA_DATA"]})
        started = time.perf_counter()
        kills, acked, lost = kill_saves(work, 20 if quick else 100, env)
        print(f"saves killed:    {kills} SIGKILLs, {acked} saves acknowledged, {lost} lost")
        syncs, unfinished = kill_erasures(work, env)
        print(f"erasures killed: {syncs} SIGKILLs (one at each sync), {unfinished} left unfinished")
        runs, changes, lost = concurrent_runs(work, 1 if quick else 5, 4 if quick else 6, env)
        print(
            f"concurrent runs: {runs} (2 and 3 writers), "
            f"{changes} changes acknowledged, {lost} lost"
        )
        tried, refused, tracebacks = hostile_inputs(work, env)
        print(f"hostile inputs:  {tried} tried, {refused} refused, {tracebacks} tracebacks")
        print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
