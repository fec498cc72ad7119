"""The change of a figure from the previous period, in words (pure).

One wording for the self-assessment screen and every export, so that a partnership reads
in the file what the lead saw on the screen:

* a share: ``+5 points on the previous period`` (percentage points, whole);
* a rate or a mean: ``+0.3 on the previous period`` (one decimal);
* a plain count: ``-2 on the previous period``.

Nothing is said when there was no previous figure, or when either period has no value to
compare (a share of nobody).
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["Measured", "change_text"]


class Measured(Protocol):
    """What the wording reads from a figure."""

    @property
    def numerator(self) -> int: ...
    @property
    def denominator(self) -> int | None: ...
    @property
    def value(self) -> float | None: ...


def change_text(now: Measured, before: Measured | None, *, share: bool) -> str:
    """``+5 points on the previous period``, or "" when there is nothing to compare.

    ``share`` says the value is a part of a whole (a percentage), not a mean or a rate.
    """
    if before is None:
        return ""
    if now.value is not None and before.value is not None:
        delta = now.value - before.value
        if share:
            return f"{delta * 100:+.0f} points on the previous period"
        return f"{delta:+.1f} on the previous period"
    if now.denominator is None and before.denominator is None:
        return f"{now.numerator - before.numerator:+d} on the previous period"
    return ""
