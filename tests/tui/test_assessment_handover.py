"""The warm handover's figures on the self-assessment screen at 80x24 (issue 17): each item
shows its new figure, numerator and denominator, whole and inside the screen, after the
figures it had before."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.widgets import Static

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.store import MemoryStore
from fama.tui.app import FamaApp, make_app
from tests.helpers.assessment_screen import goto, open_assessment
from tests.helpers.handover_records import scenario
from tests.helpers.screen_text import screen_lines, screen_text
from tests.store.test_store_handover_figures import write

NOW = datetime(2027, 1, 12, 10, 0, tzinfo=UTC)
"""In January 2027: the screen opens on Oct-Dec 2026, the quarter the records fill."""

SHOWN = {
    "1.1": ["past their check-by date", "3/5 (60%)"],
    "2.4": ["to talk to clients", ": 4", "AA: 2", "NA: 1", "Peer mentors: 1"],
    "2.5": ["to talk to clients", ": 4"],
    "3.2b": ["rang a contact in the register: 2/3 (67%)", "calls: 4"],
    "3.4": ["to talk to staff", ": 1", "SMART: 1"],
    "4.4": ["met or went with", "2/4 (50%)", "met them there: 1", "went with them: 1"],
}


@pytest.fixture
def handover_casebook() -> Casebook:
    store = MemoryStore()
    write(store, scenario())
    return Casebook(store, FixedClock(NOW))


def detail_text(app: FamaApp) -> str:
    """The detail panel's figures, as the screen has them (the part scrolled out of view
    at 80x24 included), with the lines joined as they wrap."""
    figures = app.screen.query_one("#item-figures", Static)
    return str(figures.render()).replace("\n", " ")


@pytest.mark.parametrize("item", list(SHOWN))
async def test_each_item_shows_its_handover_figure_at_80x24(
    handover_casebook: Casebook, item: str
) -> None:
    app = make_app(handover_casebook, handover_casebook.clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_assessment(pilot, app)
        assert screen.period is not None and screen.period.label == "Oct-Dec 2026"
        await goto(pilot, screen, item)
        text = detail_text(app)
        for words in SHOWN[item]:
            assert words in " ".join(text.split()), (item, words)
        assert "fama holds no records for this item" not in text
        # Tab into the detail and to its end: the last figure's lines are painted whole.
        await pilot.press("tab", "end")
        last = SHOWN[item][-1]
        for _ in range(40):
            await pilot.wait_for_scheduled_animations()
            if last in screen_text(app):
                break
            await pilot.pause(0.05)
        assert last in screen_text(app), item
        lines = screen_lines(app)
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
