"""One goal's block of the follow-up form (FAMA stage 3): did they go, how often, how it
was, what got in the way and what next, with its own checks of what was typed.

The form (:mod:`fama.tui.widgets.follow_up_form`) stacks one block per open goal; a block
reads itself into the dict the engine expects and marks its own fields in error. Anything
a person typed, and a goal's wording, is shown with markup off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.events import DescendantBlur, DescendantFocus
from textual.widget import Widget
from textual.widgets import (
    Input,
    Label,
    RadioSet,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from fama.conversation.handover_words import asks_handover
from fama.models.goal import Goal
from fama.models.meeting import Meeting
from fama.models.review import Attended, Involvement
from fama.tui.widgets.follow_up_choices import (
    DEAD_END_NONE,
    AttendedChoice,
    DeadEndChoice,
    NextStepChoice,
    OneChoice,
)
from fama.tui.widgets.follow_up_fields import FieldError, NumberField, meeting_label, short
from fama.tui.widgets.follow_up_handover import HandoverRow
from fama.tui.widgets.ticks import TickSelectionList

LABEL_WIDTH = 26
"""The width of the labels on the left (``.row-label`` in the CSS below)."""


class FollowUpBlock(Widget):
    """The follow-up of one open goal: the goal's heading, then its fields, one per line."""

    DEFAULT_CSS = """
    FollowUpBlock {
        height: auto;
        layout: vertical;
        margin-bottom: 1;

        .goal-heading {
            text-style: bold;
        }
        .goal-meeting {
            color: $text-muted;
        }
        .field-row {
            height: auto;
        }
        .field-row > .row-label {
            width: 26;
            text-style: none;
            color: $text-muted;
        }
        .field-row.-current > .row-label {
            color: $accent;
            text-style: bold;
        }
        .field-row > Input {
            width: 1fr;
        }
        .field-row > Input.number {
            width: 8;
        }
        .field-row > .field-note {
            width: 1fr;
            padding-left: 2;
            color: $text-muted;
        }
        .field-row > .field-note.-bad {
            color: $error;
        }
        .field-row > SelectionList {
            width: 1fr;
        }
        .field-row > SelectionList.meetings {
            max-height: 6;
        }
        .field-row > Select {
            width: 40;
        }
        Input.-textual-compact:focus {
            background-tint: $foreground 12%;
        }
        Select.-textual-compact:focus > SelectCurrent {
            background-tint: $foreground 12%;
        }
        SelectionList:blur > .option-list--option-highlighted {
            background: transparent;
        }
    }
    """

    NUMBERS: ClassVar[dict[str, NumberField]] = {
        "since": NumberField("the number of meetings since last time", 0, 100, "0 to 100"),
        "helpful": NumberField("how helpful it was", 0, 10, "0 no help, 10 very helpful"),
    }

    def __init__(
        self,
        number: int,
        goal: Goal,
        meeting: Meeting | None,
        meetings: Sequence[Meeting],
    ) -> None:
        super().__init__(id=f"follow-up-{number}")
        self.number = number
        self.goal = goal
        self.meeting = meeting
        by_id = {m.id: m for m in ([meeting] if meeting else [])}
        for other in meetings:
            by_id.setdefault(other.id, other)
        self.choosable = list(by_id.values())
        """The goal's meeting first, then the others, each once."""

    def _field_id(self, name: str) -> str:
        return f"follow-up-{self.number}-{name}"

    def compose(self) -> ComposeResult:
        yield Static(
            f"Goal {self.number}: {self.goal.wording}", classes="goal-heading", markup=False
        )
        if self.meeting is not None:
            yield Static(meeting_label(self.meeting), classes="goal-meeting", markup=False)
        with self._row("Did they go? (y/n/u)"):
            yield AttendedChoice(id=self._field_id("attended"))
        if self.meeting is not None:
            row = self._row("Dead end? (o/r/m/t)")
            row.id = self._field_id("dead-end-row")
            row.display = False  # shown once they say they did not go
            with row:
                yield DeadEndChoice(id=self._field_id("dead-end"))
        if asks_handover(self.goal.support):
            yield HandoverRow(self.goal.support, choice_id=self._field_id("handover"))
        with self._row("Meetings since last time"):
            yield self._number_input("since")
            yield self._note("since")
        with self._row("Which meetings (space)"):
            if self.choosable:
                yield TickSelectionList[str](
                    *[Selection(Content(meeting_label(m)), m.id) for m in self.choosable],
                    id=self._field_id("meetings"),
                    classes="meetings",
                    compact=True,
                )
            else:
                yield Static("No meetings to choose from.", classes="field-note")
        with self._row("How helpful (0-10)"):
            yield self._number_input("helpful")
            yield self._note("helpful")
        with self._row("What it was like"):
            yield Input(
                placeholder="in the client's words",
                id=self._field_id("like"),
                max_length=2000,
                compact=True,
            )
        with self._row("Involvement (space)"):
            yield TickSelectionList[str](
                *[(Content(i.value), i.value) for i in Involvement],
                id=self._field_id("involvement"),
                compact=True,
            )
        with self._row("What got in the way"):
            yield Input(
                placeholder="anything that stopped them",
                id=self._field_id("barriers"),
                max_length=1000,
                compact=True,
            )
        with self._row("Next step"):
            yield NextStepChoice(id=self._field_id("next"))

    def _row(self, label: str) -> Horizontal:
        """One line of the block: the label, then whatever is yielded inside ``with``."""
        return Horizontal(Label(label, classes="row-label"), classes="field-row")

    def _number_input(self, name: str) -> Input:
        return self.NUMBERS[name].input(self._field_id(name))

    def _note(self, name: str) -> Static:
        return self.NUMBERS[name].note(self._field_id(name))

    # ---------------------------------------------------------------- reading it back

    @property
    def attended(self) -> AttendedChoice:
        return self.query_one(f"#{self._field_id('attended')}", AttendedChoice)

    def _show_dead_end(self) -> None:
        rows = self.query(f"#{self._field_id('dead-end-row')}")
        if rows:
            rows.first().display = self.attended.value is Attended.NO

    def dead_end(self) -> str | None:
        """The dead end chosen for the goal's meeting, as its value (None: none, they did
        not say they missed it, or the goal names no meeting)."""
        found = self.query(f"#{self._field_id('dead-end')}")
        if not found or self.attended.value is not Attended.NO:
            return None
        kind = found.first(DeadEndChoice).value
        return kind.value if kind is not None else None

    def _dead_end_field(self) -> dict[str, str]:
        """``dead_end`` for the answer, only when there is one."""
        dead_end = self.dead_end()
        return {"dead_end": dead_end} if dead_end else {}

    def _handover_field(self) -> dict[str, str]:
        """``handover`` for the answer, only when it was asked and said."""
        found = self.query(HandoverRow)
        said = found.first().value if found else None
        return {"handover": said.value} if said else {}

    def on_resize(self) -> None:
        """Choices too wide for the room beside their labels take two lines."""
        room = self.content_size.width - LABEL_WIDTH
        for choice in self.query(OneChoice):
            choice.fit(room)

    def input(self, name: str) -> Input:
        return self.query_one(f"#{self._field_id(name)}", Input)

    def on_attended_choice_next_field(self, event: AttendedChoice.NextField) -> None:
        """Enter on "did they go": after "no", on to whether the meeting was a dead end (the
        row is shown here, even before the change "no" made has arrived: the keys may come
        faster than the screen is drawn); otherwise on to the next field."""
        event.stop()
        found = self.query(f"#{self._field_id('dead-end')}")
        if found and self.meeting is not None and self.choosable:
            self._show_dead_end()
            if self.attended.value is Attended.NO:
                found.first(DeadEndChoice).focus()
                return
        self.screen.focus_next()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """When they went, tick the goal's own meeting; when they did not, untick it and
        ask whether the meeting was a dead end."""
        if self.meeting is None or not self.choosable:
            return
        self._show_dead_end()
        meetings = self.query_one(f"#{self._field_id('meetings')}", SelectionList)
        if self.attended.value is Attended.YES:
            meetings.select(self.meeting.id)
        else:
            meetings.deselect(self.meeting.id)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """Light up the label of the field with the cursor (CSS :focus-within misses it)."""
        for row in self.query(".field-row"):
            row.set_class(event.widget.parent is row, "-current")
        ticks = event.widget
        if isinstance(ticks, SelectionList) and ticks.highlighted is None and ticks.option_count:
            ticks.highlighted = 0  # so the first Space ticks

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        if event.widget.parent is not None:
            event.widget.parent.remove_class("-current")

    def clear_errors(self) -> None:
        for name, spec in self.NUMBERS.items():
            self.input(name).remove_class("-invalid")
            note = self.query_one(f"#{self._field_id(name)}-note", Static)
            note.remove_class("-bad")
            note.update(spec.hint)

    def mark_error(self, error: FieldError) -> None:
        error.field.add_class("-invalid")
        note = self.query_one(f"#{error.field.id}-note", Static)
        note.update(error.note)
        note.add_class("-bad")

    def _selection(self, name: str) -> SelectionList[str] | None:
        found = self.query(f"#{self._field_id(name)}")
        return found.first(SelectionList) if found else None

    def raw(self) -> dict[str, Any]:
        """The fields as entered, numbers unchecked (a draft, kept when going back)."""
        meetings = self._selection("meetings")
        involvement = self._selection("involvement")
        barrier = self.input("barriers").value
        return {
            "goal_id": self.goal.id,
            "attended": self.attended.value.value,
            "meetings_since_last": self.input("since").value,
            "meeting_ids": list(meetings.selected) if meetings else [],
            "helpfulness": self.input("helpful").value,
            "what_it_was_like": self.input("like").value,
            "involvement": list(involvement.selected) if involvement else [],
            "barriers": [barrier] if barrier else [],
            "next_step": self.query_one(f"#{self._field_id('next')}", NextStepChoice).value.value,
            **self._dead_end_field(),
            **self._handover_field(),
        }

    def fill(self, answer: Mapping[str, Any]) -> None:
        """Put an answer given before (or a draft) back into the fields."""
        attended = answer.get("attended")
        if attended:
            self.attended.action_choose(str(attended))
        for name, key in (("since", "meetings_since_last"), ("helpful", "helpfulness")):
            value = answer.get(key)
            self.input(name).value = "" if value is None else str(value)
        self.input("like").value = str(answer.get("what_it_was_like") or "")
        barriers = answer.get("barriers") or []
        self.input("barriers").value = "; ".join(str(b) for b in barriers)
        for name, key in (("meetings", "meeting_ids"), ("involvement", "involvement")):
            ticks = self._selection(name)
            if ticks is not None:
                ticks.deselect_all()
                for value in answer.get(key) or []:
                    ticks.select(str(value))
        dead_end = answer.get("dead_end")
        found = self.query(f"#{self._field_id('dead-end')}")
        if found:
            found.first(DeadEndChoice).action_choose(str(dead_end or DEAD_END_NONE))
            self._show_dead_end()
        for row in self.query(HandoverRow):
            row.fill(answer.get("handover"))
        next_step = answer.get("next_step")
        if next_step:
            self.query_one(f"#{self._field_id('next')}", NextStepChoice).action_choose(
                str(next_step)
            )

    def read(self) -> dict[str, Any]:
        """The value for ``FollowUpAnswer.parse``; :class:`FieldError` for a bad number."""
        chosen: list[str] = []
        if self.choosable:
            picked = set(self.query_one(f"#{self._field_id('meetings')}", SelectionList).selected)
            chosen = [m.id for m in self.choosable if m.id in picked]
        involved = set(self.query_one(f"#{self._field_id('involvement')}", SelectionList).selected)
        barrier = self.input("barriers").value.strip()
        next_step = self.query_one(f"#{self._field_id('next')}", NextStepChoice).value.value
        return {
            "goal_id": self.goal.id,
            "attended": self.attended.value.value,
            "meetings_since_last": self._number("since"),
            "meeting_ids": chosen,
            "helpfulness": self._number("helpful"),
            "what_it_was_like": self.input("like").value.strip(),
            "involvement": [i.value for i in Involvement if i.value in involved],
            "barriers": [barrier] if barrier else [],
            "next_step": next_step,
            **self._dead_end_field(),
            **self._handover_field(),
        }

    def _number(self, name: str) -> int | None:
        goal = f"Goal {self.number} ({short(self.goal.wording)})"
        return self.NUMBERS[name].read(self.input(name), goal)
