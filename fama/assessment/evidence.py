"""Evidence for the PHE mutual aid self-assessment, computed from what keyworkers recorded.

Pure: records, the meeting directory and the staff list in; figures out (no Textual, no
TinyDB, no clock: ``today`` is an argument). Every figure is a :class:`Figure` with a
numerator and a denominator (None for a plain count), so a reader can always see "12 of
40", not only "30 %".

This module gathers the stores and adds the staff figures (:func:`compute_evidence`); the
rest is beside it: :mod:`~fama.assessment.figure` (a figure, and the figures per item),
:mod:`~fama.assessment.facts` (what is read from a client's record),
:mod:`~fama.assessment.client_figures` (counting clients),
:mod:`~fama.assessment.directory_figures` (the directory and the annex grids),
:mod:`~fama.assessment.register_figures` (the contacts register and fellowship visits) and
:mod:`~fama.assessment.ratings` (the rating the figures suggest). The notes below say what
every figure counts, wherever it is computed.

The period and its dates
------------------------
A :class:`~fama.assessment.period.Period` has two dates, both included. Moments (a
conversation's start, a goal's ``created_at``, a handout given in a conversation) count on
their **Europe/London date**: 23:30 UTC on 30 September 2026 is 1 October in London.
Dates that are already local (a follow-up's ``date``, a handout's ``given_on``, a training
or insight-visit date, episode dates) are compared as they are.

Clients in treatment
--------------------
A client is **in treatment in the period** when their episode started on or before its
last day and they were not discharged before its first day (``episode_start <= end`` and
``discharged`` is empty or ``>= start``). **Every client figure counts only clients in
treatment in the period**, and so does every count of their conversations, goals,
follow-ups and handouts: a proportion's numerator is always part of its denominator.

Several stores (``--data`` given more than once) are added up **without merging**: each
store's clients are counted as they are, so a client code present in two stores counts
twice (two keyworkers' stores normally hold different clients). The directory figures use
the union of the stores' meetings, one per meeting id (the first store that lists an id
wins), and the staff figures the union of their staff, one per staff id (likewise). A
goal's meeting is looked up in its own store's directory first, then in the union. The
contacts register's counts are added up like the clients: each store's as it is.

The figures (names as in :data:`ITEM_FIGURES`)
----------------------------------------------
Directory (1.1, 1.2, 1.4, 1.5, annexes): the directory **as it is today** (the store keeps
no history of it). "Running" means listed (``active``) and not temporarily closed.

``meetings_by_organisation``
    Running meetings (no denominator), broken down by organisation.
``sources_verified``
    Directory sources (feeds or the service's own list) whose latest verification or import
    was in the 90 days up to today, of all sources. Breakdown: days since each source was
    last verified or imported (-1: never).
``days_in_person``
    Days of the week with at least one running in-person or hybrid meeting, of 7. Breakdown:
    such meetings per weekday.
``days_any_mode``
    The same, counting online and phone meetings too.
``programmes_available``
    Programmes (12-step, SMART, local...) with a running meeting (no denominator).
    Breakdown: running meetings per programme.
``contacts_stale``
    Contacts in the register (as it is today: it keeps no history) that were past their
    check-by date on the period's last day (``Contact.stale``: more than about six months
    after their last check), of every contact in the register.

Fellowship members' visits (2.4, 2.5, 3.4), recorded from the Contacts screen:

``visits_to_clients``
    Visits dated in the period by fellowship members who came in to talk to clients (no
    denominator). Breakdown: by the visitor's organisation. Evidence for both 2.4 (recovery
    can be seen) and 2.5 (members talk to clients).
``visits_to_staff``
    The same for visits to talk to staff (3.4).

Promoting mutual aid (2.2, 2.3):

``handouts_given``
    Handouts given in the period (no denominator): one per client, handout and day, whether
    logged on the client or given in a conversation (a handout logged both ways on the same
    day counts once). Breakdown ``clients``: clients given at least one.
``clients_discussed``
    Clients with mutual aid discussed in the period (a structured conversation held, a goal
    agreed or a follow-up), of clients in treatment.

Staff (3.5, 3.6, 4.3): the staff list; a member counts as **active** for a period if they
still worked here on its first day (someone who left later in it still counts).

``staff_insight_visits``
    Meetings active staff sat in on for insight in the period (no denominator). Breakdown:
    ``staff`` (active staff with at least one visit) and ``active staff``.
``staff_trained_fama``, ``staff_trained_twelve_step``, ``staff_trained_smart``
    Active staff who had completed that training (FAMA, 12-step facilitation, SMART
    facilitation) on or before the period's last day, of active staff.
``keyworkers_used_register``
    Active staff who rang a contact in the register in the period (3.2b: they know whom
    to ask), of active staff: a call kept on a goal of a client in treatment, dated in the
    period, whose caller (``called_by``) is the member's staff id or login, in any case.
    Breakdown ``calls``: every such call in the period, whoever made it.

The three FAMA stages (4.1), each of clients in treatment:

``stage_introduced``
    Clients with a conversation started in the period that went through stage 1
    (introduce and explore). A client who said "not for now" was introduced: raising
    mutual aid is the intervention. A conversation that only followed up (its bookkeeping
    shows no stage-1 answer) is not an introduction: the same rule as "My month"
    (:func:`fama.staff.my_month.introduces`).
``stage_connected``
    Clients with a goal created in the period (whatever its status now).
``stage_followed_up``
    Clients with a follow-up dated in the period: a review that reports on mutual aid
    (:attr:`fama.models.review.Review.is_follow_up`).

Facilitation (4.2, 4.4):

``structured_conversations``
    Conversations started in the period and held (at least one answer kept: the stage
    reached is not "not started"), no denominator. Breakdown ``clients``: clients with one.
``clients_with_goal``
    Clients with a care-planned goal about attending created in the period, of clients in
    treatment. Every fama goal is a care-planned attendance goal, so this is the same count
    as ``stage_connected`` and ``referred``, shown under the item it evidences.
``goals_with_link``
    Goals created in the period with a person-to-person link or accompaniment (the goal's
    support link is not "none"), of goals created in the period. Breakdown: by link type.
``goals_link_by_whom``
    The same goals by who makes the link: ``fellowship volunteer`` (phoned in session, or
    meets the client), ``peer mentor``, ``staff member`` (meets or accompanies) and
    ``the service`` (the meeting is held there).
``clients_met_or_accompanied``
    Clients with a follow-up in the period about a goal that has a linked person (its
    link is not "none", whenever the goal was made), of whom at least one such follow-up
    says the person met them at the meeting or went with them (``Review.handover``), of
    all those clients. Breakdown: by what happened (a client with both counts under each).

Monitoring (5.4, 5.5):

``referred``
    Clients referred to mutual aid (a goal about attending created in the period), of
    clients in treatment.
``referred_by_organisation``
    The same, broken down by organisation: the goal's meeting's organisation, else the
    organisation the goal names, else ``not named``. A client referred to two organisations
    counts under each (so the breakdown can add up to more than the numerator).
``referred_by_substance``
    The same, broken down by the client's substances (``not recorded`` if none); a client
    with several substances counts under each.
``followed_up``
    Of the referred clients, those with a follow-up dated from their referral (the London
    date of their first goal created in the period) to the period's last day.
``attended``
    Of those followed up, those who said they went (``attended`` is "yes") at one of those
    follow-ups.
``meetings_per_week``
    Of those followed up: meetings they reported at those follow-ups (``meetings since last
    time`` added up) over the weeks from referral to their last such follow-up (rounded to
    the nearest whole week, at least 1), all added up: the value is meetings per week over
    everyone's weeks. Breakdown ``clients``: how many clients it covers.
``helpfulness``
    The 0-10 helpfulness scores given at those follow-ups: numerator their sum, denominator
    how many, so the value is the mean. Breakdown (when there is a score): ``min``, ``max``
    and ``median`` (of an even number of scores, the mean of the middle two: 6 and 7 give
    6.5; a whole median is an int).
``dead_end_referrals``
    Goals created in the period that name a meeting found to be a dead end, of goals created
    in the period that name a meeting. A dead end is a meeting a keyworker flagged (did not
    run, moved, not newcomer-friendly: every flag counts), that is no longer listed or is
    temporarily closed, or that is not in the directory any more. Breakdown: by reason (a
    goal can show under more than one).

Speed
-----
Each client record is boiled down once to :class:`ClientFacts` (the few fields the
figures read) and then counted, streaming: nothing per client is kept
(``scripts/bench_assessment.py`` times it). :func:`facts_from_json` builds the same facts
straight from a record's JSON (the shape ``fama export`` writes, and the store's own files),
without pydantic, which is cheaper than loading the records through the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from fama.assessment.client_figures import Tally, client_figures, count_client
from fama.assessment.directory_figures import (
    SourceFreshness,
    SourceLike,
    directory_figures,
    directory_sources,
    latest,
)
from fama.assessment.facts import ClientFacts, client_facts
from fama.assessment.figure import ITEM_FIGURES, Figure
from fama.assessment.period import Period
from fama.assessment.register_figures import RegisterCounts, count_register, register_figures
from fama.models.contact import Contact, Visit
from fama.models.meeting import Meeting
from fama.models.record import ClientRecord
from fama.models.staff import StaffMember, TrainingKind

__all__ = [
    "Evidence",
    "EvidenceSource",
    "compute_evidence",
]


@dataclass(frozen=True)
class EvidenceSource:
    """One store's data. ``records`` is read once, streaming (a generator is fine); each
    item is a :class:`ClientRecord` or the :class:`ClientFacts` already made from one.
    ``sources`` None means "work them out from ``meetings``". ``register`` is the contacts
    register's counts for the period, already made (by a store that gives no entries);
    None means "count ``contacts`` and ``visits``"."""

    records: Iterable[ClientRecord | ClientFacts]
    meetings: Sequence[Meeting] = ()
    staff: Sequence[StaffMember] = ()
    sources: Sequence[SourceLike] | None = None
    contacts: Sequence[Contact] = ()
    visits: Sequence[Visit] = ()
    register: RegisterCounts | None = None


@dataclass(frozen=True)
class Evidence:
    """Every figure for a period, by name and by item, and the two annex grids."""

    period: Period
    today: date
    figures: dict[str, Figure]
    by_item: dict[str, tuple[Figure, ...]]
    annexes: dict[str, dict[str, dict[str, int]]]
    """``annex1``: organisation code -> weekday name -> running meetings (every
    organisation in the registry, every day, zeros included); ``annex2``: local recovery
    group name -> weekday name -> running meetings."""
    stores: int = 1
    clients_read: int = 0
    """Client records read, over every store (in treatment or not)."""


_TRAINING = (
    ("staff_trained_fama", TrainingKind.FAMA, "Active staff trained in FAMA"),
    (
        "staff_trained_twelve_step",
        TrainingKind.TWELVE_STEP_FACILITATION,
        "Active staff trained in 12-step facilitation",
    ),
    (
        "staff_trained_smart",
        TrainingKind.SMART_FACILITATION,
        "Active staff trained in SMART facilitation",
    ),
)


def _rang(member: StaffMember, callers: set[str]) -> bool:
    """Whether the member is one of the casefolded ``callers`` (by staff id or login)."""
    return member.id.casefold() in callers or (
        member.login is not None and member.login.casefold() in callers
    )


def _staff(staff: Sequence[StaffMember], period: Period, tally: Tally) -> list[Figure]:
    active = [m for m in staff if m.worked_during(period.start)]
    visits = [
        sum(1 for v in m.insight_visits if period.start <= v.date <= period.end) for m in active
    ]
    figures = [
        Figure(
            "staff_insight_visits",
            "Meetings staff sat in on for insight",
            sum(visits),
            None,
            {"staff": sum(1 for v in visits if v), "active staff": len(active)},
        )
    ]
    for name, kind, label in _TRAINING:
        trained = sum(
            1
            for m in active
            if any(t.kind is kind and t.completed <= period.end for t in m.training)
        )
        figures.append(Figure(name, label, trained, len(active)))
    figures.append(
        Figure(
            "keyworkers_used_register",
            "Active staff who rang a contact in the register",
            sum(1 for m in active if _rang(m, tally.callers)),
            len(active),
            {"calls": tally.calls},
        )
    )
    return figures


def compute_evidence(sources: Sequence[EvidenceSource], period: Period, *, today: date) -> Evidence:
    """Every figure for ``period`` over one or several stores (see the module's notes)."""
    union: dict[str, Meeting] = {}
    staff: dict[str, StaffMember] = {}
    for source in sources:
        for meeting in source.meetings:
            union.setdefault(meeting.id, meeting)
        for member in source.staff:
            staff.setdefault(member.id, member)

    freshness: dict[str, SourceFreshness] = {}
    for source in sources:
        listed: Sequence[SourceLike] = (
            source.sources if source.sources is not None else directory_sources(source.meetings)
        )
        for info in listed:
            seen = freshness.get(info.source)
            freshness[info.source] = (
                SourceFreshness(info.source, info.imported_at, info.last_verified)
                if seen is None
                else SourceFreshness(
                    info.source,
                    latest(seen.imported_at, info.imported_at),
                    latest(seen.last_verified, info.last_verified),
                )
            )

    tally = Tally()
    register = RegisterCounts()
    for source in sources:
        own = {m.id: m for m in source.meetings}
        for item in source.records:
            facts = item if isinstance(item, ClientFacts) else client_facts(item)
            count_client(facts, period, tally, own, union)
        register += (
            source.register
            if source.register is not None
            else count_register(source.contacts, source.visits, period.start, period.end)
        )

    directory, annexes = directory_figures(list(union.values()), list(freshness.values()), today)
    figures = {
        f.name: f
        for f in [
            *directory,
            *register_figures(register),
            *client_figures(tally),
            *_staff(list(staff.values()), period, tally),
        ]
    }
    by_item = {item: tuple(figures[name] for name in names) for item, names in ITEM_FIGURES.items()}
    return Evidence(
        period=period,
        today=today,
        figures=figures,
        by_item=by_item,
        annexes=annexes,
        stores=len(sources),
        clients_read=tally.read,
    )
