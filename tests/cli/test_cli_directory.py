"""The directory from the command line: import, list, template, locations and match."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fama.clock import FixedClock
from fama.models import Weekday
from fama.store import open_store
from tests.helpers.cli import run

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
SAMPLES = SHARED / "samples"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store"


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


def test_listings_with_no_way_to_attend_are_kept_inactive_and_counted(
    store: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """The pdf fixture's two "Online" rows give only a city and no link or phone."""
    sample = SAMPLES / "meeting-guide_pdf-fixture.json"
    args = ["meetings", "import", str(sample), "--organisation", "AA", "--data", str(store)]
    code, out, err = run(args, clock, capsys)
    assert code == 0, err
    assert "25 added" in out and "2 listed with no way to attend (kept as inactive)" in out
    kept = {m.source_id: m for m in open_store(store).meetings()}
    assert len(kept) == 25
    assert not kept["online-mondays"].active and not kept["wednesday-online"].active
    code, out, _ = run(["meetings", "list", "--all", "--data", str(store)], clock, capsys)
    assert out.count("[inactive]") == 2 and "Online Mondays" in out
    code, out, _ = run(["meetings", "list", "--data", str(store)], clock, capsys)
    assert "Online Mondays" not in out


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


def _feed(generation: int, count: int) -> list[dict[str, object]]:
    return [
        {
            "slug": f"m{i}",
            "name": f"Meeting {i} gen {generation}",
            "day": i % 7,
            "time": f"{8 + i % 12:02d}:30",
            "location": "Quaker Meeting House",
            "formatted_address": "Friar Gate, Kelbridge DE1 3QT",
            "types": ["O", "D"],
        }
        for i in range(count)
    ]


@pytest.mark.slow
def test_a_killed_import_leaves_the_old_directory_or_the_new(demo: Path, tmp_path: Path) -> None:
    """`fama meetings import` killed at random moments: never a mix of two imports."""
    import random
    import signal
    import time

    rng = random.Random(3)
    feed = tmp_path / "big.json"
    demo_ids = {m.id for m in open_store(demo).meetings()}
    generations_seen = set()
    whole_run = 0.0
    # Fractions of a whole import's time at which to kill: early, in the write, and late.
    moments = [0.15, 0.4, 0.7, 0.9, 1.1, 2.5]
    rng.shuffle(moments)
    for generation in range(len(moments) + 1):
        feed.write_text(json.dumps(_feed(generation, 3000)))
        started = time.monotonic()
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "fama",
                "meetings",
                "import",
                str(feed),
                "--organisation",
                "AA",
                "--data",
                str(demo),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if generation == 0:
            # One import runs to the end: how long a whole one takes on this machine now, so
            # the kills below land before, during and after the write however busy it is.
            assert child.wait(timeout=300) == 0
            whole_run = time.monotonic() - started
        elif moments[generation - 1] > 2:
            # Long after a whole import: on a busy machine "2.5 times as long" may still be
            # too soon, so this one is let finish (the kill would find it gone).
            assert child.wait(timeout=300) == 0
        else:
            time.sleep(moments[generation - 1] * whole_run)
            child.send_signal(signal.SIGKILL)
            child.wait()
        meetings = open_store(demo).meetings()
        assert demo_ids <= {m.id for m in meetings}, "the demo directory must survive"
        imported = [m for m in meetings if m.source == "big.json"]
        generations = {m.name.rsplit(" gen ", 1)[1] for m in imported}
        assert len(generations) <= 1, f"a torn import mixes generations {generations}"
        if imported:
            assert len(imported) == 3000
            generations_seen |= generations
    assert len(generations_seen) > 1, "no killed import ever finished: the kills proved nothing"


def test_bad_records_are_skipped_or_with_strict_fail_the_import(
    store: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "mixed.json"
    good = {
        "slug": "a",
        "name": "Good",
        "day": 2,
        "time": "19:30",
        "location": "Hall",
        "formatted_address": "1 High St, Kelbridge DE1 3QT",
    }
    bad = {"slug": "b", "name": "Bad", "day": "Funday", "time": "19:30", "location": "Hall"}
    feed.write_text(json.dumps([good, bad]))
    args = ["meetings", "import", str(feed), "--organisation", "AA", "--data", str(store)]
    code, out, err = run([*args, "--strict"], clock, capsys)
    assert code == 2 and "mixed.json" in err and "record 2" in err
    assert open_store(store).meetings() == []
    code, out, err = run(args, clock, capsys)
    assert code == 0, err
    assert "1 added" in out and "1 record skipped" in out and "record 2" in out
    [meeting] = open_store(store).meetings()
    assert meeting.name == "Good" and meeting.weekday is Weekday.TUESDAY


def test_an_unknown_organisation_is_one_sentence(
    store: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = SAMPLES / "meeting-guide_pdf-fixture.json"
    code, _, err = run(
        ["meetings", "import", str(sample), "--organisation", "XYZ", "--data", str(store)],
        clock,
        capsys,
    )
    assert code == 2 and "Unknown organisation 'XYZ'" in err
