"""Time as a dependency, so tests and snapshots run on a fixed day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from typing import Protocol
from zoneinfo import ZoneInfo


@cache
def london() -> ZoneInfo:
    """The service's timezone, loaded on first use (reading tz data costs a few ms at start)."""
    return ZoneInfo("Europe/London")


class Clock(Protocol):
    """What fama asks for the time: screens, the CLI and the casebook take one, so tests can
    fix the day."""

    def now(self) -> datetime:
        """The current moment, timezone-aware UTC."""
        ...

    def today(self) -> date:
        """Today's date where the service works (Europe/London)."""
        ...


class SystemClock:
    """The real time, from the system."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return datetime.now(london()).date()


class FixedClock:
    """A clock stopped at one moment: for tests, snapshots and the benchmarks."""

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("A fixed clock needs a timezone-aware moment.")
        self.moment = moment.astimezone(UTC)

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return self.moment.astimezone(london()).date()
