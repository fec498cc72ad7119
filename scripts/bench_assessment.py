"""Self-assessment figures for scripts/bench.py: the evidence for a period from a big store.

Target (issue 7): figures for a store of 2,000 clients (50,000 records) compute in <= 1 s.

The store is built like scripts/bench.py's (its ``make_record``: 2,000 clients of 25
records each, 300 with ``--quick``). The period is the 90 days up to today, so the goals
and conversations (created "now" by ``make_record``) and most follow-ups fall in it. Each
figure is a median over several runs (printed, never asserted):

``compute, records in memory``
    ``compute_evidence`` over the ``ClientRecord``s, meetings and staff already loaded:
    the pure computation alone (each record boiled down to ``ClientFacts``, then counted).
``open the store + evidence, as the app does``
    End to end in this process: ``TinyDBStore.open`` and ``Casebook.assessment.evidence``,
    which reads every client file as plain JSON (``Store.client_documents``), turns it
    into ``ClientFacts`` with ``facts_from_json`` (checking the fields it reads) and
    counts. The OS file cache is warm.
``the same, validating every record``
    For comparison: ``load_client`` for every client (each record validated by pydantic)
    before counting.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

TARGET_S = 1.0
SEED = 20261124


@dataclass(frozen=True)
class Figure:
    name: str
    samples: tuple[float, ...]
    target_s: float | None


def build_store(path: Path, clients: int) -> float:
    """A TinyDB store of ``clients`` clients x 25 records (scripts/bench.py's records)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench

    from fama.demo.town import build_demo
    from fama.store import TinyDBStore

    store = TinyDBStore.open(path)
    rng = random.Random(SEED)
    today = datetime.now(UTC).date()
    demo = build_demo(today)
    store.replace_meetings(demo.meetings)
    for member in demo.staff:
        store.save_staff(member)
    start = time.perf_counter()
    for first in range(0, clients, bench.PROGRESS_EVERY):
        batch = range(first, min(first + bench.PROGRESS_EVERY, clients))
        store.put_records([bench.make_record(rng, index, today) for index in batch])
    return time.perf_counter() - start


def _period() -> Any:
    from fama.assessment.period import Period

    today = datetime.now(UTC).date()
    return Period(today - timedelta(days=89), today), today


def _timed(runs: int, work: Any) -> tuple[float, ...]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return tuple(samples)


def bench_compute(path: Path, runs: int) -> list[Figure]:
    from fama.assessment.evidence import EvidenceSource, compute_evidence
    from fama.store import TinyDBStore

    period, today = _period()

    def load() -> tuple[Any, list[Any], list[Any], list[Any]]:
        store = TinyDBStore.open(path)
        records = [store.load_client(s.code) for s in store.client_summaries()]
        return store, records, store.meetings(), store.staff()

    _, records, meetings, staff = load()
    clients = len(records)
    in_memory = _timed(
        runs,
        lambda: compute_evidence([EvidenceSource(records, meetings, staff)], period, today=today),
    )

    def validated() -> None:
        store = TinyDBStore.open(path)
        summaries = store.client_summaries()
        source = EvidenceSource(
            (store.load_client(s.code) for s in summaries), store.meetings(), store.staff()
        )
        compute_evidence([source], period, today=today)

    through_pydantic = _timed(runs, validated)

    def as_the_app_does() -> None:
        from fama.casebook.service import Casebook
        from fama.clock import SystemClock

        casebook = Casebook(TinyDBStore.open(path), SystemClock())
        casebook.assessment.evidence(period)

    end_to_end = _timed(runs, as_the_app_does)

    label = f"{clients:,} clients"
    return [
        Figure(f"assessment: compute, records in memory ({label})", in_memory, TARGET_S),
        Figure(
            f"assessment: open the store + evidence, as the app does ({label})",
            end_to_end,
            TARGET_S,
        ),
        Figure(f"assessment: the same, validating every record ({label})", through_pydantic, None),
    ]


def run_all(folder: Path, *, quick: bool) -> list[Figure]:
    clients, runs = (300, 3) if quick else (2000, 5)
    path = folder / f"assessment-store-{clients}"
    build_store(path, clients)
    return bench_compute(path, runs)


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


if __name__ == "__main__":
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="300 clients, fewer runs")
    args = parser.parse_args()
    sys.dont_write_bytecode = True
    with tempfile.TemporaryDirectory(prefix="fama-bench-assessment-") as tmp:
        for figure in run_all(Path(tmp), quick=args.quick):
            median = statistics.median(figure.samples)
            target = f"  (target <= {fmt(figure.target_s)})" if figure.target_s else ""
            print(
                f"{figure.name}: median {fmt(median)}, min {fmt(min(figure.samples))}, "
                f"max {fmt(max(figure.samples))}, n={len(figure.samples)}{target}"
            )
