"""The conversation's two form answers: setting a goal (stage 2), following goals up (stage 3).

Both are answer widgets (:class:`~fama.tui.widgets.answer_base.AnswerWidget`): they collect
the keyworker's entries, check what can be checked without the casebook (a date fama cannot
read, a number out of range) and post the value :mod:`fama.conversation.engine` expects. The
engine has the last word; anything it refuses comes back through ``show_error``.

They are used with a client in the room, so everything is keyboard-first: Enter moves on a
field (a quick keyworker can type straight through) and submits from the last one, dates
are typed the short way (``+7``, ``2w``, ``fri``, ``1/12``) and read back as a real date
beside the field, and anything a person typed is shown with markup off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.events import DescendantBlur, DescendantFocus, Mount
from textual.message import Message
from textual.validation import Integer
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    Label,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from fama.dates import DateTextError, describe_day, parse_day
from fama.models.goal import Goal
from fama.models.meeting import Meeting
from fama.models.review import Attended, Involvement, NextStep
from fama.tui.plain import plain
from fama.tui.widgets.answer_base import AnswerWidget
from fama.tui.widgets.inputs import NoQuestionInput
from fama.tui.widgets.ticks import ChoiceButton, TickSelectionList

# --------------------------------------------------------------------------- the goal form

NEED_WORDING = "Write the goal in the client's own words."
NEED_TARGET = "Give the goal a target date."
NEED_TALK = "Agree a date to talk about how it went."
DATE_PLACEHOLDER = "+7, 2w, fri, 1/12"


def date_text(value: object) -> str:
    """A date field's starting text: an ISO date as it is, typed text as it was typed."""
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if value else ""


