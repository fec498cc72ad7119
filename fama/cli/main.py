"""The ``fama`` command: launches the app, and mirrors what admins script (DESIGN §5).

Every failure is one plain sentence on stderr with a non-zero exit code; no traceback
reaches the user, and a failed command leaves the data as it was. Textual is imported
only when the app is launched, so scripted commands start fast.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from fama import __version__
from fama.casebook.service import Casebook
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
from fama.clock import Clock, SystemClock
from fama.paths import (
    ENV_DATA,
    ENV_STORE,
    FILE_MODE,
    default_store_path,
    make_private_dir,
    resolve_store,
)
from fama.store import StoreError, open_store
from fama.text.safe import json_text, safe_stream, shown

__all__ = ["EXIT_USAGE", "CommandError", "build_parser", "main", "parse_launch"]

DEMO_MARKER = ".fama-demo"


def _add_data_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    parser.add_argument(
        "--store",
        "--data",
        dest="data",
        metavar="STORE",
        default=None if top else argparse.SUPPRESS,
        help=(
            "the store: a folder, or a postgresql:// URL for a service's database "
            f"(default: ${ENV_STORE}, else {default_store_path()}); --data is the same"
        ),
    )


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: every command group registers its own subcommands."""
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

    from fama.cli.clients import add_commands as add_client_commands

    add_client_commands(commands, lambda sub: _add_data_option(sub, top=False))

    from fama.cli.assessment import add_commands as add_assessment_commands
    from fama.cli.directory import add_commands

    add_commands(commands, lambda sub: _add_data_option(sub, top=False))
    add_assessment_commands(commands)

    from fama.cli.handouts import add_commands as add_handout_commands

    add_handout_commands(commands)

    from fama.cli.staff import add_commands as add_staff_commands
    from fama.cli.store import add_commands as add_store_commands

    add_store_commands(commands, lambda sub: _add_data_option(sub, top=False))
    add_staff_commands(commands, lambda sub: _add_data_option(sub, top=False))

    from fama.cli.contacts import add_commands as add_contact_commands

    add_contact_commands(commands, lambda sub: _add_data_option(sub, top=False))

    from fama.cli.backup import add_commands as add_backup_commands

    add_backup_commands(commands, lambda sub: _add_data_option(sub, top=False))

    from fama.cli.audit import add_commands as add_audit_commands
    from fama.cli.retention import add_commands as add_retention_commands

    add_audit_commands(commands, lambda sub: _add_data_option(sub, top=False))
    add_retention_commands(commands, lambda sub: _add_data_option(sub, top=False))

    whole = commands.add_parser("export", help="write the whole store as one JSON document")
    _add_data_option(whole, top=False)
    whole.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")
    add_clear_option(whole)
    return parser


# Commands ----------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    target = output_target_for(args, "the export") if args.output else None
    casebook = open_casebook(args, clock)
    seal = export_sealing(casebook, target, args.clear)
    data = casebook.export_all()
    if target is None:
        print_json(data, out)
        return 0
    text = (json_text(data) + "\n").encode("utf-8")
    write_output(target, seal(text) if seal else text)
    clients = len(data["clients"])
    sealed = f", sealed ({SEALED_HOW.format(target=target)})" if seal else ""
    out.write(f"Exported {clients} client{'s' if clients != 1 else ''} to {target}{sealed}.\n")
    return 0


