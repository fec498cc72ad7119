"""Turning what a keyworker typed into a local meeting or recovery group (self-assessment
annex 2), with one plain message per field.

Pure domain logic, like :mod:`fama.clients.form`: the form screen and the tests call
:func:`build_meeting`; the screen only shows the messages it gets back.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from pydantic import ValidationError

from fama.clients.form import FormErrors
from fama.models.meeting import Meeting, SourceKind
from fama.models.organisations import OrgCode
from fama.models.vocab import Attendance, Weekday

__all__ = [
    "LOCAL_SOURCE",
    "FormErrors",
    "MeetingForm",
    "build_meeting",
    "edit_refusal",
    "new_meeting_id",
    "normalise_postcode",
    "parse_meeting_time",
]

LOCAL_SOURCE = "local"
LONGEST_OVERNIGHT = timedelta(hours=6)
"""An end before the start means the meeting runs past midnight, but only for so long:
19:30 to 09:00 is far more likely a typo for 21:00."""

_TIME_RE = re.compile(
    r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$"
)
_COMPACT_TIME_RE = re.compile(r"^(?P<hour>\d{2})(?P<minute>\d{2})$")
# A full UK postcode: outward code (area, district, optional sub-district) and inward code.
_POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)([0-9][A-Z]{2})$")
_MIN_PHONE_DIGITS = 6

TIME_HINT = "like 19:30 or 7.30pm"


def parse_meeting_time(text: str) -> time | None:
    """'19:30', '19.30', '1930', '7.30pm', '7pm' or 'noon'; blank is None; else ``ValueError``."""
    raw = text.strip().lower().replace(" ", "")
    if not raw:
        return None
    if raw in ("noon", "midday"):
        return time(12, 0)
    match = _TIME_RE.match(raw) or _COMPACT_TIME_RE.match(raw)
    if match is None:
        raise ValueError(f"Enter a time {TIME_HINT}.")
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    ampm = (match.groupdict().get("ampm") or "").replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"With am or pm the hour is 1 to 12; enter a time {TIME_HINT}.")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"That is not a time of day; enter a time {TIME_HINT}.")
    return time(hour, minute)


def normalise_postcode(text: str) -> str:
    """'se17pb' -> 'SE1 7PB'; blank stays blank; anything else raises ValueError."""
    compact = re.sub(r"\s+", "", text).upper()
    if not compact:
        return ""
    match = _POSTCODE_RE.match(compact)
    if match is None:
        raise ValueError("Enter a full UK postcode such as SE1 7PB, or leave it blank.")
    return f"{match[1]} {match[2]}"


def _normalise_link(text: str) -> str:
    link = text.strip()
    if not link:
        return ""
    if any(c.isspace() for c in link):
        raise ValueError("A link has no spaces: paste the whole link, like https://…")
    if "://" not in link:
        link = f"https://{link}"
    if not link.lower().startswith(("https://", "http://")):
        raise ValueError("Enter a web link starting https://")
    return link


def _normalise_phone(text: str) -> str:
    phone = " ".join(text.split())
    if phone and sum(c.isdigit() for c in phone) < _MIN_PHONE_DIGITS:
        raise ValueError("Enter the whole number to ring, like 0808 157 0123.")
    return phone


def _tags(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v.strip()))


def new_meeting_id() -> str:
    """A fresh id for a meeting the service types in (never reused, never from a feed)."""
    return f"{LOCAL_SOURCE}:{uuid.uuid4().hex}"


def edit_refusal(meeting: Meeting) -> str | None:
    """Why this meeting cannot be edited here, or None when it can (only local entries can)."""
    if meeting.source_kind is SourceKind.LOCAL:
        return None
    return f"Imported from {meeting.source}: change it at the source, or flag it."


@dataclass
class MeetingForm:
    """The raw content of the add/edit meeting form."""

    organisation: OrgCode = OrgCode.LOCAL
    name: str = ""
    weekday: Weekday | None = None
    start: str = ""
    end: str = ""
    attendance: Attendance = Attendance.IN_PERSON
    venue: str = ""
    address: str = ""
    postcode: str = ""
    online_url: str = ""
    phone: str = ""
    open_meeting: bool = True
    temporarily_closed: bool = False
    audience: list[str] = field(default_factory=list)
    access: list[str] = field(default_factory=list)
    notes: str = ""

    @classmethod
    def from_meeting(cls, meeting: Meeting) -> MeetingForm:
        return cls(
            organisation=meeting.organisation,
            name=meeting.name,
            weekday=meeting.weekday,
            start=f"{meeting.start:%H:%M}",
            end=f"{meeting.end:%H:%M}" if meeting.end else "",
            attendance=meeting.attendance,
            venue=meeting.venue,
            address=meeting.address,
            postcode=meeting.postcode,
            online_url=meeting.online_url,
            phone=meeting.phone,
            open_meeting=bool(meeting.open_meeting),
            temporarily_closed=meeting.temporarily_closed,
            audience=list(meeting.audience),
            access=list(meeting.access),
            notes=meeting.notes,
        )


def build_meeting(
    form: MeetingForm,
    *,
    today: date,
    original: Meeting | None = None,
    meeting_id: str | None = None,
) -> Meeting:
    """Validate the form and return the meeting to save, or raise ``FormErrors``.

    A new meeting gets ``meeting_id`` (default ``local:<uuid hex>``), source "local" and
    ``last_verified=today``. Editing keeps everything the form does not show (flags, active,
    when it was last verified) from ``original``, which must be a local entry.
    """
    if original is not None:
        refusal = edit_refusal(original)
        if refusal:
            raise FormErrors({"form": refusal})
    errors: dict[str, str] = {}

    name = " ".join(form.name.split())
    if not name:
        errors["name"] = "Enter the meeting's or group's name."
    if form.weekday is None:
        errors["weekday"] = "Choose the day it meets."

    start: time | None = None
    try:
        start = parse_meeting_time(form.start)
        if start is None:
            errors["start"] = f"Enter the start time, {TIME_HINT}."
    except ValueError as exc:
        errors["start"] = str(exc)
    end: time | None = None
    try:
        end = parse_meeting_time(form.end)
    except ValueError as exc:
        errors["end"] = str(exc)
    if start is not None and end is not None:
        length = datetime.combine(today, end) - datetime.combine(today, start)
        if length == timedelta(0):
            errors["end"] = "The end is the same as the start; leave it blank if not known."
        elif length < timedelta(0) and length + timedelta(days=1) > LONGEST_OVERNIGHT:
            errors["end"] = "The end is before the start; check it (21:00, or 9pm)."

    postcode = ""
    try:
        postcode = normalise_postcode(form.postcode)
    except ValueError as exc:
        errors["postcode"] = str(exc)
    online_url = ""
    try:
        online_url = _normalise_link(form.online_url)
    except ValueError as exc:
        errors["online_url"] = str(exc)
    phone = ""
    try:
        phone = _normalise_phone(form.phone)
    except ValueError as exc:
        errors["phone"] = str(exc)

    venue = " ".join(form.venue.split())
    address = " ".join(form.address.split())
    attendance = form.attendance
    in_person = attendance in (Attendance.IN_PERSON, Attendance.HYBRID)
    remote = attendance in (Attendance.ONLINE, Attendance.HYBRID)
    if in_person and not (venue or postcode or form.postcode.strip()):
        errors["venue"] = (
            "A hybrid meeting needs a venue or a postcode as well as a link."
            if remote
            else "An in-person meeting needs a venue or a postcode."
        )
    if remote and not (online_url or phone or "online_url" in errors or "phone" in errors):
        kind = "A hybrid" if in_person else "An online"
        errors["online_url"] = f"{kind} meeting needs a link or a phone number to join by."
    if attendance is Attendance.PHONE and not phone and "phone" not in errors:
        errors["phone"] = "A phone meeting needs the number to ring."

    if errors:
        raise FormErrors(errors)
    assert form.weekday is not None and start is not None  # for the type checker
    open_meeting: bool | None = form.open_meeting
    if original is not None and original.open_meeting is None and not form.open_meeting:
        open_meeting = None  # left unticked: still unknown, not "closed"

    base = original.model_dump() if original else {}
    if original is not None and postcode != original.postcode:
        # Coordinates belonged to the old place; matching finds the new one from the postcode.
        base.update(latitude=None, longitude=None, coord_source="")
    if original is None:
        base.update(
            id=meeting_id or new_meeting_id(),
            source=LOCAL_SOURCE,
            source_kind=SourceKind.LOCAL,
            last_verified=today,
            active=True,
        )
    base.update(
        organisation=form.organisation,
        name=name,
        weekday=form.weekday,
        start=start,
        end=end,
        attendance=attendance,
        venue=venue,
        address=address,
        postcode=postcode,
        online_url=online_url,
        phone=phone,
        open_meeting=open_meeting,
        temporarily_closed=form.temporarily_closed,
        audience=_tags(form.audience),
        access=_tags(form.access),
        notes=form.notes.strip(),
    )
    try:
        return Meeting.model_validate(base)
    except ValidationError as exc:  # a rule the checks above missed: still one plain message
        first = exc.errors()[0]
        where = str(first["loc"][0]) if first["loc"] else "form"
        raise FormErrors({where: str(first["msg"]).removeprefix("Value error, ")}) from exc
