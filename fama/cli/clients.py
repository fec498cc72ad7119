"""CLI commands for client records: list, add, export, erase and summary.

Kept apart from :mod:`fama.cli.main` so each stays small; ``main`` registers these and turns
the errors they raise into one sentence on stderr. Every command goes through the casebook.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from fama.cli.files import (
    EXIT_USAGE,
    SEALED_HOW,
    CommandError,
    add_clear_option,
    export_sealing,
    open_casebook,
    output_target_for,
    print_json,
    write_output,
)
from fama.clock import Clock
from fama.store import ClientNotFound
from fama.text.dates import DateTextError, Toward, parse_day
from fama.text.safe import json_text, shown

SUMMARY_FORMATS = ("md", "html", "txt")

Command = Callable[[argparse.Namespace, Clock, TextIO], int]


def add_commands(commands: Any, add_data_option: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``client`` and its actions on the main parser's subparsers."""
    client = commands.add_parser("client", help="list, export, summarise or erase client records")
    client_commands = client.add_subparsers(dest="client_command", metavar="ACTION")
    listing = client_commands.add_parser("list", help="list clients")
    add_data_option(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    export = client_commands.add_parser(
        "export", help="print one client's whole record as JSON (subject access request)"
    )
    add_data_option(export)
    export.add_argument("code", help="client code")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="file to write, private to you (default: stdout)"
    )
    add_clear_option(export)
    add = client_commands.add_parser("add", help="add a client (for scripts and team leads)")
    add_data_option(add)
    add.add_argument("code", help="client code, e.g. KB-1234")
    add.add_argument("--keyworker", metavar="KW", required=True, help="keyworker's initials")
    add.add_argument(
        "--postcode", metavar="DISTRICT", required=True, help="postcode district only, e.g. SE1"
    )
    add.add_argument(
        "--episode-start",
        metavar="DATE",
        default="today",
        help="when this treatment episode started: 2026-09-01, 1/9, 4w (default: today)",
    )
    add.add_argument("--substances", metavar="LIST", default="", help="e.g. alcohol,crack")
    add.add_argument("--next-review", metavar="DATE", default="", help="next care-plan review")
    erase = client_commands.add_parser("erase", help="delete every record of one client")
    add_data_option(erase)
    erase.add_argument("code", help="client code")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    summary = client_commands.add_parser(
        "summary", help="one client's mutual aid summary for the care plan"
    )
    add_data_option(summary)
    summary.add_argument("code", help="client code")
    summary.add_argument(
        "--since",
        metavar="DATE",
        help="start of the period, as the review screen takes it: 2026-09-01, 1/9, 4w, mon "
        "(the latest such day; default: the last care-plan review, else the start of the "
        "episode)",
    )
    summary.add_argument(
        "--until",
        metavar="DATE",
        help="end of the period: 2026-11-30, 30/11, fri, today (the nearest such day; "
        "default: today)",
    )
    summary.add_argument(
        "--format",
        choices=SUMMARY_FORMATS,
        help="md, html (prints on A4) or txt (default: from the -o file's name, else md)",
    )
    summary.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")


