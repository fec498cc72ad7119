"""The follow-up asks, for a goal with someone linked in stage 2, whether that person met
the client there or went with them, in one key, naming them as typed; the answer is kept on
the review. Not asked for a goal with nobody linked. The form stays whole at 80x24."""

from __future__ import annotations

import pytest
from textual.widgets import Label

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.models import Handover
from fama.models.review import Review
from fama.tui.app import make_app
from fama.tui.widgets.follow_up_choices import DeadEndChoice
from fama.tui.widgets.follow_up_handover import HandoverChoice, HandoverRow
from tests.helpers.chat import chat, open_chat, say
from tests.helpers.handover import stage_two_done
from tests.helpers.pilot import until
from tests.helpers.screen_text import screen_text


def follow_up_of(book: Casebook, code: str) -> Review:
    [review] = [r for r in book.clients.record(code).reviews if r.goal_id]
    return review


def saved(book: Casebook, code: str) -> bool:
    return any(r.goal_id for r in book.clients.record(code).reviews)


def question(app: object) -> str:
    row = chat(app).query_one(HandoverRow)  # type: ignore[arg-type]
    return str(row.query_one(Label).render())


@pytest.mark.parametrize(
    ("key", "said"),
    [("m", Handover.MET), ("w", Handover.WENT_WITH), ("d", Handover.DID_NOT), ("u", None)],
)
async def test_one_key_records_whether_the_linked_person_met_them(
    demo_casebook: Casebook, clock: FixedClock, key: str, said: Handover | None
) -> None:
    code = stage_two_done(demo_casebook, "volunteer_phoned")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, code)
        await say(pilot, "enter")  # how did it go?
        assert question(app) == "Did Sam, AA health liaison meet them?"
        await say(pilot, "y", "tab")  # they went: on to the handover
        assert isinstance(app.focused, HandoverChoice)
        await say(pilot, key, "enter")  # one key, then Enter moves on
        assert app.focused is not None and app.focused.id == "follow-up-1-since"
        block = chat(app).query_one("#follow-up-1")
        app.screen.set_focus(block.query_one("#follow-up-1-next"))
        await say(pilot, "s", "enter")  # stop for now: saves
        assert await until(pilot, lambda: saved(demo_casebook, code))
    assert follow_up_of(demo_casebook, code).handover is said


async def test_after_did_not_go_the_dead_end_comes_first_then_the_handover(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    code = stage_two_done(demo_casebook, "volunteer_phoned")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, code)
        await say(pilot, "enter", "n", "enter")  # did not go: is it a dead end?
        assert isinstance(app.focused, DeadEndChoice)
        await say(pilot, "enter", "d")  # not a dead end; Sam did not meet them
        assert chat(app).query_one(HandoverChoice).value is Handover.DID_NOT
        block = chat(app).query_one("#follow-up-1")
        app.screen.set_focus(block.query_one("#follow-up-1-next"))
        await say(pilot, "s", "enter")
        assert await until(pilot, lambda: saved(demo_casebook, code))
    review = follow_up_of(demo_casebook, code)
    assert (review.handover, review.dead_end) == (Handover.DID_NOT, None)


async def test_the_whole_question_fits_at_80x24(demo_casebook: Casebook, clock: FixedClock) -> None:
    code = stage_two_done(demo_casebook, "volunteer_phoned")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, code)
        await say(pilot, "enter", "n", "enter")  # both four-way questions showing
        await pilot.pause()
        shown = screen_text(app)
        for words in (
            "met there (m)",
            "went with (w)",
            "did not (d)",
            "not said (u)",
            "no (o)",
            "did not run (r)",
            "moved (m)",
            "turned away (t)",
            "Did Sam, AA health",
            "liaison meet them?",
        ):
            assert words in shown, words
        assert chat(app).query_one(HandoverChoice).has_class("-two-rows")


async def test_a_wide_screen_asks_on_one_line(demo_casebook: Casebook, clock: FixedClock) -> None:
    code = stage_two_done(demo_casebook, "volunteer_phoned")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await open_chat(pilot, app, code)
        await say(pilot, "enter")
        assert not chat(app).query_one(HandoverChoice).has_class("-two-rows")
        [line] = [line for line in screen_text(app).splitlines() if "met there" in line]
        assert "met there (m)   ( ) went with (w)   ( ) did not (d)   (•) not said (u)" in line


