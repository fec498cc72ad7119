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

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, RadioSet, SelectionList

from fama.casebook.conversation import conversation_script
from fama.conversation import (
    AnswerError,
    AnswerKind,
    ConversationState,
    Outcome,
    ScriptError,
    Step,
)
from fama.conversation.prefill import starting_answer
from fama.conversation.transcript import (
    answer_title,
    answer_words,
    earlier_conversations,
    step_markdown,
)
from fama.errors import StoreError
from fama.models import ClientRecord, Meeting
from fama.tui.plain import plain
from fama.tui.screens.conversation_context import ConversationContext
from fama.tui.widgets.answer_base import AnswerReady, AnswerWidget
from fama.tui.widgets.answer_for import answer_widget_for
from fama.tui.widgets.answers import QuickReplies
from fama.tui.widgets.conversation_side import ConversationSide, Suggested
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.panels import AnswerArea
from fama.tui.widgets.title_bar import TitleBar
from fama.tui.widgets.transcript import (
    Transcript,
    answer_turn,
    app_turn,
    divider,
    earlier_conversation,
)
from fama.tui.widgets.type_ahead import TypeAhead

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fama.handouts.library import Library
    from fama.tui.app import FamaApp

NARROW_BELOW = 110
"""Screens narrower than this get the narrow side panel."""
SHORT_BELOW = 32
"""Screens shorter than this get shorter lists in the answer area."""


