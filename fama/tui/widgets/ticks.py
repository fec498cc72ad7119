"""Ticks and one-of choices that differ in shape, not only in colour.

Textual's ``Checkbox``, ``RadioButton`` and ``SelectionList`` draw the same glyph ticked or
not and tell them apart by colour alone, which vanishes with ``NO_COLOR=1``, on a
monochrome terminal or for someone who cannot tell the two colours apart. fama's versions
draw ``[x]`` / ``[ ]`` for a tick and ``(•)`` / ``( )`` for one of several choices (the
colour stays, as a second cue). They behave exactly as Textual's (same messages, same
keys, ``query_one(..., Checkbox)`` still finds them); only the drawing differs. Every tick
and choice in fama uses these (``tests/tui/test_ticks.py`` checks the source for others).
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import SelectionType

TICKED = "[x]"
UNTICKED = "[ ]"
CHOSEN = "(•)"
NOT_CHOSEN = "( )"

_MARK_CSS = """
& > .toggle--button {
    color: $text-muted;
}
&.-on > .toggle--button {
    color: $text-success;
    text-style: bold;
}
"""


def _mark(toggle: Checkbox | RadioButton, glyph: str) -> Content:
    """The toggle's button drawn as ``glyph``, in the button's own style.

    Used in place of ``ToggleButton._button`` (Textual's ``▐X▌`` block), which the toggle's
    ``render`` and its width both read.
    """
    return Content.assemble((glyph, toggle.get_visual_style("toggle--button")))


class TickBox(Checkbox):
    """A check box drawn ``[x]`` when ticked and ``[ ]`` when not."""

    DEFAULT_CSS = "TickBox {" + _MARK_CSS + "}"

    @property
    def _button(self) -> Content:
        return _mark(self, TICKED if self.value else UNTICKED)


class ChoiceButton(RadioButton):
    """A radio button drawn ``(•)`` when chosen and ``( )`` when not (inside a RadioSet)."""

    DEFAULT_CSS = "ChoiceButton {" + _MARK_CSS + "}"

    @property
    def _button(self) -> Content:
        return _mark(self, CHOSEN if self.value else NOT_CHOSEN)


class TickSelectionList(SelectionList[SelectionType]):
    """A selection list whose options start ``[x]`` when ticked and ``[ ]`` when not."""

    DEFAULT_CSS = """
    TickSelectionList {
        & > .selection-list--button, & > .selection-list--button-highlighted {
            color: $text-muted;
        }
        & > .selection-list--button-selected,
        & > .selection-list--button-selected-highlighted {
            color: $text-success;
            text-style: bold;
        }
    }
    """

    def render_line(self, y: int) -> Strip:
        """Textual's line with its three-cell ``▐X▌`` button swapped for ``[x]`` or ``[ ]``,
        in the same style (which also carries the option a mouse click ticks)."""
        line = super().render_line(y)
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if len(segments) < 3:
            return line
        glyph = TICKED if selection.value in self.selected else UNTICKED
        return Strip([Segment(glyph, segments[1].style), *segments[3:]], line.cell_length)


class SpaceCheckbox(TickBox, inherit_bindings=False):
    """A checkbox that Space ticks, leaving Enter to the dialog (which saves); drawn [x] or
    [ ] like every fama tick, so the state is not told by colour alone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Tick", show=False, id="space-checkbox.toggle-button"),
    ]

    def __init__(self, label: str, value: bool = False, *, id: str) -> None:
        super().__init__(label, value, id=id, compact=True)
