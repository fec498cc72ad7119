"""A retention purge keeps a record's counting facts (no code, no words) in every store,
so the self-assessment of past periods is unchanged; a folder never counts them twice."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.errors import ClientNotFound
from fama.store import MemoryStore, Store, open_store
from tests.helpers.records import discharge

CODE = "KB-1042"
ENDED = date(2026, 11, 20)


def test_every_store_keeps_a_purged_records_facts_without_its_code(
    store: Store, demo_town: MemoryStore
) -> None:
    book = Casebook(store, FixedClock(datetime(2026, 11, 24, 10, 30, tzinfo=UTC)), user="lena")
    record = demo_town.load_client(CODE)
    store.put_record(record)
    discharge(book, CODE, ENDED)
    counted = list(store.assessment_facts(date(2026, 1, 1), date(2026, 12, 31)))
    assert len(counted) == 1
    store.erase_client(CODE, keep_figures=True)
    [kept] = list(store.assessment_facts(date(2026, 1, 1), date(2026, 12, 31)))
    assert kept.code == "" and kept.goals == counted[0].goals
    assert kept.discharged == ENDED
    with pytest.raises(ClientNotFound):
        store.load_client(CODE)


def test_a_folder_does_not_count_kept_facts_while_the_record_is_still_there(
    tmp_path: Path, demo_town: MemoryStore
) -> None:
    """A kill between keeping the facts and the erasure: the client counts once."""
    store = open_store(tmp_path / "store")
    store.put_record(demo_town.load_client(CODE))
    store._retain_facts(CODE)  # type: ignore[attr-defined]
    assert len(list(store.assessment_facts(date(2026, 1, 1), date(2026, 12, 31)))) == 1
    store.erase_client(CODE)  # run again, it finishes
    assert [f.code for f in store.assessment_facts(date(2026, 1, 1), date(2026, 12, 31))] == [""]
    assert "KB-1042" not in (tmp_path / "store" / "retained_facts.json").read_text()
