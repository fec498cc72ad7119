"""The store keeps every save that returned, stays private, and refuses files it cannot trust."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fama.models import (
    Attended,
    Client,
    ClientRecord,
    Conversation,
    Goal,
    GoalStatus,
    Meeting,
    Review,
    StaffMember,
    Stage,
    Turn,
    Weekday,
)
from fama.models.organisations import OrgCode
from fama.store import (
    ClientNotFound,
    DuplicateClient,
    StoreError,
    StoreUnreadable,
    TinyDBStore,
    open_store,
    tinydb_store,
)
from fama.store.files import AtomicStorage
from tests.helpers.folder_index import as_old_layout, index_rows

REPO = Path(__file__).resolve().parents[2]


def make_client(code: str = "KB-1", **extra: object) -> Client:
    fields: dict[str, object] = {
        "code": code,
        "keyworker": "JB",
        "postcode_district": "DE1",
        "episode_start": date(2026, 9, 1),
    }
    fields.update(extra)
    return Client.model_validate(fields)


def test_round_trip_of_a_whole_record(store_path: Path) -> None:
    store = open_store(store_path)
    store.create_client(make_client(stage=Stage.CONNECT, next_review=date(2026, 12, 3)))
    goal = Goal(
        client_code="kb-1", wording="Go to SMART on Tuesday [x]", target_date=date(2026, 12, 1)
    )
    review = Review(
        client_code="KB-1",
        goal_id=goal.id,
        date=date(2026, 12, 2),
        attended=Attended.YES,
        meetings_since_last=2,
        helpfulness=7,
    )
    conversation = Conversation(
        client_code="KB-1",
        keyworker="jb",
        turns=[Turn(step_id="raise", prompt="Raise it", answer="yes")],
    )
    store.save_goal(goal)
    store.save_review(review)
    store.save_conversation(conversation)

    reopened = open_store(store_path).load_client("KB-1")
    assert reopened.goals == [goal]
    assert reopened.reviews == [review]
    assert reopened.conversations == [conversation]
    assert reopened.record_count == 4
    [summary] = open_store(store_path).client_summaries()
    assert summary.current_goal == "Go to SMART on Tuesday [x]"
    assert summary.follow_up_due == date(2026, 12, 1)  # no date agreed to talk: the target
    assert summary.last_follow_up == date(2026, 12, 2)


def test_saving_a_goal_again_replaces_it(store_path: Path) -> None:
    store = open_store(store_path)
    store.create_client(make_client())
    goal = Goal(client_code="KB-1", wording="Try AA", target_date=date(2026, 12, 1))
    store.save_goal(goal)
    store.save_goal(goal.model_copy(update={"status": GoalStatus.ACHIEVED}))
    [saved] = store.load_client("KB-1").goals
    assert saved.status is GoalStatus.ACHIEVED
    assert store.client_summaries()[0].current_goal == ""  # no open goal any more


def test_duplicate_and_missing_clients_are_refused(store_path: Path) -> None:
    store = open_store(store_path)
    store.create_client(make_client())
    with pytest.raises(DuplicateClient, match="KB-1 already exists"):
        store.create_client(make_client())
    with pytest.raises(ClientNotFound):
        store.load_client("NOPE-1")
    with pytest.raises(ClientNotFound):
        store.save_goal(Goal(client_code="NOPE-1", wording="x", target_date=date(2026, 12, 1)))
    assert [s.code for s in store.client_summaries()] == ["KB-1"]


def test_meetings_and_staff_round_trip(store_path: Path) -> None:
    store = open_store(store_path)
    meeting = Meeting(
        id="local:1",
        organisation=OrgCode.SMART,
        name="Tuesday SMART",
        weekday=Weekday.TUESDAY,
        start=datetime(2026, 1, 1, 19).time(),
    )
    store.replace_meetings([meeting])
    store.save_meeting(meeting.model_copy(update={"name": "Tuesday SMART (moved)"}))
    store.save_staff(StaffMember(id="jb", name="Jo Bloggs"))
    reopened = open_store(store_path)
    assert [m.name for m in reopened.meetings()] == ["Tuesday SMART (moved)"]
    assert [m.id for m in reopened.staff()] == ["JB"]


def _modes(root: Path) -> dict[str, int]:
    return {
        str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in [root, *root.rglob("*")]
    }


def test_every_file_is_private_to_the_user(store_path: Path) -> None:
    old_umask = os.umask(0o022)  # a typical, permissive umask must not leak into the store
    try:
        store = open_store(store_path)
        store.create_client(make_client())
        store.replace_meetings([])
        store.save_staff(StaffMember(id="JB", name="Jo"))
        store.backup("test")
    finally:
        os.umask(old_umask)
    modes = _modes(store_path)
    assert modes, "the store wrote nothing"
    for name, mode in modes.items():
        path = store_path / name
        expected = 0o700 if path.is_dir() else 0o600
        assert mode == expected, f"{name} is {oct(mode)}"


def test_missing_parent_folders_are_private_too(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    old_umask = os.umask(0o022)
    try:
        open_store(tmp_path / "a" / "b" / "store")
    finally:
        os.umask(old_umask)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "store"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755  # a folder that existed is left be


def test_a_corrupt_index_is_refused_and_left_untouched(store_path: Path) -> None:
    store = open_store(store_path)
    store.create_client(make_client())
    backup = store.backup("daily")
    index = store_path / "fama.json"
    index.write_bytes(b'{"meta": {"1": {"schema": 1}}, "caseload": {"1": {"code": ')
    before = index.read_bytes()
    with pytest.raises(StoreUnreadable) as caught:
        open_store(store_path)
    message = str(caught.value)
    assert str(index) in message and str(backup) in message
    assert "\n" not in message
    assert caught.value.exit_code == 2
    assert index.read_bytes() == before


def test_a_corrupt_client_file_is_refused_and_left_untouched(store_path: Path) -> None:
    store = open_store(store_path)
    store.create_client(make_client())
    [client_file] = (store_path / "clients").glob("*.json")
    client_file.write_text('{"client": {"1": {"code": "KB-1", "keyworker": 7}}}')
    before = client_file.read_bytes()
    with pytest.raises(StoreUnreadable) as caught:
        open_store(store_path)  # the index no longer matches the file, so open re-reads it
    assert str(client_file) in str(caught.value)
    assert "no backup" in str(caught.value)
    assert client_file.read_bytes() == before


@pytest.mark.parametrize("content", [b"", b"[]", b"\xff\xfe", b'{"meta": []}', b"null"])
def test_files_that_are_not_fama_json_are_refused(store_path: Path, content: bytes) -> None:
    open_store(store_path)
    (store_path / "fama.json").write_bytes(content)
    with pytest.raises(StoreUnreadable):
        open_store(store_path)
    assert (store_path / "fama.json").read_bytes() == content


def test_a_store_from_a_newer_fama_is_refused(store_path: Path) -> None:
    open_store(store_path)
    index = store_path / "fama.json"
    data = json.loads(index.read_text())
    data["meta"]["1"]["schema"] = tinydb_store.SCHEMA_VERSION + 1
    index.write_text(json.dumps(data))
    before = index.read_bytes()
    with pytest.raises(StoreUnreadable, match="newer fama"):
        open_store(store_path)
    assert index.read_bytes() == before


def test_an_older_store_is_backed_up_then_migrated(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(store_path)
    store.create_client(make_client())
    original_index = (store_path / "fama.json").read_bytes()

    now = tinydb_store.SCHEMA_VERSION

    def add_marker(root: Path) -> None:
        (root / "migrated.txt").write_text(f"schema {now + 1}")

    monkeypatch.setattr(tinydb_store, "SCHEMA_VERSION", now + 1)
    monkeypatch.setattr(tinydb_store, "MIGRATIONS", {now: add_marker})
    migrated = open_store(store_path)
    assert (store_path / "migrated.txt").read_text() == f"schema {now + 1}"
    backup = migrated.latest_backup()
    assert backup is not None and f"before-migration-from-{now}" in backup.name
    assert (backup / "fama.json").read_bytes() == original_index
    meta = json.loads((store_path / "fama.json").read_text())["meta"]
    assert next(iter(meta.values()))["schema"] == now + 1
    assert migrated.load_client("KB-1").client.code == "KB-1"


def test_a_missing_migration_step_stops_cleanly(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_store(store_path)
    now = tinydb_store.SCHEMA_VERSION
    monkeypatch.setattr(tinydb_store, "SCHEMA_VERSION", now + 2)
    monkeypatch.setattr(tinydb_store, "MIGRATIONS", {})
    with pytest.raises(StoreUnreadable, match=f"no upgrade is known from schema {now}"):
        open_store(store_path)


def test_a_schema_1_store_gets_its_caseload_rows_rebuilt(store_path: Path) -> None:
    """Schema 2 rows say when a follow-up falls due (the date agreed to talk)."""
    store = open_store(store_path)
    store.create_client(make_client("KB-1"))
    record = store.load_client("KB-1")
    goal = Goal(
        client_code="KB-1",
        wording="Go on Tuesday",
        target_date=date(2026, 12, 1),
        review_date=date(2026, 12, 4),
    )
    store.put_record(record.model_copy(update={"goals": [goal]}))
    index = store_path / "fama.json"
    data = as_old_layout(store_path, 1)
    for row in data["caseload"].values():  # a schema 1 row: the goal's target, no due date
        row["goal_target"] = row.pop("follow_up_due")
        for key in ("declined_on", "revisit_on"):
            row.pop(key)
    index.write_text(json.dumps(data))
    [summary] = open_store(store_path).client_summaries()
    assert summary.follow_up_due == date(2026, 12, 4)
    rows = index_rows(store_path)
    assert [r["follow_up_due"] for r in rows] == ["2026-12-04"]


def test_index_is_repaired_after_a_crash_between_saves(store_path: Path) -> None:
    store = open_store(store_path)
    store.create_client(make_client("KB-1"))
    store.create_client(make_client("KB-2"))
    # Simulate a crash after the client file was written but before its index row was.
    record = store.load_client("KB-1")
    goal = Goal(client_code="KB-1", wording="New goal", target_date=date(2026, 12, 9))
    store._write_record_file(record.model_copy(update={"goals": [goal]}))

    summaries = open_store(store_path).client_summaries()
    assert sorted((s.code, s.current_goal) for s in summaries) == [
        ("KB-1", "New goal"),
        ("KB-2", ""),
    ]


def test_temp_files_left_by_a_killed_save_are_cleared(store_path: Path) -> None:
    open_store(store_path)
    leftover = store_path / "clients" / ".abc.json.123.456.tmp"
    leftover.write_text("half a save")
    open_store(store_path)
    assert not leftover.exists()


def test_erasure_reaches_the_backups(store_path: Path) -> None:
    store = open_store(store_path)
    store.create_client(make_client("KB-1"))
    store.create_client(make_client("KB-2"))
    store.save_goal(Goal(client_code="KB-1", wording="x", target_date=date(2026, 12, 1)))
    backup = store.backup("daily")
    assert store.erase_client("KB-1").records == 2
    assert [s.code for s in store.client_summaries()] == ["KB-2"]
    everything = b"".join(p.read_bytes() for p in store_path.rglob("*.json"))
    assert b"KB-1" not in everything
    assert "KB-2" in {r["code"] for r in index_rows(backup)}


def test_daily_backup_is_taken_once_a_day(store_path: Path) -> None:
    store = open_store(store_path)
    now = datetime.now(UTC)
    assert store.backup_if_due(now) is None  # nothing to back up in an empty store
    store.create_client(make_client())
    first = store.backup_if_due(now)
    assert first is not None
    assert store.backup_if_due(now + timedelta(hours=2)) is None
    assert store.backup_if_due(now + timedelta(days=1, minutes=1)) is not None


def test_old_backups_are_pruned(store_path: Path) -> None:
    store = open_store(store_path)
    store.create_client(make_client())
    made = [store.backup(f"n{i}") for i in range(tinydb_store.KEEP_BACKUPS + 3)]
    kept = sorted((store_path / "backups").iterdir())
    assert kept == made[-tinydb_store.KEEP_BACKUPS :]


def test_a_file_where_the_store_folder_should_be(tmp_path: Path) -> None:
    target = tmp_path / "store"
    target.write_text("not a folder")
    with pytest.raises(StoreError, match="is a file"):
        open_store(target)


def test_a_failed_batch_writes_nothing(tmp_path: Path) -> None:
    storage = AtomicStorage(tmp_path / "t.json")
    storage.write({"t": {"1": {"a": 1}}})
    before = (tmp_path / "t.json").read_bytes()
    with pytest.raises(RuntimeError), storage.batch():
        storage.write({"t": {}})
        raise RuntimeError("interrupted")
    assert (tmp_path / "t.json").read_bytes() == before


def test_a_change_by_another_process_is_seen(store_path: Path) -> None:
    """Two store objects stand in for two processes: each sees the other's saves."""
    first = open_store(store_path)
    second = TinyDBStore.open(store_path)
    first.create_client(make_client("KB-1"))
    second.create_client(make_client("KB-2"))
    first.create_client(make_client("KB-3"))
    assert sorted(s.code for s in second.client_summaries()) == ["KB-1", "KB-2", "KB-3"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    wording=st.text(min_size=1, max_size=200).filter(lambda s: s.strip()),
    notes=st.text(max_size=300),
)
def test_any_text_survives_a_save(tmp_path: Path, wording: str, notes: str) -> None:
    store = open_store(Path(tempfile.mkdtemp(dir=tmp_path)) / "store")
    store.create_client(make_client())
    goal = Goal(client_code="KB-1", wording=wording, target_date=date(2026, 12, 1))
    review = Review(client_code="KB-1", date=date(2026, 12, 2), notes=notes)
    store.save_goal(goal)
    store.save_review(review)
    record = open_store(store.path).load_client("KB-1")
    assert record.goals == [goal]
    assert record.reviews == [review]


