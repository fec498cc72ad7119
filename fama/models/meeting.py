"""A mutual aid meeting in the local directory."""

from __future__ import annotations

from datetime import date, time

from pydantic import Field, model_validator

from fama.models.common import Attendance, Record, UtcDateTime, Weekday
from fama.models.organisations import OrgCode


class Meeting(Record):
    id: str = Field(min_length=1)
    """Stable id: ``source:key``, so a re-import updates the same meeting."""
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
    access: list[str] = Field(default_factory=list)
    types: list[str] = Field(default_factory=list)
    """The source's own type codes, kept for reference."""
    venue: str = ""
    address: str = ""
    postcode: str = ""
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    online_url: str = ""
    phone: str = ""
    notes: str = ""
    source: str = "local"
    last_verified: date | None = None
    imported_at: UtcDateTime | None = None
    active: bool = True

    @model_validator(mode="after")
    def _coordinates_paired(self) -> Meeting:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("A meeting needs both latitude and longitude, or neither.")
        return self

    @property
    def when(self) -> str:
        text = f"{self.weekday.short} {self.start:%H:%M}"
        return f"{text}-{self.end:%H:%M}" if self.end else text
