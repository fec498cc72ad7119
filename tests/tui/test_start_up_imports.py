"""Starting fama loads what the first painted caseload needs and nothing more: the lock
screen, the command palette, the conversation, the directory's ranking, pydantic and the
optional libraries load the first time they are used (scripts/bench.py --only cold-start
measures the start; this keeps the cheap start from wearing away unnoticed)."""

from __future__ import annotations

import subprocess
import sys

DEFERRED = (
    "fama.tui.screens.lock",
    "fama.tui.palette",
    "fama.tui.screens.conversation",
    "fama.conversation",
    "fama.directory.matching",
    "fama.assessment",
    "fama.handouts",
    "fama.store.postgres",
    "pydantic",
    "icalendar",
    "cryptography",
    "argon2",
    "psycopg",
    "openpyxl",
    "markdown_it",
)


def test_starting_the_app_leaves_the_rest_for_later() -> None:
    code = (
        "import sys, fama.cli.main, fama.tui.app, fama.tui.screens.caseload\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "fama.tui.widgets.footer" in loaded  # the check sees what the start loads
    early = [m for m in DEFERRED if m in loaded or any(x.startswith(m + ".") for x in loaded)]
    assert early == []
