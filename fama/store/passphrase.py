"""Where the passphrase of an encrypted store comes from, when fama opens it.

Asked once per process and store: from the file ``FAMA_PASSPHRASE_FILE`` names (for
scripts), else typed in a terminal (``getpass``, nothing echoed); with neither, opening
stops with one sentence. The passphrase is the file's text without its final line break.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from fama.errors import StoreLocked

ENV_PASSPHRASE_FILE = "FAMA_PASSPHRASE_FILE"
MOST_BYTES = 4096
"""A file longer than this is not a passphrase (a wrong file named, say)."""


def from_file(variable: str) -> str | None:
    """The passphrase in the file the environment variable ``variable`` names; ``None``
    if it names none; ``StoreLocked`` if that file cannot be read as one."""
    name = os.environ.get(variable)
    if not name:
        return None
    path = Path(name).expanduser()
    try:
        if not path.is_file():
            raise StoreLocked(f"{variable} names {path}, which is not a file.")
        if path.stat().st_size > MOST_BYTES:
            raise StoreLocked(f"{variable} names {path}, which is too long to be a passphrase.")
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise StoreLocked(f"{variable} names {path}, which is not UTF-8 text.") from None
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise StoreLocked(f"{variable} names {path}, which cannot be read ({reason}).") from None
    text = text.removesuffix("\n").removesuffix("\r")
    if not text:
        raise StoreLocked(f"{variable} names {path}, which is empty.")
    return text


def on_terminal() -> bool:
    """Can a passphrase be typed (fama runs in a terminal)?"""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def typed(prompt: str) -> str:
    """A passphrase typed at the terminal (not echoed); ``StoreLocked`` if none was."""
    import getpass

    try:
        text = getpass.getpass(prompt)
    except EOFError:
        text = ""
    if not text:
        raise StoreLocked("No passphrase was typed; nothing was opened or changed.")
    return text


def ask_passphrase(root: Path, what: str | None = None) -> str:
    """The passphrase of the encrypted store at ``root`` (or of ``what``, a sealed export),
    from ``FAMA_PASSPHRASE_FILE`` or typed in the terminal."""
    named = what or f"the store at {root}"
    given = from_file(ENV_PASSPHRASE_FILE)
    if given is not None:
        return given
    if on_terminal():
        return typed(f"Passphrase of {named}: ")
    raise StoreLocked(
        f"{named[0].upper()}{named[1:]} is encrypted: type its passphrase in a terminal, or "
        f"set {ENV_PASSPHRASE_FILE} to a file holding it."
    )
