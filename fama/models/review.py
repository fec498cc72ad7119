"""A follow-up (FAMA stage 3): did the client go, how often, how helpful, what next."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from fama.models.common import CodeRef, Record, UtcDateTime, utc_now
from fama.models.goal import new_id
from fama.models.meeting import FlagKind


class ReviewType(StrEnum):
    """The kind of session a review of attendance was recorded in."""

    KEYWORK = "keywork session"
    CARE_PLAN = "care-plan review"
    DISCHARGE = "discharge"
    POST_DISCHARGE = "post-discharge check-up"


class Attended(StrEnum):
    """Did the client go to the meeting the goal named (or any meeting)?"""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Involvement(StrEnum):
    """Ways the client took part beyond sitting in, each a step further into the group."""

    SPOKE = "spoke at a meeting"
    NUMBERS = "swapped numbers"
    SPONSOR = "sponsor or buddy"
    TOOLS = "tools or literature"
    HOME_GROUP = "home group"
    SERVICE = "did service"


class NextStep(StrEnum):
    """What the keyworker and client agreed to do after a follow-up."""

    CARRY_ON = "carry on"
    TRY_ANOTHER_MEETING = "try another meeting"
    TRY_ANOTHER_PROGRAMME = "try another programme"
    RELINK = "re-link with a person"
    STOP = "stop for now"


class Handover(StrEnum):
    """Whether the person linked in stage 2 met the client at the meeting or went with them
    (self-assessment 4.4), asked at the follow-up."""

    MET = "met them there"
    WENT_WITH = "went with them"
    DID_NOT = "did not meet them"

    @property
    def happened(self) -> bool:
        """The linked person met the client or went with them."""
        return self is not Handover.DID_NOT


class Review(Record):
    """A follow-up of attendance: whether they went, how it was, and what comes next."""

    id: str = Field(default_factory=new_id)
    client_code: CodeRef
    goal_id: str | None = None
    date: date
    review_type: ReviewType = ReviewType.KEYWORK
    attended: Attended = Attended.UNKNOWN
    meetings_since_last: int | None = Field(default=None, ge=0, le=100)
    meeting_ids: list[str] = Field(default_factory=list)
    helpfulness: int | None = Field(default=None, ge=0, le=10)
    what_it_was_like: str = Field(default="", max_length=2000)
    involvement: list[Involvement] = Field(default_factory=list)
    barriers: list[str] = Field(default_factory=list)
    next_step: NextStep | None = None
    dead_end: FlagKind | None = None
    """The meeting the goal named did not run, had moved, or turned the client away: counts
    against the meeting at once and raises a flag on it in the directory."""
    handover: Handover | None = None
    """Whether the person linked to the goal met the client or went with them (asked only
    when the goal had one)."""
    notes: str = Field(default="", max_length=4000)
    recorded_by: str = ""
    created_at: UtcDateTime = Field(default_factory=utc_now)

    @property
    def is_follow_up(self) -> bool:
        """A review that reports on mutual aid (about a goal, or saying how it went), as
        opposed to a care-plan review recorded on its own."""
        return (
            self.goal_id is not None
            or self.attended is not Attended.UNKNOWN
            or self.meetings_since_last is not None
            or self.helpfulness is not None
        )
