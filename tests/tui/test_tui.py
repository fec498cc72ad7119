"""Pilot tests: press keys as a keyworker would, then check the screen *and* the store."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Checkbox, DataTable, Input, Static

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.models import Client, Goal
from fama.tui.app import FamaApp, make_app
from fama.tui.screens.caseload import CaseloadScreen
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.client_form import ClientFormScreen
from fama.tui.screens.help import HelpScreen
from fama.tui.widgets.title_bar import TitleBar
from tests.helpers.pilot import fill

SIZE = (130, 40)


def rows(app: FamaApp) -> list[str]:
    table = app.screen.query_one("#caseload", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def screen_text(app: FamaApp) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def test_caseload_lists_overdue_first(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        assert screen.title == "Caseload"
        assert app.focused is screen.query_one("#filter", Input)
        expected = [e.code for e in demo_casebook.clients.caseload().entries]
        assert rows(app) == expected and len(expected) == 12
        assert [e.overdue for e in demo_casebook.clients.caseload().entries][:3] == [
            True,
            True,
            True,
        ]
        title = str(screen.query_one(TitleBar).render())
        assert title == "Caseload — all keyworkers · 12 clients · 4 overdue"
        hints = str(screen.query_one("#caseload-counts", Static).render())
        assert hints == ("Due: 3 follow-ups overdue · 3 reviews this week · 1 never introduced")


async def test_typing_filters_and_escape_clears(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"overdue")
        overdue = [e.code for e in demo_casebook.clients.caseload().entries if e.overdue]
        assert rows(app) == overdue
        status = str(app.screen.query_one("#caseload-counts", Static).render())
        assert status == f"Showing {len(overdue)} of 12 · Esc shows all"
        await pilot.press(*" zzz")
        assert rows(app) == []
        empty = app.screen.query_one("#caseload-empty", Static)
        assert empty.display and "No clients match" in str(empty.render())
        await pilot.press("escape")
        assert len(rows(app)) == 12


async def test_a_code_typed_fast_then_enter_opens_that_client(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    """Keys read all at once (a fast typist, a terminal multiplexer): Enter reaches the
    caseload before the filter's redraw, and still opens the client typed, not the row
    that was highlighted before."""
    from textual import events

    from fama.tui.screens.client import ClientScreen

    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = rows(app)[0]
        assert first != "KB-1042"
        for character in "KB-1042":
            app.post_message(events.Key(character, character))
        app.post_message(events.Key("enter", "\r"))
        for _ in range(100):
            await pilot.pause(0.02)
            if isinstance(app.screen, ClientScreen):
                break
        assert isinstance(app.screen, ClientScreen) and app.screen.code == "KB-1042"


async def test_keyworker_switch(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+k")
        first = demo_casebook.clients.keyworkers()[0]
        assert rows(app) == [
            e.code for e in demo_casebook.clients.caseload(keyworker=first).entries
        ]
        assert first in str(app.screen.sub_title)


async def test_add_a_client(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, ClientFormScreen)
        await fill(
            pilot,
            app,
            code="kb-2001",
            keyworker="jb",
            postcode_district="se1",
            substances="alcohol, crack",
            episode_start="01/11/2026",
            next_review="2026-12-08",
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        client = demo_casebook.clients.record("KB-2001").client
        assert (client.code, client.keyworker, client.postcode_district) == ("KB-2001", "JB", "SE1")
        assert [s.value for s in client.substances] == ["alcohol", "crack"]
        assert client.episode_start == date(2026, 11, 1)
        assert client.next_review == date(2026, 12, 8)
        assert "KB-2001" in rows(app)
        assert app.screen.selected_code() == "KB-2001"


async def test_form_errors_are_shown_and_nothing_is_saved(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    before = demo_casebook.clients.codes()
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await fill(
            pilot,
            app,
            code="KB-1042",
            keyworker="JB",
            postcode_district="SE1 7PB",
            substances="whisky",
            episode_start="25/11/2026",
            next_review="01/01/2020",
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClientFormScreen)

        def error(name: str) -> str:
            return str(screen.query_one(f"#error-{name}", Static).render())

        assert "already in use" in error("code")
        assert "not the full postcode" in error("postcode_district")
        assert "Unknown substance 'whisky'" in error("substances")
        assert "cannot be in the future" in error("episode_start")
        assert "cannot be in the past" in error("next_review")
        assert screen.query_one("#field-code", Input).has_class("-invalid")
        assert app.focused is screen.query_one("#field-code", Input)
        assert demo_casebook.clients.codes() == before

        # Fix them one by one; the messages clear and the save goes through.
        await fill(
            pilot,
            app,
            code="KB-3000",
            postcode_district="M14",
            substances="",
            episode_start="2026-10-01",
            next_review="",
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        assert demo_casebook.clients.record("KB-3000").client.postcode_district == "M14"


async def test_cancel_saves_nothing(demo_casebook: Casebook, clock: FixedClock) -> None:
    before = demo_casebook.clients.codes()
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await fill(pilot, app, typed=True, code="KB-4000")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        assert demo_casebook.clients.codes() == before


async def test_edit_a_client(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"KB-1042")
        assert rows(app) == ["KB-1042"]
        await pilot.press("ctrl+e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClientFormScreen)
        assert screen.query_one("#field-code", Input).disabled
        assert screen.query_one("#field-code", Input).value == "KB-1042"
        await fill(pilot, app, postcode_district="de22")
        screen.query_one("#field-for_family", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        client = demo_casebook.clients.record("KB-1042").client
        assert client.postcode_district == "DE22" and client.for_family
        # what the edit did not touch is kept
        assert client.preferences == demo_casebook.clients.record("KB-1042").client.preferences
        assert len(demo_casebook.clients.record("KB-1042").goals) >= 1


async def test_open_a_client(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    first = demo_casebook.clients.caseload().entries[0].code
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "up", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClientScreen) and screen.code == first
        text = screen_text(app)
        record = demo_casebook.clients.record(first)
        assert f"Client code: {first}" in text
        assert record.goals[0].wording in text
        titles = [str(w.border_title) for w in screen.query(".section")]
        assert titles[:3] == ["Profile", "Due", "Preferences"]
        assert "⚠ follow-up" in text and "overdue" in text
        await pilot.press("escape")
        assert isinstance(app.screen, CaseloadScreen)


async def test_empty_sections_say_so(casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert "No clients yet" in str(app.screen.query_one("#caseload-empty", Static).render())
        await pilot.press("ctrl+n")
        await fill(
            pilot,
            app,
            code="N-1",
            keyworker="AB",
            postcode_district="LS6",
            episode_start="24/11/2026",
        )
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        text = screen_text(app)
        assert "No care-planned goals yet." in text
        assert "No follow-ups recorded yet." in text
        assert "No preferences recorded yet" in text
        assert "introduce mutual aid" in text


async def test_typed_text_is_never_markup(casebook: Casebook, clock: FixedClock) -> None:
    casebook.store.create_client(
        Client(code="X-1", keyworker="JB", postcode_district="SE1", episode_start=date(2026, 10, 1))
    )
    wording = "goal [x] stop [/] now [bold]loud[/bold]"
    casebook.store.save_goal(
        Goal(client_code="X-1", wording=wording, target_date=date(2026, 12, 1))
    )
    app = make_app(casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#caseload", DataTable)
        assert str(table.get_row_at(0)[3]) == wording
        await pilot.press("enter")
        await pilot.pause()
        assert wording in screen_text(app)


async def test_help_on_every_screen(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "Caseload" in app.screen.help_title
        await pilot.press("escape")
        await pilot.press("question_mark")  # even though the filter has the focus
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.screen.query_one("#filter", Input).value == ""
        await pilot.press("enter")  # open a client, where ? is free for help
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Edit the profile" in app.screen.text
        await pilot.press("escape")
        await pilot.press("e", "f1")
        assert isinstance(app.screen, HelpScreen) and "client code" in app.screen.text
        await pilot.press("escape", "question_mark")  # from a form field, too
        assert isinstance(app.screen, HelpScreen) and "client code" in app.screen.text


async def test_command_palette_offers_the_main_actions(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("New client", "Open client", "Edit client", "Switch keyworker", "Help"):
            assert title in titles
        await pilot.press("ctrl+p")
        await pilot.press(*"New client")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientFormScreen)


async def test_daily_backup_runs_in_the_background(
    file_demo_casebook: Casebook, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fama.tui.app.BACKUP_DELAY_S", 0.05)
    app = make_app(file_demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert file_demo_casebook.store.latest_backup() is None  # not before the first paint
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert file_demo_casebook.store.latest_backup() is not None


async def test_a_big_caseload_draws_a_page_and_says_so(
    casebook: Casebook, clock: FixedClock
) -> None:
    from fama.models import ClientRecord
    from fama.tui.screens.caseload import MAX_ROWS

    casebook.store.put_records(
        [
            ClientRecord(
                client=Client(
                    code=f"BIG-{i:04d}",
                    keyworker="JB",
                    postcode_district="LS6",
                    episode_start=date(2026, 1, 5),
                )
            )
            for i in range(MAX_ROWS + 30)
        ]
    )
    app = make_app(casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert len(rows(app)) == MAX_ROWS
        status = str(app.screen.query_one("#caseload-counts", Static).render())
        assert status == f"Showing the first {MAX_ROWS} of {MAX_ROWS + 30}: type to narrow"
        await pilot.press(*"BIG-0229")
        assert rows(app) == ["BIG-0229"]


async def test_due_views_narrow_the_caseload_in_turn(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        assert rows(app) == ["KB-1057", "KB-1094", "KB-1119"]
        status = str(app.screen.query_one("#caseload-counts", Static).render())
        assert status.startswith("Showing 3 follow-ups overdue, most pressing first")
        await pilot.press("ctrl+t")
        assert rows(app) == ["KB-1094", "KB-1071", "KB-1151"]
        await pilot.press(*"1071")  # the typed filter works within a view
        assert rows(app) == ["KB-1071"]
        await pilot.press("escape", "ctrl+t")
        assert rows(app) == ["KB-1151"]  # KB-1088 said not for now: introduced, to revisit
        await pilot.press("ctrl+t")
        assert len(rows(app)) == 12


async def test_a_dialogs_help_is_named_by_its_page(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "r", "r")  # a client, their review, record one
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.help_title == "Record a care-plan review"
        assert "+4w" in app.screen.text


async def test_the_caseload_opens_on_my_clients_and_ctrl_k_shows_the_team(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    demo_casebook.user = "JB"
    mine = [e.code for e in demo_casebook.clients.caseload(keyworker="JB").entries]
    everyone = [e.code for e in demo_casebook.clients.caseload().entries]
    assert 0 < len(mine) < len(everyone)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert rows(app) == mine and "JB" in str(app.screen.sub_title)
        for _ in demo_casebook.clients.keyworkers():  # round to everyone's again
            await pilot.press("ctrl+k")
            if rows(app) == everyone:
                break
        assert rows(app) == everyone


async def test_someone_with_no_clients_opens_on_everyones(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    demo_casebook.user = "TL"
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE):
        assert len(rows(app)) == 12
