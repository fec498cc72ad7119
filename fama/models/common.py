"""Shared vocabulary: enums and small value types used by every record.

Enums are ``StrEnum`` so they store as readable strings in JSON and compare with
plain strings, which keeps the stored files legible to a service's IT team.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict


class Record(BaseModel):
    """Base for every stored record: strict about unknown fields, validated on assignment."""

    # defer_build: a model's validator is built the first time it is used, not at import, so
    # opening the caseload (which only needs the caseload summary) does not pay for the rest.
    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, str_strip_whitespace=True, defer_build=True
    )


def _require_aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("a moment must carry a timezone")
    return value.astimezone(UTC)


# Moments are stored timezone-aware in UTC (DESIGN §3).
UtcDateTime = Annotated[datetime, AfterValidator(_require_aware)]


def _upper_code(value: object) -> str:
    return str(value).strip().upper()


# References to a client or a keyworker are compared upper-cased everywhere, so "kb-1" on a
# goal always finds client "KB-1" and keyworker "jb" is staff member "JB".
CodeRef = Annotated[str, BeforeValidator(_upper_code)]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Stage(StrEnum):
    """Where a client is on the FAMA journey."""

    NOT_STARTED = "not started"
    INTRODUCE = "1 introduce"
    CONNECT = "2 connect"
    FOLLOW_UP = "3 follow up"

    @property
    def label(self) -> str:
        return {
            Stage.NOT_STARTED: "Not started",
            Stage.INTRODUCE: "1 Introduce",
            Stage.CONNECT: "2 Connect",
            Stage.FOLLOW_UP: "3 Follow up",
        }[self]


class Weekday(IntEnum):
    """ISO-style weekday, Monday = 0, as Python's ``date.weekday()``."""

    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @property
    def short(self) -> str:
        return self.name[:3].capitalize()


class Attendance(StrEnum):
    IN_PERSON = "in person"
    ONLINE = "online"
    PHONE = "phone"
    HYBRID = "hybrid"


class Programme(StrEnum):
    TWELVE_STEP = "12-step"
    SMART = "SMART"
    LOCAL = "local"
    OTHER = "other"


class Substance(StrEnum):
    ALCOHOL = "alcohol"
    OPIATES = "opiates"
    CRACK = "crack"
    COCAINE = "cocaine"
    CANNABIS = "cannabis"
    BENZODIAZEPINES = "benzodiazepines"
    AMPHETAMINES = "amphetamines"
    METHAMPHETAMINE = "methamphetamine"
    KETAMINE = "ketamine"
    OTHER = "other"


def label_list(values: list[Any]) -> str:
    """Human list of enum values or strings: 'a, b and c'."""
    words = [str(getattr(v, "value", v)) for v in values]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]
