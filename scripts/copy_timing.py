"""How long ``fama store copy`` takes for a whole service: printed, never asserted.

Builds a folder store of N clients (20,000 by default) of 25 records each, as
scripts/bench.py's ``make_record`` makes them (plus the demo town's meetings and staff),
starts a throw-away PostgreSQL (tests/helpers/postgres.py: the OS package's server, a temp
folder and a Unix socket; ``fsync=off``, which costs a one-transaction copy little), then
times, each end to end as the command does it (open, plan, copy, read back, check):

* folder -> PostgreSQL (one transaction);
* PostgreSQL -> a new folder;
* the two digests, which must be the same.

Usage: ``.venv/bin/python scripts/copy_timing.py [--clients N]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BATCH = 500


def build_folder(path: Path, clients: int) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench

    from fama.demo.town import build_demo
    from fama.store import TinyDBStore

    today = datetime.now(UTC).date()
    store = TinyDBStore.open(path)
    demo = build_demo(today)
    store.replace_meetings(list(demo.meetings))
    for member in demo.staff:
        store.save_staff(member)
    rng = random.Random(bench.SEED)
    started = time.perf_counter()
    for first in range(0, clients, BATCH):
        batch = range(first, min(first + BATCH, clients))
        store.put_records([bench.make_record(rng, index, today) for index in batch])
    print(f"built a folder of {clients:,} clients in {time.perf_counter() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from fama.store.copying import copy_stores
    from tests.helpers.postgres import fresh_database, make_template, temp_server

    with tempfile.TemporaryDirectory(prefix="fama-copy-timing-") as tmp, temp_server() as server:
        folder = Path(tmp) / "source"
        build_folder(folder, args.clients)
        make_template(server)
        url = fresh_database(server, "fama_copy")
        there = copy_stores([folder], url)
        print(f"folder -> PostgreSQL: {there.counts.words()}")
        print(f"  {there.seconds:.1f} s, digest {there.digest}")
        back = copy_stores([url], Path(tmp) / "back")
        print(f"PostgreSQL -> folder: {back.seconds:.1f} s, digest {back.digest}")
        print("digests " + ("match" if there.digest == back.digest else "DIFFER"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
