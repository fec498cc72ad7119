"""Pilot tests of the self-assessment screen and `fama assessment export`."""

from __future__ import annotations

import json
import re
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from fama.assessment.period import Period
from fama.casebook.service import Casebook
from fama.cli.main import main
from fama.clock import FixedClock
from fama.tui.app import make_app
from fama.tui.screens.assessment import AssessmentScreen
from fama.tui.screens.dialogs.assessment_dialogs import CommentModal, ExportModal
from tests.helpers.assessment_screen import QUARTER, goto, open_assessment

SIZE = (140, 44)
AUTUMN = Period(datetime(2026, 10, 1).date(), datetime(2026, 11, 30).date())


def detail(screen: AssessmentScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_items_in_order_with_evidence_and_suggestions(
    demo_casebook: Casebook, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_casebook.user = "Lead A"  # who is using fama is settled when it starts
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_assessment(pilot, app)
        assert screen.period == QUARTER  # the last full quarter before 24 Nov 2026
        table = screen.query_one("#assessment-items", DataTable)
        keys = [str(k.value) for k in table.rows]
        items = [k for k in keys if not k.startswith(("section-", "annex-"))]
        assert items[:2] == ["1.1", "1.2"] and "3.2a" in items and "5.3b" in items
        assert keys[-2:] == ["annex-1", "annex-2"]
        await goto(pilot, screen, "1.4")
        figures = detail(screen, "#item-figures")
        assert "7/7 (100%)" in figures  # the demo town has a meeting every day
        assert "previous period" in figures
        await goto(pilot, screen, "annex-1")
        grid = detail(screen, "#item-figures")
        assert "Mon" in grid and "AA" in grid


async def test_rating_overriding_and_comments_are_kept_with_who_and_when(
    demo_casebook: Casebook, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_casebook.user = "Lead A"  # who is using fama is settled when it starts
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_assessment(pilot, app)
        await goto(pilot, screen, "1.4")
        suggested = screen.suggestion("1.4")
        assert suggested == "in place"
        await pilot.press("a")  # accept the suggestion
        await pilot.press("2")  # then override it: partly in place
        await pilot.press("c")
        assert isinstance(app.screen, CommentModal)
        await pilot.press(*"No Sunday [x] meeting in the north", "enter")
        await pilot.press(*"Directory checked 1 Oct", "enter")
        await pilot.pause()
        rating = detail(screen, "#item-rating")
        assert "partly in place" in rating and "overrides the suggestion" in rating
        assert "No Sunday [x] meeting in the north" in rating
    (kept,) = demo_casebook.store.assessments()
    item = kept.items["1.4"]
    assert (kept.period_start, kept.period_end) == (QUARTER.start, QUARTER.end)
    assert item.rating.value == "partly in place" and item.overrides_suggestion
    assert item.rated_by == "Lead A" and item.rated_at == clock.now()
    assert [p.rating.value for p in item.history] == ["in place"]
    assert item.supporting_evidence == "Directory checked 1 Oct"


async def test_export_from_the_screen(
    demo_casebook: Casebook, clock: FixedClock, tmp_path: Path
) -> None:
    from platformdirs import user_documents_path

    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_assessment(pilot, app)
        await pilot.press("x")
        assert isinstance(app.screen, ExportModal)
        await pilot.press("s", "tab", "tab", "tab", "enter")  # small numbers on; JSON
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(app.screen.query_one("#export-result", Static).render()).startswith("Saved ")
    folder = user_documents_path() / "fama self-assessment"
    (saved,) = folder.iterdir()
    assert saved.name == "self-assessment-2026-07-01-to-2026-09-30-small-numbers.json"
    assert oct(saved.stat().st_mode & 0o777) == "0o600"
    data = json.loads(saved.read_text())
    assert [i["id"] for i in data["items"]][:3] == ["1.1", "1.2", "1.3"]


async def test_the_export_is_counted_off_the_ui_thread(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    """Counting the evidence reads every record: while it runs the dialog says so, keys
    still work, a second press starts nothing, and the file is named when it is done."""
    release = threading.Event()
    calls: list[str] = []
    save = demo_casebook.assessment.save_export

    def slow_save(*args: Any, **kwargs: Any) -> Path:
        calls.append(threading.current_thread().name)
        release.wait(5)
        return save(*args, **kwargs)

    demo_casebook.assessment.save_export = slow_save  # type: ignore[method-assign]
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_assessment(pilot, app)
        await pilot.press("x")
        modal = app.screen
        assert isinstance(modal, ExportModal)
        await pilot.press("enter")  # Markdown
        await pilot.pause()
        result = modal.query_one("#export-result", Static)
        assert "Counting the evidence" in str(result.render())
        await pilot.press("s")  # the dialog still answers keys while it counts
        assert modal.small
        await pilot.press("enter")  # a second press while counting starts nothing
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(result.render()).startswith("Saved ") and str(result.render()).endswith(".md")
    assert len(calls) == 1 and calls[0] != threading.main_thread().name


def test_cli_export_json_over_two_stores(tmp_path: Path, clock: FixedClock) -> None:
    """`--data` twice: the client figures add up without merging the stores."""
    for name in ("a", "b"):
        assert main(["--data", str(tmp_path / name), "demo", "--no-launch"], clock=clock) == 0
    out = tmp_path / "both.json"
    one = tmp_path / "one.json"
    args = ["assessment", "export", "--from", "2026-09-01", "--to", "2026-11-30"]
    assert main([*args, "--data", str(tmp_path / "a"), "-o", str(one)], clock=clock) == 0
    assert (
        main(
            [*args, "--data", str(tmp_path / "a"), "--data", str(tmp_path / "b"), "-o", str(out)],
            clock=clock,
        )
        == 0
    )

    def figure(path: Path, item: str, name: str) -> dict[str, object]:
        data = json.loads(path.read_text())
        (entry,) = [i for i in data["items"] if i["id"] == item]
        return entry["figures"][name]  # type: ignore[no-any-return]

    single, double = figure(one, "5.4", "referred"), figure(out, "5.4", "referred")
    assert double["numerator"] == 2 * single["numerator"]  # type: ignore[operator]
    assert double["denominator"] == 2 * single["denominator"]  # type: ignore[operator]


def test_cli_refuses_bad_input(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "s")
    assert main(["--data", store, "demo", "--no-launch"], clock=clock) == 0
    assert main(["assessment", "export", "--data", store, "--format", "xlsx"], clock=clock) == 2
    assert "needs a file" in capsys.readouterr().err
    assert main(["assessment", "export", "--data", store, "--from", "31/2"], clock=clock) == 2
    assert "31/2" in capsys.readouterr().err
    assert (
        main(
            ["assessment", "export", "--data", store, "--from", "2026-10-01", "--to", "2026-09-01"],
            clock=clock,
        )
        == 2
    )


def test_cli_xlsx_file(tmp_path: Path, clock: FixedClock) -> None:
    from openpyxl import load_workbook

    store = str(tmp_path / "s")
    assert main(["--data", store, "demo", "--no-launch"], clock=clock) == 0
    target = tmp_path / "tool.xlsx"
    assert main(["assessment", "export", "--data", store, "-o", str(target)], clock=clock) == 0
    book = load_workbook(target)
    assert len(book.sheetnames) >= 3  # the items, and one sheet per annex


def test_means_and_rates_are_not_shown_as_percentages(tmp_path: Path, clock: FixedClock) -> None:
    store = str(tmp_path / "s")
    assert main(["--data", store, "demo", "--no-launch"], clock=clock) == 0
    target = tmp_path / "tool.md"
    args = ["assessment", "export", "--data", store, "--from", "2026-09-01", "--to", "2026-11-30"]
    assert main([*args, "-o", str(target)], clock=clock) == 0
    lines = target.read_text().splitlines()
    helpful = next(line for line in lines if line.lstrip().startswith("- Helpfulness"))
    weekly = next(line for line in lines if line.lstrip().startswith("- Meetings a week"))
    assert "%" not in helpful and "%" not in weekly


async def test_the_export_carries_what_the_screen_shows(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    """Every item's suggestion, and each figure's change from the previous period, read the
    same on the screen and in the exported file."""
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_assessment(pilot, app)
        screen.period = AUTUMN  # against August and September: both have records
        screen.load()
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one("#assessment-items", DataTable)
        on_screen = {
            str(key.value): str(table.get_cell(key, "suggested"))
            for key in table.rows
            if not str(key.value).startswith(("section-", "annex-"))
        }
        changes = {}
        for item_id in ("1.4", "4.1", "5.4", "5.5"):
            await goto(pilot, screen, item_id)
            changes[item_id] = detail(screen, "#item-figures")
        service = screen.service
    data = json.loads(demo_casebook.assessment.export(service, AUTUMN, "json"))
    exported = {i["id"]: i for i in data["items"]}
    assert {k: v["suggested_rating"] or "—" for k, v in exported.items()} == on_screen
    assert sum(v != "—" for v in on_screen.values()) >= 10  # the demo suggests for most items
    for item_id, text in changes.items():
        figures = exported[item_id]["figures"].values()
        in_file = [f["change"] for f in figures if f.get("change")]
        assert re.findall(r"\(([+-]\S* .*?on the previous period)\)", text) == in_file, item_id
    assert sum("on the previous period" in text for text in changes.values()) == len(changes)
    median = exported["5.5"]["figures"]["helpfulness"]["breakdown"]["median"]
    assert f"median: {median}" in changes["5.5"]  # 6.5 reads "6.5", 7 reads "7"


async def test_a_rating_change_says_what_it_replaced_and_u_undoes_it(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    from tests.helpers.screen_text import toasts

    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_assessment(pilot, app)
        await goto(pilot, screen, "1.2")
        await pilot.press("1")
        await goto(pilot, screen, "1.4")
        await pilot.press("3")  # a slip: meant 1
        await pilot.pause()
        assert any("1.4 rated not in place" in t and "U undoes" in t for t in toasts(app))
        await goto(pilot, screen, "1.1")  # the cursor has moved on since
        await pilot.press("u")
        await pilot.pause()
        assert screen.selected_id() == "1.4"  # the undo shows the item it changed
    (kept,) = demo_casebook.store.assessments()
    assert kept.items["1.4"].rating.value == "not assessed"
    assert kept.items["1.2"].rating.value == "in place"  # the earlier rating is untouched
