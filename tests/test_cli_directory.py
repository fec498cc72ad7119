"""The directory from the command line: import, list, template, locations and match."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fama.cli import main
from fama.clock import FixedClock
from fama.store import open_store

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SAMPLES = SHARED / "samples"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def demo(tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "demo"
    assert main(["demo", "--no-launch", "--data", str(path)], clock=clock) == 0
    capsys.readouterr()
    return path


def run(
    args: list[str], clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    code = main(args, clock=clock)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_import_then_reimport_reports_what_changed(
    store: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = SAMPLES / "bmlt_getsearchresults-with-formats.json"
    code, out, err = run(["meetings", "import", str(sample), "--data", str(store)], clock, capsys)
    assert code == 0, err
    assert "53 added" in out and "0 updated" in out
    code, out, _ = run(["meetings", "import", str(sample), "--data", str(store)], clock, capsys)
    assert code == 0 and "53 unchanged" in out and "0 added" in out
    assert len(open_store(store).meetings()) == 53


def test_a_bad_file_exits_2_and_changes_nothing(
    demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (demo / "meetings.json").read_bytes()
    junk = tmp_path / "junk.json"
    junk.write_text('{"not": "meetings"')
    code, out, err = run(["meetings", "import", str(junk), "--data", str(demo)], clock, capsys)
    assert code == 2 and out == ""
    assert err.startswith("fama: ") and "junk.json" in err and len(err.strip().splitlines()) == 1
    assert (demo / "meetings.json").read_bytes() == before


def test_list_json_uses_the_match_field_names(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["meetings", "list", "--json", "--data", str(demo)], clock, capsys)
    assert code == 0
    rows = json.loads(out)
    assert rows and {"meeting_id", "organisation", "name", "weekday", "start", "attendance"} <= set(
        rows[0]
    )
    assert rows[0]["weekday"] in (
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    )
    assert len(rows[0]["start"]) == 5 and rows[0]["start"][2] == ":"


def test_template_is_a_csv_that_imports(
    store: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["meetings", "template"], clock, capsys)
    assert code == 0 and "organisation" in out.splitlines()[0].lower()
    assert "Columns" in err
    template = tmp_path / "ours.csv"
    template.write_text(out)
    code, out, err = run(["meetings", "import", str(template), "--data", str(store)], clock, capsys)
    assert code == 0, err
    assert len(open_store(store).meetings()) >= 1


def test_locations_import_and_match_json(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["locations", "import", str(SHARED / "uk-outcode-centroids.csv"), "--data", str(demo)],
        clock,
        capsys,
    )
    assert code == 0, err
    assert "3,002" in out
    code, out, err = run(
        ["match", "--client", "KB-1071", "--json", "--limit", "5", "--data", str(demo)],
        clock,
        capsys,
    )
    assert code == 0, err
    rows = json.loads(out)
    assert 0 < len(rows) <= 5
    assert set(rows[0]) == {
        "meeting_id",
        "organisation",
        "name",
        "weekday",
        "start",
        "attendance",
        "distance_miles",
        "score",
        "reasons",
    }
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)


def test_match_by_flags_and_nothing_fits(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["match", "--postcode", "DE1 3QT", "--women-only", "--wheelchair", "--data", str(demo)],
        clock,
        capsys,
    )
    assert code == 0 and out.startswith("1. ")
    code, out, _ = run(
        [
            "match",
            "--postcode",
            "DE1",
            "--women-only",
            "--family",
            "--attendance",
            "phone",
            "--data",
            str(demo),
        ],
        clock,
        capsys,
    )
    assert code == 0 and "No meeting fits" in out and "ruled out" in out


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["--days", "funday"], "not a day"),
        (["--after", "7pm"], "24-hour time"),
        (["--attendance", "teleport"], "not a way to attend"),
        (["--postcode", "nowhere"], "not a UK postcode"),
        (["--within-miles", "-1"], "positive"),
        (["--client", "ZZ-9"], "no client"),
    ],
)
def test_bad_match_flags_are_one_sentence(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str], flags: list[str], words: str
) -> None:
    code, out, err = run(["match", *flags, "--data", str(demo)], clock, capsys)
    assert code in (1, 2) and out == ""
    assert words in err and "Traceback" not in err


def test_bad_locations_file_exits_2(
    demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "places.csv"
    bad.write_text("outcode,latitude,longitude\nSE1,not-a-number,-0.1\n")
    code, _, err = run(["locations", "import", str(bad), "--data", str(demo)], clock, capsys)
    assert code == 2 and "places.csv" in err
    assert open_store(demo).locations() == {}


def test_match_end_to_end_from_a_fresh_process(demo: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fama", "match", "--client", "KB-1042", "--data", str(demo)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1. ")
