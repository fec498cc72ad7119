"""The FAMA conversation: a chat that walks the keyworker through the three stages.

The app's turns (what to explain, what to ask) come from the conversation script; the
keyworker records the client's answers below the transcript, one answer widget per kind of
question. Every answer is saved at once through the casebook (one locked save of the whole
client record), so quitting, or a crash, loses at most the answer being typed, and
reopening resumes at the same step.

Widgets post messages (``AnswerReady``, ``InfoAnswer.PlanRequested``); this screen acts on
them through the casebook, the one service object.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer, Input

from fama.casebook_conversation import conversation_script
from fama.conversation import (
    AnswerError,
    AnswerKind,
    ConversationState,
    LogConcern,
    Outcome,
    ScriptError,
    Step,
)
from fama.conversation.apply import conversation_notes
from fama.directory.explain import distance_text, reason_lines, status_text
from fama.meeting_plan import first_date
from fama.models import ClientRecord, Conversation, Goal, Meeting
from fama.store import StoreError
from fama.tui.screens.base import FamaScreen
from fama.tui.widgets.answer_base import AnswerReady, AnswerWidget
from fama.tui.widgets.answers import (
    DateAnswer,
    InfoAnswer,
    MeetingChoice,
    MeetingOption,
    QuickReplies,
    ScaleAnswer,
    SeveralChoices,
    TextAnswer,
)
from fama.tui.widgets.conversation_side import ConversationSide
from fama.tui.widgets.title_bar import TitleBar
from fama.tui.widgets.transcript import (
    Transcript,
    answer_turn,
    app_turn,
    divider,
    earlier_conversation,
)

if TYPE_CHECKING:
    from fama.handouts import Library

MEETINGS_OFFERED = 12
STAGE_TITLES = {
    1: "Stage 1 · Introduce and explore",
    2: "Stage 2 · Connect",
    3: "Stage 3 · Follow up",
}


class AnswerArea(VerticalScroll, can_focus=False):
    """Holds the current answer widget; scrolls when a form is taller than the space."""


def plan_folder() -> Path:
    """Where meeting plans go: the user's documents folder (a plan names no client)."""
    from platformdirs import user_documents_path

    return user_documents_path() / "fama meeting plans"


def step_markdown(step: Step, *, with_stage: bool) -> str:
    """One app turn: the stage heading when it changes, the guidance, the question to ask."""
    heading = f"**{STAGE_TITLES[step.stage]}**\n\n" if with_stage else ""
    return f"{heading}{step.guidance}\n\n> {step.prompt}"


def answer_words(step: Step | None, answer: object, meetings: dict[str, Meeting]) -> str | None:
    """The recorded answer as the transcript shows it; None for a step with nothing to record."""
    if step is not None and step.kind is AnswerKind.INFO:
        return None
    if answer is None or answer == [] or answer == "":
        return "(left blank)"
    if step is not None and step.kind is AnswerKind.MEETING_CHOICE and isinstance(answer, list):
        names = []
        for meeting_id in answer:
            meeting = meetings.get(str(meeting_id))
            names.append(
                f"{meeting.organisation.value} {meeting.name}, {meeting.when}"
                if meeting
                else str(meeting_id)
            )
        return "; ".join(names)
    if step is not None and step.kind is AnswerKind.SCALE:
        return f"{answer} out of 10"
    if isinstance(answer, list):
        return ", ".join(str(a) for a in answer)
    return str(answer)


