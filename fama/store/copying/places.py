"""Where a copy reads and writes: the stores ``--from`` and ``--to`` name, checked before
anything is written, and the target, which keeps a copy only when it is whole.

A database target takes everything in one transaction (:meth:`Store.add`). A folder target
must be new or empty (a store that holds nothing): the copy is written into a fresh folder
beside it and renamed into place once it is whole and checked, so a copy that fails or is
killed part-way leaves the target as it was (a fresh folder a killed copy left is removed
by the next copy to that place).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from fama.errors import StoreError
from fama.paths import TEMP_SUFFIX, fsync_dir, is_database_url, process_running
from fama.store.base import Backups, Store

Place = Path | str
"""A store folder, or a ``postgresql://`` URL."""


class CopyRefused(StoreError):
    """The copy cannot be made as asked (bad input, or a target that holds data): nothing
    was written."""

    exit_code = 2


def place_of(text: str) -> Place:
    """The store a ``--from`` or ``--to`` value names (``~`` expanded for a folder)."""
    if not text.strip():
        raise CopyRefused("An empty name is not a store: give a folder or a postgresql:// URL.")
    return text if is_database_url(text) else Path(text).expanduser()


def name_of(place: Place) -> str:
    """The store in words for a message: a folder's path, a database's name and host (never
    its password)."""
    if isinstance(place, Path):
        return str(place)
    from fama.store.postgres.database import describe

    return describe(place)


def _identity(place: Place) -> tuple[str, ...]:
    """What tells two places apart: a folder's real path, a database's host, port and name."""
    if isinstance(place, Path):
        return ("folder", str(place.resolve()))
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(place)
    except ProgrammingError:
        return ("database", place)
    name = str(parts.get("dbname") or parts.get("user") or "")
    return ("database", str(parts.get("host") or ""), str(parts.get("port") or "5432"), name)


def check_places(sources: list[Place], target: Place, *, merge: bool) -> None:
    """Refuse, before anything is opened: no source, several without ``--merge``, a store
    given twice, or one folder inside another."""
    if not sources:
        raise CopyRefused("Give the store to copy from with --from.")
    if len(sources) > 1 and not merge:
        raise CopyRefused("Copying from several stores merges them: add --merge.")
    seen: dict[tuple[str, ...], Place] = {}
    for place in [*sources, target]:
        key = _identity(place)
        if key in seen:
            if place is target:
                raise CopyRefused(f"{name_of(place)} is both a source and the target of the copy.")
            raise CopyRefused(f"{name_of(place)} is given twice with --from.")
        seen[key] = place
    folders = [p for p in [*sources, target] if isinstance(p, Path)]
    for inner in folders:
        for outer in folders:
            if inner is not outer and inner.resolve().is_relative_to(outer.resolve()):
                raise CopyRefused(
                    f"{inner} is inside {outer}; a store's folder cannot hold another store."
                )


def open_source(place: Place) -> Store:
    """Open a store to copy from; a folder that holds no store is refused, not made."""
    from fama.store import holds_store, open_store

    if isinstance(place, Path) and not holds_store(place):
        raise CopyRefused(f"There is no fama store at {place} to copy from; check the path.")
    try:
        return open_store(place)
    except StoreError as exc:
        raise CopyRefused(str(exc)) from None


def holds_nothing(store: Store) -> bool:
    """No client, meeting, staff member, centre or assessment, and no backup (a folder's
    backups may hold records that were there once). A folder replaced by a copy must also
    have no audit trail (:func:`open_folder_target`); a database keeps its own."""
    if isinstance(store, Backups) and store.latest_backup() is not None:
        return False
    return not (
        store.client_summaries()
        or store.meetings()
        or store.staff()
        or store.locations()
        or store.assessments()
    )


