"""Starting fama loads what the first painted caseload needs and nothing more: the lock
screen, the command palette, the conversation, the directory's ranking, pydantic and the
optional libraries load the first time they are used (scripts/bench.py --only cold-start
measures the start; this keeps the cheap start from wearing away unnoticed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from fama.store import open_store

DEFERRED = (
    "fama.tui.screens.lock",
    "fama.tui.palette",
    "fama.tui.screens.conversation",
    "fama.conversation",
    "fama.directory.matching",
    "fama.assessment",
    "fama.handouts",
    "fama.store.postgres",
    "pydantic",
    "icalendar",
    "cryptography",
    "argon2",
    "psycopg",
    "openpyxl",
    "markdown_it",
)

DEFERRED_PAST_THE_PAINT = (
    *DEFERRED,
    "argparse",  # a plain launch is read without it (fama.cli.main.parse_launch)
    "tinydb",  # the caseload is read from the index shards' JSON; TinyDB makes changes
    "filelock",  # a healthy store opens without its lock
    "fama.audit.chain",  # the hash chain: the first audited read or change
    "hashlib",
    "fama.store.erasure",  # an erasure run, finished or reported
    "fama.store.memory_store",
    "fama.models.vocab",  # the caseload needs only the stages (fama.models.stage)
    "fama.casebook.identity",  # a database login's staff member
)
"""What must still be unloaded once the caseload is painted from a store folder."""

PAINT = """
import os, sys
from textual.widgets import DataTable
import fama.cli.main
from fama.casebook.service import Casebook
from fama.clock import SystemClock
from fama.paths import resolve_store
from fama.store import open_store
from fama.tui.app import make_app, tune_garbage_collection
from fama.tui.screens.caseload import CaseloadScreen

args = fama.cli.main.parse_launch(sys.argv[1:])
app = make_app(Casebook(open_store(resolve_store(args.data)), SystemClock()))
tune_garbage_collection()

async def painted(pilot):
    while True:
        screen = app.screen
        rows = isinstance(screen, CaseloadScreen) and screen.query_one(DataTable).row_count
        await screen.wait_for_refresh()
        if rows and app.screen is screen:
            sys.__stdout__.write("\\n".join(["painted", *sorted(sys.modules)]) + "\\n")
            sys.__stdout__.flush()
            os._exit(0)

app.run(headless=True, size=(120, 40), auto_pilot=painted)
os._exit(1)
"""
"""As ``fama --store STORE`` starts, as far as the first painted caseload (the way
scripts/bench.py measures it), then the modules loaded by then."""


def test_starting_the_app_leaves_the_rest_for_later() -> None:
    code = (
        "import sys, fama.cli.main, fama.tui.app, fama.tui.screens.caseload\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "fama.tui.widgets.footer" in loaded  # the check sees what the start loads
    early = [m for m in DEFERRED if m in loaded or any(x.startswith(m + ".") for x in loaded)]
    assert early == []


def test_painting_the_caseload_from_a_store_leaves_the_rest_for_later(
    demo_town_folder: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    shutil.copytree(demo_town_folder, store)
    open_store(store)  # a copy's files are new inodes: its index is brought up to date once
    out = subprocess.run(
        [sys.executable, "-c", PAINT, "--store", str(store)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split()
    assert out[0] == "painted"
    loaded = set(out[1:])
    assert {"fama.store.tinydb_store", "textual.widgets._data_table"} <= loaded
    early = [
        m
        for m in DEFERRED_PAST_THE_PAINT
        if m in loaded or any(x.startswith(m + ".") for x in loaded)
    ]
    assert early == []
