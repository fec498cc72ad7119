"""A client who said "not for now" is shown as that everywhere: one label, one due item."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from fama.casebook.service import Casebook
from fama.cli.main import main
from fama.clients.caseload import DueKind, due_items
from fama.clock import FixedClock
from fama.tui.app import make_app
from fama.tui.screens.client import ClientScreen

DECLINED = "KB-1088"


def test_the_record_and_its_row_say_not_for_now(demo_casebook: Casebook) -> None:
    record = demo_casebook.clients.record(DECLINED)
    assert record.client.declined is not None
    assert record.client.stage_label == "Not for now"
    [entry] = [e for e in demo_casebook.clients.caseload().entries if e.code == DECLINED]
    assert entry.summary.stage_label == "Not for now"
    kinds = {i.kind for i in due_items(entry.summary, demo_casebook.today)}
    assert DueKind.REVISIT in kinds and DueKind.INTRODUCE not in kinds
    assert entry.matches("not for now")
    others = [e for e in demo_casebook.clients.caseload().entries if e.code != DECLINED]
    assert not any(e.matches("not for now") for e in others)


def test_the_cli_list_says_not_for_now_with_the_dates(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "demo"
    assert main(["demo", "--no-launch", "--data", str(data)], clock=clock) == 0
    capsys.readouterr()
    assert main(["client", "list", "--data", str(data)], clock=clock) == 0
    [line] = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith(DECLINED)]
    assert "Not for now" in line and "Not started" not in line
    assert main(["client", "list", "--json", "--data", str(data)], clock=clock) == 0
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[DECLINED]["declined_on"] is not None
    assert rows["KB-1151"]["declined_on"] is None


async def test_caseload_and_client_screen_say_not_for_now(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#filter", Input).value = "1088"
        await pilot.pause()
        table = app.screen.query_one("#caseload", DataTable)
        assert table.row_count == 1
        assert "Not for now" in [str(cell) for cell in table.get_row_at(0)]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        assert app.screen.sub_title.startswith("Not for now")
        text = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert "Stage: Not for now" in text and "said not for now on" in text
    assert demo_casebook.clients.record(DECLINED).client.declined is not None