# Processes ------------------------------------------------------------------------------


def _writer(store: Path, mode: str, tag: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.store_writer", str(store), mode, tag, str(count)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_once_saving(child: subprocess.Popen[str], wait: float) -> str:
    """Let the writer reach its first save (however slow start-up is on a busy machine),
    then kill it ``wait`` seconds later, somewhere in the saving; all it printed."""
    assert child.stdout is not None
    first = child.stdout.readline()  # blocks until the first save has returned
    time.sleep(wait)
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate()
    return first + out


def _saved(output: str) -> list[str]:
    return [line.split(" ", 1)[1] for line in output.splitlines() if line.startswith("saved ")]


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["goals", "clients"])
def test_killed_mid_save_keeps_every_save_that_returned(tmp_path: Path, mode: str) -> None:
    rng = random.Random(20261124)
    store_path = tmp_path / "store"
    promised: list[str] = []
    for run in range(12):
        child = _writer(store_path, mode, f"R{run}", 10_000)
        out = _kill_once_saving(child, rng.uniform(0.05, 0.6))
        promised += _saved(out)
        store = open_store(store_path)  # must open cleanly every time
        if mode == "goals":
            kept = {g.id for g in store.load_client("CRASH-1").goals}
        else:
            kept = {s.code for s in store.client_summaries()}
            for code in kept:  # every indexed client must load
                store.load_client(code)
        missing = set(promised) - kept
        assert not missing, f"run {run}: saves that returned were lost: {sorted(missing)[:5]}"
    assert len(promised) > 50, "the child never got far enough to test anything"


