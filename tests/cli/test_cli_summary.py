"""``fama client summary``: a client's mutual aid summary for the care plan, from the shell."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fama.cli.main import main
from fama.clock import FixedClock
from fama.store import open_store
from tests.helpers.cli import run


def test_markdown_to_stdout_by_default(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["client", "summary", "kb-1042", "--data", str(demo)], clock, capsys)
    assert (code, err) == (0, "")
    assert out.startswith("# Mutual aid summary for KB\\-1042\n")
    assert "**Period:** Fri 20 Nov 2026 to Tue 24 Nov 2026 (since the last care-plan review)" in out
    # The one follow-up in these 5 days reported the 3 weeks since the one before.
    assert (
        "- Meetings they reported: 3, over 3 weeks from Sat 31 Oct 2026 to Fri 20 Nov 2026" in out
    )
    assert "- Meetings they went to: SMART: SMART Recovery Kelbridge Central, Tue 19:30" in out
    assert "DE23" not in out  # never the client's postcode district


@pytest.mark.parametrize(
    ("fmt", "start", "marker"),
    [
        ("md", "# Mutual aid summary", "## Goals"),
        ("html", "<!DOCTYPE html>", "<h2>Goals</h2>"),
        ("txt", "Mutual aid summary for KB-1042\n=====", "Goals\n-----"),
    ],
)
def test_formats(
    demo: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
    start: str,
    marker: str,
) -> None:
    args = ["client", "summary", "KB-1042", "--format", fmt, "--data", str(demo)]
    code, out, _ = run(args, clock, capsys)
    assert code == 0
    assert out.startswith(start) and marker in out


def test_since_and_until_choose_the_period(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["client", "summary", "KB-1042", "--format", "txt", "--data", str(demo)]
    code, out, _ = run([*args, "--since", "2026-07-27", "--until", "2026-11-01"], clock, capsys)
    assert code == 0
    assert "Period: Mon 27 Jul 2026 to Sun 1 Nov 2026" in out
    assert "Follow-ups: 1; they said they went" in out
    assert "- How helpful (0 to 10): 6\n" in out and "range" not in out


@pytest.mark.parametrize(
    ("since", "until", "period"),
    [
        ("2w", None, "Tue 10 Nov 2026 to Tue 24 Nov 2026"),
        ("1/11", "fri", "Sun 1 Nov 2026 to Fri 27 Nov 2026"),
        ("1/12", None, "Mon 1 Dec 2025 to Tue 24 Nov 2026"),  # the latest 1 December
        ("20/11/2026", "yesterday", "Fri 20 Nov 2026 to Mon 23 Nov 2026"),
        ("mon", "today", "Mon 23 Nov 2026 to Tue 24 Nov 2026"),
    ],
)
def test_since_and_until_read_dates_as_the_screen_does(
    demo: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    since: str,
    until: str | None,
    period: str,
) -> None:
    args = ["client", "summary", "KB-1042", "--format", "txt", "--since", since]
    code, out, err = run(
        [*args, *(["--until", until] if until else []), "--data", str(demo)], clock, capsys
    )
    assert (code, err) == (0, "")
    assert f"Period: {period}" in out


def test_output_file_is_private_and_its_format_follows_the_name(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "kb-1042-review.html"
    args = ["client", "summary", "KB-1042", "-o", str(target), "--data", str(demo)]
    code, out, err = run(args, clock, capsys)
    assert (code, err) == (0, "")
    assert out == f"Wrote the summary for KB-1042 to {target}.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]

    markdown = tmp_path / "summary.md"
    args = ["client", "summary", "KB-1042", "--format", "txt", "-o", str(markdown)]
    assert run([*args, "--data", str(demo)], clock, capsys)[0] == 0
    assert markdown.read_text(encoding="utf-8").startswith("Mutual aid summary for KB-1042\n===")
    assert stat.S_IMODE(markdown.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--since", "junk"],
            "fama: --since: “junk” is not a date fama understands: enter a date such as "
            "2026-12-01 or 1/12, +7 for a week today, 2w, or a day such as fri.\n",
        ),
        (
            ["--until", "2026-02-30"],
            "fama: --until: “2026-02-30” is not a date fama understands: enter a date such as "
            "2026-12-01 or 1/12, +7 for a week today, 2w, or a day such as fri.\n",
        ),
        (
            ["--since", "31/2"],
            "fama: --since: There is no day 31/2: enter a date such as 2026-12-01 or 1/12, "
            "+7 for a week today, 2w, or a day such as fri.\n",
        ),
        (
            ["--since", "2026-11-20", "--until", "2026-11-01"],
            "fama: The period cannot start (2026-11-20) after it ends (2026-11-01).\n",
        ),
    ],
)
def test_bad_dates_are_one_sentence(
    demo: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    code, out, err = run(
        ["client", "summary", "KB-1042", *extra, "--data", str(demo)], clock, capsys
    )
    assert (code, out, err) == (2, "", message)


def test_unknown_client(demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["client", "summary", "KB-0000", "--data", str(demo)], clock, capsys)
    assert (code, out) == (1, "")
    assert err == "fama: There is no client with the code KB-0000.\n"
    # As the other client commands do.
    assert run(["client", "export", "KB-0000", "--data", str(demo)], clock, capsys)[0] == code


def test_bad_output_is_refused_before_any_work(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = ["client", "summary", "KB-1042", "--data", str(demo), "-o"]
    code, _, err = run([*args, str(tmp_path / "missing" / "s.md")], clock, capsys)
    assert code == 2 and err == f"fama: The folder {tmp_path / 'missing'} does not exist.\n"
    code, _, err = run([*args, str(tmp_path)], clock, capsys)
    assert code == 2 and err == f"fama: {tmp_path} is a folder; give a file name for the summary.\n"


def test_the_summary_changes_nothing(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    before = open_store(demo).load_client("KB-1042")
    assert run(["client", "summary", "KB-1042", "--data", str(demo)], clock, capsys)[0] == 0
    assert open_store(demo).load_client("KB-1042") == before


def test_a_later_day_uses_that_day(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    later = FixedClock(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))
    code, out, _ = run(
        ["client", "summary", "KB-1042", "--format", "txt", "--data", str(demo)], later, capsys
    )
    assert code == 0 and "Period: Fri 20 Nov 2026 to Wed 2 Dec 2026" in out


def test_help_lists_the_command(capsys: pytest.CaptureFixture[str], clock: FixedClock) -> None:
    with pytest.raises(SystemExit):
        main(["client", "summary", "--help"], clock=clock)
    out = capsys.readouterr().out
    for option in ("--since", "--until", "--format", "-o"):
        assert option in out
