"""What the client takes away from a conversation: the handouts suggested beside the chat
(shown full screen, logged as given) and My meeting plan.

:class:`ConversationScreen` builds on this class; it keeps the transcript, the answer area
and the keys, and this class the handouts and the plan, which only read the conversation's
record and ask the casebook to log or save.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.widgets import Input

from fama.casebook.conversation import conversation_script
from fama.conversation import ConversationState, Step
from fama.conversation.prefill import follow_up_words, said_so_far
from fama.errors import StoreError
from fama.models import ClientRecord
from fama.tui.screens.base import FamaScreen
from fama.tui.widgets.answers import InfoAnswer
from fama.tui.widgets.conversation_side import ConversationSide, Suggested

if TYPE_CHECKING:
    from fama.handouts.library import Library


def plan_folder() -> Path:
    """Where meeting plans go: the user's documents folder (a plan names no client)."""
    from platformdirs import user_documents_path

    return user_documents_path() / "fama meeting plans"


class ConversationHandouts(FamaScreen):
    """The handouts and the meeting plan of one conversation (see the module docstring)."""

    code: str
    conversation_id: str
    state: ConversationState | None
    step: Step | None
    record: ClientRecord | None
    _library: Library | None
    _suggested: list[Suggested]

    @property
    def side(self) -> ConversationSide:
        return self.query_one(ConversationSide)

    def place_side(self) -> None:
        """Show or hide the side panel for the room there is (the screen decides)."""

    def reload(self) -> None:
        try:
            self.record = self.casebook.conversations.record(self.code, self.conversation_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)

    @property
    def library(self) -> Library:
        if self._library is None:
            from fama.handouts.library import load_library

            self._library = load_library()
        return self._library

    def refresh_handouts(self, typing: str | None = None, *, redraw: bool = False) -> None:
        """Handouts for everything the client has said in their own words in this
        conversation, and what is being typed now (by default, what the answer widget
        holds), best first; ✓ marks one given already."""
        if self.state is None or self.record is None:
            return
        if typing is None:
            typing = self.typed_words()
        if redraw:
            self._suggested = []
        said = "\n".join([*said_so_far(conversation_script(), self.state), typing]).strip()
        found: list[Suggested] = []
        if said:
            from fama.handouts.suggest import suggest

            given = {h.handout_id for h in self.record.handouts}
            found = [
                Suggested(s.handout.id, s.handout.title, s.matched, s.handout.id in given)
                for s in suggest(said, self.library, limit=4)
            ]
        if found != self._suggested or redraw:
            self._suggested = found
            self.side.show_handouts(found)
            self.place_side()

    def typed_words(self) -> str:
        """What the client is saying now, as typed but not yet recorded."""
        if self.step is None or not self.step.suggest_handouts:
            return ""
        boxes = self.query("#reply-box")
        if boxes:
            return boxes.first(Input).value
        from fama.tui.widgets.follow_up_form import FollowUpForm

        forms = self.query(FollowUpForm)
        draft = forms.first().draft() if forms else []
        return "\n".join(follow_up_words(draft if isinstance(draft, list) else []))

    @on(Input.Changed)
    def _typing(self, event: Input.Changed) -> None:
        """What the client says, as it is typed, brings up handouts: the reply box at a step
        that suggests them, and the follow-up form's "what it was like" and "what got in
        the way"."""
        if self.step is None or not self.step.suggest_handouts:
            return
        if event.input.id == "reply-box" or (event.input.id or "").endswith(("-like", "-barriers")):
            self.refresh_handouts()

    def _handout_action(self, action: str) -> None:
        handout_id = self.side.highlighted_handout()
        if handout_id is None:
            self.notify(
                "No handout is suggested yet: they follow what the client says in their own "
                "words. H on the client opens them all.",
                severity="warning",
            )
            return
        handout = self.library.get(handout_id)
        if not self.log_handout(handout.id, handout.title, action):
            return
        if action == "shown":
            from fama.tui.screens.show_to_client import ShowToClientScreen

            def given(result: str | None) -> None:
                if result == "given":
                    self.log_handout(handout.id, handout.title, "given")

            self.app.push_screen(ShowToClientScreen(handout, can_give=True), given)

    def log_handout(self, handout_id: str, title: str, action: str) -> bool:
        """Log a handout shown or given in this conversation; say so when it is given."""
        try:
            self.casebook.conversations.log_handout(
                self.code, self.conversation_id, handout_id, title, action
            )
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return False
        if action == "given":
            self.notify(f"Logged “{title}” as given today.", markup=False)
        self.reload()
        self.refresh_handouts(redraw=True)  # the ✓ for what has been given
        return True

    def action_show_handout(self) -> None:
        self._handout_action("shown")

    def action_give_handout(self) -> None:
        self._handout_action("given")

    @on(InfoAnswer.PlanRequested)
    def _save_plan(self, event: InfoAnswer.PlanRequested) -> None:
        """Ask what goes on the client's phone (a small dialog), then save My meeting plan."""
        from fama.casebook.conversation import NO_MEETINGS
        from fama.meeting_plan.plan import PlanOptions
        from fama.tui.screens.dialogs.meeting_plan_dialog import MeetingPlanDialog

        event.stop()
        try:
            meetings, _ = self.casebook.conversations.plan_parts(self.code, self.conversation_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        if not meetings:
            self.notify(NO_MEETINGS, severity="warning", markup=False)
            return

        def save(options: PlanOptions | None) -> None:
            if options is None:
                return
            try:
                html, ics = self.casebook.conversations.save_meeting_plan(
                    self.code, self.conversation_id, plan_folder(), options
                )
            except ValueError as exc:
                self.notify(str(exc), severity="warning", markup=False)
                return
            except OSError as exc:
                self.notify(f"Could not save the plan: {exc.strerror}.", severity="error")
                return
            except StoreError as exc:
                self.notify(str(exc), severity="error", timeout=10, markup=False)
                return
            self.notify(
                f"Saved My meeting plan: print {html.name}, and open {ics.name} to add the "
                f"meetings to a calendar. Both are in {html.parent}.",
                timeout=12,
                markup=False,
            )

        self.app.push_screen(MeetingPlanDialog([m.name for m in meetings]), save)
