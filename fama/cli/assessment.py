"""``fama assessment export``: the service's mutual aid self-assessment, with its evidence.

``--data`` may be given more than once: the first store holds the ratings and comments,
and the evidence is built over all of them without merging (one keyworker's store each).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from fama.clock import Clock

FORMATS = ("md", "html", "csv", "json", "xlsx")
EXIT_USAGE = 2


def add_commands(commands: Any) -> None:
    """Register ``assessment export`` on the main parser's subparsers."""
    assessment = commands.add_parser(
        "assessment", help="the service's mutual aid self-assessment (PHE 2013)"
    )
    actions = assessment.add_subparsers(dest="assessment_command", metavar="ACTION")
    export = actions.add_parser(
        "export",
        help="the whole tool for a period, as the screen shows it: ratings, comments, the "
        "evidence with its change from the previous period, and the suggested ratings",
    )
    export.add_argument(
        "--store",
        "--data",
        dest="stores",
        metavar="STORE",
        action="append",
        help="the store: a folder, or a service's database (postgresql://...), which holds "
        "the whole service; give folders more than once to build the evidence over several "
        "keyworkers' stores (the first holds the ratings)",
    )
    export.add_argument(
        "--from",
        dest="start",
        metavar="DATE",
        help="start of the period (default: the last full quarter)",
    )
    export.add_argument("--to", dest="end", metavar="DATE", help="end of the period")
    export.add_argument(
        "--format",
        choices=FORMATS,
        help="md, html (prints on A4), csv, json or xlsx (default: from the -o file's name, "
        "else md)",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")
    export.add_argument(
        "--small-numbers",
        action="store_true",
        help='show counts from 1 to 4 as "<5", for reports that leave the service',
    )
    export.add_argument(
        "--service", metavar="NAME", help="the service's name (default: $FAMA_SERVICE)"
    )


def command_for(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> Callable[[argparse.Namespace, Clock, TextIO], int]:
    """The command for ``fama assessment ACTION`` (its help when no action is given)."""
    if args.assessment_command is None:
        parser.parse_args(["assessment", "--help"])
    return cmd_assessment_export


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
    return (
        {"markdown": "md", "htm": "html"}.get(suffix, suffix)
        if suffix
        in (
            *FORMATS,
            "markdown",
            "htm",
        )
        else "md"
    )


def cmd_assessment_export(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """``fama assessment export``: the whole self-assessment for a period, in one format."""
    from fama.assessment.period import parse_period
    from fama.casebook.service import Casebook
    from fama.cli.files import CommandError, output_target, store_at, write_output
    from fama.handouts.library import service_name
    from fama.paths import resolve_store, store_folders
    from fama.store import open_store
    from fama.text.dates import DateTextError
    from fama.text.safe import shown

    fmt = _format(args)
    if fmt == "xlsx" and not args.output:
        raise CommandError("An xlsx workbook needs a file: add -o FILE.xlsx.", EXIT_USAGE)
    try:
        period = parse_period(args.start, args.end, clock.today())
    except (DateTextError, ValueError) as exc:
        raise CommandError(str(exc).rstrip(".") + ".", EXIT_USAGE) from None
    paths = [*([args.data] if getattr(args, "data", None) else []), *(args.stores or [])]
    first, *others = paths or [None]
    folders = store_folders(*(resolve_store(path) for path in (first, *others)))
    target = output_target(args.output, "the self-assessment", folders) if args.output else None
    casebook = Casebook(open_store(store_at(first)), clock)
    extra = [open_store(store_at(path)) for path in others]
    service = (args.service or "").strip() or service_name()
    data = casebook.assessment.export(
        service, period, fmt, suppress_small=args.small_numbers, extra=extra
    )
    if target is None:
        out.write(data.decode("utf-8"))
        return 0
    # A text report is escaped as it would be printed; a workbook is written as it is.
    write_output(target, data if fmt == "xlsx" else shown(data.decode("utf-8")).encode("utf-8"))
    stores = f" from {len(paths)} stores" if len(paths) > 1 else ""
    out.write(f"Wrote the self-assessment for {period.label}{stores} to {target}.\n")
    return 0
