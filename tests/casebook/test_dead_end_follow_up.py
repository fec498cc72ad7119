"""A follow-up that finds a dead end records it and flags the meeting in the directory."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.conversation import AnswerError
from fama.conversation.summary import summarise
from fama.models import Stage
from fama.models.meeting import FlagKind
from tests.helpers.conversation import Session


def follow_up_client(book: Casebook) -> tuple[str, Session, list[str]]:
    code = next(
        e.code for e in book.clients.caseload().entries if e.summary.stage is Stage.FOLLOW_UP
    )
    s = Session(book, code)
    s.say("fu_start", None)
    return code, s, list(s.conversation().state["context"]["open_goals"])


def test_a_dead_end_is_kept_on_the_review_and_flags_the_meeting(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    book = demo_casebook
    code, s, open_ids = follow_up_client(book)
    goals = {g.id: g for g in book.clients.record(code).goals}
    named = [g for g in open_ids if goals[g].meeting_id]
    assert named, "the demo has a follow-up on a goal naming a meeting"
    meeting_id = goals[named[0]].meeting_id
    assert meeting_id is not None
    flags_before = len(book.directory.meeting(meeting_id).flags)
    talk = (clock.today() + timedelta(days=7)).isoformat()
    forms = [
        {
            "goal_id": g,
            "attended": "no",
            "next_step": "try another meeting" if g == named[0] else "carry on",
            "talk_again_on": talk,
            **({"dead_end": "did not run"} if g == named[0] else {}),
        }
        for g in open_ids
    ]
    s.say("fu_form", forms)
    reviews = [r for r in s.record().reviews if r.goal_id == named[0]]
    assert reviews[-1].dead_end is FlagKind.DID_NOT_RUN
    flags = book.directory.meeting(meeting_id).flags
    assert len(flags) == flags_before + 1
    flag = flags[-1]
    assert flag.kind is FlagKind.DID_NOT_RUN and flag.on == clock.today() and flag.by
    assert code not in flag.note
    outcome = book.directory.outcomes()[meeting_id]
    assert outcome.dead_ends == 1
    summary = summarise(s.record(), s.conversation(), book.directory.by_id())
    assert "  - Dead end: the meeting did not run" in summary


def test_an_unknown_dead_end_is_refused_and_nothing_is_saved(demo_casebook: Casebook) -> None:
    book = demo_casebook
    code, s, open_ids = follow_up_client(book)
    before = book.store.load_client(code)
    forms = [{"goal_id": g, "attended": "no", "dead_end": "closed forever"} for g in open_ids]
    with pytest.raises(AnswerError, match="A dead end is one of"):
        book.conversations.answer(code, s.id, forms)
    assert book.store.load_client(code).reviews == before.reviews


def test_the_outcome_figures_are_reused_until_a_meeting_is_flagged(
    demo_casebook: Casebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-ranking at each preference reuses the figures (they read every record); a flag,
    as a dead end makes, has them counted again at once."""
    book = demo_casebook
    reads: list[int] = []
    documents = book.store.client_documents
    monkeypatch.setattr(book.store, "client_documents", lambda: (reads.append(1), documents())[1])
    first = book.directory.outcomes()
    assert book.directory.outcomes() == first and len(reads) == 1
    meeting = book.directory.meetings()[0]
    book.directory.flag(meeting.id, FlagKind.DID_NOT_RUN, "reported at a follow-up")
    book.directory.outcomes()
    assert len(reads) == 2
