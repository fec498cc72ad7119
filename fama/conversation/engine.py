"""The conversation engine: state + answer -> next step + the records to save.

Pure and deterministic: no Textual, no store, no clock (``today`` is an argument). The
caller (the conversation screen, through the casebook) applies the returned :class:`Effect`
records and saves :meth:`ConversationState.to_dict` in ``Conversation.state`` after every
answer, so a conversation resumes at the same step after a quit or a crash.

Going back one step and answering again produces effects with the same ``origin`` as the
first time: the caller replaces what that origin recorded (for example the goal) rather
than adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from fama.conversation import effects as fx
from fama.conversation.answers import (
    AnswerError,
    FollowUpAnswer,
    GoalAnswer,
    _as_date,
    _as_int,
    check_ahead,
)
from fama.conversation.calls import PlanContactAnswer, calls_in_words, linked_by, parse_calls
from fama.conversation.script import END, AnswerKind, BranchWhen, Choice, Script, ScriptError, Step
from fama.conversation.state import Context, ConversationState, Stored, Visit
from fama.conversation.targets import TARGETS
from fama.models.client import PriorExperience
from fama.models.goal import LinkType
from fama.models.review import Attended, NextStep
from fama.models.vocab import AccessNeed, Attendance, Audience, Programme, Stage, Weekday

STAGES = {1: Stage.INTRODUCE, 2: Stage.CONNECT, 3: Stage.FOLLOW_UP}

TurnAnswer = str | int | list[str] | None
"""An answer as the transcript shows it (``fama.models.Turn.answer``)."""


@dataclass(frozen=True)
class Outcome:
    """What answering a step gives: the new state, the next step, and the effects to apply."""

    state: ConversationState
    step: Step | None
    """The next step to show, or None at the end."""
    effects: tuple[fx.Effect, ...]
    answered: Step
    turn_answer: TurnAnswer
    """The answer in words, for the transcript (``Turn.answer``)."""


# --------------------------------------------------------------------------- operations


def start(script: Script, context: Context) -> ConversationState:
    """A new conversation at the first start step whose condition holds for this client."""
    for step_id in script.start:
        if context.holds(script.step(step_id).when):
            return ConversationState(step=step_id, context=context)
    raise ScriptError("No start step applies to this client.")  # parse_script prevents this


def current(script: Script, state: ConversationState) -> Step | None:
    """The step being asked, or None when the conversation has finished."""
    return None if state.finished else script.step(state.step)


def back(script: Script, state: ConversationState) -> ConversationState:
    """Go back one step (its answer is forgotten). At the first step, nothing changes."""
    if not state.path:
        return state
    last = state.path[-1]
    script.step(last.step_id)
    return ConversationState(step=last.step_id, path=state.path[:-1], context=state.context)


def resume(script: Script, data: Mapping[str, Any]) -> ConversationState:
    """Rebuild the state saved in ``Conversation.state``, refusing one this script cannot
    continue (a step renamed or removed since it was saved)."""
    state = ConversationState.from_dict(data)
    for step_id in [state.step, *(v.step_id for v in state.path)]:
        if step_id != END and step_id not in script:
            raise ScriptError(
                f"The saved conversation refers to step {step_id!r}, which the conversation "
                "script no longer has. Start the conversation again."
            )
    return state


def answer(script: Script, state: ConversationState, value: object, *, today: date) -> Outcome:
    """Record ``value`` as the answer to the current step and move on.

    Raises :class:`AnswerError` with one plain message when the answer cannot be accepted;
    the state is unchanged then.
    """
    if state.finished:
        raise AnswerError("The conversation has finished.")
    step = script.step(state.step)
    stored, chosen, words = _normalise(step, value, state.context, today)
    nxt = _next_step(step, chosen, stored)
    origin = f"{step.id}@{len(state.path)}"
    effects = list(_record(script, step, stored, chosen, state, origin))
    # The stage of the step being shown was announced when the conversation moved to it
    # (or is announced now, at the first answer).
    before = max(state.stage_reached(script), step.stage) if state.path else 0
    after = max(before, step.stage, script.step(nxt).stage if nxt != END else 0)
    if after > before:
        effects.insert(0, fx.SetStage(STAGES[after]))
    new_state = ConversationState(
        step=nxt, path=(*state.path, Visit(step.id, stored)), context=state.context
    )
    return Outcome(
        state=new_state,
        step=current(script, new_state),
        effects=tuple(effects),
        answered=step,
        turn_answer=words,
    )


def _next_step(step: Step, chosen: Sequence[Choice], stored: Stored) -> str:
    if step.kind is AnswerKind.QUICK_REPLY and chosen and chosen[0].next is not None:
        return chosen[0].next
    if step.kind is AnswerKind.CONTACT_CALL:
        for branch in step.branches:
            if branch.when is BranchWhen.NOBODY_LINKED and not linked_by(stored):
                return branch.next
    elif step.branches and isinstance(stored, list):
        follow_ups = [FollowUpAnswer.parse(item) for item in stored]
        for branch in step.branches:
            if branch_holds(branch.when, follow_ups):
                return branch.next
    assert step.next is not None, step.id  # parse_script guarantees a route
    return step.next


def _empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Sequence | Mapping):
        return len(value) == 0
    return False


_NEEDED = "This question needs an answer before you move on."


def _normalise(
    step: Step, value: object, context: Context, today: date
) -> tuple[Stored, list[Choice], TurnAnswer]:
    """Check an answer: (stored form, choices picked, words for the transcript)."""
    kind = step.kind
    if kind is AnswerKind.INFO:
        return None, [], None
    if _empty(value) and kind is not AnswerKind.FOLLOW_UP_FORM:
        if step.required:
            raise AnswerError(_NEEDED)
        if kind in (AnswerKind.CHOICES, AnswerKind.MEETING_CHOICE):
            return [], [], []
        return None, [], None
    if kind is AnswerKind.QUICK_REPLY:
        choice = _pick(step, value)
        return choice.key, [choice], choice.label
    if kind is AnswerKind.CHOICES:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, Iterable):
            raise AnswerError("Pick one or more of the choices.")
        picked = list({c.key: c for c in (_pick(step, item) for item in items)}.values())
        return [c.key for c in picked], picked, [c.label for c in picked]
    if kind is AnswerKind.SCALE:
        score = _as_int(value)
        if score is None or not 0 <= score <= 10:
            raise AnswerError("Enter a whole number from 0 to 10.")
        return score, [], score
    if kind is AnswerKind.TEXT:
        if not isinstance(value, str):
            raise AnswerError("Type the answer as text.")
        text = value.strip()
        limit = min((TARGETS[t].max_length for t in step.records), default=2000)
        if len(text) > limit:
            raise AnswerError(f"Keep this answer under {limit} characters.")
        return text, [], text
    if kind is AnswerKind.DATE:
        day = _as_date(value, "date")
        check_ahead(day, today, "date")
        return day.isoformat(), [], day.isoformat()
    if kind is AnswerKind.MEETING_CHOICE:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, Iterable):
            raise AnswerError("Choose one or more meetings.")
        ids = list(dict.fromkeys(str(i).strip() for i in items if str(i).strip()))
        if not ids and step.required:
            raise AnswerError(_NEEDED)
        return ids, [], ids
    if kind is AnswerKind.GOAL_FORM:
        goal = GoalAnswer.parse(value)
        goal.check(today)
        assert goal.review_date is not None  # GoalAnswer.check requires it
        words = (
            f"{goal.wording} (by {goal.target_date.isoformat()}, talk about it "
            f"{goal.review_date.isoformat()})"
        )
        return goal.to_dict(), [], words
    if kind is AnswerKind.CONTACT_CALL:
        calls = parse_calls(value)
        if not calls:
            return None, [], None
        return [c.to_dict() for c in calls], [], calls_in_words(calls)
    if kind is AnswerKind.CONTACT_ON_PLAN:
        chosen_contact = PlanContactAnswer.parse(value)
        if chosen_contact is None:
            return None, [], "no name on the plan"
        words = f"{chosen_contact.name or 'the contact'} named on the plan"
        return chosen_contact.to_dict(), [], words
    if kind is AnswerKind.FOLLOW_UP_FORM:
        follow_ups = _follow_ups(value, context, required=step.required)
        for number, follow_up in enumerate(follow_ups, start=1):
            follow_up.check(today, f"Goal {number}")
        words = "; ".join(
            f"went: {f.attended.value}"
            + (_meetings_words(f.meetings_since_last) if f.meetings_since_last is not None else "")
            + (f", helpful {f.helpfulness}/10" if f.helpfulness is not None else "")
            + (f", next: {f.next_step.value}" if f.next_step else "")
            + (f", talk again {f.talk_again_on.isoformat()}" if f.talk_again_on else "")
            for f in follow_ups
        )
        return [f.to_dict() for f in follow_ups], [], words or None
    raise AssertionError(kind)  # pragma: no cover


HELPS_FROM = 5
"""A helpfulness score from this up counts as "it helps" (0-10)."""


def branch_holds(when: BranchWhen, follow_ups: Sequence[FollowUpAnswer]) -> bool:
    """Does the follow-up form's answer send the conversation down this branch?"""
    steps = {f.next_step or NextStep.CARRY_ON for f in follow_ups}
    if when is BranchWhen.CHOSE_ANOTHER_MEETING:
        return NextStep.TRY_ANOTHER_MEETING in steps
    if when is BranchWhen.CHOSE_ANOTHER_PROGRAMME:
        return NextStep.TRY_ANOTHER_PROGRAMME in steps
    if when is BranchWhen.CHOSE_RELINK:
        return NextStep.RELINK in steps
    return bool(follow_ups) and all(
        f.attended is Attended.YES
        and (f.next_step or NextStep.CARRY_ON) is NextStep.CARRY_ON
        and (f.helpfulness is None or f.helpfulness >= HELPS_FROM)
        for f in follow_ups
    )


