"""What the meeting feeds' type codes and language words mean in fama's words.

Type codes are per fellowship (meeting-formats brief §1.3): ``Y`` is young people at AA but
Alateen at Al-Anon, so the table is chosen by the organisation the keyworker declares, never
guessed. Codes fama has no meaning for are still kept on the meeting as published; only the
meanings below feed matching (audience, access, open/closed, language, online/closed status).

Data tables plus small pure functions (:func:`codes_for`, :func:`read_codes`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Final

from fama.models.organisations import OrgCode

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
