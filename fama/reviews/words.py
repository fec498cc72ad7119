"""The words a review shows: dates, counts and meeting names as the review screen and the
care-plan summary write them, and the pieces (:class:`Part`) a summary line is built from,
which keep text a person typed apart from ours so each output can escape it.

Pure: no Textual, no TinyDB, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from fama.clock import london
from fama.models.meeting import Meeting
from fama.models.record import ClientRecord


def long_day(day: date) -> str:
    """``Tue 24 Nov 2026``: a day in full, as a review shows it."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def local_date(moment: datetime) -> date:
    """The day ``moment`` fell on in London."""
    return moment.astimezone(london()).date()


def plural(count: int, word: str, many: str = "") -> str:
    """``1 follow-up``, ``2 follow-ups``."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def times(count: int) -> str:
    """``once``, ``twice``, ``3 times``."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def went_words(went: int, follow_ups: int, all_did_not_go: bool) -> str:
    """Whether they went, in words: ``they said they went at 1 of 2``, ``they did not go``
    (never "went at 0")."""
    if went == 0:
        return "they did not go" if all_did_not_go else "they did not say they went"
    if went == follow_ups:
        every = {1: "", 2: " at both"}.get(went, f" at all {went}")
        return f"they said they went{every}"
    return f"they said they went at {went} of {follow_ups}"


def meeting_name(meeting_id: str, meetings: Mapping[str, Meeting]) -> str:
    """``SMART: SMART Recovery Kelbridge Central, Tue 19:30``, or a note that it has gone."""
    meeting = meetings.get(meeting_id)
    if meeting is None:
        return f"a meeting no longer in the directory ({meeting_id})"
    when = f"{meeting.weekday.short} {meeting.start:%H:%M}"
    return f"{meeting.organisation.value}: {meeting.name}, {when}"


def handout_title(handout_id: str, record: ClientRecord) -> str:
    """The handout's title as the record logged it, else one made from its id."""
    titles = {h.handout_id: h.title for h in record.handouts}
    return titles.get(handout_id, handout_id.replace("-", " ").capitalize())


@dataclass(frozen=True)
class Part:
    """A piece of a summary line; ``typed`` text came from a person and is escaped."""

    text: str
    typed: bool = False


Line = tuple[Part, ...]


def own(text: str) -> Part:
    """A piece of text we wrote (never escaped)."""
    return Part(text)


def typed(text: str) -> Part:
    """A piece of text a person typed (escaped by each output)."""
    return Part(text, typed=True)


def quoted(text: str) -> tuple[Part, Part, Part]:
    """A person's text in curly quotes."""
    return own("“"), typed(text), own("”")


def plain_line(line: Line) -> str:
    """The line as plain text (for a screen with markup off)."""
    return "".join(part.text for part in line)
