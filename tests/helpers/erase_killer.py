"""A child process for the erasure kill test: erases one client, killing itself at a sync.

Usage: ``python -m tests.helpers.erase_killer STORE CODE K``

Once the store is open, every ``os.fsync`` is counted; at the K-th the process sends itself
SIGKILL before syncing (K = 0: never). Each durable step of an erasure ends in a sync, so
killing at each one in turn stops the erasure after each step it takes. With K = 0 it prints
``syncs N``, how many syncs the whole erasure made.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.store import open_store
from tests.helpers.sync_killer import run_killed_at_sync


def main() -> None:
    path, code, kill_at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    casebook = Casebook(open_store(path), FixedClock(datetime(2026, 11, 24, 10, 30, tzinfo=UTC)))
    run_killed_at_sync(lambda: casebook.clients.erase(code), kill_at)


if __name__ == "__main__":
    main()
