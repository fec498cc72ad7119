"""A child process for crash and concurrency tests: saves in a loop, reporting each save.

Usage: ``python -m tests.helpers.store_writer STORE MODE TAG COUNT``

It prints ``saved <id>`` (flushed) only *after* a save has returned, so the parent knows
exactly which saves the store promised to keep. Modes:

* ``goals``: save COUNT goals into client CRASH-1 (created if missing).
* ``clients``: create COUNT new clients TAG-0, TAG-1, ...
* ``meetings``: replace the whole directory COUNT times; generation k has k+1 meetings,
  all named "gen k", so a torn directory would mix generations.
* ``conversation``: answer COUNT conversation steps for client CRASH-2 through the
  casebook, as the chat screen does (one locked save per answer), starting a new
  conversation whenever one finishes; prints ``saved <conversation id> <answers so far>``.
* ``service``: COUNT rounds of every write method of the casebook that adds something,
  against records other processes in the same mode change too (set up by
  :func:`prepare_service_store`); prints ``saved <method> <TAG>-<i>`` after each.
  ``OTHERS`` (a fifth argument, comma-separated tags) names the other writers, whose
  conversation clients this one gives handouts to.
"""

from __future__ import annotations

import contextlib
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from fama.conversation import Step
from fama.models import Client, Goal, Meeting, Weekday
from fama.models.organisations import OrgCode
from fama.store import DuplicateClient, is_database_url, open_store


def main() -> None:
    location, mode, tag, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    path: Path | str = location if is_database_url(location) else Path(location)
    store = open_store(path)
    if mode == "goals":
        with contextlib.suppress(DuplicateClient):  # a later run finds it already there
            store.create_client(
                Client(
                    code="CRASH-1",
                    keyworker="JB",
                    postcode_district="DE1",
                    episode_start=date(2026, 1, 5),
                )
            )
        for i in range(count):
            goal = Goal(
                id=f"{tag}-{i}",
                client_code="CRASH-1",
                wording=f"Attend meeting number {i} [x] stop [/] now",
                target_date=date(2026, 12, 1),
            )
            store.save_goal(goal)
            print(f"saved {goal.id}", flush=True)
    elif mode == "clients":
        for i in range(count):
            code = f"{tag}-{i}"
            store.create_client(
                Client(
                    code=code,
                    keyworker="PA",
                    postcode_district="M14",
                    episode_start=date(2026, 2, 1),
                )
            )
            print(f"saved {code}", flush=True)
    elif mode == "meetings":
        for k in range(count):
            meetings = [
                Meeting(
                    id=f"m-{j}",
                    organisation=OrgCode.AA,
                    name=f"gen {k}",
                    weekday=Weekday(j % 7),
                    start=time(19, 0),
                )
                for j in range(k + 1)
            ]
            store.replace_meetings(meetings)
            print(f"saved gen-{k}", flush=True)
    elif mode == "conversation":
        converse(path, count)
    elif mode == "service":
        from tests.helpers.service_writes import write_everything

        others = sys.argv[5].split(",") if len(sys.argv) > 5 and sys.argv[5] else []
        folder = Path(sys.argv[6]) if len(sys.argv) > 6 else Path(location).parent
        write_everything(path, tag, count, others, folder)
    else:
        raise SystemExit(f"unknown mode {mode}")


def an_answer(step: Step, open_goals: tuple[str, ...], today: date) -> object:
    """A valid answer to any step: the first choice, a sentence, a date a week away."""
    kind = step.kind.value
    week = (today + timedelta(days=7)).isoformat()
    answers: dict[str, object] = {
        "quick_reply": step.choices[0].key if step.choices else None,
        "choices": [],
        "scale": 6,
        "text": "They said [x] stop [/] now, and more besides",
        "date": week,
        "info": None,
        "meeting_choice": [],
        "contact_call": [],  # nobody rung: who they will meet is asked next
        "contact_on_plan": None,
        "goal_form": {"wording": "Go to one meeting [x]", "target_date": week, "review_date": week},
        "follow_up_form": [
            {
                "goal_id": g,
                "attended": "yes",
                "meetings_since_last": 1,
                "next_step": "carry on",
                "talk_again_on": week,
            }
            for g in open_goals
        ],
    }
    return answers[kind]


def converse(path: Path | str, count: int) -> None:
    from fama.casebook.service import Casebook
    from fama.clock import FixedClock

    clock = FixedClock(datetime(2026, 11, 24, 10, 30, tzinfo=UTC))
    casebook = Casebook(open_store(path), clock)
    with contextlib.suppress(DuplicateClient):
        casebook.store.create_client(
            Client(
                code="CRASH-2",
                keyworker="DO",
                postcode_district="DE1",
                episode_start=date(2026, 1, 5),
            )
        )
    conversation, state, step = casebook.conversations.open("CRASH-2")
    for _ in range(count):
        if step is None:
            conversation, state, step = casebook.conversations.open("CRASH-2")
            continue
        outcome = casebook.conversations.answer(
            "CRASH-2", conversation.id, an_answer(step, state.context.open_goals, clock.today())
        )
        state, step = outcome.state, outcome.step
        print(f"saved {conversation.id} {len(state.path)}", flush=True)


if __name__ == "__main__":
    main()
