"""One simulated keyworker for scripts/bench_service.py: a child process of its own.

It connects to the service's database as its own login, through the casebook as the app
does, and works as a keyworker does in a day of one-to-ones: opens its caseload, opens one
of today's clients, answers a few steps of the FAMA conversation (follow-ups of the open
goals, new goals when a meeting is not working out), gives a handout; now and then it
covers for a colleague (a handout and a care-plan review on one of *their* clients, which
the colleague may be changing at the same moment); the lead also rates self-assessment
items. Between actions it waits a "think time".

Every action is timed. Every change the casebook acknowledged is logged with what makes it
findable afterwards (an id, or a unique marker in the words saved), so the driver can check
that the database still holds each one.

Protocol: ``python bench_service_worker.py JOB.json``. The worker warms up (imports, one
of each read), prints ``ready``, waits for a line on stdin, works for the given seconds,
writes its results as JSON to the job's ``out`` file (0600) and prints ``done``.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fama.casebook.service import Casebook
    from fama.conversation import ConversationState, Step
    from fama.handouts.library import Handout

SERVICE = "Bench service"
"""The service whose self-assessment the lead rates."""
TODAY_CLIENTS = 8
"""Clients a keyworker sees in the benchmark's day: the first of theirs by index."""
COVER_CHANCE = 0.15
"""How often a contact is covering for a colleague (one of the colleague's clients today)."""
HANDOUT_CHANCE = 0.3
CARE_PLAN_CHANCE = 0.5
"""When covering: how often a care-plan review is recorded as well as a handout."""
RATE_CHANCE = 0.5
"""The lead: how often a contact is followed by rating a self-assessment item."""
STEPS_PER_CONTACT = (2, 5)
"""Conversation steps answered in one contact (at least, at most)."""


def client_code(index: int) -> str:
    """The benchmark's client codes (the same as scripts/bench.py's)."""
    return f"BN-{index:05d}"


def todays_clients(worker: int, workers: int, clients: int) -> list[str]:
    """The clients keyworker ``worker`` sees today: client ``i`` is worker ``i % workers``'s."""
    return [client_code(i) for i in range(worker, clients, workers)][:TODAY_CLIENTS]


