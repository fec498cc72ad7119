"""Finding meetings for a client in the app: ranked with reasons, following the preferences."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from fama.casebook.service import Casebook
from fama.cli.main import main
from fama.clock import FixedClock
from fama.demo.town import build_demo
from fama.directory.requests import parse_miles
from fama.models import (
    ORGANISATIONS,
    AccessNeed,
    Attendance,
    Audience,
    Client,
    ClientRecord,
    Preferences,
    Programme,
    Substance,
    Weekday,
)
from fama.tui.app import FamaApp, make_app
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.find_meetings import FindMeetingsScreen, miles_text
from tests.conftest import TODAY

SIZE = (140, 44)
SHARED = Path(__file__).resolve().parents[3] / "shared"


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
    expected = demo_casebook.directory.find_meetings(code)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_find(app, pilot, code)
        ids = result_ids(screen)
        assert ids, "the demo client should have meetings that fit"
        assert ids == [r.meeting.id for r in expected.results]
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
        meetings = demo_casebook.directory.by_id()
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
    prefs = demo_casebook.clients.record("KB-1071").client.preferences
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
        meetings = demo_casebook.directory.by_id()
        ids = result_ids(screen)
        assert ids
        assert all(meetings[i].attendance is not Attendance.IN_PERSON for i in ids)


# --------------------------------------------------------------------------- fama match agrees

WIDE = (120, 36)
CENTROIDS = SHARED / "data" / "uk-outcode-centroids.csv"


def cli_ids(
    casebook: Casebook, clock: FixedClock, capsys: pytest.CaptureFixture[str], *flags: str
) -> list[str]:
    """The meeting ids ``fama match --json`` lists, in its order."""
    capsys.readouterr()
    args = ["match", *flags, "--json", "--data", str(casebook.store.path)]
    assert main(args, clock=clock) == 0
    return [row["meeting_id"] for row in json.loads(capsys.readouterr().out)]


async def screen_ids(app: FamaApp, pilot: Pilot[int], code: str, **form: str | bool) -> list[str]:
    """The row keys Find meetings lists for a client, after setting any form fields."""
    screen = await open_find(app, pilot, code)
    for name, value in form.items():
        widget = screen.query_one(f"#pref-{name}")
        widget.value = value  # type: ignore[attr-defined]
        await pilot.pause()
    await pilot.pause()
    assert str(screen.query_one("#pref-error", Static).render()) == ""
    ids = result_ids(screen)
    await pilot.press("escape", "escape")  # back to the client, then the caseload
    await pilot.pause()
    return ids


@pytest.fixture
def placed(file_demo_casebook: Casebook) -> Casebook:
    """The demo with real district centres, so that distance counts in the ranking."""
    file_demo_casebook.directory.import_locations(CENTROIDS)
    return file_demo_casebook


DEMO_CODES = [record.client.code for record in build_demo(TODAY).records]


def test_fama_match_finds_meetings_for_the_demo_clients(
    placed: Casebook, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    found = [bool(cli_ids(placed, clock, capsys, "--client", code)) for code in DEMO_CODES]
    assert sum(found) >= len(DEMO_CODES) - 1


@pytest.mark.parametrize("code", DEMO_CODES)
async def test_fama_match_lists_what_the_screen_lists_for_every_demo_client(
    placed: Casebook, clock: FixedClock, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    expected = cli_ids(placed, clock, capsys, "--client", code)
    app = make_app(placed, clock)
    async with app.run_test(size=WIDE) as pilot:
        assert await screen_ids(app, pilot, code) == expected


def client_with(code: str, district: str, **preferences: object) -> ClientRecord:
    substances = preferences.pop("substances", [Substance.ALCOHOL])
    family = bool(preferences.pop("for_family", False))
    return ClientRecord(
        client=Client(
            code=code,
            keyworker="JB",
            postcode_district=district,
            substances=substances,  # type: ignore[arg-type]
            for_family=family,
            episode_start=date(2026, 9, 1),
            preferences=Preferences(**preferences),  # type: ignore[arg-type]
        )
    )


HAND_MADE = [
    (
        client_with(
            "KB-2001",
            "DE1",
            programmes=[Programme.SMART],
            days=[Weekday.MONDAY, Weekday.WEDNESDAY],
            earliest=time(18, 0),
            attendance=[Attendance.IN_PERSON, Attendance.ONLINE],
            max_travel_miles=3,
        ),
        [
            *("--postcode", "DE1 3QT", "--substance", "alcohol", "--programme", "smart"),
            *("--days", "mon,wed", "--after", "18:00", "--attendance", "in-person,online"),
            *("--within-miles", "3"),
        ],
    ),
    (
        client_with(
            "KB-2002",
            "DE22",
            substances=[Substance.CRACK],
            attendance=[Attendance.ONLINE],  # no option on the form: "as in the profile"
        ),
        ["--postcode", "de22", "--substance", "crack", "--attendance", "online"],
    ),
    (
        client_with(
            "KB-2003",
            "DE24",
            programmes=[Programme.TWELVE_STEP, Programme.SMART],  # no option either
            latest=time(12, 0),
            audience=[Audience.WOMEN],
            access_needs=[AccessNeed.WHEELCHAIR],
        ),
        [
            *("--postcode", "DE24", "--substance", "alcohol", "--before", "12:00"),
            *("--wheelchair", "--women-only"),
        ],
    ),
    (
        client_with("KB-2004", "DE3", for_family=True, attendance=[Attendance.PHONE]),
        ["--postcode", "DE3", "--substance", "alcohol", "--family", "--attendance", "phone"],
    ),
]


async def test_flags_and_the_same_preferences_on_a_client_give_the_same_list(
    placed: Casebook, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    placed.store.put_records([record for record, _flags in HAND_MADE])
    # KB-2003 asks for 12-step or SMART: the flags cannot say both, so its CLI run keeps the
    # client's programmes and overrides the rest
    expected = {}
    for record, flags in HAND_MADE:
        code = record.client.code
        by_flags = cli_ids(placed, clock, capsys, *flags)
        by_client = cli_ids(placed, clock, capsys, "--client", code)
        if code != "KB-2003":
            assert by_flags == by_client, code
        expected[code] = by_client
    assert all(expected.values())
    app = make_app(placed, clock)
    async with app.run_test(size=WIDE) as pilot:
        for code, ids in expected.items():
            assert await screen_ids(app, pilot, code) == ids, code


async def test_flags_over_a_client_and_the_same_changes_on_the_form_agree(
    placed: Casebook, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--client`` with flags is the profile with those changes, as on the form."""
    cases: list[tuple[str, list[str], dict[str, str | bool]]] = [
        ("KB-1063", ["--days", "sat", "--wheelchair"], {"days": "sat", "wheelchair": True}),
        (
            "KB-1140",
            ["--postcode", "DE1", "--within-miles", "2"],
            {"district": "DE1", "miles": "2"},
        ),
        (
            "KB-1042",
            ["--programme", "any", "--attendance", "online,phone"],
            {"programme": "any", "attendance": "remote"},
        ),
        (
            "KB-1094",
            ["--after", "09:00", "--before", "13:00"],
            {"after": "09:00", "before": "13:00"},
        ),
    ]
    expected = {
        code: cli_ids(placed, clock, capsys, "--client", code, *flags) for code, flags, _ in cases
    }
    unchanged = {code: cli_ids(placed, clock, capsys, "--client", code) for code, _, _ in cases}
    assert any(expected[code] != unchanged[code] for code in expected)  # the flags matter
    app = make_app(placed, clock)
    async with app.run_test(size=WIDE) as pilot:
        for code, _flags, form in cases:
            assert await screen_ids(app, pilot, code, **form) == expected[code], code


