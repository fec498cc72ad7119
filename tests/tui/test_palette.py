"""The command palette is built from each screen's bindings: the key it names is the key bound
now (a keymap moves it), an entry runs the binding's action, an action the screen has switched
off is not offered, and every entry a screen declares names one of its own bindings."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from datetime import date
from typing import ClassVar

import pytest
from textual.actions import parse
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen

import fama.tui.screens
from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.tui.app import FamaApp, make_app
from fama.tui.screens.base import HELP_BINDINGS, FamaScreen
from fama.tui.screens.caseload import CaseloadScreen
from fama.tui.screens.help import HelpScreen
from fama.tui.screens.meetings import MeetingsScreen

SIZE = (100, 30)

DECLARING = {
    "AssessmentScreen",
    "CaseloadScreen",
    "ContactsScreen",
    "ClientScreen",
    "ConversationScreen",
    "FindMeetingsScreen",
    "HandoutsScreen",
    "MeetingFormScreen",
    "MeetingsScreen",
    "ReviewScreen",
    "StaffScreen",
}
"""The screens whose own actions the palette offers."""


def screen_classes() -> list[type[Screen[object]]]:
    """Every screen class defined under fama.tui.screens."""
    found: dict[str, type[Screen[object]]] = {}
    for info in pkgutil.walk_packages(fama.tui.screens.__path__, "fama.tui.screens."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


SCREENS = screen_classes()


def entries(app: FamaApp) -> dict[str, SystemCommand]:
    return {command.title: command for command in app.get_system_commands(app.screen)}


def palette_lines(app: FamaApp) -> list[str]:
    """What the open palette lists, one entry a line: the title, a newline, the help."""
    assert isinstance(app.screen, CommandPalette)
    options = app.screen.query_one(CommandList)
    return [
        options.get_option_at_index(index).prompt.plain  # type: ignore[union-attr]
        for index in range(options.option_count)
    ]


async def choose(pilot: Pilot[int], title: str) -> None:
    """Open the palette, type a title and run the entry it puts first."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*title)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


# --------------------------------------------------------------------------- declarations


def test_the_screens_that_offer_actions_declare_them() -> None:
    declaring = {cls.__name__ for cls in SCREENS if "PALETTE" in vars(cls)}
    assert declaring == DECLARING


@pytest.mark.parametrize(
    "cls", [cls for cls in SCREENS if "PALETTE" in vars(cls)], ids=lambda cls: cls.__name__
)
def test_every_palette_entry_names_a_binding_of_its_screen(cls: type[Screen[object]]) -> None:
    bindings = {
        binding.id: binding
        for key_bindings in cls._merge_bindings().key_to_bindings.values()
        for binding in key_bindings
    }
    palette: dict[str, tuple[str, str]] = vars(cls)["PALETTE"]
    assert [binding_id for binding_id in palette if binding_id not in bindings] == []
    titles = [title for title, _ in palette.values()]
    assert len(titles) == len(set(titles)), "two entries with one title"
    for binding_id, (title, help_text) in palette.items():
        assert title and help_text
        # the key is read from the binding: one written into the words would go stale
        assert not re.search(r"\([^)]*\)$", help_text), binding_id
        namespace, _, _ = parse(bindings[binding_id].action)
        assert namespace == "", f"{binding_id} runs outside its screen"


def test_the_hygiene_check_finds_a_palette_entry_without_a_binding() -> None:
    class Stale(FamaScreen):
        BINDINGS: ClassVar[list[BindingType]] = [Binding("n", "new", "New", id="stale.new")]
        PALETTE: ClassVar[dict[str, tuple[str, str]]] = {"stale.old": ("Old", "Gone")}

    with pytest.raises(AssertionError):
        test_every_palette_entry_names_a_binding_of_its_screen(Stale)


# --------------------------------------------------------------------------- on screen


async def test_the_open_palette_names_each_key(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CaseloadScreen)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        lines = palette_lines(app)
        assert "Meetings\nThe meeting directory (f2)" in lines
        assert "New client\nAdd a client to the caseload (^n)" in lines
        assert "Help\nShow help for this screen (f1)" in lines
        assert not any("Screenshot" in line for line in lines)


async def test_a_keymap_moves_the_key_the_palette_names(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert entries(app)["Meetings"].help == "The meeting directory (f2)"
        app.set_keymap({"caseload.meetings": "f9"})
        assert entries(app)["Meetings"].help == "The meeting directory (f9)"
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        lines = palette_lines(app)
        assert "Meetings\nThe meeting directory (f9)" in lines
        assert not any("(f2)" in line for line in lines)


async def test_running_an_entry_runs_its_binding(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await choose(pilot, "Meetings")
        screen = app.screen
        assert isinstance(screen, MeetingsScreen)
        before = demo_casebook.directory.meeting("demo:aa-05").last_verified
        assert before != clock.today()
        assert screen.select("demo:aa-05")
        screen.table.focus()
        await pilot.pause()
        await choose(pilot, "Mark verified today")
        assert isinstance(app.screen, MeetingsScreen)
        assert demo_casebook.directory.meeting("demo:aa-05").last_verified == date(2026, 11, 24)


async def test_help_runs_from_the_palette(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await choose(pilot, "Help")
        assert isinstance(app.screen, HelpScreen)


class Gated(FamaScreen):
    """A screen that switches one action off and greys another out, for the tests below."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *HELP_BINDINGS,
        Binding("o", "open", "Open", id="gated.open"),
        Binding("s", "send", "Send", id="gated.send"),
        Binding("delete,x", "remove", "Remove", key_display="Del", id="gated.remove"),
    ]
    PALETTE: ClassVar[dict[str, tuple[str, str]]] = {
        "gated.remove": ("Remove it", "Take it away"),
        "gated.open": ("Open it", "Look inside"),
        "gated.send": ("Send it", "Post it off"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.open_allowed: bool | None = True
        self.removed = 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return self.open_allowed
        return action != "send"

    def action_open(self) -> None:
        self.notify("opened")

    def action_send(self) -> None:
        self.notify("sent")

    def action_remove(self) -> None:
        self.removed += 1


async def test_entries_follow_what_the_screen_allows_now(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = Gated()
        await app.push_screen(screen)
        await pilot.pause()
        commands = list(app.get_system_commands(screen))
        titles = [command.title for command in commands]
        assert titles[:3] == ["Remove it", "Open it", "Help"]  # as declared; Send is off
        shown = entries(app)
        assert shown["Remove it"].help == "Take it away (Del)"  # two keys, one display
        assert shown["Open it"].help == "Look inside (o)"
        screen.open_allowed = None  # greyed out: offered, but says so
        assert entries(app)["Open it"].help == "Look inside (o; not available now)"
        await choose(pilot, "Remove it")
        assert app.screen is screen and screen.removed == 1
