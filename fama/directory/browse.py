"""Browsing the local meeting directory: the filter behind the Meetings screen, and the plain
words the screen shows for a meeting (where, status, how old its entry is).

Pure: takes meetings and returns meetings or strings, so it is tested without a screen.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache

from fama.clock import london
from fama.directory.geo import Locations, haversine_miles
from fama.models.meeting import FlagKind, Meeting, MeetingFlag, SourceKind
from fama.models.organisations import OrgCode
from fama.models.vocab import Attendance, Weekday


@dataclass(frozen=True)
class MeetingFilter:
    """What the keyworker asked to see. Every part is optional; empty shows everything active."""

    organisation: OrgCode | None = None
    weekday: Weekday | None = None
    start_after: time | None = None
    """Starting at or after this time."""
    start_before: time | None = None
    """Starting at or before this time. Earlier than ``start_after`` means a window that
    runs past midnight (after 22:00, before 02:00)."""
    attendance: Attendance | None = None
    """Online and in person also list hybrid meetings (a client can go either way); phone
    also lists online and hybrid meetings that publish a dial-in number."""
    audience: str | None = None
    """An audience tag, such as ``women`` (:class:`~fama.models.vocab.Audience` values)."""
    access: str | None = None
    """An access tag, such as ``wheelchair`` (:class:`~fama.models.vocab.AccessNeed` values)."""
    text: str = ""
    """Every word must appear in the name, venue, address, postcode or notes."""
    show_inactive: bool = False

    @property
    def is_empty(self) -> bool:
        return self == MeetingFilter(show_inactive=self.show_inactive)


def sort_key(meeting: Meeting) -> tuple[int, time, str, str, str]:
    """Weekday, start, organisation, name (and id, so the order never depends on the store)."""
    return (
        int(meeting.weekday),
        meeting.start,
        meeting.organisation.value.casefold(),
        meeting.name.casefold(),
        meeting.id,
    )


def _attendance_matches(meeting: Meeting, wanted: Attendance | str) -> bool:
    wanted = Attendance(wanted)
    held = meeting.attendance
    if held is wanted:
        return True
    if wanted in (Attendance.ONLINE, Attendance.IN_PERSON):
        return held is Attendance.HYBRID
    if wanted is Attendance.PHONE:
        return held in (Attendance.ONLINE, Attendance.HYBRID) and bool(meeting.phone)
    return False


def _time_matches(start: time, after: time | None, before: time | None) -> bool:
    if after is not None and before is not None and before < after:
        return start >= after or start <= before  # the window runs past midnight
    if after is not None and start < after:
        return False
    return before is None or start <= before


def _has_tag(tags: list[str], wanted: str) -> bool:
    wanted = wanted.strip().casefold()
    return any(tag.strip().casefold() == wanted for tag in tags)


def fold(text: str) -> str:
    """Lower-cased without accents, so "cafe" finds "Café"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def _folded(*parts: str) -> str:
    return fold(" ".join(parts))


def search_text(meeting: Meeting) -> str:
    """What the free-text filter looks in, folded (postcodes also without their space).

    Cached on the text itself, so typing a search over a national directory stays quick
    and an edited meeting is never matched against its old words.
    """
    return _folded(
        meeting.name,
        meeting.venue,
        meeting.address,
        meeting.postcode,
        meeting.postcode.replace(" ", ""),
        meeting.notes,
    )


def matches(meeting: Meeting, f: MeetingFilter) -> bool:
    """Does the meeting pass the Meetings screen's filter (text and choices)?"""
    return _matches(meeting, f, fold(f.text).split())


def _matches(meeting: Meeting, f: MeetingFilter, words: list[str]) -> bool:
    if not meeting.active and not f.show_inactive:
        return False
    if f.organisation is not None and meeting.organisation != f.organisation:
        return False
    if f.weekday is not None and meeting.weekday != f.weekday:
        return False
    if not _time_matches(meeting.start, f.start_after, f.start_before):
        return False
    if f.attendance is not None and not _attendance_matches(meeting, f.attendance):
        return False
    if f.audience and not _has_tag(meeting.audience, f.audience):
        return False
    if f.access and not _has_tag(meeting.access, f.access):
        return False
    if words:
        haystack = search_text(meeting)
        return all(word in haystack for word in words)
    return True


def filter_meetings(meetings: Iterable[Meeting], f: MeetingFilter) -> list[Meeting]:
    """The meetings that pass the filter, by weekday, start, organisation and name."""
    words = fold(f.text).split()
    return sorted((m for m in meetings if _matches(m, f, words)), key=sort_key)


def tags_in_use(meetings: Iterable[Meeting]) -> tuple[list[str], list[str]]:
    """Every audience tag and every access tag the directory uses, sorted (for the choices)."""
    audience: set[str] = set()
    access: set[str] = set()
    for meeting in meetings:
        audience.update(t.strip() for t in meeting.audience if t.strip())
        access.update(t.strip() for t in meeting.access if t.strip())
    return sorted(audience, key=str.casefold), sorted(access, key=str.casefold)


