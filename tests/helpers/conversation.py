"""Drive a FAMA conversation through the casebook, as the chat screen does, step by step."""

from __future__ import annotations

from collections.abc import Sequence

from fama.casebook.service import Casebook
from fama.conversation import END
from fama.models import ClientRecord, Conversation, Stage


class Session:
    """Drives one conversation, checking each answer lands on the expected step."""

    def __init__(self, book: Casebook, code: str) -> None:
        self.book = book
        self.code = code
        conversation, _, step = book.conversations.open(code)
        self.id = conversation.id
        self.step = step.id if step else END

    def say(self, step_id: str, value: object) -> None:
        assert self.step == step_id
        outcome = self.book.conversations.answer(self.code, self.id, value)
        self.step = outcome.step.id if outcome.step else END

    def say_all(self, answers: Sequence[tuple[str, object]], until: str | None = None) -> None:
        """Answer each (step, value) in turn; with ``until``, stop after that step's answer."""
        for step_id, value in answers:
            self.say(step_id, value)
            if step_id == until:
                return
        if until is not None:
            raise ValueError(f"no answer to {until!r} here")

    def back(self) -> None:
        _, step = self.book.conversations.back(self.code, self.id)
        self.step = step.id if step else END

    def record(self) -> ClientRecord:
        return self.book.store.load_client(self.code)

    def conversation(self) -> Conversation:
        """The conversation as the screen sees it (saved or not yet)."""
        record = self.book.conversations.record(self.code, self.id)
        return next(c for c in record.conversations if c.id == self.id)


SAYS_NO_FOR_NOW: tuple[tuple[str, object], ...] = (
    ("s1_raise", "yes"),
    ("s1_past", "none"),
    ("s1_know", ""),
    ("s1_hopes", "Not sure"),
    ("s1_options", None),
    ("s1_interest", 2),
    ("s1_ready", "no"),
    ("declined", ""),
    ("declined_revisit", None),
)
"""A stage one that ends in "not for now", with no reasons and no date to ask again."""


def new_client(book: Casebook, code: str = "KB-9001") -> str:
    """A client just added (never introduced), for a test that needs more than the demo's."""
    from fama.models import Client

    book.store.create_client(
        Client(code=code, keyworker="JB", postcode_district="DE1", episode_start=book.today)
    )
    return code


def not_started(book: Casebook) -> str:
    """A demo client never introduced to mutual aid."""
    return next(
        e.code
        for e in book.clients.caseload().entries
        if e.summary.stage is Stage.NOT_STARTED and e.summary.declined_on is None
    )
