"""``fama store encrypt | decrypt | passphrase | open-export``: encryption at rest of a store
folder, and opening an export sealed by an encrypted store.

The store's passphrase is asked when the store is opened (``FAMA_PASSPHRASE_FILE``, else
typed in the terminal). A new passphrase (``encrypt``; ``passphrase``) is typed twice in a
terminal, or read from the file ``FAMA_PASSPHRASE_FILE`` (``encrypt``) or
``FAMA_NEW_PASSPHRASE_FILE`` (``passphrase``) names, for scripts.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from fama.cli.files import (
    EXIT_USAGE,
    CommandError,
    open_casebook,
    output_target_for,
    write_output,
)
from fama.clock import Clock
from fama.paths import resolve_store
from fama.store.passphrase import ENV_PASSPHRASE_FILE, ask_passphrase, from_file, on_terminal, typed

ENV_NEW_PASSPHRASE_FILE = "FAMA_NEW_PASSPHRASE_FILE"
SHORTEST_PASSPHRASE = 8
KEEP_IT = (
    "Keep the passphrase, and the store's fama-key.json, safe: without both, nothing in "
    "the store or its backups can be read."
)


def add_encryption_commands(
    actions: argparse._SubParsersAction[argparse.ArgumentParser],
    add_store_option: Callable[[argparse.ArgumentParser], None],
) -> None:
    """``fama store encrypt``, ``decrypt``, ``passphrase`` and ``open-export``."""
    for name, words in (
        ("encrypt", "encrypt a store folder at rest under a passphrase (backups and trail too)"),
        ("decrypt", "put an encrypted store folder back in clear"),
        ("passphrase", "change an encrypted store's passphrase (rewraps its key only)"),
    ):
        add_store_option(actions.add_parser(name, help=words))
    opened = actions.add_parser(
        "open-export", help="open an export sealed by an encrypted store, with its passphrase"
    )
    opened.add_argument("file", metavar="FILE", help="the sealed export")
    opened.add_argument(
        "-o", "--output", metavar="FILE", help="file to write, private to you (default: stdout)"
    )


def command_for(action: str) -> Callable[[argparse.Namespace, Clock, TextIO], int]:
    return {
        "encrypt": cmd_encrypt,
        "decrypt": cmd_decrypt,
        "passphrase": cmd_passphrase,
        "open-export": cmd_open_export,
    }[action]


def new_passphrase(variable: str) -> str:
    """A new passphrase: from the file ``variable`` names, else typed twice in a terminal."""
    given = from_file(variable)
    if given is None:
        if not on_terminal():
            raise CommandError(
                f"Type the new passphrase in a terminal, or set {variable} to a file "
                "holding it; nothing was changed.",
                EXIT_USAGE,
            )
        given = typed("New passphrase: ")
        _long_enough(given)  # said before asking for it again
        if typed("The same again: ") != given:
            raise CommandError("The two passphrases differ; nothing was changed.", EXIT_USAGE)
    _long_enough(given)
    return given


def _long_enough(given: str) -> None:
    if len(given) < SHORTEST_PASSPHRASE:
        raise CommandError(
            f"A passphrase must be at least {SHORTEST_PASSPHRASE} characters long; "
            "nothing was changed.",
            EXIT_USAGE,
        )


def cmd_encrypt(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Seal the store: every file, backup and the audit trail (finishes an interrupted run)."""
    casebook = open_casebook(args, clock)
    casebook.protection.require()  # a database is refused before a passphrase is asked
    where = resolve_store(args.data)
    if casebook.protection.encrypted():
        out.write(f"The store at {where} is encrypted; nothing more was changed.\n")
        return 0
    casebook.protection.encrypt(new_passphrase(ENV_PASSPHRASE_FILE))
    out.write(
        f"Encrypted the store at {where}: its files, backups and audit trail are sealed, "
        f"and fama asks for the passphrase when it opens it. {KEEP_IT}\n"
    )
    return 0


def cmd_decrypt(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Put the store back in clear (finishes an interrupted run)."""
    casebook = open_casebook(args, clock)
    casebook.protection.require()
    where = resolve_store(args.data)
    if not casebook.protection.encrypted():
        out.write(f"The store at {where} is not encrypted; nothing was changed.\n")
        return 0
    casebook.protection.decrypt()
    out.write(f"Decrypted the store at {where}: its files, backups and audit trail are in clear.\n")
    return 0


def cmd_passphrase(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """A new passphrase for the store (the current one was asked when it opened)."""
    casebook = open_casebook(args, clock)
    casebook.protection.require()
    where = resolve_store(args.data)
    if not casebook.protection.encrypted():
        raise CommandError(
            f"The store at {where} is not encrypted; `fama store encrypt` encrypts it.",
            EXIT_USAGE,
        )
    casebook.protection.change_passphrase(new_passphrase(ENV_NEW_PASSPHRASE_FILE))
    out.write(f"Changed the passphrase of the store at {where}. {KEEP_IT}\n")
    return 0


def cmd_open_export(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """The JSON of a sealed export, to ``-o`` or stdout."""
    from fama.store.key_file import KeyFileDamaged, is_sealed_export, open_export

    source = Path(args.file).expanduser()
    target = output_target_for(args, "the opened export") if args.output else None
    try:
        if not source.is_file():
            raise CommandError(f"{source} is not a file; give a sealed export.", EXIT_USAGE)
        raw = source.read_bytes()
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise CommandError(f"Could not read {source} ({reason}).", EXIT_USAGE) from None
    if not is_sealed_export(raw):
        raise CommandError(
            f"{source} is not an export sealed by fama (an export in clear needs no opening).",
            EXIT_USAGE,
        )
    try:
        data = open_export(raw, ask_passphrase(source, f"the export {source}"))
    except KeyFileDamaged as exc:
        raise CommandError(f"{source} cannot be opened: {exc}.", EXIT_USAGE) from None
    if data is None:
        raise CommandError(
            f"That is not the passphrase {source} was sealed with; nothing was written.",
            EXIT_USAGE,
        )
    if target is None:
        out.write(data.decode("utf-8"))
        return 0
    write_output(target, data)
    out.write(f"Opened {source} into {target} (private to you), in clear.\n")
    return 0
