"""The ranked meetings to choose from in stage 2: tick one or more, or none for now.

Each meeting's line leads with day, time and distance and is cut at a word to the list's
width, so on a narrow screen the meeting's name gives way; the highlighted meeting's reasons
show beneath the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Button, SelectionList, Static
from textual.widgets.selection_list import Selection

from fama.text.words import cut_words
from fama.tui.widgets.answer_base import AnswerWidget
from fama.tui.widgets.answers import TICK_GUTTER, TickList


class MeetingOption:
    """One ranked meeting as the meeting choice lists it."""

    def __init__(self, meeting_id: str, label: str, details: str) -> None:
        self.meeting_id = meeting_id
        self.label = label
        self.details = details


class MeetingChoice(AnswerWidget):
    """The ranked meetings for this client: Space ticks one or more, Enter records the ticked
    ones (or the highlighted one when none is ticked), 0 records none for now."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("0", "none", "None for now", show=False, id="meeting-choice.none"),
    ]

    def __init__(
        self, options: Sequence[MeetingOption], status: str, ticked: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self.options = list(options)
        self.status = status
        self.ticked = set(ticked)

    def compose(self) -> ComposeResult:
        yield Static(self.status, classes="answer-hint", markup=False)
        if self.options:
            yield TickList(
                *[
                    Selection(Text(f"{n:>2}  {o.label}"), o.meeting_id, o.meeting_id in self.ticked)
                    for n, o in enumerate(self.options, start=1)
                ],
                classes="ticks meetings",
            )
            yield Static(self.options[0].details, classes="meeting-details", markup=False)
            yield Static(
                "Space or the number ticks; Enter records the ticked meetings (or the "
                "highlighted one); 0 records none for now.",
                classes="answer-hint",
            )
        else:
            yield Button(Text("Continue without a meeting for now (0)"), id="none", compact=True)

    def on_resize(self) -> None:
        """Fit each meeting's line to the list's width, cut at a word (day, time and distance
        lead, so it is the meeting's name that gives way)."""
        if not self.options:
            return
        ticks = self.query_one(TickList)
        room = ticks.scrollable_content_region.width - TICK_GUTTER
        if room <= 0:
            return
        for index, option in enumerate(self.options):
            number = f"{index + 1:>2}  "
            ticks.replace_option_prompt_at_index(
                index, Text(number + cut_words(option.label, room - len(number)))
            )

    @on(SelectionList.SelectionHighlighted)
    def _highlighted(self, event: SelectionList.SelectionHighlighted[str]) -> None:
        event.stop()
        index = event.selection_index
        if 0 <= index < len(self.options):
            self.query_one(".meeting-details", Static).update(self.options[index].details)

    @on(TickList.Done)
    def _done(self, event: TickList.Done) -> None:
        event.stop()
        ticks = self.query_one(TickList)
        chosen = list(ticks.selected)
        if not chosen and ticks.highlighted is not None:
            chosen = [ticks.get_option_at_index(ticks.highlighted).value]
        self.submit(chosen)

    def draft(self) -> object:
        return list(self.query_one(TickList).selected) if self.options else []

    def submits_on(self, key: str, focused: Widget | None) -> bool:
        if key == "0":
            return True
        return key == "enter" and (isinstance(focused, TickList) or not self.options)

    def action_none(self) -> None:
        self.submit([])

    @on(Button.Pressed, "#none")
    def _none(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit([])
