"""Evidence for the PHE mutual aid self-assessment, computed from what keyworkers recorded.

Pure: records, the meeting directory and the staff list in; figures out (no Textual, no
TinyDB, no clock: ``today`` is an argument). Every figure is a :class:`Figure` with a
numerator and a denominator (None for a plain count), so a reader can always see "12 of
40", not only "30 %".

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
goal's meeting is looked up in its own store's directory first, then in the union.

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
figures read) and then counted, streaming: nothing per client is kept. A store of 2,000
clients with 25 records each is counted in well under a second once loaded (see
``scripts/bench_assessment.py``). :func:`facts_from_json` builds the same facts straight
from a record's JSON (the shape ``fama export`` writes, and the store's own files), without
pydantic, at about half the cost of loading the records through the store.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol, TypeVar

from fama.assessment.period import Period, london_date
from fama.models.conversation import HandoutAction
from fama.models.goal import LinkType
from fama.models.meeting import FlagKind, Meeting
from fama.models.organisations import ORGANISATIONS, OrgCode
from fama.models.record import ClientRecord
from fama.models.review import Attended
from fama.models.staff import StaffMember, TrainingKind
from fama.models.vocab import Attendance, Programme, Stage, Substance, Weekday

__all__ = [
    "IN_PLACE",
    "ITEM_FIGURES",
    "NOT_IN_PLACE",
    "PARTLY",
    "ClientFacts",
    "ConversationFacts",
    "Evidence",
    "EvidenceSource",
    "Figure",
    "FollowUpFacts",
    "GoalFacts",
    "SourceFreshness",
    "SourceLike",
    "client_facts",
    "compute_evidence",
    "directory_sources",
    "facts_from_json",
    "introduces",
    "suggest_rating",
]

FRESH_DAYS = 90
"""A source verified or imported within this many days of today counts as kept up to date."""

ITEM_FIGURES: dict[str, tuple[str, ...]] = {
    "1.1": ("meetings_by_organisation", "sources_verified"),
    "1.2": ("meetings_by_organisation", "sources_verified"),
    "1.4": ("days_in_person", "days_any_mode"),
    "1.5": ("programmes_available",),
    "2.2": ("handouts_given", "clients_discussed"),
    "2.3": ("handouts_given", "clients_discussed"),
    "3.5": ("staff_insight_visits",),
    "3.6": ("staff_trained_fama", "staff_trained_twelve_step", "staff_trained_smart"),
    "4.1": ("stage_introduced", "stage_connected", "stage_followed_up"),
    "4.2": ("structured_conversations", "clients_with_goal"),
    "4.3": ("staff_trained_fama", "staff_trained_twelve_step", "staff_trained_smart"),
    "4.4": ("goals_with_link", "goals_link_by_whom"),
    "5.4": ("referred", "referred_by_organisation", "referred_by_substance"),
    "5.5": ("followed_up", "attended", "meetings_per_week", "helpfulness", "dead_end_referrals"),
}
"""Which figures evidence which item, in display order."""

NOT_NAMED = "not named"
NOT_RECORDED = "not recorded"

WHO = {
    LinkType.VOLUNTEER_PHONED.value: "fellowship volunteer",
    LinkType.VOLUNTEER_MEETS.value: "fellowship volunteer",
    LinkType.PEER_MENTOR.value: "peer mentor",
    LinkType.STAFF_MEETS.value: "staff member",
    LinkType.STAFF_ACCOMPANIES.value: "staff member",
    LinkType.MEETING_AT_SERVICE.value: "the service",
}
"""Who makes a person-to-person link, by link type."""

DEAD_INACTIVE = "no longer listed"
DEAD_CLOSED = "temporarily closed"
DEAD_MISSING = "not in the directory"

_NONE_LINK = LinkType.NONE.value
_IN_PERSON = frozenset({Attendance.IN_PERSON, Attendance.HYBRID})


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figure:
    """One piece of evidence: ``numerator`` of ``denominator`` (None for a plain count)."""

    name: str
    label: str
    numerator: int
    denominator: int | None
    breakdown: Mapping[str, float] = field(default_factory=dict)
    is_share: bool = True
    """False when ``value`` is not a part of a whole but a rate or a mean (meetings a week,
    mean helpfulness): show it as a number, not a percentage."""
    breakdown_is_count: bool = True
    """False when the breakdown holds measures (the lowest, highest and median helpfulness
    score), not counts: small-number suppression then hides them with the figure's value
    instead of treating each as a count."""

    @property
    def value(self) -> float | None:
        """``numerator / denominator``; None without a denominator or when it is 0."""
        if not self.denominator:
            return None
        return self.numerator / self.denominator


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


# --------------------------------------------------------------------------- sources


class SourceLike(Protocol):
    """A directory source and how fresh it is (``Casebook.sources()`` gives these)."""

    @property
    def source(self) -> str: ...

    @property
    def imported_at(self) -> datetime | None: ...

    @property
    def last_verified(self) -> date | None: ...


@dataclass(frozen=True)
class SourceFreshness:
    source: str
    imported_at: datetime | None
    last_verified: date | None

    def last_checked(self) -> date | None:
        """The later of the last verification and the (London) date of the last import."""
        dates = [self.last_verified] if self.last_verified else []
        if self.imported_at is not None:
            dates.append(london_date(self.imported_at))
        return max(dates, default=None)


def directory_sources(meetings: Iterable[Meeting]) -> list[SourceFreshness]:
    """Each source of a directory with its latest import and verification (as
    ``Casebook.sources()``), by source name."""
    imported: dict[str, datetime | None] = {}
    verified: dict[str, date | None] = {}
    for meeting in meetings:
        name = meeting.source
        imported[name] = _latest(imported.get(name), meeting.imported_at)
        verified[name] = _latest(verified.get(name), meeting.last_verified)
    return [SourceFreshness(name, imported[name], verified[name]) for name in sorted(imported)]


@dataclass(frozen=True)
class EvidenceSource:
    """One store's data. ``records`` is read once, streaming (a generator is fine); each
    item is a :class:`ClientRecord` or the :class:`ClientFacts` already made from one.
    ``sources`` None means "work them out from ``meetings``"."""

    records: Iterable[ClientRecord | ClientFacts]
    meetings: Sequence[Meeting] = ()
    staff: Sequence[StaffMember] = ()
    sources: Sequence[SourceLike] | None = None


# --------------------------------------------------------------------------- client facts


@dataclass(frozen=True, slots=True)
class GoalFacts:
    id: str
    created_on: date
    """London date of ``created_at``."""
    meeting_id: str | None
    organisation: str | None
    """An :class:`OrgCode` value."""
    link: str
    """A :class:`LinkType` value."""


@dataclass(frozen=True, slots=True)
class FollowUpFacts:
    on: date
    attended: bool
    """The client said they went (``attended`` is "yes")."""
    meetings: int | None
    helpfulness: int | None


@dataclass(frozen=True, slots=True)
class ConversationFacts:
    started_on: date
    """London date of ``started_at``."""
    held: bool
    """At least one answer kept (the stage reached is not "not started")."""
    introduces: bool


@dataclass(frozen=True, slots=True)
class ClientFacts:
    """What the figures read from one client's record, and nothing else."""

    code: str
    episode_start: date
    discharged: date | None
    substances: tuple[str, ...]
    goals: tuple[GoalFacts, ...] = ()
    follow_ups: tuple[FollowUpFacts, ...] = ()
    """Only the reviews that are follow-ups."""
    conversations: tuple[ConversationFacts, ...] = ()
    handouts: tuple[tuple[str, date], ...] = ()
    """Distinct (handout id, day given), logged or given in a conversation, in order."""

    def in_treatment(self, period: Period) -> bool:
        return self.episode_start <= period.end and (
            self.discharged is None or self.discharged >= period.start
        )