class Target:
    """Where the copy goes: :attr:`store` to add to and read back from, then :meth:`keep`
    (the copy was checked) or :meth:`abandon` (it failed; the target is as it was)."""

    def __init__(self, place: Place, store: Store) -> None:
        self.place = place
        self.store = store

    @property
    def before(self) -> Store:
        """The store as it was before the copy (read for the plan)."""
        return self.store

    @property
    def all_or_nothing(self) -> bool:
        """Does :meth:`abandon` leave the target as it was after a copy that was written
        but did not check out (a folder: yes; a committed transaction: no)?"""
        return False

    def keep(self) -> None:
        """The copy is whole and checked: put it in place."""

    def abandon(self) -> None:
        """The copy failed: leave the target as it was."""

    def close(self) -> None:
        self.store.close()


def open_database_target(url: str) -> Target:
    """A database target: it must hold fama's tables (``fama store init``)."""
    from fama.store import open_store

    try:
        return Target(url, open_store(url))
    except StoreError as exc:
        raise CopyRefused(str(exc)) from None


class FolderTarget(Target):
    """A new or empty folder, filled through a fresh store folder beside it."""

    def __init__(self, path: Path, existing: Store | None) -> None:
        from fama.store import TinyDBStore

        self._existing = existing
        self.fresh = path.parent / f".{path.name}.copy-{os.getpid()}{TEMP_SUFFIX}"
        shutil.rmtree(self.fresh, ignore_errors=True)
        try:
            super().__init__(path, TinyDBStore.open(self.fresh))
        except BaseException:
            shutil.rmtree(self.fresh, ignore_errors=True)
            raise

    @property
    def before(self) -> Store:
        return self._existing if self._existing is not None else self.store

    @property
    def all_or_nothing(self) -> bool:
        return True

    def keep(self) -> None:
        """Rename the fresh folder into place: over a missing or empty folder in one step;
        an empty store is moved aside first, and put back if the rename fails."""
        path = Path(self.place)
        if self._existing is None:
            os.rename(self.fresh, path)  # replaces an empty folder, refuses anything else
        else:
            aside = path.parent / f".{path.name}.replaced-{os.getpid()}{TEMP_SUFFIX}"
            os.rename(path, aside)
            try:
                os.rename(self.fresh, path)
            except BaseException:
                os.rename(aside, path)
                raise
            shutil.rmtree(aside, ignore_errors=True)
        fsync_dir(path.parent)

    def abandon(self) -> None:
        shutil.rmtree(self.fresh, ignore_errors=True)


def open_folder_target(path: Path, *, merge: bool) -> FolderTarget:
    """A folder target: missing (its parent folder must exist), an empty folder, or a store
    that holds nothing. A folder holding data is refused, with ``--merge`` too: a merge
    adds to a database, or fills a new folder from several stores."""
    from fama.store import holds_store, open_store

    if not path.parent.is_dir():
        raise CopyRefused(f"The folder {path.parent} does not exist.")
    _remove_stale_copies(path)
    existing: Store | None = None
    if path.exists() and not path.is_dir():
        raise CopyRefused(f"{path} is a file, but a fama store is a folder.")
    if path.is_dir() and holds_store(path):
        try:
            existing = open_store(path)
        except StoreError as exc:
            raise CopyRefused(str(exc)) from None
        if not holds_nothing(existing) or next(iter(existing.audit_rows()), None) is not None:
            what = "merge into it" if merge else "copy into it"
            raise CopyRefused(
                f"{path} already holds a fama store with records, so fama will not {what}: "
                "give a new or empty folder (a merge can also go into a database)."
            )
    elif path.is_dir() and any(path.iterdir()):
        raise CopyRefused(
            f"{path} already holds other files and no fama store; give a new or empty folder."
        )
    return FolderTarget(path, existing)


def _remove_stale_copies(path: Path) -> None:
    """Remove the fresh folders of copies to ``path`` that were killed part-way (their
    process is gone)."""
    prefix = f".{path.name}.copy-"
    for folder in path.parent.iterdir():
        name = folder.name
        if not (name.startswith(prefix) and name.endswith(TEMP_SUFFIX)):
            continue
        pid = name.removeprefix(prefix).removesuffix(TEMP_SUFFIX)
        if folder.is_dir() and pid.isdigit() and not process_running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
