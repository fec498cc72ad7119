"""``fama retention [--purge]``: the records kept past the service's retention period, and
erasing them after a confirmation.

The period is eight years after the episode ended unless ``--years`` or
``FAMA_RETENTION_YEARS`` says otherwise. A purge erases each record everywhere an erasure
does (backups, files written for the client), audits each as an erasure, and keeps only
the record's facts for the self-assessment (no code, no words), so the figures of past
periods do not change.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import TextIO

from fama.cli.files import EXIT_USAGE, CommandError, open_casebook
from fama.clients.retention import ENV_YEARS, BadRetention, parse_years
from fama.clock import Clock
from fama.text.safe import shown

CONFIRM_WORD = "PURGE"


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    add_store_option: Callable[[argparse.ArgumentParser], None],
) -> None:
    """``fama retention``."""
    retention = commands.add_parser(
        "retention", help="records kept past the retention period; --purge erases them"
    )
    add_store_option(retention)
    retention.add_argument(
        "--years",
        metavar="N",
        help=f"years kept after the episode ended (default {ENV_YEARS}, else 8)",
    )
    retention.add_argument("--purge", action="store_true", help="erase them, after asking")
    retention.add_argument("--yes", action="store_true", help="with --purge: do not ask")
    retention.add_argument("--json", action="store_true", help="print JSON")


def cmd_retention(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    try:
        years = parse_years(args.years if args.years is not None else os.environ.get(ENV_YEARS))
    except BadRetention as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    book = open_casebook(args, clock)
    due = book.clients.past_retention(years)
    if args.json and not args.purge:
        rows = [
            {
                "code": d.code,
                "keyworker": d.keyworker,
                "episode_ended": d.ended.isoformat(),
                "kept_until": d.kept_until.isoformat(),
            }
            for d in due
        ]
        out.write(json.dumps(rows, indent=2) + "\n")
        return 0
    count = len(due)
    clients = f"{count} client{'s' if count != 1 else ''}"
    if not due:
        out.write(f"No client is past the retention period ({years} years after the episode).\n")
        return 0
    out.write(f"{clients} past the retention period ({years} years after the episode ended):\n")
    out.write(f"{'CODE':12} {'KW':4} {'EPISODE ENDED':14} KEPT UNTIL\n")
    for d in due:
        ended, until = f"{d.ended:%d/%m/%Y}", f"{d.kept_until:%d/%m/%Y}"
        out.write(f"{shown(d.code):12} {shown(d.keyworker):4} {ended:14} {until}\n")
    if not args.purge:
        out.write("`fama retention --purge` erases them, after asking.\n")
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandError(
                "Purging needs a confirmation; run it in a terminal or add --yes.", EXIT_USAGE
            )
        out.write(
            f"This erases every record of these {clients}, from backups too, keeping only "
            "their figures for the self-assessment (no code, no words). It cannot be undone.\n"
        )
        out.flush()
        if input(f"Type {CONFIRM_WORD} to confirm: ").strip() != CONFIRM_WORD:
            out.write("Nothing was erased.\n")
            return 1
    purged = book.clients.purge(years)
    records = sum(erased.records for _, erased in purged)
    out.write(
        f"Purged {len(purged)} client{'s' if len(purged) != 1 else ''} "
        f"({records} record{'s' if records != 1 else ''}); each erasure is in the audit trail.\n"
    )
    for _, erased in purged:
        for path in erased.not_found:
            out.write(f"Not found, may have been moved: {path}\n")
        for path, problem in erased.failed:
            out.write(f"Could not delete {path} ({problem})\n")
    return 0
