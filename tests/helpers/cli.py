"""Running the ``fama`` command in-process, as the CLI tests do, and telling whether a
store folder changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from fama.cli.main import main
from fama.clock import FixedClock


def run(
    args: list[str], clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """``fama ARGS`` with a fixed clock: the exit code, stdout and stderr."""
    code = main(args, clock=clock)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def make_store(path: Path, clock: FixedClock, *, demo: bool = False) -> Path:
    """A store at ``path``, empty (``fama store init``) or the demo (``fama demo``)."""
    args = ["demo", "--no-launch"] if demo else ["store", "init"]
    assert main([*args, "--data", str(path)], clock=clock) == 0
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in a folder and its bytes (a store's lock file carries no data)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }
