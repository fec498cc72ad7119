"""The conversation as the keyworker reads it back: each app turn's words, each recorded
answer in plain words, the heading of the answer area, and the records a step works on.

Pure: the script's steps, the client's record and the directory's meetings in; strings and
records out. The conversation screen draws these; keeping them here lets them be tested
without a screen and keeps the screen to layout and keys.
"""

from __future__ import annotations

from collections.abc import Mapping

from fama.conversation.apply import conversation_notes
from fama.conversation.script import AnswerKind, Script, Step
from fama.conversation.state import ConversationState
from fama.models.conversation import Conversation
from fama.models.goal import Goal
from fama.models.meeting import Meeting
from fama.models.record import ClientRecord

STAGE_TITLES = {
    1: "Stage 1 · Introduce and explore",
    2: "Stage 2 · Connect",
    3: "Stage 3 · Follow up",
}
"""The heading an app turn carries when the conversation moves into a stage."""

ANSWER_KINDS = {
    AnswerKind.QUICK_REPLY: "pick one",
    AnswerKind.CHOICES: "tick any",
    AnswerKind.SCALE: "0 to 10",
    AnswerKind.TEXT: "in their words",
    AnswerKind.DATE: "a date",
    AnswerKind.MEETING_CHOICE: "choose meetings",
    AnswerKind.GOAL_FORM: "the care-planned goal",
    AnswerKind.FOLLOW_UP_FORM: "follow up each open goal",
    AnswerKind.CONTACT_CALL: "ring a contact, and how it went",
    AnswerKind.CONTACT_ON_PLAN: "a contact's first name on the plan",
    AnswerKind.INFO: "explain, then continue",
}
"""What the keyworker records at each kind of step, in a few words."""


def step_markdown(step: Step, *, with_stage: bool) -> str:
    """One app turn: the stage heading when it changes, the guidance, the question to ask."""
    heading = f"**{STAGE_TITLES[step.stage]}**\n\n" if with_stage else ""
    return f"{heading}{step.guidance}\n\n> {step.prompt}"


def answer_words(step: Step | None, answer: object, meetings: Mapping[str, Meeting]) -> str | None:
    """The recorded answer as the transcript shows it; None for a step with nothing to record."""
    if step is not None and step.kind is AnswerKind.INFO:
        return None
    if answer is None or answer == [] or answer == "":
        if step is not None and step.kind is AnswerKind.CONTACT_CALL:
            return "No call made"
        return "(left blank)"
    if step is not None and step.kind is AnswerKind.MEETING_CHOICE and isinstance(answer, list):
        names = []
        for meeting_id in answer:
            meeting = meetings.get(str(meeting_id))
            names.append(
                f"{meeting.organisation.value} {meeting.name}, {meeting.when}"
                if meeting
                else str(meeting_id)
            )
        return "; ".join(names)
    if step is not None and step.kind is AnswerKind.SCALE:
        return f"{answer} out of 10"
    if isinstance(answer, list):
        return ", ".join(str(a) for a in answer)
    return str(answer)


def answer_title(step: Step | None) -> str:
    """The answer area's heading: what to record at ``step``, and whether it is needed."""
    if step is None:
        return "Conversation finished"
    need = "needs an answer" if step.required else "optional"
    return f"Record: {ANSWER_KINDS[step.kind]}" + (
        "" if step.kind is AnswerKind.INFO else f" ({need})"
    )


def earlier_conversations(
    record: ClientRecord, current_id: str, script: Script, meetings: Mapping[str, Meeting]
) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every conversation with this client but the current one, oldest first: its heading,
    and each turn's prompt with the answer in words (None where nothing was recorded)."""
    earlier = sorted(
        (c for c in record.conversations if c.id != current_id), key=lambda c: c.started_at
    )
    shown: list[tuple[str, list[tuple[str, str | None]]]] = []
    for conversation in earlier:
        status = "" if conversation.finished else " · not finished"
        turns = [
            (turn.prompt, answer_words(script.steps.get(turn.step_id), turn.answer, meetings))
            for turn in conversation.turns
        ]
        shown.append((f"Conversation on {conversation.started_at:%a %d %b %Y}{status}", turns))
    return shown


def chosen_meetings(conversation: Conversation, meetings: Mapping[str, Meeting]) -> list[Meeting]:
    """The meetings chosen in this conversation that the directory still holds."""
    ids = conversation_notes(conversation).meeting_ids
    return [meetings[i] for i in ids if i in meetings]


def follow_up_goals(
    record: ClientRecord, state: ConversationState, meetings: Mapping[str, Meeting]
) -> tuple[list[tuple[Goal, Meeting | None]], list[Meeting]]:
    """The goals to follow up now, each with its meeting (None if the directory lost it),
    and every meeting any of the client's goals named, once each, for a goal's next step."""
    by_id = {g.id: g for g in record.goals}
    goals = [by_id[g] for g in state.context.open_goals if g in by_id]
    pairs: list[tuple[Goal, Meeting | None]] = [
        (g, meetings.get(g.meeting_id or "")) for g in goals
    ]
    seen: dict[str, Meeting] = {}
    for goal in record.goals:
        meeting = meetings.get(goal.meeting_id or "")
        if meeting is not None:
            seen.setdefault(meeting.id, meeting)
    return pairs, list(seen.values())
