"""A save and the caseload on a large folder store, with the tail: prints, never asserts.

``scripts/bench.py --only save-goal`` prints the median of 50 saves; a whole service cares
about the slow saves too. This builds a folder store of ``--clients`` clients x 25 records
(the records of ``scripts/bench.py``), or reuses one built earlier (``--keep PATH``), then

* opens it in this process (a store of an older schema is migrated here: the time is shown);
* times ``--saves`` saves of a new goal for a random client (median, p95, max);
* opens it and lists the caseload in ``--opens`` fresh interpreters (as ``bench.py`` does,
  after one warm-up run), and prints the median, min and max of each.

Run from the repository root::

    .venv/bin/python scripts/bench_folder_save.py --clients 20000
    .venv/bin/python scripts/bench_folder_save.py --clients 20000 --keep /tmp/store-20k

With ``--keep``, a store already at PATH is used as it is (nothing is built) and is left
there afterwards; without it, the store is built in a temporary folder and removed.

With ``--encrypted``, the store is encrypted first (``fama store encrypt``, at the real
argon2id cost; the time is shown, and a kept store stays encrypted with the passphrase
``BENCH_PASSPHRASE``), the unlock (argon2id and unwrapping the key) is timed on its own,
and the saves and the opening children run on the encrypted store::

    .venv/bin/python scripts/bench_folder_save.py --clients 2000 --encrypted
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # the records and the child driver of scripts/bench.py


def p95(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def build(path: Path, clients: int) -> float:
    from fama.store import TinyDBStore

    store = TinyDBStore.open(path)
    rng = random.Random(bench.SEED)
    today = datetime.now(UTC).date()
    start = time.perf_counter()
    for first in range(0, clients, bench.PROGRESS_EVERY):
        batch = range(first, min(first + bench.PROGRESS_EVERY, clients))
        store.put_records([bench.make_record(rng, index, today) for index in batch])
        bench.progress(f"  {batch[-1] + 1:,} clients in {time.perf_counter() - start:.1f} s")
    return time.perf_counter() - start


BENCH_PASSPHRASE = "bench passphrase, not a secret"
UNLOCKS = 5


def time_unlocks(path: Path, count: int = UNLOCKS) -> list[float]:
    """Unlocking an encrypted store as opening it does: argon2id, then unwrapping the key."""
    from fama.store.key_file import read_key_file, unlocked_sealer

    key = read_key_file(path)
    assert key is not None, "the store is not encrypted"
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        sealer = unlocked_sealer(path, key, BENCH_PASSPHRASE)
        samples.append(time.perf_counter() - start)
        assert sealer is not None, f"the store at {path} has another passphrase"
    return samples


def encrypt(path: Path) -> float:
    """Encrypt the store at ``path`` (nothing to do if it is); the seconds it took."""
    from fama.store import TinyDBStore

    store = TinyDBStore.open(path, lambda _root: BENCH_PASSPHRASE)
    if store.encrypted():
        return 0.0
    start = time.perf_counter()
    store.encrypt(BENCH_PASSPHRASE)
    return time.perf_counter() - start


def run(path: Path, clients: int, saves: int, opens: int, encrypted: bool = False) -> None:
    from fama.store import TinyDBStore

    if not path.exists():
        bench.progress(f"building a store of {clients:,} clients...")
        print(f"build ({clients:,} clients, put_records): {build(path, clients):.1f} s")
    if encrypted:
        took = encrypt(path)
        if took:
            print(f"fama store encrypt ({clients:,} clients, backups and trail): {took:.1f} s")
        unlocks = time_unlocks(path)
        print(
            f"unlock (argon2id + unwrap the key, n={len(unlocks)}): median "
            f"{ms(statistics.median(unlocks))}, max {ms(max(unlocks))}"
        )
    start = time.perf_counter()
    store = TinyDBStore.open(path, lambda _root: BENCH_PASSPHRASE)
    opened = time.perf_counter() - start
    print(f"first open in this process (migrates an older store): {ms(opened)}")
    store.backup("bench")  # so the app's daily backup does not run in the children
    samples = bench.time_saves(store, clients, saves)
    state = ", encrypted" if encrypted else ""
    print(
        f"save one goal ({clients:,} clients{state}, n={saves}): median "
        f"{ms(statistics.median(samples))}, p95 {ms(p95(samples))}, max {ms(max(samples))}"
    )
    with tempfile.TemporaryDirectory(prefix="fama-bench-") as tmp_name:
        tmp = Path(tmp_name)
        home = tmp / "home"
        home.mkdir()
        driver = tmp / "driver.py"
        driver.write_text(bench.DRIVER, encoding="utf-8")
        env = bench.child_env(home)
        if encrypted:  # the children open the store with the passphrase, as a script would
            secret = tmp / "passphrase.txt"
            secret.write_text(BENCH_PASSPHRASE + "\n", encoding="utf-8")
            secret.chmod(0o600)
            env["FAMA_PASSPHRASE_FILE"] = str(secret)
        ctx = bench.Context(tmp=tmp, settings=bench.FULL, env=env, driver=driver)
        bench.run_child(ctx, "caseload", str(path))  # warm-up
        runs = [bench.run_child(ctx, "caseload", str(path)) for _ in range(opens)]
    walls, in_child = [r.wall for r in runs], [r.in_child for r in runs]
    for label, values in (("wall", walls), ("in child", in_child)):
        print(
            f"open store + caseload() ({clients:,} clients{state}, {label}, n={opens}): "
            f"median {ms(statistics.median(values))}, min {ms(min(values))}, "
            f"max {ms(max(values))}; {runs[0].rows} entries"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--opens", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="the store folder to build once and reuse")
    parser.add_argument(
        "--encrypted", action="store_true", help="encrypt the store, time its unlock, then save"
    )
    args = parser.parse_args(argv)
    sys.dont_write_bytecode = True
    if args.keep is not None:
        run(args.keep, args.clients, args.saves, args.opens, args.encrypted)
        return 0
    with tempfile.TemporaryDirectory(prefix="fama-bench-store-") as tmp:
        run(Path(tmp) / "store", args.clients, args.saves, args.opens, args.encrypted)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
