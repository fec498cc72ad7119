"""What a keyworker asks the matcher for (:class:`MatchRequest`), and what comes back.

A request holds the client's hard needs (which exclude) and preferences (which rank); the
outcome holds the best meetings with their reasons, how many running meetings were looked
at, and how many each need ruled out (see :mod:`fama.directory.matching` for the rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from fama.directory.matching.words import hhmm
from fama.models.client import Client, Preferences
from fama.models.meeting import Meeting
from fama.models.vocab import AccessNeed, Attendance, Audience, Programme, Substance, Weekday

__all__ = ["Exclusion", "MatchOutcome", "MatchRequest", "MatchResult"]


@dataclass(frozen=True)
class MatchRequest:
    """What the client needs (excludes) and prefers (ranks). Empty sets mean "any"."""

    district: str | None = None
    programmes: frozenset[Programme] = frozenset()
    substances: frozenset[Substance] = frozenset()
    days: frozenset[Weekday] = frozenset()
    """Preferred days: they rank, they do not exclude."""
    after: time | None = None
    """Preferred earliest start (ranks)."""
    before: time | None = None
    """Preferred latest start (ranks). Earlier than ``after``: a window over midnight."""
    attendance: frozenset[Attendance] = frozenset()
    """Ways the client can attend. HYBRID meetings suit in-person or online users; HYBRID
    here means the client can join a hybrid meeting either way."""
    audience: frozenset[Audience] = frozenset()
    access: frozenset[AccessNeed] = frozenset()
    family: bool = False
    """True: family-and-friends groups only; False: groups for the person."""
    within_miles: float | None = None
    limit: int = 10

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError("Ask for at least one meeting (limit must be 1 or more).")
        if self.within_miles is not None and not self.within_miles > 0:
            raise ValueError("The distance limit must be more than 0 miles.")

    @classmethod
    def from_client(cls, client: Client) -> MatchRequest:
        prefs = client.preferences
        return cls(
            district=client.postcode_district,
            programmes=frozenset(prefs.programmes),
            substances=frozenset(client.substances),
            days=frozenset(prefs.days),
            after=prefs.earliest,
            before=prefs.latest,
            attendance=frozenset(prefs.attendance),
            audience=frozenset(prefs.audience),
            access=frozenset(prefs.access_needs),
            family=client.for_family,
            within_miles=prefs.max_travel_miles,
        )

    def to_preferences(self) -> Preferences:
        """The client-profile preferences this request stands for (the inverse of from_client)."""
        return Preferences(
            programmes=sorted(self.programmes),
            days=sorted(self.days),
            earliest=self.after,
            latest=self.before,
            attendance=sorted(self.attendance),
            audience=sorted(self.audience),
            access_needs=sorted(self.access),
            max_travel_miles=self.within_miles,
        )


# --------------------------------------------------------------------------- outcome


@dataclass(frozen=True)
class MatchResult:
    """One meeting ranked for a client, its score and the reasons in words."""

    meeting: Meeting
    score: float
    distance_miles: float | None
    reasons: tuple[str, ...]
    next_occurrence: datetime
    """Aware, Europe/London."""


@dataclass(frozen=True)
class Exclusion:
    """A need that ruled meetings out, and how many."""

    reason: str
    """Plain words naming the need, e.g. "women-only groups (as asked)", "within 2 miles"."""
    count: int


@dataclass(frozen=True)
class MatchOutcome:
    """A ranking: the meetings in order, how many were considered, and what ruled
    the others out."""

    results: tuple[MatchResult, ...]
    considered: int
    """Running meetings looked at (inactive and temporarily closed ones are not counted)."""
    excluded: tuple[Exclusion, ...]
    """Meetings each hard need ruled out (first failing rule), largest first."""

    @property
    def fitting(self) -> int:
        """How many meetings met every hard need (``results`` holds at most ``limit``)."""
        return self.considered - sum(e.count for e in self.excluded)

    def as_json(self) -> list[dict[str, object]]:
        return [
            {
                "meeting_id": r.meeting.id,
                "organisation": str(r.meeting.organisation),
                "name": r.meeting.name,
                "weekday": r.meeting.weekday.label,
                "start": hhmm(r.meeting.start),
                "attendance": str(r.meeting.attendance),
                "distance_miles": (
                    None if r.distance_miles is None else round(r.distance_miles, 1)
                ),
                "score": round(r.score, 3),
                "reasons": list(r.reasons),
            }
            for r in self.results
        ]