class ConversationScreen(ConversationContext):
    """The FAMA conversation with a client, step by step, with handouts beside it."""

    AUTO_FOCUS = "#transcript"
    CSS_PATH = "conversation.tcss"
    HELP_PAGE = "conversation"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "pause", "Pause", id="conversation.pause"),
        Binding("ctrl+z", "step_back", "Back a step", id="conversation.step-back"),
        Binding("ctrl+o", "show_handout", "Show handout", id="conversation.show-handout"),
        Binding("ctrl+g", "give_handout", "Give handout", id="conversation.give-handout"),
        Binding("f6", "toggle_side", "Side panel", id="conversation.toggle-side"),
    ]

    PALETTE: ClassVar[dict[str, tuple[str, str]]] = {
        "conversation.step-back": ("Back a step", "Forget the last answer"),
        "conversation.show-handout": ("Show handout", "The highlighted handout, full screen"),
        "conversation.give-handout": ("Give handout", "Log the highlighted handout as given"),
        "conversation.pause": ("Pause", "Back to the client; resume later"),
    }
    """The bindings the command palette offers, in its words (see fama.tui.palette)."""

    def __init__(self, code: str, *, keyworker: str | None = None) -> None:
        super().__init__()
        self.code = code
        self.keyworker = keyworker
        self.title = f"Conversation · {code}"
        self.conversation_id = ""
        self.state: ConversationState | None = None
        self.step: Step | None = None
        self.record: ClientRecord | None = None
        self.meetings: Mapping[str, Meeting] = {}
        self._library: Library | None = None
        self._suggested: list[Suggested] = []
        self.side_shown: bool | None = None
        """The keyworker's choice with F6 (None: shown unless a form needs the width)."""
        self.type_ahead: TypeAhead | None = None
        """Keys typed while an answer is recorded wait for the next question."""
        self.drafts: dict[str, object] = {}
        """What was typed at a step but not recorded (Ctrl+Z away from it), by step id."""
        self.undone: dict[str, object] = {}
        """The answer a step had before going back to it, by step id: shown again."""
        self._answer_touched = False
        """Whether anything was typed or ticked since the current question was shown."""

    # Layout ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="chat-body"):
            with Vertical(id="chat-main"):
                yield Transcript(id="transcript")
                yield AnswerArea(id="answer-area")
            yield ConversationSide(id="chat-side")
        yield FamaFooter()

    def on_mount(self) -> None:
        try:
            conversation, state, step = self.casebook.conversations.open(self.code, self.keyworker)
            self.meetings = self.casebook.directory.by_id()
            record = self.casebook.conversations.record(self.code, conversation.id)
        except (StoreError, ScriptError) as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            self.app.pop_screen()
            return
        self.conversation_id = conversation.id
        self.drafts = self.paused_drafts.pop(conversation.id, {})  # typed before a pause
        self.state, self.step, self.record = state, step, record
        self.type_ahead = TypeAhead(self.app, self)
        transcript = self.query_one(Transcript)
        transcript.set_earlier(self.earlier_turns(record, conversation.id))
        self.rebuild_current()
        self.refresh_side()
        self.refresh_handouts()

    def on_resize(self) -> None:
        """A standard 80x24 terminal: a narrower side panel, and lists that leave room for
        the question and the details of what is highlighted."""
        self.set_class(self.size.width < NARROW_BELOW, "-narrow")
        self.set_class(self.size.height < SHORT_BELOW, "-short")
        self.place_side()

    def place_side(self) -> None:
        """The side panel shows unless the keyworker hid it (F6), or, on a narrow screen, a
        form needs the whole width (then F6 shows it, and the answer's frame says how many
        handouts are waiting there)."""
        forms = (
            AnswerKind.GOAL_FORM,
            AnswerKind.FOLLOW_UP_FORM,
            AnswerKind.CONTACT_CALL,
            AnswerKind.CONTACT_ON_PLAN,
        )
        crowded = self.has_class("-narrow") and self.step is not None and self.step.kind in forms
        shown = self.side_shown if self.side_shown is not None else not crowded
        self.query_one(ConversationSide).display = shown
        in_form = self.step is not None and self.step.kind in forms
        self.query_one(AnswerArea).set_class(in_form, "-form")
        waiting = len(self._suggested)
        self.query_one(AnswerArea).border_subtitle = plain(
            "" if shown else f"F6 side panel · {waiting} handout{'s' if waiting != 1 else ''}"
        )

    def action_toggle_side(self) -> None:
        self.side_shown = not self.query_one(ConversationSide).display
        self.place_side()

    def key_submits(self, key: str) -> bool:
        """Whether ``key`` records the answer on screen (the type-ahead gate asks)."""
        widgets = self.query_one(AnswerArea).query(AnswerWidget)
        return bool(widgets) and widgets.first().submits_on(key, self.focused)

    @on(AnswerWidget.Focused)
    def _answer_ready_for_keys(self, event: AnswerWidget.Focused) -> None:
        event.stop()
        if self.type_ahead is not None:
            self.type_ahead.open()

    def on_unmount(self) -> None:
        if self.type_ahead is not None:
            self.type_ahead.clear()

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    # The transcript --------------------------------------------------------------------------
    def earlier_turns(self, record: ClientRecord, current_id: str) -> list[Widget]:
        """Every earlier conversation with this client, oldest first, compactly."""
        earlier = earlier_conversations(record, current_id, conversation_script(), self.meetings)
        widgets: list[Widget] = [earlier_conversation(title, turns) for title, turns in earlier]
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
        widgets.append(self.question_turn(stage))
        self.transcript.set_current(widgets)
        self.show_answer()

    def question_turn(self, previous_stage: int) -> Widget:
        """The turn now asked: the current question (with its stage's heading when the stage
        changes after ``previous_stage``), or the summary once the conversation is done."""
        if self.step is not None:
            markdown = step_markdown(self.step, with_stage=self.step.stage != previous_stage)
        else:
            from fama.conversation.summary import summarise

            assert self.record is not None
            script = conversation_script()
            markdown = summarise(self.record, self.conversation(), self.meetings, script)
        return app_turn(markdown, current=True)

    # The answer area ---------------------------------------------------------------------------
    def show_answer(self) -> None:
        area = self.query_one(AnswerArea)
        area.remove_children()
        widget = answer_widget_for(self.step, self.starting_answer(self.step), self)
        area.mount(widget)
        self._answer_touched = False
        area.border_title = answer_title(self.step)
        self.place_side()
        if isinstance(widget, Button):  # the end: nothing more to answer
            self.call_after_refresh(self._focus_finished, widget)

    def _focus_finished(self, button: Button) -> None:
        button.focus()
        if self.type_ahead is not None:
            self.call_after_refresh(self.type_ahead.open)

    def starting_answer(self, step: Step | None) -> object:
        """What a step's answer starts from: what was typed there before going back, else the
        answer it had before going back to it, else what the record already holds."""
        if step is None or self.record is None:
            return None
        if step.id in self.drafts:
            return self.drafts[step.id]
        if step.id in self.undone:
            return self.undone[step.id]
        return starting_answer(step, self.record, self.conversation(), self.casebook.today)

    # Answering -------------------------------------------------------------------------------
    @on(AnswerReady)
    def _answer(self, event: AnswerReady) -> None:
        event.stop()
        sender = self.query_one("#answer-area").query(AnswerWidget)
        if self.step is None:
            return
        try:
            outcome = self.casebook.conversations.answer(
                self.code, self.conversation_id, event.value, self.keyworker
            )
        except AnswerError as exc:
            if sender:
                sender.first().show_error(str(exc))
            return
        except (StoreError, ScriptError) as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            if self.type_ahead is not None:
                self.type_ahead.open()
            return
        self.after_answer(outcome)

    def after_answer(self, outcome: Outcome) -> None:
        previous_stage = outcome.answered.stage
        self.drafts.pop(outcome.answered.id, None)
        self.undone.pop(outcome.answered.id, None)
        self.state, self.step = outcome.state, outcome.step
        self.reload()
        words = answer_words(outcome.answered, outcome.turn_answer, self.meetings)
        new: list[Widget] = [] if words is None else [answer_turn(words)]
        self.transcript.add(*new, self.question_turn(previous_stage))
        self.refresh_handouts(typing="")
        self.refresh_side()
        self.show_answer()

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
            today=self.casebook.today,
        )

    # Actions -----------------------------------------------------------------------------------
    @property
    def paused_drafts(self) -> dict[str, dict[str, object]]:
        """Answers typed but not recorded when a conversation was paused, by conversation id:
        kept while fama runs, so C on the client carries on with them (Ctrl+Q asks first)."""
        return cast("FamaApp", self.app).paused_drafts

    @on(Button.Pressed, "#finished")
    def action_pause(self) -> None:
        if self.step is not None and self.unsaved_work():
            self.drafts[self.step.id] = self.current_draft()
        if self.drafts and self.conversation_id:
            self.paused_drafts[self.conversation_id] = dict(self.drafts)
        if self.conversation_id:
            saved = self.state is not None and bool(self.state.path)
            if self.step is not None and saved:
                self.notify(
                    "Paused and saved at this question: C on the client carries on from here."
                )
            self.casebook.conversations.leave(self.conversation_id)
        self.app.pop_screen()

    def unsaved_work(self) -> str:
        """An answer typed or ticked since the question was shown (where the cursor sits
        among quick replies is not an answer)."""
        widgets = self.query_one(AnswerArea).query(AnswerWidget)
        if not widgets or isinstance(widgets.first(), QuickReplies):
            return ""
        draft = widgets.first().draft()
        kept = self.step is not None and self.step.id in self.drafts  # typed before a pause
        if not (self._answer_touched or kept) or draft in (None, "", []):
            return ""
        return f"the answer being typed in the conversation with {self.code}"

    @on(Input.Changed)
    @on(SelectionList.SelectedChanged)
    @on(RadioSet.Changed)
    def _answer_touched_by_hand(self, event: Message) -> None:
        """Something was typed or ticked in the answer area (read by :meth:`unsaved_work`)."""
        control = getattr(event, "control", None)
        if isinstance(control, Widget) and self.query_one(AnswerArea) in control.ancestors:
            self._answer_touched = True

    def current_draft(self) -> object:
        """What is typed in the answer widget now (None when nothing is)."""
        widgets = self.query_one(AnswerArea).query(AnswerWidget)
        return widgets.first().draft() if widgets else None

    def action_step_back(self) -> None:
        if not self.conversation_id or self.state is None:
            return
        if not self.state.path:
            self.notify("This is the first question: there is nothing to go back to.")
            return
        if self.step is not None:
            draft = self.current_draft()
            if draft not in (None, "", []):
                self.drafts[self.step.id] = draft
        forgotten = self.state.path[-1]
        try:
            state, step = self.casebook.conversations.back(self.code, self.conversation_id)
        except (StoreError, ScriptError) as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.undone[forgotten.step_id] = forgotten.answer
        self.state, self.step = state, step
        self.reload()
        self.refresh_handouts()
        self.rebuild_current()
        self.refresh_side()
