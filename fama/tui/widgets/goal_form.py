"""The goal form (FAMA stage 2): the goal in the client's words, when to go, when to talk
about it, and how many meetings.

An answer widget (:class:`~fama.tui.widgets.answer_base.AnswerWidget`): it checks what can
be checked without the casebook (a date fama cannot read, a missing field) and posts the
value :mod:`fama.conversation.engine` expects; anything the engine refuses comes back
through ``show_error``.

They are used with a client in the room, so everything is keyboard-first: Enter moves on a
field (a quick keyworker can type straight through) and submits from the last one, dates
are typed the short way (``+7``, ``2w``, ``fri``, ``1/12``) and read back as a real date
beside the field, and anything a person typed is shown with markup off.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    Label,
    Static,
)

from fama.text.dates import DateTextError, describe_day, parse_day
from fama.tui.widgets.answer_base import AnswerWidget
from fama.tui.widgets.inputs import NoQuestionInput

NEED_WORDING = "Write the goal in the client's own words."
NEED_TARGET = "Give the goal a target date."
NEED_TALK = "Agree a date to talk about how it went."
DATE_PLACEHOLDER = "+7, 2w, fri, 1/12"


def describe_date_field(field: Input, note: Static, today: date, blank: str) -> None:
    """Say in ``note`` which day the text in ``field`` means (``blank`` when empty), or that
    it means none (the note then turns to its error colour, and says so in words)."""
    text = field.value.strip()
    bad = False
    if not text:
        message = blank
    else:
        try:
            message = describe_day(parse_day(text, today), today)
        except DateTextError:
            message, bad = f"not understood: try {DATE_PLACEHOLDER} or 2026-12-01", True
    note.update(message)
    note.set_class(bad, "-bad")


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

    Dates are read with :func:`fama.text.dates.parse_day`, so ``+7``, ``2w``, ``fri`` or ``1/12``
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
        field = self.query_one(f"#{field_id}", Input)
        describe_date_field(
            field, self.query_one(f"#{field_id}-note", Static), self.today, "needed"
        )

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
