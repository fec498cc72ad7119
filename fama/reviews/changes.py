"""What changed in a review period, as lines of :class:`~fama.reviews.words.Part`: the stage,
goals agreed and settled, the first meeting they said they went to, the follow-ups and the
handouts given. The review history shows them as plain sentences; the care-plan summary
escapes what a person typed in them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from fama.conversation.apply import conversation_notes
from fama.models.conversation import HandoutAction
from fama.models.goal import Goal, GoalStatus
from fama.models.meeting import Meeting
from fama.models.record import ClientRecord
from fama.models.review import Attended, Review
from fama.models.vocab import Stage
from fama.reviews.follow_ups import dated_follow_ups
from fama.reviews.words import (
    Line,
    Part,
    handout_title,
    local_date,
    long_day,
    meeting_name,
    own,
    plural,
    quoted,
    typed,
    went_words,
)


def _stage_at_start(record: ClientRecord, since: date, until: date) -> Stage | None:
    """The stage when the period's first conversation opened, if it recorded it."""
    started = sorted(
        (c for c in record.conversations if since <= local_date(c.started_at) <= until),
        key=lambda c: c.started_at,
    )
    for conversation in started:
        try:
            return Stage(str(conversation.state.get("stage_before")))
        except ValueError:
            continue
    return None


_RESOLVED = {
    GoalStatus.ACHIEVED: "Goal achieved",
    GoalStatus.PARTLY: "Goal partly achieved",
    GoalStatus.NOT_ACHIEVED: "Goal not achieved",
    GoalStatus.CHANGED: "Goal changed",
    GoalStatus.WITHDRAWN: "Goal withdrawn",
}


def _resolved_on(goal: Goal, follow_ups: Sequence[Review]) -> date:
    """When a closed goal was settled: the day it closed, else its last follow-up, else its
    target date."""
    if goal.closed_on is not None:
        return goal.closed_on
    dates = [r.date for r in follow_ups if r.goal_id == goal.id]
    return max(dates) if dates else goal.target_date


def _handouts_given(record: ClientRecord, since: date, until: date) -> list[str]:
    """Titles of handouts given in the period (logged, or given in a conversation)."""
    given: dict[tuple[str, date], str] = {}
    for handout in record.handouts:
        if since <= handout.given_on <= until:
            given.setdefault((handout.handout_id, handout.given_on), handout.title)
    for conversation in record.conversations:
        for event in conversation.handouts:
            on = local_date(event.at)
            if event.action is HandoutAction.GIVEN and since <= on <= until:
                title = handout_title(event.handout_id, record)
                given.setdefault((event.handout_id, on), title)
    return list(dict.fromkeys(given.values()))


def change_lines(
    record: ClientRecord,
    meetings: Mapping[str, Meeting],
    since: date,
    until: date,
    *,
    counts: bool = True,
) -> list[Line]:
    """What changed in the period; ``counts`` adds how many follow-ups and how many went
    (the summary leaves it out: its attendance section says it)."""
    follow_ups = dated_follow_ups(record)
    in_period = [r for r in follow_ups if since <= r.date <= until]
    lines: list[Line] = []
    before, now = _stage_at_start(record, since, until), record.client.stage
    if before is not None:
        if before is now:
            lines.append((own(f"Stage unchanged: {now.label}."),))
        else:
            text = f"Stage: {before.label} when the period began, {now.label} now."
            lines.append((own(text),))
    for conversation in sorted(record.conversations, key=lambda c: c.started_at):
        on = local_date(conversation.started_at)
        if since <= on <= until and conversation_notes(conversation).declined:
            lines.append((own(f"Said no to mutual aid for now on {long_day(on)}."),))
    for goal in sorted(record.goals, key=lambda g: (g.created_at, g.id)):
        created = local_date(goal.created_at)
        if since <= created <= until:
            lines.append(
                (own(f"New goal agreed on {long_day(created)}: "), *quoted(goal.wording), own("."))
            )
    for goal in sorted(record.goals, key=lambda g: (g.target_date, g.id)):
        if goal.status in _RESOLVED and since <= _resolved_on(goal, follow_ups) <= until:
            lines.append((own(f"{_RESOLVED[goal.status]}: "), *quoted(goal.wording), own(".")))
    first = next((r for r in follow_ups if r.attended is Attended.YES), None)
    if first is not None and since <= first.date <= until:
        line: list[Part] = [own(f"First said they went to a meeting on {long_day(first.date)}")]
        if first.meeting_ids:
            names = "; ".join(meeting_name(m, meetings) for m in first.meeting_ids)
            line += [own(" ("), typed(names), own(")")]
        lines.append((*line, own(".")))
    if counts and in_period:
        went = went_words(
            sum(1 for r in in_period if r.attended is Attended.YES),
            len(in_period),
            all(r.attended is Attended.NO for r in in_period),
        )
        lines.append((own(f"{plural(len(in_period), 'follow-up')}: {went}."),))
    elif counts:
        lines.append((own("No follow-ups in this period."),))
    handouts = _handouts_given(record, since, until)
    if handouts:
        lines.append((own("Handouts given: "), typed("; ".join(handouts)), own(".")))
    return lines
