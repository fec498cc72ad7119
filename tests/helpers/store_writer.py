"""A child process for crash and concurrency tests: saves in a loop, reporting each save.

Usage: ``python -m tests.helpers.store_writer STORE MODE TAG COUNT``

It prints ``saved <id>`` (flushed) only *after* a save has returned, so the parent knows
exactly which saves the store promised to keep. Modes:

* ``goals``: save COUNT goals into client CRASH-1 (created if missing).
* ``clients``: create COUNT new clients TAG-0, TAG-1, ...
* ``meetings``: replace the whole directory COUNT times; generation k has k+1 meetings,
  all named "gen k", so a torn directory would mix generations.
"""

from __future__ import annotations

import contextlib
import sys
from datetime import date, time
from pathlib import Path

from fama.models import Client, Goal, Meeting, Weekday
from fama.models.organisations import OrgCode
from fama.store import DuplicateClient, open_store


def main() -> None:
    path, mode, tag, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
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
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
