"""What every pydantic record shares: the base class and the value types for moments and codes.

The enums live in :mod:`fama.models.vocab` (no pydantic) and are re-exported here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from fama.models.vocab import (
    AccessNeed,
    Attendance,
    Audience,
    Programme,
    Stage,
    Substance,
    Weekday,
    label_list,
)

__all__ = [
    "AccessNeed",
    "Attendance",
    "Audience",
    "CodeRef",
    "Programme",
    "Record",
    "Stage",
    "Substance",
    "UtcDateTime",
    "Weekday",
    "label_list",
    "utc_now",
]


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
    """Now, timezone-aware UTC: the default for every stored moment."""
    return datetime.now(UTC)
