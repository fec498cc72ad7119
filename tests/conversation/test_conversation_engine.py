"""The conversation engine and its script: every path ends, branches go where they should,
answers record the right things, bad answers get one clear message, and it stays pure."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date, time, timedelta
from typing import Any

import pytest

from fama.conversation import (
    END,
    AnswerError,
    AnswerKind,
    ChooseMeetings,
    Context,
    ConversationState,
    CreateGoal,
    Declined,
    FollowUpAnswer,
    GoalAnswer,
    LogConcern,
    Outcome,
    RecordFollowUp,
    RecordInterest,
    Script,
    ScriptError,
    SetClientField,
    SetConsent,
    SetPreferences,
    SetRevisit,
    SetStage,
    SetSupport,
    Step,
    answer,
    back,
    current,
    load_script,
    loads_script,
    resume,
    start,
)
from fama.models import (
    Attendance,
    Attended,
    Client,
    Involvement,
    LinkType,
    NextStep,
    Preferences,
    PriorExperience,
    Programme,
    Stage,
    Weekday,
)

TODAY = date(2026, 11, 24)
SCRIPT = load_script()
CONTEXTS = {
    "new client": Context(),
    "family member": Context(for_family=True),
    "online only": Context(online_only=True),
    "open goals": Context(open_goals=("g1", "g2")),
}


# --------------------------------------------------------------------------- helpers


def goal_answer(days: int = 7, review: int | None = 14) -> GoalAnswer:
    return GoalAnswer(
        wording="Go to the Tuesday SMART meeting at the Hub, and meet Sam outside",
        target_date=TODAY + timedelta(days=days),
        review_date=TODAY + timedelta(days=review) if review is not None else None,
    )


def follow_ups(
    context: Context,
    next_step: NextStep = NextStep.CARRY_ON,
    attended: Attended = Attended.YES,
    helpfulness: int = 7,
) -> list[FollowUpAnswer]:
    return [
        FollowUpAnswer(
            goal_id=goal_id,
            attended=attended,
            meetings_since_last=2,
            meeting_ids=("m1",),
            helpfulness=helpfulness,
            what_it_was_like="Friendly [really]",
            involvement=(Involvement.NUMBERS,),
            next_step=next_step,
            talk_again_on=TODAY + timedelta(days=14),
        )
        for goal_id in context.open_goals
    ]


def every_follow_up(context: Context) -> list[list[FollowUpAnswer]]:
    """A follow-up down each of the form's branches, and one that asks about a new goal."""
    return [
        follow_ups(context),  # going and it helps: the end
        follow_ups(context, attended=Attended.NO),  # not going: shall we plan another?
        follow_ups(context, helpfulness=2),  # going but not helping: likewise
        follow_ups(context, NextStep.TRY_ANOTHER_MEETING),
        follow_ups(context, NextStep.TRY_ANOTHER_PROGRAMME),
        follow_ups(context, NextStep.RELINK),
        follow_ups(context, NextStep.STOP),
    ]


def sample_answers(step: Step, context: Context) -> list[Any]:
    """Every answer worth trying at a step: each choice, or one valid sample."""
    kind = step.kind
    if kind is AnswerKind.QUICK_REPLY:
        keys: list[Any] = [c.key for c in step.choices]
        return keys if step.required else [*keys, None]
    if kind is AnswerKind.CHOICES:
        every = [c.key for c in step.choices]
        return [every] if step.required else [every, []]
    return {
        AnswerKind.SCALE: [7],
        AnswerKind.TEXT: ["I'm not religious and I don't want to speak"],
        AnswerKind.DATE: [TODAY + timedelta(days=14)],
        AnswerKind.MEETING_CHOICE: [["m1", "m2"]],
        AnswerKind.GOAL_FORM: [goal_answer()],
        AnswerKind.FOLLOW_UP_FORM: every_follow_up(context),
        AnswerKind.CONTACT_CALL: [
            [],  # nobody rung: who will they meet?
            [
                {"contact_id": "c1", "outcome": "not_reached"},
                {"contact_id": "c2", "outcome": "reached"},
            ],
        ],
        AnswerKind.CONTACT_ON_PLAN: [None, {"contact_id": "c1"}],
        AnswerKind.INFO: [None],
    }[kind]


