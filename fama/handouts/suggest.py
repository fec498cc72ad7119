"""Which handouts answer what a client said: transparent matching over each handout's words.

Pure domain (DESIGN §2). Each handout's front matter (``handouts/README.md``) gives:

- ``triggers``: words and phrases that are enough on their own ("methadone", "higher power");
- ``[concepts]``: named groups of words that mean the same thing here (``who`` = mum, my
  boss, the neighbours...; ``find-out`` = find out, hears, sees me going in...);
- ``together``: groups that count only when the client uses a word from each in one
  sentence, close together (``"who + find-out"``: "what if my *manager hears* about it");
- ``unless``: groups that, in the same clause, mean the concept words are about something
  else (family words are about anonymity, not family support, when the family must not
  *find out*); triggers still count.

Text and vocabulary are stemmed the same way (:mod:`fama.handouts.words`). A clause that says
the worry is not one ("I'm not bothered about the God side") counts for nothing. A keyworker
sees the client's words that matched; a service lead fixes a miss in the front matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise, product
from typing import TYPE_CHECKING, NamedTuple

from fama.handouts.words import Said, fold, read, stem, stems

if TYPE_CHECKING:
    from fama.handouts.library import Handout, Library

PHRASE_GAP = 1  # words allowed between two words of a phrase...
GAPPED_FACTOR = 0.75  # ...which then counts (as a trigger) for a little less
WINDOW = 16  # the words of a `together` rule lie within this many words of one sentence
GROUP_WEIGHT = 1.5  # a `together` rule weighs this much for each of its groups
SEPARATOR = " \u2026 "  # between the client's words that made up one `together` rule

# Trigger words too common to mean anything on their own.
_STOPWORDS = frozenset(
    stem(w)
    for w in (  # noqa: SIM905
        "a an and am are as at be but by can do does for from have i if in is it me my no not of "
        "on or so that the this to too was we what will with would you your"
    ).split()
)
# A clause with one of these says the worry is not one: its words count for no handout.
_CALM = tuple(
    stems(phrase)
    for phrase in (
        "not worried",
        "not bothered",
        "not fussed",
        "not concerned",
        "not scared",
        "not afraid",
        "not a problem",
        "not an issue",
        "no problem",
        "not bother me",
        "not worry me",
    )
)

_CALM_BY_FIRST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _phrase in _CALM:
    _CALM_BY_FIRST_WORD.setdefault(_phrase[0], []).append(_phrase)


@dataclass(frozen=True)
class Suggestion:
    """A handout suggested by what the client said, how strongly, and the words that did it."""

    handout: Handout
    score: float
    matched: tuple[str, ...]  # the client's words, e.g. "methadone", "manager … hears"
    because: tuple[str, ...] = ()  # for each, what it matched: "methadone", "who + find-out"


# Weights and phrases --------------------------------------------------------------------


def trigger_weight(trigger_stems: Sequence[str]) -> float:
    """A phrase says more than a word: 1 for one meaningful word, 2.5 for two, 4 for three.

    Only words that carry meaning count ("in front of" weighs as much as "front"), and a
    trigger made only of little words ("it", "not") never matches.
    """
    content = sum(1 for s in trigger_stems if s not in _STOPWORDS)
    return 1.0 + 1.5 * (content - 1) if content else 0.0


def _last(said: Sequence[str], at: int, phrase: Sequence[str], gap: int, stop: int) -> int | None:
    """Where ``phrase`` ends when it starts at ``at`` (whose word is ``phrase[0]``), with at
    most ``gap`` other words between two of its words, before ``stop``; None if it doesn't."""
    if len(phrase) == 1:
        return at
    for nxt in range(at + 1, min(at + 2 + gap, stop)):
        if said[nxt] == phrase[1]:
            end = _last(said, nxt, phrase[1:], gap, stop)
            if end is not None:
                return end
    return None


def match_factor(text: Sequence[str], phrase: Sequence[str]) -> float:
    """1 when ``phrase`` occurs in ``text`` word for word; GAPPED_FACTOR when it occurs with
    one other word between two of its words ("does it work" in "does it even work", "my
    business" in "my own business"); 0 when it does not occur."""
    if not phrase:
        return 0.0
    starts = [i for i, word in enumerate(text) if word == phrase[0]]
    if any(_last(text, i, phrase, 0, len(text)) is not None for i in starts):
        return 1.0
    gapped = (_last(text, i, phrase, PHRASE_GAP, len(text)) for i in starts)
    if len(phrase) > 1 and any(end is not None for end in gapped):
        return GAPPED_FACTOR
    return 0.0


# The compiled vocabulary of a library ---------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Entry:
    stems: tuple[str, ...]
    handout: int  # position in library.handouts
    label: str  # the trigger as written, or the concept's name
    trigger: bool


