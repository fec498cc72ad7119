"""What a client said, as stemmed words in sentences and clauses: the input to suggesting.

Pure and small on purpose: the same rules turn a handout's vocabulary and a client's words
into stems, so ``religious`` finds ``religion``, ``heard`` finds ``hear`` and ``neighbours``
finds ``neighbour``. Each word remembers where it came from, so a suggestion can show the
client's own words ("manager … hears"), and which sentence and clause it is in, because
words only go together within one sentence, and "I'm not worried about X" speaks for its
own clause only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_NEGATIVES = {"can't": "can not", "won't": "will not", "shan't": "shall not", "ain't": "is not"}
_CLITICS = {"m": "am", "re": "are", "ve": "have", "ll": "will", "d": "would", "s": ""}
# A word (with its apostrophes), the end of a sentence, or a break between clauses.
_PIECE = re.compile(
    r"(?P<word>[a-z0-9]+(?:'[a-z0-9]+)*)"
    r"|(?P<stop>[.!?;:\n]+)"
    r"|(?P<pause>[,()\u2013\u2014]| - )"
)
# Words that start a new clause: "I'm not worried about God, but speaking scares me".
CLAUSE_WORDS = frozenset(("but", "though", "although", "and", "except", "whereas"))
_VOWELS = frozenset("aeiouy")
# Words whose shorter form means something else here: a cracked screen is not crack cocaine,
# cleaning the house is not being clean, and "I tried a meeting" is not "I'd try one".
_KEEP_WHOLE = frozenset(
    ("cracked", "cracking", "cleaned", "cleaning", "cleaner", "spiced", "geared", "weeding")
) | {"tried", "went"}
# Irregular forms, to the word they are a form of (which is then stemmed as usual).
_IRREGULAR = {
    **dict.fromkeys(("heard",), "hear"),
    **dict.fromkeys(("told",), "tell"),
    **dict.fromkeys(("saw", "seen"), "see"),
    **dict.fromkeys(("knew", "known"), "know"),
    **dict.fromkeys(("found",), "find"),
    **dict.fromkeys(("said",), "say"),
    **dict.fromkeys(("spoke", "spoken"), "speak"),
    **dict.fromkeys(("thought",), "think"),
    **dict.fromkeys(("felt",), "feel"),
    **dict.fromkeys(("got", "gotten"), "get"),
    **dict.fromkeys(("came",), "come"),
    **dict.fromkeys(("took", "taken"), "take"),
    **dict.fromkeys(("gave", "given"), "give"),
    **dict.fromkeys(("made",), "make"),
    **dict.fromkeys(("paid",), "pay"),
    **dict.fromkeys(("lost",), "lose"),
    **dict.fromkeys(("kept",), "keep"),
    **dict.fromkeys(("met",), "meet"),
    **dict.fromkeys(("drank",), "drink"),
    **dict.fromkeys(("sat",), "sit"),
    **dict.fromkeys(("stood",), "stand"),
    **dict.fromkeys(("hid", "hidden"), "hide"),
    **dict.fromkeys(("brought",), "bring"),
    **dict.fromkeys(("bought",), "buy"),
    **dict.fromkeys(("fell", "fallen"), "fall"),
    **dict.fromkeys(("wore", "worn"), "wear"),
    **dict.fromkeys(("began", "begun"), "begin"),
    **dict.fromkeys(("men",), "man"),
    **dict.fromkeys(("women",), "woman"),
    **dict.fromkeys(("children",), "child"),
}


def _strip(word: str, suffix: str, min_stem: int) -> str | None:
    if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
        return word[: -len(suffix)]
    return None


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A small, predictable stemmer: the same for a handout's vocabulary and for the client.

    ``religious``/``religion`` -> ``relig``; ``praying``/``prays``/``prayed`` -> ``pray``;
    ``using``/``uses``/``used``/``use`` -> ``use``; ``families`` -> ``family``;
    ``alcoholic``/``alcoholism`` -> ``alcohol``; ``anonymous``/``anonymity`` -> ``anonym``;
    ``hears``/``heard``/``hearing`` -> ``hear`` (a short table of irregular verbs);
    ``recognize`` -> ``recognis`` (American -ize is the British -ise).
    """
    w = word.lower().removesuffix("'s").strip("'")
    w = _IRREGULAR.get(w, w)
    if len(w) < 3 or not w.isalpha() or w in _KEEP_WHOLE:
        return w
    # 1. plurals and third person
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("oes") and len(w) > 3:
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) >= 4:
        w = w[:-1]
    # 2. -ing and -ed (a stem must keep a vowel: "thing", "sing" and "red" stay whole)
    for suffix in ("ing", "ed"):
        if suffix == "ed" and w.endswith("eed"):
            break
        base = _strip(w, suffix, 2)
        if base is not None and _VOWELS.intersection(base):
            w = base
            if len(w) >= 3 and w[-1] == w[-2] and w[-1] not in _VOWELS | set("lsz"):
                w = w[:-1]  # stopped -> stop
            elif len(w) == 2 and w[-1] not in _VOWELS:
                w += "e"  # using -> use
            break
    # 3. a few derivations that turn up when people talk about this
    for suffix, min_stem in (
        ("ously", 4),
        ("ious", 3),
        ("ous", 4),
        ("ion", 3),
        ("ism", 4),
        ("ist", 4),
        ("ity", 4),
        ("ive", 4),
        ("ic", 5),
    ):
        base = _strip(w, suffix, min_stem)
        if base is not None:
            w = base
            break
    # 4. a silent e: "believe"/"believing", "relapse"/"relapsed"; and -ize is -ise
    if w.endswith("e") and not w.endswith("ee") and len(w) >= 4:
        w = w[:-1]
    if w.endswith("iz") and len(w) >= 5:
        w = w[:-1] + "s"
    return w


