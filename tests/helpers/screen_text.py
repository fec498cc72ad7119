"""Read what a Pilot app shows as plain text: the painted screen and its notifications.

Tests that check a person's words are shown exactly (``stop [/] now`` stays
``stop [/] now``) or that a meaning survives without colour (``[x]`` against ``[ ]``) read
the characters Textual paints, never styles or colours.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widgets._toast import Toast


def screen_lines(app: App[Any]) -> list[str]:
    """Every line of the top screen as painted, characters only (colours dropped).

    Reads the screen's compositor, the same strips Textual writes to the terminal.
    """
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: App[Any]) -> str:
    return "\n".join(screen_lines(app))


def toasts(app: App[Any]) -> list[str]:
    """The text of each notification on the top screen, as its toast renders it (a toast
    whose message is read as markup and is not valid markup raises here, as on screen)."""
    return [toast.render().plain for toast in app.screen.query(Toast)]
