"""Who to ring for a meeting: the register's contacts offered in stage 2, best first.

A contact is offered when they could link the client to the meeting chosen for the goal:
they cover that meeting, or its organisation (for a fellowship volunteer), or they are the
service's own peer mentors and recovery champions (when a peer mentor is to meet the
client). Best first: covers the meeting itself, then covers the meeting's area, then can be
rung now (read from the register's "when to call"), then checked recently.

Pure: the register, the meeting and the time in; no store, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time

from fama.models.contact import Contact, Position, ServiceOwn
from fama.models.goal import LinkType
from fama.models.meeting import Meeting
from fama.models.organisations import OrgCode

__all__ = [
    "Offered",
    "contacts_to_ring",
    "district_of",
    "linked_person",
    "reachable",
    "usual_meeting_place",
]

FELLOWSHIP_LINKS = frozenset({LinkType.VOLUNTEER_PHONED, LinkType.VOLUNTEER_MEETS})
"""Links made through a fellowship's own volunteers."""


@dataclass(frozen=True)
class Offered:
    """One contact as stage 2 offers them, with the reasons they come where they do."""

    contact: Contact
    covers_meeting: bool
    covers_area: bool
    reachable_now: bool | None
    """True or False when their "when to call" says; None when it says nothing we read."""
    stale: bool

    @property
    def reasons(self) -> list[str]:
        """Why they are offered, in the order that ranks them (words for the screen)."""
        found = []
        if self.covers_meeting:
            found.append("covers this meeting")
        elif self.covers_area:
            found.append("covers this area")
        if self.reachable_now is True:
            found.append("can be rung now")
        elif self.reachable_now is False:
            found.append("not usually now")
        found.append("details past their check date" if self.stale else "checked recently")
        return found


def linked_person(contact: Contact) -> str:
    """How the goal names the contact: first name and role ("Sam, AA health liaison")."""
    role = contact.role or (
        contact.position.value if contact.position is not Position.OTHER else ""
    )
    parts = [p for p in (contact.name, role) if p]
    return ", ".join(parts)[:80]


def district_of(postcode: str) -> str:
    """The postcode district of a full or partial postcode (``SE1 7PB`` -> ``SE1``)."""
    return postcode.strip().upper().split(" ")[0] if postcode.strip() else ""


def _offered_at_all(
    contact: Contact, link: LinkType, organisation: OrgCode | None, meeting_id: str
) -> bool:
    if meeting_id and meeting_id in contact.meetings:
        return True
    if link in FELLOWSHIP_LINKS:
        return organisation is not None and contact.organisation == organisation
    if link is LinkType.PEER_MENTOR:
        return isinstance(contact.organisation, ServiceOwn)
    return False


def contacts_to_ring(
    contacts: Iterable[Contact],
    *,
    link: LinkType,
    meeting: Meeting | None,
    organisation: OrgCode | None,
    now: datetime,
) -> list[Offered]:
    """The contacts who could make this link for this meeting (or organisation), best first.

    ``now`` is London wall-clock time. Nobody is offered for a link made by staff, a
    meeting held at the service, or no link at all.
    """
    meeting_id = meeting.id if meeting else ""
    org = meeting.organisation if meeting else organisation
    district = district_of(meeting.postcode) if meeting else ""
    offered = [
        Offered(
            contact=c,
            covers_meeting=bool(meeting_id) and meeting_id in c.meetings,
            covers_area=bool(district) and district in c.areas,
            reachable_now=reachable(c.when, now),
            stale=c.stale(now.date()),
        )
        for c in contacts
        if _offered_at_all(c, link, org, meeting_id)
    ]
    reach = {True: 2, None: 1, False: 0}
    return sorted(
        offered,
        key=lambda o: (
            not o.covers_meeting,
            not o.covers_area,
            -reach[o.reachable_now],
            o.stale,
            -o.contact.last_checked.toordinal(),
            o.contact.called.casefold(),
        ),
    )


def usual_meeting_place(meeting: Meeting | None) -> tuple[str, str]:
    """Where and when a contact usually meets a newcomer: at the door (or online, before
    it starts), a little before the meeting's start."""
    if meeting is None:
        return "at the door", ""
    where = "online, just before it starts" if meeting.online_url else "at the door"
    return where, f"{meeting.weekday.label} {meeting.start:%H:%M}"


# "When to call", read -------------------------------------------------------------------

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PARTS = {
    "morning": (time(8), time(12)),
    "afternoon": (time(12), time(17)),
    "lunchtime": (time(12), time(14)),
    "daytime": (time(9), time(17)),
    "evening": (time(17), time(21, 30)),
    "office hours": (time(9), time(17)),
    "working hours": (time(9), time(17)),
}
_RANGE = re.compile(
    r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*(?:-|–|to|until|till)\s*"
    r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?"
)
_AFTER = re.compile(r"\b(after|from|before)\s+(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?")
_ANY = re.compile(r"\b(any ?time|24/7|24 hours|day or night)\b")


def _hour(hour: str, minute: str | None, half: str | None, *, end: bool = False) -> time:
    h = int(hour) % 24
    if half == "pm" and h < 12:
        h += 12
    elif half is None and end and h < 8:
        h += 12  # "9-5" ends at five in the afternoon
    return time(min(h, 23), min(int(minute or 0), 59))


def _days(text: str) -> set[int] | None:
    days: set[int] = set()
    if re.search(r"\bweekdays?\b|\bmon(day)?\s*(-|–|to)\s*fri(day)?\b", text):
        days |= {0, 1, 2, 3, 4}
    if re.search(r"\bweekends?\b|\bsat(urday)?s?\s*(and|&|-)\s*sun(day)?s?\b", text):
        days |= {5, 6}
    for number, day in enumerate(_DAYS):
        if re.search(rf"\b{day}[a-z]*\b", text):
            days.add(number)
    return days or None


def _windows(text: str) -> list[tuple[time, time]] | None:
    windows = [window for word, window in _PARTS.items() if re.search(rf"\b{word}s?\b", text)]
    for match in _RANGE.finditer(text):
        half_end = match.group(6)
        half_start = match.group(3) or (half_end if half_end == "am" else None)
        start = _hour(match.group(1), match.group(2), half_start)
        windows.append((start, _hour(match.group(4), match.group(5), half_end, end=True)))
    for match in _AFTER.finditer(text):
        at = _hour(match.group(2), match.group(3), match.group(4), end=match.group(4) is None)
        windows.append((at, time(22)) if match.group(1) != "before" else (time(8), at))
    return windows or None


def reachable(when: str, now: datetime) -> bool | None:
    """Whether a contact whose "when to call" reads ``when`` can be rung at ``now``.

    Understands days (``Tuesdays``, ``weekdays``, ``weekends``, ``Mon-Fri``), parts of the
    day (``mornings``, ``evenings``, ``office hours``), ranges (``9-5``, ``6pm-9pm``,
    ``10:00-16:00``), ``after 6pm``, ``before 10`` and ``any time``. None when the text
    names neither a day nor a time this can read (it is shown as written instead).
    """
    text = " ".join(when.casefold().split())
    if not text:
        return None
    if _ANY.search(text):
        return True
    days, windows = _days(text), _windows(text)
    if days is None and windows is None:
        return None
    if days is not None and now.weekday() not in days:
        return False
    if windows is None:
        return True
    moment = now.time()
    return any(start <= moment < end for start, end in windows)
