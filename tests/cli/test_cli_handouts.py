"""`fama handouts ...` as a keyworker or admin scripts it: clear output, one-sentence errors."""

from __future__ import annotations

import json
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fama.cli.main import main
from fama.clock import FixedClock
from tests.helpers.cli import run


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAMA_HANDOUTS", raising=False)
    monkeypatch.delenv("FAMA_SERVICE", raising=False)


def test_list_is_a_table_of_id_audience_and_title(
    clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["handouts", "list"], clock, capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "AUDIENCE", "TITLE"]
    assert any(
        line.split()[:2] == ["god-and-religion", "client"] and "believe in God" in line
        for line in lines
    )
    assert lines[-1] == "18 handouts."


def test_list_json_shape(clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["handouts", "list", "--json"], clock, capsys)
    assert code == 0
    rows = json.loads(out)
    assert len(rows) >= 16
    assert all(set(row) == {"id", "title", "audience", "myths"} for row in rows)
    by_id = {row["id"]: row for row in rows}
    assert by_id["you-dont-have-to-be-clean-first"]["myths"] == [5, 11]
    assert by_id["family-and-friends"]["audience"] == ["client", "family"]
    assert {m for row in rows for m in row["myths"]} == set(range(1, 16))


def test_list_warns_about_a_bad_service_handout(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "my-handout.md").write_text("# No front matter\n")
    (tmp_path / "its-free.md").write_text(
        '+++\nid = "its-free"\ntitle = "Free in Kelbridge"\nsummary = "s"\n'
        'audience = ["client"]\nstage = 1\n+++\n\nNo fees.\n'
    )
    monkeypatch.setenv("FAMA_HANDOUTS", str(tmp_path))
    code, out, err = run(["handouts", "list"], clock, capsys)
    assert code == 0
    assert err == (
        "fama: skipped my-handout.md: it does not start with front matter (a line of +++).\n"
    )
    assert "Free in Kelbridge  (this service's)" in out
    code, _, err = run(["handouts", "show", "my-handout"], clock, capsys)
    assert code == 2
    assert err == (
        "fama: my-handout.md was skipped: it does not start with front matter (a line of +++).\n"
    )


def test_show_prints_the_markdown(clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["handouts", "show", "its-free"], clock, capsys)
    assert code == 0
    assert out.startswith("# How much does it cost?\n")
    assert "+++" not in out and "triggers" not in out


class Balanced(HTMLParser):
    VOID = frozenset({"meta", "br", "hr", "img"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ok = True
        self.footer = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag

    def handle_data(self, data: str) -> None:
        if "footer" in self.stack:
            self.footer += data


def test_export_html_to_a_private_file(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "free.html"
    args = ["handouts", "export", "its-free", "-o", str(target), "--service", "Kelbridge DAS"]
    code, out, err = run(args, clock, capsys)
    assert (code, err) == (0, "")
    assert out == f"Wrote its-free to {target}.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    page = target.read_text(encoding="utf-8")
    checker = Balanced()
    checker.feed(page)
    assert checker.ok and checker.stack == []
    assert checker.footer == "Kelbridge DAS · 24 November 2026"
    assert "<title>How much does it cost?</title>" in page
    assert [p.name for p in tmp_path.iterdir()] == ["free.html"], "no temporary file left"


def test_export_uses_the_service_from_the_environment_and_prints_to_stdout(
    monkeypatch: pytest.MonkeyPatch, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FAMA_SERVICE", "Kelbridge Drug and Alcohol Service")
    code, out, _ = run(["handouts", "export", "no-labels"], clock, capsys)
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    assert "Kelbridge Drug and Alcohol Service · 24 November 2026" in out


def test_export_markdown_by_flag_or_by_file_name(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["handouts", "export", "its-free", "--format", "md"], clock, capsys)
    assert code == 0 and out.startswith("# How much does it cost?")
    target = tmp_path / "free.md"
    assert run(["handouts", "export", "its-free", "-o", str(target)], clock, capsys)[0] == 0
    assert target.read_text().startswith("# How much does it cost?")


@pytest.mark.parametrize(
    "where, message",
    [
        ("missing/free.html", "The folder {tmp}/missing does not exist."),
        (".", "{tmp} is a folder; give a file name for the handout."),
    ],
)
def test_export_to_a_bad_place_fails_cleanly(
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    where: str,
    message: str,
) -> None:
    target = tmp_path / where
    code, out, err = run(["handouts", "export", "its-free", "-o", str(target)], clock, capsys)
    assert code == 2 and out == ""
    assert err == f"fama: {message.format(tmp=tmp_path)}\n"
    assert list(tmp_path.iterdir()) == []


def test_suggest_names_the_words_that_matched(
    clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["handouts", "suggest", "I'm not religious"], clock, capsys)
    assert code == 0
    assert out.splitlines()[:3] == [
        "1. god-and-religion: Do I have to believe in God?",
        "   matched: religious (score 1)",
        "   because: religion",
    ]
    code, out, _ = run(["handouts", "suggest", "What if my manager HEARS about it?"], clock, capsys)
    assert code == 0
    assert out.splitlines()[:3] == [
        "1. anonymity: Will everyone know my business?",
        "   matched: manager … hears (score 3)",
        "   because: who + find-out",
    ]


def test_suggest_json_shape(clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["handouts", "suggest", "they'll make me come off methadone", "--json"], clock, capsys
    )
    assert code == 0
    rows = json.loads(out)
    assert 1 <= len(rows) <= 3
    assert all(set(row) == {"id", "title", "score", "matched", "because"} for row in rows)
    assert all(len(row["matched"]) == len(row["because"]) for row in rows)
    assert rows[0]["id"] == "methadone-and-medication"
    assert rows[0]["matched"] == ["methadone", "come off … methadone"]
    assert rows[0]["because"] == ["methadone", "meds + judge"]
    assert rows[0]["score"] == 4.0
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_suggest_with_no_match(clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["handouts", "suggest", "the bus was late"], clock, capsys) == (
        0,
        "No handout matches that.\n",
        "",
    )
    code, out, _ = run(["handouts", "suggest", "the bus was late", "--json"], clock, capsys)
    assert (code, json.loads(out)) == (0, [])


@pytest.mark.parametrize(
    "args, message",
    [
        (["show", "nope"], "There is no handout called nope; `fama handouts list` shows them."),
        (["export", "nope"], "There is no handout called nope; `fama handouts list` shows them."),
        (["suggest", "god", "--limit", "0"], "--limit takes a whole number from 1 to 1000."),
        (
            ["suggest", "god", "--limit", "1" + "0" * 30],
            "--limit takes a whole number from 1 to 1000.",
        ),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(
    clock: FixedClock, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(["handouts", *args], clock, capsys)
    assert (code, out) == (2, "")
    assert err == f"fama: {message}\n"


def test_handouts_alone_shows_help(clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["handouts"], clock=clock)
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for action in ("list", "show", "export", "suggest"):
        assert action in out
