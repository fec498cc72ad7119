"""Files fama writes about a client outside the store (meeting plans, printed handouts) are
listed on the client's record in the same save, and erasure deletes them or names them."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from fama.assessment.facts import facts_from_json
from fama.casebook.conversation import conversation_script
from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.handouts.library import load_library
from fama.meeting_plan.plan import PlanOptions
from fama.models import Client, ClientRecord, Consent
from fama.store import open_store
from fama.tui.app import make_app
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.handouts import HandoutsScreen
from tests.helpers.conversation import Session, not_started

PERSON = "Robin, AA health liaison"


def plan_ready(book: Casebook, consent: str = "yes", code: str | None = None) -> Session:
    """A client through stages 1 and 2, two meetings chosen, at the meeting plan step."""
    s = Session(book, code or not_started(book))
    today = book.today
    for step, value in (
        ("s1_raise", "yes"),
        ("s1_past", "none"),
        ("s1_know", ""),
        ("s1_hopes", "Meet people"),
        ("s1_options", None),
        ("s1_interest", 6),
        ("s1_ready", "yes"),
        ("s1_programmes", ["twelve_step", "smart"]),
        ("s1_days", []),
        ("s1_times", "any"),
        ("s1_attendance", "in_person"),
        ("s1_audience", []),
        ("s1_access", []),
        ("s1_travel", "any"),
        ("s2_meetings", ["demo:smart-02", "demo:aa-01"]),
        (
            "s2_goal",
            {
                "wording": "Try the Thursday one",
                "target_date": (today + timedelta(days=7)).isoformat(),
                "review_date": (today + timedelta(days=14)).isoformat(),
            },
        ),
        ("s2_link", "volunteer_meets"),
        ("s2_consent", consent),
    ):
        s.say(step, value)
    if consent == "yes":
        s.say("s2_call", [])  # nobody from the register rung: who will they meet?
        s.say("s2_person", PERSON)
    else:
        s.say("s2_name_on_plan", None)
    s.say("s2_travel", "Bus 12")
    s.say("s2_barriers", "Ring the hub")
    return s


def test_the_person_is_asked_for_only_after_consent() -> None:
    """stages.toml: the call (and after it, naming the person) is reached from s2_consent's
    "yes" and from nowhere else; s2_person only from the call, when nobody was rung."""
    script = conversation_script()
    consent = script.step("s2_consent")
    nexts = {c.key: c.next or consent.next for c in consent.choices}
    assert nexts["yes"] == "s2_call" and nexts["no"] not in ("s2_call", "s2_person")
    assert consent.next not in ("s2_call", "s2_person")
    for step in script.steps.values():
        leads_to = {step.next, *(c.next for c in step.choices)}
        if step.id != "s2_consent":
            assert "s2_call" not in leads_to, step.id
        if step.id != "s2_call":
            assert "s2_person" not in leads_to | {b.next for b in step.branches}, step.id
    assert [b.next for b in script.step("s2_call").branches] == ["s2_person"]


def test_a_saved_plan_is_listed_on_the_record(
    demo_casebook: Casebook, clock: FixedClock, tmp_path: Path
) -> None:
    book = demo_casebook
    s = plan_ready(book)
    folder = tmp_path / "plans"
    html_path, ics_path = book.conversations.save_meeting_plan(s.code, s.id, folder)
    record = book.clients.record(s.code)
    assert [(f.path, f.written_on, f.written_by) for f in record.files] == [
        (html_path, clock.today(), s.conversation().keyworker),
        (ics_path, clock.today(), s.conversation().keyworker),
    ]
    assert [f.what for f in record.files] == [
        "My meeting plan (page to print)",
        "My meeting plan (calendar file)",
    ]
    for written in record.files:
        assert Path(written.folder).is_absolute() and s.code not in written.name
        assert stat.S_IMODE(written.path.stat().st_mode) == 0o600
    assert "Robin" in html_path.read_text() and "Time for me" in ics_path.read_text()
    assert "Robin" not in ics_path.read_text()  # the discreet calendar names nobody

    # Saved again with other choices: the same two files, listed once each.
    options = PlanOptions(calendar_title="Walk", calendar_details=True, discreet_page=True)
    assert book.conversations.save_meeting_plan(s.code, s.id, folder, options) == (
        html_path,
        ics_path,
    )
    files = book.clients.record(s.code).files
    assert [f.what for f in files] == [
        "My meeting plan (page to print, discreet)",
        "My meeting plan (calendar file, with details)",
    ]
    assert "SUMMARY:Walk" in ics_path.read_text() and "<h1>My plan</h1>" in html_path.read_text()
    exported = book.clients.export(s.code)
    assert [(f["folder"], f["name"]) for f in exported["files"]] == [
        (str(folder.absolute()), html_path.name),
        (str(folder.absolute()), ics_path.name),
    ]
    assert exported["record_count"] == book.clients.record(s.code).record_count


def test_without_consent_the_plan_names_nobody(demo_casebook: Casebook, tmp_path: Path) -> None:
    book = demo_casebook
    s = plan_ready(book)

    # A later conversation withdrew consent; the goal still holds the name.
    def withdraw(record: ClientRecord) -> ClientRecord:
        consent = Consent(share_first_name=False)
        return record.model_copy(
            update={"client": record.client.model_copy(update={"consent": consent})}
        )

    book.store.change_record(s.code, withdraw)
    assert book.clients.record(s.code).goals[0].support.linked_person == PERSON
    options = PlanOptions(calendar_details=True)
    html_path, ics_path = book.conversations.save_meeting_plan(s.code, s.id, tmp_path, options)
    for path in (html_path, ics_path):
        assert "Robin" not in path.read_text()
    assert "met by a fellowship volunteer" in html_path.read_text().lower()
    # Consent "no" in the conversation: the person is never asked for, so never named.
    book.store.create_client(
        Client(code="KB-9001", keyworker="JB", postcode_district="DE1", episode_start=book.today)
    )
    s2 = plan_ready(book, consent="no", code="KB-9001")
    assert book.clients.record(s2.code).goals[0].support.linked_person == ""


def test_a_save_that_fails_leaves_no_file_behind(
    demo_casebook: Casebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = demo_casebook
    s = plan_ready(book)
    before = book.clients.record(s.code)

    def disk_full(record: ClientRecord) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(book.store, "_put", disk_full)
    with pytest.raises(OSError):
        book.conversations.save_meeting_plan(s.code, s.id, tmp_path / "plans")
    with pytest.raises(OSError):
        book.handouts.save_page(load_library().get("its-free"), tmp_path / "printed", s.code)
    assert list((tmp_path / "plans").iterdir()) == []
    assert list((tmp_path / "printed").iterdir()) == []
    monkeypatch.undo()
    assert book.clients.record(s.code) == before


def test_a_handout_page_is_listed_only_when_printed_for_a_client(
    demo_casebook: Casebook, clock: FixedClock, tmp_path: Path
) -> None:
    book = demo_casebook
    handout = load_library().get("god-and-religion")
    page = book.handouts.save_page(handout, tmp_path / "printed")
    assert page == tmp_path / "printed" / "god-and-religion.html" and page.exists()
    assert all(not book.clients.record(e.code).files for e in book.clients.caseload().entries)
    again = book.handouts.save_page(handout, tmp_path / "printed", "KB-1042")
    assert again == page
    [written] = book.clients.record("KB-1042").files
    assert written.path == page and written.what == f"Handout: {handout.title}"
    assert written.written_by == book.clients.record("KB-1042").client.keyworker
    assert stat.S_IMODE(page.stat().st_mode) == 0o600


def test_erasure_deletes_the_files_and_names_the_ones_moved(
    demo_casebook: Casebook, tmp_path: Path
) -> None:
    book = demo_casebook
    s = plan_ready(book)
    html_path, ics_path = book.conversations.save_meeting_plan(s.code, s.id, tmp_path / "plans")
    library = load_library()
    moved = book.handouts.save_page(library.get("its-free"), tmp_path / "printed", s.code)
    swapped = book.handouts.save_page(library.get("no-labels"), tmp_path / "printed", s.code)
    moved.rename(tmp_path / "elsewhere.html")
    swapped.unlink()
    swapped.mkdir()  # something else now has that name: not fama's file, not deleted
    erasure = book.clients.erase(s.code)
    assert erasure.deleted == [html_path, ics_path]
    assert erasure.not_found == [moved, swapped]
    assert erasure.records > 4
    assert not html_path.exists() and not ics_path.exists() and swapped.is_dir()
    assert (tmp_path / "elsewhere.html").exists()
    assert not book.store.has_client(s.code)


def test_records_written_before_the_files_list_still_load(
    file_demo_casebook: Casebook, tmp_path: Path
) -> None:
    book = file_demo_casebook
    book.handouts.save_page(load_library().get("its-free"), tmp_path, "KB-1042")
    for client_file in (book.store.path / "clients").glob("*.json"):
        data = json.loads(client_file.read_text())
        data.pop("files", None)
        client_file.write_text(json.dumps(data))
    store = open_store(book.store.path)  # the index is repaired from the rewritten files
    assert store.load_client("KB-1042").files == []


def test_the_self_assessment_reads_records_with_files(
    demo_casebook: Casebook, tmp_path: Path
) -> None:
    book = demo_casebook
    s = plan_ready(book)
    book.conversations.save_meeting_plan(s.code, s.id, tmp_path)
    store = book.store
    codes = [x.code for x in store.client_summaries()]
    plain = list(store.client_documents())
    assert plain == [store.load_client(code).model_dump(mode="json") for code in codes]
    assert any(doc["files"] for doc in plain)
    assert [facts_from_json(doc).code for doc in plain] == codes


async def test_printing_a_handout_from_a_client_lists_it(
    demo_casebook: Casebook, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fama.tui.screens.handouts.export_folder", lambda: tmp_path / "printed")
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ClientScreen("KB-1088"))
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HandoutsScreen) and screen.current is not None
        await pilot.press("p")
        await pilot.pause()
        page = tmp_path / "printed" / f"{screen.current.id}.html"
    assert page.exists() and stat.S_IMODE(page.stat().st_mode) == 0o600
    [written] = demo_casebook.clients.record("KB-1088").files
    assert written.path == page and "KB-1088" not in os.fspath(page)
    assert written.written_on == date(2026, 11, 24)
