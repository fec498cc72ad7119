"""A whole service on one PostgreSQL database: thirty keyworkers at once (issue 15).

Prints figures; never asserts. Run it from the repository root, alone or from bench.py::

    .venv/bin/python scripts/bench_service.py                  # 20,000 clients, 30, 60 s
    .venv/bin/python scripts/bench_service.py --quick          # 2,000 clients, 30, 15 s
    .venv/bin/python scripts/bench_service.py --clients 200 --workers 3 --seconds 3
    .venv/bin/python scripts/bench.py --only service [--quick]

What it does
------------
1. Starts a throw-away PostgreSQL (tests/helpers/postgres.py) with its durable settings
   (fsync, full-page writes and synchronous commit on: a save is on disk when it returns),
   makes a database and runs ``fama store init`` on it.
2. As the administrator, adds the staff through the casebook, as ``fama staff add`` does:
   one login per keyworker (the first is the lead, who may rate the self-assessment; the
   database refuses a keyworker's rating) and a report login.
3. Loads the clients (scripts/bench.py's ``make_record``: 12 goals, 10 reviews, 2
   conversations, plus 2 handouts given; 27 records each) with the store's own
   ``put_records`` in batches of 500, and times it.
4. Starts one process per keyworker (scripts/bench_service_worker.py), each connected as
   its own login; once all are ready they work at once for the given seconds: open the
   caseload, open a client, answer conversation steps (follow-ups and goals), give
   handouts, cover for a colleague (handout, care-plan review on the colleague's client),
   and, for the lead, rate items. Each waits a think time of 0.2-1 s between actions: a
   real keyworker records far less often, so this is a heavy day.
5. Checks that every change a worker was told was saved is in the database ("updates
   lost"), then, with the service quiet, times one keyworker's caseload and the
   service-wide self-assessment evidence (this period and the one before, as the screen
   asks) as the report login.
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
for path in (str(ROOT), str(SCRIPTS)):
    if path not in sys.path:
        sys.path.insert(0, path)

import bench  # noqa: E402
from bench import Row  # noqa: E402
from bench_service_data import (  # noqa: E402
    DATABASE,
    RECORDS_PER_CLIENT,
    REPORT,
    SEED,
    add_staff,
    find_lost,
    init_database,
    load_clients,
    login,
    staff_id,
)
from bench_service_worker import TODAY_CLIENTS  # noqa: E402

SAVE_P95_TARGET_S = 0.025
CASELOAD_TARGET_S = 0.100
EVIDENCE_TARGET_S = 2.0
THINK_S = (0.2, 1.0)
BUSY_RUN = 0.5
"""CPU use during the run above which other work shares the machine (the run alone uses
about a fifth of two cores)."""
MAX_WORKERS = 100
"""The throw-away server takes 120 connections: one for each worker, and a few for us."""
MAX_SECONDS = 3600.0
READY_TIMEOUT_S = 600.0
"""Thirty interpreters importing fama on two busy cores take a while."""


@dataclass(frozen=True)
class Setting:
    clients: int
    workers: int
    seconds: float
    quiet_runs: int


FULL = Setting(clients=20_000, workers=30, seconds=60.0, quiet_runs=5)
QUICK = Setting(clients=2_000, workers=30, seconds=15.0, quiet_runs=3)


@dataclass
class Outcome:
    """What the benchmark found: rows for the table, notes beneath it, and the lost count."""

    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    acknowledged: int = 0


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# The keyworkers -------------------------------------------------------------------------


@dataclass
class Worker:
    """One keyworker's process, and what it has printed so far."""

    index: int
    proc: subprocess.Popen[bytes]
    out: Path
    err: Path
    said: bytes = b""

    def failure(self, what: str) -> RuntimeError:
        detail = self.err.read_text(errors="replace").strip()[-1500:]
        return RuntimeError(f"keyworker {staff_id(self.index)} {what}: {detail or 'no output'}")


