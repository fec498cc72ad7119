"""A client's whole record (what a subject access request returns)."""

from __future__ import annotations

from pydantic import Field

from fama.models.client import Client
from fama.models.common import Record
from fama.models.conversation import Conversation
from fama.models.goal import Goal
from fama.models.handout import HandoutGiven
from fama.models.review import Review
from fama.models.summary import ClientSummary
from fama.models.written_file import WrittenFile


class ClientRecord(Record):
    """Everything held about one client: what a subject access request returns."""

    client: Client
    goals: list[Goal] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)
    conversations: list[Conversation] = Field(default_factory=list)
    handouts: list[HandoutGiven] = Field(default_factory=list)
    files: list[WrittenFile] = Field(default_factory=list)
    """Files written about the client outside the store (meeting plans, printed handouts)."""

    @property
    def record_count(self) -> int:
        return (
            1
            + len(self.goals)
            + len(self.reviews)
            + len(self.conversations)
            + len(self.handouts)
            + len(self.files)
        )

    def summary(self) -> ClientSummary:
        """The caseload row: stage, the open goal whose follow-up falls due first, and the
        dates that make things due."""
        client = self.client
        open_goals = sorted(
            (g for g in self.goals if g.status.is_open), key=lambda g: (g.follow_up_on, g.id)
        )
        current = open_goals[0] if open_goals else None
        declined = client.declined
        return ClientSummary(
            code=client.code,
            keyworker=client.keyworker,
            stage=client.stage,
            for_family=client.for_family,
            current_goal=current.wording if current else "",
            follow_up_due=current.follow_up_on if current else None,
            last_follow_up=max((r.date for r in self.reviews if r.is_follow_up), default=None),
            next_review=client.next_review,
            declined_on=declined.on if declined else None,
            revisit_on=declined.revisit_on if declined else None,
            discharged=client.discharged,
        )
