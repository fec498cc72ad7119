"""A client's record as lines of plain text: the profile, preferences, goals, reviews and
conversations the client screen lists.

Pure: the client's record (and the conversation script, to name where a paused
conversation carries on) in, strings out. Kept out of the screen so it holds no domain
rules, and so the lines can be tested without one. The screen shows them with markup off.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from fama.conversation.handover_words import Named, call_lines, handover_line, recorded_names
from fama.conversation.outcomes import goal_state_words
from fama.conversation.script import Script
from fama.models import Client, ClientRecord, Goal, Meeting, Preferences, Review, organisation
from fama.models.common import label_list
from fama.text.dates import short_day


def long_date(value: object) -> str:
    """``Tue 24 Nov 2026`` for a date or a time stamp; "not set" for anything else."""
    return value.strftime("%a %d %b %Y") if hasattr(value, "strftime") else "not set"


def preference_lines(prefs: Preferences) -> list[str]:
    """The meeting preferences a client has given, one line each (none: no lines)."""
    if prefs.is_empty():
        return []
    lines = []
    if prefs.programmes:
        lines.append(f"Programmes: {label_list(prefs.programmes)}")
    if prefs.days:
        lines.append(f"Days: {label_list([d.label for d in prefs.days])}")
    if prefs.earliest or prefs.latest:
        start = f"{prefs.earliest:%H:%M}" if prefs.earliest else "any time"
        end = f"{prefs.latest:%H:%M}" if prefs.latest else "any time"
        lines.append(f"Start time: from {start} to {end}")
    if prefs.attendance:
        lines.append(f"Attendance: {label_list(prefs.attendance)}")
    if prefs.audience:
        lines.append(f"Audience: {label_list([a.label for a in prefs.audience])}")
    if prefs.access_needs:
        lines.append(f"Access needs: {label_list([a.label for a in prefs.access_needs])}")
    if prefs.max_travel_miles:
        lines.append(f"Travel: up to {prefs.max_travel_miles:g} miles")
    return lines


def goal_lines(
    goal: Goal,
    meetings: Mapping[str, Meeting],
    today: date,
    contacts: Mapping[str, Named] | None = None,
) -> list[str]:
    """A goal as the client screen shows it: its real state (a date to talk that has passed
    says the follow-up is overdue), when to go, when to talk about it, the calls made to
    link the client to someone (named by ``contacts``, see
    :mod:`fama.conversation.handover_words`), why it closed."""
    state = goal_state_words(goal, today) if goal.follow_up_on <= today else goal.status.value
    lines = [
        f"“{goal.wording}”",
        f"  Status: {state}",
        f"  Go by {short_day(goal.target_date, today)} · talk about it "
        f"{short_day(goal.follow_up_on, today)}"
        + (f" · {goal.meetings_planned} meetings" if goal.meetings_planned else ""),
    ]
    meeting = meetings.get(goal.meeting_id or "")
    if meeting:
        lines.append(f"  Meeting: {meeting.organisation.value} {meeting.name}, {meeting.when}")
    elif goal.organisation:
        lines.append(f"  Organisation: {organisation(goal.organisation).name}")
    if goal.support.link.value != "none":
        who = f" ({goal.support.linked_person})" if goal.support.linked_person else ""
        lines.append(f"  Support: {goal.support.link.value}{who}")
    lines += [f"  {line}" for line in call_lines(goal.support, contacts)]
    if goal.support.barriers_plan:
        lines.append(f"  Barrier plan: {goal.support.barriers_plan}")
    if goal.closed_reason:
        lines.append(f"  Why: {goal.closed_reason}")
    return lines


def contacts_named(record: ClientRecord) -> dict[str, Named]:
    """The people rung in the client's sessions by contact id, named as the register named
    them when the calls were recorded (for :func:`goal_lines` and :func:`review_lines`)."""
    return recorded_names(record.conversations)


def declined_lines(client: Client, today: date) -> list[str]:
    """A client who said not for now: when, their reasons, when to come back to it."""
    declined = client.declined
    if declined is None:
        return []
    lines = [f"Mutual aid: said not for now on {short_day(declined.on, today)}"]
    if declined.reason:
        lines.append(f"  Their reasons: {declined.reason}")
    revisit = declined.revisit_on
    lines.append(
        f"  Come back to it: {short_day(revisit, today)}" if revisit else "  No date to revisit"
    )
    return lines


def review_lines(
    review: Review, goal: Goal | None = None, contacts: Mapping[str, Named] | None = None
) -> list[str]:
    """One follow-up review: when, what kind, attended, what the client said of it, and
    whether the person linked to the ``goal`` it followed up met them."""
    head = (
        f"{long_date(review.date)} · {review.review_type.value} · attended: {review.attended.value}"
    )
    lines = [head]
    details = []
    if review.meetings_since_last is not None:
        details.append(f"{review.meetings_since_last} meetings since last time")
    if review.helpfulness is not None:
        details.append(f"helpfulness {review.helpfulness}/10")
    if review.next_step:
        details.append(f"next: {review.next_step.value}")
    if details:
        lines.append("  " + " · ".join(details))
    if review.involvement:
        lines.append(f"  Involvement: {label_list(review.involvement)}")
    if review.barriers:
        lines.append(f"  Got in the way: {'; '.join(review.barriers)}")
    if review.what_it_was_like:
        lines.append(f"  What it was like: {review.what_it_was_like}")
    if review.handover is not None:
        support = goal.support if goal is not None else None
        lines.append(f"  {handover_line(review.handover, support, contacts)}")
    return lines


def conversation_lines(record: ClientRecord, script: Script) -> list[str]:
    """Newest first: when, how far it got, and where a paused one will carry on."""
    lines = []
    for conversation in sorted(record.conversations, key=lambda c: c.started_at, reverse=True):
        head = (
            f"{long_date(conversation.started_at)} · {conversation.stage_reached.label}"
            f" · {len(conversation.turns)} answers"
        )
        if conversation.finished:
            closed = conversation.state.get("closed")
            lines.append(head + (" · closed unfinished" if closed else " · finished"))
            continue
        step = script.steps.get(str(conversation.state.get("step")))
        lines.append(head + " · paused")
        if step is not None:
            lines.append(f"  Carries on at: {step.prompt} (C)")
    return lines
