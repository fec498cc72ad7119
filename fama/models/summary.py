"""The caseload summary of one client: a row of the store's index.

A frozen dataclass, not a pydantic model, on purpose: the caseload is the first thing a
keyworker sees, and building it must not wait for pydantic to load. The row is
derived data (rebuilt from the validated client file whenever that changes) and is still
checked field by field on the way out of the store by :meth:`ClientSummary.from_row`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from fama.models.stage import Stage, journey_label


def _text(row: Mapping[str, Any], name: str, *, required: bool = False) -> str:
    value = row.get(name, "")
    if not isinstance(value, str) or (required and not value):
        raise ValueError(f"{name} must be {'non-empty ' if required else ''}text")
    return value


def _date(row: Mapping[str, Any], name: str) -> date | None:
    value = row.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a date")
    return date.fromisoformat(value)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class ClientSummary:
    """What the caseload screen needs, kept in the index so it opens without reading every file."""

    code: str
    keyworker: str
    stage: Stage
    for_family: bool = False
    current_goal: str = ""
    """The wording of the open goal whose follow-up falls due first."""
    follow_up_due: date | None = None
    """The date agreed to talk about how that goal went (its target date if none)."""
    last_follow_up: date | None = None
    next_review: date | None = None
    """The next care-plan review."""
    declined_on: date | None = None
    """Set while the client's latest answer to mutual aid is "not for now"."""
    revisit_on: date | None = None
    """When to raise mutual aid again with a client who declined."""
    discharged: date | None = None

    @property
    def stage_label(self) -> str:
        """The client's place on the journey, "Not for now" while they have declined."""
        return journey_label(self.stage, declined=self.declined_on is not None)

    def to_row(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "keyworker": self.keyworker,
            "stage": self.stage.value,
            "for_family": self.for_family,
            "current_goal": self.current_goal,
            "follow_up_due": _iso(self.follow_up_due),
            "last_follow_up": _iso(self.last_follow_up),
            "next_review": _iso(self.next_review),
            "declined_on": _iso(self.declined_on),
            "revisit_on": _iso(self.revisit_on),
            "discharged": _iso(self.discharged),
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ClientSummary:
        """Parse an index row strictly; ``ValueError`` says which field is wrong."""
        for_family = row.get("for_family", False)
        if not isinstance(for_family, bool):
            raise ValueError("for_family must be true or false")
        return cls(
            code=_text(row, "code", required=True),
            keyworker=_text(row, "keyworker", required=True),
            stage=Stage(_text(row, "stage", required=True)),
            for_family=for_family,
            current_goal=_text(row, "current_goal"),
            follow_up_due=_date(row, "follow_up_due"),
            last_follow_up=_date(row, "last_follow_up"),
            next_review=_date(row, "next_review"),
            declined_on=_date(row, "declined_on"),
            revisit_on=_date(row, "revisit_on"),
            discharged=_date(row, "discharged"),
        )
