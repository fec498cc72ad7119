"""The ``fama`` command: launches the app, and mirrors what admins script (DESIGN §5).

Every failure is one plain sentence on stderr with a non-zero exit code; no traceback
reaches the user, and a failed command leaves the data as it was. Textual is imported
only when the app is launched, so scripted commands start fast.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from fama import __version__
from fama.casebook import Casebook
from fama.clock import Clock, SystemClock
from fama.dates import DateTextError, Toward, parse_day
from fama.paths import ENV_DATA, default_store_path, resolve_store_path
from fama.store import ClientNotFound, StoreError, open_store
from fama.store.files import FILE_MODE, atomic_write, make_private_dir

DEMO_MARKER = ".fama-demo"
EXIT_USAGE = 2
SUMMARY_FORMATS = ("md", "html", "txt")


class CommandError(Exception):
    """A user mistake in a command: printed as one sentence, exit code ``exit_code``."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _add_data_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    parser.add_argument(
        "--data",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help=f"store folder to use (default: ${ENV_DATA}, else {default_store_path()})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fama",
        description="Facilitating access to mutual aid: the keyworker's caseload, "
        "conversations, meetings and handouts. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"fama {__version__}")
    _add_data_option(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="open the app on a fresh demo store")
    _add_data_option(demo, top=False)
    demo.add_argument(
        "--no-launch", action="store_true", help="only write the demo store, then exit"
    )

    client = commands.add_parser("client", help="list, export, summarise or erase client records")
    client_commands = client.add_subparsers(dest="client_command", metavar="ACTION")
    listing = client_commands.add_parser("list", help="list clients")
    _add_data_option(listing, top=False)
    listing.add_argument("--json", action="store_true", help="print JSON")
    export = client_commands.add_parser(
        "export", help="print one client's whole record as JSON (subject access request)"
    )
    _add_data_option(export, top=False)
    export.add_argument("code", help="client code")
    erase = client_commands.add_parser("erase", help="delete every record of one client")
    _add_data_option(erase, top=False)
    erase.add_argument("code", help="client code")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    summary = client_commands.add_parser(
        "summary", help="one client's mutual aid summary for the care plan"
    )
    _add_data_option(summary, top=False)
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

    from fama.cli_assessment import add_commands as add_assessment_commands
    from fama.cli_directory import add_commands

    add_commands(commands, lambda sub: _add_data_option(sub, top=False))
    add_assessment_commands(commands)

    from fama.cli_handouts import add_commands as add_handout_commands

    add_handout_commands(commands)

    from fama.cli_store import add_commands as add_store_commands

    add_store_commands(commands, lambda sub: _add_data_option(sub, top=False))

    whole = commands.add_parser("export", help="write the whole store as one JSON document")
    _add_data_option(whole, top=False)
    whole.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")
    return parser


# Commands ----------------------------------------------------------------------------


def _open_casebook(args: argparse.Namespace, clock: Clock) -> Casebook:
    return Casebook(open_store(resolve_store_path(args.data)), clock)


def _print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _iso_or_none(day: date | None) -> str | None:
    return day.isoformat() if day else None


