"""How well handouts are suggested from what clients say. Prints scores; never asserts.

Run from the repository root::

    .venv/bin/python scripts/handout_score.py

Reads the evaluation set in tests/data/handout_phrasings.toml (phrasings written the way
clients talk, and small talk that must bring nothing), runs ``fama.handouts.suggest.suggest`` on
the packaged handouts and prints: top-1 accuracy (the first suggestion is right; for a
phrasing with two concerns, either counts), top-3 accuracy (every expected handout is in
the top three), the small-talk silence rate, accuracy per handout, each miss with what
came up instead and the words that matched, and how long one suggestion takes over a
2,000-character text (suggest runs on every keystroke over everything said so far): with
every sentence new, and while typing (earlier sentences are remembered).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fama.handouts.library import load_library  # noqa: E402
from fama.handouts.suggest import Suggestion, suggest  # noqa: E402
from tests.helpers.phrasings import Phrasings, evaluate, load_phrasings  # noqa: E402

TEXT_LENGTH = 2000
RUNS = 300


def shown(found: tuple[Suggestion, ...] | list[Suggestion]) -> str:
    if not found:
        return "nothing"
    return "; ".join(f"{s.handout.id} {s.score:g} [{', '.join(s.matched)}]" for s in found)


def long_text(phrasings: Phrasings, run: int = 0) -> str:
    """Everything a talkative client might have said: phrasings and small talk, mixed, each
    a sentence. Each ``run`` numbers its sentences differently, so none was seen before."""
    pieces = [p.text for p in phrasings.said[::3]] + list(phrasings.nothing)
    random.Random(2026).shuffle(pieces)
    text = ""
    for piece in pieces:
        if len(text) >= TEXT_LENGTH:
            break
        text += f"{piece} ({run}). " if run else f"{piece}. "
    return text[:TEXT_LENGTH]


def spread(samples: list[float]) -> str:
    """Median, with the minimum and maximum beside it, in milliseconds."""
    ms = sorted(x * 1000 for x in samples)
    return f"median {statistics.median(ms):.2f} ms (min {ms[0]:.2f}, max {ms[-1]:.2f})"


def timing(phrasings: Phrasings) -> tuple[float, str, str]:
    """The first call on a fresh library (which compiles its vocabulary), in milliseconds;
    calls over 2,000-character texts whose sentences are all new; and keystrokes while the
    last 200 characters are typed one by one after 1,800 already said."""
    library = load_library(extra_folder=None)
    text = long_text(phrasings)
    started = time.perf_counter()
    suggest(text, library, limit=4)
    first = time.perf_counter() - started
    cold = []
    for run in range(1, RUNS + 1):
        fresh = long_text(phrasings, run)
        started = time.perf_counter()
        suggest(fresh, library, limit=4)
        cold.append(time.perf_counter() - started)
    typing = []
    for end in range(TEXT_LENGTH - 200, TEXT_LENGTH + 1):
        started = time.perf_counter()
        suggest(text[:end], library, limit=4)
        typing.append(time.perf_counter() - started)
    return first * 1000, spread(cold), spread(typing)


def main() -> int:
    library = load_library(extra_folder=None)
    phrasings = load_phrasings()
    scores = evaluate(library, phrasings)
    single, double = len(phrasings.single), len(phrasings.double)
    print(
        f"{len(phrasings.said)} phrasings ({single} with one concern, {double} with two), "
        f"{len(phrasings.nothing)} pieces of small talk, {len(library.handouts)} handouts"
    )
    print(f"top-1 accuracy  {scores.first_rate:6.1%}  (first suggestion right)")
    print(f"top-3 accuracy  {scores.top_rate:6.1%}  (every expected handout in the top 3)")
    two = [o for o in scores.outcomes if len(o.phrasing.expect) > 1]
    if two:
        both = sum(o.top_right for o in two)
        print(f"two concerns    {both}/{len(two)} with both in the top 3")
    print(
        f"small talk      {scores.silence_rate:6.1%}  silent "
        f"({scores.small_talk - len(scores.noisy)}/{scores.small_talk})"
    )
    print("\nper handout (first suggestion right / phrasings):")
    for handout_id, (right, total) in sorted(scores.per_handout().items()):
        print(f"  {handout_id:<34} {right:>2}/{total:<2} {right / total:6.1%}")
    misses = scores.misses()
    print(f"\nmisses ({len(misses)}):")
    for outcome in misses:
        expect = " or ".join(outcome.phrasing.expect)
        print(f"  {outcome.phrasing.text!r}\n    want {expect}; got {shown(outcome.found)}")
    print(f"\nsmall talk that brought a handout ({len(scores.noisy)}):")
    for text, found in scores.noisy:
        print(f"  {text!r}: {shown(found)}")
    first, cold, typing = timing(phrasings)
    print(f"\nspeed over {TEXT_LENGTH} characters (suggest runs on every keystroke):")
    print(f"  first call on a new library  {first:.1f} ms (compiles its vocabulary)")
    print(f"  every sentence new           {cold} over {RUNS} texts")
    print(f"  typing the last 200          {typing} a keystroke")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
