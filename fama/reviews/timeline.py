"""A client's timeline for the review screen: every conversation, goal, review and handout
of the record as a dated entry in plain text, newest first (show it with markup off).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from fama.conversation.apply import conversation_notes
from fama.conversation.handover_words import Named, call_lines, handover_line, recorded_names
from fama.conversation.outcomes import goal_state_words
from fama.models.conversation import Conversation, HandoutAction
from fama.models.goal import Goal, LinkType
from fama.models.meeting import Meeting
from fama.models.organisations import organisation
from fama.models.record import ClientRecord
from fama.models.review import Attended, Review, ReviewType
from fama.reviews.follow_ups import is_follow_up
from fama.reviews.words import handout_title, local_date, long_day, meeting_name

KIND_CONVERSATION = "conversation"
KIND_GOAL = "goal"
KIND_FOLLOW_UP = "follow-up"
KIND_REVIEW = "review"
"""A review that is not a follow-up: a care-plan review recorded on its own, for example."""
KIND_HANDOUT = "handout"


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened, in plain text (show it with markup off)."""

    when: date
    kind: str
    """One of ``KIND_CONVERSATION``, ``KIND_GOAL``, ``KIND_FOLLOW_UP``, ``KIND_REVIEW``,
    ``KIND_HANDOUT``."""
    title: str
    details: tuple[str, ...]
    in_period: bool


_ATTENDED = {Attended.YES: "went", Attended.NO: "did not go", Attended.UNKNOWN: "not known"}
_FOLLOW_UP_TITLE = {
    ReviewType.KEYWORK: "Follow-up",
    ReviewType.CARE_PLAN: "Follow-up at a care-plan review",
    ReviewType.DISCHARGE: "Follow-up at discharge",
    ReviewType.POST_DISCHARGE: "Follow-up at a post-discharge check-up",
}
_REVIEW_TITLE = {
    ReviewType.KEYWORK: "Keywork session",
    ReviewType.CARE_PLAN: "Care-plan review",
    ReviewType.DISCHARGE: "Discharge",
    ReviewType.POST_DISCHARGE: "Post-discharge check-up",
}


def _support(goal: Goal) -> str:
    support = goal.support
    if support.link is not LinkType.NONE:
        who = f" ({support.linked_person})" if support.linked_person else ""
        return f"{support.link.value}{who}"
    return support.linked_person


def _where(goal: Goal, meetings: Mapping[str, Meeting]) -> str:
    if goal.meeting_id:
        return f"Meeting: {meeting_name(goal.meeting_id, meetings)}"
    if goal.organisation:
        return f"With: {organisation(goal.organisation).name}"
    return ""


def _goal_entry(
    goal: Goal, meetings: Mapping[str, Meeting], today: date, names: Mapping[str, Named]
) -> tuple[str, tuple[str, ...]]:
    details = [f"“{goal.wording}”", f"Now: {goal_state_words(goal, today, with_year=True)}"]
    details.append(_where(goal, meetings))
    details.append(f"By: {long_day(goal.target_date)}")
    details.append(f"Talk about how it went: {long_day(goal.follow_up_on)}")
    if goal.closed_reason:
        details.append(f"Why: {goal.closed_reason}")
    support = _support(goal)
    details.append(f"Support: {support}" if support else "")
    details.extend(call_lines(goal.support, names))
    return "Goal agreed", tuple(d for d in details if d)


def _follow_up_entry(
    review: Review,
    goals: Mapping[str, Goal],
    meetings: Mapping[str, Meeting],
    names: Mapping[str, Named],
) -> tuple[str, tuple[str, ...]]:
    title = f"{_FOLLOW_UP_TITLE[review.review_type]}: {_ATTENDED[review.attended]}"
    details: list[str] = []
    goal = goals.get(review.goal_id or "")
    if goal is not None:
        details.append(f"Goal: “{goal.wording}”")
    if review.meetings_since_last is not None:
        details.append(f"Meetings since last time: {review.meetings_since_last}")
    if review.meeting_ids:
        details.append(
            "Meetings: " + "; ".join(meeting_name(m, meetings) for m in review.meeting_ids)
        )
    if review.helpfulness is not None:
        details.append(f"How helpful: {review.helpfulness} out of 10")
    if review.what_it_was_like:
        details.append(f"What it was like: {review.what_it_was_like}")
    if review.involvement:
        details.append("Involvement: " + ", ".join(i.value for i in review.involvement))
    if review.barriers:
        details.append("What got in the way: " + "; ".join(review.barriers))
    if review.handover is not None:
        support = goal.support if goal else None
        details.append(f"Handover: {handover_line(review.handover, support, names)}")
    if review.next_step is not None:
        details.append(f"Next step: {review.next_step.value}")
    if review.notes:
        details.append(f"Notes: {review.notes}")
    return title, tuple(details)


