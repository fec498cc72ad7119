"""``fama contacts list | add | edit | import | visit``: the contacts register a team lead
keeps (the local people who link clients to meetings) and fellowship members' visits.

Bad input (an unknown organisation, no way to reach someone, no consent to be listed, a
bad row in an import) is refused with one sentence (one per bad row), exit 2, and nothing
saved.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from fama.cli.files import EXIT_USAGE, CommandError, open_casebook
from fama.clock import Clock

if TYPE_CHECKING:
    from fama.casebook.contacts import Listed

MOST_BYTES = 2_000_000
"""The largest import file read: a register of a few hundred rows is far smaller."""


def _contact_options(parser: argparse.ArgumentParser, *, adding: bool) -> None:
    parser.add_argument(
        "--organisation", required=adding, metavar="ORG", help="AA, NA, CA, SMART, ..."
    )
    parser.add_argument("--name", help="their first name")
    parser.add_argument("--role", help='what they are called when no name is given ("NA H&I")')
    parser.add_argument("--position", help='their service position ("AA health liaison")')
    parser.add_argument("--phone", help="a UK phone number")
    parser.add_argument("--email", help="an email address")
    parser.add_argument("--when", help='when they can be called ("weekday evenings")')
    parser.add_argument(
        "--covers", nargs="+", metavar="WHAT", help="meeting ids or postcode districts they cover"
    )
    parser.add_argument(
        "--checked",
        dest="last_checked",
        type=date.fromisoformat,
        metavar="DATE",
        help="the day the details were last checked (default: today)",
    )


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    add_store_option: Callable[[argparse.ArgumentParser], None],
) -> None:
    """``fama contacts ...``."""
    contacts = commands.add_parser(
        "contacts", help="the contacts register: people who link clients to meetings"
    )
    actions = contacts.add_subparsers(dest="contacts_command", metavar="ACTION")
    listing = actions.add_parser("list", help="everyone in the register (stale entries marked)")
    add_store_option(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    add = actions.add_parser("add", help="add someone who agreed to be listed")
    add_store_option(add)
    _contact_options(add, adding=True)
    add.add_argument("--consent", action="store_true", help="they agreed to be listed")
    edit = actions.add_parser("edit", help="change an entry (only what is given)")
    add_store_option(edit)
    edit.add_argument("contact_id", metavar="ID", help="the entry's id (from `contacts list`)")
    _contact_options(edit, adding=False)
    edit.add_argument("--confirmed", action="store_true", help="the details were checked today")
    load = actions.add_parser("import", help="add every row of a CSV file, or none")
    add_store_option(load)
    load.add_argument("file", type=Path, metavar="FILE.csv")
    visit = actions.add_parser("visit", help="record a fellowship member's visit")
    add_store_option(visit)
    visit.add_argument("--organisation", required=True, metavar="ORG")
    visit.add_argument("--to", dest="to_whom", required=True, choices=("clients", "staff"))
    visit.add_argument("--date", dest="day", type=date.fromisoformat, metavar="DATE")
    visit.add_argument("--note", default="", help="a short note (no client details)")


def command_for(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> Callable[[argparse.Namespace, Clock, TextIO], int]:
    """The function that runs ``fama contacts ACTION``."""
    if args.contacts_command is None:
        parser.parse_args(["contacts", "--help"])
    return {
        "list": cmd_list,
        "add": cmd_add,
        "edit": cmd_edit,
        "import": cmd_import,
        "visit": cmd_visit,
    }[args.contacts_command]


def _row(listed: Listed) -> dict[str, Any]:
    c = listed.contact
    return {
        **c.model_dump(mode="json"),
        "check_by": c.check_by.isoformat(),
        "stale": listed.stale,
    }


def cmd_list(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Everyone in the register; stale entries marked."""
    listing = open_casebook(args, clock).contacts.listing()
    if args.json:
        out.write(json.dumps([_row(x) for x in listing], indent=2, ensure_ascii=False) + "\n")
        return 0
    for x in listing:
        c = x.contact
        reach = " / ".join(p for p in (c.phone, c.email) if p)
        stale = f" · STALE (check by {c.check_by:%d/%m/%Y})" if x.stale else ""
        covers = ", ".join([*c.meetings, *c.areas]) or "-"
        out.write(
            f"{c.id:<8} {c.organisation.value} · {c.called} · {c.position.value} · {reach}"
            f" · covers {covers}{stale}\n"
        )
    if not listing:
        out.write("The register is empty: add someone with `fama contacts add`.\n")
    return 0


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    names = ("organisation", "name", "role", "position", "phone", "email", "when", "covers")
    fields = {n: getattr(args, n) for n in (*names, "last_checked")}
    return {k: v for k, v in fields.items() if v is not None}


def cmd_add(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Add one contact who agreed to be listed."""
    from fama.casebook.contacts import ContactError

    book = open_casebook(args, clock)
    try:
        contact = book.contacts.add({**_fields(args), "consent": args.consent})
    except ContactError as exc:
        message = str(exc)
        if not args.consent and "agreed" in message:
            message += " Add --consent once they have."
        raise CommandError(message, EXIT_USAGE) from None
    out.write(f"Added {contact.called} ({contact.organisation.value}) as {contact.id}.\n")
    return 0


def cmd_edit(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Change the fields given of one entry."""
    from fama.casebook.contacts import ContactError

    fields = _fields(args)
    if args.confirmed:
        fields["checked"] = True
    if not fields:
        raise CommandError("Say what to change (see `fama contacts edit --help`).", EXIT_USAGE)
    book = open_casebook(args, clock)
    try:
        contact = book.contacts.edit(args.contact_id, fields)
    except ContactError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    out.write(f"Changed {contact.id} ({contact.called}).\n")
    return 0


def cmd_import(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Add every row of a CSV file, or none of them."""
    from fama.casebook.contacts import ContactError

    path: Path = args.file
    try:
        if path.stat().st_size > MOST_BYTES:
            raise CommandError(f"{path.name} is too large for a contacts list.", EXIT_USAGE)
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(
            f"{path.name} is not UTF-8 text; save it as CSV UTF-8.", EXIT_USAGE
        ) from None
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}.", EXIT_USAGE) from None
    book = open_casebook(args, clock)
    try:
        added = book.contacts.import_csv(text)
    except ContactError as exc:
        raise CommandError(f"{exc}\nNothing was saved.", EXIT_USAGE) from None
    out.write(f"Added {len(added)} contact{'s' if len(added) != 1 else ''}.\n")
    return 0


def cmd_visit(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Record a fellowship member's visit to talk to clients or staff."""
    from fama.casebook.contacts import ContactError

    book = open_casebook(args, clock)
    try:
        visit = book.contacts.record_visit(args.day, args.organisation, args.to_whom, args.note)
    except ContactError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    out.write(
        f"Recorded a visit by {visit.organisation.value} to {visit.to_whom.value} "
        f"on {visit.date:%d/%m/%Y}.\n"
    )
    return 0
