"""Inputs for fields where a '?' is never part of a valid value (codes, postcodes, dates), and
typing that lands on a list in a dialog passed on to the text box after it."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


def pass_typing_on(event: events.Key, to: Input) -> bool:
    """A character typed while a list has the focus goes into ``to`` (the note after the
    list), so a keyworker typing ahead never loses words to a list that has no use for them.
    Returns whether the key was taken ('?' is left to open help)."""
    if not event.is_printable or event.character in (None, "?"):
        return False
    event.stop()
    event.prevent_default()
    to.select_on_focus = False  # else the focus, which lands after this key, selects it
    to.focus()
    to.insert_text_at_cursor(event.character)
    return True


class NoQuestionInput(Input):
    """An Input that leaves '?' to the screen, so '?' opens help from inside the field.

    Textual drops any screen binding for a key the focused Input says it may consume, and an
    Input claims every printable key. Only use this where '?' can never be typed for real:
    not for free text such as a client's own words.
    """

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character == "?":
            return False
        return super().check_consume_key(key, character)
