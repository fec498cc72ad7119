"""Where commands read and write: the store folder ``--data`` names, and ``-o`` files.

A command that only reads refuses a path that holds no store (a typo must not become a new,
empty store); a command that writes makes one there, with a notice on stderr; ``fama store
init`` makes one on purpose. An existing folder keeps the permissions it has. A file ``-o``
names is checked before any work and never lies inside a store folder; a failed write names
that file, not the temporary file beside it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from fama.clock import Clock
from fama.paths import atomic_write, default_store_path, inside, resolve_store, store_folders
from fama.store import holds_store, open_store
from fama.text.safe import shown

if TYPE_CHECKING:
    import argparse

    from fama.casebook.service import Casebook

EXIT_USAGE = 2
SEALED_HOW = "`fama store open-export {target}` opens it with the store's passphrase"
MOST_LISTED = 1000
"""The largest ``--limit`` a listing takes: more is a typo, not a wish."""


class StoreArgs(Protocol):
    """What opening the store reads of a command's arguments (argparse's, or a plain
    launch's, which is read without argparse)."""

    @property
    def data(self) -> str | None:
        """The store ``--store`` (or ``--data``) names, if any."""
        ...


class CommandError(Exception):
    """A user mistake in a command: printed as one sentence, exit code ``exit_code``."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def print_json(data: Any, out: TextIO) -> None:
    """Write ``data`` as indented JSON (non-ASCII kept as written), ending with a newline."""
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


# The store folder ------------------------------------------------------------------------


def _no_store(path: Path) -> CommandError:
    init = "fama store init" + (f" --data {path}" if path != default_store_path() else "")
    return CommandError(
        f"There is no fama store at {path}; check the path, or create one with `{init}`.",
        EXIT_USAGE,
    )


def check_new_store_place(path: Path) -> None:
    """Refuse to make a store where it would mix with other files; note a shared folder.

    An existing folder keeps its permissions (fama did not create it); the files fama
    writes in it are private all the same.
    """
    if path.exists() and not path.is_dir():
        raise CommandError(f"{path} is a file, but a fama store is a folder.", EXIT_USAGE)
    if path.is_dir():
        if any(path.iterdir()):
            raise CommandError(
                f"{path} already holds other files and no fama store; "
                "choose a new or empty folder for the store.",
                EXIT_USAGE,
            )
        if path.stat().st_mode & 0o077:
            sys.stderr.write(
                shown(
                    f"fama: note: other users can open {path}; the store's files in it are "
                    "private to you all the same.\n"
                )
            )


def store_at(data: str | None, *, create: bool = False) -> Path | str:
    """The store ``--store`` (or ``--data``) names, else ``FAMA_STORE``, else the default
    folder: a folder, or a ``postgresql://`` URL (whose tables ``fama store init`` makes).

    A folder that holds no store is refused, unless ``create``: then the store is made with
    a notice on stderr (a write is the first use of a new store).
    """
    path = resolve_store(data)
    if isinstance(path, str) or holds_store(path):
        return path
    if not create:
        raise _no_store(path)
    check_new_store_place(path)
    sys.stderr.write(shown(f"fama: there was no store at {path}; made a new one there.\n"))
    return path


def open_casebook(args: StoreArgs, clock: Clock, *, create: bool = False) -> Casebook:
    """The casebook over the store ``--data`` names; says on stderr anything opening
    the store did that the person must hear about."""
    from fama.casebook.service import Casebook

    casebook = Casebook(open_store(store_at(args.data, create=create)), clock)
    for notice in casebook.notices():
        sys.stderr.write(shown(f"fama: {notice}\n"))
    return casebook


# Files -o names ------------------------------------------------------------------------


def output_target(output: str, what: str, stores: Sequence[Path]) -> Path:
    """The file ``-o`` names, checked before any work: not a folder, in a folder that exists,
    not a pipe or a device, and not inside a store folder (a report never replaces a record).
    """
    target = Path(output).expanduser()
    if target.is_dir():
        raise CommandError(f"{target} is a folder; give a file name for {what}.", EXIT_USAGE)
    if not target.parent.is_dir():
        raise CommandError(f"The folder {target.parent} does not exist.", EXIT_USAGE)
    if target.exists() and not target.is_file():
        raise CommandError(
            f"{target} is not a regular file; give a file name for {what}.", EXIT_USAGE
        )
    for store in stores:
        if inside(target, store):
            raise CommandError(
                f"{target} is inside the store folder {store}; write {what} somewhere else.",
                EXIT_USAGE,
            )
    return target


def output_target_for(args: argparse.Namespace, what: str) -> Path:
    """The ``-o`` file of a command that opens the store ``--data`` names."""
    return output_target(
        args.output, what, store_folders(resolve_store(getattr(args, "data", None)))
    )


def add_clear_option(parser: argparse.ArgumentParser) -> None:
    """``--clear``: an export from an encrypted store written in clear, with a warning."""
    parser.add_argument(
        "--clear",
        action="store_true",
        help="from an encrypted store, write the export in clear rather than sealed "
        "(a warning is printed)",
    )


def export_sealing(
    casebook: Casebook, target: Path | None, clear: bool
) -> Callable[[bytes], bytes] | None:
    """How an export from this store is written, decided before anything is exported (and
    audited): sealed for the store's passphrase if the store is encrypted, unless ``--clear``
    (then in clear, with a warning on stderr); ``None`` means in clear. Printed to stdout
    from an encrypted store it is refused: a sealed export is a file to keep, and a clear
    one must be asked for."""
    seal = casebook.protection.export_seal()
    if seal is None:
        return None
    if clear:
        sys.stderr.write(
            "fama: warning: this export is in clear, so anyone who can read it can read the "
            "records in it.\n"
        )
        return None
    if target is None:
        raise CommandError(
            "The store is encrypted, so its exports are sealed: give -o FILE for a sealed "
            "export, or add --clear to print it in clear.",
            EXIT_USAGE,
        )
    return seal


def write_output(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` durably, private to the user; a failure names the file
    the user asked for (never the temporary file beside it) and leaves any old one whole."""
    try:
        atomic_write(target, data)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise CommandError(f"Could not write {target} ({reason}).") from None
