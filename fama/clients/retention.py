"""How long a client's records are kept after their episode ends, and whose time is up.

The NHS records management code of practice keeps drug and alcohol treatment records for
eight years after the episode ended; a service may set its own period
(``FAMA_RETENTION_YEARS``). A client still in treatment (no discharge date) is never past
it. Pure: dates in, dates out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from fama.models.summary import ClientSummary

DEFAULT_YEARS = 8
ENV_YEARS = "FAMA_RETENTION_YEARS"
FEWEST_YEARS, MOST_YEARS = 1, 100


class BadRetention(ValueError):
    """A retention period fama cannot use."""


def parse_years(text: str | None) -> int:
    """The retention period in whole years: ``text`` (from ``--years`` or
    ``FAMA_RETENTION_YEARS``), or eight when it is unset or empty."""
    if text is None or not text.strip():
        return DEFAULT_YEARS
    try:
        years = int(text.strip())
    except ValueError:
        raise BadRetention(
            f"The retention period must be a whole number of years (not {text.strip()!r})."
        ) from None
    if not FEWEST_YEARS <= years <= MOST_YEARS:
        raise BadRetention(
            f"The retention period must be from {FEWEST_YEARS} to {MOST_YEARS} years (not {years})."
        )
    return years


def kept_until(ended: date, years: int) -> date:
    """The last day a record is kept: ``years`` after the episode ended (an end on 29
    February is kept until 28 February in a year that has none)."""
    try:
        return ended.replace(year=ended.year + years)
    except ValueError:
        return ended.replace(year=ended.year + years, day=28)


@dataclass(frozen=True)
class PastRetention:
    """A client whose records have been kept for the whole retention period."""

    code: str
    keyworker: str
    ended: date
    kept_until: date


def past_retention(
    clients: Iterable[ClientSummary], today: date, years: int
) -> list[PastRetention]:
    """The clients whose episode ended more than ``years`` ago, longest past first."""
    found = [
        PastRetention(c.code, c.keyworker, c.discharged, kept_until(c.discharged, years))
        for c in clients
        if c.discharged is not None and kept_until(c.discharged, years) < today
    ]
    return sorted(found, key=lambda due: (due.kept_until, due.code))
