"""Deterministic demo data: a fictional service in the fictional town of Kelbridge.

Why it exists: a keyworker trying fama, a trainer running a session and the snapshot
tests all need a caseload that looks like a real one (overdue follow-ups, reviews due
this week, a meeting directory with every kind of meeting) without a single real person
in it. Everything is built from ``today``, so the demo never goes stale: the same
follow-up is always "overdue by a few days", and ``build_demo(today)`` called twice gives
equal data (no clocks, no uuid4, no randomness).

Kelbridge is placed over Derby so that postcodes and distances behave like real ones:
venues sit in real DE postcode districts at plausible coordinates, but every venue,
street, person, phone number and link is made up. Links use ``example.org`` and phone
numbers come from Ofcom's ranges reserved for drama (0808 157 0xxx, 03069 990xxx).

``build_demo`` is the one entry point. The parts live beside it: ``places`` (where the
town is), ``meetings`` (its directory), ``people`` (staff and clients), ``contacts`` (the
register and fellowship visits), ``goals`` (goals
and the follow-ups that reviewed them), ``conversations`` (played through the engine)
and ``days`` (how every date is counted from ``today``). This module puts each client's
record together from them.

Pure: standard library, pydantic models and nothing else (no Textual, no TinyDB).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from fama.conversation import Script, load_script
from fama.demo.contacts import build_contacts, build_visits
from fama.demo.conversations import CONVERSATION_GOALS, CONVERSATIONS, converse
from fama.demo.days import moment, session_day
from fama.demo.goals import GOALS, REVIEWS, build_goal, build_review
from fama.demo.meetings import build_meetings
from fama.demo.people import CLIENTS, ClientRow, build_staff
from fama.models import Client, ClientRecord, Consent, Contact, Meeting, StaffMember, Stage, Visit


@dataclass(frozen=True)
class DemoData:
    """Everything the demo puts in a store: staff, the meeting directory and the caseload."""

    staff: list[StaffMember]
    meetings: list[Meeting]
    records: list[ClientRecord]
    contacts: list[Contact] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)


def _record(
    row: ClientRow, script: Script, meetings: dict[str, Meeting], today: date
) -> ClientRecord:
    goals = [
        build_goal(g, row.keyworker, meetings, today)
        for g in GOALS
        if g.client == row.code and g.num not in CONVERSATION_GOALS
    ]
    reviews = [build_review(r, row.keyworker, today) for r in REVIEWS if r.client == row.code]
    conversations = [v for v in CONVERSATIONS if v.client == row.code]
    episode_start = session_day(today, row.episode_start)
    created = moment(episode_start, 9, 30)
    client = Client(
        code=row.code,
        keyworker=row.keyworker,
        postcode_district=row.district,
        substances=list(row.substances),
        for_family=row.for_family,
        # A client with a conversation had not started before it: the engine sets the stage.
        stage=Stage.NOT_STARTED if conversations else row.stage,
        preferences=row.preferences.model_copy(deep=True),
        prior_experience=row.prior,
        prior_experience_note=row.prior_note,
        consent=Consent(share_first_name=row.share_first_name),
        episode_start=episode_start,
        discharged=None,
        next_review=(session_day(today, row.next_review) if row.next_review is not None else None),
        created_at=created,
        updated_at=created,
    )
    record = ClientRecord(client=client, goals=goals, reviews=reviews)
    for conversation in conversations:
        record = converse(conversation, row, record, script, meetings, today)
    order = list(Stage)
    if order.index(record.client.stage) > order.index(row.stage):
        raise ValueError(
            f"Demo client {row.code} ended its conversation at stage "
            f"{record.client.stage.value!r}, past {row.stage.value!r}."
        )
    if conversations and record.client.stage is not row.stage:  # followed up by hand since
        if not any(r.is_follow_up for r in record.reviews):
            raise ValueError(
                f"Demo client {row.code} is at stage {row.stage.value!r} with no follow-up."
            )
        record = record.model_copy(
            update={"client": record.client.model_copy(update={"stage": row.stage})}
        )
    updated = max(
        [created]
        + [g.created_at for g in record.goals]
        + [r.created_at for r in record.reviews]
        + [c.updated_at for c in record.conversations]
    )
    goals = sorted(record.goals, key=lambda g: g.id)
    return record.model_copy(
        update={"client": record.client.model_copy(update={"updated_at": updated}), "goals": goals}
    )


def build_demo(today: date) -> DemoData:
    """The whole demo for ``today``: deterministic, and valid against every model."""
    meetings = build_meetings(today)
    by_id = {m.id: m for m in meetings}
    script = load_script()
    return DemoData(
        staff=build_staff(today),
        meetings=meetings,
        records=[_record(row, script, by_id, today) for row in CLIENTS],
        contacts=build_contacts(today),
        visits=build_visits(today),
    )