def introduces(stage_reached: str, state: Mapping[str, Any]) -> bool:
    """Whether a conversation went through stage 1 (see the module's notes).

    ``stage_reached`` is a :class:`Stage` value and ``state`` the conversation's state; the
    rule is :func:`fama.staff.my_month.introduces`, on plain values so that it also reads a
    conversation straight from JSON.
    """
    if stage_reached == Stage.NOT_STARTED.value:
        return False
    records = state.get("records")
    if isinstance(records, Mapping):
        stages = {
            entry.get("stage")
            for entry in records.values()
            if isinstance(entry, Mapping) and entry.get("stage")
        }
        if stages:
            return Stage.INTRODUCE.value in stages
    return True  # no bookkeeping (an older or imported record): trust stage_reached


def _handout_pairs(
    logged: Iterable[tuple[str, date]], in_conversations: Iterable[tuple[str, date]]
) -> tuple[tuple[str, date], ...]:
    return tuple(dict.fromkeys([*logged, *in_conversations]))


def client_facts(record: ClientRecord) -> ClientFacts:
    """The facts the figures read from a client's record."""
    client = record.client
    given = HandoutAction.GIVEN
    return ClientFacts(
        code=client.code,
        episode_start=client.episode_start,
        discharged=client.discharged,
        substances=tuple(s.value for s in client.substances),
        goals=tuple(
            GoalFacts(
                g.id,
                london_date(g.created_at),
                g.meeting_id,
                g.organisation.value if g.organisation is not None else None,
                g.support.link.value,
            )
            for g in record.goals
        ),
        follow_ups=tuple(
            FollowUpFacts(r.date, r.attended is Attended.YES, r.meetings_since_last, r.helpfulness)
            for r in record.reviews
            if r.is_follow_up
        ),
        conversations=tuple(
            ConversationFacts(
                london_date(c.started_at),
                c.stage_reached is not Stage.NOT_STARTED,
                introduces(c.stage_reached.value, c.state),
            )
            for c in record.conversations
        ),
        handouts=_handout_pairs(
            ((h.handout_id, h.given_on) for h in record.handouts),
            (
                (e.handout_id, london_date(e.at))
                for c in record.conversations
                for e in c.handouts
                if e.action is given
            ),
        ),
    )


