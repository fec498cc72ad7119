"""What every format reader shares: the per-import context, the errors, and one builder.

Each reader turns one published record into one or more :class:`Draft` objects in the
record's own terms (its weekday and clock in its own zone, its codes already read), and
:func:`build` finishes every draft the same way: the end time, the conversion to London, the
id, the clean-up for meetings with no room. Keeping that in one place is what makes a
Meeting Guide meeting and the same meeting from a CSV come out identical.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, time

from pydantic import ValidationError

from fama.directory import meeting_codes as mc
from fama.directory import normalise as nz
from fama.directory.times import LONDON, WallTime, add_minutes, describe_when, to_london, zone
from fama.models.common import Attendance, Weekday
from fama.models.meeting import Meeting, SourceKind
from fama.models.organisations import ORGANISATIONS, ForWhom, OrgCode

DEFAULT_MINUTES = 60
"""Meeting Guide readers and TSML-UI assume an hour when no end is given."""

DEFAULT_MINUTES_BY_ORGANISATION: dict[OrgCode, int] = {
    OrgCode.SMART: 90,
    OrgCode.SMART_FAMILY: 90,
}
"""SMART meetings usually run 90 minutes (brief §3)."""


class RecordError(Exception):
    """One record cannot be imported: the feed goes on without it (or stops, when strict)."""

    def __init__(self, field: str | None, problem: str) -> None:
        super().__init__(problem)
        self.field = field
        self.problem = problem


class FileProblem(Exception):
    """The whole file cannot be imported; ``feeds`` adds the file name and raises FeedError."""

    def __init__(self, problem: str, record: int | None = None, field: str | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.record = record
        self.field = field


@dataclass(frozen=True, slots=True)
class Context:
    """One import: where the records come from and the defaults they fall back on."""

    kind: SourceKind
    source: str
    organisation: OrgCode | None
    zone: str
    """The publisher's zone, for records that name none (already checked to exist)."""
    imported_at: datetime


@dataclass(slots=True)
class Draft:
    """A record in its own terms, before the conversion to London and the final checks."""

    key: str
    """The record's key in its source (slug, BMLT id, CSV id or a hash): becomes the id."""
    key_field: str | None
    """The field the key came from, for the "used twice" message (None for a hash)."""
    organisation: OrgCode
    name: str
    weekday: Weekday
    start: time
    end: time | None = None
    minutes: int | None = None
    """The length when the source gives one instead of an end time."""
    zone: str = LONDON
    attendance: Attendance = Attendance.IN_PERSON
    temporarily_closed: bool = False
    active: bool = True
    """False for a listing with no way to attend (see :data:`NO_WAY_TO_ATTEND`)."""
    open_meeting: bool | None = None
    audience: list[str] = field(default_factory=list)
    access: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    venue: str = ""
    address: str = ""
    postcode: str = ""
    point: tuple[float, float] | None = None
    online_url: str = ""
    phone: str = ""
    notes: str = ""


def stable_key(*parts: object) -> str:
    """A short key that is the same on every import of the same record (no salt, no order)."""
    text = "\x1f".join(nz.text_of(part).casefold() for part in parts)
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]


def record_zone(value: object, context: Context) -> str:
    """The record's own zone when it names one, else the publisher's."""
    return nz.text_of(value) or context.zone


def require_organisation(organisation: OrgCode | None, what: str) -> OrgCode:
    """The declared fellowship; formats whose codes depend on it cannot go on without one."""
    if organisation is None:
        raise FileProblem(
            f"say which fellowship publishes this {what} with --organisation, e.g. AA "
            "(type codes mean different things in different fellowships)"
        )
    return organisation


NO_WAY_TO_ATTEND = (
    "Kept inactive: the listing gives only an area (no street or postcode) and no online "
    "link or phone number, so there is no way to attend it."
)
"""The note on a listing that is neither in person nor online (TSML's "inactive")."""


