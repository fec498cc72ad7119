"""Whether an address names only an area (TSML's "approximate"), read from its words.

TSML asks a geocoder whether an address is approximate; fama has none (nothing goes over
the network), so it reads the address the way a keyworker would: a street or a full UK
postcode is a place someone could find; a town, a town and country, or a postcode district
is only an area. The Meeting Guide importer uses this to tell online-only meetings from
hybrid ones, and listings with no way to attend from in-person ones.
"""

from __future__ import annotations

import re
from typing import Final

from fama.directory.normalise import find_postcode, is_place, normalise_postcode

STREET_WORDS: Final = frozenset(
    {
        "street", "st", "road", "rd", "lane", "ln", "avenue", "ave", "av", "drive", "dr",
        "close", "way", "crescent", "cres", "terrace", "tce", "place", "pl", "square", "sq",
        "grove", "gardens", "gdns", "row", "walk", "mews", "parade", "boulevard", "blvd",
        "parkway", "pkwy", "highway", "hwy", "alley", "broadway", "embankment", "esplanade",
        "promenade", "quay", "causeway", "circle", "cir", "pike",
    }
)  # fmt: skip
"""Words that end a street's name ("High Street", "Mill Rd", "Church Lane"). Words that also
end the names of towns or districts ("Hill", "Park", "Green", "Court", "Wharf", "Vale") are
left out: "Burgess Hill, UK" is a town, not a street."""

_DIRECTIONS = frozenset(
    {"n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"}
)
_HOUSE_NUMBER = re.compile(r"\d+[a-z]?(?:\s*[-–/]\s*\d+[a-z]?)?\s+[a-z]", re.I)
"""A part that starts with a house number and goes on with a name: "12 High Street",
"12a Mill Rd", "12-14 Market Place", "2634 Union Ave"."""
_PARTS = re.compile(r"[,;\n]")
_WORDS = re.compile(r"[a-z']+")


def _is_full_postcode(text: str) -> bool:
    """True for a whole UK postcode as :func:`normalise_postcode` writes it ("KB1 2AB")."""
    return bool(text) and find_postcode(text) == text


def _names_a_street(part: str) -> bool:
    text = part.strip()
    if _HOUSE_NUMBER.match(text):
        return True
    words = _WORDS.findall(text.lower())
    while len(words) > 2 and words[-1] in _DIRECTIONS:  # "Bridge St E", "High Street North"
        words.pop()
    # the street word ends the name ("Everett St"), unlike Saint in "St Albans"
    return len(words) >= 2 and words[-1] in STREET_WORDS


def is_approximate(address: str, postcode: str = "") -> bool:
    """Whether an address names only an area, so that nobody could find a room from it
    (TSML's "approximate"; TSML asks a geocoder, fama reads the words).

    Not approximate: a street ("12 High Street, Kelbridge", "Church Lane, Kelbridge",
    "2634 Union Ave, San Jose, CA") or a full UK postcode ("Kelbridge KB1 2AB", or
    ``postcode``), which BMLT also accepts in place of a street. Approximate: nothing at all,
    "Online", a town ("Kelbridge"), a town and country ("Manchester, UK"), a postcode
    district ("KB1"). A venue's name alone does not count: "Community Centre, Kelbridge" is
    approximate until a street or postcode is given. Unlike TSML-UI, commas are not counted
    (brief §5.5).
    """
    if _is_full_postcode(normalise_postcode(postcode)) or find_postcode(address):
        return False
    return not any(
        _names_a_street(part) for part in _PARTS.split(address) if is_place(part.strip())
    )
