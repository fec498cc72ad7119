"""The meeting directory as the Meetings screen draws it: the list's columns for a width,
the filters' choices, and one meeting's details.

Plain functions over the directory's records, returning rich ``Text`` (never markup), so a
note such as ``bring [cake]`` stays as typed. Nothing here reads a widget.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from rich.text import Text

from fama.directory.browse import flag_line, flag_warning, open_flags, source_text, status_text
from fama.directory.outcomes import MeetingOutcome, details_words
from fama.directory.requests import ATTENDANCE_LABELS
from fama.models import AccessNeed, Audience
from fama.models.meeting import Meeting
from fama.models.organisations import ORGANISATIONS, OrgCode

COLUMNS = (
    ("When", "when", 15),
    ("Miles", "miles", 6),
    ("Org", "organisation", 9),
    ("Name", "name", 0),
    ("Where", "where", 0),
    ("Status", "status", 15),
)
"""(label, key, width): name and where share what the screen has left."""
TABLE_SPARE = 4
"""The table's margins and its scroll bar."""
WIDE_STATUS = 24
"""The status column's widest on a wide screen, where "inactive · ⚠ did not run" fits."""
WHERE_FROM = 100
"""Below this width "where" leaves the list to the details panel and the name takes it."""


def directory_columns(
    screen_width: int,
    miles_width: int = 6,
    status_width: int = 14,
    longest: tuple[int, int] | None = None,
) -> list[tuple[str, str, int]]:
    """The columns and widths for a screen this wide: when, how far (``miles_width``: the
    longest distance shown, such as "by phone"), who and the status (``status_width``:
    the longest shown, up to 15, or 24 on a wide screen) whole; the name (and, on a wide
    screen, where) in what is left: when the ``longest`` name and place both fit, each
    gets what it needs (and the name the rest), else where gets 4/7."""
    wide = screen_width >= WHERE_FROM
    status = min(max(status_width, len("Status")), WIDE_STATUS if wide else 15)
    fixed_widths = {"status": status, "miles": miles_width}
    shown = [
        (label, key, fixed_widths.get(key) or width)
        for label, key, width in COLUMNS
        if wide or key != "where"
    ]
    fixed = sum(width + 2 for _, _, width in shown if width)
    flexible = [key for _, key, width in shown if not width]
    room = max(screen_width - TABLE_SPARE - fixed - 2 * len(flexible), 12)
    where = room - room * 3 // 7
    if longest is not None and sum(longest) <= room:
        where = longest[1]
    share = {"name": room - where, "where": where} if wide else {"name": room}
    return [(label, key, width or share[key]) for label, key, width in shown]


AUDIENCE_LABELS = {a.value: a.label for a in Audience}
ACCESS_LABELS = {a.value: a.label for a in AccessNeed}


def long_day(day: date) -> str:
    """``Tue 24 Nov 2026``: a day in full, as a meeting's details and notices give it."""
    return f"{day:%a %d %b %Y}"


def tag_label(tag: str, labels: dict[str, str]) -> str:
    """The label a feed's tag is shown with (the tag itself when fama has none)."""
    return labels.get(tag, tag)


def organisation_options() -> list[tuple[Text, OrgCode]]:
    """Every organisation as a choice: code and name."""
    return [(Text(f"{code.value} · {org.name}"), code) for code, org in ORGANISATIONS.items()]


def tag_options(known: dict[str, str], in_use: list[str]) -> list[tuple[Text, str]]:
    """The vocabulary's tags with their labels, then any other tag the directory uses."""
    extra = [t for t in in_use if t not in known]
    return [(Text(label), value) for value, label in known.items()] + [
        (Text(tag), tag) for tag in extra
    ]


def experience_words(
    outcomes: Mapping[str, MeetingOutcome] | None, meeting_id: str, *, lead: bool
) -> str:
    """What happened to the clients referred to the meeting, for its details ("" when
    it could not be read)."""
    if outcomes is None:
        return ""
    return details_words(outcomes.get(meeting_id), lead=lead)


def details_text(meeting: Meeting, today: date, experience: str = "") -> Text:
    """Everything about one meeting, as plain text with bold labels (never markup);
    ``experience`` says what happened to the clients the service referred there."""
    org = ORGANISATIONS[meeting.organisation]
    out = Text()

    def line(label: str, value: str) -> None:
        if value:
            out.append(f"{label}: ", style="bold")
            out.append(value)
            out.append("\n")

    out.append(meeting.name, style="bold")
    out.append("\n")
    warning = flag_warning(meeting)
    if warning:
        out.append(warning + "\n", style="bold")
    out.append(f"{org.name} ({meeting.organisation.value})\n")
    end = f" to {meeting.end:%H:%M}" if meeting.end else ""
    line("When", f"{meeting.weekday.label} {meeting.start:%H:%M}{end} (UK time)")
    line("As published", meeting.source_when)
    if meeting.open_meeting is None:
        openness = "open or closed not known"
    elif meeting.open_meeting:
        openness = "open meeting: anyone may come"
    else:
        openness = "closed meeting: for people who want help with the problem"
    line("Attendance", f"{ATTENDANCE_LABELS[meeting.attendance]} · {openness}")
    line("Status", status_text(meeting))
    line("For", ", ".join(tag_label(t, AUDIENCE_LABELS) for t in meeting.audience))
    line("Access", ", ".join(tag_label(t, ACCESS_LABELS) for t in meeting.access))
    line("Venue", meeting.venue)
    line("Address", meeting.address)
    line("Postcode", meeting.postcode)
    line("Online", meeting.online_url)
    line("Phone", meeting.phone)
    line("Notes", meeting.notes)
    line("Source", source_text(meeting, today))
    line("Our clients (12 months)", experience)
    if meeting.flags:
        still = len(open_flags(meeting))
        out.append(f"Flags ({len(meeting.flags)}, {still} open; r resolves):\n", style="bold")
        for flag in meeting.flags:
            out.append(f"  {'✓' if flag.resolved else '⚠'} {flag_line(flag)}\n")
    else:
        out.append("No flags.\n", style="dim")
    out.append(f"Id: {meeting.id}", style="dim")
    return out