def cmd_client_list(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    casebook = _open_casebook(args, clock)
    entries = casebook.caseload()
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
        _print_json(rows, out)
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
    _print_json(_open_casebook(args, clock).export_client(args.code.strip().upper()), out)
    return 0


def cmd_client_erase(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    casebook = _open_casebook(args, clock)
    code = args.code.strip().upper()
    erasure = None
    try:
        record = casebook.client(code)  # raises ClientNotFound before we ask anything
    except ClientNotFound:
        # Opening the store finishes an erasure a kill interrupted: report it, else re-raise.
        erasure = casebook.erase_client(code)
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
        answer = input(f"Type {code} to confirm: ").strip().upper()
        if answer != code:
            out.write("Nothing was erased.\n")
            return 1
    if erasure is None:
        erasure = casebook.erase_client(code)
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
    :func:`fama.dates.parse_day`); a bad one is a usage error in one sentence."""
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
    today = clock.today()
    since = _period_day(args.since, "--since", today, "past")
    until = _period_day(args.until, "--until", today, "nearest")
    target = _output_target(args.output, "the summary") if args.output else None
    casebook = _open_casebook(args, clock)
    code = args.code.strip().upper()
    try:
        text = casebook.review_summary(code, _summary_format(args), since=since, until=until)
    except ValueError as exc:  # a period that starts after it ends
        raise CommandError(str(exc), EXIT_USAGE) from None
    if target is None:
        out.write(text)
        return 0
    atomic_write(target, text.encode("utf-8"))
    out.write(f"Wrote the summary for {code} to {target}.\n")
    return 0


def _output_target(output: str, what: str) -> Path:
    """The file ``-o`` names, checked before any work: not a folder, in a folder that exists."""
    target = Path(output).expanduser()
    if target.is_dir():
        raise CommandError(f"{target} is a folder; give a file name for {what}.")
    if not target.parent.is_dir():
        raise CommandError(f"The folder {target.parent} does not exist.")
    return target


def cmd_export(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    data = _open_casebook(args, clock).export_all()
    if not args.output:
        _print_json(data, out)
        return 0
    target = _output_target(args.output, "the export")
    atomic_write(target, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
    clients = len(data["clients"])
    out.write(f"Exported {clients} client{'s' if clients != 1 else ''} to {target}.\n")
    return 0


def write_demo_store(path: Path, clock: Clock) -> Casebook:
    """Write a fresh demo store at ``path``; refuses to overwrite a store that holds real data."""
    from fama.demo import build_demo

    if path.exists():
        if not path.is_dir():
            raise CommandError(f"{path} is a file; the demo store needs a folder.")
        if any(path.iterdir()) and not (path / DEMO_MARKER).exists():
            raise CommandError(
                f"{path} already holds data that is not a demo store; "
                "choose an empty folder for the demo."
            )
        shutil.rmtree(path)
    make_private_dir(path)
    fd = os.open(path / DEMO_MARKER, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.close(fd)
    casebook = Casebook(open_store(path), clock)
    casebook.load_demo(build_demo(clock.today()))
    return casebook


def cmd_demo(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    path = (
        resolve_store_path(args.data)
        if args.data or os.environ.get(ENV_DATA)
        else default_store_path().with_name("demo")
    )
    casebook = write_demo_store(path, clock)
    if args.no_launch:
        clients = len(casebook.store.client_summaries())
        meetings = len(casebook.store.meetings())
        out.write(f"Wrote a demo store with {clients} clients and {meetings} meetings to {path}.\n")
        return 0
    return launch(casebook, clock)


def launch(casebook: Casebook, clock: Clock) -> int:
    from fama.tui.app import make_app

    app = make_app(casebook, clock=clock)
    app.run()
    return app.return_code or 0


def cmd_app(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    return launch(_open_casebook(args, clock), clock)


Command = Callable[[argparse.Namespace, Clock, TextIO], int]


def _directory_command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Command:
    import fama.cli_directory as d

    def with_casebook(fn: Callable[[Casebook, argparse.Namespace, TextIO], int]) -> Command:
        return lambda a, clock, out: fn(_open_casebook(a, clock), a, out)

    if args.command == "match":
        return with_casebook(d.cmd_match)
    if args.command == "locations":
        if args.locations_command is None:
            parser.parse_args(["locations", "--help"])
        return with_casebook(d.cmd_locations_import)
    action = args.meetings_command
    if action is None:
        parser.parse_args(["meetings", "--help"])
    if action == "template":
        return lambda a, clock, out: d.cmd_meetings_template(out, sys.stderr)
    return with_casebook(d.cmd_meetings_import if action == "import" else d.cmd_meetings_list)


def parse_launch(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a plain app launch (``fama`` or ``fama --data PATH``), else None.

    Opening the app is what a keyworker does many times a day, so it skips building the
    full parser, with every subcommand and its imports (~20 ms); anything else, --help and
    --version included, goes to the full parser.
    """
    quick = argparse.ArgumentParser(prog="fama", add_help=False, exit_on_error=False)
    quick.add_argument("--data", default=None)
    try:
        args, rest = quick.parse_known_args(list(argv))
    except argparse.ArgumentError:
        return None  # the full parser reports it, with the full usage
    if rest:
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None, *, clock: Clock | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    clock = clock or SystemClock()
    launch_args = parse_launch(argv)
    if launch_args is not None:
        return _run(cmd_app, launch_args, clock)
    parser = build_parser()
    args = parser.parse_args(argv)
    command: Command
    if args.command is None:
        command = cmd_app
    elif args.command == "demo":
        command = cmd_demo
    elif args.command == "export":
        command = cmd_export
    elif args.command in ("meetings", "locations", "match"):
        command = _directory_command(parser, args)
    elif args.command == "handouts":
        from fama.cli_handouts import command_for

        command = command_for(parser, args)
    elif args.command == "backup":
        from fama.cli_store import command_for as backup_command

        command = backup_command(args)
    elif args.command == "assessment":
        from fama.cli_assessment import command_for as assessment_command

        command = assessment_command(parser, args)
    elif args.command == "client":
        if args.client_command is None:
            parser.parse_args(["client", "--help"])
        command = {
            "list": cmd_client_list,
            "export": cmd_client_export,
            "erase": cmd_client_erase,
            "summary": cmd_client_summary,
        }[args.client_command]
    else:  # pragma: no cover - argparse rejects unknown commands first
        parser.error(f"unknown command {args.command}")
    return _run(command, args, clock)


def _run(command: Command, args: argparse.Namespace, clock: Clock) -> int:
    """Run a command; every failure a user can cause becomes one sentence on stderr."""
    try:
        return command(args, clock, sys.stdout)
    except (StoreError, CommandError) as exc:
        print(f"fama: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("fama: stopped; nothing more was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(f"fama: {exc.strerror or exc} ({exc.filename or 'file'}).", file=sys.stderr)
        return 1
    except Exception as exc:
        # The directory's errors (bad feed, bad locations file, bad flag) carry one plain
        # sentence; anything else is a bug and should be seen as one.
        from fama.directory.feeds import FeedError
        from fama.directory.geo import LocationsError
        from fama.directory.requests import BadOption
        from fama.handouts import HandoutError

        if isinstance(exc, BadOption | FeedError | LocationsError | HandoutError):
            print(f"fama: {exc}", file=sys.stderr)
            return EXIT_USAGE
        raise
