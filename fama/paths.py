"""Where fama's files live, and how it writes them.

The store is at ``--data``, else ``FAMA_DATA``, else the platform data folder; the settings
beside it. Every file fama writes (a record, a plan, an export, the settings) goes temp file
-> flush -> fsync -> ``os.replace`` -> fsync of the folder, so a crash at any instant leaves
the old file or the new one, never a torn one; files are 0600 and new folders 0700, as
client records are special-category health data.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from platformdirs import user_data_path

ENV_DATA = "FAMA_DATA"
ENV_STORE = "FAMA_STORE"
"""The store to use, a folder or a ``postgresql://`` URL (``FAMA_DATA`` is its older alias)."""
FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"


def default_store_path() -> Path:
    """The store used when neither ``--data`` nor ``FAMA_DATA`` names one."""
    return user_data_path("fama", appauthor=False) / "store"


def is_database_url(location: str | os.PathLike[str]) -> bool:
    """Does ``location`` name a PostgreSQL database (``postgresql://...``), not a folder?"""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def resolve_store(cli_value: str | os.PathLike[str] | None) -> Path | str:
    """The store to use: ``--store`` (or ``--data``), else ``FAMA_STORE``, else
    ``FAMA_DATA``, else the default folder. A ``postgresql://`` URL comes back as the text
    given; anything else is a folder."""
    for value in (cli_value, os.environ.get(ENV_STORE), os.environ.get(ENV_DATA)):
        if value:
            text = os.fspath(value)
            return text if is_database_url(text) else Path(text).expanduser()
    return default_store_path()


def store_folders(*locations: Path | str) -> list[Path]:
    """The folders among store locations (a database is no folder to keep files out of)."""
    return [location for location in locations if isinstance(location, Path)]


def default_settings_path() -> Path:
    """The user's settings (the theme chosen), beside the default store: one per person,
    whichever store ``--data`` opens."""
    return user_data_path("fama", appauthor=False) / "settings.json"


def inside(target: Path, folder: Path) -> bool:
    """Is ``target`` (a file to write, perhaps not there yet) inside ``folder``, following
    symbolic links to both folders?"""
    try:
        where = target.parent.resolve() / target.name
        return where.is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of symbolic links: treat as outside, write fails
        return False


def make_private_dir(path: Path) -> None:
    """Create ``path`` if needed, private to the user (0700).

    Missing parents are created 0700 too (``mkdir(parents=True)`` would make them with the
    umask's mode, e.g. 0755). Folders that already existed, ``path`` included, keep their
    permissions: fama did not create them, and a folder the user chose for a store or an
    export is theirs to set. The files written in them are 0600 all the same.
    """
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        folder.chmod(DIR_MODE)


def fsync_dir(path: Path) -> None:
    """Make a change to the folder's entries (a file created, replaced or deleted) durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` durably: the old content or the new, never a mix."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}{TEMP_SUFFIX}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def remove_durably(path: Path) -> bool:
    """Delete a file and make the deletion survive a crash; False if it was not there."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    fsync_dir(path.parent)
    return True


def process_running(pid: int) -> bool:
    """Is a process with this id running (so a temp file or folder named by it may be in
    use)? One we may not signal is running too."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
