"""The words fama uses everywhere: plain enums, with no pydantic, so the caseload can start
without loading pydantic at all (it is slow to import; scripts/bench.py times the start).

Enums are ``StrEnum`` so they store as readable strings in JSON and compare with plain
strings, which keeps the stored files legible to a service's IT team. The stages live in
:mod:`fama.models.stage` (imported here too): the caseload needs them and nothing else.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any

from fama.models.stage import NOT_FOR_NOW, Stage, journey_label

__all__ = [
    "NOT_FOR_NOW",
    "AccessNeed",
    "Attendance",
    "Audience",
    "Programme",
    "Stage",
    "Substance",
    "Weekday",
    "journey_label",
    "label_list",
]


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
    """How a client can take part in a meeting."""

    IN_PERSON = "in person"
    ONLINE = "online"
    PHONE = "phone"
    HYBRID = "hybrid"


class Programme(StrEnum):
    """The kind of programme a meeting follows (the client's preference is one or more)."""

    TWELVE_STEP = "12-step"
    SMART = "SMART"
    LOCAL = "local"
    OTHER = "other"


class Substance(StrEnum):
    """What a client is seeking help with, as the care plan records it."""

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


class Audience(StrEnum):
    """Who a meeting is for. Values are the meeting tags, so preferences compare directly."""

    WOMEN = "women"
    MEN = "men"
    LGBTQ = "lgbtq"
    YOUNG_PEOPLE = "young people"

    @property
    def label(self) -> str:
        return {
            Audience.WOMEN: "women only",
            Audience.MEN: "men only",
            Audience.LGBTQ: "LGBTQ+",
            Audience.YOUNG_PEOPLE: "young people",
        }[self]


class AccessNeed(StrEnum):
    """An access need. Values are the meeting tags, so needs compare directly."""

    WHEELCHAIR = "wheelchair"
    HEARING_LOOP = "hearing loop"
    CHILDCARE = "childcare"
    SIGN_LANGUAGE = "sign language"

    @property
    def label(self) -> str:
        return {
            AccessNeed.WHEELCHAIR: "step-free access",
            AccessNeed.HEARING_LOOP: "hearing loop",
            AccessNeed.CHILDCARE: "children welcome",
            AccessNeed.SIGN_LANGUAGE: "sign language",
        }[self]


def label_list(values: list[Any]) -> str:
    """Human list of enum values or strings: 'a, b and c'."""
    words = [str(getattr(v, "value", v)) for v in values]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]
