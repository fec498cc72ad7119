"""The Meetings screen's filters: the three rows of fields above the table, what they ask
for as a :class:`~fama.directory.browse.MeetingFilter`, and putting them back to "any".

:class:`~fama.tui.screens.meetings.MeetingsScreen` yields the rows from its ``compose``,
reads them whenever one changes and redraws its table; its "Clear filters" key clears them.
Every field has an ``#filter-...`` id and sits in a ``.filter-row``, which the screen's
handlers and ``meetings.tcss`` select.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input, Select

from fama.directory.browse import MeetingFilter
from fama.directory.meeting_form import parse_meeting_time
from fama.directory.requests import ATTENDANCE_LABELS
from fama.models import Attendance, Weekday
from fama.tui.widgets.directory_text import (
    ACCESS_LABELS,
    AUDIENCE_LABELS,
    organisation_options,
    tag_options,
)
from fama.tui.widgets.inputs import NoQuestionInput
from fama.tui.widgets.ticks import TickBox

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.dom import DOMNode

__all__ = ["clear_filters", "filter_rows", "read_filter"]

CHOICES = (
    "#filter-organisation",
    "#filter-day",
    "#filter-attendance",
    "#filter-audience",
    "#filter-access",
)
"""The filters picked from a list (each starts at "any")."""
TYPED = ("#filter-text", "#filter-after", "#filter-before")
"""The filters typed in that "Clear filters" empties ("Near" is kept: it is the client's)."""


def filter_rows(near: str, audience_in_use: list[str], access_in_use: list[str]) -> ComposeResult:
    """The filter rows, for the screen's ``compose``: ``near`` fills "Near (district)", and
    the audience and access lists offer only the tags some meeting carries."""
    with Horizontal(id="meeting-filters", classes="filter-row"):
        yield Select(
            organisation_options(),
            prompt="Any organisation",
            id="filter-organisation",
            compact=True,
        )
        yield Select(
            [(Text(d.label), d) for d in Weekday],
            prompt="Any day",
            id="filter-day",
            compact=True,
        )
        yield Select(
            [(Text(ATTENDANCE_LABELS[a]), a) for a in Attendance],
            prompt="Any attendance",
            id="filter-attendance",
            compact=True,
        )
        yield Select(
            tag_options(AUDIENCE_LABELS, audience_in_use),
            prompt="Anyone (audience)",
            id="filter-audience",
            compact=True,
        )
    with Horizontal(id="meeting-filters-2", classes="filter-row"):
        yield NoQuestionInput(
            placeholder="/ Search name, venue, postcode, notes",
            id="filter-text",
            compact=True,
        )
        yield NoQuestionInput(near, placeholder="Near (district)", id="filter-near", compact=True)
        yield NoQuestionInput(placeholder="Starts after", id="filter-after", compact=True)
        yield NoQuestionInput(placeholder="Starts before", id="filter-before", compact=True)
    with Horizontal(id="meeting-filters-3", classes="filter-row"):
        yield Select(
            tag_options(ACCESS_LABELS, access_in_use),
            prompt="Any access",
            id="filter-access",
            compact=True,
        )
        yield TickBox("Show inactive", id="filter-inactive", compact=True)


def _chosen(screen: DOMNode, selector: str) -> Any:
    value = screen.query_one(selector, Select).value
    return None if value is Select.NULL else value


def read_filter(screen: DOMNode) -> tuple[MeetingFilter, dict[str, str]]:
    """The filter the rows on ``screen`` describe, and a message for each time that is not a
    time (its field is marked ``-invalid`` meanwhile, and that time is left out)."""
    errors: dict[str, str] = {}
    times = {}
    for name, label in (("after", "Starts after"), ("before", "Starts before")):
        field = screen.query_one(f"#filter-{name}", Input)
        try:
            times[name] = parse_meeting_time(field.value)
        except ValueError as exc:
            times[name] = None
            errors[name] = f"{label}: {exc}"
        field.set_class(name in errors, "-invalid")
    f = MeetingFilter(
        organisation=_chosen(screen, "#filter-organisation"),
        weekday=_chosen(screen, "#filter-day"),
        start_after=times["after"],
        start_before=times["before"],
        attendance=_chosen(screen, "#filter-attendance"),
        audience=_chosen(screen, "#filter-audience"),
        access=_chosen(screen, "#filter-access"),
        text=screen.query_one("#filter-text", Input).value,
        show_inactive=screen.query_one("#filter-inactive", Checkbox).value,
    )
    return f, errors


def clear_filters(screen: DOMNode) -> None:
    """Every filter on ``screen`` back to "any" (the screen then redraws its table)."""
    for selector in CHOICES:
        screen.query_one(selector, Select).clear()
    for selector in TYPED:
        screen.query_one(selector, Input).value = ""
    screen.query_one("#filter-inactive", Checkbox).value = False
