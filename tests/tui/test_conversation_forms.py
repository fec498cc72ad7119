"""The goal and follow-up forms, driven by keyboard only, as a keyworker would in a session."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, SelectionList, Static

from fama.conversation.answers import FollowUpAnswer, GoalAnswer
from fama.models import Goal, Meeting, OrgCode, Weekday
from fama.models.meeting import FlagKind
from fama.models.review import Attended, Involvement, NextStep
from fama.tui.widgets.answer_base import AnswerReady, AnswerWidget
from fama.tui.widgets.follow_up_choices import AttendedChoice
from fama.tui.widgets.follow_up_form import FollowUpForm
from fama.tui.widgets.goal_form import GoalForm

TODAY = date(2026, 11, 24)  # a Tuesday
SIZE = (100, 40)


class FormApp(App[None]):
    """The conversation screen in miniature: the form in a scrolling area, answers recorded."""

    def __init__(self, form: AnswerWidget) -> None:
        super().__init__()
        self.form = form
        self.answers: list[object] = []
        self.form_ready = False

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield self.form

    def on_mount(self) -> None:
        self.form.focus_first()

    def on_answer_ready(self, message: AnswerReady) -> None:
        self.answers.append(message.value)

    def on_answer_widget_focused(self) -> None:
        self.form_ready = True


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the form has put the cursor on its first field (after a refresh, which a
    loaded machine may take many frames to reach), so a test's own focus is not undone."""
    app = pilot.app
    assert isinstance(app, FormApp)
    for _ in range(200):
        await pilot.pause()
        if app.form_ready:
            return
        await pilot.pause(0.01)
    raise AssertionError("the form never took the focus")


def error_text(app: FormApp) -> str:
    found = app.form.query("#answer-error")
    if not found:
        return ""
    error = found.first(Static)
    return str(error.render()) if error.display else ""


def focused_id(app: FormApp) -> str | None:
    return app.focused.id if app.focused is not None else None


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)


async def clear_and_type(pilot: Pilot[None], text: str) -> None:
    """Select what the field holds and type over it, as a keyworker would."""
    await pilot.press("ctrl+shift+a")
    if text:
        await pilot.press(*text)
    else:
        await pilot.press("backspace")


# --------------------------------------------------------------------------- goal form

SUGGESTION = "Go to AA Kelbridge Tuesday Group on Tuesday 1 December"


def goal_form(**kwargs: Any) -> FormApp:
    return FormApp(GoalForm(today=TODAY, **kwargs))


async def test_goal_form_reads_short_dates_and_submits_iso() -> None:
    app = goal_form(wording=SUGGESTION)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert focused_id(app) == "goal-wording"
        await type_text(pilot, " with Sam")
        await pilot.press("enter")
        assert focused_id(app) == "goal-target"
        await type_text(pilot, "+7")
        await pilot.pause()
        note = str(app.form.query_one("#goal-target-note", Static).render())
        assert note == "Tue 1 Dec 2026 (in 7 days)"
        await pilot.press("enter")
        assert focused_id(app) == "goal-review"
        await type_text(pilot, "2w")
        await pilot.press("enter")
        assert focused_id(app) == "goal-count"
        await type_text(pilot, "2")
        await pilot.press("enter")
        await pilot.pause()
    assert app.answers == [
        {
            "wording": SUGGESTION + " with Sam",
            "target_date": "2026-12-01",
            "review_date": "2026-12-08",
            "meetings_planned": 2,
        }
    ]
    goal = GoalAnswer.parse(app.answers[0])
    assert goal.target_date == date(2026, 12, 1) and goal.review_date == date(2026, 12, 8)


