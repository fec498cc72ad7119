"""What the conversation screen starts each question from, and what the client has said.

Pure: the client's record, the conversation and the script in; plain values out. The rule
behind it: never ask for what the record already holds. A question whose answer the
profile, or the goal agreed in this conversation, already holds starts from that answer
(a quick reply highlighted, choices ticked, text filled in), so Enter keeps it.

Values come in the form the engine stores answers in (``ConversationState.path``): a
choice's key, a list of keys, text, an ISO date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fama.conversation.script import AnswerKind, Script, Step
from fama.conversation.state import ConversationState
from fama.models.client import Client, PriorExperience
from fama.models.conversation import Conversation
from fama.models.goal import Goal, LinkType
from fama.models.meeting import Meeting
from fama.models.record import ClientRecord

TALK_AFTER = timedelta(days=7)
"""The date to talk about a goal, unless changed: a week after it (the next session)."""


# --------------------------------------------------------------------------- what was said


def said_so_far(script: Script, state: ConversationState) -> list[str]:
    """Everything the client has said in their own words in this conversation, in order:
    the answers to the steps that bring up handouts, and each follow-up's "what it was like"
    and "what got in the way"."""
    said: list[str] = []
    for visit in state.path:
        step = script.steps.get(visit.step_id)
        if step is None or not step.suggest_handouts:
            continue
        if isinstance(visit.answer, str):
            said.append(visit.answer)
        elif step.kind is AnswerKind.FOLLOW_UP_FORM and isinstance(visit.answer, list):
            said.extend(follow_up_words(visit.answer))
    return [s for s in said if s.strip()]


def follow_up_words(answers: Sequence[object]) -> list[str]:
    """The free text in follow-up answers (dicts as the form posts them)."""
    words: list[str] = []
    for item in answers:
        if not isinstance(item, Mapping):
            continue
        words.append(str(item.get("what_it_was_like") or ""))
        barriers = item.get("barriers") or []
        words.extend(str(b) for b in (barriers if isinstance(barriers, list) else [barriers]))
    return [w for w in words if w.strip()]


# --------------------------------------------------------------------------- the goal


def created_goal(record: ClientRecord, conversation: Conversation) -> Goal | None:
    """The goal created most recently in ``conversation`` (and still held), if any.

    Read from ``state["records"]`` (see :mod:`fama.conversation.apply`), in path order.
    """
    records = conversation.state.get("records")
    if not isinstance(records, dict):
        return None
    held = {g.id: g for g in record.goals}
    entries = sorted(
        (e for e in records.values() if isinstance(e, dict)),
        key=lambda e: e["index"] if isinstance(e.get("index"), int) else 0,
    )
    for entry in reversed(entries):
        goals = entry.get("goals")
        for goal_id in reversed(goals if isinstance(goals, list) else []):
            if goal_id in held:
                return held[goal_id]
    return None


@dataclass(frozen=True)
class GoalDraft:
    """The goal form's first wording and dates, from the first meeting chosen."""

    wording: str = ""
    target: date | None = None
    talk: date | None = None


def next_time_it_runs(meeting: Meeting, now: datetime) -> date:
    """The next day the meeting runs, from ``now`` (local to the meeting): today if it has
    not started yet, else the same weekday next week."""
    today = now.date()
    ahead = (meeting.weekday.value - today.weekday()) % 7
    if ahead == 0 and now.time() >= meeting.start:
        ahead = 7
    return today + timedelta(days=ahead)


def goal_draft(meetings: Sequence[Meeting], now: datetime) -> GoalDraft:
    """Go to the first meeting chosen, the next time it runs; talk about it a week later."""
    if not meetings:
        return GoalDraft()
    meeting = meetings[0]
    day = next_time_it_runs(meeting, now)
    wording = f"Go to {meeting.name} ({meeting.organisation.value}) on {day:%A} {day.day} {day:%B}"
    return GoalDraft(wording, day, day + TALK_AFTER)


# --------------------------------------------------------------------------- prefill


def _held(target: str, client: Client, goal: Goal | None) -> str | list[str] | None:
    """What the record holds for a record target, as choice values or text (None: nothing)."""
    prefs = client.preferences
    if target == "client.prior_experience":
        known = client.prior_experience is not PriorExperience.UNKNOWN
        return client.prior_experience.value if known else None
    if target == "client.prior_experience_note":
        return client.prior_experience_note or None
    if target == "client.consent.share_first_name":
        return "yes" if client.consent.share_first_name else None
    if target == "preferences.days":
        return [d.name.lower() for d in prefs.days] or None
    if target in ("preferences.programmes", "preferences.attendance", "preferences.audience"):
        values = getattr(prefs, target.removeprefix("preferences."))
        return [str(v) for v in values] or None
    if target == "preferences.access_needs":
        return [str(v) for v in prefs.access_needs] or None
    if target == "preferences.times" and prefs.earliest and prefs.latest:
        return f"{prefs.earliest:%H:%M}-{prefs.latest:%H:%M}"
    if target == "preferences.max_travel_miles" and prefs.max_travel_miles:
        return f"{prefs.max_travel_miles:g}"
    if goal is not None and target == "support.link" and goal.support.link is not LinkType.NONE:
        return goal.support.link.value
    if goal is not None and target.startswith("support.") and target != "support.link":
        text = getattr(goal.support, target.removeprefix("support."))
        return str(text) or None
    return None


def prefill(step: Step, record: ClientRecord, goal: Goal | None = None) -> Any:
    """The answer ``step`` starts from: what the client's profile, or ``goal`` (the one
    agreed in this conversation), already holds for it; None when nothing is held.

    A several-choice question starts with the choices the profile holds ticked; a quick
    reply with the one whose value is held; free text with the text held.
    """
    held_values: list[str] = []
    text: str | None = None
    for target in step.records:
        held = _held(target, record.client, goal)
        if isinstance(held, list):
            held_values.extend(held)
        elif held is not None:
            held_values.append(held)
            text = held
    if step.kind is AnswerKind.TEXT:
        return text
    if step.kind is AnswerKind.CHOICES:
        ticked = [c.key for c in step.choices if held_values and set(c.values) <= set(held_values)]
        return ticked or None
    if step.kind is AnswerKind.QUICK_REPLY and held_values:
        exact = [c.key for c in step.choices if set(c.values) == set(held_values)]
        return exact[0] if exact else None
    if step.kind is AnswerKind.DATE and "revisit" in step.records:
        review = record.client.next_review
        return review.isoformat() if review else None
    return None


def starting_answer(
    step: Step, record: ClientRecord, conversation: Conversation, today: date
) -> Any:
    """What ``step`` starts from in ``conversation``: :func:`prefill` with the goal agreed in
    it, except a date that has already passed, which is no suggestion (None)."""
    held = prefill(step, record, created_goal(record, conversation))
    if step.kind is AnswerKind.DATE and isinstance(held, str) and held < today.isoformat():
        return None
    return held
