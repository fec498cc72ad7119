"""The service's experience of a meeting in the app: a reason in Find meetings (M on a
client) and a line in the Meetings screen's details, small counts hidden."""

from __future__ import annotations

from textual.widgets import Static

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.tui.app import make_app
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.find_meetings import FindMeetingsScreen
from fama.tui.screens.meetings import MeetingsScreen

SIZE = (140, 44)
SUPPRESSED = "fewer than 5 of our clients went; fewer than 5 were still going at follow-up"


async def test_find_meetings_and_the_details_say_what_happened_to_our_clients(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    outcomes = demo_casebook.directory.outcomes()
    went = sorted(m for m, o in outcomes.items() if o.went)
    assert "demo:smart-03" in went, "the demo has a client who went to SMART Online Wednesday"
    codes = [s.code for s in demo_casebook.store.client_summaries()]
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ClientScreen("KB-1102"))
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FindMeetingsScreen)
        assert screen.outcome is not None
        assert screen.outcome.results[0].meeting.id == "demo:smart-03"
        reasons = str(screen.query_one("#find-reasons", Static).render())
        assert SUPPRESSED in " ".join(reasons.split())
        assert not any(code in reasons for code in codes)

        meetings = MeetingsScreen(near="DE1")
        await app.push_screen(meetings)
        await pilot.pause()
        assert meetings.select("demo:smart-03")
        await pilot.pause()
        body = " ".join(str(meetings.query_one("#meeting-details-body", Static).render()).split())
        assert f"Our clients (12 months): fewer than 5 referred; {SUPPRESSED}" in body
        assert not any(code in body for code in codes)
        unreferred = next(m.id for m in demo_casebook.directory.meetings() if m.id not in outcomes)
        assert meetings.select(unreferred)
        await pilot.pause()
        body = " ".join(str(meetings.query_one("#meeting-details-body", Static).render()).split())
        assert "Our clients (12 months): nobody referred in the period" in body
