"""``fama backup``: make a backup of the store, list the backups, restore one.

The app backs the store up once a day; scripts and a keyworker about to do something large
can take one whenever they like. Restoring replaces the store's data with a backup, after
backing up what is there now, and asks first (``--yes`` for scripts).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from fama.cli.files import EXIT_USAGE
from fama.clock import Clock

CONFIRM_WORD = "RESTORE"
Command = Callable[[argparse.Namespace, Clock, TextIO], int]


def add_commands(commands: Any, add_data_option: Callable[[argparse.ArgumentParser], None]) -> None:
    """Register ``fama backup`` (and ``--list``, ``restore``) on the command parser."""
    backup = commands.add_parser(
        "backup",
        help="back the store up now, list its backups (--list) or restore one",
        description="With no action, backs the store up now (into its backups folder).",
    )
    add_data_option(backup)
    backup.add_argument("--list", action="store_true", help="list the store's backups")
    actions = backup.add_subparsers(dest="backup_command", metavar="ACTION")
    restore = actions.add_parser(
        "restore", help="replace the store's data with a backup (the data now is backed up first)"
    )
    add_data_option(restore)
    restore.add_argument("name", help="the backup's name, as 'fama backup --list' shows it")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def command_for(args: argparse.Namespace) -> Command:
    """The command for ``fama backup``: take one, list them, or restore one."""
    if getattr(args, "backup_command", None) == "restore":
        return cmd_backup_restore
    if args.list:
        return cmd_backup_list
    return cmd_backup


def _store_folder(args: argparse.Namespace) -> Path:
    """The store the command names, which must exist: a typo must not become a new store."""
    from fama.cli.files import CommandError, store_at  # refuses a path with no store

    location = store_at(args.data)
    if isinstance(location, str):
        raise CommandError(
            "fama keeps backups of a store folder; a database is backed up by its server "
            "(pg_dump, or the service's own backups).",
            EXIT_USAGE,
        )
    return location


def _clients(count: int) -> str:
    return f"{count} client{'s' if count != 1 else ''}"


def cmd_backup(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """``fama backup``: a whole copy of the store now, named in the output."""
    from fama.store.backups import find_backup
    from fama.store.tinydb_store import TinyDBStore

    store = TinyDBStore.open(_store_folder(args))
    made = find_backup(store.path, store.backup("manual").name)
    out.write(f"Backed up the store ({_clients(made.clients)}) to {made.path}.\n")
    return 0


def cmd_backup_list(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """``fama backup --list``: every complete backup, oldest first, with its clients."""
    from fama.store.backups import list_backups

    backups = list_backups(_store_folder(args))
    if not backups:
        out.write("There are no backups of this store yet; 'fama backup' takes one.\n")
        return 0
    width = max(len(b.name) for b in backups)
    out.write(f"{'NAME':<{width}}  {'TAKEN (UTC)':<16}  CLIENTS\n")
    for b in backups:
        out.write(f"{b.name:<{width}}  {b.taken:%Y-%m-%d %H:%M}  {b.clients}\n")
    return 0


def cmd_backup_restore(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """``fama backup restore NAME``: after a confirmation, the store as it was in that
    backup (the data there now is backed up first)."""
    from fama.store import unlock
    from fama.store.backups import find_backup, restore_backup
    from fama.store.tinydb_store import TinyDBStore

    path = _store_folder(args)
    unlock(path)  # an encrypted store's passphrase, asked before anything else
    chosen = find_backup(path, args.name)
    if not args.yes:
        if not sys.stdin.isatty():
            from fama.cli.files import CommandError

            raise CommandError(
                "Restoring needs a confirmation; run it in a terminal or add --yes.", EXIT_USAGE
            )
        out.write(
            f"This replaces the data in {path} with the backup {chosen.name} "
            f"({_clients(chosen.clients)}, taken {chosen.taken:%Y-%m-%d %H:%M} UTC). "
            "The data there now is backed up first.\n"
        )
        out.flush()
        if input(f"Type {CONFIRM_WORD} to confirm: ").strip().upper() != CONFIRM_WORD:
            out.write("Nothing was restored.\n")
            return 1
    before = restore_backup(path, chosen.name)
    out.write(f"Restored the backup {chosen.name}; the data from before is in {before}.\n")
    TinyDBStore.open(path)  # rebuilds the caseload index, or says what is wrong with the backup
    return 0
