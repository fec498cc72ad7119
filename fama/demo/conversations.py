"""The demo's conversations, as the keyworker would have answered them, session by session.

Each is played through the real engine (``fama.conversation``) and saved with
``apply_outcome``, exactly as the conversation screen would have saved it, so its
transcript, its resumable state and what it recorded on the client (stage, profile, goal,
next review) all line up, and the app resumes it at the step where it stopped.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple

from fama.conversation import Context, GoalAnswer, Script, answer, start
from fama.conversation.apply import apply_outcome
from fama.demo.contacts import build_contacts, contact_id
from fama.demo.days import Offset, Q, moment, session_day
from fama.demo.goals import GOALS, GoalRow, build_goal, goal_closed_on, goal_id
from fama.demo.meetings import meeting_id
from fama.demo.people import ClientRow
from fama.directory.handover import linked_person
from fama.models import (
    ClientRecord,
    Conversation,
    Goal,
    HandoutAction,
    HandoutEvent,
    Meeting,
    Stage,
)


class _Goal(NamedTuple):
    """The goal form's answer, taken from the ``GOALS`` row with this number: the engine
    creates that goal (in place of the hand-written one) and the demo gives it its id."""

    num: int


class _NextReview(NamedTuple):
    """A date answer: the day of the client's next care-plan review (``CLIENTS`` row)."""


class _Call(NamedTuple):
    """A call made in the session to a register contact (the demo's ``contacts``)."""

    contact: str
    outcome: str
    where: str = ""
    when: str = ""


_Answer = str | int | tuple[str, ...] | tuple[_Call, ...] | _Goal | _NextReview | None
"""An answer as the keyworker would give it; None for an info step or a skipped one."""


class _Session(NamedTuple):
    on: Offset
    """Moved to a working day like every keywork session."""
    answers: tuple[tuple[str, _Answer], ...]
    """(the step the engine must be at, the answer), in order, from 10:00, two minutes apart."""


class _V(NamedTuple):
    num: int
    client: str
    sessions: tuple[_Session, ...]
    handouts: tuple[tuple[str, str, HandoutAction], ...] = ()
    """(the step whose answer brought it up, handout id, action): logged a minute later."""


_SKIP = None

