"""The casebook's conversation methods (a mixin for :class:`fama.casebook.Casebook`).

Open or resume a client's FAMA conversation, record one answer, go back one step. Every
answer is ONE durable save of the client's whole record (``Store.put_record``): the
conversation's state, its transcript and everything the answer recorded (profile, goals,
reviews) land together, so a quit or a crash loses at most the answer being typed.

Like the casebook, this module loads pydantic and the conversation engine only inside the
methods that need them, so opening the caseload stays fast.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from fama.store.base import StoreError

if TYPE_CHECKING:
    from fama.clock import Clock
    from fama.conversation import ConversationState, Outcome, Script, Step
    from fama.models import ClientRecord, Conversation
    from fama.store import Store


class ConversationNotFound(StoreError):
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


class ConversationService:
    """Mixin: needs ``self.store`` and ``self.clock`` (as :class:`fama.casebook.Casebook`)."""

    store: Store
    clock: Clock

    def open_conversation(
        self, code: str, keyworker: str | None = None
    ) -> tuple[Conversation, ConversationState, Step | None]:
        """Resume the client's latest unfinished conversation, or start (and save) a new one.

        A saved conversation this script cannot continue (a step renamed or removed, an old
        format) is closed with a note in ``state["closed"]`` and a new one is started.
        """
        from fama.conversation import Context, current, resume, start
        from fama.models import Conversation, Stage

        script = conversation_script()
        record = self.store.load_client(code)
        unfinished = sorted(
            (c for c in record.conversations if not c.finished), key=lambda c: c.updated_at
        )
        now = self.clock.now()
        conversations = list(record.conversations)
        if unfinished:
            latest = unfinished[-1]
            try:
                state = resume(script, latest.state)
            except (ValueError, KeyError, TypeError) as error:
                closed = latest.model_copy(
                    update={
                        "finished": True,
                        "updated_at": now,
                        "state": {**latest.state, "closed": f"Could not be resumed: {error}"},
                    }
                )
                conversations = [closed if c.id == latest.id else c for c in conversations]
            else:
                return latest, state, current(script, state)
        client = record.client
        state = start(script, Context.from_client(client, open_goal_ids(record)))
        conversation = Conversation(
            client_code=client.code,
            keyworker=keyworker or client.keyworker,
            started_at=now,
            updated_at=now,
            stage_reached=Stage.NOT_STARTED,
            state={**state.to_dict(), "stage_before": client.stage.value},
        )
        conversations.append(conversation)
        self.store.put_record(record.model_copy(update={"conversations": conversations}))
        return conversation, state, current(script, state)

    def answer_step(
        self, code: str, conversation_id: str, value: object, keyworker: str | None = None
    ) -> Outcome:
        """Record the answer to the current step and save everything it records, at once.

        Raises ``AnswerError`` (one plain sentence; nothing saved) for an answer that cannot
        be accepted, ``ScriptError`` if the saved conversation cannot be continued (open it
        again) and ``ConversationNotFound``.
        """
        from pydantic import ValidationError

        from fama.conversation import AnswerError, answer, resume
        from fama.conversation.apply import apply_outcome

        script = conversation_script()
        outcomes: list[Outcome] = []

        def change(record: ClientRecord) -> ClientRecord:
            # Inside the store's lock: another keyworker's save to this client cannot be lost.
            conversation = _find(record, conversation_id)
            if conversation.finished:
                raise AnswerError("This conversation has finished; start a new one.")
            state = resume(script, conversation.state)
            outcome = answer(script, state, value, today=self.clock.today())
            try:
                new_record, _ = apply_outcome(
                    record,
                    conversation,
                    outcome,
                    now=self.clock.now(),
                    keyworker=keyworker or record.client.keyworker,
                )
            except ValueError as error:  # pydantic's ValidationError, an unknown organisation
                if isinstance(error, ValidationError):
                    problem = str(error.errors()[0].get("msg", "the answer is not valid"))
                else:
                    problem = str(error)
                raise AnswerError(f"That answer cannot be saved: {problem.rstrip('.')}.") from None
            outcomes.append(outcome)
            return new_record

        self.store.change_record(code, change)
        return outcomes[0]

    def back_step(self, code: str, conversation_id: str) -> tuple[ConversationState, Step | None]:
        """Go back one step: the last answer is forgotten, with what it recorded and its turn.
        At the first step nothing changes (and nothing is saved)."""
        from fama.conversation import back, current, resume
        from fama.conversation.apply import apply_back

        script = conversation_script()
        record = self.store.load_client(code)
        state = resume(script, _find(record, conversation_id).state)
        previous = back(script, state)
        if previous is state:
            return previous, current(script, previous)  # at the first step: nothing to save
        saved: list[ConversationState] = []

        def change(fresh: ClientRecord) -> ClientRecord:
            conversation = _find(fresh, conversation_id)
            earlier = back(script, resume(script, conversation.state))
            saved.append(earlier)
            new_record, _ = apply_back(fresh, conversation, earlier, now=self.clock.now())
            return new_record

        self.store.change_record(code, change)
        return saved[0], current(script, saved[0])
