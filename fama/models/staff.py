"""Staff members: keyworkers, with the training and insight visits that evidence 3.5, 3.6, 4.3."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, field_validator

from fama.models.common import Record
from fama.models.organisations import OrgCode


class TrainingKind(StrEnum):
    """Training a keyworker can complete that the self-assessment counts."""

    FAMA = "FAMA"
    TWELVE_STEP_FACILITATION = "12-step facilitation"
    SMART_FACILITATION = "SMART facilitation"


class Access(StrEnum):
    """What a person may do in fama: on a service's database the database enforces it."""

    KEYWORKER = "keyworker"
    """Their own clients and the team's when covering, and everything in a session."""
    LEAD = "lead"
    """Everyone's clients, the staff list and the self-assessment ratings."""
    REPORT = "report"
    """Figures only (small numbers suppressed): never a client record."""


LOGIN_PATTERN = r"^[a-z_][a-z0-9_.-]{0,62}$"
"""A login fama will map to a staff member: a PostgreSQL role name or a computer's login
name, lower case."""


class Training(Record):
    """Training completed, and when."""

    kind: TrainingKind
    completed: date


class InsightVisit(Record):
    """A meeting a staff member attended (an open meeting) to understand mutual aid."""

    date: date
    organisation: OrgCode
    note: str = Field(default="", max_length=500)


class StaffMember(Record):
    """Someone on the service's staff list: their training, insight visits and dates."""

    id: str = Field(min_length=1, max_length=12)
    """Short id used as the keyworker on client records (usually initials)."""
    name: str = Field(min_length=1, max_length=80)
    role: str = "keyworker"
    """Their job, in the service's words ("keyworker", "recovery worker", "team lead")."""
    login: str | None = Field(default=None, pattern=LOGIN_PATTERN)
    """The login they use fama with (their database login on a service's database)."""
    access: Access = Access.KEYWORKER
    """What they may do; on a service's database, their login's group role."""
    training: list[Training] = Field(default_factory=list)
    insight_visits: list[InsightVisit] = Field(default_factory=list)
    active: bool = True
    """False for someone taken off the list before leaving dates were kept (date unknown)."""
    left_on: date | None = None
    """The last day this person worked here; None while they still do."""

    def on_staff(self, day: date) -> bool:
        """Working here on ``day``: shown in that day's lists and keyworker choices."""
        return self.active and (self.left_on is None or day <= self.left_on)

    def worked_during(self, start: date) -> bool:
        """Still worked here on or after ``start``: counted in the figures of a period that
        starts then, even after leaving."""
        return self.active and (self.left_on is None or self.left_on >= start)

    @field_validator("id", mode="before")
    @classmethod
    def _upper(cls, value: object) -> str:
        return str(value).strip().upper()