def _meetings_words(count: int) -> str:
    return f", {count} meeting{'' if count == 1 else 's'}"


def _pick(step: Step, value: object) -> Choice:
    key = str(value).strip()
    choice = step.choice(key)
    if choice is None:
        keys = ", ".join(c.key for c in step.choices)
        raise AnswerError(f"{key!r} is not one of the choices ({keys}).")
    return choice


def _follow_ups(value: object, context: Context, *, required: bool) -> list[FollowUpAnswer]:
    if value is None:
        items: list[object] = []
    elif isinstance(value, FollowUpAnswer | Mapping):
        items = [value]
    elif isinstance(value, Sequence) and not isinstance(value, str):
        items = list(value)
    else:
        raise AnswerError("Fill in the follow-up for each open goal.")
    follow_ups = [FollowUpAnswer.parse(item) for item in items]
    ids = [f.goal_id for f in follow_ups]
    for goal_id in ids:
        if goal_id not in context.open_goals:
            raise AnswerError(f"Goal {goal_id!r} is not one of the client's open goals.")
        if ids.count(goal_id) > 1:
            raise AnswerError("Each open goal is followed up once.")
    missing = [g for g in context.open_goals if g not in ids]
    if required and missing:
        raise AnswerError(f"Fill in the follow-up for every open goal ({len(missing)} left).")
    order = {g: i for i, g in enumerate(context.open_goals)}
    return sorted(follow_ups, key=lambda f: order[f.goal_id])


