"""``fama client add``: a client added from a script, checked as the client form checks it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.models import Client
from fama.staff.form import StaffForm
from fama.store import open_store
from tests.helpers.cli import make_store, run


def exported(store: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> object:
    """The store's whole export, less the moment it was taken."""
    code, out, _ = run(["export", "--data", str(store)], clock, capsys)
    assert code == 0
    data = json.loads(out)
    data.pop("exported_at", None)
    return data


def client(store: Path, clock: FixedClock, code: str) -> Client:
    return Casebook(open_store(store), clock).clients.record(code).client


@pytest.fixture
def store(tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> Path:
    path = make_store(tmp_path / "store", clock)
    capsys.readouterr()
    return path


def test_a_client_is_added_with_what_was_given(
    store: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        [
            "client",
            "add",
            "kb-2001",
            "--keyworker",
            "jb",
            "--postcode",
            "se1",
            "--episode-start",
            "1/9/2026",
            "--substances",
            "alcohol,crack",
            "--data",
            str(store),
        ],
        clock,
        capsys,
    )
    assert code == 0, err
    assert out == "Added client KB-2001 (keyworker JB, SE1, episode from 01/09/2026).\n"
    added = client(store, clock, "KB-2001")
    assert (added.keyworker, added.postcode_district) == ("JB", "SE1")
    assert added.episode_start == date(2026, 9, 1)
    assert [s.value for s in added.substances] == ["alcohol", "crack"]
    code, out, _ = run(["client", "list", "--data", str(store)], clock, capsys)
    assert "KB-2001" in out


def test_the_episode_starts_today_unless_given(
    store: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["client", "add", "KB-1", "--keyworker", "JB", "--postcode", "DE1"]
    assert run([*args, "--data", str(store)], clock, capsys)[0] == 0
    assert client(store, clock, "KB-1").episode_start == clock.today()


@pytest.mark.parametrize(
    ("args", "messages"),
    [
        (
            ["KB-1", "--keyworker", "JB", "--postcode", "SE1 7PB"],
            ["fama: --postcode: "],
        ),
        (
            ["KB-1", "--keyworker", " ", "--postcode", "SE1"],
            ["fama: --keyworker: Enter the keyworker's initials."],
        ),
        (
            ["KB-1", "--keyworker", "JB", "--postcode", "SE1", "--episode-start", "+7"],
            ["fama: --episode-start: The episode start cannot be in the future."],
        ),
        (
            ["KB-1", "--keyworker", "JB", "--postcode", "SE1", "--substances", "gin"],
            ["fama: --substances: Unknown substance 'gin'"],
        ),
        (
            ["a/b c", "--keyworker", "", "--postcode", "nowhere", "--episode-start", "soon"],
            [
                "fama: CODE: ",
                "fama: --keyworker: ",
                "fama: --postcode: ",
                "fama: --episode-start: ",
            ],
        ),
    ],
)
def test_each_bad_field_is_one_sentence_and_nothing_is_saved(
    args: list[str],
    messages: list[str],
    store: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = exported(store, clock, capsys)
    code, out, err = run(["client", "add", *args, "--data", str(store)], clock, capsys)
    assert code == 2 and out == "" and "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == len(messages)
    for line, start in zip(lines, messages, strict=True):
        assert line.startswith(start) and line.endswith("."), line
    assert exported(store, clock, capsys) == before


def test_a_code_in_use_is_refused(
    store: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["client", "add", "KB-1", "--keyworker", "JB", "--postcode", "SE1", "--data", str(store)]
    assert run(args, clock, capsys)[0] == 0
    before = exported(store, clock, capsys)
    code, out, err = run(args, clock, capsys)
    assert code == 2 and out == ""
    assert err == "fama: CODE: The code KB-1 is already in use; client codes must be unique.\n"
    assert exported(store, clock, capsys) == before


def test_the_keyworker_must_be_on_the_staff_list_when_there_is_one(
    store: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    Casebook(open_store(store), clock).staff.save(StaffForm(id="AB", name="Ann Bell"))
    before = exported(store, clock, capsys)
    args = ["client", "add", "KB-1", "--postcode", "SE1", "--data", str(store)]
    code, out, err = run([*args, "--keyworker", "JB"], clock, capsys)
    assert code == 2 and out == ""
    assert err.startswith("fama: --keyworker: JB is not on the staff list (AB)")
    assert exported(store, clock, capsys) == before
    code, _, _ = run([*args, "--keyworker", "ab"], clock, capsys)
    assert code == 0
    assert client(store, clock, "KB-1").keyworker == "AB"


def test_adding_to_a_new_path_makes_the_store_with_a_notice(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "team"
    args = ["client", "add", "KB-1", "--keyworker", "JB", "--postcode", "SE1"]
    code, out, err = run([*args, "--data", str(new)], clock, capsys)
    assert code == 0 and out.startswith("Added client KB-1")
    assert err == f"fama: there was no store at {new}; made a new one there.\n"


def test_a_bad_field_on_a_new_path_still_leaves_no_client(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "team"
    args = ["client", "add", "KB-1", "--keyworker", "JB", "--postcode", "bad postcode"]
    code, _, err = run([*args, "--data", str(new)], clock, capsys)
    assert code == 2 and "--postcode" in err
    assert Casebook(open_store(new), clock).clients.caseload().entries == []
