"""A client's mutual aid history for a care-plan review: the timeline and the figures.

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

Which reviews count as follow-ups and how meetings a week are estimated is in
:mod:`fama.reviews.follow_ups`; the timeline's entries in :mod:`fama.reviews.timeline`; what
changed in the period in :mod:`fama.reviews.changes`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from fama.conversation.handover_words import Named, recorded_names
from fama.models.meeting import Meeting
from fama.models.record import ClientRecord
from fama.models.review import Attended, Involvement, Review
from fama.reviews.changes import change_lines
from fama.reviews.follow_ups import dated_follow_ups, last_care_plan_review, weekly_meetings
from fama.reviews.timeline import TimelineEntry, build_timeline
from fama.reviews.words import local_date, plain_line


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
    contacts: Mapping[str, Named] = field(default_factory=dict)
    """The people rung in a session, by contact id: named by the register when the caller
    had it, else by the names recorded with the calls."""


def _key(text: str) -> str:
    """A barrier compared case- and punctuation-insensitively: ``The bus!`` is ``the bus``."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", text.casefold()).split())


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
    contacts: Mapping[str, Named] | None = None,
) -> ReviewHistory:
    """The client's history, with figures for the period (see the module's notes).

    ``meetings`` is the directory by id (for names), ``contacts`` the register's names by id
    (for the people rung in a session; without them, the names recorded then). Raises
    ``ValueError`` (one sentence) for a period that starts after it ends.
    """
    since, until, last = _period(record, today, since, until)
    names = {**recorded_names(record.conversations), **(contacts or {})}
    follow_ups = dated_follow_ups(record)
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
        timeline=build_timeline(record, meetings, since, until, today, names),
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
        contacts=names,
    )
