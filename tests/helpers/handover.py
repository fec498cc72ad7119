"""Clients of the demo town through stage 2 with or without someone linked to their goal,
and followed up, driven through the casebook as the chat screen drives it."""

from __future__ import annotations

from typing import Any

from fama.casebook.service import Casebook
from fama.models import Goal
from tests.helpers.conversation import Session, not_started

AA_LUNCHTIME = "demo:aa-01"
"""Sam (AA health liaison) covers it in the demo register."""

SAM = "demo-sam"


def _stage_one_and_goal(book: Casebook, link: str) -> Session:
    from tests.conversation.test_conversation_apply import STAGE_ONE, goal_form

    s = Session(book, not_started(book))
    s.say_all(STAGE_ONE)
    s.say("s2_meetings", [AA_LUNCHTIME])
    s.say("s2_goal", goal_form(book.today))
    s.say("s2_link", link)
    return s


def stage_two_done(
    book: Casebook,
    link: str,
    person: str = "",
    calls: list[dict[str, Any]] | None = None,
) -> str:
    """A new client through stage 2, ready for a follow-up; their code.

    ``link`` is the link question's key. For ``none`` and ``at_service`` nobody is rung;
    for the others the client agrees to a call and ``calls`` are made (by default Sam is
    rung and reached); when none of them reached anyone or left a message, ``person`` is
    typed as who they will meet.
    """
    s = _stage_one_and_goal(book, link)
    if link not in ("none", "at_service"):
        s.say("s2_consent", "yes")
        if calls is None:
            calls = [
                {
                    "contact_id": SAM,
                    "outcome": "reached",
                    "meet_where": "at the door",
                    "meet_when": "Monday 12:15",
                }
            ]
        s.say("s2_call", calls)
        if s.step == "s2_person":
            s.say("s2_person", person)
    s.say("s2_travel", "")
    s.say("s2_barriers", "Ring the hub")
    s.say("s2_plan", None)
    return s.code


def open_goal(book: Casebook, code: str) -> Goal:
    [goal] = [g for g in book.clients.record(code).goals if g.status.is_open]
    return goal


def followed_up(book: Casebook, code: str, **answer: Any) -> None:
    """The client's open goal followed up with ``answer`` (went, stop for now, and the
    rest as given) in a new conversation."""
    s = Session(book, code)
    follow_up = {
        "goal_id": open_goal(book, code).id,
        "attended": "yes",
        "next_step": "stop for now",
        **answer,
    }
    s.say("fu_start", None)
    s.say("fu_form", [follow_up])
