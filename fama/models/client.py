"""The client record: the least a keyworker needs to facilitate access to mutual aid.

Privacy by design: a client *code* (the service's reference), never a name, and a
postcode *district* (``SE1``), never a full address.
"""

from __future__ import annotations

import re
from datetime import date, time
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from fama.models.common import (
    AccessNeed,
    Attendance,
    Audience,
    CodeRef,
    Programme,
    Record,
    Stage,
    Substance,
    UtcDateTime,
    Weekday,
    utc_now,
)
from fama.models.vocab import journey_label

CLIENT_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9\-_/]{1,19}$")
# An outward code: area letters, district digit(s), optional final letter (SW1A, EC1V, M14, SE1).
DISTRICT_RE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
# A full postcode, which we refuse so that no client address is ever stored.
FULL_POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?\s*[0-9][A-Z]{2}$")


def normalise_client_code(raw: str) -> str:
    """Upper-case and trim a client code, or raise ``ValueError`` with a plain message."""
    code = raw.strip().upper()
    if not code:
        raise ValueError("Enter a client code.")
    if not CLIENT_CODE_RE.match(code):
        raise ValueError(
            "A client code is 2 to 20 letters, digits, '-', '_' or '/', "
            "starting with a letter or digit."
        )
    return code


def normalise_district(raw: str) -> str:
    """Upper-case a postcode district (``se1`` -> ``SE1``), refusing full postcodes."""
    text = raw.strip().upper()
    if not text:
        raise ValueError("Enter a postcode district such as SE1 or M14.")
    if FULL_POSTCODE_RE.match(text):
        raise ValueError(
            "Enter only the postcode district (the first half, such as SE1), not the full postcode."
        )
    if not DISTRICT_RE.match(text):
        raise ValueError("A postcode district looks like SE1, M14 or SW1A.")
    return text


class PriorExperience(StrEnum):
    """What the client said of mutual aid meetings they went to before, if any."""

    UNKNOWN = "not asked yet"
    NONE = "never been"
    HELPED = "went, and it helped"
    DID_NOT_SUIT = "went, and it did not suit"


class Preferences(Record):
    """What would make a meeting fit this client. Empty lists mean 'no preference'."""

    programmes: list[Programme] = Field(default_factory=list)
    days: list[Weekday] = Field(default_factory=list)
    earliest: time | None = None
    latest: time | None = None
    attendance: list[Attendance] = Field(default_factory=list)
    audience: list[Audience] = Field(default_factory=list)
    access_needs: list[AccessNeed] = Field(default_factory=list)
    max_travel_miles: float | None = Field(default=None, gt=0, le=200)

    @model_validator(mode="after")
    def _window_in_order(self) -> Preferences:
        if self.earliest and self.latest and self.latest <= self.earliest:
            raise ValueError("The latest start time must be after the earliest.")
        return self

    def is_empty(self) -> bool:
        return self == Preferences()


class Declined(Record):
    """The client said no to mutual aid for now: a recorded outcome, with a date to revisit."""

    on: date
    reason: str = Field(default="", max_length=2000)
    """What they said about it, in their words (may be blank: they need not give reasons)."""
    revisit_on: date | None = None
    """When to raise it again, if they agreed to."""


class Consent(Record):
    """What the client agreed may be shared, asked when a person is linked to them."""

    share_first_name: bool = False
    """May the keyworker give the client's first name to a volunteer or peer mentor?"""


class Client(Record):
    """One client's profile: a code and a postcode district, never a name or an address."""

    code: str
    keyworker: CodeRef = Field(min_length=1, max_length=12)
    postcode_district: str
    substances: list[Substance] = Field(default_factory=list)
    for_family: bool = False
    """True when the client is a family member or friend seeking help for someone else."""
    stage: Stage = Stage.NOT_STARTED
    preferences: Preferences = Field(default_factory=Preferences)
    prior_experience: PriorExperience = PriorExperience.UNKNOWN
    prior_experience_note: str = Field(default="", max_length=2000)
    consent: Consent = Field(default_factory=Consent)
    episode_start: date
    """Start of the current treatment episode (for 'clients in treatment in a period')."""
    discharged: date | None = None
    next_review: date | None = None
    """Next care-plan review (set only when the keyworker sets it)."""
    declined: Declined | None = None
    """Set when the client said no for now; cleared when they agree a goal."""
    created_at: UtcDateTime = Field(default_factory=utc_now)
    updated_at: UtcDateTime = Field(default_factory=utc_now)
    updated_by: str = Field(default="", max_length=80)
    """Who last changed the profile (a staff id or login): named when an edit clashes."""

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: object) -> str:
        return normalise_client_code(str(value))

    @field_validator("postcode_district", mode="before")
    @classmethod
    def _district(cls, value: object) -> str:
        return normalise_district(str(value))

    @model_validator(mode="after")
    def _dates_in_order(self) -> Client:
        if self.discharged and self.discharged < self.episode_start:
            raise ValueError("The discharge date cannot be before the episode start.")
        if self.next_review and self.next_review < self.episode_start:
            raise ValueError("The next review cannot be before the episode start.")
        return self

    @property
    def stage_label(self) -> str:
        """The client's place on the journey, "Not for now" while they have declined."""
        return journey_label(self.stage, declined=self.declined is not None)
