"""The follow-up asks whether the person linked in stage 2 met the client or went with them
(only when the goal had someone linked), records it on the review, and the care-plan
review, the summary and the client's profile show it with the call made."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.conversation import AnswerError
from fama.conversation.answers import FollowUpAnswer
from fama.models import Handover
from fama.tui.app import make_app
from fama.tui.widgets.follow_up_choices import HandoverChoice
from tests.casebook.test_handover_calls import at_the_call
from tests.helpers.chat import chat, open_chat, say
from tests.helpers.conversation import Session
from tests.helpers.pilot import until


def stage_two_done(book: Casebook, link: str, person: str = "") -> str:
    """A client through stage 2 with ``link`` (Sam rung and reached for a volunteer link;
    ``person`` typed for any other), ready for a follow-up."""
    s = at_the_call(book, link=link) if link != "none" else None
    if s is None:
        from tests.conversation.test_conversation_apply import STAGE_ONE, goal_form
        from tests.helpers.conversation import not_started

        s = Session(book, not_started(book))
        s.say_all(STAGE_ONE)
        s.say("s2_meetings", ["demo:aa-01"])
        s.say("s2_goal", goal_form(book.today))
        s.say("s2_link", "none")
    elif link.startswith("volunteer"):
        s.say("s2_call", [{"contact_id": "demo-sam", "outcome": "reached"}])
    else:
        s.say("s2_call", [])
        s.say("s2_person", person)
    s.say("s2_travel", "")
    s.say("s2_barriers", "Ring the hub")
    s.say("s2_plan", None)
    return s.code


async def test_the_follow_up_asks_about_the_linked_person_in_one_key(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    code = stage_two_done(demo_casebook, "volunteer_phoned")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, code)
        await say(pilot, "enter")  # how did it go?
        choice = chat(app).query_one(HandoverChoice)
        note = choice.parent.query_one(".field-note", Static)  # type: ignore[union-attr]
        assert str(note.render()) == "Sam, AA health liaison"
        await say(pilot, "n", "tab")  # did not go: the dead-end question comes first
        await say(pilot, "tab", "w")  # ... then: went with them (they went another day)
        assert choice.value is Handover.WENT_WITH
        block = chat(app).query_one("#follow-up-1")
        app.screen.set_focus(block.query_one("#follow-up-1-next"))
        await say(pilot, "s", "enter")  # stop for now: saves
        await until(
            pilot, lambda: any(r.goal_id for r in demo_casebook.clients.record(code).reviews)
        )
    [review] = [r for r in demo_casebook.clients.record(code).reviews if r.goal_id]
    assert review.handover is Handover.WENT_WITH


async def test_not_asked_without_a_linked_person(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    code = stage_two_done(demo_casebook, "none")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, code)
        await say(pilot, "enter")
        assert not chat(app).query(HandoverChoice)


async def test_a_typed_name_is_shown_as_typed(demo_casebook: Casebook, clock: FixedClock) -> None:
    code = stage_two_done(demo_casebook, "staff_goes", person="Dan [b]keyworker[/]")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_chat(pilot, app, code)
        await say(pilot, "enter")
        note = chat(app).query_one(HandoverChoice).parent.query_one(".field-note", Static)  # type: ignore[union-attr]
        assert str(note.render()) == "Dan [b]keyworker[/]"


def test_a_follow_up_answer_keeps_the_handover_and_refuses_nonsense() -> None:
    answer = FollowUpAnswer.parse({"goal_id": "g1", "handover": "met them there"})
    assert answer.handover is Handover.MET
    assert FollowUpAnswer.parse(answer.to_dict()) == answer
    assert answer.review_fields()["handover"] is Handover.MET
    assert FollowUpAnswer.parse({"goal_id": "g1"}).handover is None
    with pytest.raises(AnswerError, match="linked person"):
        FollowUpAnswer.parse({"goal_id": "g1", "handover": "probably"})


def followed_up(book: Casebook, handover: str) -> str:
    """A client whose goal had Sam rung and reached, then followed up with ``handover``."""
    code = stage_two_done(book, "volunteer_phoned")
    s = Session(book, code)
    [goal] = [g for g in book.clients.record(code).goals if g.status.is_open]
    follow_up = {
        "goal_id": goal.id,
        "attended": "yes",
        "handover": handover,
        "next_step": "stop for now",
    }
    s.say("fu_start", None)
    s.say("fu_form", [follow_up])
    return code


def test_the_review_summary_and_profile_show_the_call_and_the_handover(
    demo_casebook: Casebook,
) -> None:
    from fama.clients.profile import goal_lines, review_lines
    from fama.conversation.summary import summarise
    from fama.reviews.timeline import build_timeline

    code = followed_up(demo_casebook, "met them there")
    record = demo_casebook.clients.record(code)
    meetings = demo_casebook.directory.by_id()
    today = demo_casebook.today
    timeline = build_timeline(record, meetings, today, today, today)
    details = [d for e in timeline for d in e.details]
    assert "Handover: Sam met them there" in details
    called = [d for d in details if d.startswith("Rang in the session on")]
    assert called == [
        f"Rang in the session on {today:%a %d %b}: Sam, AA health liaison, reached, agreed to meet"
    ]
    first, second = sorted(record.conversations, key=lambda c: c.started_at)
    assert "Call: Rang in the session on" in summarise(record, first, meetings)
    assert "Handover: Sam met them there" in summarise(record, second, meetings)
    [goal] = [g for g in record.goals if g.support.calls]
    assert any(
        line.strip().startswith("Rang in the session") for line in goal_lines(goal, meetings, today)
    )
    [review] = [r for r in record.reviews if r.goal_id]
    assert "  The linked person met them there" in review_lines(review)


def test_nothing_is_said_of_a_handover_not_asked(demo_casebook: Casebook) -> None:
    from fama.reviews.timeline import build_timeline

    code = followed_up(demo_casebook, "")
    record = demo_casebook.clients.record(code)
    today = demo_casebook.today
    timeline = build_timeline(record, demo_casebook.directory.by_id(), today, today, today)
    assert not [d for e in timeline for d in e.details if d.startswith("Handover")]
