"""Where the user's store lives: ``--data``, else ``FAMA_DATA``, else the platform data folder."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

ENV_DATA = "FAMA_DATA"


def default_store_path() -> Path:
    return user_data_path("fama", appauthor=False) / "store"


def resolve_store_path(cli_value: str | os.PathLike[str] | None) -> Path:
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env).expanduser()
    return default_store_path()


def default_settings_path() -> Path:
    """The user's settings (the theme chosen), beside the default store: one per person,
    whichever store ``--data`` opens."""
    return user_data_path("fama", appauthor=False) / "settings.json"


def holds_store(path: Path) -> bool:
    """Does ``path`` hold a fama store (perhaps a damaged one, which opening then reports)?

    Told by the index file or the clients folder, without opening anything: a command that
    only reads must not turn a mistyped path into a new, empty store.
    """
    from fama.store.tinydb_store import CLIENTS_DIR, INDEX_FILE

    return (path / INDEX_FILE).is_file() or (path / CLIENTS_DIR).is_dir()


def inside(target: Path, folder: Path) -> bool:
    """Is ``target`` (a file to write, perhaps not there yet) inside ``folder``, following
    symbolic links to both folders?"""
    try:
        where = target.parent.resolve() / target.name
        return where.is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of symbolic links: treat as outside, write fails
        return False
