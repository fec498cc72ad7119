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
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    Label,
    Static,
)

from fama.models.goal import Goal
from fama.models.meeting import Meeting
from fama.models.review import NextStep
from fama.text.dates import DateTextError, parse_day
from fama.tui.widgets.answer_base import AnswerWidget
from fama.tui.widgets.follow_up_block import FollowUpBlock
from fama.tui.widgets.follow_up_choices import NextStepChoice
from fama.tui.widgets.follow_up_fields import FieldError
from fama.tui.widgets.goal_form import DATE_PLACEHOLDER, date_text, describe_date_field
from fama.tui.widgets.inputs import NoQuestionInput


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

    Keyboard: Tab moves through the fields; "did they go" takes y, n or u (after "no", for
    a goal naming a meeting, "dead end?" takes o none, r did not run, m moved or t turned
    away: it flags the meeting in the directory); for a goal with someone linked to meet
    the client, "did <name> meet them?" takes m met them there, w went with them, d did not
    or u not said; Enter in a text
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
