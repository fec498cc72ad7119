"""A mutual aid meeting in the local directory.

``weekday``, ``start`` and ``end`` are wall-clock times in Europe/London: importers convert
meetings published in another zone (an online meeting on New York time) on a real date
and keep the original in ``source_when``.
"""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum

from pydantic import Field, model_validator

from fama.models.common import Attendance, Record, UtcDateTime, Weekday
from fama.models.organisations import OrgCode


class SourceKind(StrEnum):
    """Where a meeting came from: one of the feed formats fama reads, the demo, or typed
    in by the service."""

    MEETING_GUIDE = "meeting-guide"
    BMLT = "bmlt"
    NAWS_CSV = "naws-csv"
    TSML_CSV = "tsml-csv"
    FAMA_CSV = "fama-csv"
    LOCAL = "local"
    DEMO = "demo"


class FlagKind(StrEnum):
    """What a keyworker found out about a meeting: each counts as a dead-end referral."""

    DID_NOT_RUN = "did not run"
    MOVED = "moved"
    NOT_NEWCOMER_FRIENDLY = "not newcomer-friendly"


class MeetingFlag(Record):
    """A dead end reported against a meeting (did not run, moved, unwelcoming), who
    raised it and whether it was resolved."""

    kind: FlagKind
    note: str = Field(default="", max_length=1000)
    on: date
    by: str = ""
    resolved_on: date | None = None
    """When someone found it sorted (it ran again, the new place was checked); a resolved
    flag is no longer a warning but stays in the meeting's history."""
    resolved_by: str = ""

    @property
    def resolved(self) -> bool:
        return self.resolved_on is not None


class Meeting(Record):
    """One meeting in the directory: who runs it, when, where or how to join, and what
    the service learnt about it."""

    id: str = Field(min_length=1)
    """Stable id ``source:key``: a re-import of the same source updates the same meeting."""
    organisation: OrgCode
    name: str = Field(min_length=1)
    weekday: Weekday
    start: time
    end: time | None = None
    """May be earlier than ``start`` for a meeting that ends after midnight."""
    timezone: str = "Europe/London"
    attendance: Attendance = Attendance.IN_PERSON
    temporarily_closed: bool = False
    open_meeting: bool | None = None
    """True for open meetings (anyone may come), False for closed, None if unknown."""
    audience: list[str] = Field(default_factory=list)
    """Tags: women, men, lgbtq, young people, newcomers, family and friends, alateen..."""
    access: list[str] = Field(default_factory=list)
    """Tags: wheelchair, hearing loop, sign language, childcare, fragrance free..."""
    types: list[str] = Field(default_factory=list)
    """The source's own type codes, kept as published."""
    languages: list[str] = Field(default_factory=list)
    venue: str = ""
    address: str = ""
    postcode: str = ""
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    coord_source: str = ""
    """Where the coordinates came from: "feed", "postcode", "outcode", or "" for none."""
    online_url: str = ""
    phone: str = ""
    notes: str = ""
    source: str = "local"
    """The source's name (usually the file it was imported from)."""
    source_kind: SourceKind = SourceKind.LOCAL
    source_id: str = ""
    """The record's own key in its source (slug, BMLT id, CSV row key)."""
    source_when: str = ""
    """Day and time as published, when it was not already Europe/London."""
    last_verified: date | None = None
    imported_at: UtcDateTime | None = None
    active: bool = True
    """False when a re-import no longer lists it, or a keyworker marked it inactive."""
    flags: list[MeetingFlag] = Field(default_factory=list)

    @model_validator(mode="after")
    def _coordinates_paired(self) -> Meeting:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("A meeting needs both latitude and longitude, or neither.")
        return self

    @property
    def when(self) -> str:
        text = f"{self.weekday.short} {self.start:%H:%M}"
        return f"{text}-{self.end:%H:%M}" if self.end else text

    @property
    def attendable(self) -> bool:
        """Listed and running: not inactive, not temporarily closed."""
        return self.active and not self.temporarily_closed

    @property
    def is_local_group(self) -> bool:
        return self.organisation is OrgCode.LOCAL
