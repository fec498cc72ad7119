"""Conversation-screen figure for scripts/bench.py: a keypress with a long transcript.

Target (issue 5): with a 200-turn transcript, a keypress in the reply box is answered
within 1.2x the time it takes with an empty transcript (Pilot timing).

Two clients in one demo store: one with no conversations, one with 8 earlier conversations
of 25 turns (200 turns, each an app turn and an answer: 400 bubbles on screen). For each,
the conversation screen is opened headless at 130x40 and driven to a free-text question;
then each keypress is timed from ``pilot.press`` until the app is idle again (the key
handled, the reply box redrawn). Rounds alternate between the two clients so that drift
hits both alike.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
EMPTY = "KB-1151"
LONG = "KB-1088"
EARLIER_CONVERSATIONS = 8
TURNS_EACH = 25
SIZE = (130, 40)


@dataclass(frozen=True)
class Figure:
    name: str
    samples: tuple[float, ...]


def long_history(casebook: object) -> int:
    """Give ``LONG`` 200 turns of earlier conversations (real prompts, realistic answers)."""
    from fama.casebook.conversation import conversation_script
    from fama.casebook.service import Casebook
    from fama.models import Conversation, Turn

    assert isinstance(casebook, Casebook)
    script = conversation_script()
    steps = [s for s in script.steps.values() if s.kind.value in {"text", "quick_reply"}]
    record = casebook.clients.record(LONG)
    conversations = []
    for number in range(EARLIER_CONVERSATIONS):
        started = NOW - timedelta(days=7 * (EARLIER_CONVERSATIONS - number) + 1)
        turns = [
            Turn(
                step_id=steps[i % len(steps)].id,
                prompt=steps[i % len(steps)].prompt,
                answer=f"Answer {i} in conversation {number}: they said something about it "
                "and the keyworker wrote a line or two, as people do in a session.",
                answered_at=started + timedelta(minutes=i),
            )
            for i in range(TURNS_EACH)
        ]
        conversations.append(
            Conversation(
                client_code=LONG,
                keyworker=record.client.keyworker,
                started_at=started,
                updated_at=started,
                turns=turns,
                finished=True,
                state={"version": 1, "step": "end", "path": [], "context": {}},
            )
        )
    casebook.store.put_record(record.model_copy(update={"conversations": conversations}))
    return sum(len(c.turns) for c in conversations)


async def time_keys(casebook: object, clock: object, code: str, presses: int) -> list[float]:
    from fama.tui.app import make_app
    from fama.tui.screens.conversation import ConversationScreen

    app = make_app(casebook, clock)  # type: ignore[arg-type]
    samples: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ConversationScreen(code))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        while screen.step is not None and screen.step.id != "s1_past_what":
            await pilot.press("1" if screen.step.id != "s1_past" else "2")
            await pilot.pause()
        for index in range(presses):
            key = "a" if index % 8 else "space"
            started = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            samples.append(time.perf_counter() - started)
        await pilot.press("ctrl+q")
    return samples[3:]  # the first few include the reply box's first layout


def run_all(folder: Path, *, quick: bool) -> list[Figure]:
    from fama.casebook.service import Casebook
    from fama.clock import FixedClock
    from fama.demo.town import build_demo
    from fama.store import open_store

    clock = FixedClock(NOW)
    casebook = Casebook(open_store(folder / "store"), clock)
    casebook.load_demo(build_demo(clock.today()))
    turns = long_history(casebook)
    rounds, presses = (2, 20) if quick else (4, 40)
    empty: list[float] = []
    long: list[float] = []
    for round_number in range(rounds):
        order = [(EMPTY, empty), (LONG, long)]
        if round_number % 2:
            order.reverse()
        for code, samples in order:
            samples.extend(asyncio.run(time_keys(casebook, clock, code, presses)))
            # a fresh conversation each round: forget the one just opened
            record = casebook.clients.record(code)
            kept = [c for c in record.conversations if c.finished]
            casebook.store.put_record(record.model_copy(update={"conversations": kept}))
    return [
        Figure("keypress, empty transcript", tuple(empty)),
        Figure(f"keypress, {turns}-turn transcript", tuple(long)),
    ]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for figure in run_all(Path(tmp), quick=True):
            print(figure.name, f"{statistics.median(figure.samples) * 1000:.1f} ms")
