"""Hostile and odd input: files, options and paths that must never reach the terminal raw,
hang a command, change a store, or end in a traceback.

Every refusal is checked the same way: exit 2, one sentence on stderr, nothing on stdout,
and the store folder byte for byte as it was.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fama.cli.main import main
from fama.clock import FixedClock
from fama.paths import TEMP_SUFFIX
from fama.store import open_store
from fama.text.safe import (
    UNSAFE,
    FileRefused,
    json_text,
    load_json,
    read_limited,
    shown,
    strip_controls,
)
from tests.helpers.cli import run, snapshot

HOSTILE = "\x1b[31mred\x1b[0m \x07bell \x9b2J \u202egnp.exe\u202c \u2066iso\u2069 \x7f \x00"
"""ESC sequences, BEL, a C1 CSI, a right-to-left override and an isolate, DEL and NUL."""


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAMA_HANDOUTS", raising=False)


def assert_refused(code: int, out: str, err: str) -> None:
    assert code == 2, err
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("fama: ") and lines[0].endswith("."), err
    assert not UNSAFE.search(err), "a refusal must not carry control characters"


def meeting_guide(records: list[dict[str, object]]) -> str:
    return json.dumps(records)


def record(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "slug": "hostile-1",
        "name": "Tuesday Night",
        "day": 2,
        "time": "19:30",
        "location": "Quaker Meeting House",
        "formatted_address": "Friar Gate, Kelbridge DE1 3QT",
        "types": ["O"],
    }
    base.update(changes)
    return base


# --------------------------------------------------------------------------- the helpers


@settings(deadline=None)
@given(st.text())
def test_cleaned_text_has_no_unsafe_character_and_keeps_the_rest(text: str) -> None:
    cleaned = strip_controls(text)
    assert not UNSAFE.search(cleaned)
    assert [c for c in text.replace("\r\n", "\n") if not UNSAFE.match(c)] == list(cleaned)


@settings(deadline=None)
@given(st.text())
def test_shown_text_escapes_every_unsafe_character(text: str) -> None:
    printed = shown(text)
    assert not UNSAFE.search(printed)
    if not UNSAFE.search(text):
        assert printed == text


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(st.text() | st.integers() | st.none(), lambda inner: st.lists(inner)))
def test_json_for_printing_is_safe_and_means_the_same(data: object) -> None:
    text = json_text(data)
    assert not UNSAFE.search(text.replace("\n", ""))
    assert json.loads(text) == data


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested more than"),
        ("[" * 200 + "]" * 200, "nested more than 64 levels"),
        ('[{"a": ' * 70 + "1" + "}]" * 70, "nested more than 64 levels"),
        ('[{"latitude": NaN}]', "NaN"),
        ('[{"latitude": -Infinity}]', "-Infinity"),
        ('[{"latitude": 1e400}]', "too large"),
        ('[{"day": 1' + "0" * 5000 + "}]", "too long"),
        ('[{"name": "cut', "not valid JSON"),
    ],
)
def test_json_beyond_the_limits_is_refused_in_one_sentence(text: str, problem: str) -> None:
    with pytest.raises(FileRefused) as refused:
        load_json(text)
    assert problem in str(refused.value)


def test_json_strings_and_keys_come_back_clean() -> None:
    data = load_json(json.dumps({"na\x1bme": [HOSTILE, {"k\u202e": HOSTILE}], "n": 1.5}))
    assert data == {"name": [strip_controls(HOSTILE), {"k": strip_controls(HOSTILE)}], "n": 1.5}


def test_the_reader_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)
    for path, problem in [
        (fifo, "a pipe or a device"),
        (Path("/dev/zero"), "a pipe or a device"),
        (tmp_path, "a folder"),
        (tmp_path / "missing.json", "no such file"),
    ]:
        with pytest.raises(FileRefused, match=problem):
            read_limited(path)


def test_the_reader_refuses_a_file_over_the_limit_also_when_it_grows(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_bytes(b"x" * 101)
    with pytest.raises(FileRefused, match="larger than"):
        read_limited(path, limit=100)
    assert read_limited(path, limit=101) == b"x" * 101


# --------------------------------------------------------------------------- feed text


def test_control_characters_in_a_feed_never_reach_the_store_or_the_terminal(
    demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "evil\x1b]0;owned\x07.json"
    feed.write_text(
        meeting_guide(
            [
                record(
                    name=f"Evil {HOSTILE}",
                    notes=f"line one\r\n{HOSTILE}",
                    location="Hall \u202eevil",
                    slug="evil\x1b",
                    types=["O", "\x1b[2J"],
                )
            ]
        )
    )
    code, out, err = run(
        ["meetings", "import", str(feed), "--organisation", "AA", "--data", str(demo)],
        clock,
        capsys,
    )
    assert code == 0, err
    assert not UNSAFE.search(out + err)
    imported = [m for m in open_store(demo).meetings() if m.name.startswith("Evil")]
    assert len(imported) == 1
    stored = json.dumps(imported[0].model_dump(mode="json"), ensure_ascii=False)
    assert not UNSAFE.search(stored.replace("\\n", "")), stored
    assert imported[0].name.startswith("Evil [31mred[0m bell 2J gnp.exe iso")
    for args in (
        ["meetings", "list"],
        ["meetings", "list", "--json"],
        ["match", "--postcode", "DE1"],
    ):
        code, out, err = run([*args, "--data", str(demo)], clock, capsys)
        assert code == 0 and not UNSAFE.search(out + err)


def test_a_csv_feed_is_cleaned_too(
    demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "local.csv"
    template = tmp_path / "template.csv"
    assert main(["meetings", "template"], clock=clock) == 0
    template.write_text(capsys.readouterr().out)
    header = template.read_text().splitlines()[0].split(",")
    row = {name: "" for name in header}
    row.update(
        organisation="SMART",
        name=f"Bidi {HOSTILE.replace(chr(0), '')}",
        day="Wednesday",
        start="18:00",
        venue="Library",
        address="1 High St",
        postcode="DE1 3QT",
    )
    feed.write_text(",".join(header) + "\n" + ",".join(row[h] for h in header) + "\n")
    code, out, err = run(["meetings", "import", str(feed), "--data", str(demo)], clock, capsys)
    assert code == 0, err
    assert not UNSAFE.search(out + err)
    names = [m.name for m in open_store(demo).meetings() if m.name.startswith("Bidi")]
    assert len(names) == 1 and not UNSAFE.search(names[0])


def test_error_messages_quoting_a_file_are_escaped(
    demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(demo)
    locations = tmp_path / "centres\x1b[2J.csv"
    locations.write_text("outcode,latitude,longitude\n\x1b[31mSE1\x07,51.5,-0.1\n")
    code, out, err = run(
        ["locations", "import", str(locations), "--data", str(demo)], clock, capsys
    )
    assert_refused(code, out, err)
    assert "row 2, column outcode" in err
    assert snapshot(demo) == before


def test_a_service_handout_with_control_characters_is_shown_clean(
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "handouts"
    folder.mkdir()
    (folder / "local-group.md").write_text(
        '+++\nid = "local-group"\ntitle = "Our group \x1b[5m"\nsummary = "A local group."\n'
        'audience = ["client"]\nstage = 1\n+++\n\n'
        f"Come along. {HOSTILE}\n"
    )
    os.mkfifo(folder / "a-pipe.md")
    (folder / "huge.md").write_bytes(b"x" * (2 * 1024 * 1024))
    monkeypatch.setenv("FAMA_HANDOUTS", str(folder))
    for args in (["handouts", "list"], ["handouts", "show", "local-group"]):
        code, out, err = run(args, clock, capsys)
        assert code == 0 and not UNSAFE.search(out + err), out + err
    code, out, err = run(["handouts", "list"], clock, capsys)
    assert "skipped huge.md: it is larger than 1 MB." in err
    assert "a-pipe" not in out + err


# --------------------------------------------------------------------------- hostile files


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested more than"),
        (meeting_guide([{"deep": json.loads("[" * 500 + "]" * 500)}]), "nested more than"),
        ('[{"slug": "a", "name": "A", "day": 1, "time": "19:00", "latitude": NaN}]', "NaN"),
        ('[{"slug": "a", "name": "A", "day": 1, "time": "19:00", "latitude": 1e999}]', "too large"),
        ('[{"slug": "a", "name": "A", "day": 1' + "0" * 5000 + "}]", "too long"),
    ],
    ids=["deep-100000", "deep-500", "nan", "inf", "huge-int"],
)
def test_hostile_json_feeds_are_refused(
    content: str,
    problem: str,
    demo: Path,
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(content)
    before = snapshot(demo)
    args = ["meetings", "import", str(feed), "--organisation", "AA", "--data", str(demo)]
    code, out, err = run(args, clock, capsys)
    assert_refused(code, out, err)
    assert problem in err
    assert snapshot(demo) == before


@pytest.mark.parametrize("command", ["meetings", "locations"])
def test_a_pipe_a_device_and_an_oversized_file_are_refused(
    command: str, demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "feed.csv"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)  # sparse: costs no disk
    before = snapshot(demo)
    for path, problem in [
        (fifo, "a pipe or a device"),
        (Path("/dev/zero"), "a pipe or a device"),
        (huge, "larger than 50 MB"),
        (tmp_path, "a folder"),
    ]:
        code, out, err = run([command, "import", str(path), "--data", str(demo)], clock, capsys)
        assert_refused(code, out, err)
        assert problem in err
    assert snapshot(demo) == before


@pytest.mark.slow
def test_the_installed_command_never_hangs_on_a_pipe_nor_prints_a_traceback(
    demo: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "feed.json"
    os.mkfifo(fifo)
    before = snapshot(demo)
    for path in (fifo, Path("/dev/zero")):
        result = subprocess.run(
            [sys.executable, "-m", "fama", "meetings", "import", str(path), "--data", str(demo)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert_refused(result.returncode, result.stdout, result.stderr)
    assert snapshot(demo) == before


@pytest.mark.parametrize(
    "args",
    [
        ["match", "--postcode", "DE1", "--within-miles", "nan"],
        ["match", "--postcode", "DE1", "--within-miles", "inf"],
        ["match", "--postcode", "DE1", "--within-miles", "1e400"],
        ["match", "--postcode", "DE1", "--after", "99:99"],
        ["match", "--postcode", "DE1", "--limit", "9" * 400],
        ["client", "summary", "KB-1042", "--since", "+99999999999999"],
        ["client", "summary", "KB-1042", "--until", "1e400"],
        ["assessment", "export", "--from", "99999999999w"],
        ["meetings", "import", "x.json", "--timezone", "Mars/\x1b[2JOlympus"],
    ],
)
def test_odd_numbers_in_options_are_one_sentence(
    args: list[str], demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(demo)
    code, out, err = run([*args, "--data", str(demo)], clock, capsys)
    assert_refused(code, out, err)
    assert snapshot(demo) == before


# --------------------------------------------------------------------------- --data


@pytest.mark.parametrize(
    "args",
    [
        ["client", "list"],
        ["client", "export", "KB-1042"],
        ["client", "summary", "KB-1042"],
        ["client", "erase", "KB-1042", "--yes"],
        ["export"],
        ["meetings", "list"],
        ["match", "--postcode", "SE1"],
        ["assessment", "export"],
    ],
)
def test_a_command_that_reads_refuses_a_path_with_no_store(
    args: list[str], tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "stroe"
    code, out, err = run([*args, "--data", str(typo)], clock, capsys)
    assert_refused(code, out, err)
    assert f"There is no fama store at {typo}" in err and "fama store init" in err
    assert not typo.exists(), "a typo must not become a new store"


def test_the_app_refuses_a_given_path_with_no_store(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "stroe"
    code, out, err = run(["--data", str(typo)], clock, capsys)
    assert_refused(code, out, err)
    assert not typo.exists()


def test_an_existing_folder_keeps_its_permissions(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)
    code, out, err = run(["client", "list", "--data", str(folder)], clock, capsys)
    assert_refused(code, out, err)
    assert list(folder.iterdir()) == [] and stat.S_IMODE(folder.stat().st_mode) == 0o755
    code, out, err = run(["store", "init", "--data", str(folder)], clock, capsys)
    assert code == 0 and "Made an empty store" in out
    assert "other users can open" in err
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    for path in folder.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    code, out, _ = run(["client", "list", "--data", str(folder)], clock, capsys)
    assert code == 0 and "No clients" in out
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_a_demo_in_an_existing_empty_folder_keeps_its_permissions(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "demo"
    folder.mkdir()
    folder.chmod(0o750)
    for _ in range(2):  # made, then made fresh again
        assert main(["demo", "--no-launch", "--data", str(folder)], clock=clock) == 0
        assert stat.S_IMODE(folder.stat().st_mode) == 0o750


def test_a_write_makes_a_new_store_with_a_notice(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(meeting_guide([record()]))
    new = tmp_path / "new-store"
    args = ["meetings", "import", str(feed), "--organisation", "AA", "--data", str(new)]
    code, out, err = run(args, clock, capsys)
    assert code == 0 and "1 added" in out
    assert err == f"fama: there was no store at {new}; made a new one there.\n"
    assert stat.S_IMODE(new.stat().st_mode) == 0o700
    code, out, err = run(args, clock, capsys)
    assert code == 0 and err == "", "the notice is for the first write only"


def test_a_store_is_never_made_among_other_files(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine")
    home.chmod(0o755)
    before = snapshot(home)
    feed = tmp_path / "feed.json"
    feed.write_text(meeting_guide([record()]))
    for args in (
        ["store", "init"],
        ["meetings", "import", str(feed), "--organisation", "AA"],
        ["client", "add", "KB-1", "--keyworker", "JB", "--postcode", "SE1"],
    ):
        code, out, err = run([*args, "--data", str(home)], clock, capsys)
        assert_refused(code, out, err)
        assert "already holds other files" in err
    assert snapshot(home) == before and stat.S_IMODE(home.stat().st_mode) == 0o755


def test_store_init_twice_changes_nothing(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(demo)
    code, out, _ = run(["store", "init", "--data", str(demo)], clock, capsys)
    assert code == 0 and "already a fama store" in out
    assert snapshot(demo) == before


# --------------------------------------------------------------------------- -o


@pytest.mark.parametrize(
    "args",
    [
        ["export", "-o"],
        ["client", "export", "KB-1042", "-o"],
        ["client", "summary", "KB-1042", "-o"],
        ["assessment", "export", "-o"],
    ],
)
@pytest.mark.parametrize("inside", ["fama.json", "clients/new.json", "report.md"])
def test_output_never_lands_inside_the_store(
    args: list[str],
    inside: str,
    demo: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = snapshot(demo)
    target = demo / inside
    code, out, err = run([*args, str(target), "--data", str(demo)], clock, capsys)
    assert_refused(code, out, err)
    assert f"is inside the store folder {demo}" in err
    assert snapshot(demo) == before


def test_output_through_a_link_to_the_store_is_refused_too(
    demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "reports"
    link.symlink_to(demo)
    before = snapshot(demo)
    code, out, err = run(
        ["export", "-o", str(link / "fama.json"), "--data", str(demo)], clock, capsys
    )
    assert_refused(code, out, err)
    assert snapshot(demo) == before


def test_handout_export_never_lands_in_the_default_store(
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = tmp_path / "store"
    assert main(["store", "init", "--data", str(store)], clock=clock) == 0
    monkeypatch.setenv("FAMA_DATA", str(store))
    capsys.readouterr()
    code, out, err = run(
        ["handouts", "export", "god-and-religion", "-o", str(store / "fama.json")], clock, capsys
    )
    assert_refused(code, out, err)
    assert (store / "fama.json").read_bytes().startswith(b"{")


def test_a_failed_write_names_the_file_asked_for_not_the_temp_file(
    demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "export.json"
    # A folder where the temporary file would go makes the write fail, even for root.
    blocker = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}{TEMP_SUFFIX}")
    blocker.mkdir()
    code, out, err = run(["export", "-o", str(target), "--data", str(demo)], clock, capsys)
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.startswith(f"fama: Could not write {target} (")
    assert TEMP_SUFFIX not in err
    assert not target.exists()


def test_client_export_writes_a_private_file(
    demo: Path, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, printed, _ = run(["client", "export", "KB-1042", "--data", str(demo)], clock, capsys)
    assert code == 0
    target = tmp_path / "sar.json"
    old_umask = os.umask(0o022)
    try:
        code, out, err = run(
            ["client", "export", "kb-1042", "-o", str(target), "--data", str(demo)], clock, capsys
        )
    finally:
        os.umask(old_umask)
    assert code == 0 and str(target) in out and err == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    written, shown = json.loads(target.read_text()), json.loads(printed)
    # the second export lists the first among who accessed the record, then itself
    assert [a["what"] for a in written.pop("accessed")] == ["client record exported"] * 2
    assert [a["what"] for a in shown.pop("accessed")] == ["client record exported"]
    assert written == shown


def test_output_to_a_device_is_refused(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["export", "-o", "/dev/null", "--data", str(demo)], clock, capsys)
    assert_refused(code, out, err)
    assert Path("/dev/null").exists() and not Path("/dev/null").is_file()
