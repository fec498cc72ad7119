"""A search for meetings as ``fama match`` and the Find meetings screen both make it.

Both start from a client's own preferences (or from nothing) and lay the keyworker's
changes over them: :class:`MatchChanges` says what changes, and
:meth:`MatchChanges.apply` is the one place a request is built, so the same preferences
give the same meetings in the same order in either place (the casebook's
``find_meetings`` then ranks). The parsers read what a keyworker types (days, times,
districts, miles) with the same words and the same one-sentence refusals.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time
from enum import Enum
from typing import TYPE_CHECKING, TypeVar

from fama.models.vocab import AccessNeed, Attendance, Audience, Programme, Substance, Weekday

if TYPE_CHECKING:
    from fama.directory.matching.request import MatchRequest
    from fama.models.client import Client

DEFAULT_LIMIT = 25
"""How many meetings a search lists unless asked for another number."""

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
    """The words of an option's value, split at commas, semicolons and spaces."""
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
    """The ways of attending an option names; ``BadOption`` for a word fama does not
    know."""
    modes = set()
    for word in split_words(text):
        mode = ATTENDANCE_WORDS.get(word.lower())
        if mode is None:
            raise BadOption(f"{word!r} is not a way to attend; use in-person, online or phone.")
        modes.add(mode)
    return frozenset(modes)


MAX_MILES = 200.0


def parse_miles(text: str, what: str = "Miles") -> float | None:
    """'3' -> 3.0; blank -> None (no limit)."""
    text = text.strip()
    if not text:
        return None
    try:
        miles = float(text)
    except ValueError:
        raise BadOption(f"{what} takes a number of miles, not {text!r}.") from None
    if not 0 < miles <= MAX_MILES:
        raise BadOption(f"{what} takes a positive number of miles, at most {MAX_MILES:g}.")
    return miles


def parse_district(text: str) -> str | None:
    """'DE1 3QT' or 'de1' -> 'DE1' (the district is all a search uses); blank -> None."""
    from fama.directory.geo import outcode_of

    text = text.strip()
    if not text:
        return None
    district = outcode_of(text)
    if district is None:
        raise BadOption(f"{text!r} is not a UK postcode or district.")
    return district


# ----------------------------------------------------------------------------- changes


class Keep(Enum):
    """The type of :data:`KEEP`."""

    KEEP = "keep"


KEEP = Keep.KEEP
"""A change that is not made: the client's own preference stands."""

_T = TypeVar("_T")


def _kept(change: _T | Keep, own: _T) -> _T:
    return own if isinstance(change, Keep) else change


def _toggled(values: frozenset[_T], value: _T, wanted: bool | None) -> frozenset[_T]:
    if wanted is None:
        return values
    return values | {value} if wanted else values - {value}


@dataclass(frozen=True)
class MatchChanges:
    """What a search changes from the client's preferences; every part kept by default.

    ``fama match`` makes one from the flags given; the Find meetings screen from its form
    (where a blank field is "any", so it passes None or an empty set, not KEEP).
    """

    district: str | Keep | None = KEEP
    programmes: frozenset[Programme] | Keep = KEEP
    substances: frozenset[Substance] | Keep = KEEP
    days: frozenset[Weekday] | Keep = KEEP
    after: time | Keep | None = KEEP
    before: time | Keep | None = KEEP
    attendance: frozenset[Attendance] | Keep = KEEP
    women_only: bool | None = None
    """True asks for women-only groups, False stops asking, None keeps the client's."""
    wheelchair: bool | None = None
    """Step-free access, likewise."""
    family: bool | None = None
    """Groups for family and friends (True) or for the client's own recovery (False)."""
    within_miles: float | Keep | None = KEEP
    limit: int = DEFAULT_LIMIT

    def apply(self, base: MatchRequest) -> MatchRequest:
        """``base`` (the client's own request, or an empty one) with these changes made."""
        return replace(
            base,
            district=_kept(self.district, base.district),
            programmes=_kept(self.programmes, base.programmes),
            substances=_kept(self.substances, base.substances),
            days=_kept(self.days, base.days),
            after=_kept(self.after, base.after),
            before=_kept(self.before, base.before),
            attendance=_kept(self.attendance, base.attendance),
            audience=_toggled(base.audience, Audience.WOMEN, self.women_only),
            access=_toggled(base.access, AccessNeed.WHEELCHAIR, self.wheelchair),
            family=base.family if self.family is None else self.family,
            within_miles=_kept(self.within_miles, base.within_miles),
            limit=self.limit,
        )


# ----------------------------------------------------------------------------- keeping


ATTENDANCE_LABELS = {
    Attendance.IN_PERSON: "in person",
    Attendance.ONLINE: "online",
    Attendance.PHONE: "by phone",
    Attendance.HYBRID: "hybrid",
}
"""How the screens say each way of attending (a phone meeting is "by phone", not online)."""