@pytest.mark.slow
def test_killed_mid_conversation_resumes_at_the_last_saved_answer(tmp_path: Path) -> None:
    """A crash in a session loses at most the answer being typed: every answer that was
    saved is still there, the transcript matches the engine's state, and it resumes."""
    from fama.casebook.conversation import conversation_script
    from fama.conversation import resume

    rng = random.Random(5)
    store_path = tmp_path / "store"
    promised: dict[str, int] = {}
    for run in range(8):
        child = _writer(store_path, "conversation", "c", 100_000)
        out = _kill_once_saving(child, rng.uniform(0.1, 0.9))
        for line in _saved(out):
            conversation_id, answered = line.split()
            promised[conversation_id] = int(answered)
        record = open_store(store_path).load_client("CRASH-2")
        stored = {c.id: c for c in record.conversations}
        for conversation_id, answered in promised.items():
            kept = stored[conversation_id]
            assert len(kept.state["path"]) >= answered, f"run {run}: an answer was lost"
        for conversation in record.conversations:
            assert len(conversation.turns) == len(conversation.state["path"])
            resume(conversation_script(), conversation.state)  # never a torn state
    assert sum(promised.values()) > 30, "the child never got far enough to test anything"


@pytest.mark.slow
def test_killed_mid_import_leaves_one_whole_directory(tmp_path: Path) -> None:
    rng = random.Random(7)
    store_path = tmp_path / "store"
    for _ in range(6):
        child = _writer(store_path, "meetings", "m", 200)
        time.sleep(rng.uniform(0.35, 0.8))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        meetings = open_store(store_path).meetings()
        generations = {m.name for m in meetings}
        assert len(generations) <= 1, f"a torn directory mixes {generations}"
        saved = _saved(out)
        if saved:
            last = int(saved[-1].split("-")[1])
            current = int(next(iter(generations)).split()[1])
            assert current >= last and len(meetings) == current + 1


