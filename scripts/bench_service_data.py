"""The service benchmark's database (scripts/bench_service.py): made as a service's
administrator makes it, filled with realistic clients, and checked after the keyworkers'
run for every change they were told was saved.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import bench

DATABASE = "fama_bench"
LOAD_BATCH = 500
"""Clients written in one ``put_records`` transaction."""
HANDOUTS_PER_CLIENT = 2
RECORDS_PER_CLIENT = bench.RECORDS_PER_CLIENT + HANDOUTS_PER_CLIENT
SEED = 20261124
REPORT = ("RP", "bench_report")
"""The report reader's staff id and login."""


def staff_id(worker: int) -> str:
    """Keyworker ``worker``'s staff id (the first is the lead)."""
    return f"K{worker + 1:02d}"


def login(worker: int) -> str:
    """Keyworker ``worker``'s database login."""
    return f"bench_k{worker + 1:02d}"


def init_database(admin_url: str, env: dict[str, str]) -> None:
    """``fama store init``, the command a service's administrator runs."""
    command = [sys.executable, "-m", "fama", "store", "init", "--store", admin_url]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"fama store init failed: {done.stderr.strip()}")


def add_staff(admin_url: str, workers: int) -> None:
    """Each keyworker's login (the first a lead's) and a report login, as the staff screen
    and ``fama staff add`` make them."""
    from fama.casebook.service import Casebook
    from fama.clock import SystemClock
    from fama.staff.form import StaffForm
    from fama.store.postgres.store import PostgresStore

    store = PostgresStore.open(admin_url)
    try:
        book = Casebook(store, SystemClock(), user="admin")
        for worker in range(workers):
            access = "lead" if worker == 0 else "keyworker"
            name = f"{'Lead' if worker == 0 else 'Keyworker'} {worker + 1:02d}"
            book.staff.save(
                StaffForm(id=staff_id(worker), name=name, login=login(worker), access=access)
            )
        book.staff.save(
            StaffForm(id=REPORT[0], name="Report reader", login=REPORT[1], access="report")
        )
    finally:
        store.close()


def load_clients(
    admin_url: str, clients: int, workers: int, progress: Callable[[str], None]
) -> float:
    """Fill the database with ``clients`` clients of ``workers`` keyworkers (client ``i``
    is keyworker ``i % workers``'s), in batches; the seconds it took."""
    import random
    from datetime import UTC, datetime, timedelta

    from fama.handouts.library import load_library
    from fama.models import HandoutGiven
    from fama.store.postgres.store import PostgresStore

    keyworkers = [staff_id(w) for w in range(workers)]
    handouts = load_library().handouts
    rng = random.Random(SEED)
    today = datetime.now(UTC).date()
    store = PostgresStore.open(admin_url)
    progress(f"service: loading {clients:,} clients...")
    start = time.perf_counter()
    try:
        for first in range(0, clients, LOAD_BATCH):
            batch = []
            for index in range(first, min(first + LOAD_BATCH, clients)):
                record = bench.make_record(rng, index, today, keyworkers)
                given = [
                    HandoutGiven(
                        client_code=record.client.code,
                        handout_id=handout.id,
                        title=handout.title,
                        given_on=today - timedelta(days=rng.randint(1, 300)),
                        by=record.client.keyworker,
                    )
                    for handout in rng.sample(handouts, HANDOUTS_PER_CLIENT)
                ]
                batch.append(record.model_copy(update={"handouts": given}))
            store.put_records(batch)
            if (first // LOAD_BATCH) % 10 == 9:
                elapsed = time.perf_counter() - start
                progress(f"  {first + len(batch):,} clients in {elapsed:.0f} s")
        with store.transaction() as conn:
            conn.execute("ANALYZE clients")
    finally:
        store.close()
    return time.perf_counter() - start


def find_lost(admin_url: str, logs: list[dict[str, Any]]) -> tuple[int, list[str]]:
    """Every acknowledged change the database no longer holds: (how many checked, the lost)."""
    from bench_service_worker import SERVICE

    from fama.store.postgres.store import PostgresStore

    changes = [change for log in logs for change in log["changes"]]
    by_client: dict[str, list[dict[str, Any]]] = defaultdict(list)
    last_rating: dict[tuple[str, str], str] = {}
    for change in changes:
        if change["kind"] == "rating":
            last_rating[(change["period"], change["item"])] = change["mark"]
        else:
            by_client[change["code"]].append(change)
    lost: list[str] = []
    store = PostgresStore.open(admin_url)
    try:
        for code, wanted in by_client.items():
            record = store.load_client(code)
            paths = {c.id: len(c.state.get("path", [])) for c in record.conversations}
            held = {
                "handout": {h.id for h in record.handouts},
                "care-plan review": {r.id for r in record.reviews},
                "goal": {g.wording for g in record.goals},
                "follow-up": {r.what_it_was_like for r in record.reviews},
            }
            for change in wanted:
                kind = change["kind"]
                if kind == "answer":
                    if paths.get(change["conversation"], 0) < change["path"]:
                        lost.append(f"answer {change['path']} of a conversation of {code}")
                elif kind in ("handout", "care-plan review"):
                    if change["id"] not in held[kind]:
                        lost.append(f"{kind} {change['id']} of {code}")
                else:
                    words = " ".join(held[kind])
                    lost.extend(
                        f"{kind} {m} of {code}" for m in change["marks"] if f"({m})" not in words
                    )
        assessments = store.assessments()
        for (period_start, item), mark in last_rating.items():
            kept = [
                a.items[item].comments
                for a in assessments
                if a.service == SERVICE and str(a.period_start) == period_start and item in a.items
            ]
            if kept != [mark]:
                lost.append(f"rating of {item}: {mark!r} kept as {kept}")
    finally:
        store.close()
    return len(changes), lost
