"""The follow-up form's small parts: a field's refusal, the number fields (their limits,
their input and note, reading them back), and how a goal and its meeting are worded in the
form (plain text, shown with markup off)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.validation import Integer
from textual.widgets import Input, Static

from fama.models.meeting import Meeting
from fama.tui.widgets.inputs import NoQuestionInput

__all__ = ["FieldError", "NumberField", "meeting_label", "short"]


class FieldError(ValueError):
    """One follow-up field holds something the engine would refuse."""

    def __init__(self, field: Input, message: str, note: str) -> None:
        super().__init__(message)
        self.field = field
        self.note = note
        """The short version shown beside the field."""


@dataclass(frozen=True)
class NumberField:
    """A whole-number field: what it is (for the sentence), its limits and its hint; makes
    its input and the note beside it, and reads it back."""

    what: str
    low: int
    high: int
    hint: str

    def input(self, field_id: str) -> Input:
        """The input, checked as it is typed (a bad number is marked at once)."""
        return NoQuestionInput(
            id=field_id,
            classes="number",
            type="integer",
            validators=[Integer(self.low, self.high)],
            valid_empty=True,
            max_length=3,
            compact=True,
        )

    def note(self, field_id: str) -> Static:
        """The hint beside the input (``<field_id>-note``), replaced by what is wrong."""
        return Static(self.hint, id=f"{field_id}-note", classes="field-note", markup=False)

    def read(self, field: Input, goal: str) -> int | None:
        """The number in ``field`` (None when empty); :class:`FieldError` naming ``goal``
        (``Goal 1 (“Go on Tuesdays”)``) for anything else."""
        text = field.value.strip()
        if not text:
            return None
        if text.isdigit() and text.isascii() and self.low <= int(text) <= self.high:
            return int(text)
        raise FieldError(
            field,
            f"{goal}: enter {self.what} as a whole number from {self.low} to {self.high}.",
            f"Enter a whole number from {self.low} to {self.high}.",
        )


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
