"""Shared fixtures: a temporary store, a fixed clock, and isolation from the user's own data."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.demo.town import build_demo
from fama.store import MemoryStore, open_store
from tests.helpers.postgres import (
    NoPostgres,
    TempServer,
    drop_database,
    fresh_database,
    make_template,
    skip_or_fail,
    temp_server,
)

# A Tuesday in November, mid-morning in London: every test sees the same day.
FIXED_NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
TODAY = date(2026, 11, 24)
SHARED = Path(__file__).resolve().parents[2] / "shared"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Collect garbage as the app does when it runs (fama.tui.app.tune_garbage_collection):
    a screen test spends an eighth of its time in the collector otherwise. Only the modules
    imported by now are frozen out of its walks, once, so what tests leave behind is still
    collected."""
    from fama.tui.app import tune_garbage_collection

    tune_garbage_collection()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers per core. A screen test spends much of its time asleep while
    Pilot waits for the app to go idle, and a second worker on the core uses that time."""
    return 2 * (os.cpu_count() or 1)


@pytest.fixture(autouse=True)
def _isolate_user_data(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test may read or write the real user's store, whatever the environment says."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("FAMA_DATA", raising=False)
    monkeypatch.delenv("FAMA_STORE", raising=False)
    monkeypatch.delenv("FAMA_PASSPHRASE_FILE", raising=False)
    monkeypatch.delenv("FAMA_NEW_PASSPHRASE_FILE", raising=False)


@pytest.fixture(autouse=True)
def _steady_cursor(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In snapshot tests a text box's cursor stays shown: its half-second blink would make a
    picture depend on how busy the machine was when it was taken."""
    if not request.node.module.__name__.rpartition(".")[2].startswith("test_snapshots"):
        return
    from textual.widgets import Input

    def keep_visible(self: Input) -> None:
        self._cursor_visible = True

    monkeypatch.setattr(Input, "_toggle_cursor", keep_visible)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FIXED_NOW)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def casebook(clock: FixedClock) -> Casebook:
    """A casebook over the in-memory store: for the service layer and the screens, which
    do not test files (the store contract is the same; no fsyncs, so faster)."""
    return Casebook(MemoryStore(), clock)


@pytest.fixture(scope="session")
def demo_town() -> MemoryStore:
    """The demo town, built once per test process (building it plays every demo
    conversation through the engine); each test gets a copy."""
    store = MemoryStore()
    Casebook(store, FixedClock(FIXED_NOW)).load_demo(build_demo(TODAY))
    return store


@pytest.fixture
def demo_casebook(casebook: Casebook, demo_town: MemoryStore) -> Casebook:
    """The demo town in memory (a copy of it: change it as you like)."""
    assert isinstance(casebook.store, MemoryStore)
    assert casebook.clock.today() == TODAY, "the demo town is built for the fixed day"
    casebook.store.fill_from(demo_town)
    return casebook


@pytest.fixture(scope="session")
def demo_town_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo town as a file store, written once per test process."""
    folder = tmp_path_factory.mktemp("demo-town") / "store"
    Casebook(open_store(folder), FixedClock(FIXED_NOW)).load_demo(build_demo(TODAY))
    return folder


@pytest.fixture
def file_casebook(store_path: Path, clock: FixedClock) -> Casebook:
    """A casebook over the file store at ``store_path``: for tests of what is on disk
    (backups, erasure, a second process or app opening the same folder)."""
    return Casebook(open_store(store_path), clock)


@pytest.fixture
def file_demo_casebook(store_path: Path, clock: FixedClock, demo_town_folder: Path) -> Casebook:
    """The demo town in a file store at ``store_path`` (a copy of the one written once)."""
    shutil.copytree(demo_town_folder, store_path)
    return Casebook(open_store(store_path), clock)


@pytest.fixture(autouse=True)
def _quick_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot waits for the app to go idle by sleeping 20 ms at a time; 5 ms is plenty to
    tell busy from idle here and makes each key press in a test four times quicker."""
    import textual._wait

    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 1 / 200)
    monkeypatch.setattr(textual._wait, "SLEEP_IDLE", 1 / 200 / 20)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[TempServer]:
    """A throw-away PostgreSQL for this test process (see tests/helpers/postgres.py), with a
    template database holding fama's schema. Skips where there is none, fails in CI."""
    try:
        with temp_server() as server:
            make_template(server)
            yield server
    except NoPostgres as exc:
        skip_or_fail(str(exc))


_DATABASES = itertools.count(1)


@pytest.fixture
def pg_url(pg_server: TempServer) -> Iterator[str]:
    """The URL of a new database with fama's schema and nothing in it, dropped after."""
    name = f"fama_test_{os.getpid()}_{next(_DATABASES)}"
    url = fresh_database(pg_server, name)
    yield url
    drop_database(pg_server, name)