class GoalForm(AnswerWidget):
    """The goal, in the client's own words, with a date to go by (the target) and the date
    agreed to talk about how it went (the follow-up falls due then).

    Why a form rather than three questions: the keyworker and client word the goal together
    and often adjust the date while doing it, so all of it stays on screen and editable. The
    wording arrives prefilled with fama's suggestion ("Go to AA Kelbridge Tuesday Group on
    Tuesday 1 December": the next time the chosen meeting runs) with the cursor at the end,
    ready to be put in the client's words.

    Dates are read with :func:`fama.dates.parse_day`, so ``+7``, ``2w``, ``fri`` or ``1/12``
    all work, and the date understood is shown beside the field while typing. Enter moves
    to the next field; Enter in the last field (or the "Save goal" button) submits
    ``{"wording", "target_date", "review_date" (ISO dates), "meetings_planned"}``. A date
    that cannot be read, a missing wording, target or date to talk is caught here and the
    field focused; past dates and a talk before the target are the engine's call.
    """

    DEFAULT_CSS = """
    GoalForm {
        height: auto;
        padding: 0 1;

        .goal-label {
            color: $text-muted;
        }
        .goal-row {
            height: auto;
        }
        .goal-row > Label {
            width: 17;
        }
        .goal-row > Input {
            width: 16;
        }
        .goal-row > Input.count {
            width: 8;
        }
        .date-note {
            width: 1fr;
            padding: 0 0 0 1;
            color: $text-muted;
        }
        Input.-textual-compact:focus {
            background-tint: $foreground 12%;
        }
        .date-note.-bad {
            color: $error;
        }
        .goal-buttons {
            height: auto;
        }
        .goal-buttons > Static {
            width: 1fr;
            padding: 1 0 0 2;
            color: $text-muted;
        }
        .answer-error {
            color: $error;
        }
    }
    """

    DATE_FIELDS: ClassVar[dict[str, str]] = {"goal-target": "target", "goal-review": "talk"}
    ORDER: ClassVar[tuple[str, ...]] = ("goal-wording", "goal-target", "goal-review", "goal-count")

    def __init__(
        self,
        *,
        today: date,
        wording: str = "",
        target: date | str | None = None,
        review: date | str | None = None,
        meetings: int | str | None = None,
    ) -> None:
        super().__init__()
        self.today = today
        self._wording = wording
        self._target = date_text(target)
        self._review = date_text(review)
        self._meetings = "" if meetings is None else str(meetings)

    @classmethod
    def from_answer(cls, today: date, answer: Mapping[str, Any]) -> GoalForm:
        """The form holding an answer given before (going back) or a draft."""
        return cls(
            today=today,
            wording=str(answer.get("wording") or ""),
            target=answer.get("target_date"),
            review=answer.get("review_date"),
            meetings=answer.get("meetings_planned"),
        )

    def compose(self) -> ComposeResult:
        yield Label("The goal, in the client's own words", classes="goal-label")
        yield Input(
            self._wording,
            placeholder="e.g. Go to the SMART meeting at the Hub on Tuesday",
            id="goal-wording",
            max_length=1000,
            select_on_focus=False,
            compact=True,
        )
        with Horizontal(classes="goal-row"):
            yield Label("Target date")
            yield NoQuestionInput(
                self._target, placeholder=DATE_PLACEHOLDER, id="goal-target", compact=True
            )
            yield Static("", id="goal-target-note", classes="date-note", markup=False)
        with Horizontal(classes="goal-row"):
            yield Label("Talk about it on")
            yield NoQuestionInput(
                self._review, placeholder=DATE_PLACEHOLDER, id="goal-review", compact=True
            )
            yield Static("", id="goal-review-note", classes="date-note", markup=False)
        with Horizontal(classes="goal-row"):
            yield Label("Meetings by then")
            yield NoQuestionInput(
                self._meetings,
                placeholder="1",
                id="goal-count",
                classes="count",
                type="integer",
                max_length=3,
                compact=True,
            )
            yield Static("blank means one", id="goal-count-note", classes="date-note", markup=False)
        with Horizontal(classes="goal-buttons"):
            yield Button("Save goal", id="goal-save", variant="primary", compact=True)
            yield Static("Enter moves to the next field, and saves from the last.")

    def on_mount(self) -> None:
        for field_id in self.DATE_FIELDS:
            self._describe(field_id)

    def focus_first(self) -> None:
        wording = self.query_one("#goal-wording", Input)
        wording.focus()
        wording.cursor_position = len(wording.value)

    def submits_on(self, key: str, focused: Widget | None) -> bool:
        if key == "enter":
            return getattr(focused, "id", None) in (self.ORDER[-1], "goal-save")
        return key == "space" and getattr(focused, "id", None) == "goal-save"

    def draft(self) -> object:
        """The fields as typed (dates not yet read)."""
        return {
            "wording": self.query_one("#goal-wording", Input).value,
            "target_date": self.query_one("#goal-target", Input).value,
            "review_date": self.query_one("#goal-review", Input).value,
            "meetings_planned": self.query_one("#goal-count", Input).value,
        }

    # ---------------------------------------------------------------- reading the dates

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in self.DATE_FIELDS:
            self._describe(event.input.id)

    def _describe(self, field_id: str) -> None:
        """Say beside a date field which day its text means, or that it means none."""
        text = self.query_one(f"#{field_id}", Input).value
        note = self.query_one(f"#{field_id}-note", Static)
        bad = False
        if not text.strip():
            message = "needed"
        else:
            try:
                message = describe_day(parse_day(text, self.today), self.today)
            except DateTextError:
                message = f"not understood: try {DATE_PLACEHOLDER} or 2026-12-01"
                bad = True
        note.update(message)
        note.set_class(bad, "-bad")

    # ---------------------------------------------------------------- moving and saving

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on like Tab, and saves from the last field."""
        event.stop()
        if event.input.id == self.ORDER[-1]:
            self.save()
        elif event.input.id in self.ORDER:
            following = self.ORDER[self.ORDER.index(event.input.id) + 1]
            self.query_one(f"#{following}", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "goal-save":
            event.stop()
            self.save()

    def save(self) -> None:
        """Check what can be checked here, then post the goal for the engine."""
        wording = self.query_one("#goal-wording", Input)
        if not wording.value.strip():
            self._refuse(wording, NEED_WORDING)
            return
        days: dict[str, date] = {}
        for field_id, need in (("goal-target", NEED_TARGET), ("goal-review", NEED_TALK)):
            field = self.query_one(f"#{field_id}", Input)
            if not field.value.strip():
                self._refuse(field, need)
                return
            try:
                days[field_id] = parse_day(field.value, self.today)
            except DateTextError as error:
                self._refuse(field, str(error))
                return
        count = self.query_one("#goal-count", Input)
        text = count.value.strip()
        if text and not (text.isdigit() and 1 <= int(text) <= 100):
            self._refuse(count, "Enter how many meetings as a whole number from 1 to 100.")
            return
        for field in self.query(Input):
            field.remove_class("-invalid")
        self.submit(
            {
                "wording": wording.value.strip(),
                "target_date": days["goal-target"].isoformat(),
                "review_date": days["goal-review"].isoformat(),
                "meetings_planned": int(text) if text else None,
            }
        )

    def _refuse(self, field: Input, message: str) -> None:
        field.add_class("-invalid")
        self.show_error(message)
        field.focus()


# --------------------------------------------------------------------------- the follow-up form


class OneChoice(RadioSet):
    """A RadioSet whose choice follows the cursor (arrows, or a letter bound by a subclass to
    ``choose('<name>')``), so a keyworker never leaves a highlighted-but-unpressed option
    behind. Each button's ``name`` is the value it stands for."""

    def on_mount(self, _event: Mount) -> None:
        # RadioSet highlights its first button on mount; show the pressed one instead.
        self.call_later(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    @property
    def chosen(self) -> str | None:
        pressed = self.pressed_button
        return pressed.name if pressed is not None and pressed.name else None

    def action_choose(self, value: str) -> None:
        for index, button in enumerate(self.query(RadioButton)):
            if button.name == value:
                self._press(index)

    def action_step(self, direction: int) -> None:
        count = len(self.query(RadioButton))
        start = self.pressed_index if self.pressed_index >= 0 else 0
        self._press((start + direction) % count)

    def _press(self, index: int) -> None:
        button = list(self.query(RadioButton))[index]
        button.value = True
        self._selected = index


class AttendedChoice(OneChoice):
    """Did they go: yes / no / don't know on one line, chosen with y, n or u (or arrows).

    Unlike a plain RadioSet the choice follows the cursor, so a keyworker never leaves a
    highlighted-but-unpressed option behind; Enter moves on to the next field.
    """

    DEFAULT_CSS = """
    AttendedChoice {
        layout: horizontal;
        width: auto;
        height: auto;
        & > RadioButton {
            width: auto;
            margin-right: 2;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,up", "step(-1)", "Previous", show=False),
        Binding("right,down", "step(1)", "Next", show=False),
        Binding("y", "choose('yes')", "Yes", show=False),
        Binding("n", "choose('no')", "No", show=False),
        Binding("u,d", "choose('unknown')", "Don't know", show=False),
        Binding("enter", "next_field", "Next field", show=False),
    ]

    CHOICES: ClassVar[tuple[tuple[Attended, str], ...]] = (
        (Attended.YES, "yes"),
        (Attended.NO, "no"),
        (Attended.UNKNOWN, "don't know"),
    )

    def __init__(self, *, value: Attended = Attended.UNKNOWN, id: str | None = None) -> None:
        super().__init__(
            *[
                ChoiceButton(label, value=choice is value, name=choice.value)
                for choice, label in self.CHOICES
            ],
            id=id,
            compact=True,
            tooltip="y yes, n no, u don't know",
        )

    @property
    def value(self) -> Attended:
        return Attended(self.chosen) if self.chosen else Attended.UNKNOWN

    def action_next_field(self) -> None:
        self.screen.focus_next()


NEXT_STEP_KEYS = {
    NextStep.CARRY_ON: "c",
    NextStep.TRY_ANOTHER_MEETING: "a",
    NextStep.TRY_ANOTHER_PROGRAMME: "p",
    NextStep.RELINK: "r",
    NextStep.STOP: "s",
}


class NextStepChoice(OneChoice):
    """The next step, one option per line; arrows (or the first letter) choose, and the
    choice follows the cursor. Enter moves on, and on the last goal saves the form."""

    DEFAULT_CSS = """
    NextStepChoice {
        width: 1fr;
        height: auto;
        & > RadioButton {
            width: auto;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,left", "step(-1)", "Previous", show=False),
        Binding("down,right", "step(1)", "Next", show=False),
        Binding("c", "choose('carry on')", "Carry on", show=False),
        Binding("a", "choose('try another meeting')", "Another meeting", show=False),
        Binding("p", "choose('try another programme')", "Another programme", show=False),
        Binding("r", "choose('re-link with a person')", "Re-link", show=False),
        Binding("s", "choose('stop for now')", "Stop", show=False),
        Binding("enter", "done", "Next field", show=False),
    ]

    class Done(Message):
        def __init__(self, choice: NextStepChoice) -> None:
            super().__init__()
            self.choice = choice

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            *[
                ChoiceButton(
                    plain(f"{step.value} ({NEXT_STEP_KEYS[step]})"),
                    value=step is NextStep.CARRY_ON,
                    name=step.value,
                )
                for step in NextStep
            ],
            id=id,
            compact=True,
        )

    @property
    def value(self) -> NextStep:
        return NextStep(self.chosen) if self.chosen else NextStep.CARRY_ON

    def action_done(self) -> None:
        self.post_message(self.Done(self))


class FieldError(ValueError):
    """One follow-up field holds something the engine would refuse."""

    def __init__(self, field: Input, message: str, note: str) -> None:
        super().__init__(message)
        self.field = field
        self.note = note
        """The short version shown beside the field."""


@dataclass(frozen=True)
class _NumberField:
    what: str
    low: int
    high: int
    hint: str


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

    NUMBERS: ClassVar[dict[str, _NumberField]] = {
        "since": _NumberField("the number of meetings since last time", 0, 100, "0 to 100"),
        "helpful": _NumberField("how helpful it was", 0, 10, "0 no help, 10 very helpful"),
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
        spec = self.NUMBERS[name]
        return NoQuestionInput(
            id=self._field_id(name),
            classes="number",
            type="integer",
            validators=[Integer(spec.low, spec.high)],
            valid_empty=True,
            max_length=3,
            compact=True,
        )

    def _note(self, name: str) -> Static:
        return Static(
            self.NUMBERS[name].hint,
            id=self._field_id(f"{name}-note"),
            classes="field-note",
            markup=False,
        )

    # ---------------------------------------------------------------- reading it back

    @property
    def attended(self) -> AttendedChoice:
        return self.query_one(f"#{self._field_id('attended')}", AttendedChoice)

    def input(self, name: str) -> Input:
        return self.query_one(f"#{self._field_id(name)}", Input)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """When they went, tick the goal's own meeting; when they did not, untick it."""
        if self.meeting is None or not self.choosable:
            return
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
        }

    def _number(self, name: str) -> int | None:
        spec = self.NUMBERS[name]
        field = self.input(name)
        text = field.value.strip()
        if not text:
            return None
        if text.isdigit() and text.isascii() and spec.low <= int(text) <= spec.high:
            return int(text)
        raise FieldError(
            field,
            f"Goal {self.number} ({short(self.goal.wording)}): enter {spec.what} "
            f"as a whole number from {spec.low} to {spec.high}.",
            f"Enter a whole number from {spec.low} to {spec.high}.",
        )


class FollowUpForm(AnswerWidget):
    """Follow-up of every open goal at once: did they go, how often, how it went, what next,
    and when to talk about it again.

    Why one form for all goals: FAMA stage 3 reviews each open goal in the same session and
    the engine takes them together (one dict per goal, in the order given). Each goal gets a
    compact block headed by its wording (markup off) and its meeting; every field is one
    line so two goals fit a 100x30 terminal with a little scrolling (the form's height is
    auto: the conversation screen's scrolling area scrolls, and a focused field scrolls
    into view). Below the goals, one date to talk about it again, for every goal that keeps
    going (carry on or re-link): prefilled a week ahead.

    Keyboard: Tab moves through the fields; "did they go" takes y, n or u; Enter in a text
    or number field moves on; the next step (last, as it is decided last) takes arrows or
    its first letter; Enter on the last goal's next step moves to the date to talk again
    when something keeps going, else saves, and Enter there saves, as does the "Save
    follow-up" button. Untouched fields submit as unknown / empty, with next step "carry
    on". A number out of range or a date fama cannot read is caught here: the sentence names
    the goal and the field, shows beside it, and the field gets the focus.
    """

    DEFAULT_CSS = """
    FollowUpForm {
        height: auto;
        padding: 0 1;

        .talk-row {
            height: auto;
        }
        .talk-row > Label {
            width: 26;
            padding-top: 0;
            color: $text-muted;
        }
        .talk-row > Input {
            width: 22;
        }
        .talk-row > .date-note {
            width: 1fr;
            padding-left: 2;
            color: $text-muted;
        }
        .talk-row > .date-note.-bad {
            color: $error;
        }
        .follow-up-buttons {
            height: auto;
        }
        .follow-up-buttons > Static {
            width: 1fr;
            padding: 1 0 0 2;
            color: $text-muted;
        }
        .answer-error {
            color: $error;
        }
    }
    """

    def __init__(
        self,
        goals: Sequence[tuple[Goal, Meeting | None]],
        meetings: Sequence[Meeting] = (),
        *,
        today: date,
        talk: date | str | None = None,
        answers: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        """``answers`` (one per goal, by ``goal_id``) refill the form: an answer given
        before going back, or a draft; ``talk`` is the date to talk again it starts with."""
        super().__init__()
        self.today = today
        self.talk = date_text(talk)
        self.answers = {str(a.get("goal_id")): a for a in answers}
        if not self.talk:
            given = [a.get("talk_again_on") for a in answers if a.get("talk_again_on")]
            self.talk = date_text(given[0]) if given else ""
        self.blocks = [
            FollowUpBlock(number, goal, meeting, meetings)
            for number, (goal, meeting) in enumerate(goals, start=1)
        ]

    def compose(self) -> ComposeResult:
        yield from self.blocks
        with Horizontal(classes="talk-row"):
            yield Label("Talk about it again on", classes="row-label")
            yield NoQuestionInput(self.talk, placeholder=DATE_PLACEHOLDER, id="follow-up-talk")
            yield Static("", id="follow-up-talk-note", classes="date-note", markup=False)
        with Horizontal(classes="follow-up-buttons"):
            yield Button("Save follow-up", id="follow-up-save", variant="primary")
            yield Static("Tab or Enter moves between fields; Enter at the end saves.")

    def on_mount(self) -> None:
        for block in self.blocks:
            answer = self.answers.get(block.goal.id)
            if answer is not None:
                block.fill(answer)
        self._describe_talk()

    def focus_first(self) -> None:
        if self.blocks:
            self.blocks[0].attended.focus()
        else:
            self.query_one("#follow-up-save", Button).focus()

    def submits_on(self, key: str, focused: Widget | None) -> bool:
        name = getattr(focused, "id", None)
        if key == "space":
            return name == "follow-up-save"
        if key != "enter":
            return False
        last = self.blocks[-1].query_one(NextStepChoice) if self.blocks else None
        return name in ("follow-up-talk", "follow-up-save") or (
            focused is last and not self.keeps_going()
        )

    def draft(self) -> object:
        talk = self.query_one("#follow-up-talk", Input).value
        return [{**block.raw(), "talk_again_on": talk} for block in self.blocks]

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "follow-up-talk":
            self._describe_talk()

    def _describe_talk(self) -> None:
        text = self.query_one("#follow-up-talk", Input).value.strip()
        note = self.query_one("#follow-up-talk-note", Static)
        bad = False
        if not text:
            message = "needed if they carry on"
        else:
            try:
                message = describe_day(parse_day(text, self.today), self.today)
            except DateTextError:
                message, bad = f"not understood: try {DATE_PLACEHOLDER}", True
        note.update(message)
        note.set_class(bad, "-bad")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on like Tab, and saves from the date to talk again."""
        event.stop()
        if event.input.id == "follow-up-talk":
            self.save()
        else:
            self.screen.focus_next()

    def keeps_going(self) -> bool:
        """Whether any goal carries on or is re-linked (so needs a date to talk again)."""
        going = (NextStep.CARRY_ON, NextStep.RELINK)
        return any(b.query_one(NextStepChoice).value in going for b in self.blocks)

    def on_next_step_choice_done(self, event: NextStepChoice.Done) -> None:
        """Enter on a goal's next step moves on; on the last goal's, to the date to talk
        again when something keeps going, else it saves."""
        event.stop()
        if self.blocks and event.choice is self.blocks[-1].query_one(NextStepChoice):
            if self.keeps_going():
                self.query_one("#follow-up-talk", Input).focus()
            else:
                self.save()
        else:
            self.screen.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "follow-up-save":
            event.stop()
            self.save()

    def save(self) -> None:
        """Read every block; on the first bad field say so and focus it, else submit."""
        answers: list[dict[str, Any]] = []
        for block in self.blocks:
            block.clear_errors()
        for block in self.blocks:
            try:
                answers.append(block.read())
            except FieldError as error:
                block.mark_error(error)
                self.show_error(str(error))
                error.field.focus()
                return
        talk_field = self.query_one("#follow-up-talk", Input)
        talk: str | None = None
        if talk_field.value.strip():
            try:
                talk = parse_day(talk_field.value, self.today).isoformat()
            except DateTextError as error:
                talk_field.add_class("-invalid")
                self.show_error(str(error))
                talk_field.focus()
                return
        talk_field.remove_class("-invalid")
        self.submit([{**answer, "talk_again_on": talk} for answer in answers])


# --------------------------------------------------------------------------- wording


def meeting_label(meeting: Meeting) -> str:
    """``AA Kelbridge Tuesday Group, Tuesday 19:30``: plain text, to show with markup off."""
    when = f"{meeting.weekday.label} {meeting.start:%H:%M}"
    return f"{meeting.organisation.value} {meeting.name}, {when}"


def short(wording: str, width: int = 40) -> str:
    """The goal's wording in quotes, cut to fit an error sentence."""
    text = " ".join(wording.split())
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return f"“{text}”"
