"""The plain words of matching: needs, times and distances as a keyworker would say them.

Shared by the exclusion counts (:mod:`~fama.directory.matching.plan`), the reasons a result
fits (:mod:`~fama.directory.matching.reasons`) and the outcome's JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from fama.models.organisations import OrgCode
from fama.models.vocab import Attendance, Audience, Programme

__all__ = [
    "ATTENDANCE_WORDS",
    "AUDIENCE_ASKED",
    "AUDIENCE_GROUP",
    "CA_SPECIFIC",
    "EXCLUDED_FAMILY",
    "EXCLUDED_PERSON",
    "EXCLUDED_UNKNOWN_DISTANCE",
    "ORG_WORDS",
    "PROGRAMME_WORDS",
    "RESTRICTED_AUDIENCES",
    "distance_words",
    "either",
    "hhmm",
    "miles_words",
    "window_words",
]


ORG_WORDS: dict[OrgCode, str] = {
    OrgCode.AA: "AA is for people who want to stop drinking",
    OrgCode.NA: "NA welcomes people who use any drug",
    OrgCode.CA: "CA welcomes people who use any mind-altering drug",
    OrgCode.DAA: "DAA is for people who use drugs",
    OrgCode.MA: "MA is for people who use cannabis",
    OrgCode.CMA: "CMA is for people who use crystal meth",
    OrgCode.SMART: "SMART: for any substance or behaviour",
    OrgCode.LOCAL: "local recovery group: for anyone in recovery",
    OrgCode.AL_ANON: "Al-Anon is for family and friends of drinkers",
    OrgCode.ALATEEN: "Alateen is for teenagers affected by someone's drinking",
    OrgCode.FAMILIES_ANONYMOUS: "FA is for family and friends of people who use drugs",
    OrgCode.SMART_FAMILY: "SMART Family & Friends: for anyone affected by someone's use",
}
CA_SPECIFIC = "CA is for people who use cocaine or crack"

PROGRAMME_WORDS = {
    Programme.TWELVE_STEP: "12-step",
    Programme.SMART: "SMART",
    Programme.LOCAL: "local recovery",
    Programme.OTHER: "other",
}
ATTENDANCE_WORDS = {
    Attendance.IN_PERSON: "in-person",
    Attendance.ONLINE: "online",
    Attendance.PHONE: "phone",
    Attendance.HYBRID: "hybrid",
}
AUDIENCE_GROUP = {
    Audience.WOMEN: "women-only",
    Audience.MEN: "men-only",
    Audience.LGBTQ: "LGBTQ+",
    Audience.YOUNG_PEOPLE: "young people's",
}
AUDIENCE_ASKED = {
    Audience.WOMEN: "women-only, as asked",
    Audience.MEN: "men-only, as asked",
    Audience.LGBTQ: "LGBTQ+ group, as asked",
    Audience.YOUNG_PEOPLE: "young people's group, as asked",
}
RESTRICTED_AUDIENCES = frozenset(a.value for a in Audience)
"""Meeting tags that say a group is for some people only."""

EXCLUDED_FAMILY = "family and friends groups (as asked)"
EXCLUDED_PERSON = "groups for the client's own recovery"
EXCLUDED_UNKNOWN_DISTANCE = "distance unknown"


def either(words: Sequence[str]) -> str:
    """Words joined as alternatives: "a, b or c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def miles_words(miles: float) -> str:
    """A distance in miles as a person says it: "1 mile", "2.5 miles"."""
    number = f"{miles:g}" if miles == int(miles) else f"{miles:.1f}"
    return f"{number} mile" if number == "1" else f"{number} miles"


def distance_words(miles: float) -> str:
    """How far a meeting is, in words (a very short way is not given to the tenth)."""
    if miles < 0.1:
        return "less than 0.1 miles"
    if miles >= 10:
        return f"{miles:.0f} miles"
    return f"{miles:.1f} miles"


def hhmm(value: time) -> str:
    """A time of day as 24-hour ``HH:MM``."""
    return f"{value:%H:%M}"


def window_words(after: time | None, before: time | None) -> str:
    """'evenings', 'mornings', 'afternoons' where the window clearly is one, else the times."""
    if after is not None and before is None:
        return "evenings" if time(16, 0) <= after <= time(19, 0) else f"starts after {hhmm(after)}"
    if before is not None and after is None:
        return "mornings" if before <= time(12, 0) else f"starts before {hhmm(before)}"
    assert after is not None and before is not None
    if after <= before:
        if before <= time(12, 30):
            return "mornings"
        if after >= time(12, 0) and before <= time(17, 30):
            return "afternoons"
        if after >= time(16, 0):
            return "evenings"
    return f"starts {hhmm(after)} to {hhmm(before)}"
