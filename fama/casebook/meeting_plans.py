"""What goes into a client's meeting plan, and the plan's two files built in memory.

The conversation service (``book.conversations.save_meeting_plan``) writes them in one
locked save of the client's record; this module only decides what the plan holds: the
meetings chosen most recently in the conversation and the goal agreed in it, and the page
and calendar file made from them (the linked person named only with the client's consent,
or when the client asked for a contact's first name on the plan).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fama.meeting_plan.plan import PlanOptions
    from fama.models import ClientRecord, Conversation, Goal, Meeting

__all__ = ["plan_files", "plan_parts"]


def plan_parts(
    record: ClientRecord, conversation: Conversation, directory: Mapping[str, Meeting]
) -> tuple[list[Meeting], Goal | None]:
    """The meetings chosen most recently in ``conversation`` (in the order chosen; ids no
    longer in ``directory`` left out) and the goal agreed in it; with no meetings chosen,
    the goal's own meeting, if it has one."""
    from fama.conversation.apply import conversation_notes
    from fama.conversation.prefill import created_goal

    goal = created_goal(record, conversation)
    chosen = conversation_notes(conversation).meeting_ids
    meetings = [directory[i] for i in dict.fromkeys(chosen) if i in directory]
    if not meetings and goal is not None and goal.meeting_id in directory:
        meetings = [directory[str(goal.meeting_id)]]
    return meetings, goal


def plan_files(
    record: ClientRecord,
    meetings: list[Meeting],
    goal: Goal | None,
    options: PlanOptions,
    *,
    now: datetime,
    plan_id: str,
) -> tuple[str, bytes]:
    """The printable page (HTML) and the calendar file (.ics) of the plan, for the service
    named in the settings, dated today in London."""
    from fama.clock import london
    from fama.handouts.library import service_name
    from fama.meeting_plan.calendar import plan_ics
    from fama.meeting_plan.plan import plan_html

    service = service_name()
    today = now.astimezone(london()).date()
    consent = record.client.consent.share_first_name
    html = plan_html(
        meetings, goal=goal, service=service, today=today, options=options, share_first_name=consent
    )
    ics = plan_ics(
        meetings,
        goal=goal,
        today=today,
        service=service,
        options=options,
        share_first_name=consent,
        now=now,
        plan_id=plan_id,
    )
    return html, ics