async def test_goal_form_prefills_and_needs_a_date_to_talk() -> None:
    app = goal_form(wording=SUGGESTION, target=date(2026, 12, 1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.form.query_one("#goal-target", Input).value == "2026-12-01"
        await pilot.press("enter", "enter", "enter", "enter")
        await pilot.pause()
        assert app.answers == []
        assert error_text(app) == "Agree a date to talk about how it went."
        assert focused_id(app) == "goal-review"
        await type_text(pilot, "+9")
        await pilot.press("enter", "enter")
        await pilot.pause()
    assert app.answers == [
        {
            "wording": SUGGESTION,
            "target_date": "2026-12-01",
            "review_date": "2026-12-03",
            "meetings_planned": None,
        }
    ]


async def test_typing_over_a_prefilled_date_replaces_it() -> None:
    app = goal_form(wording=SUGGESTION, target=date(2026, 12, 1), review=date(2026, 12, 3))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await type_text(pilot, "fri")  # the field's text is selected on focus
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
    assert app.answers[0] == {
        "wording": SUGGESTION,
        "target_date": "2026-11-27",
        "review_date": "2026-12-03",
        "meetings_planned": None,
    }


async def test_a_date_fama_cannot_read_is_refused_and_focused() -> None:
    app = goal_form(wording=SUGGESTION)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await type_text(pilot, "+7")
        await pilot.press("enter")
        await type_text(pilot, "next blue moon")
        await pilot.pause()
        note = app.form.query_one("#goal-review-note", Static)
        assert str(note.render()).startswith("not understood: try +7")
        assert note.has_class("-bad")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.answers == []
        assert "“next blue moon” is not a date fama understands" in error_text(app)
        assert focused_id(app) == "goal-review"
        # Fixed, it goes through and the message goes away.
        await clear_and_type(pilot, "1/12")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert error_text(app) == ""
    assert [a["review_date"] for a in app.answers] == ["2026-12-01"]  # type: ignore[index]


async def test_missing_wording_or_target_is_said_plainly() -> None:
    app = goal_form()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter", "enter", "enter")
        await pilot.pause()
        assert app.answers == []
        assert error_text(app) == "Write the goal in the client's own words."
        assert focused_id(app) == "goal-wording"
        await type_text(pilot, "Try SMART")
        await pilot.press("enter", "enter", "enter", "enter")
        await pilot.pause()
        assert error_text(app) == "Give the goal a target date."
        assert focused_id(app) == "goal-target"
        assert app.answers == []


async def test_markup_like_wording_is_shown_and_submitted_unchanged() -> None:
    typed = "Go with [b]Sam[/b] [x] and [/] \\[ok]"
    app = goal_form()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, typed)
        await pilot.press("enter")
        await type_text(pilot, "[/]")  # not a date: the note shows it literally, no crash
        await pilot.pause()
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        assert "“[/]”" in error_text(app)
        assert app.answers == []
        await clear_and_type(pilot, "tomorrow")
        await pilot.press("enter")
        await type_text(pilot, "+7")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.form.query_one("#goal-wording", Input).value == typed
    assert app.answers == [
        {
            "wording": typed,
            "target_date": "2026-11-25",
            "review_date": "2026-12-01",
            "meetings_planned": None,
        }
    ]


async def test_engine_refusal_is_shown_beside_the_form() -> None:
    app = goal_form(wording=SUGGESTION, target=date(2026, 12, 1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.form.show_error("The review date cannot be before the goal's target date [sic].")
        await pilot.pause()
        assert error_text(app).endswith("[sic].")


# --------------------------------------------------------------------------- follow-up form


def meeting(key: str, name: str, weekday: Weekday, hour: int) -> Meeting:
    return Meeting(
        id=f"test:{key}",
        organisation=OrgCode.AA,
        name=name,
        weekday=weekday,
        start=time(hour, 30),
    )


AA_TUESDAY = meeting("aa-tue", "Kelbridge Tuesday Group", Weekday.TUESDAY, 19)
AA_FRIDAY = meeting("aa-fri", "Friday [Big] Book", Weekday.FRIDAY, 12)
SMART = Meeting(
    id="test:smart",
    organisation=OrgCode.SMART,
    name="SMART at the Hub",
    weekday=Weekday.THURSDAY,
    start=time(18),
)


def goal(wording: str, meeting: Meeting | None) -> Goal:
    return Goal(
        client_code="KB-1042",
        wording=wording,
        meeting_id=meeting.id if meeting else None,
        target_date=date(2026, 12, 1),
    )


GOAL_ONE = goal("Go to AA [b]Tuesday[/b] group [/]", AA_TUESDAY)
GOAL_TWO = goal("Try SMART at the Hub", SMART)


TALK = date(2026, 12, 1)


def follow_up_form() -> FormApp:
    return FormApp(
        FollowUpForm(
            [(GOAL_ONE, AA_TUESDAY), (GOAL_TWO, SMART)],
            meetings=[AA_FRIDAY, AA_TUESDAY, SMART],
            today=TODAY,
            talk=TALK,
        )
    )


def field(app: FormApp, goal_number: int, name: str) -> Widget:
    return app.form.query_one(f"#follow-up-{goal_number}-{name}")


async def test_follow_up_defaults_when_the_keyworker_just_saves() -> None:
    app = follow_up_form()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.focused is field(app, 1, "attended")
        for _ in range(2):  # two goals: eight stops each (the choice, four inputs, ...)
            for _ in range(8):
                await pilot.press("tab")
        assert focused_id(app) == "follow-up-talk"  # then the date to talk again
        await pilot.press("tab")
        assert focused_id(app) == "follow-up-save"
        await pilot.press("enter")
        await pilot.pause()
    empty: dict[str, object] = {
        "attended": "unknown",
        "meetings_since_last": None,
        "meeting_ids": [],
        "helpfulness": None,
        "what_it_was_like": "",
        "involvement": [],
        "barriers": [],
        "next_step": "carry on",
        "talk_again_on": "2026-12-01",
    }
    assert app.answers == [[{"goal_id": GOAL_ONE.id, **empty}, {"goal_id": GOAL_TWO.id, **empty}]]


async def test_follow_up_for_two_goals_filled_by_keyboard() -> None:
    app = follow_up_form()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Goal 1: went, 3 meetings, the Tuesday group (ticked for them) and Friday's too.
        await pilot.press("y", "enter")
        assert focused_id(app) == "follow-up-1-since"
        await pilot.press("3", "enter")
        assert focused_id(app) == "follow-up-1-meetings"
        await pilot.press("down", "space", "tab")  # the list: Tuesday (ticked), Friday, SMART
        assert focused_id(app) == "follow-up-1-helpful"
        await pilot.press("8", "enter")
        await type_text(pilot, "Warm [welcome]")
        await pilot.press("enter")
        assert focused_id(app) == "follow-up-1-involvement"
        # Involvement: the cursor starts on the first; tick the second and the fourth.
        await pilot.press("down", "space", "down", "down", "space", "tab")
        await type_text(pilot, "the bus")
        await pilot.press("enter")
        assert focused_id(app) == "follow-up-1-next"
        await pilot.press("tab")
        # Goal 2: did not go, as the meeting had moved; nothing ticked; try another meeting.
        assert focused_id(app) == "follow-up-2-attended"
        await pilot.press("n", "enter")  # not going shows the dead-end row, next
        assert focused_id(app) == "follow-up-2-dead-end"
        await pilot.press("m", "enter", "0", "enter", "tab", "enter", "enter", "tab")
        assert focused_id(app) == "follow-up-2-barriers"
        await pilot.press("shift+tab", "shift+tab")
        assert focused_id(app) == "follow-up-2-like"
        await pilot.press("tab", "tab", "tab")
        assert focused_id(app) == "follow-up-2-next"
        await pilot.press("a")  # try another meeting
        await pilot.press("shift+tab")
        assert focused_id(app) == "follow-up-2-barriers"
        await type_text(pilot, "anxious about groups")
        await pilot.press("enter")  # on to the next step, decided last...
        assert focused_id(app) == "follow-up-2-next"
        await pilot.press("enter")  # ...then, as goal 1 carries on, the date to talk again
        assert focused_id(app) == "follow-up-talk"
        await clear_and_type(pilot, "2w")
        await pilot.press("enter")  # where Enter saves
        await pilot.pause()
    assert app.answers == [
        [
            {
                "goal_id": GOAL_ONE.id,
                "attended": "yes",
                "meetings_since_last": 3,
                "meeting_ids": [AA_TUESDAY.id, AA_FRIDAY.id],
                "helpfulness": 8,
                "what_it_was_like": "Warm [welcome]",
                "involvement": [Involvement.NUMBERS.value, Involvement.TOOLS.value],
                "barriers": ["the bus"],
                "next_step": "carry on",
                "talk_again_on": "2026-12-08",
            },
            {
                "goal_id": GOAL_TWO.id,
                "attended": "no",
                "meetings_since_last": 0,
                "meeting_ids": [],
                "helpfulness": None,
                "what_it_was_like": "",
                "involvement": [],
                "barriers": ["anxious about groups"],
                "next_step": NextStep.TRY_ANOTHER_MEETING.value,
                "dead_end": FlagKind.MOVED.value,
                "talk_again_on": "2026-12-08",
            },
        ]
    ]
    parsed = [FollowUpAnswer.parse(item) for item in app.answers[0]]  # type: ignore[attr-defined]
    assert [p.attended for p in parsed] == [Attended.YES, Attended.NO]
    assert [p.dead_end for p in parsed] == [None, FlagKind.MOVED]


async def test_no_then_enter_read_at_once_still_stops_at_the_dead_end_question() -> None:
    """A fast typist: 'n' and Enter arrive together, before the row 'n' shows is drawn;
    the cursor still goes to that row, not past it."""
    from textual import events

    app = follow_up_form()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        field(app, 2, "attended").focus()
        await pilot.pause()
        app.post_message(events.Key("n", "n"))
        app.post_message(events.Key("enter", "\r"))
        for _ in range(100):
            await pilot.pause(0.02)
            if focused_id(app) != "follow-up-2-attended":
                break
        assert focused_id(app) == "follow-up-2-dead-end"


async def test_the_first_space_ticks() -> None:
    app = follow_up_form()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        involvement = field(app, 1, "involvement")
        assert isinstance(involvement, SelectionList)
        involvement.focus()
        await pilot.press("space")
        assert involvement.selected == [Involvement.SPOKE.value]


async def test_going_ticks_the_goals_meeting_and_not_going_unticks_it() -> None:
    app = follow_up_form()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        meetings = field(app, 1, "meetings")
        assert isinstance(meetings, SelectionList)
        choice = field(app, 1, "attended")
        assert isinstance(choice, AttendedChoice)
        seen = [choice.value]
        assert meetings.selected == []
        await pilot.press("y")
        assert meetings.selected == [AA_TUESDAY.id]
        await pilot.press("n")
        seen.append(choice.value)
        assert meetings.selected == []
        await pilot.press("left")  # arrows choose too: no -> yes
        seen.append(choice.value)
        await pilot.press("u")
        seen.append(choice.value)
        assert seen == [Attended.UNKNOWN, Attended.NO, Attended.YES, Attended.UNKNOWN]


async def test_helpfulness_out_of_range_is_refused_naming_goal_and_field() -> None:
    app = follow_up_form()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        helpful = field(app, 2, "helpful")
        assert isinstance(helpful, Input)
        helpful.focus()
        await type_text(pilot, "11")
        await pilot.press("tab", "tab", "tab")
        assert focused_id(app) == "follow-up-2-barriers"
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        assert app.answers == []
        message = error_text(app)
        assert message.startswith("Goal 2 (“Try SMART at the Hub”)")
        assert "how helpful it was as a whole number from 0 to 10." in message
        assert app.focused is helpful and helpful.has_class("-invalid")
        note = app.form.query_one("#follow-up-2-helpful-note", Static)
        assert "0 to 10" in str(note.render())
        # Corrected, the form goes through.
        await clear_and_type(pilot, "10")
        await pilot.press("tab", "tab", "tab", "enter", "enter", "enter")
        await pilot.pause()
        assert error_text(app) == ""
        assert not helpful.has_class("-invalid")
    assert [f["helpfulness"] for f in app.answers[0]] == [None, 10]  # type: ignore[attr-defined]


async def test_meetings_since_over_a_hundred_is_refused() -> None:
    app = follow_up_form()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "101")
        app.form.query_one("#follow-up-save").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.answers == []
        assert "Goal 1" in error_text(app) and "number of meetings" in error_text(app)
        assert focused_id(app) == "follow-up-1-since"


async def test_goal_wording_with_markup_is_shown_literally() -> None:
    app = follow_up_form()
    async with app.run_test(size=SIZE):
        headings = [str(s.render()) for s in app.form.query(".goal-heading").results(Static)]
        assert headings == [f"Goal 1: {GOAL_ONE.wording}", f"Goal 2: {GOAL_TWO.wording}"]
        meetings = field(app, 1, "meetings")
        assert isinstance(meetings, SelectionList)
        prompts = [str(meetings.get_option_at_index(i).prompt) for i in range(3)]
        assert prompts[0] == "AA Kelbridge Tuesday Group, Tuesday 19:30"
        assert prompts[1] == "AA Friday [Big] Book, Friday 12:30"
        assert prompts[2] == "SMART SMART at the Hub, Thursday 18:00"


async def test_follow_up_fits_and_scrolls_in_a_small_terminal() -> None:
    app = follow_up_form()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        scroll = app.query_one(VerticalScroll)
        barriers = field(app, 2, "barriers")
        barriers.focus()
        # Focus scrolls the field into view after a refresh, which a loaded machine may
        # take several frames to reach: wait for it, but not for ever.
        for _ in range(50):
            await pilot.pause(0.02)
            await pilot.wait_for_scheduled_animations()
            if scroll.scroll_y > 0 and barriers.region.bottom <= 30:
                break
        assert scroll.scroll_y > 0
        assert barriers.region.y < 30 and barriers.region.bottom <= 30
        assert all(w.region.right <= 100 for w in app.form.query("*") if w.display)
