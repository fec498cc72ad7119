"""Text a person typed or a feed supplied is shown exactly as written, wherever it lands.

``stop [/] now`` would crash a screen read as markup (``MarkupError``) and ``goal [x]``
would lose its ``[x]``. Each test stores such text where a person or a feed can put it (a
staff member's name, a keyworker code, a client's goal, a meeting's name, a handout's title,
a postcode district), walks the screens and dialogs that show it (titles, border titles,
notifications, help) and reads the painted characters back.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from fama.casebook.service import Casebook
from fama.clients.form import ClientForm
from fama.clock import FixedClock
from fama.directory.meeting_form import MeetingForm
from fama.models import Goal, Weekday
from fama.tui.app import FamaApp, make_app
from fama.tui.screens.caseload import CaseloadScreen
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.dialogs.meeting_dialogs import FlagMeetingModal
from fama.tui.screens.dialogs.staff_dialogs import ConfirmModal, StaffMemberModal
from fama.tui.screens.dialogs.staff_evidence_dialogs import InsightVisitModal, TrainingModal
from fama.tui.screens.find_meetings import FindMeetingsScreen
from fama.tui.screens.handouts import HandoutsScreen
from fama.tui.screens.help import HelpScreen
from fama.tui.screens.meeting_form import MeetingFormScreen
from fama.tui.screens.meetings import MeetingsScreen
from fama.tui.screens.show_to_client import ShowToClientScreen
from fama.tui.screens.staff import StaffScreen
from tests.conftest import TODAY
from tests.helpers.pilot import fill
from tests.helpers.screen_text import screen_text, toasts

SIZE = (130, 40)
NASTY = "stop [/] now"
"""Read as markup, ``[/]`` closes a tag that was never opened: a crash."""
TICKED = "goal [x]"
"""Read as markup, ``[x]`` is a style tag and vanishes."""
BOTH = f"{NASTY} {TICKED}"


def shows(app: FamaApp, text: str) -> bool:
    return text in screen_text(app)


def toasted(app: FamaApp, text: str) -> bool:
    return any(text in toast for toast in toasts(app))


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    await pilot.pause()


async def press(
    app: FamaApp, pilot: Pilot[int], *keys: str, then: type[Screen[Any]] | None = None
) -> None:
    """Press ``keys``, let the app catch up, and check which screen is on top (``then``)."""
    await pilot.press(*keys)
    await settle(pilot)
    if then is not None:
        assert isinstance(app.screen, then), app.screen


async def help_shows(app: FamaApp, pilot: Pilot[int], title: str) -> None:
    """F1 opens help titled after the screen, the title exactly as stored; Esc closes it."""
    await press(app, pilot, "f1", then=HelpScreen)
    assert shows(app, f"Help: {title}")
    await press(app, pilot, "escape")


# --------------------------------------------------------------------------- staff (F4)


async def test_staff_name_is_shown_as_typed_in_the_list_dialogs_and_notifications(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(app, pilot, "f4", then=StaffScreen)
        await press(app, pilot, "n")
        await fill(pilot, app, id="zz", name=BOTH)
        await press(app, pilot, "ctrl+s")
        assert toasted(app, f"Saved {BOTH} (ZZ).")
        assert demo_casebook.staff.member("ZZ").name == BOTH
        assert isinstance(app.screen, StaffScreen)
        assert app.screen.selected_id() == "ZZ"
        assert shows(app, f"{BOTH} (ZZ) · keyworker")

        await press(app, pilot, "e", then=StaffMemberModal)
        assert app.screen.query_one("#field-name", Input).value == BOTH
        await press(app, pilot, "escape")

        await press(app, pilot, "t", then=TrainingModal)
        assert shows(app, f"Add training for {BOTH}")
        await fill(pilot, app, date="today")
        await press(app, pilot, "ctrl+s", then=StaffScreen)
        assert toasted(app, f"training ({TODAY:%d %b %Y}) for {BOTH}.")
        assert [t.completed for t in demo_casebook.staff.member("ZZ").training] == [TODAY]

        await press(app, pilot, "v", then=InsightVisitModal)
        assert shows(app, f"Add an insight visit for {BOTH}")
        await press(app, pilot, "escape", then=StaffScreen)

        app.screen.query_one("#training-table").focus()
        await press(app, pilot, "x", then=ConfirmModal)  # remove the training: asks first
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert question.endswith(f"from {BOTH}'s record?")
        await press(app, pilot, "y", then=StaffScreen)
        assert toasted(app, f"from {BOTH}'s record.")
        assert demo_casebook.staff.member("ZZ").training == []


# --------------------------------------------------------------------------- keyworker codes


async def test_keyworker_code_with_brackets_is_shown_as_typed(
    casebook: Casebook, clock: FixedClock
) -> None:
    """A keyworker is whatever initials the form was given (up to 12 characters)."""
    casebook.clients.add(
        ClientForm(
            code="KB-1", keyworker=NASTY, postcode_district="SE1", episode_start="2026-01-05"
        )
    )
    keyworker = NASTY.upper()
    assert casebook.clients.record("KB-1").client.keyworker == keyworker
    app = make_app(casebook, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+k")  # show this keyworker's clients: the title and a notice
        await settle(pilot)
        assert shows(app, f"Caseload — {keyworker} · 1 clients")
        assert toasted(app, f"Showing {keyworker}.")
        await press(app, pilot, "enter", then=ClientScreen)
        assert shows(app, f"Client KB-1 — Not started · keyworker {keyworker}")
        assert shows(app, f"Keyworker: {keyworker}")
        await help_shows(app, pilot, "Client KB-1")
        await pilot.press("escape", "f4")  # the staff screen opens on that keyworker
        await settle(pilot)
        assert isinstance(app.screen, StaffScreen)


# --------------------------------------------------------------------------- a client's goal


async def test_goal_wording_is_shown_as_typed_on_the_caseload_and_the_client(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    code = "KB-1088"
    demo_casebook.store.save_goal(
        Goal(client_code=code, wording=BOTH, target_date=TODAY + timedelta(days=7))
    )
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        await press(app, pilot, *"1088")
        assert str(app.screen.query_one(DataTable).get_row(code)[3]) == BOTH
        assert shows(app, BOTH)
        await press(app, pilot, "enter", then=ClientScreen)
        assert shows(app, f"“{BOTH}”")
        await pilot.press("r")  # the care-plan review lists it on the timeline
        await settle(pilot)
        assert shows(app, BOTH)


# --------------------------------------------------------------------------- the directory (F2)


async def test_meeting_name_is_shown_as_typed_in_the_directory_and_its_dialogs(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    meeting = demo_casebook.directory.save_local(
        MeetingForm(
            name=BOTH,
            weekday=Weekday.TUESDAY,
            start="19:30",
            venue="Hall",
            notes=f"bring {TICKED}",
        )
    )
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(app, pilot, "f2")
        screen = app.screen
        assert isinstance(screen, MeetingsScreen)
        assert screen.select(meeting.id)
        screen.table.focus()
        await settle(pilot)
        assert shows(app, BOTH) and shows(app, f"Notes: bring {TICKED}")

        await press(app, pilot, "f", then=FlagMeetingModal)
        assert shows(app, f"Local {BOTH}, Tue 19:30")
        await pilot.press("1")  # did not run
        await settle(pilot)
        await press(app, pilot, "ctrl+s", then=MeetingsScreen)
        assert toasted(app, f"Flagged “{BOTH}”: did not run.")
        assert len(demo_casebook.directory.meeting(meeting.id).flags) == 1

        await press(app, pilot, "e", then=MeetingFormScreen)
        assert shows(app, f"Edit local meeting — {BOTH}")
        await help_shows(app, pilot, "Edit local meeting")
        await press(app, pilot, "escape")

        await press(app, pilot, "v", "i")
        assert shows(app, f"Mark “Local {BOTH}, Tue 19:30")  # i asks first, naming it
        await press(app, pilot, "y")
        assert toasted(app, f"Marked “{BOTH}” verified today")
        assert toasted(app, f"Marked “{BOTH}” inactive")
        assert not demo_casebook.directory.meeting(meeting.id).active


# --------------------------------------------------------------------------- handouts


HANDOUT = f"""+++
id = "our-own"
title = "{BOTH}"
summary = "A local handout whose title came from a service's own folder: {NASTY}."
audience = ["client"]
stage = 1
triggers = ["zebrafinch"]
+++

