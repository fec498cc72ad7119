"""Pilot tests for the Contacts screen at 80×24: reach it from the caseload, add, edit and
record a visit as a team lead would, then check the screen *and* the store."""

from __future__ import annotations

from datetime import date

from textual.widgets import Checkbox

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.models import Contact
from fama.tui.app import make_app
from fama.tui.screens.contacts import ContactsScreen
from fama.tui.screens.dialogs.contact_dialogs import ContactModal, VisitModal
from tests.conftest import TODAY
from tests.helpers.pilot import fill
from tests.helpers.staff_screen import focused, table_rows, text_of, top

SIZE = (80, 24)

OLD = Contact(
    id="c-old",
    organisation="AA",
    name="Pat",
    position="AA health liaison",
    phone="07700 900001",
    areas=["DE1"],
    consent=True,
    last_checked=date(2025, 1, 10),
)


async def test_f6_opens_the_register_with_stale_entries_marked(
    casebook: Casebook, clock: FixedClock
) -> None:
    casebook.store.change_contacts(lambda kept: [OLD])
    app = make_app(casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        screen = top(app)
        assert isinstance(screen, ContactsScreen)
        assert ContactsScreen.AUTO_FOCUS == "#contacts-table"
        assert focused(app) is screen.table
        assert table_rows(app, "#contacts-table") == [
            ["AA", "Pat", "AA health liaison", "07700 900001", "10/01/25 !"]
        ]
        assert screen.sub_title == "1 listed · 1 to check · 0 visits recorded"
        details = text_of(app, "#contact-details")
        assert "Covers: DE1" in details and "Stale: last checked 10 Jan 2025" in details
        await pilot.press("escape")
        assert not isinstance(top(app), ContactsScreen)


async def test_a_new_contact_needs_consent_and_is_saved_once_given(
    casebook: Casebook, clock: FixedClock
) -> None:
    app = make_app(casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ContactsScreen())
        await pilot.pause()
        assert "Nobody listed yet" in text_of(app, "#contacts-empty")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(top(app), ContactModal)
        await fill(pilot, app, organisation="na", name="[b]Sam[/b]", covers="DE22")
        await fill(pilot, app, phone="07700 900123", typed=True)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "agreed to be" in text_of(app, "#contact-error")
        assert casebook.store.contacts() == []
        app.screen.query_one("#field-consent", Checkbox).value = True
        await fill(pilot, app, organisation="XA")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Unknown organisation 'XA'" in text_of(app, "#contact-error")
        await fill(pilot, app, organisation="NA")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(top(app), ContactsScreen)
        (saved,) = casebook.store.contacts()
        assert saved.name == "[b]Sam[/b]" and saved.areas == ["DE22"]
        assert saved.last_checked == TODAY
        rows = table_rows(app, "#contacts-table")
        assert rows == [["NA", "[b]Sam[/b]", "other", "07700 900123", f"{TODAY:%d/%m/%y}"]]


async def test_edit_changes_only_what_was_changed_and_renews_the_check(
    casebook: Casebook, clock: FixedClock
) -> None:
    casebook.store.change_contacts(lambda kept: [OLD])
    app = make_app(casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ContactsScreen())
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(top(app), ContactModal)
        await fill(pilot, app, when="weekday evenings")
        app.screen.query_one("#field-checked", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        (saved,) = casebook.store.contacts()
        assert saved.model_dump(exclude={"when", "last_checked"}) == OLD.model_dump(
            exclude={"when", "last_checked"}
        )
        assert saved.when == "weekday evenings" and saved.last_checked == TODAY
        assert table_rows(app, "#contacts-table")[0][4] == f"{TODAY:%d/%m/%y}"


async def test_a_visit_is_recorded_from_the_screen(casebook: Casebook, clock: FixedClock) -> None:
    app = make_app(casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ContactsScreen())
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(top(app), VisitModal)
        await fill(pilot, app, organisation="SMART", to="everyone")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "clients or staff" in text_of(app, "#contact-error")
        await fill(pilot, app, to="staff", date="yesterday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (visit,) = casebook.store.visits()
        assert visit.to_whom.value == "staff" and visit.date == date(2026, 11, 23)
        assert isinstance(top(app), ContactsScreen)
        assert top(app).sub_title == "0 listed · 0 to check · 1 visit recorded"


async def test_the_forms_fit_80x24_with_their_buttons_showing(
    casebook: Casebook, clock: FixedClock
) -> None:
    casebook.store.change_contacts(lambda kept: [OLD])
    app = make_app(casebook, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ContactsScreen())
        await pilot.pause()
        for key, box in (("e", "#contact-box"), ("v", "#visit-box")):
            await pilot.press(key)
            await pilot.pause()
            outer = app.screen.query_one(box).region
            buttons = app.screen.query_one(".contact-buttons").region
            assert outer.bottom <= SIZE[1] and outer.right <= SIZE[0]
            assert outer.contains_region(buttons), (box, outer, buttons)
            await pilot.press("escape")
            await pilot.pause()
