"""A handout's vocabulary, read from its front matter: ``[concepts]`` (named groups of words
that mean one thing here), ``together`` rules (concepts that count only in one sentence)
and ``unless`` (concepts that mean the words are about something else). A service lead
writes them; :func:`parse_vocabulary` names the first problem in one sentence. How they
are matched against what a client said is :mod:`fama.handouts.suggest`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fama.handouts.words import stems

__all__ = ["Concept", "Vocabulary", "VocabularyError", "parse_vocabulary"]

_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class VocabularyError(ValueError):
    """Bad vocabulary in a handout's front matter: the problem as one sentence."""


@dataclass(frozen=True)
class Concept:
    """A named set of words in a handout's vocabulary that stand for one idea."""

    name: str
    entries: tuple[str, ...]  # as written in the front matter


@dataclass(frozen=True)
class Vocabulary:
    """The ``[concepts]``, ``together`` and ``unless`` of one handout's front matter."""

    concepts: tuple[Concept, ...] = ()
    together: tuple[tuple[str, ...], ...] = ()  # each rule: two or more concept names
    unless: tuple[str, ...] = ()  # concept names


def _texts(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise VocabularyError(f'{where} must be a list of texts in quotes, like ["a", "b"].')
    texts = tuple(dict.fromkeys(v.strip() for v in value))
    if "" in texts:
        raise VocabularyError(f"{where} has an empty entry.")
    return texts


def parse_vocabulary(data: Mapping[str, Any]) -> Vocabulary:
    """The vocabulary from parsed front matter. Raises :class:`VocabularyError` naming the
    first problem: a concept that is not a list of texts or has an entry without words, a
    ``together`` rule that names fewer than two concepts or one that isn't there, an
    ``unless`` that isn't there, or a concept that nothing uses (a typo, most likely)."""
    raw = data.get("concepts", {})
    if not isinstance(raw, dict):
        raise VocabularyError(
            "concepts must be a table: a line [concepts] and under it lists such as "
            'who = ["my boss"].'
        )
    concepts = []
    for name, value in raw.items():
        if not _NAME.fullmatch(name):
            raise VocabularyError(
                f"the concept name {name!r} must be lower-case letters, digits and hyphens."
            )
        entries = _texts(value, f"concepts.{name}")
        if not entries:
            raise VocabularyError(f"concepts.{name} has no words in it.")
        for entry in entries:
            if not stems(entry):
                raise VocabularyError(f"concepts.{name} has an entry with no words: {entry!r}.")
        concepts.append(Concept(name, entries))
    known = {c.name for c in concepts}

    def names(where: str, given: Sequence[str]) -> None:
        for name in given:
            if name not in known:
                raise VocabularyError(f"{where} names {name}, which is not under [concepts].")

    together = []
    for rule in _texts(data.get("together", []), "together"):
        parts = tuple(part.strip() for part in rule.split("+"))
        if len(parts) < 2 or not all(parts):
            raise VocabularyError(
                f'together has {rule!r}: join two or more concept names with +, like "who + tell".'
            )
        if len(set(parts)) < len(parts):
            raise VocabularyError(f"together has {rule!r}, which names a concept twice.")
        names(f"together entry {rule!r}", parts)
        together.append(parts)
    unless = _texts(data.get("unless", []), "unless")
    names("unless", unless)
    used = {name for rule in together for name in rule} | set(unless)
    for concept in concepts:
        if concept.name not in used:
            raise VocabularyError(f"the concept {concept.name} is not used in together or unless.")
    return Vocabulary(tuple(concepts), tuple(together), unless)
