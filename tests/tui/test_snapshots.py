"""SVG snapshots of the main screens (update with ``pytest --snapshot-update`` when intended)."""

from __future__ import annotations

from typing import Any

import pytest

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.tui.app import make_app
from tests.helpers.pilot import until

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
"""The main screens at a standard terminal and a roomier one."""


@SIZES
def test_caseload_snapshot(
    snap_compare: Any, demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    async def settle(pilot: Any) -> None:
        await pilot.pause()

    assert snap_compare(make_app(demo_casebook, clock), terminal_size=size, run_before=settle)


def test_client_snapshot(snap_compare: Any, demo_casebook: Casebook, clock: FixedClock) -> None:
    async def open_first(pilot: Any) -> None:
        await pilot.pause()  # auto_pilot can start before the first paint; a person cannot
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(
        make_app(demo_casebook, clock), terminal_size=(110, 44), run_before=open_first
    )


@SIZES
def test_meetings_snapshot(
    snap_compare: Any, demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    """The directory, measured from the highlighted client's district."""

    async def open_meetings(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()

    assert snap_compare(
        make_app(demo_casebook, clock), terminal_size=size, run_before=open_meetings
    )


async def _open_chat(pilot: Any, code: str) -> None:
    await pilot.pause()
    await pilot.press(*code, "enter")
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()


@SIZES
def test_chat_stage_one_snapshot(
    snap_compare: Any, demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    """Stage 1, hopes and worries being typed: the matching handouts beside the chat."""

    async def worries(pilot: Any) -> None:
        await _open_chat(pilot, "KB-1151")
        await pilot.press("1", "1", "enter")
        await pilot.press(*"I'm not religious and I don't want to speak")
        await pilot.pause()

    assert snap_compare(make_app(demo_casebook, clock), terminal_size=size, run_before=worries)


@SIZES
def test_chat_stage_two_snapshot(
    snap_compare: Any, demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    """Stage 2, the ranked meetings for this client with the reasons for the first."""

    async def meetings(pilot: Any) -> None:
        await _open_chat(pilot, "KB-1136")  # resumes at "what might get in the way"
        for _ in range(7):  # back to the meeting choice, one step at a time
            await pilot.press("ctrl+z")
            await pilot.pause()
        await pilot.pause(0.1)

    assert snap_compare(make_app(demo_casebook, clock), terminal_size=size, run_before=meetings)


@SIZES
def test_chat_stage_three_snapshot(
    snap_compare: Any, demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    """Stage 3, the one-minute follow-up form for an open goal."""

    async def follow_up(pilot: Any) -> None:
        from fama.tui.widgets.follow_up_form import FollowUpForm
        from fama.tui.widgets.transcript import Transcript

        await _open_chat(pilot, "KB-1042")
        await pilot.press("enter")
        await pilot.pause()

        def settled() -> bool:  # the form shown, and the question above it in sight
            screen = pilot.app.screen
            return (
                bool(screen.query(FollowUpForm))
                and screen.query_one(Transcript).is_vertical_scroll_end
            )

        assert await until(pilot, settled)

    assert snap_compare(make_app(demo_casebook, clock), terminal_size=size, run_before=follow_up)


def test_review_snapshot(snap_compare: Any, demo_casebook: Casebook, clock: FixedClock) -> None:
    """The care-plan review of a client with goals, follow-ups and a review behind them."""

    async def review(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press(*"KB-1042", "enter")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(make_app(demo_casebook, clock), terminal_size=(130, 44), run_before=review)


@SIZES
def test_lock_snapshot(
    snap_compare: Any, demo_casebook: Casebook, clock: FixedClock, size: tuple[int, int]
) -> None:
    """Locked over a client's record: nothing of it shows."""

    async def lock(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()

    assert snap_compare(make_app(demo_casebook, clock), terminal_size=size, run_before=lock)
