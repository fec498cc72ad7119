"""Two copies of fama on one store: each screen shows fresh data when opened or refreshed,
and an edit made across think-time saves only what was changed, never a stale record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Static

from fama.casebook.service import Casebook
from fama.clients.form import ClientForm, EditConflict, FormErrors, merge_edit
from fama.clock import FixedClock
from fama.store import open_store
from fama.tui.app import make_app
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.client_form import ClientFormScreen

CODE = "KB-1042"


def other_copy(store_path: Path, clock: FixedClock) -> Casebook:
    """A second fama on the same folder (another terminal, another keyworker: KK)."""
    return Casebook(open_store(store_path), clock, user="KK")


def field_error(app: object, name: str) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    return str(screen.query_one(f"#error-{name}", Static).render())


def saved_by_another_copy(store_path: Path, clock: FixedClock, **fields: str) -> None:
    """A second copy of fama on the same store saves these fields of the client's form."""
    other = other_copy(store_path, clock)
    theirs = ClientForm.from_client(other.clients.record(CODE).client)
    for name, value in fields.items():
        setattr(theirs, name, value)
    other.clients.update(CODE, theirs)


async def open_edit_form(pilot: object, app: object) -> ClientFormScreen:
    await pilot.press(*CODE, "ctrl+e")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ClientFormScreen)
    return screen


async def test_an_edit_saves_only_what_was_changed_onto_the_current_record(
    file_demo_casebook: Casebook, clock: FixedClock, store_path: Path
) -> None:
    app = make_app(file_demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit_form(pilot, app)
        # Meanwhile another copy moves the review and sets a new district.
        saved_by_another_copy(store_path, clock, next_review="2026-12-10", postcode_district="DE21")
        screen.query_one("#field-substances", Input).value = "alcohol, cannabis"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ClientFormScreen)
    client = file_demo_casebook.clients.record(CODE).client
    assert [s.value for s in client.substances] == ["alcohol", "cannabis"]
    assert client.next_review == date(2026, 12, 10)  # theirs kept, not the stale one
    assert client.postcode_district == "DE21"


async def test_the_same_field_changed_both_ways_is_refused_with_both_values(
    file_demo_casebook: Casebook, clock: FixedClock, store_path: Path
) -> None:
    app = make_app(file_demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit_form(pilot, app)
        saved_by_another_copy(store_path, clock, postcode_district="DE21", next_review="2026-12-10")
        screen.query_one("#field-postcode_district", Input).value = "DE3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # nothing saved, the form stays open
        message = field_error(app, "postcode_district")
        assert "Changed by KK at 10:30 on 24 Nov" in message  # who and when
        assert "DE21" in message and "DE3" in message
        # What they saved shows in the fields this person did not touch; theirs is kept.
        assert screen.query_one("#field-next_review", Input).value == "10/12/2026"
        assert screen.query_one("#field-postcode_district", Input).value == "DE3"
        assert file_demo_casebook.clients.record(CODE).client.postcode_district == "DE21"
        await pilot.press("ctrl+s")  # saving again keeps what is shown
        await pilot.pause()
        assert not isinstance(app.screen, ClientFormScreen)
    client = file_demo_casebook.clients.record(CODE).client
    assert client.postcode_district == "DE3" and client.next_review == date(2026, 12, 10)


def test_merge_edit_keeps_both_sides_changes() -> None:
    started = ClientForm(code=CODE, keyworker="JB", postcode_district="DE1", episode_start="1/9")
    edited = ClientForm(code=CODE, keyworker="AK", postcode_district="DE1", episode_start="1/9")
    current = ClientForm(
        code=CODE, keyworker="JB", postcode_district="DE22", episode_start="1/9", for_family=True
    )
    merged = merge_edit(started, edited, current)
    assert (merged.keyworker, merged.postcode_district, merged.for_family) == ("AK", "DE22", True)
    same_change = ClientForm(
        code=CODE, keyworker="ak ", postcode_district="DE1", episode_start="1/9"
    )
    assert merge_edit(started, edited, same_change).keyworker == "AK"  # both made the same edit
    clash = ClientForm(code=CODE, keyworker="DO", postcode_district="DE1", episode_start="1/9")
    try:
        merge_edit(started, edited, clash)
    except EditConflict as exc:
        assert list(exc.errors) == ["keyworker"]
    else:
        raise AssertionError("a clash must be refused")


async def test_client_screen_shows_what_another_copy_saved_on_refresh(
    file_demo_casebook: Casebook, clock: FixedClock, store_path: Path
) -> None:
    app = make_app(file_demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*CODE, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        saved_by_another_copy(store_path, clock, postcode_district="DE21")
        await pilot.press("ctrl+r")
        await pilot.pause()
        text = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert "Postcode district: DE21" in text


async def test_a_keyworker_not_on_the_staff_list_is_refused_beside_the_field(
    file_demo_casebook: Casebook, clock: FixedClock
) -> None:
    before = file_demo_casebook.clients.record(CODE).client
    app = make_app(file_demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_edit_form(pilot, app)
        screen.query_one("#field-keyworker", Input).value = "ZZ"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "ZZ is not on the staff list" in field_error(app, "keyworker")
    assert file_demo_casebook.clients.record(CODE).client == before


def test_someone_who_left_cannot_be_given_a_new_client(file_demo_casebook: Casebook) -> None:
    member = file_demo_casebook.staff.members()[0]
    file_demo_casebook.store.save_staff(
        member.model_copy(update={"left_on": file_demo_casebook.today.replace(day=1)})
    )
    form = ClientForm(
        code="KB-7001", keyworker=member.id, postcode_district="DE1", episode_start="1/9"
    )
    try:
        file_demo_casebook.clients.add(form)
    except FormErrors as exc:
        assert f"{member.id} is not on the staff list" in exc.errors["keyworker"]
    else:
        raise AssertionError("a keyworker who left must be refused")
    assert "KB-7001" not in file_demo_casebook.clients.codes()