def wait_for(workers: list[Worker], word: str, deadline: float) -> None:
    """Wait until every worker has printed ``word`` on a line of its own (read unbuffered,
    so a line is never left waiting in a buffer the selector cannot see)."""
    selector = selectors.DefaultSelector()
    line = word.encode() + b"\n"
    waiting = [w for w in workers if line not in w.said]
    for worker in waiting:
        assert worker.proc.stdout is not None
        selector.register(worker.proc.stdout, selectors.EVENT_READ, worker)
    try:
        while waiting:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RuntimeError(f"{len(waiting)} keyworkers did not say {word!r} in time")
            for key, _ in selector.select(timeout=remaining):
                worker: Worker = key.data
                chunk = os.read(key.fd, 4096)
                if not chunk:
                    raise worker.failure(f"stopped before saying {word!r}")
                worker.said += chunk
                if line in worker.said:
                    waiting.remove(worker)
                    selector.unregister(key.fileobj)
    finally:
        selector.close()


def start_workers(folder: Path, server: Any, setting: Setting, env: dict[str, str]) -> list[Worker]:
    script = SCRIPTS / "bench_service_worker.py"
    workers = []
    for index in range(setting.workers):
        job = {
            "url": server.url(DATABASE, user=login(index)),
            "worker": index,
            "workers": setting.workers,
            "clients": setting.clients,
            "staff_id": staff_id(index),
            "lead": index == 0,
            "seconds": setting.seconds,
            "seed": SEED + index,
            "think": THINK_S,
            "out": str(folder / f"worker-{index}.json"),
        }
        job_file = folder / f"job-{index}.json"
        job_file.write_text(json.dumps(job), encoding="utf-8")
        err = folder / f"worker-{index}.err"
        with err.open("w", encoding="utf-8") as err_file:
            proc = subprocess.Popen(
                [sys.executable, str(script), str(job_file)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err_file,
                bufsize=0,
                env=env,
                cwd=folder,
            )
        workers.append(Worker(index, proc, Path(job["out"]), err))
    return workers


def run_workers(folder: Path, server: Any, setting: Setting, env: dict[str, str]) -> Any:
    """Start the keyworkers, let them work at once, and gather what they logged; also the
    machine's CPU use during the run (from /proc/stat, when there is one)."""
    progress(f"service: starting {setting.workers} keyworkers...")
    workers = start_workers(folder, server, setting, env)
    try:
        wait_for(workers, "ready", time.monotonic() + READY_TIMEOUT_S)
        cpu_before, children_before = cpu_ticks(), os.times()
        progress(f"service: {setting.workers} keyworkers working for {setting.seconds:.0f} s...")
        for worker in workers:
            assert worker.proc.stdin is not None
            worker.proc.stdin.write(b"go\n")
        wait_for(workers, "done", time.monotonic() + setting.seconds + READY_TIMEOUT_S)
        for worker in workers:
            if worker.proc.wait(timeout=60) != 0:
                raise worker.failure("failed")
        cpu_after, children_after = cpu_ticks(), os.times()
    finally:
        for worker in workers:
            if worker.proc.poll() is None:
                worker.proc.kill()
                worker.proc.wait()
    logs = [json.loads(w.out.read_text(encoding="utf-8")) for w in workers]
    worker_cpu = (children_after.children_user - children_before.children_user) + (
        children_after.children_system - children_before.children_system
    )
    busy = None
    if cpu_before and cpu_after:
        total = sum(cpu_after) - sum(cpu_before)
        idle = (cpu_after[3] + cpu_after[4]) - (cpu_before[3] + cpu_before[4])
        busy = 1 - idle / total if total else None
    return logs, {"busy": busy, "worker_cpu": worker_cpu}


def cpu_ticks() -> list[int] | None:
    """The machine's CPU time counters (user, nice, system, idle, iowait, ...)."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            return [int(n) for n in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None


# Checking and timing --------------------------------------------------------------------


def time_runs(call: Callable[[], object], runs: int) -> tuple[float, ...]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return tuple(samples)


def quiet_figures(server: Any, setting: Setting) -> list[Row]:
    """One keyworker's caseload and the service-wide evidence, with the service quiet."""
    from fama.casebook.service import Casebook
    from fama.clock import SystemClock
    from fama.store.postgres.store import PostgresStore

    worker = 1 if setting.workers > 1 else 0
    store = PostgresStore.open(server.url(DATABASE, user=login(worker)))
    try:
        book = Casebook(store, SystemClock())
        size = len(book.clients.caseload(keyworker=staff_id(worker)).entries)
        caseload = time_runs(
            lambda: book.clients.caseload(keyworker=staff_id(worker)), 2 * setting.quiet_runs
        )
    finally:
        store.close()
    store = PostgresStore.open(server.url(DATABASE, user=REPORT[1]))
    try:
        book = Casebook(store, SystemClock())
        period = book.assessment.default_period()

        def evidence() -> None:  # as the self-assessment screen asks for it
            book.assessment.evidence_and_before(period)

        evidence()  # imports and the first connection are not the figure
        evidence_s = time_runs(evidence, setting.quiet_runs)
        one_period = time_runs(lambda: book.assessment.evidence(period), setting.quiet_runs)
    finally:
        store.close()
    evidence_name = "service: self-assessment evidence, service-wide (report login"
    return [
        Row(
            f"service: one keyworker's caseload, quiet ({size} clients)",
            caseload,
            CASELOAD_TARGET_S,
        ),
        Row(f"{evidence_name}, 2 periods as the screen)", evidence_s, EVIDENCE_TARGET_S),
        Row(f"{evidence_name}, 1 period)", one_period, EVIDENCE_TARGET_S),
    ]


# The whole benchmark --------------------------------------------------------------------


def run(folder: Path, setting: Setting, env: dict[str, str]) -> Outcome:
    """Everything above, on a server of its own; raises ``NoPostgres`` when there is none."""
    import psycopg

    from tests.helpers.postgres import temp_server

    outcome = Outcome()
    load_before = os.getloadavg()[0]  # before this benchmark adds any load of its own
    progress("service: starting a durable throw-away PostgreSQL...")
    with temp_server(durable=True) as server:
        with psycopg.connect(server.url(), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {DATABASE}")
        admin_url = server.url(DATABASE)
        init_database(admin_url, env)
        add_staff(admin_url, setting.workers)
        loaded = load_clients(admin_url, setting.clients, setting.workers, progress)
        outcome.rows.append(
            Row(
                f"service: load {setting.clients:,} clients x {RECORDS_PER_CLIENT} records",
                (loaded,),
            )
        )
        logs, machine = run_workers(folder, server, setting, env)
        machine["load_before"] = load_before
        progress("service: checking every acknowledged change is in the database...")
        outcome.acknowledged, outcome.lost = find_lost(admin_url, logs)
        progress("service: timing the caseload and the evidence with the service quiet...")
        quiet = quiet_figures(server, setting)
    add_figures(outcome, logs, setting, quiet, machine)
    return outcome


def add_figures(
    outcome: Outcome,
    logs: list[dict[str, Any]],
    setting: Setting,
    quiet: list[Row],
    machine: dict[str, Any],
) -> None:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    for log in logs:
        for op, samples in log["latencies"].items():
            latencies[op].extend(samples)
        for op, count in log["errors"].items():
            errors[op] += count
    saves = tuple(s for op, samples in latencies.items() if op.startswith("save") for s in samples)
    who = f"{setting.workers} keyworkers, {setting.seconds:.0f} s"
    if saves:
        outcome.rows += [
            Row(f"service: save ({len(saves):,} saves, {who})", saves),
            Row(f"service: save ({who})", saves, SAVE_P95_TARGET_S, percentile=95),
        ]
    if latencies["caseload"]:
        outcome.rows.append(
            Row(
                f"service: one keyworker's caseload, under load ({who})",
                tuple(latencies["caseload"]),
                CASELOAD_TARGET_S,
            )
        )
    if latencies["open client"]:
        outcome.rows.append(
            Row(f"service: open a client, under load ({who})", tuple(latencies["open client"]))
        )
    outcome.rows += quiet
    lost = len(outcome.lost)
    outcome.notes.append(
        f"service: updates lost: {lost} of {outcome.acknowledged:,} acknowledged changes "
        f"(target 0): {'meets target' if lost == 0 else 'misses target'}"
    )
    outcome.notes += [f"service: lost {what}" for what in outcome.lost[:10]]
    kinds = sorted(op for op in latencies if op.startswith("save"))
    outcome.notes.append(
        "service: saves by kind (n, median, p95): "
        + "; ".join(
            f"{op.removeprefix('save ')} {len(latencies[op])}, "
            f"{bench.fmt_seconds(Row(op, tuple(latencies[op])).value)}, "
            f"{bench.fmt_seconds(Row(op, tuple(latencies[op]), percentile=95).value)}"
            for op in kinds
        )
    )
    actions = sum(len(samples) for samples in latencies.values())
    outcome.notes.append(
        f"service: {actions:,} actions in {setting.seconds:.0f} s "
        f"({actions / setting.seconds:.0f}/s, {len(saves) / setting.seconds:.0f} saves/s); "
        f"think time {THINK_S[0]}-{THINK_S[1]} s between actions"
    )
    if any(errors.values()):
        samples = [s for log in logs for s in log["error_samples"]][:3]
        outcome.notes.append(f"service: actions that failed: {dict(errors)}; e.g. {samples}")
    busy, load = machine["busy"], machine["load_before"]
    cpus = os.cpu_count() or 1
    loaded = load > cpus or (busy is not None and busy > BUSY_RUN)
    outcome.notes.append(
        f"service: machine: load average {load:.1f} on {cpus} CPUs before the benchmark began"
        + (f"; CPU {busy:.0%} busy over all cores during the run" if busy is not None else "")
        + f", of which the keyworker processes {machine['worker_cpu']:.0f} CPU s "
        "(the rest: PostgreSQL and whatever else runs here); durable server "
        "(fsync, synchronous_commit on)"
        + (": other work was running, so these figures are loaded" if loaded else "")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="2,000 clients, 15 s")
    parser.add_argument("--clients", type=int, help="how many clients to load")
    parser.add_argument("--workers", type=int, help="how many keyworkers at once (1-100)")
    parser.add_argument("--seconds", type=float, help="how long they work")
    args = parser.parse_args(argv)
    base = QUICK if args.quick else FULL
    setting = Setting(
        clients=base.clients if args.clients is None else args.clients,
        workers=base.workers if args.workers is None else args.workers,
        seconds=base.seconds if args.seconds is None else args.seconds,
        quiet_runs=base.quiet_runs,
    )
    if not (
        1 <= setting.workers <= MAX_WORKERS
        and setting.clients >= setting.workers * TODAY_CLIENTS
        and 0 < setting.seconds <= MAX_SECONDS
    ):
        print(
            f"Give 1 to {MAX_WORKERS} workers, at least {TODAY_CLIENTS} clients for each, "
            f"and more than 0 and at most {MAX_SECONDS:.0f} seconds.",
            file=sys.stderr,
        )
        return 2
    from tests.helpers.postgres import NoPostgres

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fama-bench-service-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        try:
            outcome = run(Path(tmp), setting, bench.child_env(home))
        except NoPostgres as exc:
            print(f"service: skipped: {exc}")
            return 0
        except RuntimeError as exc:  # a keyworker process or `fama store init` failed
            print(f"service: failed: {exc}", file=sys.stderr)
            return 1
    print()
    print(
        f"fama service benchmark: {setting.clients:,} clients, {setting.workers} keyworkers, "
        f"{setting.seconds:.0f} s; {os.cpu_count()} CPUs"
    )
    print()
    bench.print_table(outcome.rows)
    print()
    for note in outcome.notes:
        print(f"* {note}")
    print(f"* total time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
