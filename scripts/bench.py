"""Benchmarks for fama's performance targets. Prints medians and ratios; never asserts.

Run from the repository root::

    .venv/bin/python scripts/bench.py            # full run (a few minutes; service: 3)
    .venv/bin/python scripts/bench.py --quick    # smoke test (fewer runs, smaller stores)
    .venv/bin/python scripts/bench.py --only save-goal
    .venv/bin/python scripts/bench.py --only save-goal --clients 20000   # a whole service

Everything is written inside one ``tempfile.TemporaryDirectory``: the stores, the child
processes' HOME, FAMA_DATA and XDG folders, and their bytecode cache
(``PYTHONPYCACHEPREFIX``). The user's real store is never opened. Machines are noisy, so
each figure is a median over several runs, with the minimum and maximum beside it, and
"meets target" / "misses target" is a reading, not a test.

The figures
-----------
``cold-start`` (target: fama / bare <= 1.4 on the wall-clock median)
    A fresh interpreter (``sys.executable``) runs a small driver script that imports
    Textual (and fama), builds the app and runs it headless (120x40) until the first
    screen is painted: for fama the caseload of the demo store (written beforehand by
    ``fama demo --no-launch``) with its rows in the table; for the reference, a bare
    Textual app showing one Label. "Painted" means a screen refresh completed after the
    rows (or the Label) existed. Two figures per app:

    * *wall*: measured in this process, from just before starting the child to the
      child's exit (the child leaves with ``os._exit`` as soon as it has painted, so
      shutdown is not counted). Includes interpreter start-up. The ratio of the wall
      medians is the headline.
    * *in child*: from the first line of the driver script (after the interpreter has
      started, before any import) to the first paint.

    15 runs of each (3 with ``--quick``); a note also gives the ratio of the fastest runs,
    which a busy machine disturbs less than the medians.

    The two apps alternate (and swap order every round) so drift hits both alike. One
    untimed warm-up run of each comes first (it compiles bytecode into the temporary
    cache and warms the OS file cache, as a second launch of an installed app would be).

``save-goal`` (target: median <= 30 ms)
    A store of 2,000 clients (300 with ``--quick``), each with 25 records (the client,
    12 goals, 10 reviews, 2 conversations of 5 turns) at realistic text lengths, built
    with ``TinyDBStore.put_records`` (build time reported). Then ``store.save_goal`` of a
    new goal for a random client, timed in this process, 50 times (15 with ``--quick``).
    The store's size on disk is printed beneath the table.

``open-caseload`` (target: median <= 1 s, for each of the four figures)
    The same large store, after a backup has been taken (so the app's daily backup does
    not run during the measurement). In a fresh child process: from start to
    ``TinyDBStore.open`` plus ``book.clients.caseload()`` returning; and from start to the
    first painted caseload in the headless app. Wall and in-child figures as above;
    5 runs each (2 with ``--quick``), plus one warm-up each. "Cold" here means a new
    interpreter; the OS file cache is warm, as it is when a keyworker reopens fama.

``assessment`` (target: <= 1 s)
    The self-assessment's evidence for 2,000 clients (50,000 records): computed over
    records already loaded, and end to end through the store; see
    ``scripts/bench_assessment.py``.

``service`` (targets: save p95 <= 25 ms, 0 updates lost, caseload <= 100 ms, evidence <= 2 s)
    A whole service on one durable throw-away PostgreSQL: 20,000 clients (2,000 with
    ``--quick``), 30 keyworkers as separate processes, each its own database login, working
    at once for 60 s (15 s); see ``scripts/bench_service.py``. Skipped, with the reason,
    where PostgreSQL's server programs are not installed.

``chat`` (target: 200-turn transcript / empty <= 1.2 on the median)
    A keypress in the conversation's reply box, timed with Pilot from the press until the
    app is idle again, beside an empty transcript and beside 200 turns of earlier
    conversations; see ``scripts/bench_chat.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fama.models import ClientRecord, Goal
    from fama.store import TinyDBStore

# Settings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    cold_runs: int
    clients: int
    saves: int
    open_runs: int


FULL = Settings(cold_runs=15, clients=2000, saves=50, open_runs=5)
QUICK = Settings(cold_runs=3, clients=300, saves=15, open_runs=2)

COLD_START_RATIO_TARGET = 1.4
SAVE_GOAL_TARGET_S = 0.030
UNLOCK_TARGET_S = 0.5
OPEN_CASELOAD_TARGET_S = 1.0

GOALS_PER_CLIENT = 12
REVIEWS_PER_CLIENT = 10
CONVERSATIONS_PER_CLIENT = 2
TURNS_PER_CONVERSATION = 5
RECORDS_PER_CLIENT = 1 + GOALS_PER_CLIENT + REVIEWS_PER_CLIENT + CONVERSATIONS_PER_CLIENT
PROGRESS_EVERY = 200
SEED = 20261124
CHILD_TIMEOUT_S = 120.0

# Results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the table: seconds samples judged on their median, or on a ratio."""

    name: str
    samples: tuple[float, ...]
    target_s: float | None = None
    ratio: float | None = None
    ratio_of: str = ""
    ratio_target: float | None = None
    percentile: int = 50
    """The figure shown and judged: the median, or another percentile (95: the p95)."""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def value(self) -> float:
        """The median, or the row's percentile of its samples."""
        if self.percentile == 50 or len(self.samples) < 2:
            return self.median
        return statistics.quantiles(self.samples, n=100, method="inclusive")[self.percentile - 1]

    @property
    def target(self) -> str:
        if self.ratio_target is not None:
            return f"<= {self.ratio_target:.1f}x {self.ratio_of}"
        if self.target_s is not None:
            return f"<= {fmt_seconds(self.target_s)}"
        return "-"

    @property
    def verdict(self) -> str:
        if self.ratio_target is not None and self.ratio is not None:
            met = self.ratio <= self.ratio_target
        elif self.target_s is not None:
            met = self.value <= self.target_s
        else:
            return "-"
        return "meets target" if met else "misses target"