# -- from JSON (no pydantic) -------------------------------------------------------------


class _Shape(ValueError):
    pass


def _field(data: Mapping[str, Any], name: str, where: str) -> Any:
    if name not in data:
        raise _Shape(f"{where}.{name} is missing")
    return data[name]


def _json_date(value: Any, where: str) -> date:
    if not isinstance(value, str):
        raise _Shape(f"{where} is not a date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Shape(f"{where} is not a date") from None


def _json_moment(value: Any, where: str) -> date:
    """The London date of a stored moment (ISO text with a timezone)."""
    if not isinstance(value, str):
        raise _Shape(f"{where} is not a moment")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Shape(f"{where} is not a moment") from None
    if moment.tzinfo is None:
        raise _Shape(f"{where} has no timezone")
    return london_date(moment.astimezone(UTC))


def _json_list(data: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise _Shape(f"{name} is not a list of records")
    return value


def _json_opt(data: Mapping[str, Any], name: str, where: str, kind: type) -> Any:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise _Shape(f"{where}.{name} has the wrong type")
    return value


_LINKS = frozenset(t.value for t in LinkType)
_ATTENDED = frozenset(a.value for a in Attended)
_STAGES = frozenset(s.value for s in Stage)
_ORGS = frozenset(o.value for o in OrgCode)


def _one_of(value: Any, allowed: frozenset[str], where: str) -> str:
    if value not in allowed:
        raise _Shape(f"{where} is not one of the known values")
    return str(value)


def facts_from_json(data: Mapping[str, Any]) -> ClientFacts:
    """The facts from a client record as JSON (``ClientRecord.model_dump(mode="json")``:
    the shape of each entry of ``fama export``'s ``clients``), without pydantic.

    Checks the fields it reads (types, dates, enum values) and raises ``ValueError`` naming
    the first one that is wrong; fields it does not read are not checked.
    """
    try:
        return _facts_from_json(data)
    except _Shape as exc:
        raise ValueError(f"A client record is not in the expected shape: {exc}.") from None


def _facts_from_json(data: Mapping[str, Any]) -> ClientFacts:
    client = _field(data, "client", "record")
    if not isinstance(client, Mapping):
        raise _Shape("client is not a record")
    code = _field(client, "code", "client")
    if not isinstance(code, str) or not code:
        raise _Shape("client.code is not text")
    discharged = client.get("discharged")
    substances = client.get("substances", [])
    if not isinstance(substances, list) or not all(isinstance(s, str) for s in substances):
        raise _Shape("client.substances is not a list of text")
    goals = []
    for goal in _json_list(data, "goals"):
        support = goal.get("support") or {}
        if not isinstance(support, Mapping):
            raise _Shape("goals.support is not a record")
        organisation = goal.get("organisation")
        goals.append(
            GoalFacts(
                id=_text_field(goal, "id", "goals"),
                created_on=_json_moment(_field(goal, "created_at", "goals"), "goals.created_at"),
                meeting_id=_json_opt(goal, "meeting_id", "goals", str),
                organisation=None
                if organisation is None
                else _one_of(organisation, _ORGS, "goals.organisation"),
                link=_one_of(support.get("link", _NONE_LINK), _LINKS, "goals.support.link"),
            )
        )
    follow_ups = []
    for review in _json_list(data, "reviews"):
        attended = _one_of(review.get("attended", "unknown"), _ATTENDED, "reviews.attended")
        meetings = _json_opt(review, "meetings_since_last", "reviews", int)
        helpfulness = _json_opt(review, "helpfulness", "reviews", int)
        goal_id = review.get("goal_id")
        if (
            goal_id is None
            and attended == Attended.UNKNOWN.value
            and meetings is None
            and helpfulness is None
        ):
            continue  # not a follow-up (Review.is_follow_up)
        on = _json_date(_field(review, "date", "reviews"), "reviews.date")
        follow_ups.append(FollowUpFacts(on, attended == Attended.YES.value, meetings, helpfulness))
    conversations = []
    in_conversations = []
    for talk in _json_list(data, "conversations"):
        stage = _one_of(
            talk.get("stage_reached", Stage.NOT_STARTED.value), _STAGES, "conversations.stage"
        )
        state = talk.get("state") or {}
        if not isinstance(state, Mapping):
            raise _Shape("conversations.state is not a record")
        started = _json_moment(
            _field(talk, "started_at", "conversations"), "conversations.started_at"
        )
        conversations.append(
            ConversationFacts(started, stage != Stage.NOT_STARTED.value, introduces(stage, state))
        )
        for event in _json_list(talk, "handouts"):
            if event.get("action") == HandoutAction.GIVEN.value:
                in_conversations.append(
                    (
                        _text_field(event, "handout_id", "conversations.handouts"),
                        _json_moment(_field(event, "at", "handouts"), "handouts.at"),
                    )
                )
    logged = [
        (
            _text_field(h, "handout_id", "handouts"),
            _json_date(_field(h, "given_on", "handouts"), "handouts.given_on"),
        )
        for h in _json_list(data, "handouts")
    ]
    return ClientFacts(
        code=code,
        episode_start=_json_date(_field(client, "episode_start", "client"), "client.episode_start"),
        discharged=None if discharged is None else _json_date(discharged, "client.discharged"),
        substances=tuple(substances),
        goals=tuple(goals),
        follow_ups=tuple(follow_ups),
        conversations=tuple(conversations),
        handouts=_handout_pairs(logged, in_conversations),
    )


def _text_field(data: Mapping[str, Any], name: str, where: str) -> str:
    value = _field(data, name, where)
    if not isinstance(value, str):
        raise _Shape(f"{where}.{name} is not text")
    return value


# --------------------------------------------------------------------------- counting


@dataclass
class _Tally:
    """Counts over every client of every store (only clients in treatment)."""

    in_treatment: int = 0
    read: int = 0
    introduced: int = 0
    connected: int = 0
    followed: int = 0
    discussed: int = 0
    conversations: int = 0
    conversation_clients: int = 0
    handouts: int = 0
    handout_clients: int = 0
    goals: int = 0
    linked: int = 0
    by_link: Counter[str] = field(default_factory=Counter)
    by_whom: Counter[str] = field(default_factory=Counter)
    by_organisation: Counter[str] = field(default_factory=Counter)
    by_substance: Counter[str] = field(default_factory=Counter)
    referred_followed: int = 0
    referred_attended: int = 0
    meetings: int = 0
    weeks: int = 0
    scores: list[int] = field(default_factory=list)
    named: int = 0
    dead: int = 0
    dead_reasons: Counter[str] = field(default_factory=Counter)


def _dead_end_reasons(meeting: Meeting | None) -> list[str]:
    if meeting is None:
        return [DEAD_MISSING]
    reasons = list(dict.fromkeys(flag.kind.value for flag in meeting.flags))
    if not meeting.active:
        reasons.append(DEAD_INACTIVE)
    if meeting.temporarily_closed:
        reasons.append(DEAD_CLOSED)
    return reasons


def _weeks(referral: date, last: date) -> int:
    """Whole weeks from referral to the last follow-up, to the nearest, at least 1."""
    return max(1, ((last - referral).days + 3) // 7)


def _count_client(
    facts: ClientFacts,
    period: Period,
    tally: _Tally,
    own: Mapping[str, Meeting],
    union: Mapping[str, Meeting],
) -> None:
    tally.read += 1
    if not facts.in_treatment(period):
        return
    start, end = period.start, period.end
    tally.in_treatment += 1

    held = [c for c in facts.conversations if c.held and start <= c.started_on <= end]
    goals = [g for g in facts.goals if start <= g.created_on <= end]
    follow_ups = [f for f in facts.follow_ups if start <= f.on <= end]
    handouts = [h for h in facts.handouts if start <= h[1] <= end]

    if held:
        tally.conversations += len(held)
        tally.conversation_clients += 1
        tally.introduced += any(c.introduces for c in held)
    if handouts:
        tally.handouts += len(handouts)
        tally.handout_clients += 1
    if follow_ups:
        tally.followed += 1
    if held or goals or follow_ups:
        tally.discussed += 1
    if not goals:
        return

    # Connected, referred (4.1, 4.2, 5.4) and the goals themselves (4.4, dead ends).
    tally.connected += 1
    tally.goals += len(goals)
    organisations: set[str] = set()
    for goal in goals:
        if goal.link != _NONE_LINK:
            tally.linked += 1
            tally.by_link[goal.link] += 1
            tally.by_whom[WHO[goal.link]] += 1
        meeting = None
        if goal.meeting_id is not None:
            meeting = own.get(goal.meeting_id) or union.get(goal.meeting_id)
            tally.named += 1
            reasons = _dead_end_reasons(meeting)
            if reasons:
                tally.dead += 1
                tally.dead_reasons.update(reasons)
        organisations.add(
            meeting.organisation.value if meeting is not None else goal.organisation or NOT_NAMED
        )
    tally.by_organisation.update(organisations)
    tally.by_substance.update(set(facts.substances or (NOT_RECORDED,)))

    # Followed up after the referral (5.5).
    referral = min(g.created_on for g in goals)
    since = [f for f in facts.follow_ups if referral <= f.on <= end]
    if not since:
        return
    tally.referred_followed += 1
    tally.referred_attended += any(f.attended for f in since)
    tally.meetings += sum(f.meetings or 0 for f in since)
    tally.weeks += _weeks(referral, max(f.on for f in since))
    tally.scores.extend(f.helpfulness for f in since if f.helpfulness is not None)


# --------------------------------------------------------------------------- the figures


def _ordered(counts: Mapping[str, int], order: Iterable[str]) -> dict[str, int]:
    """``counts`` in ``order``, then any other keys alphabetically; zeros left out."""
    known = [key for key in order if counts.get(key)]
    rest = sorted(key for key in counts if key not in set(known) and counts[key])
    return {key: counts[key] for key in [*known, *rest]}


ORG_ORDER = tuple(code.value for code in ORGANISATIONS)
DAY_NAMES = tuple(day.label for day in Weekday)


def _median(scores: Sequence[int]) -> float:
    """The middle score; of an even number, the mean of the middle two (6 and 7: 6.5).
    A whole median is an int, so that it reads "7", not "7.0"."""
    middle = statistics.median(scores)
    return int(middle) if float(middle).is_integer() else float(middle)


def _client_figures(tally: _Tally) -> list[Figure]:
    n = tally.in_treatment
    substances = [s.value for s in Substance]
    scores = sorted(tally.scores)
    spread = {"min": scores[0], "max": scores[-1], "median": _median(scores)} if scores else {}
    dead_order = [k.value for k in FlagKind] + [DEAD_INACTIVE, DEAD_CLOSED, DEAD_MISSING]
    return [
        Figure(
            "handouts_given",
            "Handouts given",
            tally.handouts,
            None,
            {"clients": tally.handout_clients},
        ),
        Figure(
            "clients_discussed",
            "Clients in treatment with mutual aid discussed (conversation, goal or follow-up)",
            tally.discussed,
            n,
        ),
        Figure(
            "stage_introduced", "Stage 1: clients introduced to mutual aid", tally.introduced, n
        ),
        Figure(
            "stage_connected",
            "Stage 2: clients connected with a care-planned goal",
            tally.connected,
            n,
        ),
        Figure("stage_followed_up", "Stage 3: clients followed up", tally.followed, n),
        Figure(
            "structured_conversations",
            "Structured FAMA conversations held",
            tally.conversations,
            None,
            {"clients": tally.conversation_clients},
        ),
        Figure(
            "clients_with_goal",
            "Clients in treatment with a care-planned goal about attending",
            tally.connected,
            n,
        ),
        Figure(
            "goals_with_link",
            "Goals with a person-to-person link or accompaniment",
            tally.linked,
            tally.goals,
            _ordered(tally.by_link, [t.value for t in LinkType]),
        ),
        Figure(
            "goals_link_by_whom",
            "Goals with a link, by who makes it",
            tally.linked,
            tally.goals,
            _ordered(tally.by_whom, dict.fromkeys(WHO.values())),
        ),
        Figure("referred", "Clients in treatment referred to mutual aid", tally.connected, n),
        Figure(
            "referred_by_organisation",
            "Clients referred, by organisation",
            tally.connected,
            n,
            _ordered(tally.by_organisation, [*ORG_ORDER, NOT_NAMED]),
        ),
        Figure(
            "referred_by_substance",
            "Clients referred, by substance",
            tally.connected,
            n,
            _ordered(tally.by_substance, [*substances, NOT_RECORDED]),
        ),
        Figure(
            "followed_up",
            "Referred clients followed up since their referral",
            tally.referred_followed,
            tally.connected,
        ),
        Figure(
            "attended",
            "Followed-up clients who went to a meeting",
            tally.referred_attended,
            tally.referred_followed,
        ),
        Figure(
            "meetings_per_week",
            "Meetings a week reported by followed-up clients (meetings over weeks)",
            tally.meetings,
            tally.weeks,
            {"clients": tally.referred_followed},
            is_share=False,
        ),
        Figure(
            "helpfulness",
            "Helpfulness reported at follow-up, 0-10 (sum over scores: the mean)",
            sum(scores),
            len(scores),
            spread,
            is_share=False,
            breakdown_is_count=False,
        ),
        Figure(
            "dead_end_referrals",
            "Referrals to a named meeting that was a dead end (flagged, closed or gone)",
            tally.dead,
            tally.named,
            _ordered(tally.dead_reasons, dead_order),
        ),
    ]


def _directory(
    meetings: Sequence[Meeting], sources: Sequence[SourceLike], today: date
) -> tuple[list[Figure], dict[str, dict[str, dict[str, int]]]]:
    running = [m for m in meetings if m.attendable]
    by_org = Counter(m.organisation.value for m in running)
    in_person = Counter(DAY_NAMES[m.weekday] for m in running if m.attendance in _IN_PERSON)
    any_mode = Counter(DAY_NAMES[m.weekday] for m in running)
    programmes = Counter(ORGANISATIONS[m.organisation].programme.value for m in running)

    fresh_since = today - timedelta(days=FRESH_DAYS)
    ages: dict[str, int] = {}
    fresh = 0
    for source in sources:
        checked = SourceFreshness(
            source.source, source.imported_at, source.last_verified
        ).last_checked()
        ages[source.source] = (today - checked).days if checked is not None else -1
        fresh += checked is not None and checked >= fresh_since

    annex1 = {org: {day: 0 for day in DAY_NAMES} for org in ORG_ORDER}
    annex2: dict[str, dict[str, int]] = {}
    for meeting in running:
        day = DAY_NAMES[meeting.weekday]
        annex1[meeting.organisation.value][day] += 1
        programme = ORGANISATIONS[meeting.organisation].programme
        if meeting.organisation is OrgCode.LOCAL or programme is Programme.LOCAL:
            row = annex2.setdefault(meeting.name, {d: 0 for d in DAY_NAMES})
            row[day] += 1

    figures = [
        Figure(
            "meetings_by_organisation",
            "Meetings running in the directory, by organisation",
            len(running),
            None,
            _ordered(by_org, ORG_ORDER),
        ),
        Figure(
            "sources_verified",
            f"Directory sources verified or imported in the last {FRESH_DAYS} days",
            fresh,
            len(sources),
            dict(sorted(ages.items())),
        ),
        Figure(
            "days_in_person",
            "Days of the week with an in-person (or hybrid) meeting",
            len(in_person),
            7,
            {day: in_person[day] for day in DAY_NAMES},
        ),
        Figure(
            "days_any_mode",
            "Days of the week with a meeting in person, online or by phone",
            len(any_mode),
            7,
            {day: any_mode[day] for day in DAY_NAMES},
        ),
        Figure(
            "programmes_available",
            "Programmes with a meeting running",
            len(programmes),
            None,
            _ordered(programmes, [p.value for p in Programme]),
        ),
    ]
    return figures, {"annex1": annex1, "annex2": dict(sorted(annex2.items()))}


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


def _staff(staff: Sequence[StaffMember], period: Period) -> list[Figure]:
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
                    _latest(seen.imported_at, info.imported_at),
                    _latest(seen.last_verified, info.last_verified),
                )
            )

    tally = _Tally()
    for source in sources:
        own = {m.id: m for m in source.meetings}
        for item in source.records:
            facts = item if isinstance(item, ClientFacts) else client_facts(item)
            _count_client(facts, period, tally, own, union)

    directory, annexes = _directory(list(union.values()), list(freshness.values()), today)
    figures = {
        f.name: f
        for f in [*directory, *_client_figures(tally), *_staff(list(staff.values()), period)]
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


_When = TypeVar("_When", date, datetime)


def _latest(a: _When | None, b: _When | None) -> _When | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


# --------------------------------------------------------------------------- ratings

IN_PLACE = "in place"
PARTLY = "partly in place"
NOT_IN_PLACE = "not in place"

SHARE_IN_PLACE = 0.5
"""5.4, 4.2, 2.3: at least this share of clients in treatment suggests "in place"..."""
SHARE_PARTLY = 0.2
"""...and at least this share "partly in place"."""
FRESH_IN_PLACE = 0.8
"""1.1, 1.2: this share of directory sources checked in the last 90 days is "in place"."""
FOLLOWED_IN_PLACE = 0.75
"""5.5: this share of referred clients followed up (with helpfulness asked) is "in place"."""
TRAINED_IN_PLACE = 0.75
"""3.6: this share of active staff trained in FAMA is "in place"."""


def _share(figure: Figure) -> float:
    return figure.value or 0.0


def _by_share(figure: Figure, in_place: float, partly: float) -> str:
    """In place at ``in_place`` or more, partly at ``partly`` or more (above 0 when
    ``partly`` is 0), else not in place."""
    share = _share(figure)
    if share >= in_place:
        return IN_PLACE
    if share >= partly and (partly > 0 or figure.numerator > 0):
        return PARTLY
    return NOT_IN_PLACE


def suggest_rating(item_id: str, evidence: Evidence) -> str | None:
    """A rating the figures suggest for an item, or None when they suggest none.

    One of :data:`IN_PLACE`, :data:`PARTLY` or :data:`NOT_IN_PLACE`. The lead may override
    it. None for an item without figures, and when the figures have nothing to go on (no
    clients in treatment, no referrals, no active staff). The rules:

    * 1.1 and 1.2 (the directory is kept and known): not in place with no running meeting;
      in place when at least 80 % of sources were verified or imported in the last 90 days,
      else partly.
    * 1.4 (seven-day access): in place with an in-person meeting every day; partly with a
      meeting of any kind every day, or in person on at least 5 days; else not in place.
    * 1.5 (choice): in place with both 12-step and SMART meetings running; partly with
      one programme; not in place with none.
    * 2.2 (literature): of clients with mutual aid discussed, those given a handout: in
      place at 50 %, partly above 0.
    * 2.3 (discussed) and 5.4 (referred): in place at 50 % of clients in treatment, partly
      at 20 %.
    * 3.5 (insight visits): of active staff, those with a visit in the period: in place at
      50 %, partly above 0.
    * 3.6 (training): active staff trained in FAMA: in place at 75 %, partly above 0.
    * 4.3 (protocol-based training): in place with someone trained in 12-step facilitation
      and someone in SMART facilitation; partly with either.
    * 4.1 (the three stages): in place when all three stages happened in the period and
      at least half the clients introduced were connected; partly when any stage did.
    * 4.2 (conversations and goals): as 5.4 on clients with a goal, but at most partly when
      no structured conversation was held.
    * 4.4 (accompaniment): of goals created, those with a link: in place at 50 %, partly
      above 0.
    * 5.5 (follow-up): in place when at least 75 % of referred clients were followed up
      and helpfulness was asked; partly when anyone was followed up.
    """
    f = evidence.figures
    clients = f["referred"].denominator or 0
    if item_id in ("1.1", "1.2"):
        if f["meetings_by_organisation"].numerator == 0:
            return NOT_IN_PLACE
        return IN_PLACE if _share(f["sources_verified"]) >= FRESH_IN_PLACE else PARTLY
    if item_id == "1.4":
        in_person, any_mode = f["days_in_person"].numerator, f["days_any_mode"].numerator
        if in_person == 7:
            return IN_PLACE
        return PARTLY if any_mode == 7 or in_person >= 5 else NOT_IN_PLACE
    if item_id == "1.5":
        programmes = f["programmes_available"].breakdown
        if programmes.get(Programme.TWELVE_STEP.value) and programmes.get(Programme.SMART.value):
            return IN_PLACE
        return PARTLY if f["programmes_available"].numerator else NOT_IN_PLACE
    if item_id == "2.2":
        discussed = f["clients_discussed"].numerator
        if not discussed:
            return None
        given = Figure("", "", int(f["handouts_given"].breakdown.get("clients", 0)), discussed)
        return _by_share(given, SHARE_IN_PLACE, 0)
    if item_id in ("2.3", "5.4"):
        name = "clients_discussed" if item_id == "2.3" else "referred"
        return _by_share(f[name], SHARE_IN_PLACE, SHARE_PARTLY) if clients else None
    if item_id == "3.5":
        visits = f["staff_insight_visits"].breakdown
        active = int(visits.get("active staff", 0))
        if not active:
            return None
        return _by_share(Figure("", "", int(visits.get("staff", 0)), active), SHARE_IN_PLACE, 0)
    if item_id == "3.6":
        trained = f["staff_trained_fama"]
        return _by_share(trained, TRAINED_IN_PLACE, 0) if trained.denominator else None
    if item_id == "4.3":
        twelve, smart = f["staff_trained_twelve_step"], f["staff_trained_smart"]
        if not twelve.denominator:
            return None
        if twelve.numerator and smart.numerator:
            return IN_PLACE
        return PARTLY if twelve.numerator or smart.numerator else NOT_IN_PLACE
    if item_id == "4.1":
        if not clients:
            return None
        introduced = f["stage_introduced"].numerator
        connected = f["stage_connected"].numerator
        followed = f["stage_followed_up"].numerator
        if introduced and followed and connected >= SHARE_IN_PLACE * introduced:
            return IN_PLACE
        return PARTLY if introduced or connected or followed else NOT_IN_PLACE
    if item_id == "4.2":
        if not clients:
            return None
        rating = _by_share(f["clients_with_goal"], SHARE_IN_PLACE, SHARE_PARTLY)
        if rating == IN_PLACE and not f["structured_conversations"].numerator:
            return PARTLY
        return rating
    if item_id == "4.4":
        linked = f["goals_with_link"]
        return _by_share(linked, SHARE_IN_PLACE, 0) if linked.denominator else None
    if item_id == "5.5":
        after = f["followed_up"]
        if not after.denominator:
            return None
        if _share(after) >= FOLLOWED_IN_PLACE and f["helpfulness"].denominator:
            return IN_PLACE
        return PARTLY if after.numerator else NOT_IN_PLACE
    return None
