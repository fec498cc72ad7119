"""Fixtures for the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from fama.clock import FixedClock
from tests.helpers.cli import make_store


@pytest.fixture
def demo(tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> Path:
    """The demo store written by ``fama demo`` into a temporary folder (its message read)."""
    path = make_store(tmp_path / "demo", clock, demo=True)
    capsys.readouterr()
    return path