# fmt: off
CONVERSATIONS: tuple[_V, ...] = (
    # A family member: stage 1 two weeks ago, then stage 2 yesterday, when Linda from
    # Al-Anon was phoned in the session. Finished; the goal is demo-goal-11.
    _V(1, "KB-1063", (
        _Session(-14, (
            ("fam_raise", "yes"),
            ("fam_hopes", "To talk to people who live with it too. I'm scared he'll find "
                          "out, and of crying in front of strangers."),
            ("fam_options", None),
            ("fam_interest", 7),
            ("fam_ready", "yes"),
            ("fam_programmes", ("twelve_step", "smart")),
        )),
        _Session(-1, (
            ("s1_days", ("mon", "thu")),
            ("s1_times", _SKIP),
            ("s1_attendance", _SKIP),
            ("s1_audience", ()),
            ("s1_access", ()),
            ("s1_travel", _SKIP),
            ("s2_meetings", (meeting_id("alanon-01"),)),
            ("s2_goal", _Goal(11)),
            ("s2_link", "volunteer_phoned"),
            ("s2_consent", "yes"),
            ("s2_call", (_Call("linda", "reached", "at the door", "Thursday 19:15"),)),
            ("s2_travel", _SKIP),
            ("s2_barriers", "If I can't get out that night, join Al-Anon online on the "
                            "Monday instead."),
            ("s2_plan", None),
        )),
    ), (("fam_hopes", "family-and-friends", HandoutAction.GIVEN),
        ("s2_plan", "your-first-meeting", HandoutAction.GIVEN))),
    # Through stage 1 last week; wants to think about it before looking for a meeting.
    # In progress: stopped at "Shall we look for a meeting you could try?".
    _V(2, "KB-1071", (
        _Session(-7, (
            ("s1_raise", "yes"),
            ("s1_past", "none"),
            ("s1_know", "Not much. Thought AA was all old blokes and God."),
            ("s1_hopes", "Somewhere to go on the nights I'd be out. Worried it's religious "
                         "and that I'd have to speak."),
            ("s1_options", None),
            ("s1_interest", 6),
        )),
    ), (("s1_hopes", "god-and-religion", HandoutAction.GIVEN),
        ("s1_hopes", "you-dont-have-to-speak", HandoutAction.SHOWN))),
    # Said no for now, which is respected: stage stays "not started", and the keyworker
    # comes back to it at the next review. Finished.
    _V(3, "KB-1088", (
        _Session(-5, (
            ("s1_raise", "no"),
            ("declined", "Wants to get the cannabis down first; might think about it once "
                         "college settles."),
            ("declined_revisit", _NextReview()),
        )),
    )),
    # In progress: stopped at the hopes and worries step.
    _V(4, "KB-1125", (
        _Session(-5, (
            ("s1_raise", "yes"),
            ("s1_past", "none"),
            ("s1_know", "My dad went to AA. It didn't stop him."),
        )),
    )),
    # Stage 1 and most of stage 2 three days ago: Friday Night CA, with Dan walking over
    # from the Hub (the goal is demo-goal-12). In progress: stopped at "What might stop
    # you going?".
    _V(5, "KB-1136", (
        _Session(-3, (
            ("s1_raise", "yes"),
            ("s1_past", "none"),
            ("s1_know", "Heard of NA. Didn't know there was one just for crack and coke."),
            ("s1_hopes", "People who've been where I am. Worried about bumping into someone "
                         "I used with."),
            ("s1_options", None),
            ("s1_interest", 8),
            ("s1_ready", "yes"),
            ("s1_programmes", ("twelve_step",)),
            ("s1_days", ("fri", "sat")),
            ("s1_times", "any"),
            ("s1_attendance", _SKIP),
            ("s1_audience", ()),
            ("s1_access", ()),
            ("s1_travel", _SKIP),
            ("s2_meetings", (meeting_id("ca-01"),)),
            ("s2_goal", _Goal(12)),
            ("s2_link", "staff_goes"),
            ("s2_consent", "yes"),
            ("s2_call", ()),
            ("s2_person", "Dan, keyworker"),
            ("s2_travel", "Meet Dan at the Hub at 19:00 and walk over together."),
        )),
    ), (("s1_hopes", "who-goes", HandoutAction.SHOWN),
        ("s2_meetings", "twelve-step-meeting", HandoutAction.GIVEN))),
    # Last quarter: stage 1 and 2 in one session, for the Wednesday NA meeting on his own
    # (goal demo-goal-04; he did not get there, and a volunteer was linked at the follow-up).
    _V(7, "KB-1057", (
        _Session(Q(30), (
            ("s1_raise", "yes"),
            ("s1_past", "helped"),
            ("s1_past_what", "Went to NA H&I meetings in prison; it helped while inside."),
            ("s1_know", "Knows NA from inside. Not sure about meetings out here."),
            ("s1_hopes", "Staying out of trouble. Worried I'll see people I used with."),
            ("s1_options", None),
            ("s1_interest", 6),
            ("s1_ready", "yes"),
            ("s1_programmes", ("twelve_step",)),
            ("s1_days", ()),
            ("s1_times", _SKIP),
            ("s1_attendance", _SKIP),
            ("s1_audience", ()),
            ("s1_access", ()),
            ("s1_travel", _SKIP),
            ("s2_meetings", (meeting_id("na-03"),)),
            ("s2_goal", _Goal(4)),
            ("s2_link", "none"),
            ("s2_travel", _SKIP),
            ("s2_barriers", "If I feel like not going, ring the service first."),
            ("s2_plan", None),
        )),
    ), (("s1_hopes", "anonymity", HandoutAction.GIVEN),)),
    # Last quarter: women's AA on Saturday mornings, with Priya meeting her at the door
    # (goal demo-goal-06, achieved at the follow-up).
    _V(8, "KB-1094", (
        _Session(Q(40), (
            ("s1_raise", "yes"),
            ("s1_past", "none"),
            ("s1_know", "Nothing really."),
            ("s1_hopes", "Other women who've been there. Worried about the kids on a "
                         "Saturday and that it's all old men."),
            ("s1_options", None),
            ("s1_interest", 8),
            ("s1_ready", "yes"),
            ("s1_programmes", ("twelve_step",)),
            ("s1_days", ("sat", "sun")),
            ("s1_times", _SKIP),
            ("s1_attendance", _SKIP),
            ("s1_audience", ("women",)),
            ("s1_access", ("children",)),
            ("s1_travel", _SKIP),
            ("s2_meetings", (meeting_id("aa-15"),)),
            ("s2_goal", _Goal(6)),
            ("s2_link", "staff_meets"),
            ("s2_consent", "yes"),
            ("s2_call", ()),
            ("s2_person", "Priya, keyworker"),
            ("s2_travel", "Walk down with the kids; they can use the play corner."),
            ("s2_barriers", "If the kids are poorly, ring Priya and go the week after."),
            ("s2_plan", None),
        )),
    ), (("s1_hopes", "who-goes", HandoutAction.GIVEN),)),
    # Went to NA once and it didn't suit. In progress: stopped at the interest scale.
    _V(6, "KB-1140", (
        _Session(-4, (
            ("s1_raise", "yes"),
            ("s1_past", "did_not_suit"),
            ("s1_past_what", "Went to a general NA meeting; did not feel able to talk about "
                             "chemsex there."),
            ("s1_know", "There's CMA online, a mate said."),
            ("s1_hopes", "Somewhere I won't be judged about chemsex. Online, camera off."),
            ("s1_options", None),
        )),
    ), (("s1_hopes", "one-bad-meeting", HandoutAction.SHOWN),
        ("s1_hopes", "online-and-phone", HandoutAction.GIVEN))),
)
# fmt: on

