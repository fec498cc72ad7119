"""A standard 80x24 terminal: the caseload, the directory, the chat's meeting list, the goal
form and the follow-up form each show what a keyworker needs, whole, and cut text ends at a
word with an ellipsis. Read from what is painted on screen (the same at 120x36)."""

from __future__ import annotations

import re
from datetime import time

import pytest
from textual.widgets import DataTable

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.directory.browse import miles_text
from fama.directory.geo import Locations
from fama.models import Attendance, Meeting, OrgCode, Weekday
from fama.tui.app import make_app
from fama.tui.screens.conversation import ConversationScreen
from fama.tui.screens.meetings import MeetingsScreen
from fama.tui.widgets.follow_up_form import FollowUpForm
from fama.tui.widgets.meeting_choice import MeetingChoice
from tests.helpers.chat import NEW_CLIENT, open_chat, say, stage_one_said, step_of

SIZES = [(80, 24), (120, 36)]
DAY_TIME = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:\d\d")
MILES = re.compile(r"\b\d+\.\d\b|\bonline\b|\bby phone\b|\bphone\b")


def table_lines(table: DataTable[object]) -> list[str]:
    """The lines the table paints, read from its own rendered strips."""
    return [
        "".join(segment.text for segment in table.render_line(y)) for y in range(table.size.height)
    ]


@pytest.mark.parametrize("size", SIZES)
async def test_the_caseload_shows_client_stage_and_what_is_due_whole(
    demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#caseload", DataTable)
        lines = table_lines(table)
        assert "Client" in lines[0] and "Next due" in lines[0]
        body = [line for line in lines[1:] if line.strip()]
        assert len(body) == 12
        for entry in demo_casebook.clients.caseload().entries:
            line = next(line for line in body if entry.code in line)
            due = entry.due.describe(demo_casebook.today) if entry.due else "nothing due"
            assert due in line, (line, due)  # what is due is never cut
        assert all(len(line.rstrip()) <= size[0] for line in lines)


@pytest.mark.parametrize("size", SIZES)
async def test_the_directory_lists_five_meetings_with_day_time_and_distance(
    demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*"1042")  # the client in front of the keyworker...
        await pilot.press("f2")  # ...and the directory measures from their district
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingsScreen)
        table = screen.query_one("#meetings", DataTable)
        rows = [line for line in table_lines(table)[1:] if line.strip()]
        assert len(rows) >= 5
        for line in rows[:5]:
            assert DAY_TIME.search(line) and MILES.search(line), line
        assert all(len(line.rstrip()) <= size[0] for line in rows)


async def test_the_chat_meeting_list_shows_day_time_distance_and_reasons_at_80x24(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    stage_one_said(demo_casebook)  # typed key by key in the stage-one test
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, "KB-1151")
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        ticks = screen.query_one(".ticks.meetings")
        visible = [
            "".join(segment.text for segment in ticks.render_line(y))  # type: ignore[attr-defined]
            for y in range(ticks.size.height)
        ]
        assert len(visible) >= 3
        for line in visible[:3]:
            assert DAY_TIME.search(line) and MILES.search(line), line
        labels = [option.label for option in screen.query_one(MeetingChoice).options]
        for line in visible:
            if "…" in line:  # cut at a word: what is kept is a run of whole words of the label
                kept = line.split("…")[0].split("  ", 2)[-1].strip()
                assert any(label.startswith(kept + " ") for label in labels), line
        details = screen.query_one(".meeting-details")
        assert details.size.height >= 3 and details.region.bottom <= 24  # the reasons show


async def test_the_follow_up_form_takes_the_width_at_80x24(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, "KB-1057")
        await say(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        form = screen.query_one(FollowUpForm)
        assert form.size.width >= 70  # the side panel makes way for the form
        assert not screen.query_one("#chat-side").display
        for name in ("attended", "since", "helpful", "like", "barriers", "next"):
            field = form.query_one(f"#follow-up-1-{name}")
            field.focus()
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()  # scrolling into view may be animated
            await pilot.pause()
            assert field.region.y >= 0 and field.region.bottom <= 24, name  # scrolled into view
        talk = form.query_one("#follow-up-talk")
        talk.focus()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        assert talk.region.bottom <= 24
        await pilot.press("f6")  # the side panel on request
        assert screen.query_one("#chat-side").display


def test_miles_from_a_district() -> None:
    meeting = Meeting(
        id="t:1",
        organisation=OrgCode.AA,
        name="Test",
        weekday=Weekday.MONDAY,
        start=time(19),
        latitude=52.93,
        longitude=-1.48,
    )
    locations = Locations({"DE1": (52.92, -1.48)})
    near = locations.lookup("DE1")
    assert near is not None
    assert miles_text(meeting, near.point, locations) == "0.7"
    assert miles_text(meeting, None, locations) == ""
    online = meeting.model_copy(update={"attendance": Attendance.ONLINE})
    assert miles_text(online, near.point, locations) == "online"
    nowhere = meeting.model_copy(update={"latitude": None, "longitude": None})
    assert miles_text(nowhere, near.point, locations) == "—"


@pytest.mark.parametrize("size", SIZES)
async def test_a_date_question_shows_question_box_and_date_understood_at_once(
    demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    from tests.helpers.screen_text import screen_text

    app = make_app(demo_casebook, clock)
    async with app.run_test(size=size) as pilot:
        await open_chat(pilot, app, "KB-1151")
        await say(pilot, "2", "type:Not ready yet", "enter", "type:1/12")
        await pilot.pause(0.2)
        painted = screen_text(app)
        assert "When?" in painted  # the question
        assert "1/12" in painted  # the box, with what was typed
        assert "Tue 1 Dec 2026 (in 7 days)" in painted  # the date understood, whole
        await say(pilot, "enter")
    assert demo_casebook.clients.record("KB-1151").client.declined is not None
    declined = demo_casebook.clients.record("KB-1151").client.declined
    assert declined is not None and declined.revisit_on is not None
    assert declined.revisit_on.isoformat() == "2026-12-01"


@pytest.mark.parametrize("size", SIZES)
async def test_a_refused_scale_answer_says_why_on_screen(
    demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    """The sentence refusing an answer is painted, not left below the fold under the scale."""
    from tests.helpers.screen_text import screen_text

    stage_one_said(demo_casebook, until="s1_options")  # next: interest, 0 to 10
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=size) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, "type:11", "enter")
        await pilot.pause(0.2)
        error = app.screen.query_one("#answer-error")
        assert error.display and str(error.render()).strip()
        sentence = " ".join(str(error.render()).split())
        assert sentence[:30] in " ".join(screen_text(app).split()), sentence
    assert step_of(demo_casebook.clients.record(NEW_CLIENT)) == "s1_interest"
