"""A client's mutual aid history for a care-plan review, and the rule for the next review.

Pure: a client's record and the meeting directory in, data and text out (no Textual, no
TinyDB, no clock: ``today`` is an argument).

Keyworkers review mutual aid at care-plan reviews; commissioners later ask whether referred
clients went, how often and whether it helped (self-assessment 5.5). :func:`build_history`
gathers that from the record for a *period*; :mod:`fama.reviews.care_plan_summary` turns it into a
short page for the care plan.

The period
----------
By default it runs from the last care-plan review before its end (the review the client had
*before* today's, so a summary printed at today's review covers everything since the last
one), or from the start of the client's episode when there was none, up to today. Both ends
are included.

What counts as a follow-up
--------------------------
A :class:`Review` that reports on mutual aid: it is about a goal, or it records whether the
client went, how many meetings or how helpful (see :func:`is_follow_up`). A care-plan review
recorded on its own (:meth:`Casebook.record_care_plan_review`: no goal, nothing about
attending) is a review on the timeline, not a follow-up, and is in none of the figures.

Meetings a week (an estimate)
-----------------------------
Clients report "meetings since last time", not dates, so meetings per week is estimated:
each follow-up's ``meetings_since_last`` is spread evenly over the days since the client's
previous follow-up (the day after it up to and including the follow-up's own day; a first
follow-up is taken to cover the 7 days up to and including its day), and each ISO week
(Monday to Sunday) gets the share of the days that fall in it. Weeks are counted on dates,
so a week with a clock change is one week like any other.

Only follow-ups dated in the period are spread, over the weeks from the Monday of the
period's first week to the week of its end. The part of a spread that falls before that
first Monday is left out, so the weekly figures add up to ``meetings_total`` exactly when
every follow-up's spread starts on or after that Monday, and never to more
(:func:`weekly_meetings` states the invariant).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

from fama.clock import london
from fama.conversation.apply import conversation_notes
from fama.conversation.outcomes import goal_state_words
from fama.models.conversation import Conversation, HandoutAction
from fama.models.goal import Goal, GoalStatus, LinkType
from fama.models.meeting import Meeting
from fama.models.organisations import organisation
from fama.models.record import ClientRecord
from fama.models.review import Attended, Involvement, Review, ReviewType
from fama.models.vocab import Stage

KIND_CONVERSATION = "conversation"
KIND_GOAL = "goal"
KIND_FOLLOW_UP = "follow-up"
KIND_REVIEW = "review"
"""A review that is not a follow-up: a care-plan review recorded on its own, for example."""
KIND_HANDOUT = "handout"

FIRST_SPREAD_DAYS = 7
"""A first follow-up's meetings are spread over this many days up to and including it."""


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


@dataclass(frozen=True)
class ReviewHistory:
    """A client's mutual aid history, with figures for the period ``since`` to ``until``."""

    code: str
    since: date
    until: date
    last_review: date | None
    """The last care-plan review before ``until`` (the default start of the period)."""
    timeline: tuple[TimelineEntry, ...]
    """The whole record, newest first; ``in_period`` marks the period's entries."""
    weekly_meetings: tuple[tuple[date, float], ...]
    """(Monday, estimated meetings that week), one point per week of the period, in order."""
    helpfulness: tuple[tuple[date, int], ...]
    """(follow-up date, 0-10) for every follow-up up to ``until`` that asked, in date order."""
    repeated_barriers: tuple[tuple[str, int], ...]
    """Barriers raised at more than one follow-up up to ``until``: (wording first seen, times),
    most frequent first."""
    involvement: tuple[tuple[Involvement, date, int], ...]
    """(marker, first seen, follow-ups that recorded it) up to ``until``, first seen first."""
    changes: tuple[str, ...]
    """What changed in the period, as plain sentences."""
    follow_ups: int
    """Follow-ups in the period."""
    attended: int
    """Of those, how many said they went."""
    meetings_total: int
    """Meetings since last time, added up over the period's follow-ups."""
    reported_from: date | None
    """The first day those meetings may have been on: the day after the follow-up before
    the period's first (or the day its goal was agreed); None when that is not known."""
    reported_until: date | None
    """The day of the period's last follow-up: the meetings reported end there."""
    meetings_went: tuple[str, ...]
    """Ids of the meetings the period's follow-ups said they went to, first named first."""
    all_did_not_go: bool
    """Every follow-up in the period recorded that they did not go."""
    mean_helpfulness: float | None
    """Mean helpfulness (0-10) over the period's follow-ups that asked; None if none did."""


# --------------------------------------------------------------------------- small helpers


def long_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def local_date(moment: datetime) -> date:
    return moment.astimezone(london()).date()


def plural(count: int, word: str, many: str = "") -> str:
    """``1 follow-up``, ``2 follow-ups``."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def is_follow_up(review: Review) -> bool:
    """A review that reports on mutual aid (about a goal, or saying how it went)."""
    return review.is_follow_up


def _follow_ups(record: ClientRecord) -> list[Review]:
    """The record's follow-ups in date order (then the order they were recorded)."""
    return sorted(
        (r for r in record.reviews if is_follow_up(r)), key=lambda r: (r.date, r.created_at)
    )