@pytest.mark.parametrize("link", ["none", "at_service"])
async def test_not_asked_when_nobody_was_linked(
    demo_casebook: Casebook, clock: FixedClock, link: str
) -> None:
    code = stage_two_done(demo_casebook, link)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, code)
        await say(pilot, "enter", "y", "enter")
        assert not chat(app).query(HandoverChoice)
        assert "meet them?" not in screen_text(app)
        block = chat(app).query_one("#follow-up-1")
        app.screen.set_focus(block.query_one("#follow-up-1-next"))
        await say(pilot, "s", "enter")
        assert await until(pilot, lambda: saved(demo_casebook, code))
    assert follow_up_of(demo_casebook, code).handover is None


async def test_a_typed_name_is_asked_about_as_typed(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    nobody = [{"contact_id": "demo-sam", "outcome": "not_reached"}]
    code = stage_two_done(demo_casebook, "staff_goes", person="Dan [b]keyworker[/]", calls=nobody)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_chat(pilot, app, code)
        await say(pilot, "enter")
        assert question(app) == "Did Dan [b]keyworker[/] meet them?"
        assert "Dan [b]keyworker[/]" in " ".join(screen_text(app).split())


@pytest.mark.parametrize(
    ("person", "asked"),
    [
        (
            "Alexandra-Josephine, peer mentor for the Tuesday and Thursday groups",
            "Did Alexandra-Josephine, peer mentor for th… meet them?",
        ),
        ("", "Did the peer mentor meet them?"),
    ],
    ids=["long", "unnamed"],
)
async def test_a_long_name_is_cut_and_a_missing_one_says_who_they_were(
    demo_casebook: Casebook, clock: FixedClock, person: str, asked: str
) -> None:
    nobody = [{"contact_id": "demo-dee", "outcome": "not_reached"}]
    code = stage_two_done(demo_casebook, "peer_mentor", person=person, calls=nobody)
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, code)
        await say(pilot, "enter")
        assert question(app) == asked


async def test_going_back_to_the_follow_up_shows_what_was_said(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    code = stage_two_done(demo_casebook, "volunteer_phoned")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, app, code)
        await say(pilot, "enter", "y", "tab", "w")
        block = chat(app).query_one("#follow-up-1")
        app.screen.set_focus(block.query_one("#follow-up-1-next"))
        await say(pilot, "s", "enter")
        assert await until(pilot, lambda: saved(demo_casebook, code))
        await say(pilot, "ctrl+z")  # back to the follow-up: the answer is forgotten...
        assert await until(pilot, lambda: bool(chat(app).query(HandoverChoice)))
        await pilot.pause()
        # ... and the form shows it again, to change or keep
        assert chat(app).query_one(HandoverChoice).value is Handover.WENT_WITH
    assert not saved(demo_casebook, code)


async def test_the_profile_and_the_review_show_the_call_and_the_handover_as_typed(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    from textual.widgets import Static

    from fama.tui.screens.client import ClientScreen
    from fama.tui.screens.review import ReviewScreen
    from tests.helpers.handover import followed_up

    nobody = [{"contact_id": "demo-sam", "outcome": "not_reached"}]
    code = stage_two_done(demo_casebook, "staff_goes", person="Dan [b]keyworker[/]", calls=nobody)
    followed_up(demo_casebook, code, handover="went with them")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(130, 44)) as pilot:
        await pilot.press(*code, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        profile = "\n".join(str(s.render()) for s in app.screen.query(Static))
        assert "Rang Sam (AA health liaison) on Tue 24 Nov 2026: not reached" in profile
        assert "Dan [b]keyworker[/] went with them" in profile
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        timeline = str(app.screen.query_one("#review-timeline", Static).render())
        assert "Rang Sam (AA health liaison) on Tue 24 Nov 2026: not reached" in timeline
        assert "Handover: Dan [b]keyworker[/] went with them" in timeline
        summary = str(app.screen.query_one("#review-summary", Static).render())
        assert "Follow-up on Tue 24 Nov 2026: Dan [b]keyworker[/] went with them." in summary
