"""The casebook's conversations: ``book.conversations``.

Open or resume a client's FAMA conversation, record one answer, go back one step. Every
answer is ONE durable, locked change of the client's record (``Store.change_record``): the
conversation's state, its transcript and everything the answer recorded (profile, goals,
reviews) land together, so a quit or a crash loses at most the answer being typed. A
conversation opened and left before its first answer leaves nothing behind.

Like the casebook, this module loads pydantic and the conversation engine only inside the
methods that need them, so opening the caseload stays fast.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from fama.audit import Action
from fama.casebook.part import Desk, Part, change_returning
from fama.errors import StoreError

if TYPE_CHECKING:
    from pathlib import Path

    from fama.casebook.directory import DirectoryService
    from fama.casebook.handover import CallOffer
    from fama.conversation import ConversationState, Outcome, Script, Step
    from fama.meeting_plan.plan import PlanOptions
    from fama.models import ClientRecord, Conversation, Goal, Meeting


class ConversationNotFound(StoreError):
    """The conversation asked for is not on the client's record (nor waiting for its first
    answer in this casebook)."""

    def __init__(self, code: str, conversation_id: str) -> None:
        self.code = code
        self.conversation_id = conversation_id
        super().__init__(f"Client {code} has no conversation {conversation_id}.")


@cache
def conversation_script() -> Script:
    """The packaged conversation script, loaded once per process."""
    from fama.conversation import load_script

    return load_script()


def open_goal_ids(record: ClientRecord) -> list[str]:
    """The client's open goals in the order to follow them up (soonest target first)."""
    goals = sorted((g for g in record.goals if g.status.is_open), key=lambda g: g.target_date)
    return [g.id for g in goals]


def _find(record: ClientRecord, conversation_id: str) -> Conversation:
    for conversation in record.conversations:
        if conversation.id == conversation_id:
            return conversation
    raise ConversationNotFound(record.client.code, conversation_id)


def created_goal_id(record: ClientRecord, conversation: Conversation) -> str | None:
    """The id of the goal created most recently in ``conversation`` (and still held), if any."""
    from fama.conversation.prefill import created_goal

    goal = created_goal(record, conversation)
    return goal.id if goal is not None else None


PLAN_NAME = "my-meeting-plan"
NO_MEETINGS = "Choose at least one meeting for the plan first."