def _review_entry(review: Review) -> tuple[str, tuple[str, ...]]:
    details = [f"Notes: {review.notes}"] if review.notes else []
    if review.recorded_by:
        details.append(f"Recorded by: {review.recorded_by}")
    return _REVIEW_TITLE[review.review_type], tuple(details)


def _conversation_entry(
    conversation: Conversation, record: ClientRecord, meetings: Mapping[str, Meeting]
) -> tuple[str, tuple[str, ...]]:
    notes = conversation_notes(conversation)
    if notes.declined:
        title = "Conversation: said no for now"
    else:
        title = f"Conversation: reached {conversation.stage_reached.label}"
    details: list[str] = []
    if notes.closed:
        details.append(f"Closed without finishing: {notes.closed}")
    elif not conversation.finished:
        details.append("Not finished yet")
    last = local_date(conversation.updated_at)
    if last != local_date(conversation.started_at):
        details.append(f"Carried on until {long_day(last)}")
    if notes.declined_note:
        details.append(f"Their reasons: {notes.declined_note}")
    if notes.interest is not None:
        details.append(f"Interest in trying a meeting: {notes.interest} out of 10")
    if notes.concerns:
        details.append("Hopes and worries: " + "; ".join(notes.concerns))
    if notes.meeting_ids:
        chosen = "; ".join(meeting_name(m, meetings) for m in dict.fromkeys(notes.meeting_ids))
        details.append(f"Meetings chosen: {chosen}")
    given = dict.fromkeys(
        e.handout_id for e in conversation.handouts if e.action is HandoutAction.GIVEN
    )
    shown = dict.fromkeys(  # a handout shown and then given is listed as given
        e.handout_id for e in conversation.handouts if e.handout_id not in given
    )
    for action, ids in (("given", given), ("shown", shown)):
        if ids:
            titles = "; ".join(handout_title(i, record) for i in ids)
            details.append(f"Handouts {action}: {titles}")
    return title, tuple(details)


def build_timeline(
    record: ClientRecord,
    meetings: Mapping[str, Meeting],
    since: date,
    until: date,
    today: date,
    contacts: Mapping[str, Named] | None = None,
) -> tuple[TimelineEntry, ...]:
    """Every entry of the record, newest first; ``in_period`` marks those from ``since`` to
    ``until``. ``contacts`` (the register's names by id, when the caller has them) name the
    people rung in a session; otherwise the names recorded with the calls do."""
    goals = {g.id: g for g in record.goals}
    names = {**recorded_names(record.conversations), **(contacts or {})}
    rows: list[tuple[date, datetime, str, tuple[str, tuple[str, ...]]]] = []
    for conversation in record.conversations:
        entry = _conversation_entry(conversation, record, meetings)
        moment = conversation.started_at
        rows.append((local_date(moment), moment, KIND_CONVERSATION, entry))
    for goal in record.goals:
        rows.append(
            (
                local_date(goal.created_at),
                goal.created_at,
                KIND_GOAL,
                _goal_entry(goal, meetings, today, names),
            )
        )
    for review in record.reviews:
        if is_follow_up(review):
            entry, kind = _follow_up_entry(review, goals, meetings, names), KIND_FOLLOW_UP
        else:
            entry, kind = _review_entry(review), KIND_REVIEW
        rows.append((review.date, review.created_at, kind, entry))
    for given in record.handouts:
        details = (f"Given by: {given.by}",) if given.by else ()
        entry = (f"Handout given: {given.title}", details)
        rows.append((given.given_on, given.created_at, KIND_HANDOUT, entry))
    rows.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return tuple(
        TimelineEntry(
            when=when,
            kind=kind,
            title=title,
            details=details,
            in_period=since <= when <= until,
        )
        for when, _, kind, (title, details) in rows
    )
