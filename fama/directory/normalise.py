"""Turning what feeds publish into fama's words: type codes, languages, postcodes, places, text.

Type codes are per fellowship (meeting-formats brief §1.3): ``Y`` is young people at AA but
Alateen at Al-Anon, so the table is chosen by the organisation the keyworker declares, never
guessed. Codes fama has no meaning for are still kept on the meeting as published; only the
meanings below feed matching (audience, access, open/closed, language, online/closed status).

Everything here is data plus small pure functions; the regexes are compiled once because an
import runs them on every record.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Final

from fama.models.organisations import ORGANISATIONS, OrgCode

# ----------------------------------------------------------------------------- meanings

AUDIENCE: Final = "audience"
ACCESS: Final = "access"
OPEN: Final = "open"
LANGUAGE: Final = "language"
STATUS: Final = "status"

Meaning = tuple[str, str]
"""(kind, value): ("audience", "women"), ("open", "yes"), ("status", "online")..."""

IN_PERSON_ONLY_ACCESS: frozenset[str] = frozenset(
    {
        "wheelchair",
        "wheelchair toilet",
        "hearing loop",
        "fragrance free",
        "childcare",
        "child friendly",
        "no children",
    }
)
"""Access tags that describe a room: meaningless for a meeting with no room (TSML-UI strips
the matching codes from meetings that are not in person)."""

LANGUAGE_CODES: dict[str, str] = {
    # Meeting Guide type codes (code4recovery/spec data/types.json).
    "AF": "Afrikaans", "AM": "Amharic", "AR": "Arabic", "BG": "Bulgarian", "DA": "Danish",
    "DE": "German", "EL": "Greek", "EN": "English", "FA": "Persian", "FI": "Finnish",
    "FR": "French", "HE": "Hebrew", "HI": "Hindi", "HR": "Croatian", "HU": "Hungarian",
    "IS": "Icelandic", "ITA": "Italian", "JA": "Japanese", "KA": "Georgian", "KOR": "Korean",
    "LT": "Lithuanian", "ML": "Malayalam", "MT": "Maltese", "NE": "Nepali", "NL": "Dutch",
    "NO": "Norwegian", "POL": "Polish", "POR": "Portuguese", "PUN": "Punjabi",
    "RUS": "Russian", "S": "Spanish", "SK": "Slovak", "SL": "Slovenian", "SV": "Swedish",
    "TH": "Thai", "TL": "Tagalog", "TUR": "Turkish", "UK": "Ukrainian",
}  # fmt: skip
"""Meeting Guide language type codes. ``UK`` is Ukrainian and ``S`` Spanish (brief §5.4)."""

ISO_LANGUAGES: dict[str, str] = {
    "BN": "Bengali", "CS": "Czech", "CY": "Welsh", "ES": "Spanish", "GA": "Irish",
    "GD": "Scottish Gaelic", "GU": "Gujarati", "IT": "Italian", "KO": "Korean",
    "KU": "Kurdish", "LV": "Latvian", "PA": "Punjabi", "PL": "Polish", "PS": "Pashto",
    "PT": "Portuguese", "RO": "Romanian", "RU": "Russian", "SO": "Somali", "SQ": "Albanian",
    "TI": "Tigrinya", "TR": "Turkish", "UR": "Urdu", "ZH": "Chinese",
}  # fmt: skip
"""ISO 639-1 codes that OIAA ``languages`` and BMLT ``lang_enum`` use and the Meeting Guide
list lacks; where both lists have a code they agree (``UK``, ``SL``, ``HE``...)."""

_LANGUAGE_WORDS: dict[str, str] = {
    "espanol": "Spanish", "español": "Spanish", "castellano": "Spanish",
    "francais": "French", "français": "French", "deutsch": "German", "polski": "Polish",
    "portugues": "Portuguese", "português": "Portuguese", "italiano": "Italian",
    "cymraeg": "Welsh", "farsi": "Persian", "suomi": "Finnish",
    **{name.lower(): name for name in (*LANGUAGE_CODES.values(), *ISO_LANGUAGES.values())},
}  # fmt: skip


def language_name(text: str) -> str:
    """A language as an English name ("ES", "es", "S", "Espanol" -> "Spanish").

    A code or word fama does not know is kept as published.
    """
    word = text.strip()
    upper = word.upper()
    return (
        LANGUAGE_CODES.get(upper)
        or ISO_LANGUAGES.get(upper)
        or _LANGUAGE_WORDS.get(word.lower())
        or word
    )


# Meeting Guide codes, AA's list plus the NA words TSML's NA list uses and TSML's own
# ``ONL``; a code with no entry is content (Big Book, Speaker...) and only kept raw.
MEETING_GUIDE_CODES: dict[str, Meaning] = {
    "O": (OPEN, "yes"),
    "C": (OPEN, "no"),
    "ONL": (STATUS, "online"),
    "TC": (STATUS, "closed"),
    "W": (AUDIENCE, "women"),
    "M": (AUDIENCE, "men"),
    "LGBTQ": (AUDIENCE, "lgbtq"),
    "G": (AUDIENCE, "lgbtq"),
    "L": (AUDIENCE, "lgbtq"),
    "T": (AUDIENCE, "lgbtq"),
    "BI": (AUDIENCE, "lgbtq"),
    "NB": (AUDIENCE, "lgbtq"),
    "GL": (AUDIENCE, "lgbtq"),
    "Y": (AUDIENCE, "young people"),
    "SEN": (AUDIENCE, "seniors"),
    "POC": (AUDIENCE, "people of colour"),
    "BE": (AUDIENCE, "newcomers"),
    "BEG": (AUDIENCE, "newcomers"),
    "X": (ACCESS, "wheelchair"),
    "XB": (ACCESS, "wheelchair toilet"),
    "ASL": (ACCESS, "sign language"),
    "QSL": (ACCESS, "sign language"),
    "RSL": (ACCESS, "sign language"),
    "FF": (ACCESS, "fragrance free"),
    "BA": (ACCESS, "childcare"),
    "CF": (ACCESS, "child friendly"),
    "CW": (ACCESS, "child friendly"),
    **{code: (LANGUAGE, name) for code, name in LANGUAGE_CODES.items()},
}

FELLOWSHIP_CODES: dict[OrgCode, dict[str, Meaning]] = {
    # Al-Anon: ``Y`` is Alateen; ``O`` "families, friends and observers welcome" and ``C``
    # "families and friends only" still read as open and closed.
    OrgCode.AL_ANON: {"Y": (AUDIENCE, "alateen")},
    OrgCode.ALATEEN: {"Y": (AUDIENCE, "alateen")},
}
"""Where a fellowship's codes differ from AA's (TSML ships one list per programme)."""


@cache
def codes_for(organisation: OrgCode) -> Mapping[str, Meaning]:
    """The Meeting Guide code table for one fellowship."""
    return {**MEETING_GUIDE_CODES, **FELLOWSHIP_CODES.get(organisation, {})}


BMLT_WORLD_IDS: dict[str, Meaning] = {
    "OPEN": (OPEN, "yes"),
    "CLOSED": (OPEN, "no"),
    "VM": (STATUS, "online"),
    "HYBR": (STATUS, "hybrid"),
    "TC": (STATUS, "closed"),
    "W": (AUDIENCE, "women"),
    "M": (AUDIENCE, "men"),
    "GL": (AUDIENCE, "lgbtq"),
    "Y": (AUDIENCE, "young people"),
    "BEG": (AUDIENCE, "newcomers"),
    "WCHR": (ACCESS, "wheelchair"),
    "CW": (ACCESS, "child friendly"),
    "NC": (ACCESS, "no children"),
    # Formats without a world id, matched on the server's key string.
    "SL": (ACCESS, "sign language"),
    "CS": (ACCESS, "child friendly"),
    "Ala": (AUDIENCE, "alateen"),
    "Ff": (ACCESS, "fragrance free"),
}
"""NA World Services format ids (and a few key strings that have none) -> meanings."""

BMLT_DEFAULT_FORMATS: dict[str, str] = {
    "B": "BEG", "BT": "BT", "C": "CLOSED", "CH": "CH", "CL": "CAN", "CW": "CW", "D": "DISC",
    "ES": "LANG", "ENG": "LANG", "FIN": "LANG", "PER": "LANG", "GL": "GL", "IP": "IP",
    "IW": "IW", "JT": "JFT", "M": "M", "NC": "NC", "O": "OPEN", "RF": "VAR", "SD": "S-D",
    "SG": "SWG", "So": "SPK", "St": "STEP", "To": "TOP", "Tr": "TRAD", "TW": "TRAD",
    "W": "W", "WC": "WCHR", "YP": "Y", "BK": "LIT", "NS": "NS", "AB": "QA", "ME": "MED",
    "QA": "QA", "CP": "CPT", "VM": "VM", "HY": "HYBR", "TC": "TC", "RA": "RA", "LC": "LC",
}  # fmt: skip
"""Key string -> world id of the English formats a BMLT root server installs with; used only
when a feed carries no formats list of its own (servers rename keys, brief §2.2)."""

BMLT_LANGUAGE_KEYS: dict[str, str] = {
    "ES": "Spanish",
    "ENG": "English",
    "FIN": "Finnish",
    "PER": "Persian",
}

TSML_TYPE_NAMES: dict[str, str] = {
    "11th step meditation": "11", "12 steps & 12 traditions": "12x12", "secular": "A",
    "atheist / agnostic": "A", "as bill sees it": "ABSI", "concurrent with alateen": "AL",
    "concurrent with alateen meeting": "AL", "concurrent with al-anon": "AL-AN",
    "concurrent with aa meeting": "AA", "american sign language": "ASL",
    "sign language": "ASL", "big book": "B", "babysitting available": "BA",
    "babysitter": "BA", "newcomer": "BE", "beginner": "BE", "beginners": "BE",
    "bisexual": "BI", "breakfast": "BRK", "closed": "C", "candlelight": "CAN",
    "child-friendly": "CF", "discussion": "D", "digital basket": "DB",
    "dual diagnosis": "DD", "daily reflections": "DR", "fragrance free": "FF", "gay": "G",
    "grapevine": "GR", "birthday": "H", "chips": "H", "lesbian": "L", "lgbtq": "LGBTQ",
    "literature": "LIT", "living sober": "LS", "men": "M", "men only": "M",
    "meditation": "MED", "native american": "N", "non-binary": "NB", "indigenous": "NDG",
    "open": "O", "outdoor": "OUT", "professionals": "P", "proof of attendance": "POA",
    "people of color": "POC", "people of colour": "POC", "seniors": "SEN",
    "smoking permitted": "SM", "speaker": "SP", "step study": "ST", "step meeting": "ST",
    "transgender": "T", "location temporarily closed": "TC", "temporary closure": "TC",
    "temporarily closed": "TC", "online meeting": "ONL", "online": "ONL",
    "tradition study": "TR", "women": "W", "women only": "W", "wheelchair access": "X",
    "wheelchair accessible": "X", "wheelchair-accessible bathroom": "XB",
    "cross talk permitted": "XT", "young people": "Y", "alateen": "Y",
    "beginner/newcomer": "BEG", "gay/lesbian": "GL", "children welcome": "CW",
    **{name.lower(): code for code, name in LANGUAGE_CODES.items()},
}  # fmt: skip
"""English type names in TSML's CSV export (code4recovery/spec types.json labels, TSML's
per-programme labels and its own "Online Meeting"/"Temporary Closure") -> Meeting Guide codes,
so a CSV export and the JSON feed of the same site give the same meetings."""


def tsml_type_code(name: str) -> str:
    """The Meeting Guide code for a TSML type name; an unknown name is kept as published."""
    text = name.strip()
    return TSML_TYPE_NAMES.get(text.lower(), text)


@dataclass(slots=True)
class Tags:
    """What a record's codes say, in fama's vocabulary."""

    audience: list[str] = field(default_factory=list)
    access: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    open_meeting: bool | None = None
    online: bool = False
    hybrid: bool = False
    closed: bool = False
    """The source says "temporarily closed" (TSML ``TC``, BMLT ``TC``)."""


def read_codes(codes: Iterable[str], table: Mapping[str, Meaning]) -> Tags:
    """The meanings of ``codes`` in ``table``; both open and closed reads as closed (as TSML)."""
    tags = Tags()
    opens: set[str] = set()
    for code in codes:
        meaning = table.get(code)
        if meaning is None:
            meaning = table.get(code.upper())
            if meaning is None:
                continue
        kind, value = meaning
        if kind == AUDIENCE:
            add_unique(tags.audience, value)
        elif kind == ACCESS:
            add_unique(tags.access, value)
        elif kind == LANGUAGE:
            add_unique(tags.languages, value)
        elif kind == OPEN:
            opens.add(value)
        elif value == "online":
            tags.online = True
        elif value == "hybrid":
            tags.hybrid = True
        else:
            tags.closed = True
    if "no" in opens:
        tags.open_meeting = False
    elif opens:
        tags.open_meeting = True
    return tags


def add_unique(items: list[str], value: str) -> None:
    """Append ``value`` unless it is already there (tag lists keep their first order)."""
    if value and value not in items:
        items.append(value)


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
