"""The live session, right: keys typed fast are kept, Ctrl+Z keeps what was typed, questions
start from what the record holds, every word the client says brings up handouts, and a
handout shown can be logged as given in one more key. Pilot tests: keys in, then the
widgets *and* the store checked."""

from __future__ import annotations

from datetime import date, timedelta

from textual import events
from textual.widgets import Input, OptionList

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.models import PriorExperience
from fama.tui.app import FamaApp, make_app
from fama.tui.screens.conversation import ConversationScreen
from fama.tui.screens.handouts import HandoutsScreen
from fama.tui.screens.show_to_client import ShowToClientScreen
from fama.tui.widgets.answers import QuickReplies
from fama.tui.widgets.follow_up_form import FollowUpForm
from fama.tui.widgets.goal_form import GoalForm
from tests.helpers.chat import chat, latest, open_chat, say, stage_one_said
from tests.helpers.pilot import until

SIZE = (100, 36)
NEW_CLIENT = "KB-1151"
TODAY = date(2026, 11, 24)


def side_titles(app: FamaApp) -> list[str]:
    options = chat(app).query_one("#side-handouts", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_a_burst_of_keys_is_kept_for_the_next_question(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    """Enter on 'the options', then 1, 0, Backspace, Backspace, 6, Enter before the scale is
    even on screen: the scale records 6."""
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, "1", "1", "enter", "type:worried", "enter")
        assert chat(app).step is not None and chat(app).step.id == "s1_options"
        burst = [("enter", "\r"), ("1", "1"), ("0", "0"), ("backspace", None)]
        burst += [("backspace", None), ("6", "6"), ("enter", "\r")]
        for key, character in burst:  # all read at once, as from a fast typist
            app.post_message(events.Key(key, character))
        for _ in range(200):  # up to 10 s: a busy machine saves slowly, the keys still wait
            await pilot.pause(0.05)
            if chat(app).step is not None and chat(app).step.id == "s1_ready":
                break
        assert chat(app).step is not None and chat(app).step.id == "s1_ready"
    turns = latest(demo_casebook.clients.record(NEW_CLIENT)).turns
    assert [(t.step_id, t.answer) for t in turns][-2:] == [("s1_options", None), ("s1_interest", 6)]


async def test_back_a_step_keeps_what_was_typed(demo_casebook: Casebook, clock: FixedClock) -> None:
    stage_one_said(demo_casebook)  # typed key by key in the stage-one test
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, "1,enter")  # the best meeting: on to the goal form
        form = chat(app).query_one(GoalForm)
        form.query_one("#goal-wording", Input).value = "Go with Sam [x] to the Tuesday one"
        form.query_one("#goal-review", Input).value = "2w"
        await say(pilot, "ctrl+z")  # back to the meetings: the goal is not yet recorded
        assert chat(app).step is not None and chat(app).step.id == "s2_meetings"
        await say(pilot, "enter")  # the same meeting, still ticked
        form = chat(app).query_one(GoalForm)
        assert form.query_one("#goal-wording", Input).value == "Go with Sam [x] to the Tuesday one"
        assert form.query_one("#goal-review", Input).value == "2w"
        form.save()
        await pilot.pause()
        assert chat(app).step is not None and chat(app).step.id == "s2_link"
        # Back over a recorded goal: the form shows the goal as it was recorded.
        await say(pilot, "ctrl+z")
        form = chat(app).query_one(GoalForm)
        assert form.query_one("#goal-wording", Input).value == "Go with Sam [x] to the Tuesday one"
        assert form.query_one("#goal-review", Input).value == (TODAY + timedelta(14)).isoformat()
        assert demo_casebook.clients.record(NEW_CLIENT).goals == []  # forgotten until saved again


async def test_a_question_the_record_answers_starts_from_that_answer(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    code = NEW_CLIENT
    demo_casebook.store.change_record(
        code,
        lambda r: r.model_copy(
            update={
                "client": r.client.model_copy(
                    update={
                        "prior_experience": PriorExperience.HELPED,
                        "prior_experience_note": "NA in prison",
                    }
                )
            }
        ),
    )
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, code)
        await say(pilot, "1")  # happy to talk
        replies = chat(app).query_one(QuickReplies)
        assert replies.selected == "helped"
        # the cursor goes to the answer after a refresh: a loaded machine takes frames
        assert await until(pilot, lambda: getattr(app.focused, "name", None) == "helped")
        await say(pilot, "enter")  # Enter keeps what the record holds...
        boxes = lambda: [box.value for box in chat(app).query("#reply-box").results(Input)]  # noqa: E731
        assert await until(pilot, lambda: boxes() == ["NA in prison"])  # ...and here
        await say(pilot, "enter")
    client = demo_casebook.clients.record(code).client
    assert client.prior_experience is PriorExperience.HELPED
    assert client.prior_experience_note == "NA in prison"


