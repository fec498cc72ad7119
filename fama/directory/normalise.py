"""Turning what feeds publish into fama's words: postcodes, places, links, text, and the
words a service types in fama's own CSV (audience, access, organisation).

What type codes and languages mean is in :mod:`fama.directory.meeting_codes`. Everything
here is data plus small pure functions; the regexes are compiled once because an import
runs them on every record.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable

from fama.models.organisations import ORGANISATIONS, OrgCode

# ----------------------------------------------------------------------------- fama's words

AUDIENCE_WORDS: dict[str, str] = {
    "women": "women", "woman": "women", "women only": "women", "female": "women",
    "men": "men", "man": "men", "men only": "men", "male": "men",
    "lgbtq": "lgbtq", "lgbtq+": "lgbtq", "lgbt": "lgbtq", "lgbtqia": "lgbtq",
    "lgbtqia+": "lgbtq", "gay": "lgbtq", "lesbian": "lgbtq", "trans": "lgbtq",
    "young people": "young people", "young": "young people", "youth": "young people",
    "newcomers": "newcomers", "newcomer": "newcomers", "beginners": "newcomers",
    "beginner": "newcomers", "seniors": "seniors", "older people": "seniors",
    "people of colour": "people of colour", "people of color": "people of colour",
    "poc": "people of colour", "alateen": "alateen",
    "family and friends": "family and friends", "families and friends": "family and friends",
    "friends and family": "family and friends", "family": "family and friends",
    "f&f": "family and friends",
}  # fmt: skip
"""Words a service might type in the fama CSV ``audience`` column -> fama's audience tags."""

ACCESS_WORDS: dict[str, str] = {
    "wheelchair": "wheelchair", "wheelchair access": "wheelchair",
    "step-free": "wheelchair", "step free": "wheelchair", "step-free access": "wheelchair",
    "wheelchair toilet": "wheelchair toilet", "accessible toilet": "wheelchair toilet",
    "sign language": "sign language", "bsl": "sign language", "asl": "sign language",
    "hearing loop": "hearing loop", "loop": "hearing loop", "induction loop": "hearing loop",
    "fragrance free": "fragrance free", "childcare": "childcare", "creche": "childcare",
    "crèche": "childcare", "babysitting": "childcare", "child friendly": "child friendly",
    "child-friendly": "child friendly", "children welcome": "child friendly",
    "no children": "no children",
}  # fmt: skip
"""Words for the fama CSV ``access`` column -> fama's access tags."""

_LIST_SPLIT = re.compile(r"\s*[;,|]\s*")


def split_list(text: str) -> list[str]:
    """Items of a cell such as "women; newcomers" or "Open, Wheelchair Access"."""
    return [item for item in _LIST_SPLIT.split(text.strip()) if item]


def parse_organisation(text: str) -> OrgCode | None:
    """An organisation from its code or name, any case ("aa", "Al-Anon", "SMART Recovery")."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    for code, org in ORGANISATIONS.items():
        if wanted in (code.value.casefold(), org.name.casefold(), code.name.casefold()):
            return code
    return None


# ----------------------------------------------------------------------------- text

_BREAK = re.compile(r"<\s*br\s*/?\s*>|<\s*/\s*(?:p|div|li|h[1-6])\s*>", re.I)
_TAG = re.compile(r"<[^<>]*>")
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\f\v\xa0]+")
_ANY_SPACE = re.compile(r"\s+")


def text_of(value: object) -> str:
    """A cell or JSON value as a stripped string ("" for null, numbers as written)."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def clean_notes(value: object) -> str:
    """Free text without HTML: tags stripped, ``<br>`` and paragraph ends kept as line breaks."""
    text = text_of(value)
    if not text:
        return ""
    if "<" in text:
        text = _TAG.sub("", _BREAK.sub("\n", text))
    if "&" in text:
        text = html.unescape(text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_line(value: object) -> str:
    """One-line text (a name, a venue): HTML stripped, all whitespace runs made one space."""
    text = text_of(value)
    if not text:
        return ""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return _ANY_SPACE.sub(" ", text).strip()


def join_text(parts: Iterable[str], separator: str = "\n") -> str:
    """Non-empty parts joined, each only once."""
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return separator.join(seen)


# ----------------------------------------------------------------------------- links

_URL = re.compile(r"https?://\S+", re.I)
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"')\]]+", re.I)
_BARE_HOST = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}(?:/\S*)?", re.I)


def clean_url(value: object) -> str:
    """A web link, or "" when the value is not one ("zoom.us/j/1" gains ``https://``)."""
    text = clean_line(value)
    if not text:
        return ""
    if _URL.fullmatch(text):
        return text
    if _BARE_HOST.fullmatch(text):
        return "https://" + text
    return ""


def find_url(text: str) -> str:
    """The first web link in free text (old BMLT online meetings hid it in ``comments``)."""
    match = _URL_IN_TEXT.search(text)
    return match.group(0).rstrip(".,;:") if match else ""


# ----------------------------------------------------------------------------- places

_UK_POSTCODE = re.compile(r"(?:GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][ABD-HJLNP-UW-Z]{2})")
_UK_POSTCODE_IN_TEXT = re.compile(
    r"\b(GIR|[A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][ABD-HJLNP-UW-Z]{2})\b"
)
_WHITESPACE = re.compile(r"\s+")


def normalise_postcode(value: object) -> str:
    """A UK postcode as "SE1 7PB" (upper case, one space); anything else as published."""
    text = clean_line(value)
    compact = _WHITESPACE.sub("", text).upper()
    if _UK_POSTCODE.fullmatch(compact):
        return f"{compact[:-3]} {compact[-3:]}"
    return text


def find_postcode(text: str) -> str:
    """The last UK postcode written in upper case in an address, normalised, or ""."""
    found = _UK_POSTCODE_IN_TEXT.findall(text)
    if not found:
        return ""
    outward, inward = found[-1]
    return f"{outward} {inward}"


def _coordinate(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def coordinates(latitude: object, longitude: object) -> tuple[float, float] | None:
    """A (latitude, longitude) pair when both are present and plausible, else None.

    Strings or numbers; "", "0" and 0,0 mean none (BMLT's virtual meetings). An impossible
    latitude (beyond 90) usually means the pair was swapped: it is dropped, not swapped back,
    because a guess that lands in the wrong country is worse than no point at all.
    """
    lat, lon = _coordinate(latitude), _coordinate(longitude)
    if lat is None or lon is None or lat == 0:
        return None
    if abs(lat) > 90 or abs(lon) > 180:
        return None
    return lat, lon


_NOT_A_PLACE = frozenset(
    {"online", "virtual", "zoom", "remote", "phone", "telephone", "n/a", "na", "none", "tbc"}
)


def is_place(text: str) -> bool:
    """False for address-like fields that name no place ("Online", "Zoom", "n/a")."""
    return bool(text) and text.strip().lower().rstrip(".") not in _NOT_A_PLACE
