"""``fama store init | migrate | check | copy``: make a store, bring its schema up to date,
say where it stands, copy a whole store (:mod:`fama.cli.store_copy`); ``encrypt``,
``decrypt``, ``passphrase`` and ``open-export`` are in :mod:`fama.cli.store_encryption`.

A store is a folder (made by ``init``, migrated forward whenever fama opens it) or a
PostgreSQL database named by a ``postgresql://`` URL, whose tables ``init`` makes and
``migrate`` updates with fama's numbered migrations. Messages name a database by its name
and host, never its password.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

from fama.cli.files import EXIT_USAGE, CommandError, check_new_store_place
from fama.clock import Clock
from fama.paths import resolve_store
from fama.store import Encryption, holds_store, open_store

EXIT_NEEDS_MIGRATION = 2


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    add_store_option: Callable[[argparse.ArgumentParser], None],
) -> None:
    """``fama store ...``."""
    store = commands.add_parser("store", help="make a store, update its schema, check it, copy it")
    actions = store.add_subparsers(dest="store_command", metavar="ACTION")
    for name, words in (
        ("init", "make an empty store: a folder, or fama's tables in a PostgreSQL database"),
        ("migrate", "bring a database's tables up to this fama's schema"),
        ("check", "say which store this is, its schema version and what it holds"),
    ):
        add_store_option(actions.add_parser(name, help=words))
    from fama.cli.store_copy import add_copy_command
    from fama.cli.store_encryption import add_encryption_commands

    add_copy_command(actions)
    add_encryption_commands(actions, add_store_option)


def command_for(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> Callable[[argparse.Namespace, Clock, TextIO], int]:
    """The function that runs ``fama store ACTION``."""
    if args.store_command is None:
        parser.parse_args(["store", "--help"])
    if args.store_command == "copy":
        from fama.cli.store_copy import cmd_copy

        return cmd_copy
    if args.store_command in ("encrypt", "decrypt", "passphrase", "open-export"):
        from fama.cli.store_encryption import command_for as encryption_command

        return encryption_command(args.store_command)
    return {"init": cmd_init, "migrate": cmd_migrate, "check": cmd_check}[args.store_command]


def cmd_init(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Make an empty store; nothing changes where there is one already."""
    location = resolve_store(args.data)
    if isinstance(location, str):
        return _init_database(location, out)
    if holds_store(location):
        out.write(f"There is already a fama store at {location}; nothing was changed.\n")
        return 0
    check_new_store_place(location)
    open_store(location)
    out.write(f"Made an empty store at {location}.\n")
    return 0


def _init_database(url: str, out: TextIO) -> int:
    from fama.store.postgres import schema
    from fama.store.postgres.database import connect, describe

    where = describe(url)
    with connect(url) as conn:
        version = schema.current_version(conn)
        if version is not None:
            out.write(
                f"{where.capitalize()} already holds fama's tables (schema version {version}); "
                "nothing was changed.\n"
            )
            return 0
        others = schema.has_other_tables(conn)
        if others:
            raise CommandError(
                f"{where.capitalize()} already holds tables fama did not make "
                f"({', '.join(others[:5])}); give fama a database of its own.",
                EXIT_USAGE,
            )
        schema.migrate(conn)
    out.write(f"Made fama's tables in {where} (schema version {schema.latest_version()}).\n")
    return 0


def cmd_migrate(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Apply the migrations a database has not had; a folder migrates itself on opening."""
    location = resolve_store(args.data)
    if not isinstance(location, str):
        from fama.cli.files import store_at

        open_store(store_at(args.data))
        out.write(f"The store at {location} is up to date (a folder is updated when opened).\n")
        return 0
    from fama.store.postgres import schema
    from fama.store.postgres.database import connect, describe

    where = describe(location)
    with connect(location) as conn:
        before = schema.current_version(conn)
        if before is None:
            raise CommandError(
                f"{where.capitalize()} has no fama tables yet: run `fama store init`.", EXIT_USAGE
            )
        if before > schema.latest_version():
            raise CommandError(
                f"{where.capitalize()} has schema version {before}, newer than this fama "
                f"({schema.latest_version()}); use a newer fama.",
                EXIT_NEEDS_MIGRATION,
            )
        applied = schema.migrate(conn)
    if applied:
        from fama.store.postgres.store import PostgresStore

        store = PostgresStore.open(location)
        try:
            filled = store.fill_missing_facts()
        finally:
            store.close()
        if filled:
            out.write(f"Counted the self-assessment facts of {filled} existing records.\n")
    if not applied:
        out.write(f"{where.capitalize()} is up to date (schema version {before}).\n")
    else:
        names = ", ".join(m.name for m in applied)
        out.write(
            f"Brought {where} from schema version {before} to "
            f"{schema.latest_version()} ({names}).\n"
        )
    return 0


def cmd_check(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """The store, its schema version and what it holds; exit 2 if it needs migrating."""
    location = resolve_store(args.data)
    if isinstance(location, str):
        from fama.store.postgres import schema
        from fama.store.postgres.database import connect, describe

        where = describe(location)
        with connect(location) as conn:
            version = schema.current_version(conn)
        latest = schema.latest_version()
        if version != latest:
            state = "no fama tables yet" if version is None else f"schema version {version}"
            action = "fama store init" if version is None else "fama store migrate"
            raise CommandError(
                f"{where.capitalize()} has {state}; this fama needs {latest}: run `{action}`.",
                EXIT_NEEDS_MIGRATION,
            )
        kind = f"PostgreSQL, {where}, schema version {version}"
    else:
        from fama.cli.files import store_at

        store_at(args.data)  # refuses a folder with no store
        from fama.store import SCHEMA_VERSION

        kind = f"folder {location}, schema version {SCHEMA_VERSION}"
    store = open_store(location)
    if isinstance(store, Encryption) and store.encrypted():
        kind += ", encrypted"
    try:
        clients = len(store.client_summaries())
        meetings, staff = len(store.meetings()), len(store.staff())
    finally:
        store.close()
    out.write(
        f"Store: {kind}.\nHolds {clients} client{'s' if clients != 1 else ''}, "
        f"{meetings} meeting{'s' if meetings != 1 else ''} and "
        f"{staff} staff member{'s' if staff != 1 else ''}.\n"
    )
    return 0
