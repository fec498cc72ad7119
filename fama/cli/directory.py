"""CLI commands for the meeting directory: import feeds, list, template, locations, match.

Kept apart from :mod:`fama.cli.main` so each stays small; ``main`` registers these and
turns the errors they raise into one sentence on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from fama.cli.files import MOST_LISTED
from fama.directory.requests import (
    DEFAULT_LIMIT,
    KEEP,
    PROGRAMMES,
    BadOption,
    Keep,
    MatchChanges,
    parse_attendance,
    parse_clock,
    parse_days,
    parse_district,
    parse_miles,
)
from fama.text.safe import shown

if TYPE_CHECKING:
    from fama.casebook.service import Casebook
    from fama.directory.matching.request import MatchOutcome
    from fama.models import Meeting
    from fama.models.vocab import Substance

EXIT_BAD_INPUT = 2


def add_commands(commands: Any, add_data_option: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``meetings``, ``locations`` and ``match`` on the main parser's subparsers."""
    meetings = commands.add_parser(
        "meetings", help="import, list and template the meeting directory"
    )
    actions = meetings.add_subparsers(dest="meetings_command", metavar="ACTION")
    imp = actions.add_parser("import", help="import a meeting feed (Meeting Guide, BMLT, CSV)")
    add_data_option(imp)
    imp.add_argument("file", help="the feed file")
    imp.add_argument("--format", choices=("auto", "meeting-guide", "bmlt", "csv"), default="auto")
    imp.add_argument("--organisation", metavar="ORG", help="the fellowship the file lists, e.g. AA")
    imp.add_argument(
        "--timezone",
        metavar="TZ",
        default="Europe/London",
        help="the publisher's time zone for records without one (default Europe/London)",
    )
    imp.add_argument("--strict", action="store_true", help="fail on the first bad record")
    listing = actions.add_parser("list", help="list the directory")
    add_data_option(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--all", action="store_true", help="include inactive meetings")
    actions.add_parser(
        "template", help="print the CSV template for a hand-kept list (columns explained on stderr)"
    )

    locations = commands.add_parser("locations", help="postcode-district locations for distances")
    loc_actions = locations.add_subparsers(dest="locations_command", metavar="ACTION")
    loc_import = loc_actions.add_parser(
        "import", help="load district centres (outcode,latitude,longitude CSV)"
    )
    add_data_option(loc_import)
    loc_import.add_argument("file")

    match = commands.add_parser("match", help="rank meetings for a client, with reasons")
    add_data_option(match)
    match.add_argument("--client", metavar="CODE", help="start from this client's preferences")
    match.add_argument("--postcode", help="postcode or district, e.g. DE1 or DE1 3QT")
    match.add_argument("--programme", choices=sorted(PROGRAMMES), help="12-step, SMART or any")
    match.add_argument("--substance", help="comma-separated, e.g. alcohol,crack")
    match.add_argument("--days", help="comma-separated days, e.g. mon,wed,sat")
    match.add_argument("--after", metavar="HH:MM", help="start no earlier than")
    match.add_argument("--before", metavar="HH:MM", help="start no later than")
    match.add_argument("--attendance", help="what the client can use: in-person,online,phone")
    match.add_argument("--women-only", action="store_true")
    match.add_argument("--wheelchair", action="store_true", help="needs step-free access")
    match.add_argument("--family", action="store_true", help="groups for family and friends")
    match.add_argument("--within-miles", metavar="N", help="in-person meetings this near only")
    match.add_argument(
        "--limit", type=int, metavar="N", help=f"how many to list (default {DEFAULT_LIMIT})"
    )
    match.add_argument("--json", action="store_true", help="print JSON")


# Meetings ------------------------------------------------------------------------------


def _progress_printer(name: str, err: TextIO) -> Callable[[int, int], None] | None:
    """Progress on stderr for a person at a terminal; nothing for scripts. ``err`` is the
    real stream (the progress line rewrites itself with a carriage return), so the file's
    name, which anyone may choose, is escaped here."""
    if not err.isatty():
        return None
    name = shown(name)

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        err.write(f"\rReading {name}: {done:,} of {total:,} records{end}")
        err.flush()

    return show


def cmd_meetings_import(casebook: Casebook, args: argparse.Namespace, out: TextIO) -> int:
    """``fama meetings import FILE``: merge a meeting feed into the directory, all or
    nothing, and say what changed."""
    from fama.models import OrgCode

    organisation = None
    if args.organisation:
        organisation = parse_organisation(args.organisation)
    path = Path(args.file).expanduser()
    summary = casebook.directory.import_feed(
        path,
        format=args.format,
        organisation=organisation if isinstance(organisation, OrgCode) else None,
        timezone=args.timezone,
        strict=args.strict,
        progress=_progress_printer(path.name, sys.stderr),
    )
    out.write(summary.describe() + "\n")
    for skipped in summary.skipped[:20]:
        out.write(f"  skipped {skipped.describe()}\n")
    if len(summary.skipped) > 20:
        out.write(f"  ...and {len(summary.skipped) - 20} more skipped records.\n")
    return 0


def parse_organisation(text: str) -> Any:
    """The organisation a ``--organisation`` value names (code or name, any case);
    ``BadOption`` for one fama does not know."""
    from fama.models import ORGANISATIONS, OrgCode

    wanted = text.strip().casefold()
    for code, org in ORGANISATIONS.items():
        if wanted in (code.value.casefold(), org.name.casefold(), code.name.casefold()):
            return OrgCode(code)
    names = ", ".join(code.value for code in ORGANISATIONS)
    raise BadOption(f"Unknown organisation {text!r}; use one of: {names}.")


def meeting_json(meeting: Meeting) -> dict[str, Any]:
    """A meeting in the same field names as `fama match --json`, plus the rest of the record."""
    data = meeting.model_dump(mode="json")
    data.pop("id")
    return {
        "meeting_id": meeting.id,
        "organisation": meeting.organisation.value,
        "name": meeting.name,
        "weekday": meeting.weekday.label,
        "start": f"{meeting.start:%H:%M}",
        "end": f"{meeting.end:%H:%M}" if meeting.end else None,
        "attendance": meeting.attendance.value,
        **{
            k: v
            for k, v in data.items()
            if k not in ("organisation", "name", "weekday", "start", "end", "attendance")
        },
    }


def cmd_meetings_list(casebook: Casebook, args: argparse.Namespace, out: TextIO) -> int:
    """``fama meetings list``: the directory in weekly order (active meetings only
    unless ``--all``)."""
    meetings = sorted(
        (m for m in casebook.directory.meetings() if args.all or m.active),
        key=lambda m: (m.weekday, m.start, m.organisation.value, m.name, m.id),
    )
    if args.json:
        json.dump([meeting_json(m) for m in meetings], out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    if not meetings:
        out.write("The directory is empty: import a feed with `fama meetings import FILE`.\n")
        return 0
    for m in meetings:
        status = (
            "" if m.attendable else (" [closed for now]" if m.temporarily_closed else " [inactive]")
        )
        place = m.postcode or m.attendance.value
        out.write(f"{m.when:<16} {m.organisation.value:<9} {m.name[:44]:<44} {place}{status}\n")
    out.write(f"{len(meetings)} meetings.\n")
    return 0


def cmd_meetings_template(out: TextIO, err: TextIO) -> int:
    """``fama meetings template``: the CSV header a service fills in for its own meetings."""
    from fama.directory.feeds import TEMPLATE_COLUMNS, template_csv

    out.write(template_csv())
    err.write("Columns (save as CSV, then `fama meetings import FILE`):\n")
    width = max(len(name) for name, _ in TEMPLATE_COLUMNS)
    for name, meaning in TEMPLATE_COLUMNS:
        err.write(f"  {name:<{width}}  {meaning}\n")
    return 0


def cmd_locations_import(casebook: Casebook, args: argparse.Namespace, out: TextIO) -> int:
    """``fama locations import FILE``: postcode-district centres for distances."""
    path = Path(args.file).expanduser()
    count = casebook.directory.import_locations(path)
    out.write(f"Loaded {count:,} postcode-district locations from {path.name}.\n")
    return 0


# Matching ------------------------------------------------------------------------------


def changes_from_args(args: argparse.Namespace) -> MatchChanges:
    """What the flags change from the client's preferences (a flag not given keeps theirs),
    as the Find meetings screen's form does: both searches are built by
    :meth:`MatchChanges.apply`."""
    from fama.clients.form import parse_substances

    substances: frozenset[Substance] | Keep = KEEP
    if args.substance:
        try:
            substances = frozenset(parse_substances(args.substance))
        except ValueError as exc:
            raise BadOption(str(exc)) from None
    if args.limit is not None and not 1 <= args.limit <= MOST_LISTED:
        raise BadOption(f"--limit takes a whole number from 1 to {MOST_LISTED}.")
    return MatchChanges(
        district=parse_district(args.postcode) if args.postcode else KEEP,
        programmes=PROGRAMMES[args.programme] if args.programme else KEEP,
        substances=substances,
        days=parse_days(args.days) if args.days else KEEP,
        after=parse_clock(args.after, "--after") if args.after else KEEP,
        before=parse_clock(args.before, "--before") if args.before else KEEP,
        attendance=parse_attendance(args.attendance) if args.attendance else KEEP,
        women_only=True if args.women_only else None,
        wheelchair=True if args.wheelchair else None,
        family=True if args.family else None,
        within_miles=(
            parse_miles(args.within_miles, "--within-miles")
            if args.within_miles is not None
            else KEEP
        ),
        limit=DEFAULT_LIMIT if args.limit is None else args.limit,
    )


def describe_outcome(outcome: MatchOutcome) -> str:
    """A match's results as text: each meeting with its reasons, or why there is none."""
    if not outcome.results:
        if not outcome.considered:
            return "The directory is empty: import a feed with `fama meetings import FILE`.\n"
        lines = [f"No meeting fits all of these ({outcome.considered} considered)."]
        if outcome.excluded:
            lines.append("Relaxing one of these would help:")
            lines += [f"  {e.reason}: ruled out {e.count}" for e in outcome.excluded]
        return "\n".join(lines) + "\n"
    lines = []
    for number, result in enumerate(outcome.results, start=1):
        m = result.meeting
        where = m.venue or m.attendance.value
        lines.append(f"{number}. {m.organisation.value} {m.name} · {m.when} · {where}")
        lines.append("   " + " · ".join(result.reasons))
    return "\n".join(lines) + "\n"


def cmd_match(casebook: Casebook, args: argparse.Namespace, out: TextIO) -> int:
    """``fama match``: meetings ranked for a client (or a request made of options), with
    reasons."""
    code = args.client.strip().upper() if args.client else None
    outcome = casebook.directory.find_meetings(code, changes_from_args(args))
    if args.json:
        json.dump(outcome.as_json(), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(describe_outcome(outcome))
    return 0
