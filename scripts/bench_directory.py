"""Meeting-directory figures for scripts/bench.py: import, ranking and `fama match` at 10,000.

Targets (issue 3): 10,000 meetings import in <= 5 s; ranking 10,000 meetings for one client
<= 50 ms in-process; `fama match` end to end on a 10,000-meeting store <= 1 s.

The 10,000-meeting feed is the demo town's directory copied out to many towns (new slugs,
shifted coordinates), written as Meeting Guide JSON, the most common real format.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Figure:
    name: str
    samples: tuple[float, ...]
    target_s: float | None


def meeting_guide_feed(count: int) -> list[dict[str, object]]:
    """``count`` Meeting Guide records built from the demo directory (day 0 = Sunday)."""
    from fama.demo.town import build_demo

    base = [m for m in build_demo(TODAY).meetings if m.attendance.value == "in person"]
    records: list[dict[str, object]] = []
    for index in range(count):
        m = base[index % len(base)]
        town = index // len(base)
        record: dict[str, object] = {
            "slug": f"m{index}",
            "name": f"{m.name} ({town})",
            "day": (m.weekday.value + 1) % 7,
            "time": f"{m.start:%H:%M}",
            "location": m.venue,
            "formatted_address": f"{m.address}, {m.postcode}",
            "types": list(m.types) or ["O"],
        }
        if m.end:
            record["end_time"] = f"{m.end:%H:%M}"
        if m.latitude is not None and m.longitude is not None:
            record["latitude"] = round(m.latitude + (town % 40) * 0.05, 5)
            record["longitude"] = round(m.longitude - (town // 40) * 0.05, 5)
        records.append(record)
    return records


def store_with_feed(folder: Path, count: int) -> tuple[Path, float]:
    """A demo store whose directory also holds ``count`` imported meetings; returns import time."""
    from fama.casebook.service import Casebook
    from fama.clock import FixedClock
    from fama.demo.town import build_demo
    from fama.models import OrgCode
    from fama.store import open_store

    folder.mkdir(parents=True, exist_ok=True)
    feed = folder / "big-feed.json"
    feed.write_text(json.dumps(meeting_guide_feed(count)), encoding="utf-8")
    store_path = folder / "store"
    casebook = Casebook(open_store(store_path), FixedClock(NOW))
    casebook.load_demo(build_demo(TODAY))
    start = time.perf_counter()
    casebook.directory.import_feed(feed, organisation=OrgCode.AA)
    return store_path, time.perf_counter() - start


def bench_import(folder: Path, count: int, runs: int) -> list[Figure]:
    timings = []
    for run in range(runs):
        _, seconds = store_with_feed(folder / f"import-{run}", count)
        timings.append(seconds)
    return [Figure(f"import {count:,} meetings (read, merge, save)", tuple(timings), 5.0)]


def bench_rank(store_path: Path, count: int, runs: int) -> list[Figure]:
    from fama.casebook.service import Casebook
    from fama.clock import FixedClock
    from fama.directory.matching.ranking import rank
    from fama.store import open_store

    casebook = Casebook(open_store(store_path), FixedClock(NOW))
    meetings = casebook.directory.meetings()
    locations = casebook.directory.locations(meetings)
    request = casebook.directory.match_request("KB-1042")
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        rank(meetings, request, locations, NOW)
        timings.append(time.perf_counter() - start)
    return [Figure(f"rank {len(meetings):,} meetings for one client", tuple(timings), 0.05)]


def bench_match_cli(store_path: Path, env: dict[str, str], runs: int) -> list[Figure]:
    command = [sys.executable, "-m", "fama", "match", "--client", "KB-1042"]
    command += ["--data", str(store_path)]
    subprocess.run(command, env=env, capture_output=True, check=True)  # warm the bytecode cache
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True)
        timings.append(time.perf_counter() - start)
    return [Figure("`fama match` end to end, 10,000-meeting store", tuple(timings), 1.0)]


def run_all(folder: Path, env: dict[str, str], *, quick: bool) -> list[Figure]:
    count = 2_000 if quick else 10_000
    figures = bench_import(folder, count, 1 if quick else 3)
    store_path = folder / "import-0" / "store"
    figures += bench_rank(store_path, count, 5 if quick else 25)
    figures += bench_match_cli(store_path, env, 2 if quick else 5)
    return figures
