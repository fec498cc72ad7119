"""A care-planned goal about attending mutual aid (FAMA stage 2)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import uuid4

from pydantic import Field, model_validator

from fama.models.common import CodeRef, Record, UtcDateTime, utc_now
from fama.models.organisations import OrgCode


class GoalStatus(StrEnum):
    """Where a goal stands. Planned and ongoing goals are open (a follow-up falls due on the
    date agreed to talk); the rest are closed by a follow-up (see
    :func:`fama.conversation.outcomes.goal_outcome`)."""

    PLANNED = "planned"
    ONGOING = "ongoing"
    """An attendance goal kept up after a follow-up ("carry on"), with a next date to talk."""
    ACHIEVED = "achieved"
    PARTLY = "partly achieved"
    NOT_ACHIEVED = "not achieved"
    CHANGED = "changed"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self in (GoalStatus.PLANNED, GoalStatus.ONGOING)


class LinkType(StrEnum):
    """The person-to-person link that makes a first meeting far more likely (domain §4)."""

    NONE = "none"
    VOLUNTEER_PHONED = "fellowship volunteer phoned in session"
    VOLUNTEER_MEETS = "met by a fellowship volunteer"
    PEER_MENTOR = "met or accompanied by a peer mentor"
    STAFF_MEETS = "met by a staff member"
    STAFF_ACCOMPANIES = "accompanied by a staff member"
    MEETING_AT_SERVICE = "meeting held at the service"


class CallOutcome(StrEnum):
    """How a call to a contact from the register, made in the session, went."""

    REACHED = "reached, agreed to meet"
    MESSAGE = "left a message"
    NOT_REACHED = "not reached"


class ContactCall(Record):
    """One call made in the session to a contact in the register (issue 17): whom, when,
    by whom, how it went, and where and when the contact agreed to meet the client."""

    contact_id: str
    called_on: date
    called_by: str = ""
    """The login or staff id of the keyworker who rang (self-assessment 3.2b)."""
    outcome: CallOutcome
    meet_where: str = Field(default="", max_length=200)
    meet_when: str = Field(default="", max_length=120)


class Support(Record):
    """The help agreed to get the client to a meeting: a linked person, contact first,
    travel, and a plan for what might get in the way."""

    link: LinkType = LinkType.NONE
    linked_person: str = Field(default="", max_length=80)
    """First name and role of the person, e.g. 'Sam, AA health liaison'."""
    contact_id: str | None = None
    """The register's contact who is the linked person, when they came from the register."""
    calls: list[ContactCall] = Field(default_factory=list)
    """Calls made in the session to contacts in the register, in the order made."""
    name_on_plan: bool = False
    """The client, declining a call, agreed to have the contact's first name and the usual
    greeting at the door printed on My meeting plan."""
    contact_before: bool = False
    travel_plan: str = Field(default="", max_length=1000)
    barriers_plan: str = Field(default="", max_length=2000)


def new_id() -> str:
    """A fresh random id for a record (hex, no meaning, never reused)."""
    return uuid4().hex


class Goal(Record):
    """A care-planned goal about attending mutual aid, in the client's words, with its
    dates, status and support."""

    id: str = Field(default_factory=new_id)
    client_code: CodeRef
    wording: str = Field(min_length=1, max_length=1000)
    """The goal in the client's own words, as written into the care plan."""
    meeting_id: str | None = None
    organisation: OrgCode | None = None
    target_date: date
    """When to go: the meeting (for a one-off goal, the next time it runs)."""
    review_date: date | None = None
    """The date agreed to talk about how it went: the follow-up falls due then (on the
    target date when none was agreed)."""
    meetings_planned: int | None = Field(default=None, ge=1, le=100)
    """How many meetings the goal is about by the date to talk (None: one)."""
    support: Support = Field(default_factory=Support)
    status: GoalStatus = GoalStatus.PLANNED
    closed_on: date | None = None
    """When a follow-up closed the goal (achieved, not achieved, changed, withdrawn)."""
    closed_reason: str = Field(default="", max_length=2000)
    """Why it was changed or withdrawn, in the client's words where they gave them."""
    created_at: UtcDateTime = Field(default_factory=utc_now)
    created_by: str = ""

    @property
    def follow_up_on(self) -> date:
        """The day the follow-up falls due: the date agreed to talk, else the target."""
        return self.review_date or self.target_date

    @model_validator(mode="after")
    def _review_not_before_target(self) -> Goal:
        if self.review_date and self.review_date < self.target_date:
            raise ValueError("The review date cannot be before the goal's target date.")
        return self
