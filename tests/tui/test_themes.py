"""Themes: only readable ones offered, the one chosen kept between runs (0600), ticks that
differ in shape without colour, and no screenshot command in the palette."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from textual.color import Color
from textual.command import CommandPalette
from textual.theme import BUILTIN_THEMES

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.paths import default_settings_path
from fama.tui.app import FamaApp, make_app
from fama.tui.screens.find_meetings import FindMeetingsScreen
from fama.tui.themes import MIN_CONTRAST, body_contrast, contrast_ratio, saved_theme
from tests.helpers.screen_text import screen_text

SIZE = (100, 30)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --------------------------------------------------------------------------- contrast


def test_wcag_contrast_of_known_pairs() -> None:
    black, white = Color(0, 0, 0), Color(255, 255, 255)
    assert contrast_ratio(black, white) == pytest.approx(21.0)
    assert contrast_ratio(white, white) == pytest.approx(1.0)
    # #777777 on white is the classic just-fails-AA grey (4.48:1).
    assert contrast_ratio(Color.parse("#777777"), white) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", [n for n, t in BUILTIN_THEMES.items() if not t.ansi])
def test_contrast_reads_the_colours_textual_generates(name: str) -> None:
    """The quick reading of a theme's colours agrees with Textual's whole colour system."""
    made = BUILTIN_THEMES[name].to_color_system().generate()
    page = Color.parse(made["background"])
    surface = page + Color.parse(made["surface"])
    text = Color.parse(made["foreground"])
    expected = min(contrast_ratio(page + text, page), contrast_ratio(surface + text, surface))
    assert body_contrast(BUILTIN_THEMES[name]) == pytest.approx(expected)


def test_every_offered_theme_keeps_body_text_readable(
    demo_casebook: Casebook, clock: FixedClock, tmp_path: Path
) -> None:
    app = make_app(demo_casebook, clock, tmp_path / "settings.json")
    offered = app.available_themes
    assert len(offered) >= 10  # plenty left to choose from
    for name, theme in offered.items():
        assert body_contrast(theme) >= MIN_CONTRAST, name
    # The built-ins that fall short are not offered; all the others are.
    short = {n for n, t in BUILTIN_THEMES.items() if body_contrast(t) < MIN_CONTRAST}
    assert short and short.isdisjoint(offered)
    assert set(offered) == set(BUILTIN_THEMES) - short
    assert app.theme in offered


# --------------------------------------------------------------------------- kept


async def choose_theme(app: FamaApp, pilot: object, name: str) -> None:
    press = pilot.press  # type: ignore[attr-defined]
    await press("ctrl+p")
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, CommandPalette)
    await press(*"theme")
    await pilot.pause(0.3)  # type: ignore[attr-defined]
    await press("enter")
    await pilot.pause(0.3)  # type: ignore[attr-defined]
    await press(*name)
    await pilot.pause(0.3)  # type: ignore[attr-defined]
    await press("enter")
    await pilot.pause(0.2)  # type: ignore[attr-defined]


async def test_the_theme_chosen_from_the_palette_is_kept_for_the_next_run(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    settings = default_settings_path()  # under the test's own XDG_DATA_HOME
    assert not settings.exists()
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        await choose_theme(app, pilot, "nord")
        assert app.theme == "nord"
    assert saved_theme(settings) == "nord"
    assert mode(settings) == 0o600 and mode(settings.parent) == 0o700
    again = make_app(demo_casebook, clock)
    assert again.theme == "nord"
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"
    assert json.loads(settings.read_text()) == {"theme": "nord"}


@pytest.mark.parametrize(
    "content",
    ['{"theme": "solarized-dark"}', '{"theme": "no-such-theme"}', "not json", '["nord"]'],
)
def test_a_theme_not_offered_or_a_damaged_file_means_the_default(
    demo_casebook: Casebook, clock: FixedClock, tmp_path: Path, content: str
) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text(content)
    app = make_app(demo_casebook, clock, settings)
    assert app.theme == "textual-dark"
    assert settings.read_text() == content  # untouched until a theme is chosen


async def test_other_settings_are_kept_when_the_theme_is_saved(
    demo_casebook: Casebook, clock: FixedClock, tmp_path: Path
) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text('{"other": 1, "theme": "dracula"}')
    app = make_app(demo_casebook, clock, settings)
    assert app.theme == "dracula"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "gruvbox"
        await pilot.pause()
    assert json.loads(settings.read_text()) == {"other": 1, "theme": "gruvbox"}


# --------------------------------------------------------------------------- no colour


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord"])
async def test_without_colour_ticked_and_unticked_differ_in_shape(
    demo_casebook: Casebook,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    theme: str,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"theme": theme}))
    app = make_app(demo_casebook, clock, settings)
    async with app.run_test(size=(130, 40)) as pilot:
        assert app.no_color and app.theme == theme
        app.push_screen(FindMeetingsScreen("KB-1094"))  # wants women-only groups
        await pilot.pause()
        text = screen_text(app)
        assert "[x] Women-only groups" in text
        assert "[ ] Step-free access" in text


# --------------------------------------------------------------------------- screenshot


async def test_the_palette_offers_no_screenshot(
    demo_casebook: Casebook, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(demo_casebook, clock, tmp_path / "settings.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Theme" in titles and "Quit" in titles
        assert "Screenshot" not in titles
        await pilot.press("ctrl+p", *"screenshot")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
    assert list(tmp_path.glob("*.svg")) == []
