"""A handout given to a client: evidence for self-assessment 2.2 and the client's own record."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from fama.models.common import CodeRef, Record, UtcDateTime, utc_now
from fama.models.goal import new_id


class HandoutGiven(Record):
    """A handout given to a client to keep: which, when and by whom (self-assessment 2.2)."""

    id: str = Field(default_factory=new_id)
    client_code: CodeRef
    handout_id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    """The title when it was given, so the record reads right even if the handout changes."""
    given_on: date
    by: str = ""
    created_at: UtcDateTime = Field(default_factory=utc_now)