def settle_attendance(
    *, place: bool, link: bool, phone: bool, online_code: bool, closed: bool
) -> tuple[Attendance, bool, str]:
    """Attendance, "temporarily closed" and a note, from what a record offers.

    The rules of TSML's ``tsml_calculate_attendance_option`` (brief §1.4), with "approximate"
    read as "names no place": a way in online (a link, a dial-in or an online code) plus a
    place is hybrid, without a place online (phone when a dial-in is all there is). ``TC``
    means the *venue* is closed: a meeting that still runs online stays attendable (online,
    not temporarily closed, with a note); one with no way in online is temporarily closed.
    Neither a place nor a way in online is TSML's "inactive": the record is skipped.
    """
    remote = link or phone or online_code
    online = Attendance.ONLINE if (link or online_code) else Attendance.PHONE
    if closed:
        if remote:
            return online, False, "The venue is temporarily closed; the meeting runs online."
        return Attendance.IN_PERSON, True, ""
    if remote:
        return (Attendance.HYBRID if place else online), False, ""
    if not place:
        raise RecordError(
            None, "it gives no venue or address and no online link, so there is no way to attend"
        )
    return Attendance.IN_PERSON, False, ""


def build(draft: Draft, context: Context) -> Meeting:
    """The finished meeting: London times, tidy tags, an id; RecordError if it is not valid."""
    name = nz.clean_line(draft.name)
    if not name:
        raise RecordError("name", "the meeting has no name")
    end = draft.end
    if end == draft.start:
        end = None
    if end is None:
        minutes = draft.minutes or DEFAULT_MINUTES_BY_ORGANISATION.get(
            draft.organisation, DEFAULT_MINUTES
        )
        end = add_minutes(draft.start, minutes)
    published = WallTime(draft.weekday, draft.start, end)
    source_when = ""
    when = published
    if draft.zone != LONDON:
        try:
            zone_name = zone(draft.zone).key  # "europe/london" is London too
        except ValueError as error:
            raise RecordError("timezone", str(error)) from None
        if zone_name != LONDON:
            when = to_london(published, zone_name, context.imported_at)
            source_when = describe_when(published, zone_name)

    audience, access = list(draft.audience), list(draft.access)
    if ORGANISATIONS[draft.organisation].for_whom is ForWhom.FAMILY:
        mc.add_unique(audience, "family and friends")
    venue, address, postcode, point = draft.venue, draft.address, draft.postcode, draft.point
    if draft.attendance in (Attendance.ONLINE, Attendance.PHONE):
        # No room: room-only access tags and any "area" address would only mislead a search.
        access = [tag for tag in access if tag not in mc.IN_PERSON_ONLY_ACCESS]
        venue, address, postcode, point = "", "", "", None
    elif not postcode and address:
        postcode = nz.find_postcode(address)
    latitude, longitude = point if point else (None, None)
    try:
        return Meeting(
            id=f"{context.kind.value}:{context.source}:{draft.key}",
            organisation=draft.organisation,
            name=name,
            weekday=when.weekday,
            start=when.start,
            end=when.end,
            timezone=LONDON,
            attendance=draft.attendance,
            temporarily_closed=draft.temporarily_closed,
            active=draft.active,
            open_meeting=draft.open_meeting,
            audience=audience,
            access=access,
            types=_unique(draft.types),
            languages=_unique(draft.languages),
            venue=venue,
            address=address,
            postcode=postcode,
            latitude=latitude,
            longitude=longitude,
            coord_source="feed" if point else "",
            online_url=draft.online_url,
            phone=draft.phone,
            notes=draft.notes,
            source=context.source,
            source_kind=context.kind,
            source_id=draft.key,
            source_when=source_when,
            imported_at=context.imported_at,
        )
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or None
        raise RecordError(where, first["msg"].rstrip(".")) from None


def _unique(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        mc.add_unique(seen, item)
    return seen
