"""The ``store`` fixture of the store contract: every implementation, each test run on
each (the folder store in clear and encrypted, the in-memory store, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fama.store import MemoryStore, Store, open_store
from tests.helpers.sealed import encrypted_store


@pytest.fixture(params=["file", "encrypted", "memory", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "file":
        yield open_store(tmp_path / "store")
    elif request.param == "encrypted":
        yield encrypted_store(tmp_path / "store")
    elif request.param == "memory":
        yield MemoryStore()
    else:
        opened = open_store(request.getfixturevalue("pg_url"))
        yield opened
        opened.close()