@dataclass(frozen=True)
class _Found:
    """What one sentence brings one handout: trigger -> (factor, the client's words), and
    the position of each ``together`` rule it makes up -> the client's words."""

    triggers: dict[str, tuple[float, str]]
    rules: dict[int, str]


@dataclass(frozen=True)
class _Compiled:
    """A library's vocabulary, stemmed, by first word (and a phrase by its first two); and
    what each sentence said so far brought, so that a keystroke matches one sentence."""

    words: dict[str, list[_Entry]]
    phrases: dict[tuple[str, str], list[_Entry]]
    triggers: list[dict[str, float]]  # per handout: trigger -> weight
    together: list[tuple[tuple[str, ...], ...]]  # per handout
    unless: list[frozenset[str]]  # per handout
    sentences: dict[str, dict[int, _Found]] = field(default_factory=dict)

    def add(self, entry: _Entry) -> None:
        if len(entry.stems) == 1:
            self.words.setdefault(entry.stems[0], []).append(entry)
        else:
            self.phrases.setdefault((entry.stems[0], entry.stems[1]), []).append(entry)


def _compile(library: Library) -> _Compiled:
    compiled = _Compiled(
        {},
        {},
        [],
        [h.vocabulary.together for h in library.handouts],
        [frozenset(h.vocabulary.unless) for h in library.handouts],
    )
    for index, handout in enumerate(library.handouts):
        weights: dict[str, float] = {}
        for trigger in handout.triggers:
            phrase = stems(trigger)
            weight = trigger_weight(phrase)
            if weight:
                weights[trigger] = weight
                compiled.add(_Entry(phrase, index, trigger, True))
        for concept in handout.vocabulary.concepts:
            for entry in concept.entries:
                compiled.add(_Entry(stems(entry), index, concept.name, False))
        compiled.triggers.append(weights)
    return compiled


_CACHE: dict[int, tuple[Library, _Compiled]] = {}
_LIBRARIES_KEPT = 8
_SENTENCES_KEPT = 4096


def _compiled(library: Library) -> _Compiled:
    """Each library's vocabulary is stemmed and indexed once, not on every keystroke."""
    cached = _CACHE.get(id(library))
    if cached is not None and cached[0] is library:
        return cached[1]
    compiled = _compile(library)
    if len(_CACHE) >= _LIBRARIES_KEPT:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(library)] = (library, compiled)
    return compiled


# Matching one sentence ------------------------------------------------------------------

_SENTENCE = re.compile(r"[^.!?;:\n]+")  # as fama.handouts.words.read ends a sentence


class _Hit(NamedTuple):
    entry: _Entry
    first: int  # token positions, inclusive
    last: int
    factor: float
    clause: int


def _calm_clauses(words: Sequence[str], said: Said) -> set[int]:
    calm: set[int] = set()
    for i, word in enumerate(words):
        for phrase in _CALM_BY_FIRST_WORD.get(word, ()):
            last = _last(words, i, phrase, PHRASE_GAP, len(words))
            if last is not None:
                calm.update(t.clause for t in said.tokens[i : last + 1])
    return calm


def _hits(said: Said, compiled: _Compiled) -> Iterator[_Hit]:
    words = [t.stem for t in said.tokens]
    stop = len(words)
    calm = _calm_clauses(words, said)
    for i, word in enumerate(words):
        clause = said.tokens[i].clause
        if clause in calm:
            continue
        for entry in compiled.words.get(word, ()):
            yield _Hit(entry, i, i, 1.0, clause)
        # A phrase is tried only where its second word comes next, or one word later.
        found: dict[_Entry, tuple[int, float]] = {}
        for nxt in range(i + 1, min(i + 2 + PHRASE_GAP, stop)):
            for entry in compiled.phrases.get((word, words[nxt]), ()):
                if entry in found and found[entry][1] == 1.0:
                    continue
                rest = entry.stems[1:]
                last = _last(words, nxt, rest, 0, stop) if nxt == i + 1 else None
                if last is not None:
                    found[entry] = (last, 1.0)
                elif entry not in found:
                    last = _last(words, nxt, rest, PHRASE_GAP, stop)
                    if last is not None:
                        found[entry] = (last, GAPPED_FACTOR)
        for entry, (last, factor) in found.items():
            yield _Hit(entry, i, last, factor, clause)


def _heaviest(hits: list[_Hit], weights: Mapping[str, float]) -> dict[str, _Hit]:
    """Each trigger once, and each of the client's words for one trigger only: the heaviest
    ("old men" in "all old men", not "old men" and "all men" as well)."""
    chosen: dict[str, _Hit] = {}
    used: set[int] = set()
    for hit in sorted(hits, key=lambda h: (-weights[h.entry.label] * h.factor, h.first)):
        span = range(hit.first, hit.last + 1)
        if hit.entry.label not in chosen and used.isdisjoint(span):
            chosen[hit.entry.label] = hit
            used.update(span)
    return chosen