@pytest.mark.slow
def test_two_processes_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    open_store(store_path).create_client(make_client("CRASH-1"))
    children = [_writer(store_path, "goals", tag, 40) for tag in ("a", "b")]
    children += [_writer(store_path, "clients", tag, 25) for tag in ("c", "d")]
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (_, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
    store = open_store(store_path)
    goals = {g.id for g in store.load_client("CRASH-1").goals}
    assert goals == {f"{t}-{i}" for t in ("a", "b") for i in range(40)}
    codes = {s.code for s in store.client_summaries()}
    assert {f"{t.upper()}-{i}" for t in ("c", "d") for i in range(25)} <= codes
    assert len(codes) == 51


def test_export_holds_everything(store_path: Path) -> None:
    store = open_store(store_path)
    store.create_client(make_client("KB-2"))
    store.put_record(
        ClientRecord(
            client=make_client("KB-1"),
            goals=[Goal(client_code="KB-1", wording="x", target_date=date(2026, 12, 1))],
        )
    )
    data = store.export()
    assert data["format"] == "fama-export"
    assert [c["client"]["code"] for c in data["clients"]] == ["KB-1", "KB-2"]
    assert len(data["clients"][0]["goals"]) == 1
    json.dumps(data)  # JSON-ready


def test_handouts_given_are_kept_and_older_files_read_without_them(store_path: Path) -> None:
    from fama.models import HandoutGiven

    store = open_store(store_path)
    store.create_client(make_client())
    [client_file] = (store_path / "clients").glob("*.json")
    data = json.loads(client_file.read_text())
    assert "handouts" not in data or data["handouts"] == {}  # a record written before any
    given = HandoutGiven(
        client_code="kb-1",
        handout_id="god-and-religion",
        title="Do I have to believe in God?",
        given_on=date(2026, 11, 24),
    )
    store.save_handout_given(given)
    record = open_store(store_path).load_client("KB-1")
    assert record.handouts == [given] and record.record_count == 2
    assert store.erase_client("KB-1").records == 2


def test_change_record_saves_nothing_when_the_change_fails(store_path: Path) -> None:
    store = open_store(store_path)
    store.create_client(make_client())
    before = store.load_client("KB-1")

    def refuse(record: ClientRecord) -> ClientRecord:
        raise ValueError("not this one")

    with pytest.raises(ValueError, match="not this one"):
        store.change_record("KB-1", refuse)
    assert store.load_client("KB-1") == before
    saved = store.change_record(
        "KB-1",
        lambda r: r.model_copy(
            update={"client": r.client.model_copy(update={"stage": Stage.INTRODUCE})}
        ),
    )
    assert saved.client.stage is Stage.INTRODUCE
    assert open_store(store_path).load_client("KB-1").client.stage is Stage.INTRODUCE
