"""Handouts in the app: read, follow a link, show to the client, give (logged) and print."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from textual.widgets import DataTable, Markdown, OptionList

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.tui.app import FamaApp, make_app
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.handouts import HandoutsScreen
from fama.tui.screens.show_to_client import ShowToClientScreen

SIZE = (130, 40)


def shown_markdown(app: FamaApp) -> str:
    return app.screen.query_one(Markdown).source


async def open_handouts(app: FamaApp, pilot, code: str) -> HandoutsScreen:  # type: ignore[no-untyped-def]
    app.push_screen(ClientScreen(code))
    await pilot.pause()
    await pilot.press("h")
    await pilot.pause()
    assert isinstance(app.screen, HandoutsScreen)
    return app.screen


async def test_read_give_and_print(
    demo_casebook: Casebook, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fama.tui.screens.handouts.export_folder", lambda: tmp_path / "printed")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_handouts(app, pilot, "KB-1088")
        assert screen.library is not None and len(screen.library.handouts) >= 16
        await pilot.press("slash", *"god")
        await pilot.pause()
        table = screen.query_one("#handout-list", DataTable)
        assert table.row_count >= 1
        await pilot.press("enter")  # back to the list
        await pilot.pause()
        assert screen.current is not None and screen.current.id == "god-and-religion"
        assert "God" in shown_markdown(app)

        await pilot.press("g")
        await pilot.pause()
        [given] = demo_casebook.clients.record("KB-1088").handouts
        assert given.handout_id == "god-and-religion"
        assert given.given_on == clock.today()

        await pilot.press("p")
        await pilot.pause()
        page = tmp_path / "printed" / "god-and-religion.html"
        html = page.read_text()
        parser = HTMLParser()
        parser.feed(html)
        assert "<title>" in html and "KB-1088" not in html


async def test_show_to_client_has_nothing_about_the_client(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_handouts(app, pilot, "KB-1042")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ShowToClientScreen)
        text = app.export_screenshot()
        assert "KB-1042" not in text and "JB" not in text
        await pilot.press("escape")
        assert isinstance(app.screen, HandoutsScreen)


async def test_links_between_handouts_open_here(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_handouts(app, pilot, "KB-1042")
        assert screen.library is not None
        linked = next(h for h in screen.library.handouts if ".md)" in h.body)
        screen.open_handout(linked.id)
        target = linked.body.split(".md)", 1)[0].rsplit("(", 1)[1]
        screen.query_one(Markdown).post_message(
            Markdown.LinkClicked(screen.query_one(Markdown), f"{target}.md")
        )
        await pilot.pause()
        assert screen.current is not None and screen.current.id == target


async def test_from_the_caseload_give_says_to_open_a_client(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, HandoutsScreen) and app.screen.client_code is None
        await pilot.press("g")
        await pilot.pause()
        assert all(
            not demo_casebook.clients.record(e.code).handouts
            for e in demo_casebook.clients.caseload().entries
        )


async def test_tab_to_a_link_and_enter_opens_it(demo_casebook: Casebook, clock: FixedClock) -> None:
    before = demo_casebook.clients.record("KB-1088")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_handouts(app, pilot, "KB-1088")
        assert screen.current is not None and screen.library is not None
        first = screen.current
        linked = [i for i in first.linked_ids() if i in screen.library.ids()]
        assert linked, "the first handout links to others"
        await pilot.press("enter")  # read it
        assert app.focused is not None and app.focused.id == "handout-reader"
        await pilot.press("tab")
        links = screen.query_one("#handout-links", OptionList)
        assert app.focused is links and links.highlighted == 0
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current.id == linked[0] != first.id
        assert shown_markdown(app) == screen.library.get(linked[0]).markdown()
        table = screen.query_one("#handout-list", DataTable)
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == linked[0]
        following = [i for i in screen.current.linked_ids() if i in screen.library.ids()]
        assert [o.id for o in links.options] == following  # the new handout's links
        await pilot.press("escape")  # back to the list, still on the handout followed to
        assert app.focused is table and screen.current.id == linked[0]
    assert demo_casebook.clients.record("KB-1088") == before  # reading and following store nothing


async def test_show_to_client_follows_links_and_gives_the_one_shown(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    assert not demo_casebook.clients.record("KB-1088").handouts
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_handouts(app, pilot, "KB-1088")
        assert screen.current is not None and screen.library is not None
        first = screen.current
        target = next(i for i in first.linked_ids() if i in screen.library.ids())
        await pilot.press("s")
        await pilot.pause()
        shown = app.screen
        assert isinstance(shown, ShowToClientScreen) and shown.handout.id == first.id
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert shown.handout.id == target
        assert shown_markdown(app) == screen.library.get(target).markdown()
        assert "KB-1088" not in app.export_screenshot()
        await pilot.press("g")
        await pilot.pause()
        assert app.screen is screen and screen.current is not None
        assert screen.current.id == target
    [given] = demo_casebook.clients.record("KB-1088").handouts
    assert (given.handout_id, given.given_on) == (target, clock.today())


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_handout_titles_are_whole_where_they_fit(
    demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    from tests.helpers.screen_text import screen_text

    app = make_app(demo_casebook, clock)
    async with app.run_test(size=size) as pilot:
        screen = await open_handouts(app, pilot, "KB-1042")
        assert screen.library is not None
        painted = screen_text(app)
        whole = [h.title for h in screen.library.handouts if h.title in painted]
        if size == (120, 36):
            assert len(whole) == len(screen.library.handouts)  # every title whole
        else:
            assert "Will I have to speak?" in whole  # short ones whole; long ones cut at 80
