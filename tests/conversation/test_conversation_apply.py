"""The conversation through the casebook: each answer applied to the client's record and
saved at once; resume after quitting; back and answer again replaces, never duplicates;
a refusal, a family member, and bad answers that leave the store untouched."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from fama.casebook.conversation import conversation_script
from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.conversation import END, AnswerError, current, start
from fama.conversation.apply import apply_outcome, conversation_notes
from fama.models import (
    AccessNeed,
    Attendance,
    Attended,
    Client,
    GoalStatus,
    LinkType,
    NextStep,
    PriorExperience,
    Programme,
    Stage,
    Weekday,
)
from fama.store import open_store
from tests.helpers.conversation import SAYS_NO_FOR_NOW, Session, not_started


def service(casebook: Casebook) -> Casebook:
    """The casebook itself: it carries the conversation methods (ConversationService)."""
    return casebook


def goal_form(today: date, days: int = 7, review: int | None = 14, **extra: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "wording": "Go to the Tuesday AA meeting with Sam",
        "target_date": (today + timedelta(days=days)).isoformat(),
        "review_date": (today + timedelta(days=review)).isoformat() if review else None,
    }
    return {**form, **extra}


STAGE_ONE: tuple[tuple[str, object], ...] = (
    ("s1_raise", "yes"),
    ("s1_past", "did_not_suit"),
    ("s1_past_what", "Went to one in 2019, felt preached at."),
    ("s1_know", ""),
    ("s1_hopes", "I'm not religious and I don't want to speak"),
    ("s1_options", None),
    ("s1_interest", 6),
    ("s1_ready", "yes"),
    ("s1_programmes", ["twelve_step", "smart"]),
    ("s1_days", ["tue", "thu"]),
    ("s1_times", "evening"),
    ("s1_attendance", "in_person"),
    ("s1_audience", []),
    ("s1_access", ["step_free"]),
    ("s1_travel", "3"),
)
"""Stage one for a client it did not suit before: evenings, step-free access, 3 miles."""


def stage_one(s: Session) -> None:
    s.say_all(STAGE_ONE)


def stage_two_until_goal(s: Session, meeting_id: str, today: date, **extra: Any) -> None:
    s.say("s2_meetings", [meeting_id])
    s.say("s2_goal", goal_form(today, **extra))


# --------------------------------------------------------------------------- the journey


def test_whole_journey_stage_1_2_3(demo_casebook: Casebook, clock: FixedClock) -> None:
    book = service(demo_casebook)
    code = not_started(book)
    today = clock.today()
    meeting_id = book.directory.meetings()[0].id
    s = Session(book, code)
    assert s.step == "s1_raise"
    # The new conversation is saved with its first answer, not before.
    assert s.record().conversations == []

    s.say("s1_raise", "yes")
    assert [c.id for c in s.record().conversations] == [s.id]
    assert s.record().client.stage is Stage.INTRODUCE

    s.say_all(STAGE_ONE[1:-1])  # up to the last question of stage one
    assert s.record().client.stage is Stage.INTRODUCE
    assert STAGE_ONE[-1] == ("s1_travel", "3")
    s.say("s1_travel", "3")

    # After stage 1: the profile holds what the client said.
    record = s.record()
    client = record.client
    assert client.stage is Stage.CONNECT
    assert client.prior_experience is PriorExperience.DID_NOT_SUIT
    assert client.prior_experience_note == "Went to one in 2019, felt preached at."
    prefs = client.preferences
    assert prefs.programmes == [Programme.TWELVE_STEP, Programme.SMART]
    assert prefs.days == [Weekday.TUESDAY, Weekday.THURSDAY]
    assert prefs.earliest is not None and prefs.earliest.hour == 17
    assert prefs.latest is not None and prefs.latest.hour == 23
    assert prefs.attendance == [Attendance.IN_PERSON, Attendance.HYBRID]
    assert prefs.audience == []
    assert prefs.access_needs == [AccessNeed.WHEELCHAIR]
    assert prefs.max_travel_miles == 3
    assert client.updated_at == clock.now()
    conversation = s.conversation()
    notes = conversation_notes(conversation)
    assert notes.concerns == ("I'm not religious and I don't want to speak",)
    assert notes.knowledge == ()  # left blank
    assert notes.interest == 6
    assert not notes.declined
    assert [t.step_id for t in conversation.turns][:3] == ["s1_raise", "s1_past", "s1_past_what"]
    assert len(conversation.turns) == len(conversation.state["path"]) == 15
    assert conversation.turns[0].answer == "Yes, happy to talk about it"
    assert conversation.stage_reached is Stage.CONNECT
    assert not conversation.finished

    # Stage 2: meetings, goal (with the date to talk about it), support.
    review_before = record.client.next_review
    stage_two_until_goal(s, meeting_id, today)
    s.say("s2_link", "peer_mentor")
    s.say("s2_consent", "yes")
    s.say("s2_call", [])
    s.say("s2_person", "Sam, peer mentor")
    s.say("s2_travel", "Number 12 bus, leave at 6")
    s.say("s2_barriers", "If I'm nervous I'll ring Sam first.")
    s.say("s2_plan", None)
    assert s.step == END

    record = s.record()
    assert record.client.stage is Stage.CONNECT
    assert record.client.consent.share_first_name is True
    # One set of dates: the follow-up falls due on the date agreed to talk; the care-plan
    # review is the keyworker's to set, and is left as it was.
    assert record.client.next_review == review_before
    assert record.summary().follow_up_due == today + timedelta(days=14)
    [goal] = record.goals
    assert goal.wording == "Go to the Tuesday AA meeting with Sam"
    assert goal.meeting_id == meeting_id
    assert goal.target_date == today + timedelta(days=7)
    assert goal.review_date == today + timedelta(days=14)
    assert goal.status is GoalStatus.PLANNED
    assert goal.created_by == record.client.keyworker
    assert goal.created_at == clock.now()
    assert goal.support.link is LinkType.PEER_MENTOR
    assert goal.support.linked_person == "Sam, peer mentor"
    assert goal.support.travel_plan == "Number 12 bus, leave at 6"
    assert goal.support.barriers_plan == "If I'm nervous I'll ring Sam first."
    conversation = s.conversation()
    assert conversation.finished
    assert conversation_notes(conversation).meeting_ids == (meeting_id,)
    assert record.summary().current_goal == goal.wording

    # Stage 3, a fortnight later: a new conversation follows up the open goal.
    clock.moment += timedelta(days=15)
    later = clock.today()
    s3 = Session(book, code)
    assert s3.id != s.id
    assert s3.step == "fu_start"
    s3.say("fu_start", None)
    s3.say(
        "fu_form",
        [
            {
                "goal_id": goal.id,
                "attended": "yes",
                "meetings_since_last": 2,
                "meeting_ids": [meeting_id],
                "helpfulness": 8,
                "what_it_was_like": "Friendlier than I thought.",
                "involvement": ["swapped numbers"],
                "next_step": "try another meeting",
            }
        ],
    )
    assert s3.step == "s2_meetings"  # the form said "another meeting": no need to ask
    record = s3.record()
    assert record.client.stage is Stage.FOLLOW_UP
    [review] = record.reviews
    assert review.goal_id == goal.id
    assert review.date == later
    assert review.recorded_by == record.client.keyworker
    assert review.attended is Attended.YES
    assert review.meetings_since_last == 2
    assert review.helpfulness == 8
    assert review.next_step is NextStep.TRY_ANOTHER_MEETING
    assert record.goals[0].status is GoalStatus.CHANGED
    assert record.goals[0].closed_on == later
    assert record.goals[0].closed_reason == "try another meeting"
    assert record.summary().follow_up_due is None  # nothing open until the new goal
    other = book.directory.meetings()[1].id
    s3.say("s2_meetings", [other])
    s3.say("s2_goal", goal_form(later, wording="Try the Thursday one"))
    s3.say("s2_link", "none")
    s3.say("s2_travel", "")
    s3.say("s2_barriers", "Go straight from work")
    s3.say("s2_plan", None)
    assert s3.step == END
    record = s3.record()
    assert record.client.next_review == review_before
    assert len(record.reviews) == 1 and len(record.goals) == 2
    assert record.summary().follow_up_due == later + timedelta(days=14)
    assert [c.finished for c in record.conversations] == [True, True]


def follow_up_of(goal_id: str, talk: date | None = None, **answers: Any) -> dict[str, Any]:
    return {
        "goal_id": goal_id,
        "talk_again_on": talk.isoformat() if talk else None,
        **answers,
    }


@pytest.mark.parametrize(
    ("answers", "status", "follow_on"),
    [
        ({"attended": "yes", "next_step": "carry on"}, GoalStatus.ACHIEVED, GoalStatus.ONGOING),
        (
            {"attended": "yes", "meetings_since_last": 1, "next_step": "carry on"},
            GoalStatus.PARTLY,  # two were planned
            GoalStatus.ONGOING,
        ),
        ({"attended": "no", "next_step": "carry on"}, GoalStatus.NOT_ACHIEVED, GoalStatus.PLANNED),
        (
            {"attended": "no", "next_step": "re-link with a person"},
            GoalStatus.NOT_ACHIEVED,
            GoalStatus.PLANNED,
        ),
        ({"attended": "unknown", "next_step": "carry on"}, GoalStatus.PLANNED, None),
        (
            {"attended": "yes", "next_step": "stop for now", "barriers": ["work shifts"]},
            GoalStatus.WITHDRAWN,
            None,
        ),
        ({"attended": "no", "next_step": "try another programme"}, GoalStatus.CHANGED, None),
    ],
)
def test_the_follow_up_moves_the_goal_on(
    demo_casebook: Casebook,
    clock: FixedClock,
    answers: dict[str, Any],
    status: GoalStatus,
    follow_on: GoalStatus | None,
) -> None:
    book = service(demo_casebook)
    code = not_started(book)
    today = clock.today()
    meeting = book.directory.meetings()[0]
    s = Session(book, code)
    stage_one(s)
    stage_two_until_goal(s, meeting.id, today, meetings_planned=2)
    for step, value in (("s2_link", "none"), ("s2_travel", ""), ("s2_barriers", "Text me")):
        s.say(step, value)
    s.say("s2_plan", None)
    [goal] = s.record().goals
    clock.moment += timedelta(days=15)
    later = clock.today()
    s3 = Session(book, code)
    s3.say("fu_start", None)
    talk = later + timedelta(days=7)
    s3.say("fu_form", [follow_up_of(goal.id, talk, **answers)])
    record = s3.record()
    followed = next(g for g in record.goals if g.id == goal.id)
    assert followed.status is status
    assert (followed.closed_on == later) is (not status.is_open)
    if status is GoalStatus.WITHDRAWN:
        assert followed.closed_reason == "work shifts"
    others = [g for g in record.goals if g.id != goal.id]
    if follow_on is None:
        assert others == []
    else:
        [new] = others
        assert new.status is follow_on
        assert new.meeting_id == meeting.id
        assert new.review_date == talk
        assert new.target_date <= talk
        assert meeting.name in new.wording
        assert new.created_at == clock.now()
    summary = record.summary()
    if status.is_open or follow_on is not None:
        assert summary.follow_up_due == talk  # the next date to talk, never a past one
    else:
        assert summary.follow_up_due is None
    # No goal is left "planned" with its date to talk in the past.
    assert not any(g.status.is_open and g.follow_up_on < later for g in record.goals)


def test_an_ongoing_goal_stays_ongoing_with_the_next_date(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    book = service(demo_casebook)
    code = "KB-1094"  # keeps going to women's AA: an ongoing goal
    before = book.clients.record(code)
    [ongoing] = [g for g in before.goals if g.status is GoalStatus.ONGOING]
    today = clock.today()
    s = Session(book, code)
    s.say("fu_start", None)
    talk = today + timedelta(days=14)
    s.say("fu_form", [follow_up_of(ongoing.id, talk, attended="yes", helpfulness=9)])
    assert s.step == END  # going, and it helps: no "shall we plan another meeting?"
    record = s.record()
    [still] = [g for g in record.goals if g.id == ongoing.id]
    assert still.status is GoalStatus.ONGOING
    assert still.review_date == talk
    assert len(record.goals) == len(before.goals)


# --------------------------------------------------------------------------- resume


def test_resume_after_quitting_mid_stage(
    file_demo_casebook: Casebook, clock: FixedClock, store_path: Any
) -> None:
    book = service(file_demo_casebook)
    code = not_started(book)
    s = Session(book, code)
    s.say("s1_raise", "yes")
    s.say("s1_past", "none")
    s.say("s1_know", "Not much")
    assert s.step == "s1_hopes"

    # Quit: a brand-new casebook on the same store continues at the same step.
    again = Casebook(open_store(store_path), clock)
    conversation, state, step = again.conversations.open(code)
    assert conversation.id == s.id
    assert step is not None and step.id == "s1_hopes"
    assert [v.step_id for v in state.path] == ["s1_raise", "s1_past", "s1_know"]
    assert len(again.store.load_client(code).conversations) == 1
    outcome = again.conversations.answer(code, conversation.id, "Worried about speaking")
    assert outcome.step is not None and outcome.step.id == "s1_options"


def test_a_conversation_the_script_cannot_continue_is_closed_and_a_new_one_started(
    demo_casebook: Casebook,
) -> None:
    book = service(demo_casebook)
    code = "KB-1125"
    [current_one] = book.clients.record(code).conversations
    # Saved by an older script: its step no longer exists.
    old = current_one.model_copy(
        update={"state": {**current_one.state, "step": "a_step_that_was_removed"}}
    )
    demo_casebook.store.change_record(code, lambda r: r.model_copy(update={"conversations": [old]}))
    assert not old.finished
    conversation, _, step = book.conversations.open(code)
    assert conversation.id != old.id
    assert step is not None and step.id == "s1_raise"
    stored = {c.id: c for c in book.clients.record(code).conversations}
    assert stored[old.id].finished
    assert "Could not be resumed" in conversation_notes(stored[old.id]).closed
    assert conversation.id not in stored  # saved with its first answer
    book.conversations.answer(code, conversation.id, "yes")
    stored = {c.id: c for c in book.clients.record(code).conversations}
    assert not stored[conversation.id].finished
    # The old turns are kept.
    assert stored[old.id].turns == old.turns


def test_the_script_is_loaded_once() -> None:
    assert conversation_script() is conversation_script()


# --------------------------------------------------------------------------- back


def test_back_and_answer_again_replaces_the_goal(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    book = service(demo_casebook)
    code = not_started(book)
    today = clock.today()
    meeting_id = book.directory.meetings()[0].id
    s = Session(book, code)
    stage_one(s)
    stage_two_until_goal(s, meeting_id, today)
    assert len(s.record().goals) == 1
    turns = len(s.conversation().turns)

    s.back()
    assert s.step == "s2_goal"
    assert s.record().goals == []
    assert len(s.conversation().turns) == turns - 1

    s.say("s2_goal", goal_form(today, wording="Try SMART on Thursday", days=9, review=10))
    [goal] = s.record().goals
    assert goal.wording == "Try SMART on Thursday"
    assert goal.target_date == today + timedelta(days=9)
    assert len(s.conversation().turns) == turns

    # Support recorded, then the branch changed: the old support goes with it.
    s.say("s2_link", "volunteer_meets")
    s.say("s2_consent", "yes")
    s.say("s2_call", [])
    s.say("s2_person", "Linda")
    assert s.record().goals[0].support.linked_person == "Linda"
    assert s.record().client.consent.share_first_name is True
    s.back()
    s.back()
    s.back()
    s.back()
    assert s.step == "s2_link"
    record = s.record()
    assert record.goals[0].support.link is LinkType.NONE
    assert record.goals[0].support.linked_person == ""
    assert record.client.consent.share_first_name is False
    s.say("s2_link", "none")
    assert s.step == "s2_travel"
    [goal] = s.record().goals
    assert goal.support.link is LinkType.NONE
    assert goal.wording == "Try SMART on Thursday"


def test_back_over_a_branch_restores_the_profile(demo_casebook: Casebook) -> None:
    book = service(demo_casebook)
    code = not_started(book)
    s = Session(book, code)
    s.say("s1_raise", "yes")
    s.say("s1_past", "helped")
    s.say("s1_past_what", "AA in Leeds, it was good")
    s.back()
    s.back()
    client = s.record().client
    assert client.prior_experience is PriorExperience.UNKNOWN
    assert client.prior_experience_note == ""
    s.say("s1_past", "none")
    assert s.step == "s1_know"
    conversation = s.conversation()
    assert [t.step_id for t in conversation.turns] == ["s1_raise", "s1_past"]
    assert s.record().client.prior_experience is PriorExperience.NONE

    # Back to the very start undoes the stage too; back at the start changes nothing.
    s.back()
    s.back()
    assert s.step == "s1_raise"
    assert s.record().client.stage is Stage.NOT_STARTED
    before = s.record()
    s.back()
    assert s.step == "s1_raise"
    assert s.record() == before


def test_back_and_answer_the_follow_up_again_keeps_one_review(demo_casebook: Casebook) -> None:
    book = service(demo_casebook)
    code = next(
        e.code for e in book.clients.caseload().entries if e.summary.stage is Stage.FOLLOW_UP
    )
    before = book.clients.record(code)
    open_ids = [g.id for g in sorted(before.goals, key=lambda g: g.target_date) if g.status.is_open]
    s = Session(book, code)
    s.say("fu_start", None)
    forms = [{"goal_id": g, "attended": "yes", "next_step": "stop for now"} for g in open_ids]
    s.say("fu_form", forms)
    record = s.record()
    assert len(record.reviews) == len(before.reviews) + len(open_ids)
    assert {g.id: g.status for g in record.goals if g.id in open_ids} == dict.fromkeys(
        open_ids, GoalStatus.WITHDRAWN
    )
    s.back()
    assert s.record().reviews == before.reviews
    assert s.record().goals == before.goals
    talk = s.book.today + timedelta(days=7)
    forms = [follow_up_of(g, talk, attended="no", next_step="carry on") for g in open_ids]
    s.say("fu_form", forms)
    record = s.record()
    assert len(record.reviews) == len(before.reviews) + len(open_ids)
    followed = [g for g in record.goals if g.id in open_ids]
    assert all(g.status in (GoalStatus.NOT_ACHIEVED, GoalStatus.ONGOING) for g in followed)
    s.back()
    assert s.record().goals == before.goals  # the goals that followed went with the answer


# --------------------------------------------------------------------------- branches


def test_a_client_who_says_no(demo_casebook: Casebook, clock: FixedClock) -> None:
    book = service(demo_casebook)
    code = not_started(book)
    revisit = clock.today() + timedelta(days=28)
    s = Session(book, code)
    s.say("s1_raise", "no")
    s.say("declined", "Not while I'm on the detox waiting list.")
    s.say("declined_revisit", revisit.isoformat())
    assert s.step == END
    record = s.record()
    assert record.client.stage is Stage.NOT_STARTED
    assert record.client.declined is not None
    assert record.client.declined.revisit_on == revisit
    assert record.client.declined.on == clock.today()
    assert record.client.declined.reason == "Not while I'm on the detox waiting list."
    assert record.client.next_review == book.clients.record(code).client.next_review
    summary = record.summary()
    assert summary.declined_on == clock.today() and summary.revisit_on == revisit
    assert record.goals == []
    conversation = s.conversation()
    assert conversation.finished
    notes = conversation_notes(conversation)
    assert notes.declined
    assert notes.declined_note == "Not while I'm on the detox waiting list."


def test_a_client_who_says_no_later_keeps_their_stage(demo_casebook: Casebook) -> None:
    book = service(demo_casebook)
    code = not_started(book)
    review_before = book.clients.record(code).client.next_review
    s = Session(book, code)
    s.say_all(SAYS_NO_FOR_NOW)
    record = s.record()
    assert record.client.stage is Stage.NOT_STARTED
    assert record.client.next_review == review_before  # the care-plan review: unchanged
    assert record.client.declined is not None and record.client.declined.revisit_on is None
    notes = conversation_notes(s.conversation())
    assert notes.declined and notes.declined_note == "" and notes.interest == 2


def test_a_family_member(demo_casebook: Casebook, clock: FixedClock) -> None:
    book = service(demo_casebook)
    client = Client(
        code="FM-2001",
        keyworker="JB",
        postcode_district="SE1",
        for_family=True,
        episode_start=clock.today(),
    )
    book.store.create_client(client)
    s = Session(book, "FM-2001")
    assert s.step == "fam_raise"
    s.say("fam_raise", "yes")
    s.say("fam_hopes", "He'll find out I went")
    s.say("fam_options", None)
    s.say("fam_interest", 8)
    s.say("fam_ready", "yes")
    s.say("fam_programmes", ["smart"])
    assert s.step == "s1_days"
    record = s.record()
    assert record.client.stage is Stage.INTRODUCE
    assert record.client.preferences.programmes == [Programme.SMART]
    notes = conversation_notes(s.conversation())
    assert notes.concerns == ("He'll find out I went",)
    assert notes.interest == 8
    assert s.conversation().keyworker == "JB"


# --------------------------------------------------------------------------- bad answers


def test_bad_answers_change_nothing(demo_casebook: Casebook, clock: FixedClock) -> None:
    book = service(demo_casebook)
    code = not_started(book)
    today = clock.today()
    s = Session(book, code)

    def refused(value: object, message: str) -> None:
        before = book.store.load_client(code)
        with pytest.raises(AnswerError, match=message):
            book.conversations.answer(code, s.id, value)
        assert book.store.load_client(code) == before

    refused("", "needs an answer")
    refused("maybe", "not one of the choices")
    s.say("s1_raise", "yes")
    s.say("s1_past", "helped")
    refused("   ", "needs an answer")
    s.say("s1_past_what", "[bold]It helped[/bold] [link=x]a lot[/]")
    assert s.record().client.prior_experience_note == "[bold]It helped[/bold] [link=x]a lot[/]"
    assert s.conversation().turns[-1].answer == "[bold]It helped[/bold] [link=x]a lot[/]"
    s.say("s1_know", "")
    s.say("s1_hopes", "[red]scared[/red]")
    assert conversation_notes(s.conversation()).concerns == ("[red]scared[/red]",)
    s.say("s1_options", None)
    refused(11, "from 0 to 10")
    s.say("s1_interest", 5)
    s.say("s1_ready", "yes")
    for step in ("s1_programmes", "s1_days", "s1_times", "s1_attendance"):
        s.say(step, [] if step in ("s1_programmes", "s1_days") else None)
    for step in ("s1_audience", "s1_access", "s1_travel"):
        s.say(step, [] if step != "s1_travel" else None)
    s.say("s2_meetings", [])
    assert s.step == "s2_goal"
    refused({}, "needs an answer")
    refused(goal_form(today, wording=""), "own words")
    refused(goal_form(today, days=-1, review=3), "in the past")
    refused(goal_form(today, days=10, review=5), "cannot be before the goal's target date")
    refused(goal_form(today, days=10, review=None), "Agree a date to talk")
    refused(goal_form(today, target_date="next week"), "as a date")
    s.say("s2_goal", goal_form(today, wording="[b]Go[/b] to SMART"))
    assert s.record().goals[0].wording == "[b]Go[/b] to SMART"
    s.say("s2_link", "none")
    s.say("s2_travel", "")
    refused("", "needs an answer")
    s.say("s2_barriers", "Ring the helpline")
    assert s.step == "s2_plan"


def test_answering_a_finished_or_missing_conversation(demo_casebook: Casebook) -> None:
    book = service(demo_casebook)
    code = not_started(book)
    s = Session(book, code)
    s.say("s1_raise", "no")
    s.say("declined", "")
    s.say("declined_revisit", None)
    with pytest.raises(AnswerError, match="finished"):
        book.conversations.answer(code, s.id, "yes")
    from fama.casebook.conversation import ConversationNotFound

    with pytest.raises(ConversationNotFound):
        book.conversations.answer(code, "nope", "yes")


# --------------------------------------------------------------------------- pure apply


def test_apply_outcome_is_pure(demo_casebook: Casebook, clock: FixedClock) -> None:
    from fama.conversation import Context, answer
    from fama.models import Conversation

    script = conversation_script()
    record = demo_casebook.clients.record(not_started(demo_casebook))
    state = start(script, Context.from_client(record.client))
    conversation = Conversation(
        client_code=record.client.code, keyworker="JB", state=state.to_dict()
    )
    outcome = answer(script, state, "yes", today=clock.today())
    snapshot = record.model_copy(deep=True)
    new_record, new_conversation = apply_outcome(
        record, conversation, outcome, now=clock.now(), keyworker="JB"
    )
    assert record == snapshot
    assert new_record.client.stage is Stage.INTRODUCE
    assert new_record.conversations[-1] == new_conversation
    assert new_conversation.state["stage_before"] == Stage.NOT_STARTED.value
    assert current(script, outcome.state) == script.step("s1_past")
    with pytest.raises(ValueError, match="timezone"):
        apply_outcome(
            record, conversation, outcome, now=clock.now().replace(tzinfo=None), keyworker="JB"
        )


def test_the_service_module_loads_neither_pydantic_nor_textual() -> None:
    """Casebook inherits the mixin: importing it must keep the caseload's fast start."""
    import subprocess
    import sys

    code = (
        "import sys, fama.casebook.conversation\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'textual'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_answer_the_records_refuse_is_an_answer_error(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    book = service(demo_casebook)
    code = not_started(book)
    s = Session(book, code)
    stage_one(s)
    s.say("s2_meetings", [])
    before = book.store.load_client(code)
    with pytest.raises(AnswerError, match="cannot be saved"):
        book.conversations.answer(code, s.id, goal_form(clock.today(), organisation="NOT-AN-ORG"))
    assert book.store.load_client(code) == before