async def test_a_choice_the_form_lacks_is_kept_as_in_the_profile(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    """KB-1063 asks for 12-step or SMART, KB-1140 for online only: the form offers neither,
    so it shows "As in the profile" and keeps them, also when the preferences are saved."""
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_find(app, pilot, "KB-1063")
        assert screen.query_one("#pref-programme", Select).value == "profile"
        shown = screen.query_one("#pref-programme SelectCurrent #label", Static).render()
        assert str(shown) == "As in the profile: 12-step or SMART"
        meetings = demo_casebook.directory.by_id()
        programmes = {ORGANISATIONS[meetings[i].organisation].programme for i in result_ids(screen)}
        assert programmes == {Programme.TWELVE_STEP, Programme.SMART}
        screen.query_one("#pref-days", Input).value = "fri"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape", "escape")
        screen = await open_find(app, pilot, "KB-1140")
        attendance = screen.query_one("#pref-attendance", Select)
        assert attendance.value == "profile"
        # online only and LGBTQ+: nothing fits, and the screen says online-only ruled most out
        status = str(screen.query_one("#find-status", Static).render())
        assert result_ids(screen) == [] and "online meetings (as asked)" in status
    kept = demo_casebook.clients.record("KB-1063").client.preferences
    assert kept.programmes == [Programme.TWELVE_STEP, Programme.SMART]
    assert [d.name for d in kept.days] == ["FRIDAY"]


def test_miles_read_back_as_written() -> None:
    for miles in (3.0, 2.5, 0.1, 7.123456789, 200.0):
        assert parse_miles(miles_text(miles)) == miles
    assert miles_text(None) == "" and miles_text(3.0) == "3"
