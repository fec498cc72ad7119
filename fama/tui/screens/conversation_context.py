"""What the conversation's answer widgets read from the conversation they are shown in.

:class:`ConversationContext` is the screen's side of
:class:`~fama.tui.widgets.answer_for.AnswerContext`: today and now in London, the meetings
ranked for the client, the meetings chosen, the goals to follow up and the register's
contacts to ring, each read through the casebook. :class:`ConversationScreen` builds on it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from fama.clock import london
from fama.conversation.transcript import chosen_meetings, follow_up_goals
from fama.directory.explain import offer_label, reason_lines, status_text
from fama.errors import StoreError
from fama.models import Conversation, Goal, Meeting
from fama.tui.screens.conversation_handouts import ConversationHandouts
from fama.tui.widgets.meeting_choice import MeetingChoice, MeetingOption

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fama.casebook.handover import CallOffer

MEETINGS_OFFERED = 12
"""How many ranked meetings stage 2 offers."""


class ConversationContext(ConversationHandouts):
    """The answers' view of the conversation (see the module docstring)."""

    meetings: Mapping[str, Meeting]

    def conversation(self) -> Conversation:
        assert self.record is not None
        return next(c for c in self.record.conversations if c.id == self.conversation_id)

    def answer_today(self) -> date:
        return self.casebook.today

    def answer_now(self) -> datetime:
        return self.casebook.clock.now().astimezone(london()).replace(tzinfo=None)

    def meeting_choice(self, ticked: list[str]) -> MeetingChoice:
        """The directory ranked for this client's preferences as they stand now."""
        from fama.directory.requests import MatchChanges

        try:
            outcome = self.casebook.directory.find_meetings(
                self.code, MatchChanges(limit=MEETINGS_OFFERED)
            )
        except StoreError as exc:
            return MeetingChoice([], f"The directory could not be read: {exc}")
        # Day, time and distance first: on a narrow screen the meeting's name gives way.
        options = [
            MeetingOption(r.meeting.id, offer_label(r), "\n".join(reason_lines(r)))
            for r in outcome.results
        ]
        return MeetingChoice(options, status_text(outcome), ticked)

    def goal_meetings(self) -> list[Meeting]:
        return chosen_meetings(self.conversation(), self.meetings)

    def call_offer(self) -> CallOffer:
        from fama.casebook.handover import CallOffer

        try:
            return self.casebook.conversations.call_offer(self.code, self.conversation_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return CallOffer([], None, "at the door", "")

    def open_goals(self) -> tuple[list[tuple[Goal, Meeting | None]], list[Meeting]]:
        assert self.record is not None and self.state is not None
        return follow_up_goals(self.record, self.state, self.meetings)
