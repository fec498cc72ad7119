"""The call made in the session and what the follow-up heard of the person linked, as the
care-plan review (timeline and summary), the conversation summary and the client's profile
show them: named by the register when the view has it, else as recorded; typed words
escaped where the output is Markdown or HTML, as typed elsewhere."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from fama.casebook.service import Casebook
from fama.clients.profile import contacts_named, goal_lines, review_lines
from fama.conversation.handover_words import (
    Named,
    call_lines,
    handover_line,
    recorded_names,
    register_names,
)
from fama.conversation.summary import summarise
from fama.models import CallOutcome, Conversation, Handover, LinkType
from fama.models.goal import ContactCall, Support
from tests.helpers.handover import SAM, followed_up, stage_two_done

DAY = date(2026, 12, 3)
SAM_LINKED = Support(
    link=LinkType.VOLUNTEER_PHONED,
    linked_person="Sam, AA health liaison",
    contact_id=SAM,
    calls=[
        ContactCall(contact_id="demo-jo", called_on=DAY, outcome=CallOutcome.MESSAGE),
        ContactCall(
            contact_id=SAM,
            called_on=DAY,
            outcome=CallOutcome.REACHED,
            meet_where="at the door",
            meet_when="Tue 7pm",
        ),
    ],
)


# --------------------------------------------------------------------------- the words


def test_each_call_on_its_own_line_named_as_best_known() -> None:
    assert call_lines(SAM_LINKED) == [
        "Rang a contact from the register on Thu 3 Dec 2026: left a message",
        "Rang Sam (AA health liaison) on Thu 3 Dec 2026: reached, agreed to meet at the door, "
        "Tue 7pm",
    ]
    names = {"demo-jo": Named("Jo", "NA hospitals and institutions"), SAM: Named("Samantha")}
    assert call_lines(SAM_LINKED, names) == [
        "Rang Jo (NA hospitals and institutions) on Thu 3 Dec 2026: left a message",
        "Rang Samantha on Thu 3 Dec 2026: reached, agreed to meet at the door, Tue 7pm",
    ]
    assert call_lines(Support()) == []


def test_where_to_meet_is_said_only_for_someone_reached() -> None:
    missed = ContactCall(
        contact_id=SAM, called_on=DAY, outcome=CallOutcome.NOT_REACHED, meet_where="at the door"
    )
    support = Support(link=LinkType.VOLUNTEER_PHONED, calls=[missed])
    assert call_lines(support, {SAM: Named("Sam")}) == ["Rang Sam on Thu 3 Dec 2026: not reached"]


@pytest.mark.parametrize(
    ("support", "names", "said", "words"),
    [
        (SAM_LINKED, {}, Handover.MET, "Sam met them there"),
        (SAM_LINKED, {SAM: Named("Samantha", "AA")}, Handover.WENT_WITH, "Samantha went with them"),
        (
            Support(link=LinkType.PEER_MENTOR),
            {},
            Handover.DID_NOT,
            "The peer mentor did not meet them",
        ),
        (
            Support(link=LinkType.STAFF_ACCOMPANIES, linked_person="dan [b]"),
            {},
            Handover.WENT_WITH,
            "dan [b] went with them",
        ),
        (None, {}, Handover.MET, "The person linked met them there"),
    ],
)
def test_what_the_follow_up_heard(
    support: Support | None, names: dict[str, Named], said: Handover, words: str
) -> None:
    assert handover_line(said, support, names) == words


def test_names_recorded_in_answers_and_in_the_register(demo_casebook: Casebook) -> None:
    junk = Conversation(
        client_code="KB-1151",
        keyworker="DO",
        started_at=datetime(2026, 11, 1, 10, 0).astimezone(),
        state={"path": [{"step": "x", "answer": [{"contact_id": 3}, "text", None]}, "odd"]},
    )
    named = Conversation(
        client_code="KB-1151",
        keyworker="DO",
        state={"path": [{"answer": [{"contact_id": "c1", "name": "Ann, SMART facilitator"}]}]},
    )
    assert recorded_names([junk, named]) == {"c1": Named("Ann", "SMART facilitator")}
    assert recorded_names([Conversation(client_code="KB-1151", keyworker="DO")]) == {}
    register = register_names(demo_casebook.store.contacts())
    assert register[SAM].full == "Sam (AA health liaison)"
    assert register["demo-champions"].full == "Kelbridge recovery champions"
    assert register["demo-linda"].full == "Linda (Al-Anon group contact)"


# --------------------------------------------------------------------------- the views


def sam_followed_up(book: Casebook, handover: str = "met them there") -> str:
    code = stage_two_done(book, "volunteer_phoned")
    followed_up(book, code, handover=handover)
    return code


RANG_SAM = "Rang {} on Tue 24 Nov 2026: reached, agreed to meet at the door, Monday 12:15"


def test_the_care_plan_review_timeline(demo_casebook: Casebook) -> None:
    code = sam_followed_up(demo_casebook)
    details = [d for e in demo_casebook.reviews.history(code).timeline for d in e.details]
    assert RANG_SAM.format("Sam (AA health liaison)") in details
    assert "Handover: Sam met them there" in details


def test_the_register_names_them_as_it_does_now(demo_casebook: Casebook) -> None:
    code = sam_followed_up(demo_casebook)
    demo_casebook.contacts.edit(SAM, {"name": "Samuel"})
    history = demo_casebook.reviews.history(code)
    details = [d for e in history.timeline for d in e.details]
    assert RANG_SAM.format("Samuel (AA health liaison)") in details
    assert "Handover: Samuel met them there" in details
    assert "Samuel met them there" in demo_casebook.reviews.summary(code, "txt")
    # The profile has no register: the name recorded with the call.
    record = demo_casebook.clients.record(code)
    [goal] = [g for g in record.goals if g.support.calls]
    assert f"  {RANG_SAM.format('Sam (AA health liaison)')}" in goal_lines(
        goal, demo_casebook.directory.by_id(), demo_casebook.today, contacts_named(record)
    )


def test_the_care_plan_summary_in_each_format(demo_casebook: Casebook) -> None:
    where = "by the *door* [x] <b>"
    calls = [
        {"contact_id": "demo-dee", "outcome": "not_reached"},
        {"contact_id": "demo-champions", "outcome": "reached", "meet_where": where},
    ]
    code = stage_two_done(demo_casebook, "peer_mentor", calls=calls)
    followed_up(demo_casebook, code, handover="went with them")
    txt = demo_casebook.reviews.summary(code, "txt")
    assert (
        "by Tue 1 Dec 2026). Rang Dee (peer mentor) on Tue 24 Nov 2026: not reached. "
        "Rang Kelbridge recovery champions on Tue 24 Nov 2026: reached, agreed to meet "
        f"{where}. Follow-up on Tue 24 Nov 2026: Kelbridge recovery champions went with them."
    ) in txt
    md = demo_casebook.reviews.summary(code, "md")
    assert r"agreed to meet by the \*door\* \[x\] \<b\>." in md
    assert "Follow-up on Tue 24 Nov 2026: Kelbridge recovery champions went with them" in md
    html = demo_casebook.reviews.summary(code, "html")
    assert "by the *door* [x] &lt;b&gt;" in html and "<b>" not in html


def test_the_summary_says_nothing_without_a_call_or_a_handover(demo_casebook: Casebook) -> None:
    code = stage_two_done(demo_casebook, "none")
    followed_up(demo_casebook, code)
    txt = demo_casebook.reviews.summary(code, "txt")
    assert "Rang " not in txt and "Follow-up on" not in txt
    details = [d for e in demo_casebook.reviews.history(code).timeline for d in e.details]
    assert not [d for d in details if d.startswith(("Rang ", "Handover"))]


def test_a_handover_not_asked_is_not_shown(demo_casebook: Casebook) -> None:
    code = stage_two_done(demo_casebook, "volunteer_phoned")
    followed_up(demo_casebook, code)  # nothing said of Sam
    details = [d for e in demo_casebook.reviews.history(code).timeline for d in e.details]
    assert RANG_SAM.format("Sam (AA health liaison)") in details
    assert not [d for d in details if d.startswith("Handover")]
    assert "Follow-up on" not in demo_casebook.reviews.summary(code, "txt")


def test_the_conversation_summaries(demo_casebook: Casebook) -> None:
    person = "Dan *the* [keyworker]"
    nobody = [{"contact_id": SAM, "outcome": "not_reached"}]
    code = stage_two_done(demo_casebook, "staff_goes", person=person, calls=nobody)
    followed_up(demo_casebook, code, handover="went with them")
    record = demo_casebook.clients.record(code)
    meetings = demo_casebook.directory.by_id()
    agreed, follow_up = sorted(record.conversations, key=lambda c: c.started_at)
    first = summarise(record, agreed, meetings)
    assert "  - Call: Rang Sam \\(AA health liaison\\) on Tue 24 Nov 2026: not reached" in first
    second = summarise(record, follow_up, meetings)
    assert "  - Handover: Dan \\*the\\* \\[keyworker\\] went with them" in second


def test_the_client_profile(demo_casebook: Casebook) -> None:
    code = sam_followed_up(demo_casebook, "did not meet them")
    record = demo_casebook.clients.record(code)
    named = contacts_named(record)
    [goal] = [g for g in record.goals if g.support.calls]
    lines = goal_lines(goal, demo_casebook.directory.by_id(), demo_casebook.today, named)
    assert f"  {RANG_SAM.format('Sam (AA health liaison)')}" in lines
    [review] = [r for r in record.reviews if r.goal_id]
    assert "  Sam did not meet them" in review_lines(review, goal, named)
    assert "  The person linked did not meet them" in review_lines(review)
