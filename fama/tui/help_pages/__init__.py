"""The on-screen help (F1 or ?): one Markdown page per screen or dialog, kept as data.

A screen names its page in ``HELP_PAGE``; :func:`help_page` reads ``<name>.md`` from this
folder. A line ``{{name}}`` in a page is replaced by the page ``name.md`` (the date help
several dialogs share is written once, in ``dates.md``). Pages are read when F1 is pressed,
not at start-up, and may import nothing.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

INCLUDE = re.compile(r"^\{\{([a-z0-9-]+)\}\}$", re.MULTILINE)
"""A line that stands for another page: ``{{dates}}``."""

PAGE_NAME = re.compile(r"[a-z0-9-]+")


class UnknownHelpPage(LookupError):
    """A screen names a help page that is not in this folder."""


def page_names() -> list[str]:
    """Every page in the folder, by name (``caseload``, ``dates``...)."""
    folder = resources.files(__name__)
    return sorted(
        entry.name.removesuffix(".md") for entry in folder.iterdir() if entry.name.endswith(".md")
    )


@cache
def help_page(name: str) -> str:
    """The Markdown of page ``name``, with the pages it includes put in place."""
    return _read(name, ())


def _read(name: str, including: tuple[str, ...]) -> str:
    if not PAGE_NAME.fullmatch(name):
        raise UnknownHelpPage(f"{name!r} is not a help page name.")
    if name in including:
        raise UnknownHelpPage(f"The help page {name!r} includes itself.")
    try:
        text = resources.files(__name__).joinpath(f"{name}.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UnknownHelpPage(f"There is no help page {name!r}.") from None
    return INCLUDE.sub(lambda match: _read(match.group(1), (*including, name)), text)
