"""The quick ways of answering a conversation step: one per answer kind, except the two forms
and the meeting choice (:mod:`fama.tui.widgets.meeting_choice`).

Each is an :class:`AnswerWidget` that posts :class:`AnswerReady` with the value the engine
expects (see ``fama.conversation.engine._normalise``). Number keys pick quick replies and
tick choices; Enter records; everything also works with the mouse. Labels from the
directory or typed by a person are ``Text`` objects, so ``[x]`` in a meeting name is shown
as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Static
from textual.widgets.selection_list import Selection

from fama.text.dates import DateTextError, parse_day, understood
from fama.tui.widgets.answer_base import AnswerWidget
from fama.tui.widgets.ticks import TickSelectionList

DIGITS = "123456789"
TICK_GUTTER = 5
"""Columns a tick list's tick takes before an option's words ("[x] ")."""


def _digit_bindings(action: str) -> list[BindingType]:
    return [
        Binding(d, f"{action}({i})", d, show=False, id="answers.action")
        for i, d in enumerate(DIGITS)
    ]


class QuickReplies(AnswerWidget):
    """One choice: a compact button per reply, numbered; its number or Enter picks it.

    The cursor starts on the reply the record already holds (``selected``); with none, an
    optional question starts on "Skip", so Enter with nothing chosen records nothing (0
    skips too), and a required one on the first reply.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *_digit_bindings("pick"),
        Binding("0", "skip", "Skip", show=False, id="quick-replies.skip"),
        Binding("down", "move(1)", "Next", show=False, id="quick-replies.next"),
        Binding("up", "move(-1)", "Previous", show=False, id="quick-replies.previous"),
    ]

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        *,
        optional: bool = False,
        selected: str | None = None,
    ) -> None:
        """``choices`` are (key, label) pairs; ``optional`` adds a last "Skip" reply."""
        super().__init__()
        self.choices = list(choices)
        self.optional = optional
        self.selected = selected if selected in {key for key, _ in self.choices} else None

    def compose(self) -> ComposeResult:
        for number, (key, label) in enumerate(self.choices, start=1):
            held = "  (as recorded)" if key == self.selected else ""
            button = Button(
                Text(f"{number}  {label}{held}"), name=key, compact=True, classes="reply"
            )
            yield button
        if self.optional:
            yield Button(
                Text("0  Skip: leave this blank"), name="", compact=True, classes="reply skip"
            )

    def focus_first(self) -> None:
        buttons = list(self.query(Button))
        start = (
            next((b for b in buttons if b.name == self.selected), None) if self.selected else None
        )
        if start is None and self.optional:
            start = buttons[-1]
        (start or buttons[0]).focus(scroll_visible=False)

    def submits_on(self, key: str, focused: Widget | None) -> bool:
        if key in DIGITS[: len(self.choices)] or (key == "0" and self.optional):
            return True
        return key in ("enter", "space") and isinstance(focused, Button) and focused.parent is self

    def draft(self) -> object:
        focused = self.screen.focused
        return (
            focused.name if isinstance(focused, Button) and focused in self.query(Button) else None
        )

    def action_pick(self, index: int) -> None:
        if index < len(self.choices):
            self.submit(self.choices[index][0])

    def action_skip(self) -> None:
        if self.optional:
            self.submit(None)

    def action_move(self, by: int) -> None:
        buttons = list(self.query(Button))
        if not buttons:
            return
        focused = self.screen.focused
        at = buttons.index(focused) if focused in buttons else -by
        buttons[(at + by) % len(buttons)].focus()

    @on(Button.Pressed, ".reply")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit(event.button.name or None)


