"""Retention: records kept a set number of years after the episode ended, then listed and
purged; a purge is audited and leaves the self-assessment of past periods as it was."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fama.assessment.period import Period
from fama.casebook.service import Casebook
from fama.clients.retention import BadRetention, kept_until, parse_years, past_retention
from fama.clock import FixedClock
from fama.errors import ClientNotFound
from fama.models.summary import ClientSummary
from fama.models.vocab import Stage
from fama.store import open_store
from tests.helpers.cli import run
from tests.helpers.records import discharge

ENDED = date(2026, 11, 20)
LATER = FixedClock(datetime(2035, 12, 1, 10, 0, tzinfo=UTC))  # past 8 years after ENDED
QUARTER = Period(date(2026, 7, 1), date(2026, 9, 30))
CODE = "KB-1042"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 100))
def test_a_record_is_kept_for_whole_years_after_the_episode(ended: date, years: int) -> None:
    until = kept_until(ended, years)
    assert until.year == ended.year + years
    assert until.month == ended.month
    assert until.day == ended.day or (ended.day == 29 and until.day == 28)
    summary = ClientSummary(code="X-1", keyworker="KK", stage=Stage.FOLLOW_UP, discharged=ended)
    assert past_retention([summary], until, years) == []  # its last day: still kept
    assert [d.code for d in past_retention([summary], until + timedelta(days=1), years)] == ["X-1"]


def test_a_client_still_in_treatment_is_never_past_it() -> None:
    summary = ClientSummary(code="X-2", keyworker="KK", stage=Stage.FOLLOW_UP)
    assert past_retention([summary], date(2090, 1, 1), 1) == []


@pytest.mark.parametrize(("text", "years"), [(None, 8), ("", 8), ("8", 8), (" 10 ", 10), ("1", 1)])
def test_the_period_is_read_in_years(text: str | None, years: int) -> None:
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["0", "101", "eight", "7.5", "-3"])
def test_a_period_fama_cannot_use_is_refused(text: str) -> None:
    with pytest.raises(BadRetention, match="retention period"):
        parse_years(text)


def later(book: Casebook) -> Casebook:
    return Casebook(book.store, LATER, user="lena")


def test_a_purge_erases_audits_and_keeps_the_figures_of_past_periods(
    demo_casebook: Casebook,
) -> None:
    discharge(demo_casebook, CODE, ENDED)
    book = later(demo_casebook)
    assert [d.code for d in book.clients.past_retention(8)] == [CODE]
    assert book.clients.past_retention(10) == []
    before = book.assessment.evidence(QUARTER)
    [(due, erased)] = book.clients.purge(8)
    assert due.code == CODE and erased.records > 0
    with pytest.raises(ClientNotFound):
        book.clients.record(CODE)
    after = book.assessment.evidence(QUARTER)
    assert after.figures == before.figures and after.annexes == before.annexes
    [entry] = [e.entry for e in book.trail.entries() if e.entry.action == "erase"]
    assert entry.what == "retention purge (8 years after the episode)"
    assert entry.record == book.store.record_id(CODE)
    assert book.clients.purge(8) == []  # nothing left past it


def test_a_plain_erasure_keeps_nothing_for_the_figures(demo_casebook: Casebook) -> None:
    """A person's own request to be erased takes everything, the figures' facts too (so,
    unlike a purge, the figures of the period they were in change)."""
    book = later(demo_casebook)
    before = book.assessment.evidence(QUARTER)
    book.clients.erase(CODE)
    assert list(book.store.retained_facts()) == []
    assert book.assessment.evidence(QUARTER).figures != before.figures


def test_the_command_lists_then_purges_after_asking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FixedClock(datetime(2026, 11, 24, 10, 30, tzinfo=UTC))
    folder = tmp_path / "demo"
    assert run(["demo", "--no-launch", "--data", str(folder)], clock, capsys)[0] == 0
    discharge(Casebook(open_store(folder), clock), CODE, ENDED)
    code, out, err = run(["retention", "--data", str(folder)], LATER, capsys)
    assert code == 0 and err == ""
    assert (
        out.splitlines()[0]
        == "1 client past the retention period (8 years after the episode ended):"
    )
    assert "KB-1042" in out and "20/11/2026" in out and "20/11/2034" in out
    code, out, err = run(["retention", "--purge", "--data", str(folder)], LATER, capsys)
    assert code == 2 and "confirmation" in err  # no terminal, no --yes: nothing erased
    monkeypatch.setenv("FAMA_RETENTION_YEARS", "10")
    code, out, _ = run(["retention", "--purge", "--yes", "--data", str(folder)], LATER, capsys)
    assert code == 0 and "No client is past" in out
    monkeypatch.delenv("FAMA_RETENTION_YEARS")
    code, out, _ = run(["retention", "--purge", "--yes", "--data", str(folder)], LATER, capsys)
    assert code == 0 and "Purged 1 client (" in out
    assert run(["client", "export", CODE, "--data", str(folder)], LATER, capsys)[0] != 0
    code, out, err = run(["retention", "--years", "none", "--data", str(folder)], LATER, capsys)
    assert code == 2 and err.startswith("fama: The retention period must be a whole number")
