"""What a conversation came to, in plain words, as short Markdown for its last screen.

Pure: a client's record and one of its conversations in, Markdown out. What this
conversation created (goals, follow-ups) is read from ``Conversation.state["records"]``
(see :mod:`fama.conversation.apply`); everything a person typed goes through
:func:`escape_markdown`, so ``goal [x] *bold*`` shows exactly as typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from fama.conversation.apply import conversation_notes
from fama.conversation.handover_words import Named, call_lines, handover_line, recorded_names
from fama.conversation.script import END, Script, ScriptError
from fama.conversation.state import ConversationState
from fama.models.conversation import Conversation, HandoutAction
from fama.models.goal import Goal, LinkType
from fama.models.meeting import FlagKind, Meeting
from fama.models.organisations import organisation
from fama.models.record import ClientRecord
from fama.models.review import Attended, Review

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LEADING = re.compile(r"^\s+")
_TRAILING = re.compile(r"\s+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _entities(match: re.Match[str]) -> str:
    return "".join(f"&#{ord(c)};" for c in match.group(0))


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that renders exactly as ``text``, in a paragraph or list item.

    Markdown punctuation (``\\ ` * _ { } [ ] ( ) # + - . ! | < > & ~``) is backslash-escaped.
    Whitespace at the start or end of a line, which Markdown would drop (or read as a code
    block), becomes character references (``&#32;``). A line break becomes a hard break.
    Invisible control characters (other than tab and line breaks) are dropped: Markdown
    cannot show them.
    """
    escaped = []
    for line in _LINE_BREAK.split(text):
        line = _PUNCTUATION.sub(r"\\\1", _CONTROL.sub("", line))
        line = _LEADING.sub(_entities, line)
        escaped.append(_TRAILING.sub(_entities, line))
    return "\\\n".join(escaped)


# --------------------------------------------------------------------------- reading back


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _created(conversation: Conversation, key: str) -> list[str]:
    """Ids of the goals or reviews (``key``) this conversation created, in path order."""
    records = conversation.state.get("records")
    if not isinstance(records, Mapping):
        return []
    entries = sorted(
        (e for e in records.values() if isinstance(e, Mapping)),
        key=lambda e: e["index"] if isinstance(e.get("index"), int) else 0,
    )
    ids: list[str] = []
    for entry in entries:
        found = entry.get(key)
        ids.extend(str(i) for i in (found if isinstance(found, list) else []))
    return list(dict.fromkeys(ids))


def _meeting(meeting_id: str, meetings: Mapping[str, Meeting]) -> str:
    meeting = meetings.get(meeting_id)
    if meeting is None:
        return f"a meeting no longer in the directory ({escape_markdown(meeting_id)})"
    return (
        f"{escape_markdown(meeting.organisation.value)}: {escape_markdown(meeting.name)}, "
        f"{meeting.weekday.label} {meeting.start:%H:%M}"
    )


def _quoted(text: str) -> str:
    return f"“{escape_markdown(text)}”"


def _goal_lines(
    goal: Goal, meetings: Mapping[str, Meeting], names: Mapping[str, Named]
) -> list[str]:
    lines = [f"- {_quoted(goal.wording)}", f"  - By: {_day(goal.target_date)}"]
    if goal.meeting_id:
        lines.append(f"  - Meeting: {_meeting(goal.meeting_id, meetings)}")
    elif goal.organisation:
        lines.append(f"  - With: {escape_markdown(organisation(goal.organisation).name)}")
    lines.append(f"  - Talk about how it went: {_day(goal.follow_up_on)}")
    if goal.meetings_planned:
        lines.append(f"  - Meetings planned: {goal.meetings_planned}")
    support = goal.support
    if support.link is not LinkType.NONE:
        who = f" ({escape_markdown(support.linked_person)})" if support.linked_person else ""
        lines.append(f"  - Support: {escape_markdown(support.link.value)}{who}")
    elif support.linked_person:
        lines.append(f"  - Support: {escape_markdown(support.linked_person)}")
    lines += [f"  - Call: {escape_markdown(line)}" for line in call_lines(support, names)]
    if support.travel_plan:
        lines.append(f"  - Getting there: {escape_markdown(support.travel_plan)}")
    if support.barriers_plan:
        lines.append(f"  - If something gets in the way: {escape_markdown(support.barriers_plan)}")
    return lines


_ATTENDED = {Attended.YES: "yes", Attended.NO: "no", Attended.UNKNOWN: "not known"}
_DEAD_END = {
    FlagKind.DID_NOT_RUN: "did not run",
    FlagKind.MOVED: "had moved",
    FlagKind.NOT_NEWCOMER_FRIENDLY: "turned them away",
}


