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