CONVERSATION_GOALS = frozenset(
    answer.num
    for row in CONVERSATIONS
    for session in row.sessions
    for _, answer in session.answers
    if isinstance(answer, _Goal)
)
"""Goals the conversations create: the records take them from the engine, not ``GOALS``."""

_GOAL_ROWS = {row.num: row for row in GOALS}


def _open_goal_ids(record: ClientRecord, before: datetime) -> list[str]:
    """As ``fama.casebook.conversation.open_goal_ids`` (which would import the store), for
    the goals agreed before ``before``: a conversation of last quarter knew nothing later."""
    goals = sorted(
        (g for g in record.goals if g.status.is_open and g.created_at < before),
        key=lambda g: g.target_date,
    )
    return [g.id for g in goals]


def _goal_answer(row: GoalRow, meetings: dict[str, Meeting], today: date) -> GoalAnswer:
    goal = build_goal(row, "JB", meetings, today)  # only its wording and dates are used
    return GoalAnswer(
        wording=goal.wording,
        target_date=goal.target_date,
        review_date=goal.review_date,
        organisation=goal.organisation.value if goal.organisation else None,
    )


def _call_answer(call: _Call) -> dict[str, str]:
    """A demo call as the call step's answer, named as the register names the contact."""
    register = build_contacts(date(2026, 1, 1))  # the date sets when it was checked, not names
    contact = next(c for c in register if c.id == contact_id(call.contact))
    return {
        "contact_id": contact.id,
        "outcome": call.outcome,
        "name": linked_person(contact),
        "meet_where": call.where,
        "meet_when": call.when,
    }


