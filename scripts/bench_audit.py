"""Audit-trail figures for scripts/bench.py (issue 16).

Targets: an audited client open (the client screen's read plus its audit entry, fsynced)
adds at most 5 ms to the same read unaudited; verifying a trail of 100,000 entries takes
at most 2 s. Both on the folder store (the demo town), where the entry is a line appended
to ``audit.log`` and fsynced. The trail to check is written in the store's own line format,
entry by entry (appending 100,000 through the store would time the fsyncs, not the
check), then read back through the store as ``fama audit verify`` reads it.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
OPEN_ADDED_TARGET_S = 0.005
VERIFY_TARGET_S = 2.0
TRAIL_ENTRIES = 100_000


@dataclass(frozen=True)
class Figure:
    name: str
    samples: tuple[float, ...]
    target_s: float | None = None


def _timed(action: Callable[[], object], runs: int) -> tuple[float, ...]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return tuple(samples)


def run_all(folder: Path, *, quick: bool = False) -> list[Figure]:
    """The figures, from a demo store written into ``folder``."""
    from fama.audit import Action, audit_time, next_entry
    from fama.casebook.service import Casebook
    from fama.clock import FixedClock
    from fama.demo.town import build_demo
    from fama.store import open_store
    from fama.store.audit_file import AUDIT_FILE, entry_line

    store_path = folder / "store"
    book = Casebook(open_store(store_path), FixedClock(NOW), user="bench")
    book.load_demo(build_demo(NOW.date()))
    code = book.store.client_summaries()[0].code
    runs = 50 if quick else 300

    plain, audited = [], []
    for _ in range(runs):  # alternated, so drift hits both alike
        plain.extend(_timed(lambda: book.clients.record(code), 1))
        audited.extend(_timed(lambda: book.clients.open(code), 1))
    added = tuple(a - p for a, p in zip(sorted(audited), sorted(plain), strict=True))

    entries = TRAIL_ENTRIES // 10 if quick else TRAIL_ENTRIES
    record = book.store.record_id(code)
    last = None
    with (store_path / AUDIT_FILE).open("wb") as trail:
        for _ in range(entries):
            last = next_entry(last, audit_time(NOW), "bench", Action.VIEW, "client screen", record)
            trail.write(entry_line(last))
    verifying = _timed(lambda: book.trail.verify(), 3 if quick else 5)
    assert book.trail.verify().checked == entries
    return [
        Figure("client open, not audited", tuple(plain)),
        Figure("client open, audited (read + fsynced entry)", tuple(audited)),
        Figure("  added by the audit entry", added, OPEN_ADDED_TARGET_S),
        Figure(f"audit verify, {entries:,} entries", verifying, VERIFY_TARGET_S),
    ]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for figure in run_all(Path(tmp)):
            median = statistics.median(figure.samples)
            print(f"{figure.name:50} {median * 1000:8.2f} ms")
