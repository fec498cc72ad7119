"""``fama contacts``: a team lead keeps the register and records visits from the command
line; bad input is one sentence (one per bad import row), exit 2, and nothing saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fama.clock import FixedClock
from fama.store import open_store
from tests.conftest import TODAY
from tests.helpers.cli import make_store, run


@pytest.fixture
def data(tmp_path: Path, clock: FixedClock) -> list[str]:
    return ["--data", str(make_store(tmp_path / "store", clock))]


ADD = ["contacts", "add", "--organisation", "na", "--name", "Sam", "--phone", "07700 900123"]


def test_add_list_and_edit(
    data: list[str], clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        [*ADD, "--consent", "--covers", "DE1", "de22", "--when", "evenings", "--role",
         "H&I", "--position", "NA hospitals and institutions", *data],
        clock,
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith("Added Sam (H&I) (NA) as ")
    code, out, _ = run(["contacts", "list", "--json", *data], clock, capsys)
    (row,) = json.loads(out)
    assert row["areas"] == ["DE1", "DE22"] and row["when"] == "evenings"
    assert row["last_checked"] == TODAY.isoformat() and row["stale"] is False
    code, out, err = run(
        ["contacts", "edit", row["id"], "--email", "sam@example.org", *data], clock, capsys
    )
    assert code == 0, err
    (after,) = json.loads(run(["contacts", "list", "--json", *data], clock, capsys)[1])
    assert after == {**row, "email": "sam@example.org"}
    code, out, _ = run(["contacts", "list", *data], clock, capsys)
    assert "Sam (H&I)" in out and "07700 900123 / sam@example.org" in out and "STALE" not in out


def test_a_stale_entry_is_marked(
    data: list[str], clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([*ADD, "--consent", "--checked", "2025-01-01", *data], clock, capsys)[0] == 0
    _code, out, _ = run(["contacts", "list", *data], clock, capsys)
    assert "STALE (check by 03/07/2025)" in out
    assert json.loads(run(["contacts", "list", "--json", *data], clock, capsys)[1])[0]["stale"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ([*ADD], "agreed to be. Add --consent once they have."),
        ([*ADD[:3], "XA", *ADD[4:], "--consent"], "Unknown organisation 'XA'"),
        ([*ADD[:6], "--consent"], "needs a phone number or an email"),
        ([*ADD, "--consent", "--phone", "12"], "not a UK phone number"),
        (["contacts", "edit", "nobody", "--name", "Jo"], "no contact 'nobody'"),
        (["contacts", "edit", "nobody"], "Say what to change"),
        (["contacts", "visit", "--organisation", "XA", "--to", "staff"], "Unknown organisation"),
        (
            ["contacts", "visit", "--organisation", "AA", "--to", "staff", "--date", "2099-01-01"],
            "future",
        ),
    ],
)
def test_bad_input_is_one_sentence_exit_2_and_nothing_saved(
    data: list[str],
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    words: str,
) -> None:
    code, _out, err = run([*args, *data], clock, capsys)
    assert code == 2 and words in err and err.count("\n") == 1 and "Traceback" not in err
    store = open_store(Path(data[1]))
    assert store.contacts() == [] and store.visits() == []


def test_import_is_all_or_nothing(
    data: list[str], clock: FixedClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = "organisation,name,phone,consent\nAA,Pat,07700 900001,yes\nSMART,Lee,07700 900002,y\n"
    bad = good + "NA,Bo,,yes\nCA,Cy,07700 900003,no\n"
    path = tmp_path / "contacts.csv"
    path.write_text(bad)
    code, out, err = run(["contacts", "import", str(path), *data], clock, capsys)
    assert code == 2
    assert err.splitlines() == [
        "fama: Row 4: A contact needs a phone number or an email address.",
        "Row 5: A contact is listed only once they have agreed to be.",
        "Nothing was saved.",
    ]
    assert open_store(Path(data[1])).contacts() == []
    path.write_text(good)
    code, out, err = run(["contacts", "import", str(path), *data], clock, capsys)
    assert code == 0 and out == "Added 2 contacts.\n", err
    code, out, err = run(["contacts", "import", str(tmp_path / "none.csv"), *data], clock, capsys)
    assert code == 2 and "Cannot read" in err


def test_a_visit_is_recorded(
    data: list[str], clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["contacts", "visit", "--organisation", "ca", "--to", "clients", "--note", "group talk",
         *data],
        clock,
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert out == f"Recorded a visit by CA to clients on {TODAY:%d/%m/%Y}.\n"
    (visit,) = open_store(Path(data[1])).visits()
    assert visit.note == "group talk"
