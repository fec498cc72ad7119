"""What a question starts from: what the record already holds, never a date gone by."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fama.casebook.conversation import conversation_script
from fama.conversation import AnswerKind
from fama.conversation.prefill import starting_answer
from fama.models import ClientRecord, Conversation
from fama.models.client import Client

TODAY = date(2026, 12, 3)
REVISIT = conversation_script().steps["declined_revisit"]


def record_with(next_review: date | None) -> tuple[ClientRecord, Conversation]:
    client = Client(
        code="KB-1001",
        keyworker="KW",
        postcode_district="LS6",
        episode_start=date(2025, 6, 2),
        next_review=next_review,
    )
    conversation = Conversation(client_code="KB-1001", keyworker="KW")
    return ClientRecord(client=client, conversations=[conversation]), conversation


def test_the_revisit_date_starts_from_the_next_review() -> None:
    assert REVISIT.kind is AnswerKind.DATE
    record, conversation = record_with(date(2027, 1, 14))
    assert starting_answer(REVISIT, record, conversation, TODAY) == "2027-01-14"


def test_no_review_on_file_starts_blank() -> None:
    record, conversation = record_with(None)
    assert starting_answer(REVISIT, record, conversation, TODAY) is None


@given(st.integers(min_value=-500, max_value=400))
def test_a_date_gone_by_is_never_suggested(offset: int) -> None:
    review = TODAY + timedelta(days=offset)
    record, conversation = record_with(review)
    started = starting_answer(REVISIT, record, conversation, TODAY)
    assert started == (review.isoformat() if review >= TODAY else None)


def test_a_question_the_record_holds_nothing_for_starts_blank() -> None:
    record, conversation = record_with(None)
    first = next(iter(conversation_script().steps.values()))
    assert starting_answer(first, record, conversation, TODAY) is None
