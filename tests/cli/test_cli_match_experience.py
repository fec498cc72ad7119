"""``fama match`` shows what happened to the service's referred clients, small counts hidden."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from fama.clock import FixedClock
from fama.models import Access, Goal, Review, StaffMember
from fama.models.meeting import FlagKind
from fama.models.review import Attended
from fama.store import open_store
from tests.helpers.cli import run

MEETING = "demo:ca-03"
REFERRED = datetime(2026, 6, 1, 10, tzinfo=UTC)


def refer(
    folder: Path,
    codes: list[str],
    *,
    going: int,
    meeting: str = MEETING,
    dead_end: FlagKind | None = None,
) -> None:
    """Refer each client to ``meeting``: all went (or hit ``dead_end``), the first
    ``going`` were still going at their next follow-up, each rating it 8."""
    store = open_store(folder)
    for n, code in enumerate(codes):
        goal = Goal(
            client_code=code,
            wording="Go to the Wednesday meeting",
            meeting_id=meeting,
            target_date=date(2026, 6, 3),
            created_at=REFERRED,
        )
        store.save_goal(goal)
        first = Review(
            client_code=code,
            goal_id=goal.id,
            date=date(2026, 6, 10),
            attended=Attended.NO if dead_end else Attended.YES,
            helpfulness=None if dead_end else 8,
            dead_end=dead_end,
        )
        store.save_review(first)
        if not dead_end:
            later = Attended.YES if n < going else Attended.NO
            store.save_review(
                Review(client_code=code, goal_id=goal.id, date=date(2026, 7, 1), attended=later)
            )


def clients(folder: Path) -> list[str]:
    return sorted(s.code for s in open_store(folder).client_summaries())


def match_rows(demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run(
        ["match", "--client", "KB-1071", "--limit", "40", "--data", str(demo)], clock, capsys
    )
    assert code == 0, err
    return out


def test_six_referred_clients_show_as_counts_and_the_meeting_rises(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    codes = clients(demo)
    assert len(codes) >= 6
    refer(demo, codes[:6], going=5)
    out = match_rows(demo, clock, capsys)
    assert "6 of our clients went; 5 were still going at follow-up" in out
    assert "helpfulness 8/10 (median)" in out
    assert not any(code in out for code in codes)  # no figure names a client


def test_fewer_than_five_are_suppressed_and_a_dead_end_drops_the_meeting(
    demo: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["match", "--client", "KB-1071", "--json", "--limit", "40", "--data", str(demo)]
    code, out, err = run(args, clock, capsys)
    assert code == 0, err
    before = {row["meeting_id"]: row for row in json.loads(out)}
    codes = clients(demo)
    refer(demo, codes[:2], going=1, dead_end=FlagKind.DID_NOT_RUN)
    code, out, err = run(args, clock, capsys)
    assert code == 0, err
    after = {row["meeting_id"]: row for row in json.loads(out)}
    (experience,) = [r for r in after[MEETING]["reasons"] if "our referred clients" in r]
    assert experience == (
        "none of our referred clients went; "
        "dead end for fewer than 5 (did not run, moved or turned away)"
    )
    assert not any(c in out for c in codes)
    assert after[MEETING]["score"] < before[MEETING]["score"]


def test_the_leads_own_view_shows_small_counts(
    demo: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    codes = clients(demo)
    refer(demo, codes[:3], going=2)
    open_store(demo).save_staff(StaffMember(id="QL", name="Quinn Lead", access=Access.LEAD))
    monkeypatch.setenv("FAMA_USER", "QL")
    out = match_rows(demo, clock, capsys)
    assert "3 of our clients went; 2 were still going at follow-up" in out
    assert "helpfulness 8/10 (median)" in out
    monkeypatch.setenv("FAMA_USER", "NOBODY")
    out = match_rows(demo, clock, capsys)
    assert "fewer than 5 of our clients went; fewer than 5 were still going" in out
    assert "8/10" not in out