class TickList(TickSelectionList[str]):
    """A SelectionList where Space (or the number) ticks and Enter means "done"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Record", show=True, id="tick-list.done"),
        *_digit_bindings("tick"),
    ]

    class Done(Message):
        pass

    def on_focus(self) -> None:
        # The first Space ticks: with nothing highlighted it would only highlight.
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def action_done(self) -> None:
        self.post_message(self.Done())

    def action_tick(self, index: int) -> None:
        if index < self.option_count:
            self.highlighted = index
            self.toggle(self.get_option_at_index(index).value)


class SeveralChoices(AnswerWidget):
    """Several choices: tick any with Space or their number, Enter records (none is allowed
    when the step is optional)."""

    def __init__(
        self, choices: Sequence[tuple[str, str]], ticked: Sequence[str] = (), *, hint: str = ""
    ) -> None:
        super().__init__()
        self.choices = list(choices)
        self.ticked = set(ticked)
        self.hint = hint or "Space or the number ticks; Enter records what is ticked."

    def compose(self) -> ComposeResult:
        yield TickList(
            *[
                Selection(Text(f"{n}  {label}"), key, key in self.ticked)
                for n, (key, label) in enumerate(self.choices, start=1)
            ],
            classes="ticks",
        )
        yield Static(self.hint, classes="answer-hint")

    @on(TickList.Done)
    def _done(self, event: TickList.Done) -> None:
        event.stop()
        self.submit(list(self.query_one(TickList).selected))

    def submits_on(self, key: str, focused: Widget | None) -> bool:
        return key == "enter" and isinstance(focused, TickList)

    def draft(self) -> object:
        return list(self.query_one(TickList).selected)


class ScaleAnswer(AnswerWidget):
    """A whole number from 0 to 10, typed; Enter records."""

    def __init__(self, *, initial: int | None = None) -> None:
        super().__init__()
        self.initial = initial

    def compose(self) -> ComposeResult:
        yield Input(
            "" if self.initial is None else str(self.initial),
            placeholder="0 to 10",
            type="integer",
            max_length=2,
            classes="reply-box scale",
            id="reply-box",
        )
        yield Static("0 is not at all, 10 is very. Enter records it.", classes="answer-hint")

    def draft(self) -> object:
        return self.query_one(Input).value

    def submits_on(self, key: str, focused: Widget | None) -> bool:
        return key == "enter" and isinstance(focused, Input)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value.strip())


class TextAnswer(AnswerWidget):
    """Free text in the client's words; Enter records it."""

    def __init__(self, *, required: bool, max_length: int = 2000, initial: str = "") -> None:
        super().__init__()
        self.required = required
        self.max_length = max_length
        self.initial = initial

    def compose(self) -> ComposeResult:
        yield Input(
            self.initial,
            placeholder="Type what they say; Enter records it"
            + ("" if self.required else " (or leave it blank)"),
            max_length=self.max_length,
            classes="reply-box",
            id="reply-box",
        )

    def draft(self) -> object:
        return self.query_one(Input).value

    def submits_on(self, key: str, focused: Widget | None) -> bool:
        return key == "enter" and isinstance(focused, Input)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)


class DateAnswer(AnswerWidget):
    """A date typed the quick way (``+7``, ``2w``, ``fri``, ``1/12``); the date understood
    shows beside the box as it is typed."""

    def __init__(self, *, today: date, required: bool, default: date | str | None = None) -> None:
        super().__init__()
        self.today = today
        self.required = required
        self.default = default

    def draft(self) -> object:
        return self.query_one(Input).value

    def submits_on(self, key: str, focused: Widget | None) -> bool:
        return key == "enter" and isinstance(focused, Input)

    def compose(self) -> ComposeResult:
        default = self.default.isoformat() if isinstance(self.default, date) else self.default
        with Horizontal(classes="date-row"):
            yield Input(
                value=default or "",
                placeholder="+7, 2w, fri, 1/12 or 2026-12-01"
                + ("" if self.required else " (or leave it blank)"),
                classes="reply-box date",
                id="reply-box",
            )
            yield Static("", classes="date-understood", markup=False)

    def on_mount(self) -> None:
        self._describe(self.query_one(Input).value)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._describe(event.value)

    def _describe(self, text: str) -> None:
        self.query_one(".date-understood", Static).update(understood(text, self.today))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.submit(None)
            return
        try:
            day = parse_day(text, self.today)
        except DateTextError as error:
            self.show_error(str(error))
            return
        self.submit(day.isoformat())


class InfoAnswer(AnswerWidget):
    """Nothing to record: the keyworker explains, then continues. At the end of stage 2 it
    also offers the client's meeting plan."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "plan", "Meeting plan", show=False, id="info-answer.plan"),
    ]

    class PlanRequested(Message):
        """Save My meeting plan (a page to print and a calendar file)."""

    def __init__(self, *, offer_meeting_plan: bool = False) -> None:
        super().__init__()
        self.offer_meeting_plan = offer_meeting_plan

    def compose(self) -> ComposeResult:
        with Horizontal(classes="info-buttons"):
            yield Button(Text("Continue (Enter)"), id="continue", compact=True)
            if self.offer_meeting_plan:
                yield Button(
                    Text("P  Save My meeting plan: a page to print and a calendar file"),
                    id="plan",
                    compact=True,
                )

    def submits_on(self, key: str, focused: Widget | None) -> bool:
        return key in ("enter", "space") and getattr(focused, "id", None) == "continue"

    def action_plan(self) -> None:
        if self.offer_meeting_plan:
            self.post_message(self.PlanRequested())

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "plan":
            self.action_plan()
        else:
            self.submit(None)
