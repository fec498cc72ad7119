"""``fama audit show`` and ``fama audit verify`` on a folder store as a person runs them:
the entries listed and filtered, the chain checked, an edited or shortened file caught
with exit 2, bad options refused in one sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fama.clock import FixedClock
from fama.store.audit_file import AUDIT_FILE
from tests.helpers.cli import run

CODE = "KB-1042"


@pytest.fixture
def audited(
    demo: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """The demo store after Kim exported one client, Lena the whole store, and Kim erased
    another client."""
    monkeypatch.setenv("FAMA_USER", "kim")
    assert run(["client", "export", CODE, "--data", str(demo)], clock, capsys)[0] == 0
    monkeypatch.setenv("FAMA_USER", "lena")
    assert run(["export", "--data", str(demo)], clock, capsys)[0] == 0
    monkeypatch.setenv("FAMA_USER", "kim")
    assert run(["client", "erase", "KB-1057", "--yes", "--data", str(demo)], clock, capsys)[0] == 0
    return demo


def test_show_lists_who_did_what_oldest_first(
    audited: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["audit", "show", "--data", str(audited)], clock, capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["When", "(UTC)", "Who", "Action", "Record", "What"]
    assert lines[1].split()[1:5] == ["kim", "export", CODE, "client"]
    assert lines[2].split()[1:4] == ["lena", "export", "-"]
    erased = lines[3].split()
    assert erased[1:4] == ["kim", "erase", "id"] and "KB-1057" not in lines[3]
    assert lines[1].startswith("2026-11-24T10:30:00")  # the clock the command ran with


def test_show_filters_by_client_login_and_day(
    audited: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    def whats(*options: str) -> list[str]:
        code, out, err = run(
            ["audit", "show", "--json", *options, "--data", str(audited)], clock, capsys
        )
        assert code == 0, err
        return [row["what"] for row in json.loads(out)]

    assert whats("--client", "kb-1042") == ["client record exported"]
    assert whats("--client", "KB-1057") == ["client erased (records, backups and files written)"]
    assert whats("--who", "lena") == ["whole store exported"]
    assert whats("--since", "2026-11-25") == []
    assert len(whats("--since", "2026-11-24")) == 3


def test_verify_passes_an_untouched_trail(
    audited: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["audit", "verify", "--data", str(audited)], clock, capsys)
    assert (code, err) == (0, "")
    assert out == "The audit trail is intact: 3 entries, each sealing the last.\n"


@pytest.mark.parametrize(
    ("damage", "where"),
    [
        (lambda lines: lines.__setitem__(0, lines[0].replace('"kim"', '"kym"')), 1),
        (lambda lines: lines.__delitem__(1), 2),
        (lambda lines: lines.__setitem__(2, "not json\n"), 3),
    ],
    ids=["an entry edited", "an entry removed", "an entry garbled"],
)
def test_verify_names_the_first_broken_entry_and_exits_2(
    audited: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str], damage: object, where: int
) -> None:
    path = audited / AUDIT_FILE
    lines = path.read_text("utf-8").splitlines(keepends=True)
    damage(lines)  # type: ignore[operator]
    path.write_text("".join(lines), "utf-8")
    code, out, err = run(["audit", "verify", "--data", str(audited)], clock, capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"fama: The audit trail is broken at entry {where}: ")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_bad_day_is_refused_in_one_sentence(
    audited: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["audit", "show", "--since", "someday", "--data", str(audited)], clock, capsys
    )
    assert code == 2 and out == ""
    assert err.startswith("fama: --since: ") and err.count("\n") == 1


def test_an_empty_trail_says_so(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["audit", "show", "--data", str(demo)], clock, capsys)[1] == "No entries.\n"
    code, out, _ = run(["audit", "verify", "--data", str(demo)], clock, capsys)
    assert code == 0 and "intact: 0 entries" in out
