"""Reading what a keyworker types about a search (days, times, ways to attend) into values.

Shared by ``fama match`` and the Find meetings screen, so both accept the same words.
"""

from __future__ import annotations

from datetime import datetime, time

from fama.models.vocab import Attendance, Programme, Weekday

PROGRAMMES = {
    "twelve-step": frozenset({Programme.TWELVE_STEP}),
    "12-step": frozenset({Programme.TWELVE_STEP}),
    "smart": frozenset({Programme.SMART}),
    "any": frozenset(),
}
ATTENDANCE_WORDS = {
    "in-person": Attendance.IN_PERSON,
    "inperson": Attendance.IN_PERSON,
    "online": Attendance.ONLINE,
    "phone": Attendance.PHONE,
    "hybrid": Attendance.HYBRID,
}


class BadOption(ValueError):
    """A value that is not understood: its message is one plain sentence."""


def split_words(text: str) -> list[str]:
    return [w.strip() for w in text.replace(";", ",").replace(" ", ",").split(",") if w.strip()]


def parse_days(text: str) -> frozenset[Weekday]:
    """'mon, wed,Saturday' -> {MONDAY, WEDNESDAY, SATURDAY}; blank -> any day (empty set)."""
    days = set()
    for word in split_words(text):
        found = [d for d in Weekday if len(word) >= 3 and d.name.lower().startswith(word.lower())]
        if not found:
            raise BadOption(f"{word!r} is not a day; use names such as mon, wed, sat.")
        days.add(found[0])
    return frozenset(days)


def parse_clock(text: str, what: str = "the time") -> time | None:
    """'18:30' -> 18:30; blank -> None."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise BadOption(f"{what} takes a 24-hour time such as 18:30, not {text!r}.") from None


def parse_attendance(text: str) -> frozenset[Attendance]:
    modes = set()
    for word in split_words(text):
        mode = ATTENDANCE_WORDS.get(word.lower())
        if mode is None:
            raise BadOption(f"{word!r} is not a way to attend; use in-person, online or phone.")
        modes.add(mode)
    return frozenset(modes)


def parse_miles(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        miles = float(text)
    except ValueError:
        raise BadOption(f"Miles must be a number, not {text!r}.") from None
    if not 0 < miles <= 200:
        raise BadOption("Miles must be more than 0 and at most 200.")
    return miles