async def test_enter_on_an_optional_question_with_nothing_chosen_skips_it(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    stage_one_said(demo_casebook, until="s1_days")  # up to the time of day, optional
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        assert chat(app).step is not None and chat(app).step.id == "s1_times"
        await say(pilot, "enter")  # nothing chosen: skipped, not "mornings"
        assert chat(app).step is not None and chat(app).step.id == "s1_attendance"
        await say(pilot, "0")  # 0 skips too
        assert chat(app).step is not None and chat(app).step.id == "s1_audience"
    prefs = demo_casebook.clients.record(NEW_CLIENT).client.preferences
    assert prefs.earliest is None and prefs.latest is None and prefs.attendance == []


async def test_every_word_the_client_says_brings_up_handouts(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, "1", "3")  # went, and it didn't suit: what happened?
        assert side_titles(app) == [
            "None yet: they follow what the client says in their own words."
        ]
        box = chat(app).query_one("#reply-box", Input)
        box.value = "What if my manager hears about it"  # as it is typed
        await pilot.pause()
        assert any("business" in t for t in side_titles(app))
        hint = str(chat(app).query_one("#side-handouts-hint").render())
        assert "manager" in hint and "hears" in hint  # the words that matched
        await say(pilot, "enter")  # recorded: it still counts for the rest of the chat
        assert any("business" in t for t in side_titles(app))
        await say(pilot, "type:I'd rather stay home in my pyjamas and join in")
        assert any("home" in t for t in side_titles(app))


async def test_a_handout_shown_is_logged_as_given_with_one_more_key(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, "1", "3")
        chat(app).query_one("#reply-box", Input).value = "I'm not religious"
        await pilot.pause()
        await say(pilot, "ctrl+o")
        assert isinstance(app.screen, ShowToClientScreen)
        await say(pilot, "g")  # given: logged, and back to the chat
        assert isinstance(app.screen, ConversationScreen)
        assert side_titles(app)[0].startswith("✓ ")
        assert chat(app).query_one("#reply-box", Input).value == "I'm not religious"
    record = demo_casebook.clients.record(NEW_CLIENT)
    [given] = record.handouts
    assert given.by == record.client.keyworker
    assert [e.action.value for e in latest(record).handouts] == ["shown", "given"]


async def test_the_handouts_screen_marks_what_was_given_and_who_gave_it(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(HandoutsScreen(NEW_CLIENT))
        await pilot.pause()
        await say(pilot, "s", "g")  # show to the client, then log it as given from there
        screen = app.screen
        assert isinstance(screen, HandoutsScreen)
        first = str(screen.query_one("#handout-list").get_row_at(0)[0])  # type: ignore[attr-defined]
        assert first.startswith("✓ ") and "given 24 Nov" in first
    record = demo_casebook.clients.record(NEW_CLIENT)
    [given] = record.handouts
    assert given.by == record.client.keyworker == "DO"


async def test_the_follow_up_form_feeds_the_handouts_as_it_is_typed(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, "KB-1057")  # one open goal to follow up
        await say(pilot, "enter")
        form = chat(app).query_one(FollowUpForm)
        form.query_one("#follow-up-1-barriers", Input).value = "couldn't afford the bus fare"
        await pilot.pause()
        assert any("free" in t.lower() or "cost" in t.lower() for t in side_titles(app))


async def test_leaving_before_any_answer_keeps_nothing(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    before = demo_casebook.clients.record(NEW_CLIENT)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        assert isinstance(chat(app).query_one("#answer-area").children[0], QuickReplies)
        await say(pilot, "escape")
        await open_chat(pilot, app, NEW_CLIENT)  # and again: still a fresh start
        await say(pilot, "escape")
    assert demo_casebook.clients.record(NEW_CLIENT) == before
