"""The handout-suggestion evaluation set (tests/data/handout_phrasings.toml) and its scores.

Shared by tests/handouts/test_handout_suggest.py, which asserts the scores, and
scripts/handout_score.py, which prints them with the misses.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fama.handouts.library import Library
from fama.handouts.suggest import Suggestion, suggest

DATA = Path(__file__).resolve().parents[1] / "data" / "handout_phrasings.toml"
TOP = 3


@dataclass(frozen=True)
class Phrasing:
    text: str
    expect: tuple[str, ...]  # one handout, or two when the client raised two concerns


@dataclass(frozen=True)
class Phrasings:
    said: tuple[Phrasing, ...]
    nothing: tuple[str, ...]  # small talk: no handout at all

    @property
    def single(self) -> tuple[Phrasing, ...]:
        return tuple(p for p in self.said if len(p.expect) == 1)

    @property
    def double(self) -> tuple[Phrasing, ...]:
        return tuple(p for p in self.said if len(p.expect) > 1)


def load_phrasings(path: Path = DATA) -> Phrasings:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    said = [
        Phrasing(text, (handout_id,))
        for handout_id, table in data["said"].items()
        for text in table["text"]
    ]
    said += [Phrasing(both["text"], tuple(both["expect"])) for both in data["both"]]
    return Phrasings(tuple(said), tuple(data["nothing"]["text"]))


@dataclass(frozen=True)
class Outcome:
    phrasing: Phrasing
    found: tuple[Suggestion, ...]  # the top three

    @property
    def first_right(self) -> bool:
        return bool(self.found) and self.found[0].handout.id in self.phrasing.expect

    @property
    def top_right(self) -> bool:
        """Every expected handout is in the top three."""
        return set(self.phrasing.expect) <= {s.handout.id for s in self.found}


@dataclass(frozen=True)
class Scores:
    outcomes: tuple[Outcome, ...]
    noisy: tuple[tuple[str, tuple[Suggestion, ...]], ...]  # small talk that brought something
    small_talk: int

    @property
    def first_rate(self) -> float:
        return _rate(o.first_right for o in self.outcomes)

    @property
    def top_rate(self) -> float:
        return _rate(o.top_right for o in self.outcomes)

    @property
    def silence_rate(self) -> float:
        return 1 - len(self.noisy) / self.small_talk if self.small_talk else 1.0

    def per_handout(self) -> dict[str, tuple[int, int]]:
        """Handout id -> (first suggestion right, phrasings), over one-concern phrasings."""
        counts: dict[str, tuple[int, int]] = {}
        for outcome in self.outcomes:
            if len(outcome.phrasing.expect) == 1:
                (handout_id,) = outcome.phrasing.expect
                right, total = counts.get(handout_id, (0, 0))
                counts[handout_id] = (right + outcome.first_right, total + 1)
        return counts

    def misses(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not (o.first_right and o.top_right))


def _rate(results: Sequence[bool] | object) -> float:
    values = list(results)  # type: ignore[call-overload]
    return sum(values) / len(values) if values else 1.0


def evaluate(library: Library, phrasings: Phrasings) -> Scores:
    outcomes = tuple(Outcome(p, tuple(suggest(p.text, library, limit=TOP))) for p in phrasings.said)
    noisy = tuple(
        (text, tuple(found))
        for text in phrasings.nothing
        if (found := suggest(text, library, limit=TOP))
    )
    return Scores(outcomes, noisy, len(phrasings.nothing))