class ConversationScreen(FamaScreen):
    AUTO_FOCUS = "#transcript"
    CSS_PATH = "conversation.tcss"
    HELP = """\
# The FAMA conversation

The app suggests what to explain and what to ask, stage by stage: **1** introduce mutual
aid and explore it, **2** connect the client with a meeting and agree a care-planned goal,
**3** follow up each open goal. You record what the client says underneath; every answer is
saved at once, so you can stop at any point and carry on later from the same question.

Worries the client mentions bring up handouts beside the chat.

| Key | Does |
|---|---|
| 1-9 | Pick a quick reply, or tick a choice |
| Space | Tick or untick the highlighted choice or meeting |
| Enter | Record the answer (in a form: the next field) |
| 0 | Meetings: none for now |
| Tab / Shift+Tab | Move between the answer, the transcript and the handouts |
| Ctrl+Z | Back one step (the last answer is forgotten, with what it recorded) |
| Ctrl+O | Show the highlighted handout to the client, full screen |
| Ctrl+G | Log the highlighted handout as given |
| P | At the end of stage 2: save My meeting plan (page and calendar file) |
| Esc | Pause: back to the client; C on the client resumes here |

Dates can be typed the quick way: `+7` (a week today), `2w`, `fri`, `1/12` or `2026-12-01`.
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "pause", "Pause"),
        Binding("ctrl+z", "step_back", "Back a step"),
        Binding("ctrl+o", "show_handout", "Show handout"),
        Binding("ctrl+g", "give_handout", "Give handout"),
    ]

    def __init__(self, code: str, *, keyworker: str | None = None) -> None:
        super().__init__()
        self.code = code
        self.keyworker = keyworker
        self.title = f"Conversation · {code}"
        self.conversation_id = ""
        self.state: ConversationState | None = None
        self.step: Step | None = None
        self.record: ClientRecord | None = None
        self.meetings: dict[str, Meeting] = {}
        self._library: Library | None = None
        self._concerns: list[str] = []
        self._suggested: list[tuple[str, str]] = []

    # Layout ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="chat-body"):
            with Vertical(id="chat-main"):
                yield Transcript(id="transcript")
                yield AnswerArea(id="answer-area")
            yield ConversationSide(id="chat-side")
        yield Footer()

    def on_mount(self) -> None:
        try:
            conversation, state, step = self.casebook.open_conversation(self.code, self.keyworker)
            self.meetings = self.casebook.meetings_by_id()
            record = self.casebook.client(self.code)
        except (StoreError, ScriptError) as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            self.app.pop_screen()
            return
        self.conversation_id = conversation.id
        self.state, self.step, self.record = state, step, record
        self._concerns = list(conversation_notes(conversation).concerns)
        transcript = self.query_one(Transcript)
        transcript.set_earlier(self.earlier_turns(record, conversation.id))
        self.rebuild_current()
        self.refresh_side()
        self.refresh_handouts()

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    @property
    def side(self) -> ConversationSide:
        return self.query_one(ConversationSide)

    def conversation(self) -> Conversation:
        assert self.record is not None
        return next(c for c in self.record.conversations if c.id == self.conversation_id)

    # The transcript --------------------------------------------------------------------------
    def earlier_turns(self, record: ClientRecord, current_id: str) -> list[Widget]:
        """Every earlier conversation with this client, oldest first, compactly."""
        script = conversation_script()
        widgets: list[Widget] = []
        earlier = sorted(
            (c for c in record.conversations if c.id != current_id), key=lambda c: c.started_at
        )
        for conversation in earlier:
            status = "" if conversation.finished else " · not finished"
            turns = [
                (
                    turn.prompt,
                    answer_words(script.steps.get(turn.step_id), turn.answer, self.meetings),
                )
                for turn in conversation.turns
            ]
            widgets.append(
                earlier_conversation(
                    f"Conversation on {conversation.started_at:%a %d %b %Y}{status}", turns
                )
            )
        if widgets:
            widgets.append(divider("Today"))
        return widgets

    def rebuild_current(self) -> None:
        """The current conversation's turns and the question now being asked."""
        script = conversation_script()
        conversation = self.conversation()
        widgets: list[Widget] = []
        stage = 0
        for turn in conversation.turns:
            step = script.steps.get(turn.step_id)
            if step is None:
                widgets.append(app_turn(turn.prompt))
            else:
                widgets.append(app_turn(step_markdown(step, with_stage=step.stage != stage)))
                stage = step.stage
            words = answer_words(step, turn.answer, self.meetings)
            if words is not None:
                widgets.append(answer_turn(words))
        if self.step is not None:
            widgets.append(
                app_turn(
                    step_markdown(self.step, with_stage=self.step.stage != stage), current=True
                )
            )
        else:
            widgets.append(app_turn(self.summary_markdown(), current=True))
        self.transcript.set_current(widgets)
        self.show_answer()

    def summary_markdown(self) -> str:
        from fama.conversation.summary import summarise

        assert self.record is not None
        return summarise(self.record, self.conversation(), self.meetings, conversation_script())

    # The answer area ---------------------------------------------------------------------------
    def show_answer(self) -> None:
        area = self.query_one(AnswerArea)
        area.remove_children()
        widget = self.answer_widget_for(self.step)
        area.mount(widget)
        area.border_title = self.answer_title()
        if isinstance(widget, Button):
            self.call_after_refresh(widget.focus)

    def answer_title(self) -> str:
        step = self.step
        if step is None:
            return "Conversation finished"
        need = "needs an answer" if step.required else "optional"
        kinds = {
            AnswerKind.QUICK_REPLY: "pick one",
            AnswerKind.CHOICES: "tick any",
            AnswerKind.SCALE: "0 to 10",
            AnswerKind.TEXT: "in their words",
            AnswerKind.DATE: "a date",
            AnswerKind.MEETING_CHOICE: "choose meetings",
            AnswerKind.GOAL_FORM: "the care-planned goal",
            AnswerKind.FOLLOW_UP_FORM: "follow up each open goal",
            AnswerKind.INFO: "explain, then continue",
        }
        return f"Record: {kinds[step.kind]}" + (
            "" if step.kind is AnswerKind.INFO else f" ({need})"
        )

    def answer_widget_for(self, step: Step | None) -> Widget:
        if step is None:
            return Button("Back to the client (Enter)", id="finished", compact=True)
        kind = step.kind
        choices = [(c.key, c.label) for c in step.choices]
        if kind is AnswerKind.QUICK_REPLY:
            return QuickReplies(choices, optional=not step.required)
        if kind is AnswerKind.CHOICES:
            return SeveralChoices(choices, ticked=self.ticked_from_profile(step))
        if kind is AnswerKind.SCALE:
            return ScaleAnswer()
        if kind is AnswerKind.TEXT:
            return TextAnswer(required=step.required)
        if kind is AnswerKind.DATE:
            return DateAnswer(
                today=self.casebook.today, required=step.required, default=self.default_review()
            )
        if kind is AnswerKind.INFO:
            return InfoAnswer(offer_meeting_plan=step.offer_meeting_plan)
        if kind is AnswerKind.MEETING_CHOICE:
            return self.meeting_choice()
        if kind is AnswerKind.GOAL_FORM:
            from fama.tui.widgets.conversation_forms import GoalForm

            wording, target, review = self.goal_suggestion()
            return GoalForm(
                today=self.casebook.today, wording=wording, target=target, review=review
            )
        if kind is AnswerKind.FOLLOW_UP_FORM:
            from fama.tui.widgets.conversation_forms import FollowUpForm

            return FollowUpForm(*self.follow_up_goals())
        raise AssertionError(kind)  # pragma: no cover

    def ticked_from_profile(self, step: Step) -> list[str]:
        """Choices the client's profile already holds, ticked to start with: coming back to
        the preferences (say, from a follow-up) must not wipe what was said before."""
        if self.record is None:
            return []
        prefs = self.record.client.preferences
        held: set[str] = set()
        for target in step.records:
            name = target.removeprefix("preferences.")
            if name == "days":
                held |= {d.name.lower() for d in prefs.days}
            elif name in ("programmes", "attendance", "audience", "access_needs"):
                held |= {str(v) for v in getattr(prefs, name)}
        return [c.key for c in step.choices if held and set(c.values) <= held]

    def meeting_choice(self) -> MeetingChoice:
        """The directory ranked for this client's preferences as they stand now."""
        try:
            request = replace(self.casebook.match_request_for(self.code), limit=MEETINGS_OFFERED)
            outcome = self.casebook.match(request)
        except StoreError as exc:
            return MeetingChoice([], f"The directory could not be read: {exc}")
        options = [
            MeetingOption(
                r.meeting.id,
                f"{r.meeting.organisation.value} {r.meeting.name} · "
                f"{r.meeting.weekday.label[:3]} {r.meeting.start:%H:%M} · {distance_text(r)}",
                "\n".join(reason_lines(r)),
            )
            for r in outcome.results
        ]
        return MeetingChoice(options, status_text(outcome))

    def chosen_meetings(self) -> list[Meeting]:
        ids = conversation_notes(self.conversation()).meeting_ids
        return [self.meetings[i] for i in ids if i in self.meetings]

    def goal_suggestion(self) -> tuple[str, date | None, date | None]:
        """A first wording and dates for the goal, from the first meeting chosen."""
        chosen = self.chosen_meetings()
        if not chosen:
            return "", None, None
        meeting = chosen[0]
        day = first_date(meeting, self.casebook.today)
        wording = (
            f"Go to {meeting.name} ({meeting.organisation.value}) on {day:%A} {day.day} {day:%B}"
        )
        return wording, day, day + timedelta(days=7)

    def default_review(self) -> date | None:
        """For the review date after agreeing a goal, the goal's own review date."""
        if self.step is None or self.step.id == "declined_revisit" or self.record is None:
            return None
        latest = sorted(
            (g for g in self.record.goals if g.status.is_open and g.review_date),
            key=lambda g: g.created_at,
        )
        if latest and latest[-1].review_date and latest[-1].review_date >= self.casebook.today:
            return latest[-1].review_date
        return None

    def follow_up_goals(self) -> tuple[list[tuple[Goal, Meeting | None]], list[Meeting]]:
        assert self.record is not None and self.state is not None
        by_id = {g.id: g for g in self.record.goals}
        goals = [by_id[g] for g in self.state.context.open_goals if g in by_id]
        pairs: list[tuple[Goal, Meeting | None]] = [
            (g, self.meetings.get(g.meeting_id or "")) for g in goals
        ]
        seen: dict[str, Meeting] = {}
        for goal in self.record.goals:
            meeting = self.meetings.get(goal.meeting_id or "")
            if meeting is not None:
                seen.setdefault(meeting.id, meeting)
        return pairs, list(seen.values())

    # Answering -------------------------------------------------------------------------------
    @on(AnswerReady)
    def _answer(self, event: AnswerReady) -> None:
        event.stop()
        sender = self.query_one("#answer-area").query(AnswerWidget)
        try:
            outcome = self.casebook.answer_step(
                self.code, self.conversation_id, event.value, self.keyworker
            )
        except AnswerError as exc:
            if sender:
                sender.first().show_error(str(exc))
            return
        except (StoreError, ScriptError) as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.after_answer(outcome)

    def after_answer(self, outcome: Outcome) -> None:
        previous_stage = outcome.answered.stage
        self.state, self.step = outcome.state, outcome.step
        self.reload()
        words = answer_words(outcome.answered, outcome.turn_answer, self.meetings)
        new: list[Widget] = [] if words is None else [answer_turn(words)]
        if self.step is not None:
            new.append(
                app_turn(
                    step_markdown(self.step, with_stage=self.step.stage != previous_stage),
                    current=True,
                )
            )
        else:
            new.append(app_turn(self.summary_markdown(), current=True))
        self.transcript.add(*new)
        concerns = [e.text for e in outcome.effects if isinstance(e, LogConcern)]
        if concerns:
            self._concerns.extend(concerns)
            self.refresh_handouts()
        self.refresh_side()
        self.show_answer()

    def reload(self) -> None:
        try:
            self.record = self.casebook.client(self.code)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)

    # The side panel ----------------------------------------------------------------------------
    def refresh_side(self) -> None:
        if self.record is None or self.state is None:
            return
        script = conversation_script()
        self.side.show_client(
            self.record,
            self.meetings,
            current_stage=self.step.stage if self.step is not None else None,
            reached_now=self.state.stage_reached(script),
        )

    @property
    def library(self) -> Library:
        if self._library is None:
            from fama.handouts import load_library

            self._library = load_library()
        return self._library

    def refresh_handouts(self, typing: str = "") -> None:
        """Handouts for everything the client has said worries them in this conversation,
        and for what is being typed now at a hopes-and-worries question."""
        said = " ".join([*self._concerns, typing]).strip()
        found: list[tuple[str, str]] = []
        if said:
            from fama.handouts import suggest

            found = [(s.handout.id, s.handout.title) for s in suggest(said, self.library, limit=4)]
        if found != self._suggested:
            self._suggested = found
            self.side.show_handouts(found)

    @on(Input.Changed, "#reply-box")
    def _typing(self, event: Input.Changed) -> None:
        if self.step is not None and self.step.suggest_handouts:
            self.refresh_handouts(event.value)

    # Actions -----------------------------------------------------------------------------------
    @on(Button.Pressed, "#finished")
    def action_pause(self) -> None:
        if self.step is not None and self.conversation_id:
            self.notify("Paused and saved at this question: C on the client carries on from here.")
        self.app.pop_screen()

    def action_step_back(self) -> None:
        if not self.conversation_id:
            return
        try:
            state, step = self.casebook.back_step(self.code, self.conversation_id)
        except (StoreError, ScriptError) as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        if state == self.state:
            self.notify("This is the first question: there is nothing to go back to.")
            return
        self.state, self.step = state, step
        self.reload()
        concerns = conversation_notes(self.conversation()).concerns
        if list(concerns) != self._concerns:
            self._concerns = list(concerns)
            self.refresh_handouts()
        self.rebuild_current()
        self.refresh_side()

    def _handout_action(self, action: str) -> None:
        handout_id = self.side.highlighted_handout()
        if handout_id is None:
            self.notify(
                "No handout is suggested yet: they follow what the client hopes and worries "
                "about. H on the client opens them all.",
                severity="warning",
            )
            return
        handout = self.library.get(handout_id)
        try:
            self.casebook.log_conversation_handout(
                self.code, self.conversation_id, handout.id, handout.title, action
            )
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        if action == "shown":
            from fama.tui.screens.handouts import ShowToClientScreen

            self.app.push_screen(ShowToClientScreen(handout))
        else:
            self.notify(f"Logged “{handout.title}” as given today.", markup=False)
        self.reload()

    def action_show_handout(self) -> None:
        self._handout_action("shown")

    def action_give_handout(self) -> None:
        self._handout_action("given")

    @on(InfoAnswer.PlanRequested)
    def _save_plan(self, event: InfoAnswer.PlanRequested) -> None:
        event.stop()
        try:
            html, ics = self.casebook.save_meeting_plan(
                self.code, self.conversation_id, plan_folder()
            )
        except ValueError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        except OSError as exc:
            self.notify(f"Could not save the plan: {exc.strerror}.", severity="error")
            return
        self.notify(
            f"Saved My meeting plan: print {html.name}, and open {ics.name} to add the "
            f"meetings to a calendar. Both are in {html.parent}.",
            timeout=12,
            markup=False,
        )

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Back a step", "Forget the last answer (Ctrl+Z)", self.action_step_back)
        yield SystemCommand(
            "Show handout",
            "The highlighted handout, full screen (Ctrl+O)",
            self.action_show_handout,
        )
        yield SystemCommand(
            "Give handout",
            "Log the highlighted handout as given (Ctrl+G)",
            self.action_give_handout,
        )
        yield SystemCommand("Pause", "Back to the client; resume later (Esc)", self.action_pause)
