"""The follow-up form (FAMA stage 3): for every open goal, did they go, how often, how it
was, what got in the way and what next; then when to talk about it again.

An answer widget (:class:`~fama.tui.widgets.answer_base.AnswerWidget`): it checks what can
be checked without the casebook (a number out of range, a date fama cannot read) and posts
the value :mod:`fama.conversation.engine` expects; anything the engine refuses comes back
through ``show_error``.

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
from textual.containers import Horizontal
from textual.content import Content
from textual.events import DescendantBlur, DescendantFocus
from textual.validation import Integer
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    Label,
    RadioSet,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from fama.models.goal import Goal
from fama.models.meeting import Meeting
from fama.models.review import Attended, Involvement, NextStep
from fama.text.dates import DateTextError, parse_day
from fama.tui.widgets.answer_base import AnswerWidget
from fama.tui.widgets.follow_up_choices import AttendedChoice, NextStepChoice
from fama.tui.widgets.goal_form import DATE_PLACEHOLDER, date_text, describe_date_field
from fama.tui.widgets.inputs import NoQuestionInput
from fama.tui.widgets.ticks import TickSelectionList


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
            yield NoQuestionInput(
                self.talk, placeholder=DATE_PLACEHOLDER, id="follow-up-talk", compact=True
            )
            yield Static("", id="follow-up-talk-note", classes="date-note", markup=False)
        with Horizontal(classes="follow-up-buttons"):
            yield Button("Save follow-up", id="follow-up-save", variant="primary", compact=True)
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
        field = self.query_one("#follow-up-talk", Input)
        note = self.query_one("#follow-up-talk-note", Static)
        describe_date_field(field, note, self.today, "needed if they carry on")

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
