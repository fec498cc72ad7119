"""Themes: only readable ones are offered, and the one chosen is kept between runs.

* **Readable.** A theme is offered in the palette only if its body text (``$foreground``)
  has a WCAG contrast of at least 4.5:1 against both the screen's background
  (``$background``) and the dialogs' (``$surface``): keyworkers read fama in rooms with
  poor light, on borrowed laptops. Contrast is computed from the theme's own colours
  (WCAG 2.x relative luminance); a theme whose colours cannot be read as RGB (the ANSI
  themes, which take the terminal's own colours) is not offered, since fama cannot check
  it.
* **Kept.** The theme chosen is saved to ``settings.json`` in fama's data folder
  (:func:`fama.paths.default_settings_path`), written durably and private to the user
  (0600, folder 0700). Other settings in the file are kept. A missing or unreadable file
  means the default theme; a theme no longer offered is ignored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.color import Color, ColorParseError

if TYPE_CHECKING:
    from textual.app import App
    from textual.theme import Theme

MIN_CONTRAST = 4.5
"""WCAG 2.x AA for body text."""
THEME_KEY = "theme"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: Color) -> float:
    """WCAG 2.x relative luminance of an opaque colour (0 black to 1 white)."""
    return 0.2126 * _channel(color.r) + 0.7152 * _channel(color.g) + 0.0722 * _channel(color.b)


def contrast_ratio(first: Color, second: Color) -> float:
    """WCAG contrast ratio of two opaque colours, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def body_contrast(theme: Theme) -> float:
    """The lower contrast of the theme's body text on its background and on its surface;
    0.0 if its colours cannot be read as RGB (an ANSI theme takes the terminal's).

    Reads the three colours as Textual's colour system would (a missing background or
    surface takes Textual's default, missing text the background's inverse) without
    generating the whole system: this runs for every theme at start-up.
    """
    from textual import design

    if theme.ansi:
        return 0.0
    dark = theme.dark
    try:
        background = Color.parse(
            theme.variables.get("background")
            or theme.background
            or (design.DEFAULT_DARK_BACKGROUND if dark else design.DEFAULT_LIGHT_BACKGROUND)
        )
        surface = background + Color.parse(
            theme.variables.get("surface")
            or theme.surface
            or (design.DEFAULT_DARK_SURFACE if dark else design.DEFAULT_LIGHT_SURFACE)
        )
        named = theme.variables.get("foreground") or theme.foreground
        foreground = Color.parse(named) if named else background.inverse
    except ColorParseError:
        return 0.0
    return min(
        contrast_ratio(background + foreground, background),
        contrast_ratio(surface + foreground, surface),
    )


def readable(theme: Theme) -> bool:
    """Is the theme's body text readable on its background (contrast at least 4.5:1)?"""
    return body_contrast(theme) >= MIN_CONTRAST


def offer_readable_themes(app: App[Any]) -> list[str]:
    """Unregister every theme whose body text falls short, so the palette offers only
    readable ones; the names left, sorted. The app's current theme is kept readable too."""
    for name, theme in list(app.available_themes.items()):
        if not readable(theme):
            app.unregister_theme(name)
    offered = sorted(app.available_themes)
    if app.theme not in offered and offered:
        app.theme = "textual-dark" if "textual-dark" in offered else offered[0]
    return offered


def read_settings(path: Path) -> dict[str, Any]:
    """The settings file as a dict; empty when it is missing or not a JSON object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def saved_theme(path: Path) -> str | None:
    """The theme kept in the settings file, if any."""
    name = read_settings(path).get(THEME_KEY)
    return name if isinstance(name, str) else None


def save_theme(path: Path, name: str) -> None:
    """Keep ``name`` as the theme for the next run (0600, written whole or not at all)."""
    from fama.paths import atomic_write, make_private_dir

    settings = read_settings(path)
    if settings.get(THEME_KEY) == name and path.exists():
        return
    settings[THEME_KEY] = name
    make_private_dir(path.parent)
    atomic_write(path, (json.dumps(settings, indent=2, sort_keys=True) + "\n").encode())


def setup_themes(app: App[Any], settings: Path) -> None:
    """Offer only readable themes and start on the saved one (before the first paint)."""
    offer_readable_themes(app)
    name = saved_theme(settings)
    if name is not None and name in app.available_themes:
        app.theme = name


def keep_chosen_theme(app: App[Any], settings: Path) -> None:
    """Save each theme chosen from now on (call once the app is running). A settings file
    that cannot be written is said in a notification; the theme still changes for this run."""

    def keep(theme: Theme) -> None:
        try:
            save_theme(settings, theme.name)
        except OSError:
            app.notify(
                "The theme could not be kept for next time (the settings file cannot be written).",
                severity="warning",
            )

    app.theme_changed_signal.subscribe(app, keep)
