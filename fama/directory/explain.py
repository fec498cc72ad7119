"""Ranked meetings in plain words: where a result is, why it is there, and why nothing fits.

Shared by the Find meetings screen and the conversation's meeting choice, so a keyworker
reads the same explanation wherever a meeting is offered. Pure text, no Textual.
"""

from __future__ import annotations

from fama.directory.browse import flag_warning
from fama.directory.browse import status_text as status_text_of
from fama.directory.matching.request import MatchOutcome, MatchResult
from fama.directory.requests import ATTENDANCE_LABELS
from fama.models.vocab import Attendance


def distance_text(result: MatchResult) -> str:
    """``0.8 mi``; ``by phone`` or ``online`` for a meeting with no venue to reach; else
    ``unknown``."""
    if result.distance_miles is not None:
        return f"{result.distance_miles:.1f} mi"
    attendance = result.meeting.attendance
    if attendance is Attendance.PHONE:
        return "by phone"
    return "online" if attendance is not Attendance.IN_PERSON else "unknown"


def reason_lines(result: MatchResult) -> list[str]:
    """The meeting, when and where it is, any open flag with its reason, then each reason
    it ranks where it does."""
    m = result.meeting
    where = ", ".join(p for p in (m.venue, m.postcode) if p) or m.online_url or m.phone
    warning = flag_warning(m)
    return [
        f"{m.organisation.value} · {m.name}",
        f"{m.weekday.label} {m.start:%H:%M} · {ATTENDANCE_LABELS[m.attendance]} · {where}",
        *([warning] if warning else []),
        "",
        *[f"• {reason}" for reason in result.reasons],
    ]


def flag_mark(result: MatchResult) -> str:
    """``⚠ did not run · `` before a flagged meeting's name in a list; blank otherwise."""
    status = status_text_of(result.meeting)
    return f"{status} · " if "⚠" in status else ""


def offer_label(result: MatchResult) -> str:
    """One ranked meeting on a line: day, time and distance first (on a narrow screen the
    name gives way), then any open flag, the organisation and the name."""
    m = result.meeting
    return (
        f"{m.weekday.short} {m.start:%H:%M} · {distance_text(result)} · "
        f"{flag_mark(result)}{m.organisation.value} {m.name}"
    )


def status_text(outcome: MatchOutcome) -> str:
    """How many fit, or, when none does, which preference ruled out how many."""
    if outcome.results:
        return f"{len(outcome.results)} best of {outcome.considered} meetings, best first."
    if not outcome.considered:
        return "The directory is empty: import meetings first (fama meetings import)."
    lines = ["No meeting fits all of these. Relaxing one would help:"]
    lines += [f"  {e.reason}: rules out {e.count}" for e in outcome.excluded]
    return "\n".join(lines)