# --------------------------------------------------------------------------- records


def _values(chosen: Sequence[Choice]) -> list[str]:
    return list(dict.fromkeys(v for c in chosen for v in c.values))


def _time(text: str) -> time:
    return time.fromisoformat(text)


def _preferences(target: str, values: list[str]) -> dict[str, Any]:
    name = target.removeprefix("preferences.")
    if name == "programmes":
        return {name: [Programme(v) for v in values]}
    if name == "days":
        return {name: [Weekday[v.upper()] for v in values]}
    if name == "attendance":
        return {name: [Attendance(v) for v in values]}
    if name == "audience":
        return {name: [Audience(v) for v in values]}
    if name == "access_needs":
        return {name: [AccessNeed(v) for v in values]}
    if name == "times":
        if not values or values[0] == "any":
            return {"earliest": None, "latest": None}
        early, late = values[0].split("-")
        return {"earliest": _time(early), "latest": _time(late)}
    if name == "max_travel_miles":
        return {name: None if not values or values[0] == "any" else float(values[0])}
    raise AssertionError(target)  # pragma: no cover


def _record(
    script: Script,
    step: Step,
    stored: Stored,
    chosen: list[Choice],
    state: ConversationState,
    origin: str,
) -> Iterable[fx.Effect]:
    answered = stored is not None
    for target in step.records:
        if target == "declined":
            yield fx.Declined(note=stored if isinstance(stored, str) else "")
        elif not answered:
            continue  # an optional step left blank records nothing
        elif target.startswith("preferences."):
            yield fx.SetPreferences(_preferences(target, _values(chosen)))
        elif target == "client.prior_experience":
            yield fx.SetClientField("prior_experience", PriorExperience(_values(chosen)[0]))
        elif target == "client.prior_experience_note":
            yield fx.SetClientField("prior_experience_note", stored)
        elif target == "client.consent.share_first_name":
            yield fx.SetConsent(share_first_name=_values(chosen)[0] == "yes")
        elif target == "revisit":
            assert isinstance(stored, str)
            yield fx.SetRevisit(date.fromisoformat(stored))
        elif target in ("concerns", "knowledge"):
            assert isinstance(stored, str)
            yield fx.LogConcern(text=stored, origin=origin, key=target)
        elif target == "interest":
            assert isinstance(stored, int)
            yield fx.RecordInterest(score=stored)
        elif target == "meetings":
            assert isinstance(stored, list)
            yield fx.ChooseMeetings(meeting_ids=tuple(stored))
        elif target == "goal":
            yield fx.CreateGoal(
                goal=GoalAnswer.parse(stored),
                meeting_ids=_latest_meetings(script, state),
                origin=origin,
            )
        elif target == "support.calls":
            yield fx.RecordCalls(calls=tuple(parse_calls(stored)))
        elif target == "support.name_on_plan":
            named = PlanContactAnswer.parse(stored)
            if named is not None:
                yield fx.NameOnPlan(contact=named)
        elif target == "support.link":
            yield fx.SetSupport("link", LinkType(_values(chosen)[0]))
        elif target.startswith("support."):
            yield fx.SetSupport(target.removeprefix("support."), stored)
        elif target == "follow_up":
            assert isinstance(stored, list)
            for item in stored:
                yield fx.RecordFollowUp(follow_up=FollowUpAnswer.parse(item), origin=origin)
        else:  # pragma: no cover - parse_script refuses unknown targets
            raise AssertionError(target)


def _latest_meetings(script: Script, state: ConversationState) -> tuple[str, ...]:
    """The meetings chosen most recently in this conversation (on any meeting_choice step)."""
    for visit in reversed(state.path):
        kind = script.step(visit.step_id).kind
        if kind is AnswerKind.MEETING_CHOICE and isinstance(visit.answer, list):
            return tuple(str(i) for i in visit.answer)
    return ()
