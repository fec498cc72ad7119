"""Words that give a take-away away: what a partner, a child or an employer glancing at a
client's phone or fridge door would read as drink, drugs, recovery or a fellowship.

Pure and small. The meeting plan uses it to leave such words out of its discreet forms (a
venue called "Kelbridge Recovery Hub" is dropped from the calendar's location; the street
and postcode stay), and the plan dialog uses it to warn, never to refuse, when the title a
client chooses holds one: the choice is theirs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Whole words and their usual forms, matched case-insensitively. Short codes (AA, NA, CA)
# only match as words, so "Canal Street" and "Nationwide" are safe; "meth" only as a word,
# so the Methodist church hall is too.
_WORDS = (
    r"alcohol(?:ic|ics|ism)?",
    r"drink(?:s|ing|er|ers)?",
    r"drunk",
    r"drugs?",
    r"recover(?:y|ing|ed|ies)?",
    r"addict(?:s|ed|ion|ions|ive)?",
    r"anonymous",
    r"fellowships?",
    r"sober|sobriety",
    r"narcotics?",
    r"cocaine|crack|heroin|opiates?|opioids?|meth|cannabis|marijuana",
    r"rehab|detox",
    r"(?:12|twelve)[ -]?steps?",
    r"big book|higher power|mutual aid|smart",
    r"aa|na|ca|daa|cma|al-?anon|alateen|nar-?anon",
)
GIVE_AWAY = re.compile(r"(?<!\w)(?:" + "|".join(_WORDS) + r")(?!\w)", re.IGNORECASE)
"""One pattern for every give-away word, whole words only ("aa-04" in a link counts)."""

# Inside a link, words run together ("smartff-01", "alcoholicsanonymous"): there the longer
# stems count wherever they appear. Short codes would match too much ("na" in "canal").
GIVE_AWAY_IN_LINKS = re.compile(
    r"alcohol|drink|drug|recover|addict|anonymous|fellowship|sober|narcotic|cocaine|heroin"
    r"|rehab|detox|smart|al-?anon|alateen|bigbook|12-?step",
    re.IGNORECASE,
)

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Text compared as a person reads it: case and runs of spaces ignored."""
    return _SPACE.sub(" ", text).strip().casefold()


def contains_phrase(text: str, phrase: str) -> bool:
    """Does ``text`` hold ``phrase`` as whole words (case and spacing ignored)?"""
    needle = fold(phrase)
    if not needle:
        return False
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", fold(text)) is not None


def give_aways(text: str, names: Iterable[str] = ()) -> list[str]:
    """The give-away words in ``text``, as written there, each once, in order.

    ``names`` are phrases that give it away in this plan only (the meetings' own names:
    "Kelbridge Lunchtime" says nothing on its own, but it is what a search would find).
    """
    found = [m.group(0) for m in GIVE_AWAY.finditer(text)]
    found += [name for name in names if contains_phrase(text, name)]
    unique: dict[str, str] = {}
    for word in found:
        unique.setdefault(fold(word), word)
    return list(unique.values())


def link_gives_away(url: str, names: Iterable[str] = ()) -> bool:
    """Does a web link give it away, as a word or run together with others?"""
    return bool(give_aways(url, names) or GIVE_AWAY_IN_LINKS.search(url))