def write_demo_store(path: Path, clock: Clock) -> Casebook:
    """Write a fresh demo store at ``path``; refuses to overwrite a store that holds real data."""
    from fama.demo.town import build_demo

    if path.exists():
        if not path.is_dir():
            raise CommandError(f"{path} is a file; the demo store needs a folder.")
        if any(path.iterdir()) and not (path / DEMO_MARKER).exists():
            raise CommandError(
                f"{path} already holds data that is not a demo store; "
                "choose an empty folder for the demo."
            )
        # Empty the folder, not remove it: it keeps the permissions it had.
        for entry in path.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    make_private_dir(path)
    fd = os.open(path / DEMO_MARKER, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.close(fd)
    casebook = Casebook(open_store(path), clock)
    casebook.load_demo(build_demo(clock.today()))
    return casebook


def cmd_demo(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    idle_lock = 0.0 if args.no_launch else lock_after()
    named = args.data or os.environ.get(ENV_STORE) or os.environ.get(ENV_DATA)
    path = resolve_store(args.data) if named else default_store_path().with_name("demo")
    if isinstance(path, str):
        raise CommandError(
            "The demo is written to a folder of its own: give a folder, not a database.",
            EXIT_USAGE,
        )
    casebook = write_demo_store(path, clock)
    if args.no_launch:
        clients = len(casebook.store.client_summaries())
        meetings = len(casebook.store.meetings())
        out.write(f"Wrote a demo store with {clients} clients and {meetings} meetings to {path}.\n")
        return 0
    return launch(casebook, clock, idle_lock)


def lock_after() -> float:
    """The app's idle lock from ``FAMA_LOCK_AFTER``; a bad value is a usage error, found
    before anything is opened."""
    from fama.tui.lock_after import ENV_LOCK_AFTER, BadLockAfter, parse_lock_after

    try:
        return parse_lock_after(os.environ.get(ENV_LOCK_AFTER))
    except BadLockAfter as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None


def launch(casebook: Casebook, clock: Clock, idle_lock: float) -> int:
    from fama.tui.app import make_app, tune_garbage_collection

    app = make_app(casebook, clock=clock, lock_after=idle_lock)
    tune_garbage_collection()
    app.run()
    return app.return_code or 0


def cmd_app(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Open the app. A first run makes the default store (with a notice); a path given
    with ``--data`` or ``FAMA_DATA`` must hold a store already, so a typo is not a new one."""
    idle_lock = lock_after()
    first_run = resolve_store(args.data) == default_store_path()
    return launch(open_casebook(args, clock, create=first_run), clock, idle_lock)


Command = Callable[[argparse.Namespace, Clock, TextIO], int]


def _directory_command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Command:
    import fama.cli.directory as d

    def with_casebook(
        fn: Callable[[Casebook, argparse.Namespace, TextIO], int], *, create: bool = False
    ) -> Command:
        return lambda a, clock, out: fn(open_casebook(a, clock, create=create), a, out)

    if args.command == "match":
        return with_casebook(d.cmd_match)
    if args.command == "locations":
        if args.locations_command is None:
            parser.parse_args(["locations", "--help"])
        return with_casebook(d.cmd_locations_import, create=True)
    action = args.meetings_command
    if action is None:
        parser.parse_args(["meetings", "--help"])
    if action == "template":
        return lambda a, clock, out: d.cmd_meetings_template(out, safe_stream(sys.stderr))
    if action == "import":
        return with_casebook(d.cmd_meetings_import, create=True)
    return with_casebook(d.cmd_meetings_list)


def parse_launch(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a plain app launch (``fama`` or ``fama --data PATH``), else None.

    Opening the app is what a keyworker does many times a day, so it skips building the
    full parser, with every subcommand and its imports; anything else, --help and
    --version included, goes to the full parser.
    """
    quick = argparse.ArgumentParser(prog="fama", add_help=False, exit_on_error=False)
    quick.add_argument("--store", "--data", dest="data", default=None)
    try:
        args, rest = quick.parse_known_args(list(argv))
    except argparse.ArgumentError:
        return None  # the full parser reports it, with the full usage
    if rest:
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None, *, clock: Clock | None = None) -> int:
    """Run fama with these arguments (the ``fama`` command); returns the exit code."""
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
    elif args.command == "store":
        from fama.cli.store import command_for as store_command

        command = store_command(parser, args)
    elif args.command in ("whoami", "staff"):
        from fama.cli.staff import command_for as staff_command

        command = staff_command(parser, args)
    elif args.command == "contacts":
        from fama.cli.contacts import command_for as contacts_command

        command = contacts_command(parser, args)
    elif args.command == "audit":
        from fama.cli.audit import command_for as audit_command

        command = audit_command(parser, args)
    elif args.command == "retention":
        from fama.cli.retention import cmd_retention

        command = cmd_retention
    elif args.command == "backup":
        from fama.cli.backup import command_for as backup_command

        command = backup_command(args)
    elif args.command in ("meetings", "locations", "match"):
        command = _directory_command(parser, args)
    elif args.command == "handouts":
        from fama.cli.handouts import command_for

        command = command_for(parser, args)
    elif args.command == "assessment":
        from fama.cli.assessment import command_for as assessment_command

        command = assessment_command(parser, args)
    elif args.command == "client":
        from fama.cli.clients import command_for as client_command

        command = client_command(parser, args)
    else:  # pragma: no cover - argparse rejects unknown commands first
        parser.error(f"unknown command {args.command}")
    return _run(command, args, clock)


def _run(command: Command, args: argparse.Namespace, clock: Clock) -> int:
    """Run a command; every failure a user can cause becomes one sentence on stderr."""
    try:
        return command(args, clock, safe_stream(sys.stdout))
    except (StoreError, CommandError) as exc:
        print(f"fama: {shown(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("fama: stopped; nothing more was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        where = shown(str(exc.filename or "file"))
        print(f"fama: {shown(str(exc.strerror or exc))} ({where}).", file=sys.stderr)
        return 1
    except Exception as exc:
        # The directory's errors (bad feed, bad locations file, bad flag) carry one plain
        # sentence; anything else is a bug and should be seen as one.
        from fama.directory.feeds import FeedError
        from fama.directory.geo import LocationsError
        from fama.directory.requests import BadOption
        from fama.handouts.library import HandoutError

        if isinstance(exc, BadOption | FeedError | LocationsError | HandoutError):
            print(f"fama: {shown(str(exc))}", file=sys.stderr)
            return EXIT_USAGE
        raise
    finally:
        if "fama.store.postgres.store" in sys.modules:  # a command opened a database
            from fama.store.postgres.store import close_all

            close_all()
