"""The warm handover through the casebook: the contacts offered for the goal agreed in the
conversation, the calls made recorded on the goal (the one reached becoming its linked
person, named as the register names them), a contact's name put on the plan instead, and
bad answers refused with nothing saved."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.conversation import AnswerError
from fama.models import CallOutcome, Goal, LinkType
from tests.conversation.test_conversation_apply import STAGE_ONE, goal_form
from tests.helpers.conversation import Session, not_started

AA_LUNCHTIME = "demo:aa-01"  # Sam (AA health liaison) covers it


def at_the_call(book: Casebook, link: str = "volunteer_phoned", consent: str = "yes") -> Session:
    s = Session(book, not_started(book))
    s.say_all(STAGE_ONE)
    s.say("s2_meetings", [AA_LUNCHTIME])
    s.say("s2_goal", goal_form(book.today))
    s.say("s2_link", link)
    s.say("s2_consent", consent)
    return s


def the_goal(s: Session) -> Goal:
    [goal] = [
        g for g in s.record().goals if g.status.is_open and g.created_at.date() >= date(2026, 1, 1)
    ]
    return goal


def test_the_contacts_for_the_meeting_come_best_first(demo_casebook: Casebook) -> None:
    s = at_the_call(demo_casebook)
    assert s.step == "s2_call"
    handover = demo_casebook.conversations.call_offer(s.code, s.id)
    assert [o.contact.name for o in handover.offered] == ["Sam"]
    assert handover.offered[0].covers_meeting
    assert (handover.meet_where, handover.meet_when) == ("at the door", "Monday 12:30")


def test_a_peer_mentor_link_offers_the_services_own_people(demo_casebook: Casebook) -> None:
    s = at_the_call(demo_casebook, link="peer_mentor")
    offered = demo_casebook.conversations.call_offer(s.code, s.id).offered
    # Sam covers the meeting itself; then the service's own people, who both cover its
    # district, the champions first as they can be rung at any time.
    assert [o.contact.called for o in offered] == ["Sam", "Kelbridge recovery champions", "Dee"]


def test_a_call_that_reaches_someone_fills_the_goals_support(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    s = at_the_call(demo_casebook)
    s.say(
        "s2_call",
        [
            {"contact_id": "demo-sam", "outcome": "message", "name": "anything the screen sent"},
            {
                "contact_id": "demo-sam",
                "outcome": "reached",
                "meet_where": "at the door",
                "meet_when": "Monday 12:15",
            },
        ],
    )
    assert s.step == "s2_travel"  # who they will meet is known: not asked again
    support = the_goal(s).support
    assert support.link is LinkType.VOLUNTEER_PHONED
    assert support.contact_id == "demo-sam"
    assert support.linked_person == "Sam, AA health liaison"  # the register's name
    assert [(c.contact_id, c.outcome) for c in support.calls] == [
        ("demo-sam", CallOutcome.MESSAGE),
        ("demo-sam", CallOutcome.REACHED),
    ]
    reached = support.calls[-1]
    assert (reached.meet_where, reached.meet_when) == ("at the door", "Monday 12:15")
    assert reached.called_on == clock.today()
    assert all(c.called_by for c in support.calls)
    turn = s.conversation().turns[-1]
    assert turn.step_id == "s2_call"
    assert turn.answer == (
        "Sam, AA health liaison: left a message; "
        "Sam, AA health liaison: reached, agreed to meet (at the door, Monday 12:15)"
    )


def test_nobody_rung_asks_who_they_will_meet(demo_casebook: Casebook) -> None:
    s = at_the_call(demo_casebook)
    s.say("s2_call", [])
    assert s.step == "s2_person"
    s.say("s2_person", "Alex, a friend from the group")
    support = the_goal(s).support
    assert support.calls == [] and support.contact_id is None
    assert support.linked_person == "Alex, a friend from the group"


def test_nobody_answering_asks_who_they_will_meet(demo_casebook: Casebook) -> None:
    s = at_the_call(demo_casebook)
    s.say("s2_call", [{"contact_id": "demo-sam", "outcome": "not_reached"}])
    assert s.step == "s2_person"
    support = the_goal(s).support
    assert support.contact_id is None and support.linked_person == ""
    assert [c.outcome for c in support.calls] == [CallOutcome.NOT_REACHED]


def test_going_back_over_the_call_forgets_it(demo_casebook: Casebook) -> None:
    s = at_the_call(demo_casebook)
    s.say("s2_call", [{"contact_id": "demo-sam", "outcome": "reached"}])
    s.back()
    assert s.step == "s2_call"
    support = the_goal(s).support
    assert support.calls == [] and support.linked_person == "" and support.contact_id is None


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ([{"contact_id": "nobody-here", "outcome": "reached"}], "left the register"),
        ([{"contact_id": "demo-sam", "outcome": "maybe"}], "how the call went"),
        ([{"outcome": "reached"}], "the contact who was rung"),
        ("Sam", "Record the calls made"),
        (
            [
                {"contact_id": "demo-sam", "outcome": "reached"},
                {"contact_id": "demo-sam", "outcome": "message"},
            ],
            "no more calls",
        ),
        ([{"contact_id": "demo-sam", "outcome": "reached", "meet_where": "x" * 201}], "under 200"),
    ],
)
def test_bad_calls_are_refused_and_nothing_saved(
    demo_casebook: Casebook, answer: object, says: str
) -> None:
    s = at_the_call(demo_casebook)
    before = s.record()
    with pytest.raises(AnswerError, match=says):
        demo_casebook.conversations.answer(s.code, s.id, answer)
    assert s.record() == before


def test_a_client_who_declines_the_call_may_have_a_name_on_the_plan(
    demo_casebook: Casebook, tmp_path: Path
) -> None:
    s = at_the_call(demo_casebook, consent="no")
    assert s.step == "s2_name_on_plan"
    s.say("s2_name_on_plan", {"contact_id": "demo-sam", "name": "not this"})
    assert s.step == "s2_travel"
    support = the_goal(s).support
    assert support.name_on_plan and support.contact_id == "demo-sam"
    assert support.linked_person == "Sam, AA health liaison"
    assert support.calls == []
    s.say("s2_travel", "")
    s.say("s2_barriers", "Ring the hub")
    html, _ = demo_casebook.conversations.save_meeting_plan(s.code, s.id, tmp_path)
    page = html.read_text(encoding="utf-8")
    assert "ask for Sam" in page and "Sam, AA health liaison" in page


def test_a_client_who_declines_both_has_nobody_named(
    demo_casebook: Casebook, tmp_path: Path
) -> None:
    s = at_the_call(demo_casebook, consent="no")
    s.say("s2_name_on_plan", None)
    support = the_goal(s).support
    assert not support.name_on_plan and support.linked_person == "" and support.contact_id is None
    s.say("s2_travel", "")
    s.say("s2_barriers", "Ring the hub")
    html, _ = demo_casebook.conversations.save_meeting_plan(s.code, s.id, tmp_path)
    page = html.read_text(encoding="utf-8")
    assert "AA health liaison" not in page and "ask for" not in page


def test_the_plan_says_where_and_when_the_contact_meets_them(
    demo_casebook: Casebook, tmp_path: Path
) -> None:
    s = at_the_call(demo_casebook)
    call = {
        "contact_id": "demo-sam",
        "outcome": "reached",
        "meet_where": "by the café",
        "meet_when": "Monday 12:15",
    }
    s.say("s2_call", [call])
    s.say("s2_travel", "")
    s.say("s2_barriers", "Ring the hub")
    html, _ = demo_casebook.conversations.save_meeting_plan(s.code, s.id, tmp_path)
    page = html.read_text(encoding="utf-8")
    assert "Meeting you: by the café, Monday 12:15." in page
    assert "Sam, AA health liaison" in page  # the client consented to share their name


def test_a_contact_added_today_is_offered_after_one_who_also_covers_the_area(
    demo_casebook: Casebook,
) -> None:
    demo_casebook.contacts.add(
        {
            "organisation": "AA",
            "name": "Robin",
            "phone": "0808 157 0999",
            "covers": "demo:aa-01",
            "consent": "yes",
            "last_checked": (demo_casebook.today - timedelta(days=1)).isoformat(),
            "when": "any time",
        }
    )
    s = at_the_call(demo_casebook)
    offered = demo_casebook.conversations.call_offer(s.code, s.id).offered
    assert [o.contact.name for o in offered] == ["Sam", "Robin"]