@dataclass
class Log:
    """What one worker measured and what it changed."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    """Each acknowledged change: its kind, client (or item) and what identifies it."""

    def failed(self, op: str, exc: BaseException) -> None:
        self.errors[op] += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(f"{op}: {type(exc).__name__}: {str(exc)[:200]}")


class Keyworker:
    """One keyworker at work: their casebook, their clients, and what they did."""

    def __init__(self, job: dict[str, Any], book: Casebook) -> None:
        self.job = job
        self.book = book
        self.me: str = job["staff_id"]
        self.rng = random.Random(job["seed"])
        self.log = Log()
        self.mine = todays_clients(job["worker"], job["workers"], job["clients"])
        self.colleagues = [
            code
            for other in range(job["workers"])
            if other != job["worker"]
            for code in todays_clients(other, job["workers"], job["clients"])
        ]
        self.think = tuple(job["think"])
        self.markers = 0
        self.today: date = book.today
        self.handouts: tuple[Handout, ...] = ()
        self.items: list[str] = []

    # Timing -------------------------------------------------------------------------------
    def timed(self, op: str, call: Any, *args: Any, **kwargs: Any) -> Any:
        """Run ``call``, keeping its time under ``op``; None (and the error counted) if it
        raised. Then wait a think time, as a keyworker does before the next action."""
        start = time.perf_counter()
        try:
            result = call(*args, **kwargs)
        except Exception as exc:  # counted and shown by the driver; the run goes on
            self.log.failed(op, exc)
            result = None
        else:
            self.log.latencies[op].append(time.perf_counter() - start)
        time.sleep(self.rng.uniform(*self.think))
        return result

    def marker(self) -> str:
        """A unique mark for words saved now, so the driver can find them afterwards."""
        self.markers += 1
        return f"bench {self.me}-{self.markers}"

    # A day's work -------------------------------------------------------------------------
    def work(self, seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            self.contact(deadline)

    def contact(self, deadline: float) -> None:
        """One contact: the caseload, a client, and what is done for them."""
        book = self.book
        self.timed("caseload", book.clients.caseload, keyworker=self.me)
        covering = self.rng.random() < COVER_CHANCE
        code = self.rng.choice(self.colleagues if covering and self.colleagues else self.mine)
        self.timed("open client", book.clients.record, code)
        if covering:
            self.give_handout(code)
            if self.rng.random() < CARE_PLAN_CHANCE:
                self.care_plan_review(code)
        else:
            self.converse(code, deadline)
            if self.rng.random() < HANDOUT_CHANCE:
                self.give_handout(code)
        if self.job["lead"] and self.rng.random() < RATE_CHANCE:
            self.rate_item()

    def converse(self, code: str, deadline: float) -> None:
        """Open the client's conversation (resuming an unfinished one) and answer a few
        steps, as in a session."""
        opened = self.timed("open conversation", self.book.conversations.open, code)
        if opened is None:
            return
        conversation, state, step = opened
        for _ in range(self.rng.randint(*STEPS_PER_CONTACT)):
            if step is None or time.perf_counter() >= deadline:
                return
            kind = step.kind.value
            value, marks = self.answer_for(step, state)
            op = {"goal_form": "save goal", "follow_up_form": "save follow-up"}.get(
                kind, "save answer"
            )
            outcome = self.timed(op, self.book.conversations.answer, code, conversation.id, value)
            if outcome is None:
                return
            self.log.changes.append(
                {
                    "kind": "answer",
                    "code": code,
                    "conversation": conversation.id,
                    "path": len(outcome.state.path),
                }
            )
            if kind == "goal_form":
                self.log.changes.append({"kind": "goal", "code": code, "marks": marks})
            elif kind == "follow_up_form":
                self.log.changes.append({"kind": "follow-up", "code": code, "marks": marks})
            state, step = outcome.state, outcome.step

    def answer_for(self, step: Step, state: ConversationState) -> tuple[object, list[str]]:
        """A plausible answer to ``step``, and the markers it saves."""
        kind = step.kind.value
        week = (self.today + timedelta(days=7)).isoformat()
        fortnight = (self.today + timedelta(days=14)).isoformat()
        first = step.choices[0].key if step.choices else None
        if kind == "goal_form":
            mark = self.marker()
            goal = {"wording": f"Go to one meeting ({mark})", "target_date": week}
            return {**goal, "review_date": fortnight}, [mark]
        if kind == "follow_up_form":
            marks = [self.marker() for _ in state.context.open_goals]
            helps = self.rng.random() < 0.5
            forms = [
                {
                    "goal_id": goal_id,
                    "attended": "yes" if helps else "no",
                    "meetings_since_last": 2 if helps else 0,
                    "helpfulness": 8 if helps else None,
                    "what_it_was_like": f"Said so ({mark})",
                    "next_step": "carry on" if helps else "try another meeting",
                    "talk_again_on": fortnight,
                }
                for goal_id, mark in zip(state.context.open_goals, marks, strict=True)
            ]
            return forms, marks
        answers: dict[str, object] = {
            "quick_reply": first,
            "choices": [first] if first else [],
            "scale": self.rng.randint(3, 9),
            "text": "They said they would think about it",
            "date": fortnight,
            "info": None,
            "meeting_choice": [],
            "contact_call": [],  # nobody rung: the register is empty
            "contact_on_plan": None,
        }
        return answers[kind], []

    def give_handout(self, code: str) -> None:
        handout = self.rng.choice(self.handouts)
        given = self.timed("save handout", self.book.handouts.give, code, handout.id, handout.title)
        if given is not None:
            self.log.changes.append({"kind": "handout", "code": code, "id": given.id})

    def care_plan_review(self, code: str) -> None:
        mark = self.marker()
        review = self.timed(
            "save care-plan review",
            self.book.reviews.record_care_plan_review,
            code,
            held_on=self.today,
            next_review=self.today + timedelta(days=28),
            notes=f"Covered for a colleague ({mark})",
        )
        if review is not None:
            self.log.changes.append({"kind": "care-plan review", "code": code, "id": review.id})

    def rate_item(self) -> None:
        item = self.rng.choice(self.items)
        mark = self.marker()
        period = self.book.assessment.default_period()
        rated = self.timed(
            "save rating", self.book.assessment.rate_item, SERVICE, period, item, comments=mark
        )
        if rated is not None:
            self.log.changes.append(
                {"kind": "rating", "item": item, "mark": mark, "period": str(period.start)}
            )

    def warm_up(self) -> None:
        """One of each read, untimed: imports and first connections are not the figures."""
        from fama.assessment.items import load_catalogue
        from fama.casebook.conversation import conversation_script
        from fama.handouts.library import load_library

        self.book.clients.caseload(keyworker=self.me)
        self.book.clients.record(self.mine[0])
        conversation_script()
        self.handouts = load_library().handouts
        self.items = [item.id for item in load_catalogue().items]
        self.book.directory.by_id()


def main(job_file: str) -> int:
    from fama.casebook.service import Casebook
    from fama.clock import SystemClock
    from fama.store.postgres.store import PostgresStore

    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    book = Casebook(PostgresStore.open(job["url"]), SystemClock())
    if book.user != job["staff_id"]:
        print(f"the login is taken for {book.user}, not {job['staff_id']}", file=sys.stderr)
        return 1
    worker = Keyworker(job, book)
    worker.warm_up()
    print("ready", flush=True)
    if not sys.stdin.readline():
        return 1  # the driver went away before the start
    worker.work(float(job["seconds"]))
    log = worker.log
    result = {
        "latencies": log.latencies,
        "errors": log.errors,
        "error_samples": log.error_samples,
        "changes": log.changes,
    }
    out = Path(job["out"])
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