class ConversationService(Part):
    """Open, answer, go back in and leave a client's FAMA conversation; log handouts shown
    or given in it; write the client's meeting plan: ``book.conversations``."""

    def __init__(self, desk: Desk, directory: DirectoryService) -> None:
        super().__init__(desk)
        self._directory = directory
        self.unsaved: dict[str, Conversation] = {}
        """Conversations opened but not yet answered: saved with their first answer."""

    def open(
        self, code: str, keyworker: str | None = None
    ) -> tuple[Conversation, ConversationState, Step | None]:
        """Resume the client's latest unfinished conversation, or start a new one (see
        :meth:`_open`); audited as a view of the client's record."""
        opened = self._open(code, keyworker)
        self.audit(Action.VIEW, "conversation", code)
        return opened

    def _open(
        self, code: str, keyworker: str | None = None
    ) -> tuple[Conversation, ConversationState, Step | None]:
        """Resume the client's latest unfinished conversation, or start a new one.

        A new conversation is not saved until its first answer (or a handout logged in it):
        opening one and leaving at once keeps nothing. A saved conversation this script
        cannot continue (a step renamed or removed, an old format) is closed, in one locked
        change, with a note in ``state["closed"]``, and a new one is started.
        """
        from fama.conversation import Context, current, resume, start
        from fama.models import Conversation, Stage

        script = conversation_script()
        record = self.store.load_client(code)
        unfinished = sorted(
            (c for c in record.conversations if not c.finished), key=lambda c: c.updated_at
        )
        if unfinished:
            latest = unfinished[-1]
            try:
                state = resume(script, latest.state)
            except (ValueError, KeyError, TypeError) as error:
                record = self._close_unresumable(code, latest.id, str(error))
            else:
                return latest, state, current(script, state)
        now = self.clock.now()
        client = record.client
        state = start(script, Context.from_client(client, open_goal_ids(record)))
        conversation = Conversation(
            client_code=client.code,
            keyworker=keyworker or self.staff_id_or(client.keyworker),
            started_at=now,
            updated_at=now,
            stage_reached=Stage.NOT_STARTED,
            state={**state.to_dict(), "stage_before": client.stage.value},
        )
        self.unsaved[conversation.id] = conversation
        return conversation, state, current(script, state)

    def _close_unresumable(self, code: str, conversation_id: str, why: str) -> ClientRecord:
        now = self.clock.now()

        def change(record: ClientRecord) -> ClientRecord:
            conversations = [
                c.model_copy(
                    update={
                        "finished": True,
                        "updated_at": now,
                        "state": {**c.state, "closed": f"Could not be resumed: {why}"},
                    }
                )
                if c.id == conversation_id and not c.finished
                else c
                for c in record.conversations
            ]
            return record.model_copy(update={"conversations": conversations})

        return self.store.change_record(code, change)

    def record(self, code: str, conversation_id: str) -> ClientRecord:
        """The client's record as the conversation screen shows it: with this conversation
        in it, even before its first answer is saved. Raises ``ConversationNotFound``."""
        return self._held(self.store.load_client(code), conversation_id)

    def leave(self, conversation_id: str) -> None:
        """The keyworker left the conversation: one never answered is forgotten."""
        self.unsaved.pop(conversation_id, None)

    def _held(self, record: ClientRecord, conversation_id: str) -> ClientRecord:
        """``record`` with the conversation in it: an unsaved one joins it here, inside the
        locked change that saves its first answer."""
        if any(c.id == conversation_id for c in record.conversations):
            return record
        unsaved = self.unsaved.get(conversation_id)
        if unsaved is None or unsaved.client_code != record.client.code:
            raise ConversationNotFound(record.client.code, conversation_id)
        return record.model_copy(update={"conversations": [*record.conversations, unsaved]})

    def answer(
        self, code: str, conversation_id: str, value: object, keyworker: str | None = None
    ) -> Outcome:
        """Record the answer to the current step and save everything it records, at once.

        Raises ``AnswerError`` (one plain sentence; nothing saved) for an answer that cannot
        be accepted, ``ScriptError`` if the saved conversation cannot be continued (open it
        again) and ``ConversationNotFound``.
        """
        from pydantic import ValidationError

        from fama.casebook.handover import mentions_contacts, with_register_names
        from fama.conversation import AnswerError, answer, resume
        from fama.conversation.apply import apply_outcome

        script = conversation_script()
        meetings = self._directory.by_id()
        contacts = self.store.contacts() if mentions_contacts(value) else []

        def change(record: ClientRecord) -> tuple[ClientRecord, Outcome]:
            # Inside the store's lock: another keyworker's save to this client cannot be lost.
            record = self._held(record, conversation_id)
            conversation = _find(record, conversation_id)
            if conversation.finished:
                raise AnswerError("This conversation has finished; start a new one.")
            state = resume(script, conversation.state)
            named = with_register_names(script.step(state.step), value, contacts)
            outcome = answer(script, state, named, today=self.clock.today())
            try:
                new_record, _ = apply_outcome(
                    record,
                    conversation,
                    outcome,
                    now=self.clock.now(),
                    keyworker=keyworker or conversation.keyworker,
                    meetings=meetings,
                )
            except ValueError as error:  # pydantic's ValidationError, an unknown organisation
                if isinstance(error, ValidationError):
                    problem = str(error.errors()[0].get("msg", "the answer is not valid"))
                else:
                    problem = str(error)
                raise AnswerError(f"That answer cannot be saved: {problem.rstrip('.')}.") from None
            return new_record, outcome

        saved, outcome = change_returning(lambda step: self.store.change_record(code, step), change)
        self.audit(Action.CHANGE, "conversation answer", code)
        self.unsaved.pop(conversation_id, None)
        self._flag_dead_ends(saved, outcome, keyworker or "")
        return outcome

    def _flag_dead_ends(self, record: ClientRecord, outcome: Outcome, keyworker: str) -> None:
        """A follow-up that found the goal's meeting did not run, had moved or turned the
        client away flags that meeting in the directory at once (the flag says it came
        from a follow-up, never whose)."""
        from fama.conversation import effects as fx
        from fama.errors import MeetingNotFound

        meetings = {goal.id: goal.meeting_id for goal in record.goals}
        for effect in outcome.effects:
            if not isinstance(effect, fx.RecordFollowUp) or effect.follow_up.dead_end is None:
                continue
            meeting_id = meetings.get(effect.follow_up.goal_id)
            if not meeting_id:
                continue
            try:
                self._directory.flag(
                    meeting_id,
                    effect.follow_up.dead_end,
                    "reported at a client's follow-up",
                    by=keyworker or None,
                )
            except MeetingNotFound:
                continue  # the meeting has left the directory: nothing to flag

    def back(self, code: str, conversation_id: str) -> tuple[ConversationState, Step | None]:
        """Go back one step: the last answer is forgotten, with what it recorded and its turn.
        At the first step nothing changes (and nothing is saved)."""
        from fama.conversation import back, current, resume
        from fama.conversation.apply import apply_back

        script = conversation_script()
        record = self._held(self.store.load_client(code), conversation_id)
        state = resume(script, _find(record, conversation_id).state)
        previous = back(script, state)
        if previous is state:
            return previous, current(script, previous)  # at the first step: nothing to save

        def change(fresh: ClientRecord) -> tuple[ClientRecord, ConversationState]:
            conversation = _find(fresh, conversation_id)
            earlier = back(script, resume(script, conversation.state))
            new_record, _ = apply_back(fresh, conversation, earlier, now=self.clock.now())
            return new_record, earlier

        _, earlier = change_returning(lambda step: self.store.change_record(code, step), change)
        self.audit(Action.CHANGE, "conversation step taken back", code)
        return earlier, current(script, earlier)

    # Handouts and the meeting plan ---------------------------------------------------------
    def log_handout(
        self, code: str, conversation_id: str, handout_id: str, title: str, action: str
    ) -> None:
        """Log a handout shown or given during a conversation, in ONE save.

        Shown: noted on the conversation. Given: noted on the conversation and added to the
        client's handouts given (what the client screen lists, and self-assessment 2.2).
        Raises ``ConversationNotFound``, or ``ValueError`` for an action other than
        "shown" or "given" (nothing saved then).
        """
        from fama.models import HandoutAction, HandoutEvent, HandoutGiven

        kind = HandoutAction(action)
        now = self.clock.now()
        today = self.clock.today()

        def change(record: ClientRecord) -> ClientRecord:
            record = self._held(record, conversation_id)
            conversation = _find(record, conversation_id)
            event = HandoutEvent(handout_id=handout_id, action=kind, at=now)
            logged = conversation.model_copy(
                update={"handouts": [*conversation.handouts, event], "updated_at": now}
            )
            update: dict[str, object] = {
                "conversations": [
                    logged if c.id == conversation_id else c for c in record.conversations
                ]
            }
            if kind is HandoutAction.GIVEN:
                given = HandoutGiven(
                    client_code=record.client.code,
                    handout_id=handout_id,
                    title=title.strip() or handout_id,
                    given_on=today,
                    by=conversation.keyworker,
                    created_at=now,
                )
                update["handouts"] = [*record.handouts, given]
            return record.model_copy(update=update)

        self.store.change_record(code, change)
        self.audit(Action.CHANGE, "handout logged in the conversation", code)
        self.unsaved.pop(conversation_id, None)

    def call_offer(self, code: str, conversation_id: str) -> CallOffer:
        """The register's contacts to offer for the goal agreed in this conversation, best
        first (see :mod:`fama.casebook.handover`)."""
        from fama.casebook.handover import offer
        from fama.clock import london

        record = self.record(code, conversation_id)
        now = self.clock.now().astimezone(london()).replace(tzinfo=None)
        conversation = _find(record, conversation_id)
        return offer(record, conversation, self.store.contacts(), self._directory.by_id(), now)

    def plan_parts(self, code: str, conversation_id: str) -> tuple[list[Meeting], Goal | None]:
        """What the client's meeting plan holds: the meetings chosen most recently in this
        conversation (in the order chosen; ids no longer in the directory are left out) and
        the goal agreed in it. With no meetings chosen, the goal's own meeting, if it has one.
        Raises ``ConversationNotFound``."""
        record = self.record(code, conversation_id)
        return self._plan_parts(record, _find(record, conversation_id))

    def _plan_parts(
        self, record: ClientRecord, conversation: Conversation
    ) -> tuple[list[Meeting], Goal | None]:
        from fama.casebook.meeting_plans import plan_parts

        return plan_parts(record, conversation, self._directory.by_id())

    def save_meeting_plan(
        self, code: str, conversation_id: str, folder: Path, options: PlanOptions | None = None
    ) -> tuple[Path, Path]:
        """Write the client's printable plan (HTML) and calendar file (.ics) into ``folder``,
        and list both on the client's record in the same locked save.

        ``options`` are the client's choices (default: a discreet calendar titled "Time for
        me", the full page). The linked person's name appears only with the client's consent
        to share their first name. The names carry the date and the start of the
        conversation's id, never the client code: a plan can be left lying around. The files
        are private (0600); a missing folder is created private (0700), an existing one is
        left as it is. Raises ``ValueError`` (one sentence; nothing written) when no meeting
        was chosen, and ``ConversationNotFound``; if the record cannot be saved, the files
        this call created are removed.
        """
        from fama.casebook.meeting_plans import plan_files
        from fama.casebook.outputs import FileWriter, save_for_client, with_files
        from fama.meeting_plan.plan import PlanOptions
        from fama.paths import make_private_dir

        options = options or PlanOptions()
        today = self.clock.today()
        tag = re.sub(r"[^0-9A-Za-z]", "", conversation_id)[:6] or "plan"
        stem = f"{PLAN_NAME}-{today:%Y-%m-%d}-{tag}"
        html_path, ics_path = folder / f"{stem}.html", folder / f"{stem}.ics"

        def change(record: ClientRecord, writer: FileWriter) -> ClientRecord:
            conversation = _find(self._held(record, conversation_id), conversation_id)
            meetings, goal = self._plan_parts(record, conversation)
            if not meetings:
                raise ValueError(NO_MEETINGS)
            # Both files are built before either is written: never half a plan.
            html, ics = plan_files(
                record, meetings, goal, options, now=self.clock.now(), plan_id=conversation_id
            )
            if not folder.exists():  # a folder the user already has keeps its permissions
                make_private_dir(folder)
            writer.write(html_path, html.encode("utf-8"))
            writer.write(ics_path, ics)
            page = "page to print, discreet" if options.discreet_page else "page to print"
            calendar = "calendar file" + (", with details" if options.calendar_details else "")
            return with_files(
                record,
                [
                    (html_path, f"My meeting plan ({page})"),
                    (ics_path, f"My meeting plan ({calendar})"),
                ],
                on=today,
                by=conversation.keyworker,
            )

        save_for_client(self.store, code, change)
        self.audit(Action.CHANGE, "meeting plan written", code)
        return html_path, ics_path
