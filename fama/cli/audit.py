"""``fama audit show | verify``: read the audit trail, and check nobody edited it.

``show`` lists entries oldest first (time in UTC, login, action, record, what), filtered by
client code, day and login; a record is named by its client code while the store holds the
client, else by its internal id (an erased client's tombstone). ``verify`` walks the chain
from the first entry and names the first broken one, with exit 2.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TextIO

from fama.cli.files import EXIT_USAGE, CommandError, open_casebook
from fama.clock import Clock
from fama.text.dates import DateTextError, parse_day
from fama.text.safe import shown

EXIT_BROKEN = 2


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    add_store_option: Callable[[argparse.ArgumentParser], None],
) -> None:
    """``fama audit ...``."""
    audit = commands.add_parser("audit", help="who viewed, changed, exported or erased what")
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION")
    show = actions.add_parser("show", help="list the audit trail, oldest first")
    add_store_option(show)
    show.add_argument("--client", metavar="CODE", help="only entries about this client")
    show.add_argument("--since", metavar="DATE", help="only entries on or after this day")
    show.add_argument("--who", metavar="LOGIN", help="only entries by this login")
    show.add_argument("--json", action="store_true", help="print JSON")
    verify = actions.add_parser("verify", help="check that no entry was changed or removed")
    add_store_option(verify)


def command_for(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> Callable[[argparse.Namespace, Clock, TextIO], int]:
    """The function that runs ``fama audit ACTION``."""
    if args.audit_command is None:
        parser.parse_args(["audit", "--help"])
    return {"show": cmd_show, "verify": cmd_verify}[args.audit_command]


def cmd_show(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    since = None
    if args.since is not None:
        try:
            since = parse_day(args.since, clock.today(), toward="past")
        except DateTextError as exc:
            raise CommandError(f"--since: {exc}", EXIT_USAGE) from None
    client = args.client.strip().upper() if args.client else None
    who = args.who.strip() if args.who else None
    entries = open_casebook(args, clock).trail.entries(client=client, since=since, who=who)
    if args.json:
        rows = [
            {**shown_entry.entry.as_dict(), "client": shown_entry.client} for shown_entry in entries
        ]
        out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return 0
    if not entries:
        out.write("No entries.\n")
        return 0
    table = [["When (UTC)", "Who", "Action", "Record", "What"]]
    table += [shown_entry.cells() for shown_entry in entries]
    table = [[shown(cell) for cell in row] for row in table]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        out.write("  ".join([*cells, row[4]]).rstrip() + "\n")
    return 0


def cmd_verify(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    verdict = open_casebook(args, clock).trail.verify()
    if verdict.intact:
        out.write(verdict.sentence() + "\n")
        return 0
    raise CommandError(verdict.sentence(), EXIT_BROKEN)