@dataclass
class Context:
    tmp: Path
    settings: Settings
    env: dict[str, str]
    driver: Path
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    big_store: Path | None = None


def fmt_seconds(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def print_table(rows: Sequence[Row]) -> None:
    header = ("benchmark", "median", "min", "max", "n", "ratio", "target", "result")
    lines = [header]
    for row in rows:
        ratio = f"{row.ratio:.2f}x {row.ratio_of}" if row.ratio is not None else "-"
        lines.append(
            (
                row.name,
                ("" if row.percentile == 50 else f"p{row.percentile} ") + fmt_seconds(row.value),
                fmt_seconds(min(row.samples)),
                fmt_seconds(max(row.samples)),
                str(len(row.samples)),
                ratio,
                row.target,
                row.verdict,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    right = {1, 2, 3, 4}
    for n, line in enumerate(lines):
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# The child driver ---------------------------------------------------------------------

DRIVER = '''\
"""Child process for scripts/bench.py: prints {"seconds", "rows"} as JSON, then exits."""
import time

T0 = time.perf_counter()  # before any import of Textual or fama

import json
import os
import sys

SIZE = (120, 40)
DEADLINE_S = 60.0


def report(rows):
    """Print the time since T0 and leave at once: shutdown is not part of the figure."""
    elapsed = time.perf_counter() - T0
    sys.stdout.write(json.dumps({"seconds": elapsed, "rows": rows}) + "\\n")
    sys.stdout.flush()
    os._exit(0)


def fail(message):
    sys.stderr.write(message + "\\n")
    sys.stderr.flush()
    os._exit(1)


def open_casebook(store):
    """As the real entry point does: fama.cli.main, its argument parsing, then open the store."""
    import fama.cli.main
    from fama.casebook.service import Casebook
    from fama.clock import SystemClock
    from fama.paths import resolve_store
    from fama.store import open_store

    args = fama.cli.main.parse_launch(["--data", store])
    return Casebook(open_store(resolve_store(args.data)), SystemClock())


def run_headless(app, count_rows):
    """Run ``app`` headless; report once a refresh completes after rows were on screen."""

    async def wait_for_first_paint(pilot):
        deadline = time.perf_counter() + DEADLINE_S
        while time.perf_counter() < deadline:
            screen = app.screen
            rows = count_rows(app)
            await screen.wait_for_refresh()
            if rows and app.screen is screen:
                report(rows)
        fail("nothing was painted before the deadline")

    app.run(headless=True, size=SIZE, auto_pilot=wait_for_first_paint)
    fail("the app exited before it painted")


def bare():
    from textual.app import App
    from textual.widgets import Label

    class Bare(App):
        def compose(self):
            yield Label("caseload")

    run_headless(Bare(), lambda app: len(app.screen.query(Label)))


def fama_app(store):
    casebook = open_casebook(store)
    from textual.widgets import DataTable

    from fama.tui.app import make_app, tune_garbage_collection
    from fama.tui.screens.caseload import CaseloadScreen

    def count_rows(app):
        screen = app.screen
        if not isinstance(screen, CaseloadScreen):
            return 0
        return screen.query_one("#caseload", DataTable).row_count

    app = make_app(casebook)
    tune_garbage_collection()  # as fama.cli.main.launch does before it runs the app
    run_headless(app, count_rows)


def caseload(store):
    report(len(open_casebook(store).clients.caseload().entries))


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"bare": bare, "fama": fama_app, "caseload": caseload}[mode](*args)
'''


@dataclass(frozen=True)
class ChildRun:
    in_child: float
    wall: float
    rows: int
    cpu: float
    """User + system CPU seconds of the child: barely moved by other load on a shared host."""


def child_env(home: Path) -> dict[str, str]:
    """The environment for every child: its own HOME, data and bytecode folders in ``home``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TEXTUAL", "FAMA_")) and k != "PYTHONDONTWRITEBYTECODE"
    }
    env.update(
        HOME=str(home),
        FAMA_DATA=str(home / "no-store-here"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        PYTHONPYCACHEPREFIX=str(home / "pycache"),
    )
    return env


def run_child(ctx: Context, mode: str, *args: str) -> ChildRun:
    """Run the driver in a fresh interpreter and time it from here as well."""
    command = [sys.executable, str(ctx.driver), mode, *args]
    before = os.times()
    start = time.perf_counter()
    proc = subprocess.run(
        command,
        env=ctx.env,
        cwd=ctx.tmp,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        check=False,
    )
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"child {mode} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    result = json.loads(lines[-1])
    return ChildRun(in_child=result["seconds"], wall=wall, rows=result["rows"], cpu=cpu)


# Realistic client records -----------------------------------------------------------

VOCABULARY = (
    "meeting group Tuesday Thursday evening bus hub peer mentor volunteer sponsor SMART NA "
    "AA sister partner kids work shift anxious nervous welcoming helped talk listen share "
    "tools diary cravings weekend payday walk phone online camera first time again plan "
    "ring text before after session keyworker church hall door coffee newcomers speaker "
    "step recovery home stay busy felt better worse tired money travel late early"
)
WORDS = tuple(VOCABULARY.split())
KEYWORKERS = tuple(f"K{n:02d}" for n in range(1, 21))
DISTRICTS = ("DE1", "DE3", "DE21", "DE22", "DE23", "DE24", "DE56", "DE65", "DE72", "DE73")


def words(rng: random.Random, length: int) -> str:
    """Plausible free text of about ``length`` characters."""
    picked: list[str] = []
    total = 0
    while total < length:
        word = rng.choice(WORDS)
        picked.append(word)
        total += len(word) + 1
    text = " ".join(picked)[: length - 1].rstrip()
    return text[0].upper() + text[1:] + "."


def make_goal(rng: random.Random, code: str, keyworker: str, today: date, planned: bool) -> Goal:
    from fama.models import Goal, GoalStatus, LinkType, OrgCode, Support

    target = today + timedelta(days=rng.randint(-90, 30))
    closed = [s for s in GoalStatus if s is not GoalStatus.PLANNED]
    return Goal(
        client_code=code,
        wording=words(rng, 100),
        organisation=rng.choice(list(OrgCode)),
        target_date=target,
        review_date=target + timedelta(days=7),
        support=Support(
            link=rng.choice(list(LinkType)),
            linked_person="Sam, peer mentor",
            contact_before=rng.random() < 0.5,
            travel_plan=words(rng, 60),
            barriers_plan=words(rng, 100),
        ),
        status=GoalStatus.PLANNED if planned else rng.choice(closed),
        created_by=keyworker,
    )


def make_record(
    rng: random.Random, index: int, today: date, keyworkers: Sequence[str] = KEYWORKERS
) -> ClientRecord:
    """One client with 12 goals, 10 reviews and 2 conversations (25 records in all), the
    client of ``keyworkers[index % len(keyworkers)]``."""
    from fama.models import (
        Attendance,
        Attended,
        Client,
        ClientRecord,
        Conversation,
        Involvement,
        NextStep,
        Preferences,
        Programme,
        Review,
        Stage,
        Substance,
        Turn,
    )

    code = client_code(index)
    keyworker = keyworkers[index % len(keyworkers)]
    client = Client(
        code=code,
        keyworker=keyworker,
        postcode_district=rng.choice(DISTRICTS),
        substances=rng.sample(list(Substance), rng.randint(1, 2)),
        stage=rng.choice(list(Stage)),
        preferences=Preferences(
            programmes=[rng.choice(list(Programme))], attendance=[Attendance.IN_PERSON]
        ),
        prior_experience_note=words(rng, 80),
        episode_start=today - timedelta(days=rng.randint(30, 400)),
        next_review=today + timedelta(days=rng.randint(-20, 40)),
    )
    goals = [
        make_goal(rng, code, keyworker, today, planned=n >= GOALS_PER_CLIENT - 2)
        for n in range(GOALS_PER_CLIENT)
    ]
    reviews = [
        Review(
            client_code=code,
            goal_id=rng.choice(goals).id,
            date=today - timedelta(days=rng.randint(1, 300)),
            attended=rng.choice(list(Attended)),
            meetings_since_last=rng.randint(0, 6),
            helpfulness=rng.randint(0, 10),
            what_it_was_like=words(rng, 120),
            involvement=rng.sample(list(Involvement), 2),
            barriers=[words(rng, 30)],
            next_step=rng.choice(list(NextStep)),
            notes=words(rng, 200),
            recorded_by=keyworker,
        )
        for _ in range(REVIEWS_PER_CLIENT)
    ]
    conversations = [
        Conversation(
            client_code=code,
            keyworker=keyworker,
            turns=[
                Turn(step_id=f"step-{t}", prompt=words(rng, 60), answer=words(rng, 60))
                for t in range(TURNS_PER_CONVERSATION)
            ],
            stage_reached=Stage.INTRODUCE,
            state={"step": "done"},
            finished=True,
        )
        for _ in range(CONVERSATIONS_PER_CLIENT)
    ]
    return ClientRecord(client=client, goals=goals, reviews=reviews, conversations=conversations)


def client_code(index: int) -> str:
    return f"BN-{index:05d}"


# Stores -------------------------------------------------------------------------------


def folder_size(path: Path, skip: str | None = None) -> int:
    return sum(
        p.stat().st_size
        for p in path.rglob("*")
        if p.is_file() and (skip is None or skip not in p.relative_to(path).parts)
    )


def build_big_store(ctx: Context) -> Path:
    """The large store shared by save-goal and open-caseload (built once per run)."""
    if ctx.big_store is not None:
        return ctx.big_store
    from fama.store import TinyDBStore

    clients = ctx.settings.clients
    path = ctx.tmp / f"store-{clients}"
    store = TinyDBStore.open(path)
    rng = random.Random(SEED)
    today = datetime.now(UTC).date()
    progress(f"building a store of {clients:,} clients x {RECORDS_PER_CLIENT} records...")
    start = time.perf_counter()
    for first in range(0, clients, PROGRESS_EVERY):
        batch = range(first, min(first + PROGRESS_EVERY, clients))
        store.put_records([make_record(rng, index, today) for index in batch])
        elapsed = time.perf_counter() - start
        progress(f"  {batch[-1] + 1:,} clients in {elapsed:.1f} s")
    built = time.perf_counter() - start
    progress(f"  built in {built:.1f} s")
    ctx.rows.append(Row(f"build store ({clients:,} clients, put_records)", (built,)))
    ctx.big_store = path
    return path


def time_saves(store: TinyDBStore, clients: int, saves: int) -> list[float]:
    rng = random.Random(SEED + 1)
    today = datetime.now(UTC).date()
    samples = []
    for _ in range(saves):
        code = client_code(rng.randrange(clients))
        goal = make_goal(rng, code, KEYWORKERS[0], today, planned=True)
        start = time.perf_counter()
        store.save_goal(goal)
        samples.append(time.perf_counter() - start)
    return samples


def write_demo_store(ctx: Context) -> Path:
    path = ctx.tmp / "demo-store"
    command = [sys.executable, "-m", "fama", "demo", "--no-launch", "--data", str(path)]
    subprocess.run(command, env=ctx.env, cwd=ctx.tmp, check=True, capture_output=True)
    return path


def take_backup(path: Path) -> float:
    """Take the daily backup now, so the app's own backup worker finds nothing to do."""
    from fama.store import TinyDBStore

    start = time.perf_counter()
    TinyDBStore.open(path).backup("bench")
    return time.perf_counter() - start


# Benchmarks ---------------------------------------------------------------------------


def child_rows(
    label: str, runs: Sequence[ChildRun], target_s: float | None = None
) -> tuple[Row, Row]:
    wall = Row(f"{label} (wall)", tuple(r.wall for r in runs), target_s)
    in_child = Row(f"{label} (in child)", tuple(r.in_child for r in runs), target_s)
    return wall, in_child


def with_ratio(row: Row, reference: Row, of: str, target: float | None) -> Row:
    return Row(
        row.name,
        row.samples,
        ratio=row.median / reference.median,
        ratio_of=of,
        ratio_target=target,
    )


def bench_cold_start(ctx: Context) -> None:
    store = write_demo_store(ctx)
    take_backup(store)
    progress("cold start: warming up (compiles bytecode into the temporary cache)...")
    run_child(ctx, "bare")
    run_child(ctx, "fama", str(store))
    runs: dict[str, list[ChildRun]] = {"bare": [], "fama": []}
    n = ctx.settings.cold_runs
    for round_ in range(n):
        order = ("bare", "fama") if round_ % 2 == 0 else ("fama", "bare")
        for mode in order:
            runs[mode].append(run_child(ctx, mode, *([str(store)] if mode == "fama" else [])))
        progress(f"cold start: round {round_ + 1}/{n}")
    bare_wall, bare_in = child_rows("cold start: bare Textual, one Label", runs["bare"])
    fama_wall, fama_in = child_rows("cold start: fama demo caseload", runs["fama"])
    ctx.rows += [
        bare_wall,
        with_ratio(fama_wall, bare_wall, "bare", COLD_START_RATIO_TARGET),
        bare_in,
        with_ratio(fama_in, bare_in, "bare", None),
    ]
    fastest = min(r.wall for r in runs["fama"]) / min(r.wall for r in runs["bare"])
    bare_cpu = Row("cold start: bare Textual, one Label (CPU)", tuple(r.cpu for r in runs["bare"]))
    fama_cpu = Row("cold start: fama demo caseload (CPU)", tuple(r.cpu for r in runs["fama"]))
    ctx.rows += [bare_cpu, with_ratio(fama_cpu, bare_cpu, "bare", None)]
    ctx.notes.append(
        f"cold start: the demo caseload painted {runs['fama'][0].rows} rows; "
        "the headline is the wall ratio (in-child ratio for information); "
        f"fastest fama run / fastest bare run = {fastest:.2f}x (less sensitive to a busy machine)."
    )


def bench_save_goal(ctx: Context) -> None:
    from fama.store import TinyDBStore

    path = build_big_store(ctx)
    store = TinyDBStore.open(path)
    saves = ctx.settings.saves
    progress(f"save-goal: timing {saves} saves...")
    samples = time_saves(store, ctx.settings.clients, saves)
    ctx.rows.append(
        Row(f"save one goal ({ctx.settings.clients:,} clients)", tuple(samples), SAVE_GOAL_TARGET_S)
    )
    mb = folder_size(path, skip="backups") / 1e6
    shards = [p.stat().st_size for p in (path / "index").glob("*.json")] or [0]
    ctx.notes.append(
        f"store on disk: {mb:.1f} MB for {ctx.settings.clients:,} clients (caseload index "
        f"{sum(shards) / 1e6:.2f} MB in {len(shards)} shards, the largest "
        f"{max(shards) / 1e3:.0f} KB; a save rewrites one), backups excluded."
    )


def bench_open_caseload(ctx: Context) -> None:
    path = build_big_store(ctx)
    backup_s = take_backup(path)
    ctx.rows.append(Row(f"backup of the store ({ctx.settings.clients:,} clients)", (backup_s,)))
    progress("open-caseload: warming up...")
    run_child(ctx, "caseload", str(path))
    run_child(ctx, "fama", str(path))
    runs: dict[str, list[ChildRun]] = {"caseload": [], "fama": []}
    n = ctx.settings.open_runs
    for round_ in range(n):
        for mode in ("caseload", "fama"):
            runs[mode].append(run_child(ctx, mode, str(path)))
        progress(f"open-caseload: round {round_ + 1}/{n}")
    clients = f"{ctx.settings.clients:,} clients"
    ctx.rows += [
        *child_rows(
            f"open store + caseload() ({clients})", runs["caseload"], OPEN_CASELOAD_TARGET_S
        ),
        *child_rows(f"first painted caseload ({clients})", runs["fama"], OPEN_CASELOAD_TARGET_S),
    ]
    ctx.notes.append(
        f"open-caseload: caseload() returned {runs['caseload'][0].rows} entries; "
        f"the table painted {runs['fama'][0].rows} rows."
    )


def bench_encrypted(ctx: Context) -> None:
    """Encrypting a copy of the large store, unlocking it, and saving in it (the same as
    ``scripts/bench_folder_save.py --encrypted``)."""
    import shutil

    import bench_folder_save as folder_save

    from fama.store import TinyDBStore

    path = ctx.tmp / "store-encrypted"
    shutil.copytree(build_big_store(ctx), path)
    progress("encrypted: encrypting a copy of the store...")
    encrypted_s = folder_save.encrypt(path)
    unlocks = folder_save.time_unlocks(path)
    store = TinyDBStore.open(path, lambda _root: folder_save.BENCH_PASSPHRASE)
    samples = time_saves(store, ctx.settings.clients, ctx.settings.saves)
    clients = f"{ctx.settings.clients:,} clients"
    ctx.rows += [
        Row(f"fama store encrypt ({clients})", (encrypted_s,)),
        Row("unlock an encrypted store (argon2id)", tuple(unlocks), UNLOCK_TARGET_S),
        Row(f"save one goal ({clients}, encrypted)", tuple(samples), SAVE_GOAL_TARGET_S),
    ]


def bench_directory(ctx: Context) -> None:
    """Import, ranking and `fama match` at 10,000 meetings (see scripts/bench_directory.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_directory

    folder = ctx.tmp / "directory"
    folder.mkdir()
    progress("directory: importing, ranking and matching...")
    for figure in bench_directory.run_all(folder, ctx.env, quick=ctx.settings is QUICK):
        ctx.rows.append(Row(figure.name, figure.samples, figure.target_s))


def bench_chat(ctx: Context) -> None:
    """A keypress in the conversation's reply box, 200-turn vs empty transcript
    (see scripts/bench_chat.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_chat

    folder = ctx.tmp / "chat"
    folder.mkdir()
    progress("chat: timing keypresses beside an empty and a 200-turn transcript...")
    empty, long = bench_chat.run_all(folder, quick=ctx.settings is QUICK)
    reference = Row(empty.name, empty.samples)
    ctx.rows.append(reference)
    ctx.rows.append(with_ratio(Row(long.name, long.samples), reference, "empty", 1.2))


def bench_assessment(ctx: Context) -> None:
    """Self-assessment evidence for 2,000 clients (see scripts/bench_assessment.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_assessment

    folder = ctx.tmp / "assessment"
    folder.mkdir()
    progress("assessment: building a store and computing the evidence...")
    for figure in bench_assessment.run_all(folder, quick=ctx.settings is QUICK):
        ctx.rows.append(Row(figure.name, figure.samples, figure.target_s))


def bench_keys(ctx: Context) -> None:
    """Keys from opening a client to a saved goal, Pilot-counted (see scripts/bench_keys.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_keys

    folder = ctx.tmp / "keys"
    folder.mkdir()
    progress("keys: walking a new client to a saved goal...")
    count = bench_keys.run(folder)
    verdict = "meets" if count.keys <= 30 else "MISSES"
    ctx.notes.append(
        f"keys from opening a client to a saved goal: {count.keys} ({verdict} the target of "
        f"at most 30), plus {count.typed} characters of the client's own words"
    )


def bench_service(ctx: Context) -> None:
    """Thirty keyworkers at once on one PostgreSQL database (see scripts/bench_service.py);
    skipped, saying why, where PostgreSQL's server programs are missing."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_service

    from tests.helpers.postgres import NoPostgres

    folder = ctx.tmp / "service"
    folder.mkdir()
    setting = bench_service.QUICK if ctx.settings is QUICK else bench_service.FULL
    try:
        outcome = bench_service.run(folder, setting, ctx.env)
    except NoPostgres as exc:
        ctx.notes.append(f"service: skipped: {exc}")
        progress(f"service: skipped: {exc}")
        return
    except RuntimeError as exc:  # a keyworker process failed: the other figures still print
        ctx.notes.append(f"service: failed: {exc}")
        return
    ctx.rows += outcome.rows
    ctx.notes += outcome.notes


def bench_audit(ctx: Context) -> None:
    """An audited client open, and verifying a 100,000-entry trail (scripts/bench_audit.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_audit

    folder = ctx.tmp / "audit"
    folder.mkdir()
    progress("audit: timing audited opens and a 100,000-entry check...")
    for figure in bench_audit.run_all(folder, quick=ctx.settings is QUICK):
        ctx.rows.append(Row(figure.name, figure.samples, figure.target_s))


BENCHMARKS: dict[str, Callable[[Context], None]] = {
    "cold-start": bench_cold_start,
    "save-goal": bench_save_goal,
    "open-caseload": bench_open_caseload,
    "encrypted": bench_encrypted,
    "directory": bench_directory,
    "chat": bench_chat,
    "assessment": bench_assessment,
    "keys": bench_keys,
    "service": bench_service,
    "audit": bench_audit,
}


# Main ---------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller store")
    parser.add_argument("--only", choices=sorted(BENCHMARKS), help="run just one benchmark")
    parser.add_argument(
        "--clients", type=int, metavar="N", help="clients in the large store (default 2,000)"
    )
    return parser.parse_args(argv)


FOLDER_STORE_BENCHMARKS = ("save-goal", "open-caseload")
"""The benchmarks that use the large folder store (its size goes in the heading)."""


def describe_machine(settings: Settings, quick: bool, names: Sequence[str]) -> str:
    import textual

    heading = (
        f"fama benchmarks ({'quick' if quick else 'full'}): Python {platform.python_version()}, "
        f"Textual {textual.__version__}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs"
    )
    if any(name in FOLDER_STORE_BENCHMARKS for name in names):
        heading += f"; {settings.clients:,} clients x {RECORDS_PER_CLIENT} records"
    return heading


def main(argv: Sequence[str] | None = None) -> int:
    sys.dont_write_bytecode = True  # this process writes nothing outside the temporary folder
    args = parse_args(argv)
    settings = QUICK if args.quick else FULL
    if args.clients:
        settings = replace(settings, clients=args.clients)
    names = [args.only] if args.only else list(BENCHMARKS)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="fama-bench-") as tmp_name:
        tmp = Path(tmp_name)
        home = tmp / "home"
        home.mkdir()
        driver = tmp / "driver.py"
        driver.write_text(DRIVER, encoding="utf-8")
        ctx = Context(tmp=tmp, settings=settings, env=child_env(home), driver=driver)
        for name in names:
            BENCHMARKS[name](ctx)
    print()
    print(describe_machine(settings, args.quick, names))
    print()
    print_table(ctx.rows)
    print()
    for note in ctx.notes:
        print(f"* {note}")
    for row in ctx.rows:
        if row.ratio_target is not None and row.ratio is not None:
            print(f"* headline: {row.name} = {row.ratio:.2f}x {row.ratio_of}, {row.verdict}")
    print(f"* total time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