def meeting_name(meeting_id: str, meetings: Mapping[str, Meeting]) -> str:
    """``SMART: SMART Recovery Kelbridge Central, Tue 19:30``, or a note that it has gone."""
    meeting = meetings.get(meeting_id)
    if meeting is None:
        return f"a meeting no longer in the directory ({meeting_id})"
    when = f"{meeting.weekday.short} {meeting.start:%H:%M}"
    return f"{meeting.organisation.value}: {meeting.name}, {when}"


def _handout_title(handout_id: str, record: ClientRecord) -> str:
    titles = {h.handout_id: h.title for h in record.handouts}
    return titles.get(handout_id, handout_id.replace("-", " ").capitalize())


def last_care_plan_review(record: ClientRecord, before: date) -> date | None:
    """The date of the latest care-plan review dated before ``before``, if any."""
    return max(
        (
            r.date
            for r in record.reviews
            if r.review_type is ReviewType.CARE_PLAN and r.date < before
        ),
        default=None,
    )


def _key(text: str) -> str:
    """A barrier compared case- and punctuation-insensitively: ``The bus!`` is ``the bus``."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", text.casefold()).split())


# --------------------------------------------------------------------------- the estimate


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_meetings(
    follow_ups: Iterable[tuple[date, int | None]], since: date, until: date
) -> tuple[tuple[date, float], ...]:
    """Estimated meetings a week, one point per ISO week from ``since``'s week to ``until``'s.

    ``follow_ups`` are every follow-up of the client as (date, meetings since last time or
    None): all of them mark where a spread begins, and those dated from ``since`` to
    ``until`` are spread (see the module's notes).

    Invariant: the points add up to the sum, over the follow-ups dated in the period, of
    ``meetings * (days of its spread on or after the Monday of since's week) / (days of its
    spread)``. So they never add up to more than those follow-ups' meetings, and to exactly
    that when every spread starts on or after that Monday.
    """
    if since > until:
        raise ValueError("The period must not start after it ends.")
    items = list(follow_ups)
    first = _monday(since)
    weeks = (_monday(until) - first).days // 7 + 1
    totals = [Fraction(0)] * weeks
    dates = sorted({day for day, _ in items})
    for day, count in items:
        if not count or not since <= day <= until:
            continue
        index = bisect_left(dates, day)
        previous = dates[index - 1] if index else day - timedelta(days=FIRST_SPREAD_DAYS)
        length = (day - previous).days
        start = max(previous + timedelta(days=1), first)
        while start <= day:
            week = (start - first).days // 7
            end = min(first + timedelta(days=7 * week + 6), day)
            totals[week] += Fraction(count * ((end - start).days + 1), length)
            start = end + timedelta(days=1)
    return tuple((first + timedelta(weeks=i), float(total)) for i, total in enumerate(totals))


# --------------------------------------------------------------------------- text parts


@dataclass(frozen=True)
class Part:
    """A piece of a summary line; ``typed`` text came from a person and is escaped."""

    text: str
    typed: bool = False


Line = tuple[Part, ...]


def own(text: str) -> Part:
    return Part(text)


def typed(text: str) -> Part:
    return Part(text, typed=True)


def quoted(text: str) -> tuple[Part, Part, Part]:
    return own("“"), typed(text), own("”")


def plain_line(line: Line) -> str:
    return "".join(part.text for part in line)


# --------------------------------------------------------------------------- the timeline

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
    goal: Goal, meetings: Mapping[str, Meeting], today: date
) -> tuple[str, tuple[str, ...]]:
    details = [f"“{goal.wording}”", f"Now: {goal_state_words(goal, today, with_year=True)}"]
    details.append(_where(goal, meetings))
    details.append(f"By: {long_day(goal.target_date)}")
    details.append(f"Talk about how it went: {long_day(goal.follow_up_on)}")
    if goal.closed_reason:
        details.append(f"Why: {goal.closed_reason}")
    support = _support(goal)
    details.append(f"Support: {support}" if support else "")
    return "Goal agreed", tuple(d for d in details if d)


def _follow_up_entry(
    review: Review, goals: Mapping[str, Goal], meetings: Mapping[str, Meeting]
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
            titles = "; ".join(_handout_title(i, record) for i in ids)
            details.append(f"Handouts {action}: {titles}")
    return title, tuple(details)


def _timeline(
    record: ClientRecord, meetings: Mapping[str, Meeting], since: date, until: date, today: date
) -> tuple[TimelineEntry, ...]:
    goals = {g.id: g for g in record.goals}
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
                _goal_entry(goal, meetings, today),
            )
        )
    for review in record.reviews:
        if is_follow_up(review):
            entry, kind = _follow_up_entry(review, goals, meetings), KIND_FOLLOW_UP
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


# --------------------------------------------------------------------------- changes


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
                title = _handout_title(event.handout_id, record)
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
    follow_ups = _follow_ups(record)
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


# --------------------------------------------------------------------------- the history


def went_words(went: int, follow_ups: int, all_did_not_go: bool) -> str:
    """Whether they went, in words: ``they said they went at 1 of 2``, ``they did not go``
    (never "went at 0")."""
    if went == 0:
        return "they did not go" if all_did_not_go else "they did not say they went"
    if went == follow_ups:
        every = {1: "", 2: " at both"}.get(went, f" at all {went}")
        return f"they said they went{every}"
    return f"they said they went at {went} of {follow_ups}"


def _reported_from(
    record: ClientRecord, follow_ups: Sequence[Review], in_period: Sequence[Review]
) -> date | None:
    """The first day the period's reported meetings can fall on (see ``ReviewHistory``)."""
    if not in_period:
        return None
    first = in_period[0]
    earlier = [r.date for r in follow_ups if r.date < first.date]
    if earlier:
        return max(earlier) + timedelta(days=1)
    agreed = [local_date(g.created_at) for g in record.goals if g.id == first.goal_id]
    return agreed[0] if agreed and agreed[0] <= first.date else None


def _period(
    record: ClientRecord, today: date, since: date | None, until: date | None
) -> tuple[date, date, date | None]:
    end = until or today
    last = last_care_plan_review(record, end)
    start = since or last or record.client.episode_start
    if start > end:
        raise ValueError(f"The period cannot start ({start}) after it ends ({end}).")
    return start, end, last


def build_history(
    record: ClientRecord,
    meetings: Mapping[str, Meeting],
    *,
    today: date,
    since: date | None = None,
    until: date | None = None,
) -> ReviewHistory:
    """The client's history, with figures for the period (see the module's notes).

    ``meetings`` is the directory by id (for names). Raises ``ValueError`` (one sentence)
    for a period that starts after it ends.
    """
    since, until, last = _period(record, today, since, until)
    follow_ups = _follow_ups(record)
    in_period = [r for r in follow_ups if since <= r.date <= until]
    so_far = [r for r in follow_ups if r.date <= until]
    rated = [r.helpfulness for r in in_period if r.helpfulness is not None]

    barriers: dict[str, list[str]] = {}  # key -> wordings, one per follow-up it came up at
    for review in so_far:
        seen = {_key(b): b for b in reversed(review.barriers) if _key(b)}
        for key, wording in seen.items():
            barriers.setdefault(key, []).append(wording)
    repeated = sorted(
        ((wordings[0], len(wordings)) for wordings in barriers.values() if len(wordings) > 1),
        key=lambda item: -item[1],  # a stable sort: ties stay in the order first seen
    )

    involvement: dict[Involvement, tuple[date, int]] = {}
    for review in so_far:
        for marker in dict.fromkeys(review.involvement):
            first, count = involvement.get(marker, (review.date, 0))
            involvement[marker] = (first, count + 1)

    return ReviewHistory(
        code=record.client.code,
        since=since,
        until=until,
        last_review=last,
        timeline=_timeline(record, meetings, since, until, today),
        weekly_meetings=weekly_meetings(
            ((r.date, r.meetings_since_last) for r in follow_ups), since, until
        ),
        helpfulness=tuple((r.date, r.helpfulness) for r in so_far if r.helpfulness is not None),
        repeated_barriers=tuple(repeated),
        involvement=tuple((marker, first, count) for marker, (first, count) in involvement.items()),
        changes=tuple(plain_line(line) for line in change_lines(record, meetings, since, until)),
        follow_ups=len(in_period),
        attended=sum(1 for r in in_period if r.attended is Attended.YES),
        meetings_total=sum(r.meetings_since_last or 0 for r in in_period),
        reported_from=_reported_from(record, follow_ups, in_period),
        reported_until=in_period[-1].date if in_period else None,
        meetings_went=tuple(dict.fromkeys(m for r in in_period for m in r.meeting_ids)),
        all_did_not_go=bool(in_period) and all(r.attended is Attended.NO for r in in_period),
        mean_helpfulness=sum(rated) / len(rated) if rated else None,
    )


# --------------------------------------------------------------------------- the next review


class NextReviewError(ValueError):
    """The next care-plan review asked for cannot be set (one sentence, about that field)."""


def year_ahead(today: date) -> date:
    """The same day a year on (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def next_review_problem(next_review: date, held_on: date | None, today: date) -> str | None:
    """Why ``next_review`` cannot be the next care-plan review, in one sentence, or None.

    It must be after the review held (``held_on``, when known) and no more than a year from
    today: a date further off is almost always a typing slip (``1/12/27`` for ``1/12/26``)."""
    if held_on is not None and next_review <= held_on:
        return "The next care-plan review must be after the one being recorded."
    latest = year_ahead(today)
    if next_review > latest:
        return f"The next care-plan review must be within a year, by {long_day(latest)}."
    return None
