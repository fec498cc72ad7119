"""What the self-assessment figures read from one client's record: :class:`ClientFacts`.

Each client record is boiled down once to these few fields and then counted, so nothing per
client is kept. :func:`client_facts` makes them from a loaded record; :func:`facts_from_json`
from a record's JSON (the shape ``fama export`` writes, and the store's own files), without
pydantic. Moments count on their Europe/London date (see :mod:`fama.assessment.evidence`).
A service's figures make hundreds of thousands of the small facts (a goal, a follow-up, a
conversation), so those are named tuples, about three times quicker to make than frozen
dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from fama.assessment.period import Period, london_date
from fama.models.conversation import HandoutAction
from fama.models.goal import LinkType
from fama.models.organisations import OrgCode
from fama.models.record import ClientRecord
from fama.models.review import Attended, Handover
from fama.models.vocab import Stage

__all__ = [
    "ClientFacts",
    "ConversationFacts",
    "FollowUpFacts",
    "GoalFacts",
    "client_facts",
    "facts_from_json",
    "introduces",
]

_NONE_LINK = LinkType.NONE.value


class GoalFacts(NamedTuple):
    """What the figures read of one goal."""

    id: str
    created_on: date
    """London date of ``created_at``."""
    meeting_id: str | None
    organisation: str | None
    """An :class:`OrgCode` value."""
    link: str
    """A :class:`LinkType` value."""


class FollowUpFacts(NamedTuple):
    """What the figures read of one follow-up."""

    on: date
    attended: bool
    """The client said they went (``attended`` is "yes")."""
    meetings: int | None
    helpfulness: int | None
    linked: bool = False
    """About a goal that has a person-to-person link (its support's link is not "none")."""
    handover: str | None = None
    """A :class:`Handover` value: whether the linked person met the client or went with
    them; None when it was not asked, or the goal has no link."""


class ConversationFacts(NamedTuple):
    """What the figures read of one conversation."""

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
    calls: tuple[tuple[date, str], ...] = ()
    """(day, who rang) of every call made to a contact in the register, on any goal, in
    order; calls whose caller was not recorded are left out."""

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
    linked = {g.id for g in record.goals if g.support.link is not LinkType.NONE}
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
            FollowUpFacts(
                r.date,
                r.attended is Attended.YES,
                r.meetings_since_last,
                r.helpfulness,
                r.goal_id in linked,
                r.handover.value if r.handover is not None and r.goal_id in linked else None,
            )
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
        calls=tuple(
            (c.called_on, c.called_by) for g in record.goals for c in g.support.calls if c.called_by
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
_HANDOVERS = frozenset(h.value for h in Handover)


def _one_of(value: Any, allowed: frozenset[str], where: str) -> str:
    if not isinstance(value, str) or value not in allowed:
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
    calls = []
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
        for call in _json_list(support, "calls"):
            by = _json_opt(call, "called_by", "goals.support.calls", str)
            if by:
                on = _field(call, "called_on", "goals.support.calls")
                calls.append((_json_date(on, "goals.support.calls.called_on"), by))
    linked = {g.id for g in goals if g.link != _NONE_LINK}
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
        handover = review.get("handover")
        if handover is not None:
            handover = _one_of(handover, _HANDOVERS, "reviews.handover")
        about_linked = isinstance(goal_id, str) and goal_id in linked
        follow_ups.append(
            FollowUpFacts(
                on,
                attended == Attended.YES.value,
                meetings,
                helpfulness,
                about_linked,
                handover if about_linked else None,
            )
        )
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
        calls=tuple(calls),
    )


def _text_field(data: Mapping[str, Any], name: str, where: str) -> str:
    value = _field(data, name, where)
    if not isinstance(value, str):
        raise _Shape(f"{where}.{name} is not text")
    return value
