"""How the conversation reads back: app turns, answers in words, the answer area's heading,
and the records a step works on, straight from the demo's records (no screen)."""

from __future__ import annotations

from dataclasses import replace

from fama.casebook.conversation import conversation_script
from fama.casebook.service import Casebook
from fama.conversation import END, AnswerKind, Context, ConversationState, Step
from fama.conversation.transcript import (
    STAGE_TITLES,
    answer_title,
    answer_words,
    chosen_meetings,
    earlier_conversations,
    follow_up_goals,
    step_markdown,
)
from fama.models import ClientRecord


def step_of(kind: AnswerKind, *, required: bool = True) -> Step:
    script = conversation_script()
    found = next(s for s in script.steps.values() if s.kind is kind)
    return replace(found, required=required)


def test_a_turn_carries_the_stage_heading_only_when_asked() -> None:
    step = next(iter(conversation_script().steps.values()))
    with_stage = step_markdown(step, with_stage=True)
    without = step_markdown(step, with_stage=False)
    assert with_stage.startswith(f"**{STAGE_TITLES[step.stage]}**")
    assert STAGE_TITLES[step.stage] not in without
    assert without.endswith(f"> {step.prompt}")
    assert step.guidance in without


def test_answers_read_as_words() -> None:
    assert answer_words(step_of(AnswerKind.INFO), "anything", {}) is None
    assert answer_words(step_of(AnswerKind.TEXT), "", {}) == "(left blank)"
    assert answer_words(step_of(AnswerKind.CHOICES), [], {}) == "(left blank)"
    assert answer_words(step_of(AnswerKind.SCALE), 7, {}) == "7 out of 10"
    assert answer_words(step_of(AnswerKind.CHOICES), ["a", "b"], {}) == "a, b"
    assert answer_words(None, "said", {}) == "said"


def test_chosen_meetings_are_named_and_a_lost_one_keeps_its_id(demo_casebook: Casebook) -> None:
    meetings = demo_casebook.directory.by_id()
    meeting = next(iter(meetings.values()))
    words = answer_words(step_of(AnswerKind.MEETING_CHOICE), [meeting.id, "gone-123"], meetings)
    assert words == (f"{meeting.organisation.value} {meeting.name}, {meeting.when}; gone-123")


def test_the_answer_heading_says_what_to_record() -> None:
    assert answer_title(None) == "Conversation finished"
    assert answer_title(step_of(AnswerKind.SCALE)) == "Record: 0 to 10 (needs an answer)"
    assert answer_title(step_of(AnswerKind.TEXT, required=False)) == (
        "Record: in their words (optional)"
    )
    assert answer_title(step_of(AnswerKind.INFO)) == "Record: explain, then continue"


def records_with_conversations(book: Casebook) -> list[ClientRecord]:
    records = [book.clients.record(code) for code in sorted(book.clients.codes())]
    return [r for r in records if r.conversations]


def test_earlier_conversations_leave_out_the_current_one_oldest_first(
    demo_casebook: Casebook,
) -> None:
    record = records_with_conversations(demo_casebook)[0]
    current = record.conversations[-1]
    shown = earlier_conversations(
        record, current.id, conversation_script(), demo_casebook.directory.by_id()
    )
    others = sorted(
        (c for c in record.conversations if c.id != current.id), key=lambda c: c.started_at
    )
    assert len(shown) == len(others)
    for (title, turns), conversation in zip(shown, others, strict=True):
        assert title.startswith(f"Conversation on {conversation.started_at:%a %d %b %Y}")
        assert title.endswith(" · not finished") != conversation.finished
        assert [prompt for prompt, _ in turns] == [t.prompt for t in conversation.turns]


def test_follow_up_goals_pair_each_open_goal_with_its_meeting(demo_casebook: Casebook) -> None:
    meetings = demo_casebook.directory.by_id()
    record = next(r for r in records_with_conversations(demo_casebook) if r.goals)
    goal_ids = [g.id for g in record.goals]
    state = ConversationState(
        step=END, context=Context.from_client(record.client, [*goal_ids, "no-such-goal"])
    )
    pairs, named = follow_up_goals(record, state, meetings)
    assert [g.id for g, _ in pairs] == goal_ids
    for goal, meeting in pairs:
        assert meeting == meetings.get(goal.meeting_id or "")
    expected = {g.meeting_id for g in record.goals if g.meeting_id in meetings}
    assert {m.id for m in named} == expected
    assert len(named) == len(expected)


def test_chosen_meetings_skip_those_the_directory_lost(demo_casebook: Casebook) -> None:
    meetings = demo_casebook.directory.by_id()
    for record in records_with_conversations(demo_casebook):
        for conversation in record.conversations:
            chosen = chosen_meetings(conversation, meetings)
            assert all(m.id in meetings for m in chosen)
            assert chosen_meetings(conversation, {}) == []