def command_for(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Command:
    """The function to run for ``fama client ACTION`` (help, and exit, for no action)."""
    if args.client_command is None:
        parser.parse_args(["client", "--help"])
    commands: dict[str, Command] = {
        "list": cmd_client_list,
        "add": cmd_client_add,
        "export": cmd_client_export,
        "erase": cmd_client_erase,
        "summary": cmd_client_summary,
    }
    return commands[args.client_command]


def _iso_or_none(day: date | None) -> str | None:
    return day.isoformat() if day else None


def cmd_client_list(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """``fama client list``: the caseload, in the app's order, as a table or JSON."""
    casebook = open_casebook(args, clock)
    entries = casebook.clients.caseload().entries
    if args.json:
        rows = [
            {
                "code": e.code,
                "keyworker": e.summary.keyworker,
                "stage": e.summary.stage.value,
                "declined_on": _iso_or_none(e.summary.declined_on),
                "revisit_on": _iso_or_none(e.summary.revisit_on),
                "next_due": (
                    {
                        "what": e.due.kind.value,
                        "date": e.due.on.isoformat() if e.due.on else None,
                        "overdue": e.due.overdue,
                    }
                    if e.due
                    else None
                ),
            }
            for e in entries
        ]
        print_json(rows, out)
        return 0
    if not entries:
        out.write("No clients in this store yet.\n")
        return 0
    out.write(f"{'CODE':<12} {'KW':<4} {'STAGE':<12} NEXT DUE\n")
    for e in entries:
        due = e.due.describe(casebook.today) if e.due else "-"
        out.write(f"{e.code:<12} {e.summary.keyworker:<4} {e.summary.stage_label:<12} {due}\n")
    return 0


def cmd_client_export(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """``fama client export CODE``: one client's whole record as JSON (a subject access
    request), to stdout or a private file."""
    target = output_target_for(args, "the client's record") if args.output else None
    code = args.code.strip().upper()
    casebook = open_casebook(args, clock)
    seal = export_sealing(casebook, target, args.clear)
    data = casebook.clients.export(code)
    if target is None:
        print_json(data, out)
        return 0
    text = (json_text(data) + "\n").encode("utf-8")
    write_output(target, seal(text) if seal else text)
    how = f"sealed: {SEALED_HOW.format(target=target)}" if seal else "private to you"
    out.write(f"Wrote the whole record of client {code} to {target} ({how}).\n")
    return 0


ADD_OPTIONS = {
    "code": "CODE",
    "keyworker": "--keyworker",
    "postcode_district": "--postcode",
    "substances": "--substances",
    "episode_start": "--episode-start",
    "next_review": "--next-review",
}
"""The option each field of the client form comes from, to name it in a message."""


def cmd_client_add(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """``fama client add CODE``: a new client from the command line, checked as the form
    checks it."""
    from fama.clients.form import ClientForm, FormErrors

    form = ClientForm(
        code=args.code,
        keyworker=args.keyworker,
        postcode_district=args.postcode,
        substances=args.substances,
        episode_start=args.episode_start,
        next_review=args.next_review,
    )
    casebook = open_casebook(args, clock, create=True)
    try:
        client = casebook.clients.add(form)
    except FormErrors as exc:
        for name, message in exc.errors.items():
            sys.stderr.write(shown(f"fama: {ADD_OPTIONS.get(name, name)}: {message}\n"))
        return EXIT_USAGE
    out.write(
        f"Added client {client.code} (keyworker {client.keyworker}, "
        f"{client.postcode_district}, episode from {client.episode_start:%d/%m/%Y}).\n"
    )
    return 0


def cmd_client_erase(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """``fama client erase CODE``: after a confirmation, every record of the client and
    the files written for them, and what could not be found."""
    casebook = open_casebook(args, clock)
    code = args.code.strip().upper()
    erasure = None
    try:
        record = casebook.clients.record(code)  # raises ClientNotFound before we ask anything
    except ClientNotFound:
        # Opening the store finishes an erasure a kill interrupted: report it, else re-raise.
        erasure = casebook.clients.erase(code)
    if erasure is None and not args.yes:
        if not sys.stdin.isatty():
            raise CommandError(
                "Erasing needs a confirmation; run it in a terminal or add --yes.", EXIT_USAGE
            )
        files = len(record.files)
        written = (
            f", and the {files} file{'s' if files != 1 else ''} fama wrote about them"
            if files
            else ""
        )
        out.write(
            f"This deletes every record of client {code} ({record.record_count} records), "
            f"including from backups{written}. It cannot be undone.\n"
        )
        out.flush()
        answer = input(shown(f"Type {code} to confirm: ")).strip().upper()
        if answer != code:
            out.write("Nothing was erased.\n")
            return 1
    if erasure is None:
        erasure = casebook.clients.erase(code)
    count = erasure.records
    out.write(f"Erased client {code}: {count} record{'s' if count != 1 else ''} deleted.\n")
    for path in erasure.deleted:
        out.write(f"Deleted {path}\n")
    for path in erasure.not_found:
        out.write(f"Not found, may have been moved: {path}\n")
    for path, problem in erasure.failed:
        out.write(f"Could not delete {path} ({problem})\n")
    if erasure.not_found or erasure.failed:
        out.write("Find and delete those files by hand: they are about this client.\n")
    return 0


def _period_day(text: str | None, option: str, today: date, toward: Toward) -> date | None:
    """A ``--since`` or ``--until`` date read as the review screen reads it (see
    :func:`fama.text.dates.parse_day`); a bad one is a usage error in one sentence."""
    if text is None:
        return None
    try:
        return parse_day(text, today, toward=toward)
    except DateTextError as exc:
        raise CommandError(f"{option}: {exc}", EXIT_USAGE) from None


def _summary_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lower() if args.output else ""
    return {".html": "html", ".htm": "html", ".txt": "txt"}.get(suffix, "md")


def cmd_client_summary(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """``fama client summary CODE``: the client's mutual aid summary for the care plan."""
    today = clock.today()
    since = _period_day(args.since, "--since", today, "past")
    until = _period_day(args.until, "--until", today, "nearest")
    target = output_target_for(args, "the summary") if args.output else None
    casebook = open_casebook(args, clock)
    code = args.code.strip().upper()
    try:
        text = casebook.reviews.summary(code, _summary_format(args), since=since, until=until)
    except ValueError as exc:  # a period that starts after it ends
        raise CommandError(str(exc), EXIT_USAGE) from None
    if target is None:
        out.write(text)
        return 0
    write_output(target, shown(text).encode("utf-8"))
    out.write(f"Wrote the summary for {code} to {target}.\n")
    return 0
