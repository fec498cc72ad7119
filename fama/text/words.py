"""Cutting text to a width the way a reader expects: at a word, with an ellipsis."""

from __future__ import annotations

ELLIPSIS = "…"


def cut_words(text: str, width: int) -> str:
    """``text`` on one line in at most ``width`` characters: whole if it fits, else cut at
    the end of the last word that fits, followed by an ellipsis. A first word longer than
    the width is the one thing cut inside a word (there is no other way to show any of it)."""
    line = " ".join(text.split())
    if width <= 0:
        return ""
    if len(line) <= width:
        return line
    if width == 1:
        return ELLIPSIS
    room = line[: width - 1]
    if line[width - 1] == " ":  # the cut falls just after a whole word
        return room.rstrip() + ELLIPSIS
    space = room.rfind(" ")
    kept = room[:space].rstrip(" ,;:-·") if space > 0 else room
    return (kept or room) + ELLIPSIS