def _follow_up_lines(
    review: Review,
    goals: Mapping[str, Goal],
    meetings: Mapping[str, Meeting],
    followed_on: list[Goal],
    names: Mapping[str, Named],
) -> list[str]:
    goal = goals.get(review.goal_id or "")
    lines = [f"- Goal: {_quoted(goal.wording) if goal else 'not linked to a goal'}"]
    went = _ATTENDED[review.attended]
    if review.meetings_since_last is not None:
        count = review.meetings_since_last
        went += f", {count} meeting{'' if count == 1 else 's'} since last time"
    lines.append(f"  - Went: {went}")
    if review.dead_end is not None:
        lines.append(f"  - Dead end: the meeting {escape_markdown(_DEAD_END[review.dead_end])}")
    if review.handover is not None:
        said = handover_line(review.handover, goal.support if goal else None, names)
        lines.append(f"  - Handover: {escape_markdown(said)}")
    if review.meeting_ids:
        went_to = "; ".join(_meeting(m, meetings) for m in review.meeting_ids)
        lines.append(f"  - Meetings: {went_to}")
    if review.helpfulness is not None:
        lines.append(f"  - How helpful: {review.helpfulness} out of 10")
    if review.what_it_was_like:
        lines.append(f"  - What it was like: {escape_markdown(review.what_it_was_like)}")
    if review.involvement:
        involved = ", ".join(escape_markdown(i.value) for i in review.involvement)
        lines.append(f"  - Involvement: {involved}")
    if review.barriers:
        barriers = "; ".join(escape_markdown(b) for b in review.barriers)
        lines.append(f"  - What got in the way: {barriers}")
    if review.next_step is not None:
        lines.append(f"  - Next step: {escape_markdown(review.next_step.value)}")
    if goal is not None:
        lines.append(f"  - The goal is now: {escape_markdown(goal.status.value)}")
        if goal.closed_reason:
            lines.append(f"  - Why: {escape_markdown(goal.closed_reason)}")
    for follow_on in followed_on:
        lines.append(f"  - Then: {_quoted(follow_on.wording)} ({follow_on.status.value})")
        lines.append(f"    - Talk about it again: {_day(follow_on.follow_up_on)}")
    return lines


def _follows(goal: Goal, earlier: Goal) -> bool:
    """Whether ``goal`` is the one a follow-up of ``earlier`` created (same meeting or
    organisation, created after it)."""
    return (
        goal.id != earlier.id
        and goal.created_at > earlier.created_at
        and (goal.meeting_id, goal.organisation) == (earlier.meeting_id, earlier.organisation)
    )


def _handout_lines(record: ClientRecord, conversation: Conversation) -> list[str]:
    titles = {h.handout_id: h.title for h in record.handouts}
    actions: dict[str, HandoutAction] = {}
    for event in conversation.handouts:
        if actions.get(event.handout_id) is not HandoutAction.GIVEN:
            actions[event.handout_id] = event.action
    return [
        f"- {escape_markdown(titles.get(handout_id, handout_id))} ({action.value})"
        for handout_id, action in actions.items()
    ]


def _waiting_at(conversation: Conversation, script: Script | None) -> str:
    """The question the conversation stopped at, when it has not finished."""
    if script is None or conversation.finished:
        return ""
    try:
        state = ConversationState.from_dict(conversation.state)
        step = script.step(state.step) if state.step != END else None
    except (ScriptError, KeyError, TypeError, ValueError):
        return ""
    return step.prompt if step is not None else ""


def _section(title: str, lines: list[str]) -> list[str]:
    return [f"### {title}", "", *lines, ""] if lines else []


def summarise(
    record: ClientRecord,
    conversation: Conversation,
    meetings: Mapping[str, Meeting],
    script: Script | None = None,
    contacts: Mapping[str, Named] | None = None,
) -> str:
    """Short Markdown: how far the conversation got and everything it recorded.

    ``meetings`` is the directory by id (for names and times). With ``script``, an
    unfinished conversation also says which question it stopped at. The people rung in a
    session are named by ``contacts`` (the register's names by id) when given, else by the
    names recorded with the calls. Empty sections are left out.
    """
    names = {**recorded_names(record.conversations), **(contacts or {})}
    notes = conversation_notes(conversation)
    client = record.client
    out: list[str] = [f"**Stage reached:** {conversation.stage_reached.label}", ""]
    if notes.closed:
        out += [f"**Closed without finishing:** {escape_markdown(notes.closed)}", ""]
    waiting = _waiting_at(conversation, script)
    if waiting:
        out += [f"**Not finished yet.** Next question: {_quoted(waiting)}", ""]
    if notes.declined:
        out += ["**They said no for now.** That's their choice, and the door stays open.", ""]
        if notes.declined_note:
            out += [f"**Their reasons:** {escape_markdown(notes.declined_note)}", ""]
        revisit = client.declined.revisit_on if client.declined else None
        if revisit:
            out += [f"**Come back to it on:** {_day(revisit)}", ""]
    if notes.interest is not None:
        out += [f"**Interest in trying a meeting:** {notes.interest} out of 10", ""]
    out += _section("What they know", [f"- {escape_markdown(k)}" for k in notes.knowledge])
    out += _section("Hopes and worries", [f"- {escape_markdown(c)}" for c in notes.concerns])
    out += _section("Meetings chosen", [f"- {_meeting(m, meetings)}" for m in notes.meeting_ids])
    goals = {g.id: g for g in record.goals}
    created = [goals[i] for i in _created(conversation, "goals") if i in goals]
    # A goal a follow-up created (to keep going, or to try again) is shown with that
    # follow-up; the goals agreed are the rest.
    reviewed = {r.goal_id for r in record.reviews if r.id in _created(conversation, "reviews")}
    follow_ons = [g for g in created if any(_follows(g, goals[i]) for i in reviewed if i in goals)]
    agreed = [g for g in created if g not in follow_ons]
    goal_lines = [line for goal in agreed for line in _goal_lines(goal, meetings, names)]
    out += _section("Goal agreed" if len(agreed) == 1 else "Goals agreed", goal_lines)
    reviews = {r.id: r for r in record.reviews}
    follow_ups: list[str] = []
    for review_id in _created(conversation, "reviews"):
        if review_id in reviews:
            review = reviews[review_id]
            followed = goals.get(review.goal_id or "")
            after = [g for g in follow_ons if followed and _follows(g, followed)]
            follow_ups += _follow_up_lines(review, goals, meetings, after, names)
    out += _section("Follow-up", follow_ups)
    out += _section("Handouts", _handout_lines(record, conversation))
    if client.next_review:
        out += [f"**Next care-plan review:** {_day(client.next_review)}", ""]
    return "\n".join(out).strip() + "\n"
