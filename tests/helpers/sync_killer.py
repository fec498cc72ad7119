"""Run an action in a child process that kills itself at its Nth fsync (0: never), then
prints how many fsyncs it made: the crash tests' way to stop a write at every step."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable


def run_killed_at_sync(action: Callable[[], object], kill_at: int) -> None:
    """Call ``action`` with every fsync counted; SIGKILL this process at sync ``kill_at``.
    Prints ``syncs N`` when it ran to the end."""
    real_fsync = os.fsync
    count = 0

    def counting_fsync(fd: int) -> None:
        nonlocal count
        count += 1
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        real_fsync(fd)

    os.fsync = counting_fsync  # type: ignore[assignment]
    try:
        action()
    finally:
        os.fsync = real_fsync
    print(f"syncs {count}", flush=True)
