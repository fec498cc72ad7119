"""A plain launch (``fama``, ``fama --store STORE``) is read without argparse: every form the
full parser takes still opens the app on the same store, and the rest still gets the full
parser's answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import fama.cli.main as cli_main
from fama.casebook.service import Casebook
from fama.cli.main import main, parse_launch
from fama.clock import Clock, FixedClock
from fama.store import TinyDBStore


@pytest.mark.parametrize(
    ("argv", "store"),
    [
        ([], None),
        (["--store", "/s"], "/s"),
        (["--data", "/s"], "/s"),
        (["--store=/s"], "/s"),
        (["--data=/s"], "/s"),
        (["--data="], ""),
        (["--data=-odd"], "-odd"),
    ],
)
def test_a_plain_launch_is_read_at_once(argv: list[str], store: str | None) -> None:
    args = parse_launch(argv)
    assert args is not None and args.data == store and args.command is None


@pytest.mark.parametrize(
    "argv",
    [
        ["--store"],
        ["--store", "-odd"],
        ["--sto", "/s"],
        ["--data", "/s", "--data", "/t"],
        ["--data=/s", "demo"],
        ["demo"],
        ["--help"],
        ["--version"],
        ["--", "--data"],
    ],
)
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert parse_launch(argv) is None


@pytest.mark.parametrize(
    "form",
    [
        lambda p: ["--store", p],
        lambda p: ["--data", p],
        lambda p: [f"--store={p}"],
        lambda p: ["--sto", p],  # abbreviated: the full parser reads it, as it always has
        lambda p: ["--data", "/elsewhere", "--data", p],  # the last one given counts
    ],
)
def test_every_form_opens_the_app_on_the_store_named(
    form: Callable[[str], list[str]], demo: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []

    def launch(casebook: Casebook, clock: Clock, idle_lock: float) -> int:
        assert isinstance(casebook.store, TinyDBStore)
        opened.append(casebook.store.path)
        return 0

    monkeypatch.setattr(cli_main, "launch", launch)
    assert main(form(str(demo)), clock=clock) == 0
    assert opened == [demo]


def test_an_option_without_its_store_is_refused_by_the_full_parser(
    clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--store"], clock=clock)
    assert stopped.value.code == 2
    assert "expected one argument" in capsys.readouterr().err
