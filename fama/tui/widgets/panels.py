"""Scrolling panels that hold other widgets and take no focus themselves: Tab goes straight
to what is inside them.
"""

from __future__ import annotations

from textual.containers import VerticalScroll


class AnswerArea(VerticalScroll, can_focus=False):
    """Holds the current answer widget; scrolls when a form is taller than the space."""


class DetailsPanel(VerticalScroll, can_focus=False):
    """The right-hand details: scrolls, but Tab goes straight to the tables inside."""
