"""CLI commands for handouts: list, show, export (HTML or Markdown) and suggest.

Kept apart from :mod:`fama.cli.main` so each stays small; ``main`` registers these and
turns the errors they raise (:class:`~fama.handouts.library.HandoutError`, ``CommandError``) into
one sentence on stderr. None of them opens the store.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from fama.cli.files import MOST_LISTED
from fama.clock import Clock
from fama.handouts.library import Handout, HandoutError, Library, load_library, service_name
from fama.handouts.render import render_html
from fama.handouts.suggest import suggest
from fama.text.safe import safe_stream, shown

EXIT_BAD_INPUT = 2
FORMATS = ("html", "md")

Command = Callable[[argparse.Namespace, Clock, TextIO], int]


def add_commands(commands: Any) -> None:
    """Register ``handouts`` and its actions on the main parser's subparsers."""
    handouts = commands.add_parser(
        "handouts", help="list, show, export and suggest myth-busting handouts"
    )
    actions = handouts.add_subparsers(dest="handouts_command", metavar="ACTION")
    listing = actions.add_parser("list", help="list the handouts (with the service's own)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    show = actions.add_parser("show", help="print one handout as Markdown")
    show.add_argument("id", help="handout id, e.g. god-and-religion")
    export = actions.add_parser("export", help="write one handout as a printable page")
    export.add_argument("id", help="handout id, e.g. god-and-religion")
    export.add_argument(
        "--format",
        choices=FORMATS,
        help="html (printable page, the default) or md (default: from the file name)",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: stdout)")
    export.add_argument(
        "--service",
        metavar="NAME",
        help="service name for the footer (default: $FAMA_SERVICE)",
    )
    sug = actions.add_parser(
        "suggest",
        help="which handouts answer what the client said, with the words that matched "
        "and the front-matter entries they matched",
    )
    sug.add_argument("text", help='what the client said, e.g. "I\'m not religious"')
    sug.add_argument("--limit", type=int, default=3, metavar="N", help="at most N (default 3)")
    sug.add_argument("--json", action="store_true", help="print JSON")


def command_for(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Command:
    """The function to run for ``fama handouts ACTION`` (help, and exit, for no action)."""
    action = args.handouts_command
    if action is None:
        parser.parse_args(["handouts", "--help"])
    commands: dict[str, Callable[[argparse.Namespace, Clock, TextIO, TextIO], int]] = {
        "list": cmd_list,
        "show": cmd_show,
        "export": cmd_export,
        "suggest": cmd_suggest,
    }
    chosen = commands[action]
    return lambda a, clock, out: chosen(a, clock, out, safe_stream(sys.stderr))


def _library(err: TextIO, *, warn: bool) -> Library:
    library = load_library()
    if warn:
        for problem in library.problems:
            err.write(f"fama: skipped {problem.name}: {problem.problem}\n")
    return library


def _get(library: Library, handout_id: str) -> Handout:
    try:
        return library.get(handout_id)
    except HandoutError:
        problem = library.problem_for(handout_id)
        if problem is None:
            raise HandoutError(
                f"There is no handout called {handout_id}; `fama handouts list` shows them."
            ) from None
        raise HandoutError(f"{problem.name} was skipped: {problem.problem}") from None


def cmd_list(args: argparse.Namespace, clock: Clock, out: TextIO, err: TextIO) -> int:
    """``fama handouts list``: every handout, packaged and the service's own."""
    library = _library(err, warn=True)
    if args.json:
        rows = [
            {"id": h.id, "title": h.title, "audience": list(h.audience), "myths": list(h.myths)}
            for h in library.handouts
        ]
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    if not library.handouts:
        out.write("There are no handouts.\n")
        return 0
    width = max(len("ID"), *(len(h.id) for h in library.handouts))
    aud = max(len("AUDIENCE"), *(len(",".join(h.audience)) for h in library.handouts))
    out.write(f"{'ID':<{width}}  {'AUDIENCE':<{aud}}  TITLE\n")
    for h in library.handouts:
        local = "  (this service's)" if h.local else ""
        out.write(f"{h.id:<{width}}  {','.join(h.audience):<{aud}}  {h.title}{local}\n")
    count = len(library.handouts)
    out.write(f"{count} handout{'s' if count != 1 else ''}.\n")
    return 0


def cmd_show(args: argparse.Namespace, clock: Clock, out: TextIO, err: TextIO) -> int:
    """``fama handouts show ID``: one handout's Markdown."""
    out.write(_get(_library(err, warn=False), args.id).markdown())
    return 0


def _export_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output and Path(args.output).suffix.lower() in (".md", ".markdown"):
        return "md"
    return "html"


def _target(output: str) -> Path:
    """The ``-o`` file, checked as every command checks it; never inside the store that
    ``FAMA_DATA`` (else the default) names, though this command does not open it."""
    from fama.cli.files import output_target
    from fama.paths import resolve_store, store_folders

    return output_target(output, "the handout", store_folders(resolve_store(None)))


def cmd_export(args: argparse.Namespace, clock: Clock, out: TextIO, err: TextIO) -> int:
    """``fama handouts export ID``: one handout as a page to print (HTML) or Markdown."""
    from fama.cli.files import write_output

    target = _target(args.output) if args.output else None  # check before any work
    handout = _get(_library(err, warn=False), args.id)
    if _export_format(args) == "md":
        text = handout.markdown()
    else:
        service = (args.service or "").strip() or service_name()
        text = render_html(handout, service=service, today=clock.today())
    if target is None:
        out.write(text)
        return 0
    write_output(target, shown(text).encode("utf-8"))
    out.write(f"Wrote {handout.id} to {target}.\n")
    return 0


def cmd_suggest(args: argparse.Namespace, clock: Clock, out: TextIO, err: TextIO) -> int:
    """``fama handouts suggest TEXT``: the handouts a client's words suggest, with the
    words that matched."""
    if not 1 <= args.limit <= MOST_LISTED:
        raise HandoutError(f"--limit takes a whole number from 1 to {MOST_LISTED}.")
    found = suggest(args.text, _library(err, warn=False), limit=args.limit)
    if args.json:
        rows = [
            {
                "id": s.handout.id,
                "title": s.handout.title,
                "score": s.score,
                "matched": list(s.matched),
                "because": list(s.because),
            }
            for s in found
        ]
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    if not found:
        out.write("No handout matches that.\n")
        return 0
    for number, s in enumerate(found, start=1):
        out.write(f"{number}. {s.handout.id}: {s.handout.title}\n")
        out.write(f"   matched: {', '.join(s.matched)} (score {s.score:g})\n")
        out.write(f"   because: {', '.join(s.because)}\n")
    return 0