def walk(
    script: Script, state: ConversationState, limit: int = 80
) -> Iterator[tuple[ConversationState, list[Outcome]]]:
    """Depth-first over every route: at each step every sample answer is given (so every
    choice is tried), and one answer per distinct next step is followed on. Yields each
    finished route."""
    stack: list[tuple[ConversationState, list[Outcome]]] = [(state, [])]
    while stack:
        state, outcomes = stack.pop()
        step = current(script, state)
        if step is None:
            yield state, outcomes
            continue
        assert len(state.path) < limit, f"path too long: {[v.step_id for v in state.path]}"
        followed: dict[str, Outcome] = {}
        for value in sample_answers(step, state.context):
            outcome = answer(script, state, value, today=TODAY)
            followed.setdefault(outcome.state.step, outcome)
            TRIED.add((step.id, str(outcome.state.path[-1].answer)))
        for outcome in followed.values():
            stack.append((outcome.state, [*outcomes, outcome]))


TRIED: set[tuple[str, str]] = set()
"""(step id, answer) pairs the walk tried, to check every choice was given."""


def run(state: ConversationState, *values: Any, script: Script = SCRIPT) -> list[Outcome]:
    outcomes = []
    for value in values:
        outcome = answer(script, state, value, today=TODAY)
        outcomes.append(outcome)
        state = outcome.state
    return outcomes


def step_ids(state: ConversationState) -> list[str]:
    return [v.step_id for v in state.path]


def effects(outcomes: list[Outcome]) -> list[Any]:
    return [e for o in outcomes for e in o.effects]


# --------------------------------------------------------------------------- the script


def test_the_packaged_script_loads() -> None:
    assert SCRIPT.start == ("fu_start", "fam_raise", "s1_raise")
    assert {s.stage for s in SCRIPT.steps.values()} == {1, 2, 3}
    assert {s.kind for s in SCRIPT.steps.values()} == set(AnswerKind)
    assert SCRIPT.step("s1_hopes").suggest_handouts
    assert SCRIPT.step("s2_plan").offer_meeting_plan
    for step in SCRIPT.steps.values():
        assert step.guidance and step.prompt, step.id


def test_every_question_has_somewhere_to_record_the_answer() -> None:
    """A question put to the client records its answer, or its answer decides where the
    conversation goes; anything else is worded as something to say, not to ask."""
    for step in SCRIPT.steps.values():
        routes = {c.next for c in step.choices}
        decides = step.kind is AnswerKind.QUICK_REPLY and len(routes) > 1
        if step.kind is AnswerKind.INFO:
            assert "?" not in step.prompt, f"{step.id}: an info step asks a question"
        elif "?" in step.prompt:
            assert step.records or decides, f"{step.id}: a question with nowhere to go"


def test_everything_the_client_says_in_their_words_feeds_the_handouts() -> None:
    free_text = {s.id for s in SCRIPT.steps.values() if s.kind is AnswerKind.TEXT}
    said = free_text - {"s2_person", "s2_travel", "s2_barriers"}  # plans, not concerns
    assert said <= {s.id for s in SCRIPT.steps.values() if s.suggest_handouts}
    assert SCRIPT.step("fu_form").suggest_handouts  # what it was like, what got in the way


def test_the_packaged_script_ships_with_the_package() -> None:
    from importlib import resources

    assert resources.files("fama.conversation").joinpath("stages.toml").is_file()


GOOD = """
[script]
start = ["a"]

[[step]]
id = "a"
stage = 1
guidance = "Say hello."
prompt = "Shall we talk?"
kind = "quick_reply"
required = true
next = "b"
choices = [{ key = "yes", label = "Yes" }, { key = "no", label = "No", next = "end" }]

[[step]]
id = "b"
stage = 1
guidance = "Ask."
prompt = "How interested?"
kind = "scale"
records = ["interest"]
next = "end"
"""


