"""Pilot tests of the conversation screen: press keys as a keyworker would in a session, then
check the chat *and* what the store holds."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input

from fama.casebook.service import Casebook
from fama.clients.form import ClientForm
from fama.clock import FixedClock
from fama.models.goal import GoalStatus
from fama.models.review import Attended, Handover, NextStep
from fama.models.vocab import Stage, Weekday
from fama.store import MemoryStore
from fama.tui.app import make_app
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.conversation import ConversationScreen
from fama.tui.screens.show_to_client import ShowToClientScreen
from fama.tui.widgets.answers import QuickReplies, TextAnswer
from fama.tui.widgets.conversation_side import ConversationSide
from fama.tui.widgets.meeting_choice import MeetingChoice
from fama.tui.widgets.transcript import Transcript
from tests.helpers.chat import (
    NEW_CLIENT,
    STAGE_1,
    chat,
    error_text,
    latest,
    open_chat,
    say,
    stage_one_said,
    step_of,
    transcript_text,
    turn_text,
)
from tests.helpers.records import set_preferences

SIZE = (130, 40)
TODAY = date(2026, 11, 24)


async def test_stage_one_by_keyboard_records_profile_and_suggests_handouts(
    demo_casebook: Casebook, clock: FixedClock, demo_town: MemoryStore
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        assert isinstance(app.focused.parent if app.focused else None, QuickReplies)
        await say(pilot, *STAGE_1[:6], keys=True)
        # Worries bring up the matching handouts beside the chat.
        side = chat(app).query_one(ConversationSide)
        titles = [str(o.prompt) for o in side.query_one("#side-handouts").options]  # type: ignore[attr-defined]
        assert any("God" in t for t in titles)
        assert any("speak" in t for t in titles)
        await say(pilot, *STAGE_1[6:], keys=True)
        assert isinstance(chat(app).query_one("#answer-area").children[0], MeetingChoice)
        # What a person typed is shown as typed.
        assert "A church hall [x], I felt judged" in transcript_text(app)
        assert "7 out of 10" in transcript_text(app)

    record = demo_casebook.clients.record(NEW_CLIENT)
    prefs = record.client.preferences
    assert [p.value for p in prefs.programmes] == ["12-step", "SMART"]
    assert prefs.days == [Weekday.TUESDAY, Weekday.THURSDAY]
    assert prefs.max_travel_miles == 5
    assert record.client.prior_experience_note == "A church hall [x], I felt judged"
    assert record.client.stage is Stage.CONNECT
    assert step_of(record) == "s2_meetings"
    assert len(latest(record).turns) == 15

    # The other screen tests start from stage one said through the casebook: it must record
    # what these keys recorded.
    said = Casebook(MemoryStore(), clock)
    said.store.fill_from(demo_town)
    stage_one_said(said)
    again = said.clients.record(NEW_CLIENT)
    assert [(t.step_id, t.answer) for t in latest(again).turns] == [
        (t.step_id, t.answer) for t in latest(record).turns
    ]
    assert again.client.preferences == prefs
    assert again.client.model_dump(exclude={"updated_at"}) == record.client.model_dump(
        exclude={"updated_at"}
    )


async def test_empty_required_answer_is_refused_and_nothing_saved(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, "1", "2", "enter")  # "what happened?" needs an answer
        assert "needs an answer" in error_text(app)
        assert isinstance(chat(app).query_one("#answer-area").children[0], TextAnswer)
    assert step_of(demo_casebook.clients.record(NEW_CLIENT)) == "s1_past_what"


async def test_markup_in_answers_never_crashes(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, "1", "2", "type:stop [/] now [bold]x[/bold] [link=y]", "enter")
        assert "stop [/] now [bold]x[/bold] [link=y]" in transcript_text(app)
    record = demo_casebook.clients.record(NEW_CLIENT)
    assert record.client.prior_experience_note == "stop [/] now [bold]x[/bold] [link=y]"


async def test_back_one_step_forgets_the_answer_and_what_it_recorded(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, "1", "2")
        assert (
            demo_casebook.clients.record(NEW_CLIENT).client.prior_experience.value
            != "not asked yet"
        )
        await say(pilot, "ctrl+z")
        assert isinstance(chat(app).query_one("#answer-area").children[0], QuickReplies)
        assert "Went, and it helped" not in transcript_text(app)
        record = demo_casebook.clients.record(NEW_CLIENT)
        assert step_of(record) == "s1_past"
        assert record.client.prior_experience.value == "not asked yet"
        await say(pilot, "1")  # never been: straight to what they know
        assert step_of(demo_casebook.clients.record(NEW_CLIENT)) == "s1_know"
        await say(pilot, "ctrl+z", "ctrl+z", "ctrl+z")  # back past the start: stays there
        assert step_of(demo_casebook.clients.record(NEW_CLIENT)) == "s1_raise"


async def test_pause_and_resume_after_quitting(demo_casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, *STAGE_1[:5])  # part-way through stage 1, mid-answer below
        await say(pilot, "type:half typed")
        await pilot.press("ctrl+q")  # quit: the half-typed answer is the only loss
    record = demo_casebook.clients.record(NEW_CLIENT)
    assert step_of(record) == "s1_hopes"
    assert len(record.conversations) == 1

    again = make_app(demo_casebook, clock)
    async with again.run_test(size=SIZE) as pilot:
        await open_chat(pilot, again, NEW_CLIENT)
        assert isinstance(chat(again).query_one("#answer-area").children[0], TextAnswer)
        assert chat(again).query_one("#reply-box", Input).value == ""
        assert "A church hall [x], I felt judged" in transcript_text(again)
        await say(pilot, "escape")
        assert isinstance(again.screen, ClientScreen)
    assert len(demo_casebook.clients.record(NEW_CLIENT).conversations) == 1


async def test_no_thanks_is_recorded_and_respected(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    review_before = demo_casebook.clients.record(NEW_CLIENT).client.next_review
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, "2", "type:Maybe after Christmas", "enter")
        # The date to come back to it starts from the next care-plan review: typed over.
        chat(app).query_one("#reply-box", Input).value = ""
        await say(pilot, "type:+14", "enter")
        summary = turn_text(chat(app).query(".app-turn.current").last())
        assert chat(app).step is None
        # the end summary is shown: the refusal, in the client's words, and when to ask again
        assert "**They said no for now.**" in summary
        assert "Maybe after Christmas" in summary and "Tue 8 Dec 2026" in summary
        await say(pilot, "enter")
        assert isinstance(app.screen, ClientScreen)
    record = demo_casebook.clients.record(NEW_CLIENT)
    conversation = latest(record)
    assert conversation.finished
    assert conversation.state["declined"][0]["note"] == "Maybe after Christmas"
    assert record.client.stage is Stage.NOT_STARTED
    assert record.client.declined is not None
    assert record.client.declined.revisit_on == TODAY + timedelta(days=14)
    assert record.client.next_review == review_before  # the care-plan review is left alone


async def test_family_member_gets_the_family_route(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    demo_casebook.clients.add(
        ClientForm(
            code="KB-2001",
            keyworker="DO",
            postcode_district="DE1",
            episode_start="2026-11-01",
            for_family=True,
        )
    )
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, "KB-2001")
        assert chat(app).step is not None and chat(app).step.id == "fam_raise"
        await say(pilot, "escape")  # left before any answer: nothing kept
    assert demo_casebook.clients.record("KB-2001").conversations == []


async def test_handouts_shown_and_given_from_the_chat_are_logged(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, "ctrl+g")  # nothing suggested yet: a warning, nothing logged
        await say(pilot, *STAGE_1[:7])
        await say(pilot, "ctrl+o")
        assert isinstance(app.screen, ShowToClientScreen)
        assert NEW_CLIENT not in str(app.screen.title)
        await say(pilot, "escape", "ctrl+g")
        assert isinstance(app.screen, ConversationScreen)
    record = demo_casebook.clients.record(NEW_CLIENT)
    events = latest(record).handouts
    assert [e.action.value for e in events] == ["shown", "given"]
    assert [h.handout_id for h in record.handouts] == [events[1].handout_id]
    assert record.handouts[0].given_on == TODAY


async def test_a_long_transcript_keeps_earlier_conversations(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, "KB-1071")  # resumes its unfinished conversation
        transcript = chat(app).query_one(Transcript)
        assert transcript.widget_count() > 4
        assert step_of(demo_casebook.clients.record("KB-1071")) == "s1_ready"
        assert isinstance(chat(app).query_one("#answer-area").children[0], QuickReplies)


STAGE_2 = (
    "1,enter",  # the best-ranked meeting
    "enter,enter,enter,enter",  # the goal form as suggested: wording, target, talk, meetings
    "3",  # a peer mentor meets or goes with them
    "1",  # consent to share a first name: yes
    "0",  # no call from the register (the call test rings Dee): name who they'll meet
    "type:Sam [peer mentor]",
    "enter",
    "type:Bus 14 from the square",
    "enter",
    "type:Nerves: text Sam first",
    "enter",
)


async def test_whole_journey_stage_2_and_3_by_keyboard(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    """From stage one said (typed key by key in the stage-one test, which checks the
    casebook records the same) through stage two by keyboard, the plan, the summary, and
    a later session's follow-up."""
    from icalendar import Calendar
    from platformdirs import user_documents_path

    from fama.clock import london
    from fama.conversation.prefill import next_time_it_runs
    from fama.models.goal import LinkType

    review_before = demo_casebook.clients.record(NEW_CLIENT).client.next_review
    stage_one_said(demo_casebook)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        choice = chat(app).query_one(MeetingChoice)
        best = choice.options[0].meeting_id
        await say(pilot, *STAGE_2)
        assert chat(app).step is not None and chat(app).step.offer_meeting_plan  # type: ignore[union-attr]
        await say(pilot, "p")  # My meeting plan: a page and a calendar file
        await say(pilot, "enter")  # the plan dialog: save with its defaults
        await say(pilot, "enter")
        assert chat(app).step is None
        summary = turn_text(chat(app).query(".app-turn.current").last())
        assert "### Goal agreed" in summary and "Bus 14 from the square" in summary
        await say(pilot, "enter")
        assert isinstance(app.screen, ClientScreen)

    record = demo_casebook.clients.record(NEW_CLIENT)
    meeting = demo_casebook.directory.meeting(best)
    (goal,) = record.goals
    target = next_time_it_runs(meeting, clock.now().astimezone(london()).replace(tzinfo=None))
    assert goal.meeting_id == best
    assert goal.target_date == target  # the next time the chosen meeting runs
    assert goal.review_date == target + timedelta(days=7)
    assert goal.status is GoalStatus.PLANNED
    assert goal.support.link is LinkType.PEER_MENTOR
    assert goal.support.linked_person == "Sam [peer mentor]"
    assert goal.support.travel_plan == "Bus 14 from the square"
    assert goal.support.barriers_plan == "Nerves: text Sam first"
    assert record.client.consent.share_first_name
    assert record.client.next_review == review_before  # the care-plan review: not ours
    assert record.summary().follow_up_due == goal.review_date
    assert record.client.stage is Stage.CONNECT
    first = latest(record)
    assert first.finished and first.stage_reached is Stage.CONNECT
    plans = sorted((user_documents_path() / "fama meeting plans").iterdir())
    assert [p.suffix for p in plans] == [".html", ".ics"]
    assert all(NEW_CLIENT not in p.name for p in plans)
    events = Calendar.from_ical(plans[1].read_bytes()).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Time for me"]  # discreet by default

    # A later session: stage 3 follows up the open goal.
    again = make_app(demo_casebook, clock)
    async with again.run_test(size=SIZE) as pilot:
        await open_chat(pilot, again, NEW_CLIENT)
        assert chat(again).step is not None and chat(again).step.id == "fu_start"  # type: ignore[union-attr]
        await say(pilot, "enter")  # how did it go?
        # They went, and Sam (the peer mentor linked in stage 2) met them there.
        await say(pilot, "y", "tab", "m", "tab", "type:2", "tab", "tab", "type:8", "tab")
        await say(pilot, "type:Friendly, [tea] after", "tab", "space", "tab", "enter", "enter")
        # Carrying on: the date to talk again (a week ahead, prefilled), then Enter saves.
        assert again.focused is not None and again.focused.id == "follow-up-talk"
        await say(pilot, "enter")
        assert "went: yes, 2 meetings, helpful 8/10" in transcript_text(again)
        assert chat(again).step is None  # going, and it helps: no "plan another?"

    record = demo_casebook.clients.record(NEW_CLIENT)
    (review,) = record.reviews
    assert review.goal_id == goal.id
    assert review.attended is Attended.YES
    assert review.meetings_since_last == 2
    assert review.meeting_ids == [best]
    assert review.helpfulness == 8
    assert review.what_it_was_like == "Friendly, [tea] after"
    assert [i.value for i in review.involvement] == ["spoke at a meeting"]
    assert review.next_step is NextStep.CARRY_ON
    assert review.handover is Handover.MET
    followed = next(g for g in record.goals if g.id == goal.id)
    assert followed.status is GoalStatus.ACHIEVED  # they went
    [ongoing] = [g for g in record.goals if g.id != goal.id]
    assert ongoing.status is GoalStatus.ONGOING  # and carry on: an attendance goal keeps going
    assert ongoing.review_date == TODAY + timedelta(days=7)
    assert record.summary().follow_up_due == TODAY + timedelta(days=7)
    assert record.client.stage is Stage.FOLLOW_UP
    assert record.client.next_review == review_before
    assert len(record.conversations) == 2
    assert all(c.finished for c in record.conversations)


