"""Finding meetings for a client in the app: ranked with reasons, following the preferences."""

from __future__ import annotations

from textual.widgets import Checkbox, DataTable, Input, Static

from fama.casebook import Casebook
from fama.clock import FixedClock
from fama.models import Attendance, Audience
from fama.tui.app import make_app
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.find_meetings import FindMeetingsScreen

SIZE = (140, 44)


def result_ids(screen: FindMeetingsScreen) -> list[str]:
    table = screen.query_one("#results", DataTable)
    return [str(key.value) for key in table.rows]


async def open_find(app, pilot, code: str) -> FindMeetingsScreen:  # type: ignore[no-untyped-def]
    app.push_screen(ClientScreen(code))
    await pilot.pause()
    await pilot.press("m")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, FindMeetingsScreen)
    return screen


async def test_find_meetings_lists_ranked_results_with_reasons(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    code = "KB-1071"
    expected = demo_casebook.match(demo_casebook.match_request_for(code))
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_find(app, pilot, code)
        ids = result_ids(screen)
        assert ids, "the demo client should have meetings that fit"
        # the screen shows more than the default 10; the best ten are the same ten
        assert ids[: len(expected.results)] == [r.meeting.id for r in expected.results]
        reasons = str(screen.query_one("#find-reasons", Static).render())
        for reason in expected.results[0].reasons:
            assert reason in reasons
        await pilot.press("down")
        second = str(screen.query_one("#find-reasons", Static).render())
        assert expected.results[1].meeting.name in second


async def test_the_list_follows_the_preferences(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_find(app, pilot, "KB-1071")
        screen.query_one("#pref-women", Checkbox).value = True
        await pilot.pause()
        meetings = demo_casebook.meetings_by_id()
        ids = result_ids(screen)
        assert ids and all(Audience.WOMEN.value in meetings[i].audience for i in ids)

        # A preference no meeting can meet: the screen says what ruled them out.
        screen.query_one("#pref-miles", Input).value = "0.01"
        await pilot.pause()
        status = str(screen.query_one("#find-status", Static).render())
        if not result_ids(screen):
            assert "No meeting fits" in status and "rules out" in status

        # Bad input is named, and the last good list stays.
        before = result_ids(screen)
        screen.query_one("#pref-after", Input).value = "25:99"
        await pilot.pause()
        assert "24-hour time" in str(screen.query_one("#pref-error", Static).render())
        assert result_ids(screen) == before


async def test_keep_preferences_saves_them_to_the_profile(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_find(app, pilot, "KB-1071")
        screen.query_one("#pref-days", Input).value = "tue, thu"
        screen.query_one("#pref-after", Input).value = "18:00"
        screen.query_one("#pref-wheelchair", Checkbox).value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    prefs = demo_casebook.client("KB-1071").client.preferences
    assert [d.name for d in prefs.days] == ["TUESDAY", "THURSDAY"]
    assert prefs.earliest is not None and prefs.earliest.hour == 18
    assert [a.value for a in prefs.access_needs] == ["wheelchair"]


async def test_online_only_client_gets_no_in_person_meetings(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_find(app, pilot, "KB-1071")
        screen.query_one("#pref-attendance").value = "remote"  # type: ignore[attr-defined]
        await pilot.pause()
        meetings = demo_casebook.meetings_by_id()
        ids = result_ids(screen)
        assert ids
        assert all(meetings[i].attendance is not Attendance.IN_PERSON for i in ids)
