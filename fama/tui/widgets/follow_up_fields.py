"""The follow-up form's small parts: a field's refusal, the number fields' limits, and how a
goal and its meeting are worded in the form (plain text, shown with markup off)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import Input

from fama.models.meeting import Meeting

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
    """A whole-number field: what it is (for the sentence), its limits and its hint."""

    what: str
    low: int
    high: int
    hint: str


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
