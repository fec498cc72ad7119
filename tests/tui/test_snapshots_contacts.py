"""SVG snapshot at 80x24 of the Contacts screen with a stale entry highlighted (update with
``pytest --snapshot-update -n 0 tests/tui/test_snapshots_contacts.py``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.models import Contact
from fama.tui.app import make_app
from fama.tui.screens.contacts import ContactsScreen

REGISTER = [
    Contact(
        id="c1", organisation="AA", name="Pat", position="AA health liaison",
        phone="07700 900001", when="weekday evenings", areas=["DE1", "DE22"], consent=True,
        last_checked=date(2025, 1, 10),
    ),
    Contact(
        id="c2", organisation="NA", role="H&I secretary", position="NA hospitals and institutions",
        email="hi@example.org", consent=True, last_checked=date(2026, 10, 1),
    ),
    Contact(
        id="c3", organisation="Peer mentors", name="Jo", position="peer mentor",
        phone="01332 496000", consent=True, last_checked=date(2026, 11, 2),
    ),
]  # fmt: skip


def test_contacts_snapshot_80x24(
    snap_compare: Any, casebook: Casebook, clock: FixedClock, tmp_path: Path
) -> None:
    casebook.store.change_contacts(lambda kept: REGISTER)
    app = make_app(casebook, clock, tmp_path / "settings.json")

    async def open_contacts(pilot: Any) -> None:
        await pilot.pause()
        await app.push_screen(ContactsScreen())
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_contacts)
