"""The figures about the meeting directory, and the two annex grids.

The directory as it is today (the store keeps no history of it): running meetings by
organisation, programme and weekday, and how recently each source was verified or imported.
The annex grids count running meetings per weekday, by organisation (annex 1) and by local
recovery group (annex 2).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol, TypeVar

from fama.assessment.figure import DAY_NAMES, ORG_ORDER, Figure, ordered
from fama.assessment.period import london_date
from fama.models.meeting import Meeting
from fama.models.organisations import ORGANISATIONS, OrgCode
from fama.models.vocab import Attendance, Programme

__all__ = [
    "FRESH_DAYS",
    "SourceFreshness",
    "SourceLike",
    "directory_figures",
    "directory_sources",
    "latest",
]

FRESH_DAYS = 90
"""A source verified or imported within this many days of today counts as kept up to date."""

_IN_PERSON = frozenset({Attendance.IN_PERSON, Attendance.HYBRID})


class SourceLike(Protocol):
    """A directory source and how fresh it is (``Casebook.directory.sources()`` gives these)."""

    @property
    def source(self) -> str: ...

    @property
    def imported_at(self) -> datetime | None: ...

    @property
    def last_verified(self) -> date | None: ...


@dataclass(frozen=True)
class SourceFreshness:
    """When a meeting source was last imported, for the directory's freshness figures."""

    source: str
    imported_at: datetime | None
    last_verified: date | None

    def last_checked(self) -> date | None:
        """The later of the last verification and the (London) date of the last import."""
        dates = [self.last_verified] if self.last_verified else []
        if self.imported_at is not None:
            dates.append(london_date(self.imported_at))
        return max(dates, default=None)


def directory_sources(meetings: Iterable[Meeting]) -> list[SourceFreshness]:
    """Each source of a directory with its latest import and verification (as
    ``Casebook.directory.sources()``), by source name."""
    imported: dict[str, datetime | None] = {}
    verified: dict[str, date | None] = {}
    for meeting in meetings:
        name = meeting.source
        imported[name] = latest(imported.get(name), meeting.imported_at)
        verified[name] = latest(verified.get(name), meeting.last_verified)
    return [SourceFreshness(name, imported[name], verified[name]) for name in sorted(imported)]


def directory_figures(
    meetings: Sequence[Meeting], sources: Sequence[SourceLike], today: date
) -> tuple[list[Figure], dict[str, dict[str, dict[str, int]]]]:
    """The directory's figures and the annex grids (meetings by day and organisation)."""
    running = [m for m in meetings if m.attendable]
    by_org = Counter(m.organisation.value for m in running)
    in_person = Counter(DAY_NAMES[m.weekday] for m in running if m.attendance in _IN_PERSON)
    any_mode = Counter(DAY_NAMES[m.weekday] for m in running)
    programmes = Counter(ORGANISATIONS[m.organisation].programme.value for m in running)

    fresh_since = today - timedelta(days=FRESH_DAYS)
    ages: dict[str, int] = {}
    fresh = 0
    for source in sources:
        checked = SourceFreshness(
            source.source, source.imported_at, source.last_verified
        ).last_checked()
        ages[source.source] = (today - checked).days if checked is not None else -1
        fresh += checked is not None and checked >= fresh_since

    annex1 = {org: {day: 0 for day in DAY_NAMES} for org in ORG_ORDER}
    annex2: dict[str, dict[str, int]] = {}
    for meeting in running:
        day = DAY_NAMES[meeting.weekday]
        annex1[meeting.organisation.value][day] += 1
        programme = ORGANISATIONS[meeting.organisation].programme
        if meeting.organisation is OrgCode.LOCAL or programme is Programme.LOCAL:
            row = annex2.setdefault(meeting.name, {d: 0 for d in DAY_NAMES})
            row[day] += 1

    figures = [
        Figure(
            "meetings_by_organisation",
            "Meetings running in the directory, by organisation",
            len(running),
            None,
            ordered(by_org, ORG_ORDER),
        ),
        Figure(
            "sources_verified",
            f"Directory sources verified or imported in the last {FRESH_DAYS} days",
            fresh,
            len(sources),
            dict(sorted(ages.items())),
        ),
        Figure(
            "days_in_person",
            "Days of the week with an in-person (or hybrid) meeting",
            len(in_person),
            7,
            {day: in_person[day] for day in DAY_NAMES},
        ),
        Figure(
            "days_any_mode",
            "Days of the week with a meeting in person, online or by phone",
            len(any_mode),
            7,
            {day: any_mode[day] for day in DAY_NAMES},
        ),
        Figure(
            "programmes_available",
            "Programmes with a meeting running",
            len(programmes),
            None,
            ordered(programmes, [p.value for p in Programme]),
        ),
    ]
    return figures, {"annex1": annex1, "annex2": dict(sorted(annex2.items()))}


_When = TypeVar("_When", date, datetime)


def latest(a: _When | None, b: _When | None) -> _When | None:
    """The later of two dates (either may be missing)."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)
