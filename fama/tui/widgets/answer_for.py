"""Which answer widget a conversation step gets, and what it starts from.

One widget per kind of question (a quick reply, ticks, a scale, a date, a form...). The
conversation screen supplies what only it can know (today, the meetings ranked for this
client, the goals to follow up) through :class:`AnswerContext`, so this module never
imports the screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from textual.widget import Widget
from textual.widgets import Button

from fama.conversation import AnswerKind, Step
from fama.conversation.prefill import TALK_AFTER, goal_draft
from fama.models import Goal, Meeting

if TYPE_CHECKING:
    from fama.casebook.handover import CallOffer
from fama.tui.widgets.answers import (
    DateAnswer,
    InfoAnswer,
    QuickReplies,
    ScaleAnswer,
    SeveralChoices,
    TextAnswer,
)
from fama.tui.widgets.meeting_choice import MeetingChoice


class AnswerContext(Protocol):
    """What an answer widget needs from the conversation it is shown in."""

    def answer_today(self) -> date:
        """Today, in London."""
        ...

    def answer_now(self) -> datetime:
        """Now, London wall-clock time without a zone (a goal's draft is timed from it)."""
        ...

    def meeting_choice(self, ticked: list[str]) -> MeetingChoice:
        """The directory ranked for this client, with ``ticked`` ticked."""
        ...

    def goal_meetings(self) -> list[Meeting]:
        """The meetings chosen in this conversation (a goal is drafted around them)."""
        ...

    def open_goals(self) -> tuple[list[tuple[Goal, Meeting | None]], list[Meeting]]:
        """The goals to follow up, each with its meeting, and every meeting goals named."""
        ...

    def call_offer(self) -> CallOffer:
        """The register's contacts for the goal agreed in this conversation, best first."""
        ...


def answer_widget_for(step: Step | None, start: object, context: AnswerContext) -> Widget:
    """The answer widget for ``step``, starting from ``start`` (in the form the engine
    stores answers in, or a draft); a button back to the client when the conversation is
    finished."""
    if step is None:
        return Button("Back to the client (Enter)", id="finished", compact=True)
    kind = step.kind
    choices = [(c.key, c.label) for c in step.choices]
    listed = [str(v) for v in start] if isinstance(start, list) else []
    if kind is AnswerKind.QUICK_REPLY:
        selected = start if isinstance(start, str) else None
        return QuickReplies(choices, optional=not step.required, selected=selected)
    if kind is AnswerKind.CHOICES:
        return SeveralChoices(choices, ticked=listed)
    if kind is AnswerKind.SCALE:
        number = int(start) if isinstance(start, int | str) and str(start).isdigit() else None
        return ScaleAnswer(initial=number)
    if kind is AnswerKind.TEXT:
        return TextAnswer(required=step.required, initial=start if isinstance(start, str) else "")
    if kind is AnswerKind.DATE:
        default = start if isinstance(start, str) else None
        return DateAnswer(today=context.answer_today(), required=step.required, default=default)
    if kind is AnswerKind.INFO:
        return InfoAnswer(offer_meeting_plan=step.offer_meeting_plan)
    if kind is AnswerKind.MEETING_CHOICE:
        return context.meeting_choice(listed)
    if kind is AnswerKind.GOAL_FORM:
        from fama.tui.widgets.goal_form import GoalForm

        today = context.answer_today()
        if isinstance(start, Mapping):
            return GoalForm.from_answer(today, start)
        draft = goal_draft(context.goal_meetings(), context.answer_now())
        return GoalForm(today=today, wording=draft.wording, target=draft.target, review=draft.talk)
    if kind in (AnswerKind.CONTACT_CALL, AnswerKind.CONTACT_ON_PLAN):
        return _handover_widget(kind, start, context.call_offer())
    if kind is AnswerKind.FOLLOW_UP_FORM:
        from fama.tui.widgets.follow_up_form import FollowUpForm

        goals, meetings = context.open_goals()
        answers = [a for a in start if isinstance(a, Mapping)] if isinstance(start, list) else []
        today = context.answer_today()
        return FollowUpForm(
            goals,
            meetings,
            today=today,
            talk=None if answers else today + TALK_AFTER,
            answers=answers,
        )
    raise AssertionError(kind)  # pragma: no cover


def handover_status(handover: CallOffer) -> str:
    """The line above the contacts: how many, for which meeting; or that there is nobody."""
    meeting = handover.meeting
    what = f"{meeting.name} ({meeting.when})" if meeting else "this goal"
    count = len(handover.offered)
    if not count:
        return (
            f"No one in the register covers {what} for this kind of link. A lead can add "
            "contacts on the Contacts screen."
        )
    people = "contact covers" if count == 1 else "contacts cover"
    return f"{count} {people} {what}, best first."


def _handover_widget(kind: AnswerKind, start: object, handover: CallOffer) -> Widget:
    from fama.tui.widgets.contact_call import ContactCall, ContactOnPlan

    status = handover_status(handover)
    if kind is AnswerKind.CONTACT_ON_PLAN:
        return ContactOnPlan(handover.offered, status)
    calls = [c for c in start if isinstance(c, Mapping)] if isinstance(start, list) else []
    return ContactCall(
        handover.offered,
        status,
        meet_where=handover.meet_where,
        meet_when=handover.meet_when,
        calls=calls,
    )
