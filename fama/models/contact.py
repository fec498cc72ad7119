"""The contacts register: the local people who link clients to meetings (issue 17), and the
visits fellowship members make to talk to clients or staff (self-assessment 2.4, 2.5, 3.4).

A contact is a volunteer or a member of the service's own staff who agreed to be listed;
the register keeps only what a keyworker needs to reach them during a session.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from fama.models.client import normalise_district
from fama.models.common import Record
from fama.models.goal import new_id
from fama.models.organisations import OrgCode

CHECK_EVERY = timedelta(days=183)
"""How long an entry stays trusted after it was last checked (about six months): past that
it is marked stale until someone confirms the details again."""


class ServiceOwn(StrEnum):
    """People the service itself provides, who are not a mutual aid organisation."""

    PEER_MENTORS = "Peer mentors"
    RECOVERY_CHAMPIONS = "Recovery champions"


ContactOrg = OrgCode | ServiceOwn
"""Who a contact is with: a mutual aid organisation or the service's own people."""


def parse_contact_org(text: str) -> ContactOrg:
    """The organisation a person typed (any case: ``aa``, ``SMART``, ``peer mentors``);
    ``ValueError`` with one sentence naming the choices for anything else."""
    wanted = " ".join(text.split()).casefold()
    choices: list[ContactOrg] = [*OrgCode, *ServiceOwn]
    for choice in choices:
        if wanted in (choice.value.casefold(), choice.name.casefold().replace("_", " ")):
            return choice
    names = ", ".join(c.value for c in choices)
    raise ValueError(f"Unknown organisation {text.strip()!r}: choose one of {names}.")


class Position(StrEnum):
    """The service positions that link people to meetings (the self-assessment tool's
    annex 3), kept as data so a service sees the same words everywhere."""

    AA_PUBLIC_INFORMATION = "AA public information"
    AA_HEALTH_LIAISON = "AA health liaison"
    NA_PUBLIC_INFORMATION = "NA public information"
    NA_HOSPITALS_INSTITUTIONS = "NA hospitals and institutions"
    CA_PUBLIC_INFORMATION = "CA public information"
    CA_HOSPITALS_INSTITUTIONS = "CA hospitals and institutions"
    DAA_PROFESSIONALS = "DAA information for professionals"
    SMART_FACILITATOR = "SMART facilitator"
    PEER_MENTOR = "peer mentor"
    RECOVERY_CHAMPION = "recovery champion"
    OTHER = "other"


def parse_position(text: str) -> Position:
    """A position typed in any case; ``ValueError`` with one sentence for anything else."""
    wanted = " ".join(text.split()).casefold()
    for position in Position:
        if wanted == position.value.casefold():
            return position
    names = "; ".join(p.value for p in Position)
    raise ValueError(f"Unknown position {text.strip()!r}: choose one of {names}.")


_PHONE_KEEP = re.compile(r"[\s\-().]")
_UK_PHONE = re.compile(r"^(?:0|\+44)[1-9][0-9]{8,9}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def normalise_phone(raw: str) -> str:
    """A UK phone number with its spaces tidied (``07700 900123``, ``+44 20 7946 0000``);
    ``ValueError`` for anything that is not one."""
    text = " ".join(raw.split())
    digits = _PHONE_KEEP.sub("", text)
    if not _UK_PHONE.match(digits):
        raise ValueError(
            f"{text!r} is not a UK phone number (such as 07700 900123 or +44 20 7946 0000)."
        )
    return text


def normalise_email(raw: str) -> str:
    """An email address, trimmed; ``ValueError`` for one without a name, an @ and a domain."""
    text = raw.strip()
    if not _EMAIL.match(text):
        raise ValueError(f"{text!r} is not an email address (such as name@example.org).")
    return text


class Contact(Record):
    """One person in the register: who they are with, their position, how and when to reach
    them, what they cover, that they agreed to be listed, and when the entry was checked."""

    id: str = Field(default_factory=lambda: new_id()[:8])
    organisation: ContactOrg
    name: str = Field(default="", max_length=40)
    """First name only (never a surname is asked for)."""
    role: str = Field(default="", max_length=60)
    """What they are called when there is no name, or beside it ("NA H&I secretary")."""
    position: Position = Position.OTHER
    phone: str = ""
    email: str = ""
    when: str = Field(default="", max_length=80)
    """When they can be called ("weekday evenings"), in the service's words."""
    meetings: list[str] = Field(default_factory=list)
    """Ids of the directory's meetings they cover."""
    areas: list[str] = Field(default_factory=list)
    """Postcode districts they cover (``SE1``)."""
    consent: bool
    """They agreed to be listed: an entry without it is never saved."""
    last_checked: date

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        return normalise_phone(value) if value else ""

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return normalise_email(value) if value else ""

    @field_validator("areas")
    @classmethod
    def _areas(cls, value: list[str]) -> list[str]:
        return sorted({normalise_district(a) for a in value})

    @field_validator("meetings")
    @classmethod
    def _meetings(cls, value: list[str]) -> list[str]:
        return sorted({m.strip() for m in value if m.strip()})

    @model_validator(mode="after")
    def _complete(self) -> Contact:
        if not (self.name or self.role):
            raise ValueError("A contact needs a first name or a role.")
        if not (self.phone or self.email):
            raise ValueError("A contact needs a phone number or an email address.")
        if not self.consent:
            raise ValueError("A contact is listed only once they have agreed to be.")
        return self

    @property
    def check_by(self) -> date:
        """The day after which the entry is stale unless checked again."""
        return self.last_checked + CHECK_EVERY

    def stale(self, today: date) -> bool:
        """Past its check-by date: the details may be out of date."""
        return today > self.check_by

    @property
    def called(self) -> str:
        """How the register names them: first name, role, or both."""
        if self.name and self.role:
            return f"{self.name} ({self.role})"
        return self.name or self.role


class VisitAudience(StrEnum):
    """Whom a fellowship member came in to talk to."""

    CLIENTS = "clients"
    STAFF = "staff"


class Visit(Record):
    """A fellowship member came in to talk to clients or staff (2.4, 2.5, 3.4)."""

    id: str = Field(default_factory=new_id)
    date: date
    organisation: ContactOrg
    to_whom: VisitAudience
    note: str = Field(default="", max_length=300)
