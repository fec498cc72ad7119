"""The store contract (fama/store/base.py), checked against every implementation.

Each test takes ``store``, parametrised over the file store (in clear and encrypted), the
in-memory store and the PostgreSQL store (on a throw-away server the tests start): what one
promises, the others must keep."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from datetime import time as clock_time
from pathlib import Path

import pytest

from fama.assessment.model import Assessment
from fama.models import (
    Client,
    ClientRecord,
    Goal,
    Meeting,
    StaffMember,
    Training,
    TrainingKind,
    Weekday,
)
from fama.models.organisations import OrgCode
from fama.store import (
    Backups,
    ClientNotFound,
    DuplicateClient,
    MeetingNotFound,
    Store,
    TinyDBStore,
)

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
START, END = date(2026, 7, 1), date(2026, 9, 30)


def client(code: str = "KB-1", keyworker: str = "JB") -> Client:
    return Client(
        code=code, keyworker=keyworker, postcode_district="DE1", episode_start=date(2026, 1, 5)
    )


def goal(code: str, goal_id: str) -> Goal:
    return Goal(id=goal_id, client_code=code, wording="Go to one meeting", target_date=END)


def meeting(meeting_id: str, name: str = "Tuesday group") -> Meeting:
    return Meeting(
        id=meeting_id,
        organisation=OrgCode.AA,
        name=name,
        weekday=Weekday(1),
        start=clock_time(19, 0),
    )


def with_goal(goal_id: str) -> Callable[[ClientRecord], ClientRecord]:
    def change(record: ClientRecord) -> ClientRecord:
        return record.model_copy(
            update={"goals": [*record.goals, goal(record.client.code, goal_id)]}
        )

    return change


# Clients ----------------------------------------------------------------------------------
def test_a_created_client_is_found_and_a_second_with_its_code_refused(store: Store) -> None:
    store.create_client(client())
    assert store.has_client("KB-1") and not store.has_client("KB-2")
    assert store.load_client("KB-1").client.code == "KB-1"
    with pytest.raises(DuplicateClient):
        store.create_client(client())
    with pytest.raises(ClientNotFound):
        store.load_client("KB-2")


def test_change_record_saves_the_result_and_a_refusal_saves_nothing(store: Store) -> None:
    store.create_client(client())
    saved = store.change_record("KB-1", with_goal("g1"))
    assert [g.id for g in saved.goals] == ["g1"]
    assert [g.id for g in store.load_client("KB-1").goals] == ["g1"]

    def refuse(record: ClientRecord) -> ClientRecord:
        with_goal("g2")(record)
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        store.change_record("KB-1", refuse)
    with pytest.raises(ValueError):  # a change may not move the record to another code
        store.change_record("KB-1", lambda r: r.model_copy(update={"client": client("KB-9")}))
    assert [g.id for g in store.load_client("KB-1").goals] == ["g1"]
    assert not store.has_client("KB-9")
    with pytest.raises(ClientNotFound):
        store.change_record("KB-2", with_goal("g3"))


def test_a_changed_record_returned_is_not_the_stored_one(store: Store) -> None:
    store.create_client(client())
    record = store.load_client("KB-1")
    record.goals.append(goal("KB-1", "sneaked"))  # changing what was read saves nothing
    assert store.load_client("KB-1").goals == []


def test_item_saves_keep_the_rest_of_the_record(store: Store) -> None:
    store.create_client(client())
    store.save_goal(goal("KB-1", "g1"))
    store.save_goal(goal("KB-1", "g2"))
    store.save_goal(goal("KB-1", "g1").model_copy(update={"wording": "Two meetings"}))
    goals = {g.id: g.wording for g in store.load_client("KB-1").goals}
    assert goals == {"g1": "Two meetings", "g2": "Go to one meeting"}


def test_one_keyworkers_caseload_is_a_lookup(store: Store) -> None:
    store.put_records(
        [ClientRecord(client=client(f"C-{i}", "JB" if i % 2 else "PA")) for i in range(6)]
    )
    assert sorted(s.code for s in store.client_summaries("JB")) == ["C-1", "C-3", "C-5"]
    assert len(store.client_summaries()) == 6
    assert store.client_summaries("NOBODY") == []


def test_erasure_removes_the_client_and_the_files_written_about_them(
    store: Store, tmp_path: Path
) -> None:
    from fama.casebook.outputs import with_files

    store.create_client(client())
    store.save_goal(goal("KB-1", "g1"))
    page, moved = tmp_path / "plan.html", tmp_path / "moved.html"
    page.write_text("a meeting plan")
    store.change_record(
        "KB-1", lambda r: with_files(r, [(page, "Plan"), (moved, "Handout")], on=END, by="JB")
    )
    records = store.load_client("KB-1").record_count
    erased = store.erase_client("KB-1")
    assert (erased.records, erased.deleted, erased.not_found) == (records, [page], [moved])
    assert not page.exists()
    assert not store.has_client("KB-1") and store.client_summaries() == []
    assert [d["client"]["code"] for d in store.client_documents()] == []
    with pytest.raises(ClientNotFound):
        store.erase_client("KB-1")


# Directory, staff, assessments --------------------------------------------------------------
def test_a_meeting_is_found_and_changed_alone(store: Store) -> None:
    store.replace_meetings([meeting("m1"), meeting("m2")])
    assert store.meeting("m2").id == "m2"
    with pytest.raises(MeetingNotFound):
        store.meeting("m3")
    changed = store.change_meeting(
        "m1", lambda m: m.model_copy(update={"name": "Moved"}) if m else meeting("m1")
    )
    assert changed.name == "Moved"
    assert {m.id: m.name for m in store.meetings()} == {"m1": "Moved", "m2": "Tuesday group"}
    store.change_meeting("m3", lambda m: meeting("m3", "New") if m is None else m)
    assert store.meeting("m3").name == "New"
    with pytest.raises(ValueError):
        store.change_meeting("m1", lambda m: meeting("m9"))
    with pytest.raises(KeyError):
        store.change_meeting("m1", lambda m: {}["refused"])
    assert sorted(m.id for m in store.meetings()) == ["m1", "m2", "m3"]
    assert store.meeting("m1").name == "Moved"


def test_a_staff_member_is_found_and_changed_alone(store: Store) -> None:
    assert store.staff_member("JB") is None
    store.change_staff("JB", lambda m: m or StaffMember(id="JB", name="Jo"))
    store.save_staff(StaffMember(id="PA", name="Pat"))
    trained = Training(kind=TrainingKind.FAMA, completed=date(2026, 3, 1))
    store.change_staff("JB", lambda m: m.model_copy(update={"training": [trained]}) if m else m)  # type: ignore[arg-type,return-value]
    member = store.staff_member("JB")
    assert member is not None and member.training == [trained]
    with pytest.raises(ValueError):
        store.change_staff("JB", lambda m: StaffMember(id="XX", name="Other"))
    assert sorted(m.id for m in store.staff()) == ["JB", "PA"]


def test_one_assessment_per_service_and_period(store: Store) -> None:
    def rate(comment: str) -> Callable[[Assessment | None], Assessment]:
        def change(kept: Assessment | None) -> Assessment:
            base = kept or Assessment(service="S", period_start=START, period_end=END)
            return base.with_rating(f"1.{len(base.items) + 1}", by="JB", at=NOW, comments=comment)

        return change

    first = store.change_assessment("S", START, END, rate("one"))
    second = store.change_assessment("S", START, END, rate("two"))
    assert first.id == second.id
    (kept,) = store.assessments()
    assert sorted(r.comments for r in kept.items.values()) == ["one", "two"]
    with pytest.raises(ValueError):
        store.change_assessment(
            "S", START, END, lambda a: Assessment(service="T", period_start=START, period_end=END)
        )
    assert len(store.assessments()) == 1


def test_the_export_has_one_shape(store: Store) -> None:
    store.create_client(client())
    store.save_staff(StaffMember(id="JB", name="Jo"))
    document = store.export()
    assert sorted(document) == sorted(
        [
            "format",
            "schema",
            "exported_at",
            "staff",
            "meetings",
            "locations",
            "clients",
            "assessments",
        ]
    )
    assert [c["client"]["code"] for c in document["clients"]] == ["KB-1"]


def test_only_the_file_store_keeps_backups(store: Store) -> None:
    assert isinstance(store, Backups) is isinstance(store, TinyDBStore)


# Threads ----------------------------------------------------------------------------------------
def test_threads_writing_at_once_lose_nothing(store: Store) -> None:
    store.create_client(client())
    store.replace_meetings([meeting("m1")])
    store.save_staff(StaffMember(id="JB", name="Jo"))
    errors: list[BaseException] = []

    def writer(tag: str) -> None:
        try:
            for i in range(8):
                store.change_record("KB-1", with_goal(f"{tag}-{i}"))
                store.change_meeting("m1", lambda m: m.model_copy(update={"name": m.name + "+"}))  # type: ignore[union-attr]
                store.change_staff(
                    "JB",
                    lambda m: m.model_copy(update={"role": m.role + "+"}),  # type: ignore[union-attr]
                )
                store.client_summaries()
                store.meetings()
        except BaseException as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(t,)) for t in "ABCD"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.load_client("KB-1").goals) == 32
    assert store.meeting("m1").name.count("+") == 32
    member = store.staff_member("JB")
    assert member is not None and member.role.count("+") == 32


def test_a_save_does_not_wait_behind_the_backup(tmp_path: Path) -> None:
    """The app backs up in a worker thread; a save from the screen meanwhile must not wait
    for the copying (the backup holds the lock only to link the files)."""
    store = TinyDBStore.open(tmp_path / "store")
    store.put_records([ClientRecord(client=client(f"C-{i}")) for i in range(300)])
    done = threading.Event()
    backups: list[Path] = []

    def back_up() -> None:
        while not done.is_set():
            backups.append(store.backup("daily"))

    worker = threading.Thread(target=back_up)
    worker.start()
    waits = []
    try:
        for i in range(20):
            started = time.perf_counter()
            store.save_goal(goal("C-1", f"g{i}"))
            waits.append(time.perf_counter() - started)
    finally:
        done.set()
        worker.join()
    assert backups
    assert max(waits) < 2.0, f"a save waited {max(waits):.1f} s"
    assert len(store.load_client("C-1").goals) == 20
    restored = TinyDBStore.open(backups[-1])  # a backup is a whole store
    assert len(restored.client_summaries()) == 300
