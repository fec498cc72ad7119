"""Ctrl+Q asks before dropping an answer half typed; with nothing typed it quits at once."""

from __future__ import annotations

from textual.widgets import Input

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.tui.app import make_app
from fama.tui.screens.conversation import ConversationScreen
from fama.tui.screens.dialogs.quit_check import QuitCheckModal
from tests.helpers.chat import NEW_CLIENT, open_chat, say, step_of


async def test_ctrl_q_with_an_answer_half_typed_asks_and_n_keeps_it(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, "1", "2", "type:A church hall")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitCheckModal)
        assert app.is_running
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert app.screen.query_one("#reply-box", Input).value == "A church hall"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
    # The answers recorded before are kept; the half-typed one never was.
    record = demo_casebook.clients.record(NEW_CLIENT)
    assert step_of(record) == "s1_past_what"
    assert record.client.prior_experience_note == ""


async def test_ctrl_q_with_nothing_typed_quits_at_once(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, "1", "2")  # at "what happened?", the box empty
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_q_on_the_caseload_quits_at_once(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"1151")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_esc_keeps_an_answer_half_typed_for_when_the_conversation_carries_on(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, NEW_CLIENT)
        await say(pilot, "1", "2", "type:A church hall")
        await pilot.press("escape")  # pause
        await pilot.pause()
        assert not isinstance(app.screen, ConversationScreen)
        await pilot.press("c")  # carry on
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert app.screen.query_one("#reply-box", Input).value == "A church hall"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")  # still not recorded: asks
        await pilot.pause()
        assert isinstance(app.screen, QuitCheckModal)
        await pilot.press("n")
    assert demo_casebook.clients.record(NEW_CLIENT).client.prior_experience_note == ""