def _open_up(raw: str) -> list[str]:
    """One written word as the words it stands for: ``don't`` -> ``do``, ``not``."""
    if raw == "cannot":
        return ["can", "not"]
    if "'" not in raw:
        return [raw]
    if raw in _NEGATIVES:
        return _NEGATIVES[raw].split()
    if raw.endswith("n't") and len(raw) > 3:
        return [*_open_up(raw[:-3]), "not"]
    head, _, tail = raw.rpartition("'")
    if tail in _CLITICS and head:
        return [*_open_up(head), *_CLITICS[tail].split()]
    return [part for part in raw.split("'") if part]


class Token(NamedTuple):
    """One word of what was said: its stem, where it is, and which sentence and clause."""

    word: str
    stem: str
    start: int  # where the written word it comes from starts and ends in the folded text
    end: int
    sentence: int
    clause: int


@dataclass(frozen=True)
class Said:
    """Text folded to lower case (``text``) and its words, as :class:`Token`\\ s."""

    text: str
    tokens: tuple[Token, ...]

    def surface(self, first: int, last: int) -> str:
        """The client's own words from token ``first`` to token ``last`` (inclusive)."""
        return self.text[self.tokens[first].start : self.tokens[last].end]


def fold(text: str) -> str:
    """Lower case with straight apostrophes, the form every match is made on."""
    return text.casefold().translate(_APOSTROPHES)


def read(text: str) -> Said:
    """The words of ``text`` with contractions opened (``I can't`` -> ``i can not``), each
    stemmed and placed in its sentence (ended by ``. ! ? ; :`` or a new line) and its clause
    (also ended by a comma, a bracket, a dash, or a word such as "but" or "and")."""
    folded = fold(text)
    tokens: list[Token] = []
    sentence = clause = 0
    new_sentence = new_clause = False
    for piece in _PIECE.finditer(folded):
        raw = piece.group("word")
        if raw is None:
            new_sentence = new_sentence or piece.group("stop") is not None
            new_clause = True
            continue
        for word in _open_up(raw):
            if tokens and (new_clause or word in CLAUSE_WORDS):
                clause += 1
                sentence += new_sentence
            new_sentence = new_clause = False
            tokens.append(Token(word, stem(word), piece.start(), piece.end(), sentence, clause))
    return Said(folded, tuple(tokens))


def words(text: str) -> list[str]:
    """Lower-cased words with contractions opened: ``I don't`` -> ``i do not``."""
    return [t.word for t in read(text).tokens]


def stems(text: str) -> tuple[str, ...]:
    """The stems of the words in ``text``, in order."""
    return tuple(t.stem for t in read(text).tokens)
