"""Keys from opening a client to a saved goal (issue 11: at most 30), counted with Pilot.

A new demo client is walked the quick way a keyworker would in a session: open them from
the caseload, start the conversation, answer stage 1 (their own words typed once, every
optional question left as it stands with Enter), choose the best-ranked meeting and save
the goal fama suggests. Every key pressed is counted; the client's own words are counted
apart (they are the client's, not the app's cost). The goal must be in the store at the
end, or the count is refused.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
CLIENT = "KB-1151"
SIZE = (80, 24)
WORDS = "worried it's religious"
"""What the client says about hopes and worries: the one answer stage 1 requires in words."""

ROUTE: tuple[str, ...] = (
    "enter",  # open the client highlighted on the caseload
    "c",  # the conversation
    "1",  # happy to talk about it
    "1",  # never been to a group
    "enter",  # what they know: left blank
    f"type:{WORDS}",
    "enter",  # hopes and worries, in their words
    "enter",  # the options, explained
    "7",
    "enter",  # interest, 0 to 10
    "1",  # yes, let's find one
    *("enter",) * 7,  # programmes, days, times, attendance, audience, access, travel
    "1",
    "enter",  # the best-ranked meeting
    *("enter",) * 4,  # the goal form as suggested: wording, target, talk, meetings
)


@dataclass(frozen=True)
class KeyCount:
    keys: int
    """Keys the keyworker pressed, not counting the client's words."""
    typed: int
    """Characters of the client's own words."""


async def walk(folder: Path) -> KeyCount:
    from fama.casebook.service import Casebook
    from fama.clock import FixedClock
    from fama.demo.town import build_demo
    from fama.store import open_store
    from fama.tui.app import make_app

    clock = FixedClock(NOW)
    casebook = Casebook(open_store(folder / "store"), clock)
    casebook.load_demo(build_demo(clock.today()))
    app = make_app(casebook, clock)
    keys = typed = 0
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*CLIENT)  # the filter: finding the client is not the session's cost
        await pilot.pause()
        for step in ROUTE:
            if step.startswith("type:"):
                text = step.removeprefix("type:")
                await pilot.press(*text)
                typed += len(text)
            else:
                await pilot.press(step)
                keys += 1
            await pilot.pause()
    goals = casebook.clients.record(CLIENT).goals
    if len(goals) != 1:
        raise SystemExit(f"The walk did not save a goal ({len(goals)} goals): the route is stale.")
    return KeyCount(keys, typed)


def run(folder: Path) -> KeyCount:
    return asyncio.run(walk(folder))


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="fama-keys-") as tmp:
        count = run(Path(tmp))
    print(
        f"keys from opening a client to a saved goal: {count.keys} "
        f"(target at most 30), plus {count.typed} characters of the client's own words"
    )