def _engine_answer(
    value: _Answer, client: ClientRow, meetings: dict[str, Meeting], today: date
) -> object:
    if isinstance(value, _Goal):
        return _goal_answer(_GOAL_ROWS[value.num], meetings, today).to_dict()
    if isinstance(value, _NextReview):
        assert client.next_review is not None
        return session_day(today, client.next_review).isoformat()
    if isinstance(value, tuple):
        return [_call_answer(v) if isinstance(v, _Call) else v for v in value]
    return value


def _rename_goal(
    record: ClientRecord,
    conversation: Conversation,
    before: ClientRecord,
    row: GoalRow,
    today: date,
) -> tuple[ClientRecord, Conversation]:
    """Give the goal the engine just created (with a random id) the demo's fixed id, and the
    state its row says it reached later (a goal of last quarter was followed up since)."""
    new_id = goal_id(row.num)
    old_ids = {g.id for g in before.goals}
    (created,) = [g for g in record.goals if g.id not in old_ids]
    later: dict[str, object] = {"id": new_id, "meetings_planned": row.planned}
    if not row.status.is_open:
        later.update(status=row.status, closed_on=goal_closed_on(row.num, today))
    goals = [
        Goal.model_validate({**g.model_dump(), **later}) if g is created else g
        for g in record.goals
    ]
    state = dict(conversation.state)
    state["records"] = {
        origin: {**entry, "goals": [new_id if i == created.id else i for i in entry["goals"]]}
        for origin, entry in state["records"].items()
    }
    conversation = conversation.model_copy(update={"state": state})
    conversations = [conversation if c.id == conversation.id else c for c in record.conversations]
    return record.model_copy(update={"goals": goals, "conversations": conversations}), conversation


def converse(
    row: _V,
    client_row: ClientRow,
    record: ClientRecord,
    script: Script,
    meetings: dict[str, Meeting],
    today: date,
) -> ClientRecord:
    """Play one demo conversation through the engine, saving every answer as the app does."""
    client = record.client
    started = moment(session_day(today, row.sessions[0].on), 10, 0)
    state = start(script, Context.from_client(client, _open_goal_ids(record, before=started)))
    conversation = Conversation(
        id=f"demo-conversation-{row.num:02d}",
        client_code=client.code,
        keyworker=client.keyworker,
        started_at=started,
        updated_at=started,
        stage_reached=Stage.NOT_STARTED,
        state={**state.to_dict(), "stage_before": client.stage.value},
    )
    record = record.model_copy(update={"conversations": [*record.conversations, conversation]})
    answered_at: dict[str, datetime] = {}
    for session in row.sessions:
        day = session_day(today, session.on)
        for i, (step_id, value) in enumerate(session.answers):
            if state.step != step_id:
                raise ValueError(
                    f"Demo conversation {row.num} expected step {step_id!r} but the script "
                    f"is at {state.step!r}."
                )
            now = moment(day, 10, 2 * (i + 1))
            outcome = answer(
                script, state, _engine_answer(value, client_row, meetings, today), today=day
            )
            before = record
            record, conversation = apply_outcome(
                record, conversation, outcome, now=now, keyworker=client.keyworker
            )
            if isinstance(value, _Goal):
                record, conversation = _rename_goal(
                    record, conversation, before, _GOAL_ROWS[value.num], today
                )
            state = outcome.state
            answered_at[step_id] = now
    handouts = [
        HandoutEvent(
            handout_id=handout,
            action=action,
            at=answered_at[step_id] + timedelta(minutes=1, seconds=i),
        )
        for i, (step_id, handout, action) in enumerate(row.handouts)
    ]
    conversation = conversation.model_copy(
        update={
            "handouts": handouts,
            "updated_at": max([conversation.updated_at] + [h.at for h in handouts]),
        }
    )
    conversations = [conversation if c.id == conversation.id else c for c in record.conversations]
    return record.model_copy(update={"conversations": conversations})