def test_a_small_script_loads() -> None:
    script = loads_script(GOOD)
    assert list(script.steps) == ["a", "b"]


BROKEN = {
    "unknown next": (GOOD.replace('next = "b"', 'next = "c"'), "'a'", "unknown step 'c'"),
    "missing branch": (
        GOOD.replace('next = "end" }]', 'next = "nowhere" }]'),
        "'a'",
        "missing step 'nowhere'",
    ),
    "duplicate id": (GOOD.replace('id = "b"', 'id = "a"'), "'a'", "twice"),
    "unknown kind": (GOOD.replace('kind = "scale"', 'kind = "slider"'), "'b'", "unknown kind"),
    "unknown record": (
        GOOD.replace('records = ["interest"]', 'records = ["client.name"]'),
        "'b'",
        "unknown record target 'client.name'",
    ),
    "wrong kind for record": (
        GOOD.replace('records = ["interest"]', 'records = ["goal"]'),
        "'b'",
        "cannot record 'goal'",
    ),
    "no choices": (
        GOOD.replace(
            'choices = [{ key = "yes", label = "Yes" }, '
            '{ key = "no", label = "No", next = "end" }]',
            "",
        ),
        "'a'",
        "needs choices",
    ),
    "loop with no way out": (
        GOOD.replace('next = "end"\n"""'.removesuffix('"""'), 'next = "c"\n')
        + '\n[[step]]\nid = "c"\nstage = 1\nguidance = "g"\nprompt = "p"\nkind = "info"\n'
        'next = "b"\n',
        "'b'",
        "never reach the end",
    ),
    "bad choice value": (
        GOOD.replace('records = ["interest"]', "").replace(
            'required = true\nnext = "b"',
            'required = true\nnext = "b"\nrecords = ["preferences.days"]',
        ),
        "'a'",
        "cannot record 'yes'",
    ),
    "unreachable step": (
        GOOD + '\n[[step]]\nid = "c"\nstage = 2\nguidance = "g"\nprompt = "p"\n'
        'kind = "info"\nnext = "end"\n',
        "'c'",
        "never be reached",
    ),
    "typo in a field": (GOOD.replace("required = true", "requird = true"), "'a'", "unknown field"),
    "unknown condition": (
        GOOD.replace('kind = "quick_reply"', 'kind = "quick_reply"\nwhen = "is_tuesday"'),
        "'a'",
        "unknown condition",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_script_fails_naming_the_step(name: str) -> None:
    text, step, words = BROKEN[name]
    with pytest.raises(ScriptError) as caught:
        loads_script(text)
    assert step in str(caught.value)
    assert words in str(caught.value)


def test_a_loop_with_an_exit_is_fine() -> None:
    text = GOOD.replace('kind = "scale"', 'kind = "quick_reply"').replace(
        'records = ["interest"]',
        'required = true\nchoices = [{ key = "again", label = "Again", next = "a" }, '
        '{ key = "done", label = "Done" }]',
    )
    assert "b" in loads_script(text)


# --------------------------------------------------------------------------- every path


def test_every_path_of_the_script_reaches_the_end() -> None:
    routes: dict[str, int] = {}
    visited: set[str] = set()
    for name, context in CONTEXTS.items():
        seen: set[tuple[str, ...]] = set()
        for state, outcomes in walk(SCRIPT, start(SCRIPT, context)):
            assert state.finished, name
            assert outcomes[-1].step is None
            ids = tuple(step_ids(state))
            assert ids not in seen
            seen.add(ids)
            visited.update(ids)
            # Each route announces each stage it reaches once, in rising order.
            stages = [e.stage for o in outcomes for e in o.effects if isinstance(e, SetStage)]
            assert stages == sorted(set(stages)), ids
        routes[name] = len(seen)
    assert visited == set(SCRIPT.steps)
    every_choice = {
        (s.id, c.key)
        for s in SCRIPT.steps.values()
        if s.kind is AnswerKind.QUICK_REPLY
        for c in s.choices
    }
    assert every_choice <= TRIED
    assert sum(routes.values()) >= 40, routes  # reported in the session's closing note


def test_starts_depend_on_the_client() -> None:
    assert start(SCRIPT, Context()).step == "s1_raise"
    assert start(SCRIPT, Context(for_family=True)).step == "fam_raise"
    assert start(SCRIPT, Context(open_goals=("g1",), for_family=True)).step == "fu_start"
    assert start(SCRIPT, Context(online_only=True)).step == "s1_raise"


# --------------------------------------------------------------------------- branches


def test_a_client_who_says_no_is_respected_and_offered_a_revisit() -> None:
    state = start(SCRIPT, Context())
    outcomes = run(state, "no", "I just want to focus on my script for now", TODAY + timedelta(28))
    assert step_ids(outcomes[-1].state) == ["s1_raise", "declined", "declined_revisit"]
    assert outcomes[-1].state.finished
    found = effects(outcomes)
    assert Declined("I just want to focus on my script for now") in found
    assert SetRevisit(TODAY + timedelta(28)) in found
    assert not any(isinstance(e, SetClientField) for e in found)  # the care-plan review is not
    assert not any(isinstance(e, CreateGoal) for e in found)


def test_no_after_hearing_the_options_is_also_declined() -> None:
    state = start(SCRIPT, Context())
    outcomes = run(state, "yes", "none", "", "Worried about speaking", None, 2, "no", "", None)
    assert outcomes[-1].state.finished
    assert Declined("") in effects(outcomes)
    assert step_ids(outcomes[-1].state)[-3:] == ["s1_ready", "declined", "declined_revisit"]


def test_the_family_branch_offers_family_groups_then_connects() -> None:
    state = start(SCRIPT, Context(for_family=True))
    assert "Al-Anon" in SCRIPT.step("fam_options").guidance
    assert "Families" in SCRIPT.step("fam_options").guidance
    assert "SMART Family & Friends" in SCRIPT.step("fam_options").guidance
    outcomes = run(state, "yes", "I'm scared it's my fault", None, 8, "yes", ["smart"])
    assert outcomes[-1].step is not None and outcomes[-1].step.id == "s1_days"
    found = effects(outcomes)
    assert SetPreferences({"programmes": [Programme.SMART]}) in found
    assert LogConcern("I'm scared it's my fault", origin="fam_hopes@1") in found


def test_online_or_phone_only_explains_online_meetings() -> None:
    state = start(SCRIPT, Context(online_only=True))
    outcomes = run(state, "yes", "none", "", "worries", None, 6, "yes", [], [], "evening")
    assert outcomes[-1].step is not None and outcomes[-1].step.id == "s1_attendance"
    outcome = answer(SCRIPT, outcomes[-1].state, "online_phone", today=TODAY)
    assert outcome.step is not None and outcome.step.id == "s1_online"
    assert (
        SetPreferences({"attendance": [Attendance.ONLINE, Attendance.PHONE, Attendance.HYBRID]})
        in outcome.effects
    )
    nxt = answer(SCRIPT, outcome.state, None, today=TODAY)
    assert nxt.step is not None and nxt.step.id == "s1_audience"


def test_context_from_a_client() -> None:
    client = Client(
        code="KB-1",
        keyworker="JB",
        postcode_district="SE1",
        episode_start=date(2026, 1, 1),
        preferences=Preferences(attendance=[Attendance.ONLINE]),
    )
    assert Context.from_client(client, ["g1"]) == Context(open_goals=("g1",), online_only=True)


# --------------------------------------------------------------------------- a whole journey


def test_stage_one_two_three_records_everything() -> None:
    state = start(SCRIPT, Context())
    stage12 = run(
        state,
        "yes",  # s1_raise
        "did_not_suit",  # s1_past
        "Went to AA years ago, felt preachy",  # s1_past_what
        "Not much",  # s1_know
        "I'm not religious",  # s1_hopes
        None,  # s1_options
        "7",  # s1_interest
        "yes",  # s1_ready
        ["smart", "twelve_step"],  # s1_programmes
        ["tue", "thu"],  # s1_days
        "evening",  # s1_times
        "in_person",  # s1_attendance
        ["women"],  # s1_audience
        [],  # s1_access
        "3",  # s1_travel
        ["m1"],  # s2_meetings
        goal_answer(),  # s2_goal
        "peer_mentor",  # s2_link
        "yes",  # s2_consent
        [],  # s2_call: nobody from the register rung
        "Sam, peer mentor",  # s2_person
        "Bus 12",  # s2_travel
        "Nerves: text Sam",  # s2_barriers
        None,  # s2_plan
    )
    assert stage12[-1].state.finished
    found = effects(stage12)
    stages = [e.stage for e in found if isinstance(e, SetStage)]
    assert stages == [Stage.INTRODUCE, Stage.CONNECT]
    assert SetClientField("prior_experience", PriorExperience.DID_NOT_SUIT) in found
    assert SetClientField("prior_experience_note", "Went to AA years ago, felt preachy") in found
    assert LogConcern("I'm not religious", origin="s1_hopes@4") in found
    assert RecordInterest(7) in found
    assert SetPreferences({"programmes": [Programme.SMART, Programme.TWELVE_STEP]}) in found
    assert SetPreferences({"days": [Weekday.TUESDAY, Weekday.THURSDAY]}) in found
    assert SetPreferences({"earliest": time(17), "latest": time(23)}) in found
    assert SetPreferences({"max_travel_miles": 3.0}) in found
    assert SetPreferences({"access_needs": []}) in found
    assert ChooseMeetings(("m1",)) in found
    assert CreateGoal(goal_answer(), ("m1",), origin="s2_goal@16") in found
    assert SetSupport("link", LinkType.PEER_MENTOR) in found
    assert SetConsent(share_first_name=True) in found
    assert SetSupport("linked_person", "Sam, peer mentor") in found
    assert SetSupport("travel_plan", "Bus 12") in found
    assert SetSupport("barriers_plan", "Nerves: text Sam") in found
    assert LogConcern("Not much", origin="s1_know@3", key="knowledge") in found
    # The date to talk about how it went is the goal's; the care-plan review is left alone.
    assert not any(isinstance(e, SetClientField) and e.field == "next_review" for e in found)
    # Every effect applies to the real models.
    prefs: dict[str, Any] = {}
    for e in found:
        if isinstance(e, SetPreferences):
            prefs.update(e.fields)
    assert Preferences.model_validate(prefs).audience == ["women"]

    # A later session: follow up the goal, which they went to, then carry on.
    later = start(SCRIPT, Context(open_goals=("g1",)))
    fu = FollowUpAnswer(
        goal_id="g1",
        attended=Attended.YES,
        meetings_since_last=3,
        meeting_ids=("m1",),
        helpfulness=8,
        what_it_was_like="Better than I thought",
        involvement=(Involvement.SPOKE, Involvement.NUMBERS),
        next_step=NextStep.TRY_ANOTHER_MEETING,
    )
    stage3 = run(later, None, [fu])  # the form said "another meeting": no need to ask again
    assert stage3[-1].step is not None and stage3[-1].step.id == "s2_meetings"
    found3 = effects(stage3)
    assert found3[0] == SetStage(Stage.FOLLOW_UP)
    assert RecordFollowUp(fu, origin="fu_form@1") in found3
    assert fu.review_fields()["involvement"] == [Involvement.SPOKE, Involvement.NUMBERS]
    # ... and a new goal after it, without the stage going back down.
    rest = run(stage3[-1].state, ["m9"], goal_answer(), "none", "", "Ask Jo", None)
    assert rest[-1].state.finished
    assert not any(isinstance(e, SetStage) for e in effects(rest))
    assert CreateGoal(goal_answer(), ("m9",), origin="s2_goal@3") in effects(rest)


@pytest.mark.parametrize(
    ("next_step", "attended", "helpfulness", "goes_to"),
    [
        (NextStep.CARRY_ON, Attended.YES, 7, None),  # going and it helps: nothing to ask
        (NextStep.CARRY_ON, Attended.YES, None, None),  # not rated: still going
        (NextStep.CARRY_ON, Attended.YES, 2, "fu_new_goal"),  # going, not helping
        (NextStep.CARRY_ON, Attended.NO, 7, "fu_new_goal"),
        (NextStep.CARRY_ON, Attended.UNKNOWN, 7, "fu_new_goal"),
        (NextStep.STOP, Attended.YES, 7, "fu_new_goal"),
        (NextStep.TRY_ANOTHER_MEETING, Attended.YES, 7, "s2_meetings"),
        (NextStep.TRY_ANOTHER_PROGRAMME, Attended.NO, 7, "s1_programmes"),
        (NextStep.RELINK, Attended.NO, 7, "s2_link"),
    ],
)
def test_the_follow_up_form_decides_where_the_conversation_goes(
    next_step: NextStep, attended: Attended, helpfulness: int | None, goes_to: str | None
) -> None:
    state = at("fu_form", Context(open_goals=("g1",)))
    [fu] = follow_ups(state.context, next_step, attended)
    fu = FollowUpAnswer(**{**fu.__dict__, "helpfulness": helpfulness})
    outcome = answer(SCRIPT, state, [fu], today=TODAY)
    assert (outcome.step.id if outcome.step else None) == goes_to


def test_one_goal_going_elsewhere_takes_the_conversation_there() -> None:
    state = at("fu_form", Context(open_goals=("g1", "g2")))
    first, second = follow_ups(state.context)
    moved = FollowUpAnswer(**{**second.__dict__, "next_step": NextStep.TRY_ANOTHER_MEETING})
    outcome = answer(SCRIPT, state, [first, moved], today=TODAY)
    assert outcome.step is not None and outcome.step.id == "s2_meetings"


# --------------------------------------------------------------------------- back and resume


def test_back_one_step() -> None:
    state = start(SCRIPT, Context())
    outcomes = run(state, "yes", "helped")
    assert outcomes[-1].state.step == "s1_past_what"
    previous = back(SCRIPT, outcomes[-1].state)
    assert previous == outcomes[0].state
    assert previous.step == "s1_past"
    # Answer differently: the branch follows the new answer.
    again = answer(SCRIPT, previous, "none", today=TODAY)
    assert again.state.step == "s1_know"
    assert back(SCRIPT, back(SCRIPT, previous)) == state  # at the start nothing changes


def test_going_back_and_answering_again_keeps_the_same_origin() -> None:
    state = start(SCRIPT, Context(open_goals=("g1",)))
    first = run(state, None, follow_ups(state.context))[-1]
    second = answer(SCRIPT, back(SCRIPT, first.state), follow_ups(state.context), today=TODAY)
    origins = {
        e.origin for o in (first, second) for e in o.effects if isinstance(e, RecordFollowUp)
    }
    assert origins == {"fu_form@1"}


def test_resume_from_a_saved_dict_equals_the_live_state() -> None:
    state = start(SCRIPT, Context(open_goals=("g1", "g2")))
    moving = follow_ups(state.context, NextStep.TRY_ANOTHER_PROGRAMME)
    outcomes = run(state, None, moving, ["smart"])
    live = outcomes[-1].state
    import json

    saved = json.loads(json.dumps(live.to_dict()))
    assert resume(SCRIPT, saved) == live
    finished = run(start(SCRIPT, Context()), "no", "", None)[-1].state
    assert resume(SCRIPT, finished.to_dict()) == finished
    assert current(SCRIPT, finished) is None


def test_resume_refuses_a_step_that_no_longer_exists() -> None:
    saved = start(SCRIPT, Context()).to_dict()
    saved["step"] = "s1_old_question"
    with pytest.raises(ScriptError, match=r"s1_old_question.*no longer has"):
        resume(SCRIPT, saved)
    with pytest.raises(ScriptError, match="unknown format"):
        resume(SCRIPT, {"step": "s1_raise"})


# --------------------------------------------------------------------------- bad answers


def at(step_id: str, context: Context | None = None) -> ConversationState:
    return ConversationState(step=step_id, context=context or Context())


@pytest.mark.parametrize(
    ("step_id", "value", "message"),
    [
        ("s1_hopes", "   ", "needs an answer"),
        ("s1_hopes", None, "needs an answer"),
        ("s1_raise", "", "needs an answer"),
        ("s1_interest", 11, "from 0 to 10"),
        ("s1_interest", -1, "from 0 to 10"),
        ("s1_interest", "lots", "from 0 to 10"),
        ("s1_interest", True, "from 0 to 10"),
        ("s1_raise", "maybe", "'maybe' is not one of the choices (yes, no)"),
        ("s1_days", ["mon", "someday"], "not one of the choices"),
        ("s2_goal", goal_answer(days=-1), "target date is in the past"),
        ("s2_goal", goal_answer(days=7, review=3), "cannot be before the goal's target date"),
        ("s2_goal", goal_answer(days=7, review=None), "Agree a date to talk about how it went"),
        ("s2_goal", goal_answer(days=400, review=401), "more than a year ahead"),
        ("s2_goal", goal_answer(days=7, review=380), "more than a year ahead"),
        ("s2_goal", {"wording": " ", "target_date": "2026-12-01"}, "client's own words"),
        ("s2_goal", {"wording": "Go", "target_date": "next week"}, "as a date"),
        ("declined_revisit", TODAY - timedelta(days=1), "in the past"),
        ("declined_revisit", TODAY + timedelta(days=367), "more than a year ahead"),
        ("s2_person", "x" * 81, "under 80 characters"),
    ],
)
def test_bad_answers_get_one_clear_message(step_id: str, value: Any, message: str) -> None:
    state = at(step_id)
    with pytest.raises(AnswerError, match=message.replace("(", r"\(").replace(")", r"\)")):
        answer(SCRIPT, state, value, today=TODAY)


def test_bad_follow_ups() -> None:
    state = at("fu_form", Context(open_goals=("g1", "g2")))
    one = follow_ups(state.context)[:1]
    with pytest.raises(AnswerError, match="every open goal"):
        answer(SCRIPT, state, one, today=TODAY)
    with pytest.raises(AnswerError, match="not one of the client's open goals"):
        answer(SCRIPT, state, [*one, {"goal_id": "g9"}], today=TODAY)
    with pytest.raises(AnswerError, match="0 to 10"):
        answer(SCRIPT, state, [*one, {"goal_id": "g2", "helpfulness": 12}], today=TODAY)
    with pytest.raises(AnswerError, match="Goal 2: agree the next date to talk"):
        answer(SCRIPT, state, [*one, {"goal_id": "g2", "next_step": "carry on"}], today=TODAY)
    stopping = {"goal_id": "g2", "next_step": "stop for now"}  # nothing to talk about again
    assert answer(SCRIPT, state, [*one, stopping], today=TODAY).step is not None


def test_text_with_markup_is_kept_as_typed() -> None:
    outcome = answer(SCRIPT, at("s1_hopes"), "goal [x] and stop [/] now", today=TODAY)
    assert outcome.turn_answer == "goal [x] and stop [/] now"
    assert LogConcern("goal [x] and stop [/] now", origin="s1_hopes@0") in outcome.effects


def test_an_optional_quick_reply_may_be_skipped() -> None:
    outcome = answer(SCRIPT, at("s1_times"), None, today=TODAY)
    assert outcome.step is not None and outcome.step.id == "s1_attendance"
    assert not any(isinstance(e, SetPreferences) for e in outcome.effects)


def test_a_finished_conversation_takes_no_more_answers() -> None:
    with pytest.raises(AnswerError, match="finished"):
        answer(SCRIPT, at(END), "yes", today=TODAY)


# --------------------------------------------------------------------------- purity


def test_the_engine_imports_without_textual_or_tinydb() -> None:
    code = (
        "import sys\n"
        "import fama.conversation\n"
        "fama.conversation.load_script()\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert not any(m.split(".")[0] in {"textual", "tinydb"} for m in loaded)