def either_words(words: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def attendance_words(modes: frozenset[Attendance]) -> str:
    """Exactly the ways stored, in a fixed order: "online, by phone or hybrid"."""
    return either_words([ATTENDANCE_LABELS[a] for a in Attendance if a in modes])


def programme_words(programmes: frozenset[Programme]) -> str:
    """The programmes in words: "12-step or SMART"."""
    return either_words([p.value for p in Programme if p in programmes])


def _clock_words(value: time | None) -> str:
    return f"{value:%H:%M}" if value else "any time"


def _day_words(days: frozenset[Weekday]) -> str:
    return ", ".join(d.short for d in sorted(days)) or "any day"


@dataclass(frozen=True)
class PreferenceEdit:
    """What the keyworker changed on a search form, field by field, from what it showed.

    Made from two requests (what the form showed when it was read from the profile, and
    what it says now); :meth:`apply` lays only those changes over the client *as stored
    now*, so a change saved elsewhere in between is kept. Audience and access are changed
    one tag at a time (the form has a box for women-only and step-free access only).
    """

    district: str | None = None
    programmes: frozenset[Programme] | None = None
    days: frozenset[Weekday] | None = None
    after: time | Keep | None = KEEP
    before: time | Keep | None = KEEP
    attendance: frozenset[Attendance] | None = None
    women_only: bool | None = None
    wheelchair: bool | None = None
    family: bool | None = None
    within_miles: float | Keep | None = KEEP

    @classmethod
    def between(cls, shown: MatchRequest, wanted: MatchRequest) -> PreferenceEdit:
        def changed(before: _T, after: _T) -> _T | None:
            return after if after != before else None

        def toggled(before: frozenset[_T], after: frozenset[_T], tag: _T) -> bool | None:
            return (tag in after) if (tag in before) != (tag in after) else None

        return cls(
            district=changed(shown.district, wanted.district),
            programmes=changed(shown.programmes, wanted.programmes),
            days=changed(shown.days, wanted.days),
            after=wanted.after if wanted.after != shown.after else KEEP,
            before=wanted.before if wanted.before != shown.before else KEEP,
            attendance=changed(shown.attendance, wanted.attendance),
            women_only=toggled(shown.audience, wanted.audience, Audience.WOMEN),
            wheelchair=toggled(shown.access, wanted.access, AccessNeed.WHEELCHAIR),
            family=changed(shown.family, wanted.family),
            within_miles=(
                wanted.within_miles if wanted.within_miles != shown.within_miles else KEEP
            ),
        )

    def describe(self) -> list[str]:
        """Each change in plain words, in the form's order; empty when nothing changed."""
        words: list[str] = []
        if self.district is not None:
            words.append(f"district {self.district}")
        if self.programmes is not None:
            words.append(f"programme {programme_words(self.programmes) or 'any'}")
        if self.days is not None:
            words.append(f"days {_day_words(self.days)}")
        if not isinstance(self.after, Keep):
            words.append(f"starts after {_clock_words(self.after)}")
        if not isinstance(self.before, Keep):
            words.append(f"starts before {_clock_words(self.before)}")
        if self.attendance is not None:
            words.append(f"attending {attendance_words(self.attendance) or 'any way'}")
        if not isinstance(self.within_miles, Keep):
            limit = self.within_miles
            words.append(f"within {limit:g} miles" if limit is not None else "no distance limit")
        for flag, yes, no in (
            (self.women_only, "women-only groups", "not only women-only groups"),
            (self.wheelchair, "step-free access", "step-free access not needed"),
            (self.family, "groups for family and friends", "groups for their own recovery"),
        ):
            if flag is not None:
                words.append(yes if flag else no)
        return words

    def apply(self, client: Client) -> Client:
        """The client as stored now with these changes made; ``BadOption`` (nothing changed)
        when the result is not a profile fama can keep (a start window over midnight)."""
        from pydantic import ValidationError

        from fama.models.client import Client, Preferences

        prefs = client.preferences
        update: dict[str, object] = {}
        if self.programmes is not None:
            update["programmes"] = sorted(self.programmes)
        if self.days is not None:
            update["days"] = sorted(self.days)
        if not isinstance(self.after, Keep):
            update["earliest"] = self.after
        if not isinstance(self.before, Keep):
            update["latest"] = self.before
        if self.attendance is not None:
            update["attendance"] = sorted(self.attendance)
        if not isinstance(self.within_miles, Keep):
            update["max_travel_miles"] = self.within_miles
        audience = _toggled(frozenset(prefs.audience), Audience.WOMEN, self.women_only)
        access = _toggled(frozenset(prefs.access_needs), AccessNeed.WHEELCHAIR, self.wheelchair)
        if self.women_only is not None:
            update["audience"] = sorted(audience)
        if self.wheelchair is not None:
            update["access_needs"] = sorted(access)
        whole: dict[str, object] = {}
        if self.district is not None:
            whole["postcode_district"] = self.district
        if self.family is not None:
            whole["for_family"] = self.family
        try:
            preferences = Preferences.model_validate({**prefs.model_dump(), **update})
            return Client.model_validate(
                {**client.model_dump(), **whole, "preferences": preferences}
            )
        except ValidationError as exc:
            message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
            raise BadOption(message) from None