# What the screen shows ----------------------------------------------------------------------
def where_text(meeting: Meeting) -> str:
    """Venue and postcode, or "online" / "by phone"; a hybrid meeting is both."""
    place = ", ".join(part for part in (meeting.venue, meeting.postcode) if part)
    if meeting.attendance is Attendance.ONLINE:
        return "online"
    if meeting.attendance is Attendance.PHONE:
        return "by phone"
    if meeting.attendance is Attendance.HYBRID:
        return f"{place} + online" if place else "hybrid"
    return place or meeting.address or "no venue given"


def miles_text(meeting: Meeting, near: tuple[float, float] | None, locations: Locations) -> str:
    """How far the meeting is from ``near`` (a district's centre): ``0.4``; ``online`` or
    ``by phone`` when there is no venue to reach; ``—`` when its place is not known; blank
    when nothing is ``near``."""
    if near is None:
        return ""
    if meeting.attendance is Attendance.ONLINE:
        return "online"
    if meeting.attendance is Attendance.PHONE:
        return "by phone"
    point = locations.meeting_point(meeting)
    return "—" if point is None else f"{haversine_miles(near, point):.1f}"


def open_flags(meeting: Meeting) -> list[MeetingFlag]:
    """The flags not yet resolved: the warnings a keyworker must see before sending anyone."""
    return [flag for flag in meeting.flags if not flag.resolved]


FLAG_SHORT = {
    FlagKind.DID_NOT_RUN: "did not run",
    FlagKind.MOVED: "moved",
    FlagKind.NOT_NEWCOMER_FRIENDLY: "not welcoming",
}
"""A flag in a list's status column (the details and the reasons say it whole)."""


def flag_date(day: date) -> str:
    """A flag's date as the Meetings screen shows it: "Tue 24 Nov 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def flag_line(flag: MeetingFlag) -> str:
    """One flag, whole: ``did not run, Tue 17 Nov 2026, by JB: nobody came``; a resolved
    one says who resolved it and when."""
    by = f", by {flag.by}" if flag.by else ""
    note = f": {flag.note}" if flag.note else ""
    text = f"{flag.kind.value}, {flag_date(flag.on)}{by}{note}"
    if flag.resolved_on is not None:
        who = f" by {flag.resolved_by}" if flag.resolved_by else ""
        text += f" (resolved {flag_date(flag.resolved_on)}{who})"
    return text


def flag_warning(meeting: Meeting) -> str:
    """``⚠ Flagged: did not run, Tue 17 Nov 2026, by JB: nobody came`` (every open flag,
    newest first); blank when none is open."""
    flags = sorted(open_flags(meeting), key=lambda f: f.on, reverse=True)
    if not flags:
        return ""
    return "⚠ Flagged: " + "; ".join(flag_line(flag) for flag in flags)


def status_text(meeting: Meeting) -> str:
    """ "active", "closed for now" or "inactive"; an open flag shows instead of "active"
    (``⚠ did not run``, ``⚠ moved +1``), after the others (``inactive · ⚠ moved``)."""
    if not meeting.active:
        status = "inactive"
    elif meeting.temporarily_closed:
        status = "closed for now"
    else:
        status = "active"
    flags = sorted(open_flags(meeting), key=lambda f: f.on, reverse=True)
    if not flags:
        return status
    more = f" +{len(flags) - 1}" if len(flags) > 1 else ""
    warning = f"⚠ {FLAG_SHORT[flags[0].kind]}{more}"
    return warning if status == "active" else f"{status} · {warning}"


def days_ago(days: int) -> str:
    """How long ago, in words: "today", "yesterday", "5 days ago"."""
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    if days < 0:
        return f"in {-days} days"
    return f"{days} days ago"


def local_date(moment: datetime) -> date:
    """The day in the service's timezone (an import at 00:30 BST is that day, not the last)."""
    return moment.astimezone(london()).date()


def verified_text(last_verified: date | None, today: date) -> str:
    """When someone last checked the meeting runs as listed, in words."""
    if last_verified is None:
        return "never verified"
    return f"last verified {days_ago((today - last_verified).days)}"


def source_text(meeting: Meeting, today: date) -> str:
    """Where the entry came from and how old it is, for example
    "imported 3 days ago from aa.json · last verified 200 days ago"."""
    if meeting.source_kind is SourceKind.LOCAL:
        origin = "local entry, kept by the service"
    elif meeting.imported_at is not None:
        ago = days_ago((today - local_date(meeting.imported_at)).days)
        origin = f"imported {ago} from {meeting.source} ({meeting.source_kind.value})"
    else:
        origin = f"from {meeting.source} ({meeting.source_kind.value}), import date not recorded"
    return f"{origin} · {verified_text(meeting.last_verified, today)}"
