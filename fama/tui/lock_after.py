"""How long fama waits, idle, before it locks: ``FAMA_LOCK_AFTER`` read and checked.

Kept apart from the lock screen itself so that starting fama reads the setting without
loading the screen, which is built only the first time the app locks.
"""

from __future__ import annotations

import re

__all__ = ["DEFAULT_LOCK_AFTER_S", "ENV_LOCK_AFTER", "BadLockAfter", "parse_lock_after"]

DEFAULT_LOCK_AFTER_S = 300.0
ENV_LOCK_AFTER = "FAMA_LOCK_AFTER"
SHORTEST_LOCK_AFTER_S = 10.0
LONGEST_LOCK_AFTER_S = 8 * 3600.0
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?)?\s*$")


class BadLockAfter(ValueError):
    """``FAMA_LOCK_AFTER`` holds something fama cannot read as an idle time."""


def parse_lock_after(text: str | None) -> float:
    """The idle time before the app locks, in seconds, from ``FAMA_LOCK_AFTER``: a number of
    seconds, or minutes with ``m`` ("300", "90s", "5m"); unset or empty means five minutes.
    Between ten seconds and eight hours: a screen that never locks is not offered."""
    if text is None or not text.strip():
        return DEFAULT_LOCK_AFTER_S
    found = _DURATION.match(text.lower())
    if found is None:
        raise BadLockAfter(
            f"{ENV_LOCK_AFTER} is not an idle time fama understands: give seconds or minutes, "
            "such as 300, 90s or 5m."
        )
    seconds = float(found.group(1)) * (60 if (found.group(2) or "s").startswith("m") else 1)
    if not SHORTEST_LOCK_AFTER_S <= seconds <= LONGEST_LOCK_AFTER_S:
        raise BadLockAfter(
            f"{ENV_LOCK_AFTER} must be between 10 seconds and 8 hours (it is {text.strip()})."
        )
    return seconds
