"""Inputs for fields where a '?' is never part of a valid value (codes, postcodes, dates)."""

from __future__ import annotations

from textual.widgets import Input


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
