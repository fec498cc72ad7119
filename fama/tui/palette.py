"""What the command palette offers from Textual's own commands.

Textual's "Screenshot" command writes an SVG of the screen into the current folder with the
umask's permissions. A screenshot of fama holds client details (a caseload, a conversation)
that no record lists, so a subject access export would miss it and an erasure would leave
it behind: fama does not offer it.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import SystemCommand

NOT_OFFERED = frozenset({"Screenshot"})


def offered(commands: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    """Textual's system commands less those fama does not offer."""
    return (command for command in commands if command.title not in NOT_OFFERED)
