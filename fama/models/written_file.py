"""A file fama wrote about a client outside the store (a meeting plan, a printed handout).

Kept on the client's record so that a subject access export lists it and an erasure can
delete it, or name it for the keyworker when it has been moved.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import Field

from fama.models.common import Record


class WrittenFile(Record):
    """A file fama wrote for a client outside the store (a plan, a printed handout), so
    export and erasure can find it."""

    name: str = Field(min_length=1)
    """The file's name, which never carries the client's code."""
    folder: str = Field(min_length=1)
    """The absolute folder it was written into."""
    what: str = Field(min_length=1)
    """What it is, in words: "My meeting plan (calendar file)", "Handout: ..."."""
    written_on: date
    written_by: str = ""

    @property
    def path(self) -> Path:
        return Path(self.folder) / self.name
