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

from collections.abc import Sequence
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
DATE_PLACEHOLDER = "+7, 2w, fri, 1/12"


class GoalForm(AnswerWidget):
    """The goal, in the client's own words, with a date to go by and a date to review it.

    Why a form rather than three questions: the keyworker and client word the goal together
    and often adjust the date while doing it, so all three stay on screen and editable. The
    wording arrives prefilled with fama's suggestion ("Go to AA Kelbridge Tuesday Group on
    Tuesday 1 December") with the cursor at the end, ready to be put in the client's words.

    Dates are read with :func:`fama.dates.parse_day`, so ``+7``, ``2w``, ``fri`` or ``1/12``
    all work, and the date understood is shown beside the field while typing. Enter moves
    to the next field; Enter in the review date (or the "Save goal" button) submits
    ``{"wording": str, "target_date": "YYYY-MM-DD", "review_date": "YYYY-MM-DD" | None}``.
    A date that cannot be read, a missing wording or a missing target is caught here and
    the field focused; past dates and a review before the target are the engine's call.
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
            width: 14;
            padding-top: 1;
        }
        .goal-row > Input {
            width: 26;
        }
        .date-note {
            width: 1fr;
            padding: 1 0 0 1;
            color: $text-muted;
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

    DATE_FIELDS: ClassVar[dict[str, str]] = {"goal-target": "target", "goal-review": "review"}

    def __init__(
        self,
        *,
        today: date,
        wording: str = "",
        target: date | None = None,
        review: date | None = None,
    ) -> None:
        super().__init__()
        self.today = today
        self._wording = wording
        self._target = target
        self._review = review

    def compose(self) -> ComposeResult:
        yield Label("The goal, in the client's own words", classes="goal-label")
        yield Input(
            self._wording,
            placeholder="e.g. Go to the SMART meeting at the Hub on Tuesday",
            id="goal-wording",
            max_length=1000,
            select_on_focus=False,
        )
        with Horizontal(classes="goal-row"):
            yield Label("Target date")
            yield NoQuestionInput(
                self._target.isoformat() if self._target else "",
                placeholder=DATE_PLACEHOLDER,
                id="goal-target",
            )
            yield Static("", id="goal-target-note", classes="date-note", markup=False)
        with Horizontal(classes="goal-row"):
            yield Label("Review date")
            yield NoQuestionInput(
                self._review.isoformat() if self._review else "",
                placeholder=DATE_PLACEHOLDER,
                id="goal-review",
            )
            yield Static("", id="goal-review-note", classes="date-note", markup=False)
        with Horizontal(classes="goal-buttons"):
            yield Button("Save goal", id="goal-save", variant="primary")
            yield Static("Enter moves to the next field, and saves from the review date.")

    def on_mount(self) -> None:
        for field_id in self.DATE_FIELDS:
            self._describe(field_id)

    def focus_first(self) -> None:
        wording = self.query_one("#goal-wording", Input)
        wording.focus()
        wording.cursor_position = len(wording.value)

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
            message = "optional" if field_id == "goal-review" else "needed"
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
        order = ["goal-wording", "goal-target", "goal-review"]
        if event.input.id == order[-1]:
            self.save()
        elif event.input.id in order:
            following = order[order.index(event.input.id) + 1]
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
        target_input = self.query_one("#goal-target", Input)
        if not target_input.value.strip():
            self._refuse(target_input, NEED_TARGET)
            return
        review_input = self.query_one("#goal-review", Input)
        try:
            target = parse_day(target_input.value, self.today)
        except DateTextError as error:
            self._refuse(target_input, str(error))
            return
        review: date | None = None
        if review_input.value.strip():
            try:
                review = parse_day(review_input.value, self.today)
            except DateTextError as error:
                self._refuse(review_input, str(error))
                return
        for field in (wording, target_input, review_input):
            field.remove_class("-invalid")
        self.submit(
            {
                "wording": wording.value.strip(),
                "target_date": target.isoformat(),
                "review_date": review.isoformat() if review else None,
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
    """Follow-up of every open goal at once: did they go, how often, how it went, what next.

    Why one form for all goals: FAMA stage 3 reviews each open goal in the same session and
    the engine takes them together (one dict per goal, in the order given). Each goal gets a
    compact block headed by its wording (markup off) and its meeting; every field is one
    line so two goals fit a 100x30 terminal with a little scrolling (the form's height is
    auto: the conversation screen's scrolling area scrolls, and a focused field scrolls
    into view).

    Keyboard: Tab moves through the fields; "did they go" takes y, n or u; Enter in a text
    or number field moves on; the next step (last, as it is decided last) takes arrows or
    its first letter, and Enter there saves on the last goal, as does the "Save follow-up"
    button. Untouched fields submit as unknown / empty, with next step
    "carry on". A number out of range is caught here: the sentence names the goal and the
    field, shows beside it, and the field gets the focus.
    """

    DEFAULT_CSS = """
    FollowUpForm {
        height: auto;
        padding: 0 1;

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
    ) -> None:
        super().__init__()
        self.blocks = [
            FollowUpBlock(number, goal, meeting, meetings)
            for number, (goal, meeting) in enumerate(goals, start=1)
        ]

    def compose(self) -> ComposeResult:
        yield from self.blocks
        with Horizontal(classes="follow-up-buttons"):
            yield Button("Save follow-up", id="follow-up-save", variant="primary")
            yield Static("Tab or Enter moves between fields; Enter on the last next step saves.")

    def focus_first(self) -> None:
        if self.blocks:
            self.blocks[0].attended.focus()
        else:
            self.query_one("#follow-up-save", Button).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on like Tab."""
        event.stop()
        self.screen.focus_next()

    def on_next_step_choice_done(self, event: NextStepChoice.Done) -> None:
        """Enter on a goal's next step moves on; on the last goal's, it saves."""
        event.stop()
        if self.blocks and event.choice is self.blocks[-1].query_one(NextStepChoice):
            self.save()
        else:
            self.screen.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "follow-up-save":
            event.stop()
            self.save()

    def save(self) -> None:
        """Read every block; on the first bad number say so and focus it, else submit."""
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
        self.submit(answers)


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