Plain zebrafinch words, with {TICKED} and {NASTY} in them.
"""


async def test_handout_title_from_a_services_folder_is_shown_as_written(
    demo_casebook: Casebook, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "our-own.md").write_text(HANDOUT, encoding="utf-8")
    monkeypatch.setenv("FAMA_HANDOUTS", str(folder))
    code = "KB-1088"
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.push_screen(ClientScreen(code))
        await settle(pilot)
        await press(app, pilot, "h")
        screen = app.screen
        assert isinstance(screen, HandoutsScreen)
        await press(app, pilot, "slash", *"zebrafinch", "enter")
        assert screen.current is not None and screen.current.title == BOTH
        assert shows(app, f"{BOTH} (ours)")
        assert shows(app, f"Plain zebrafinch words, with {TICKED} and {NASTY} in them.")

        await press(app, pilot, "g")
        assert toasted(app, f"Logged “{BOTH}” as given to {code} today.")
        assert [h.title for h in demo_casebook.clients.record(code).handouts] == [BOTH]

        await press(app, pilot, "s", then=ShowToClientScreen)
        await help_shows(app, pilot, BOTH)
        await press(app, pilot, "escape", "escape", then=ClientScreen)
        assert shows(app, f"· {BOTH}")  # handouts given


# --------------------------------------------------------------------------- find meetings


async def test_a_district_that_is_not_one_is_named_as_typed(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.push_screen(FindMeetingsScreen("KB-1088"))
        await settle(pilot)
        district = app.screen.query_one("#pref-district", Input)
        district.value = NASTY
        await settle(pilot)
        error = str(app.screen.query_one("#pref-error", Static).render())
        assert error.startswith(f"'{NASTY}' is not a UK postcode")
        await pilot.press("ctrl+s")  # keeping preferences that cannot be read says why
        await settle(pilot)
        assert toasted(app, error)
        assert isinstance(app.screen, FindMeetingsScreen)
