"""``fama whoami`` and ``fama staff list | add``: who is using fama, and the staff list.

On a service's database, ``staff add`` also gives the person's login what their access
allows (keyworker, lead or report); the database enforces it from then on, so only a lead
(a login allowed to grant roles) can add people there.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TextIO

from fama.cli.files import EXIT_USAGE, CommandError, open_casebook
from fama.clock import Clock
from fama.models.staff import Access


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    add_store_option: Callable[[argparse.ArgumentParser], None],
) -> None:
    """``fama whoami`` and ``fama staff ...``."""
    whoami = commands.add_parser("whoami", help="say who you are to fama, and your access")
    add_store_option(whoami)
    staff = commands.add_parser("staff", help="the staff list: list it, add someone")
    actions = staff.add_subparsers(dest="staff_command", metavar="ACTION")
    listing = actions.add_parser("list", help="everyone on the staff list")
    add_store_option(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    add = actions.add_parser("add", help="add someone, with their login and access")
    add_store_option(add)
    add.add_argument("name", help="their name as colleagues know it")
    add.add_argument("--login", required=True, help="the login they use fama with")
    add.add_argument(
        "--role",
        required=True,
        metavar="ROLE",
        help="what they may do: " + ", ".join(a.value for a in Access),
    )
    add.add_argument("--id", dest="staff_id", help="their short id (default: their initials)")
    add.add_argument(
        "--title", default="", help='their job in your words (default: the role, e.g. "lead")'
    )
    login = actions.add_parser(
        "login", help="give someone already on the list their login and access"
    )
    add_store_option(login)
    login.add_argument("staff_id", metavar="ID", help="their staff id, e.g. JB")
    login.add_argument("--login", required=True, help="the login they use fama with")
    login.add_argument(
        "--role",
        required=True,
        metavar="ROLE",
        help="what they may do: " + ", ".join(a.value for a in Access),
    )


def command_for(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> Callable[[argparse.Namespace, Clock, TextIO], int]:
    """The function that runs ``fama whoami`` or ``fama staff ACTION``."""
    if args.command == "whoami":
        return cmd_whoami
    if args.staff_command is None:
        parser.parse_args(["staff", "--help"])
    return {"list": cmd_list, "add": cmd_add, "login": cmd_login}[args.staff_command]


def cmd_whoami(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Who fama takes you for, and on which store."""
    from fama.casebook.identity import identify

    book = open_casebook(args, clock)
    out.write(identify(book.store).describe() + "\n")
    return 0


def cmd_list(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Everyone on the staff list, with their login and access."""
    members = open_casebook(args, clock).staff.members()
    if args.json:
        rows = [
            {
                "id": m.id,
                "name": m.name,
                "role": m.role,
                "login": m.login,
                "access": m.access.value,
                "on_staff": m.on_staff(clock.today()),
            }
            for m in members
        ]
        out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return 0
    for m in members:
        left = "" if m.on_staff(clock.today()) else " (left)"
        out.write(f"{m.id:<6} {m.name} · {m.role} · {m.access.value} · {m.login or '-'}{left}\n")
    return 0


def initials(name: str) -> str:
    """A staff id from a name: the first letter of each word ("Jo Bramley" → "JB")."""
    return "".join(word[0] for word in name.split() if word[0].isalnum()).upper()[:12]


def cmd_add(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Add someone to the staff list with their login and access."""
    from fama.clients.form import FormErrors
    from fama.staff.form import StaffForm

    book = open_casebook(args, clock)
    staff_id = args.staff_id or initials(args.name)
    form = StaffForm(
        id=staff_id,
        name=args.name,
        role=args.title or args.role.strip().lower(),
        login=args.login,
        access=args.role,
    )
    try:
        member = book.staff.save(form)
    except FormErrors as exc:
        first = next(iter(exc.errors.values()))
        if "id" in exc.errors and not args.staff_id:
            first += " Give another with --id."
        raise CommandError(first, EXIT_USAGE) from None
    out.write(
        f"Added {member.name} ({member.id}) with the login {member.login} as "
        f"{member.access.value}.\n"
    )
    return 0


def cmd_login(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Give a staff member their login and access (on a database, granting it)."""
    from fama.clients.form import FormErrors
    from fama.errors import StaffNotFound
    from fama.staff.form import StaffForm

    book = open_casebook(args, clock)
    try:
        member = book.staff.member(args.staff_id)
    except StaffNotFound as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    form = StaffForm.from_member(member)
    form.login, form.access = args.login, args.role
    try:
        saved = book.staff.save(form, editing=member.id)
    except FormErrors as exc:
        raise CommandError(next(iter(exc.errors.values())), EXIT_USAGE) from None
    out.write(
        f"{saved.name} ({saved.id}) now uses the login {saved.login} as {saved.access.value}.\n"
    )
    return 0