def _together(rule: Sequence[str], groups: Mapping[str, list[_Hit]]) -> list[_Hit] | None:
    """Hits, one per group of ``rule`` (each has some), that do not overlap and lie within
    WINDOW words (the closest such, to show); None when they do not make up the rule."""
    lists = [groups[name] for name in rule]
    best: list[_Hit] | None = None
    for anchor in lists[0]:
        near = [[h for h in hits if abs(h.first - anchor.first) < WINDOW] for hits in lists[1:]]
        for others in product(*near):
            chosen = sorted((anchor, *others), key=lambda h: h.first)
            span = chosen[-1].last - chosen[0].first
            apart = all(a.last < b.first for a, b in pairwise(chosen))
            if apart and span < WINDOW and (best is None or span < best[-1].last - best[0].first):
                best = chosen
    return best


def _match(sentence: str, compiled: _Compiled) -> dict[int, _Found]:
    """What one sentence brings each handout (by position in the library)."""
    said = read(sentence)
    per_handout: dict[int, list[_Hit]] = {}
    for hit in _hits(said, compiled):
        per_handout.setdefault(hit.entry.handout, []).append(hit)
    found: dict[int, _Found] = {}
    for index, hits in per_handout.items():
        unless = compiled.unless[index]
        blocked = {h.clause for h in hits if h.entry.label in unless and not h.entry.trigger}
        groups: dict[str, list[_Hit]] = {}
        trigger_hits: list[_Hit] = []
        for hit in hits:
            if hit.entry.trigger:
                trigger_hits.append(hit)
            elif hit.clause not in blocked:
                groups.setdefault(hit.entry.label, []).append(hit)
        heaviest = _heaviest(trigger_hits, compiled.triggers[index]) if trigger_hits else {}
        triggers = {
            label: (hit.factor, said.surface(hit.first, hit.last))
            for label, hit in heaviest.items()
        }
        rules = {}
        for position, rule in enumerate(compiled.together[index]):
            if all(name in groups for name in rule):
                chosen = _together(rule, groups)
                if chosen is not None:
                    rules[position] = SEPARATOR.join(said.surface(h.first, h.last) for h in chosen)
        if triggers or rules:
            found[index] = _Found(triggers, rules)
    return found


def _sentence(sentence: str, compiled: _Compiled) -> dict[int, _Found]:
    found = compiled.sentences.get(sentence)
    if found is None:
        if len(compiled.sentences) >= _SENTENCES_KEPT:
            compiled.sentences.clear()
        found = compiled.sentences[sentence] = _match(sentence, compiled)
    return found


# Suggesting -----------------------------------------------------------------------------


def suggest(text: str, library: Library, limit: int = 3) -> list[Suggestion]:
    """Which handouts answer what the client said, best first, with the words that matched.

    In one sentence: a handout scores the weights of its triggers found in the text, plus
    GROUP_WEIGHT for each group of each ``together`` rule the client's words make up.

    A trigger weighs 1 for a word and 1.5 more for each further word of a phrase
    (:func:`trigger_weight`), three quarters of that with a word between; in a sentence each
    word counts for one trigger only. A rule is made up when each of its groups has a word
    within WINDOW words of one sentence. Each trigger and each rule counts once. Words in a
    clause that says the worry is not one ("I'm not bothered about...") count for nothing;
    so do a handout's concept words in a clause with one of its ``unless`` words. Ties go
    to the earlier stage, then the title. Unrelated text gets nothing.
    """
    if limit <= 0:
        return []
    compiled = _compiled(library)
    triggers: dict[int, dict[str, tuple[float, str]]] = {}
    rules: dict[int, dict[int, str]] = {}
    for sentence in _SENTENCE.findall(fold(text)):
        for index, found in _sentence(sentence.strip(), compiled).items():
            mine = triggers.setdefault(index, {})
            for label, (factor, said) in found.triggers.items():
                if label not in mine or factor > mine[label][0]:
                    mine[label] = (factor, said)
            made = rules.setdefault(index, {})
            for position, said in found.rules.items():
                made.setdefault(position, said)
    suggestions: list[Suggestion] = []
    for index in triggers:
        handout = library.handouts[index]
        score = 0.0
        matched: list[str] = []
        because: list[str] = []
        for trigger, weight in compiled.triggers[index].items():
            if trigger in triggers[index]:
                factor, said = triggers[index][trigger]
                score += weight * factor
                matched.append(said)
                because.append(trigger)
        for position, rule in enumerate(compiled.together[index]):
            if position in rules[index]:
                score += GROUP_WEIGHT * len(rule)
                matched.append(rules[index][position])
                because.append(" + ".join(rule))
        suggestions.append(Suggestion(handout, score, tuple(matched), tuple(because)))
    suggestions.sort(key=lambda s: (-s.score, s.handout.stage, s.handout.title.casefold()))
    return suggestions[:limit]
