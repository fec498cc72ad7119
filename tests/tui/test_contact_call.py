"""The warm handover on the conversation screen: the register's contacts offered at the
call step, the number in one key, how it went in one more, and what is stored; a name on
the plan instead for a client who would rather not have a call made; at 80x24 too."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, OptionList, Static

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.models import CallOutcome, Goal, LinkType
from fama.tui.app import make_app
from fama.tui.widgets.contact_call import ContactCall, ContactOnPlan
from tests.casebook.test_handover_calls import at_the_call
from tests.conversation.test_conversation_apply import STAGE_ONE, goal_form
from tests.helpers.chat import chat, open_chat, say
from tests.helpers.conversation import Session, not_started
from tests.helpers.pilot import until

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])


def new_goal(book: Casebook, code: str) -> Goal:
    [goal] = [g for g in book.clients.record(code).goals if g.status.is_open]
    return goal


def details(widget: ContactCall | ContactOnPlan) -> str:
    return str(widget.query_one(".contact-details", Static).render())


@SIZES
async def test_a_call_that_reaches_someone_takes_five_keys_from_the_link_question(
    demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    s = Session(demo_casebook, not_started(demo_casebook))
    s.say_all(STAGE_ONE)
    s.say("s2_meetings", ["demo:aa-01"])
    s.say("s2_goal", goal_form(demo_casebook.today))
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=size) as pilot:
        await open_chat(pilot, app, s.code)
        assert chat(app).step is not None and chat(app).step.id == "s2_link"
        keys = ["1", "1"]  # phone a fellowship volunteer now; consent to share a first name
        await say(pilot, ",".join(keys))
        call = chat(app).query_one(ContactCall)
        lines = [str(o.prompt) for o in call.query_one(OptionList).options]
        assert lines[0].startswith(" 1  Sam, AA health liaison · AA · this meeting · ring now")
        assert "0808 157 0202" not in details(call)  # the number shows when asked for
        keys += ["enter"]
        await say(pilot, "enter")
        assert "Ring Sam: 0808 157 0202" in details(call)
        keys += ["r"]
        await say(pilot, "r")
        assert isinstance(app.focused, Input) and app.focused.id == "meet-where"
        assert app.focused.value == "at the door"
        assert call.query_one("#meet-when", Input).value == "Monday 12:30"
        assert app.focused.region.bottom <= size[1]  # in sight at 80x24
        keys += ["enter"]
        await say(pilot, "enter")
        await until(pilot, lambda: chat(app).step is not None and chat(app).step.id == "s2_travel")
    assert len(keys) <= 6
    support = new_goal(demo_casebook, s.code).support
    assert support.link is LinkType.VOLUNTEER_PHONED
    assert support.linked_person == "Sam, AA health liaison"
    assert support.contact_id == "demo-sam"
    [made] = support.calls
    assert made.outcome is CallOutcome.REACHED
    assert (made.meet_where, made.meet_when) == ("at the door", "Monday 12:30")
    assert made.called_on == clock.today()


async def test_not_reached_then_a_message_to_the_next_then_go_on(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    s = at_the_call(demo_casebook, link="peer_mentor")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, s.code)
        call = chat(app).query_one(ContactCall)
        await say(pilot, "c", "n")  # Sam, not reached: the list moves to the next
        lines = [str(o.prompt) for o in call.query_one(OptionList).options]
        assert lines[0].endswith("[not reached]")
        assert call.highlighted() is not None
        assert call.highlighted().contact.id == "demo-champions"  # type: ignore[union-attr]
        await say(pilot, "enter", "m")  # the champions: left a message
        await say(pilot, "0")  # go on with the calls made
        await until(pilot, lambda: chat(app).step is not None and chat(app).step.id == "s2_travel")
    support = new_goal(demo_casebook, s.code).support
    assert [(c.contact_id, c.outcome) for c in support.calls] == [
        ("demo-sam", CallOutcome.NOT_REACHED),
        ("demo-champions", CallOutcome.MESSAGE),
    ]
    assert support.linked_person == "Kelbridge recovery champions"


async def test_zero_goes_on_without_a_call_to_name_who_they_will_meet(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    s = at_the_call(demo_casebook)
    before = demo_casebook.clients.record(s.code)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, s.code)
        await say(pilot, "enter", "escape")  # the number shown, then back to the list
        assert demo_casebook.clients.record(s.code).goals == before.goals  # nothing yet
        await say(pilot, "0")
        await until(pilot, lambda: chat(app).step is not None and chat(app).step.id == "s2_person")
    assert new_goal(demo_casebook, s.code).support.calls == []


async def test_a_contact_gone_from_the_register_is_refused_beside_the_list(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    s = at_the_call(demo_casebook)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, s.code)
        demo_casebook.store.change_contacts(lambda kept: [c for c in kept if c.id != "demo-sam"])
        await say(pilot, "enter", "m", "0")
        error = chat(app).query_one("#answer-error", Static)
        assert error.display and "left the register" in str(error.render())
        assert chat(app).step is not None and chat(app).step.id == "s2_call"
    assert new_goal(demo_casebook, s.code).support.calls == []


async def test_a_name_on_the_plan_in_one_key_for_a_client_who_declines_a_call(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    s = at_the_call(demo_casebook, consent="no")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, s.code)
        offer = chat(app).query_one(ContactOnPlan)
        assert "0808" not in details(offer)  # no number: nobody is rung
        await say(pilot, "y")
        await until(pilot, lambda: chat(app).step is not None and chat(app).step.id == "s2_travel")
    support = new_goal(demo_casebook, s.code).support
    assert support.name_on_plan and support.contact_id == "demo-sam" and support.calls == []


async def test_no_contacts_for_a_staff_link_goes_on_in_one_key(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    demo_casebook.store.change_contacts(lambda kept: [c for c in kept if c.id != "demo-sam"])
    s = at_the_call(demo_casebook, link="staff_goes")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, s.code)
        hint = str(chat(app).query_one(ContactCall).query_one(Static).render())
        assert hint.startswith("No one in the register covers Kelbridge Lunchtime")
        await say(pilot, "0")
        await until(pilot, lambda: chat(app).step is not None and chat(app).step.id == "s2_person")


def test_contact_names_are_shown_as_typed(demo_casebook: Casebook) -> None:
    """Names and "when to call" are typed by a lead: markup in them is kept literally."""
    from fama.directory.handover import contacts_to_ring
    from fama.tui.widgets.contact_call import contact_details, contact_line

    contact = demo_casebook.contacts.add(
        {
            "organisation": "AA",
            "name": "Jo [b]",
            "phone": "0808 157 0999",
            "consent": "yes",
            "when": "stop [/] evenings",
            "last_checked": demo_casebook.today.isoformat(),
        }
    )
    [offered] = [
        o
        for o in contacts_to_ring(
            [contact],
            link=LinkType.VOLUNTEER_MEETS,
            meeting=None,
            organisation=contact.organisation,  # type: ignore[arg-type]
            now=demo_casebook.clock.now().replace(tzinfo=None),
        )
    ]
    assert "Jo [b]" in contact_line(1, offered).plain
    assert "stop [/] evenings" in contact_details(offered, with_number=True)


def snapshot_call(demo_casebook: Casebook) -> tuple[str, Any]:
    s = at_the_call(demo_casebook, link="peer_mentor")

    async def ringing(pilot: Any) -> None:
        await pilot.press(*s.code, "enter")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause(0.1)

    return s.code, ringing


@SIZES
def test_call_step_snapshot(
    snap_compare: Any, demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    """The contacts for the meeting, the second highlighted and its number shown."""
    _, ringing = snapshot_call(demo_casebook)
    assert snap_compare(make_app(demo_casebook, clock), terminal_size=size, run_before=ringing)