async def test_goal_form_refuses_past_dates_and_a_review_before_the_target(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    stage_one_said(demo_casebook)  # typed key by key in the stage-one test
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, "1,enter")
        target = chat(app).query_one("#goal-target", Input)
        target.value = "2026-01-05"
        await say(pilot, "enter,enter,enter,enter")
        assert "in the past" in error_text(app)
        target.value = "2026-12-10"
        chat(app).query_one("#goal-review", Input).value = "2026-12-01"
        await say(pilot, "enter")
        assert "cannot be before the goal's target date" in error_text(app)
        chat(app).query_one("#goal-review", Input).value = ""
        chat(app).query_one("#goal-count", Input).focus()
        await say(pilot, "enter")
        assert "Agree a date to talk about how it went" in error_text(app)
        assert step_of(demo_casebook.clients.record(NEW_CLIENT)) == "s2_goal"
    assert demo_casebook.clients.record(NEW_CLIENT).goals == []


async def test_client_screen_says_where_a_paused_conversation_carries_on(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"KB-1071", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        text = "\n".join(str(w.render()) for w in app.screen.query(".section"))
        assert "paused" in text
        assert "Carries on at: Shall we look for a meeting you could try? (C)" in text


async def test_coming_back_to_preferences_keeps_what_was_said(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    """A follow-up that looks again at what would suit starts from the profile's ticks, so
    Enter through it changes nothing."""
    from fama.tui.widgets.follow_up_form import FollowUpForm

    code = "KB-1057"  # one open goal; prefers 12-step
    client = demo_casebook.clients.record(code).client
    set_preferences(
        demo_casebook,
        code,
        client.preferences.model_copy(update={"days": [Weekday.MONDAY, Weekday.FRIDAY]}),
    )
    before = demo_casebook.clients.record(code).client.preferences
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, code)
        await say(pilot, "enter")  # how did it go?
        chat(app).query_one(FollowUpForm).save()  # the defaults: carry on
        await pilot.pause()
        await say(pilot, "2")  # look again at what would suit
        assert step_of(demo_casebook.clients.record(code)) == "s1_programmes"
        await say(pilot, "enter", "enter")  # programmes, days: as ticked
        assert step_of(demo_casebook.clients.record(code)) == "s1_times"
    after = demo_casebook.clients.record(code).client.preferences
    assert after.programmes == before.programmes
    assert after.days == [Weekday.MONDAY, Weekday.FRIDAY]


async def test_the_plan_dialog_asks_what_goes_on_the_phone_at_80x24(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    """P asks first (Esc saves nothing); the client's title and choices reach both files,
    and both are listed on the client's record."""
    import stat

    from icalendar import Calendar
    from platformdirs import user_documents_path
    from textual.widgets import Checkbox, Static

    from fama.tui.screens.dialogs.meeting_plan_dialog import MeetingPlanDialog

    folder = user_documents_path() / "fama meeting plans"
    stage_one_said(demo_casebook)  # typed key by key in the stage-one test
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        best = chat(app).query_one(MeetingChoice).options[0].meeting_id
        await say(pilot, *STAGE_2)
        assert chat(app).step is not None and chat(app).step.id == "s2_plan"  # type: ignore[union-attr]
        await say(pilot, "p")
        dialog = app.screen
        assert isinstance(dialog, MeetingPlanDialog)
        assert app.focused is not None and app.focused.id == "plan-title"
        assert dialog.query_one("#plan-title", Input).value == "Time for me"
        assert not dialog.query_one("#plan-details", Checkbox).value
        assert not dialog.query_one("#plan-discreet", Checkbox).value
        await say(pilot, "escape")
        assert isinstance(app.screen, ConversationScreen) and not folder.exists()

        await say(pilot, "p", "end", *["backspace"] * 11, "type:AA [club]")
        dialog = app.screen
        warning = str(dialog.query_one("#plan-title-warning", Static).render())
        assert "“AA”" in warning and "choice" in warning  # warned, not refused
        await say(pilot, "tab", "space", "tab")  # details in the calendar: yes
        assert dialog.query_one("#plan-details", Checkbox).value
        assert app.focused is not None and app.focused.id == "plan-discreet"
        await say(pilot, "enter")  # Enter saves from anywhere in the dialog
        assert isinstance(app.screen, ConversationScreen)
        assert chat(app).step is not None and chat(app).step.id == "s2_plan"  # type: ignore[union-attr]

    meeting = demo_casebook.directory.meeting(best)
    html_path, ics_path = sorted(folder.iterdir())
    [event] = Calendar.from_ical(ics_path.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "AA [club]"
    assert meeting.name in str(event["description"])
    assert "My meeting plan</h1>" in html_path.read_text()  # the full page, by default
    record = demo_casebook.clients.record(NEW_CLIENT)
    assert [f.path for f in record.files] == [html_path, ics_path]
    for path in (html_path, ics_path):
        assert NEW_CLIENT not in path.name and stat.S_IMODE(path.stat().st_mode) == 0o600
