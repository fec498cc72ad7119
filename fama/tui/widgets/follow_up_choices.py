"""One-keystroke choices for the follow-up form: did they go (y/n/u), was the meeting a dead
end (o/r/m/t), and the next step (c/a/p/r/s), each a row of choices whose value follows the
cursor (whether the linked person met them is in :mod:`follow_up_handover`)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.events import Mount
from textual.message import Message
from textual.widgets import (
    RadioButton,
    RadioSet,
)

from fama.models.meeting import FlagKind
from fama.models.review import Attended, NextStep
from fama.tui.plain import plain
from fama.tui.widgets.ticks import ChoiceButton

BUTTON_EXTRA = 7
"""Columns a choice takes besides its label's: the round button, a space either side of
the label, and the gap to the next choice."""


class OneChoice(RadioSet):
    """A RadioSet whose choice follows the cursor (arrows, or a letter bound by a subclass to
    ``choose('<name>')``), so a keyworker never leaves a highlighted-but-unpressed option
    behind. Each button's ``name`` is the value it stands for."""

    DEFAULT_CSS = """
    OneChoice.-two-rows {
        layout: grid;
        grid-size: 2;
        grid-columns: 1fr 1fr;
        grid-rows: auto;
        width: 1fr;
        height: auto;
    }
    """

    WRAPS: ClassVar[bool] = False
    """Whether its choices take two lines when one is too narrow for them (see ``fit``)."""

    _chosen: str | None = None
    """The choice as of the last key, set at once (RadioSet learns it a message later)."""

    def on_mount(self, _event: Mount) -> None:
        # RadioSet highlights its first button on mount; show the pressed one instead.
        self.call_later(self._highlight_pressed)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self._chosen = event.pressed.name  # a click, or a key's change arriving

    def _highlight_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    @property
    def chosen(self) -> str | None:
        if self._chosen is not None:
            return self._chosen
        pressed = self.pressed_button
        return pressed.name if pressed is not None and pressed.name else None

    def fit(self, room: int) -> None:
        """On two lines (two choices each) when its choices in one line would need more than
        ``room`` columns, so none is cut off at 80 columns; on one line otherwise."""
        if self.WRAPS:
            wanted = sum(len(str(b.label)) + BUTTON_EXTRA for b in self.query(RadioButton))
            self.set_class(wanted > room, "-two-rows")

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
        self._chosen = button.name


class RowChoice(OneChoice):
    """A :class:`OneChoice` laid out on one line (two on a narrow screen when it wraps),
    built from ``CHOICES`` (value, label) with ``DEFAULT`` pressed; Enter moves on."""

    DEFAULT_CSS = """
    RowChoice {
        layout: horizontal;
        width: auto;
        height: auto;
        & > RadioButton {
            width: auto;
            margin-right: 2;
        }
    }
    """

    CHOICES: ClassVar[tuple[tuple[str, str], ...]] = ()
    DEFAULT: ClassVar[str] = ""
    """The value pressed to begin with."""
    TOOLTIP: ClassVar[str] = ""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            *[
                ChoiceButton(plain(label), value=name == self.DEFAULT, name=name)
                for name, label in self.CHOICES
            ],
            id=id,
            compact=True,
            tooltip=self.TOOLTIP,
        )

    def action_next_field(self) -> None:
        self.screen.focus_next()


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
        Binding("left,up", "step(-1)", "Previous", show=False, id="attended-choice.previous"),
        Binding("right,down", "step(1)", "Next", show=False, id="attended-choice.next"),
        Binding("y", "choose('yes')", "Yes", show=False, id="attended-choice.choose-yes"),
        Binding("n", "choose('no')", "No", show=False, id="attended-choice.choose-no"),
        Binding(
            "u,d",
            "choose('unknown')",
            "Don't know",
            show=False,
            id="attended-choice.choose-unknown",
        ),
        Binding("enter", "next_field", "Next field", show=False, id="attended-choice.next-field"),
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

    class NextField(Message):
        """Enter on the choice: the form moves the cursor on, after showing the rows the
        choice calls for (the dead-end question after "no"), however fast the keys came."""

    def action_next_field(self) -> None:
        self.post_message(self.NextField())


DEAD_END_NONE = "none"


class DeadEndChoice(RowChoice):
    """Was the goal's meeting a dead end: no (o), did not run (r), moved (m) or turned them
    away (t), on one line; the choice follows the cursor and Enter moves on. A dead end
    counts against the meeting and flags it in the directory."""

    WRAPS = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,up", "step(-1)", "Previous", show=False, id="dead-end-choice.previous"),
        Binding("right,down", "step(1)", "Next", show=False, id="dead-end-choice.next"),
        Binding("o", f"choose('{DEAD_END_NONE}')", "No", show=False, id="dead-end-choice.none"),
        Binding(
            "r",
            f"choose('{FlagKind.DID_NOT_RUN.value}')",
            "Did not run",
            show=False,
            id="dead-end-choice.did-not-run",
        ),
        Binding(
            "m",
            f"choose('{FlagKind.MOVED.value}')",
            "Moved",
            show=False,
            id="dead-end-choice.moved",
        ),
        Binding(
            "t",
            f"choose('{FlagKind.NOT_NEWCOMER_FRIENDLY.value}')",
            "Turned away",
            show=False,
            id="dead-end-choice.turned-away",
        ),
        Binding("enter", "next_field", "Next field", show=False, id="dead-end-choice.next-field"),
    ]

    CHOICES: ClassVar[tuple[tuple[str, str], ...]] = (
        (DEAD_END_NONE, "no (o)"),
        (FlagKind.DID_NOT_RUN.value, "did not run (r)"),
        (FlagKind.MOVED.value, "moved (m)"),
        (FlagKind.NOT_NEWCOMER_FRIENDLY.value, "turned away (t)"),
    )

    DEFAULT = DEAD_END_NONE
    TOOLTIP = "o no, r did not run, m moved, t turned them away"

    @property
    def value(self) -> FlagKind | None:
        chosen = self.chosen
        return FlagKind(chosen) if chosen and chosen != DEAD_END_NONE else None


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
        Binding("up,left", "step(-1)", "Previous", show=False, id="next-step-choice.previous"),
        Binding("down,right", "step(1)", "Next", show=False, id="next-step-choice.next"),
        Binding(
            "c", "choose('carry on')", "Carry on", show=False, id="next-step-choice.choose-carry-on"
        ),
        Binding(
            "a",
            "choose('try another meeting')",
            "Another meeting",
            show=False,
            id="next-step-choice.choose-try-another-meeting",
        ),
        Binding(
            "p",
            "choose('try another programme')",
            "Another programme",
            show=False,
            id="next-step-choice.choose-try-another-programme",
        ),
        Binding(
            "r",
            "choose('re-link with a person')",
            "Re-link",
            show=False,
            id="next-step-choice.choose-re-link-with-a-person",
        ),
        Binding(
            "s",
            "choose('stop for now')",
            "Stop",
            show=False,
            id="next-step-choice.choose-stop-for-now",
        ),
        Binding("enter", "done", "Next field", show=False, id="next-step-choice.done"),
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
