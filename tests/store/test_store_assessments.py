"""Self-assessment records: ratings with their history, and their keeping in the store."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from fama.assessment.model import (
    HISTORY_LIMIT,
    KEEP,
    TEXT_LIMIT,
    Assessment,
    ItemRating,
    Rating,
    find_assessment,
)
from fama.store import SCHEMA_VERSION, StoreUnreadable, open_store

T0 = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)


def make_assessment(**extra: object) -> Assessment:
    fields: dict[str, object] = {
        "service": "Derby Recovery Service",
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 3, 31),
        "created_at": T0,
        "updated_at": T0,
    }
    fields.update(extra)
    return Assessment.model_validate(fields)


# --------------------------------------------------------------------------- the model


def test_a_new_assessment_has_no_ratings() -> None:
    a = make_assessment()
    assert a.items == {} and a.rating_for("4.1") is None
    assert a.rating_of("4.1") is Rating.NOT_ASSESSED
    assert len(a.id) == 32 and make_assessment().id != a.id
    assert Rating.PARTLY.label == "Partly in place"


def test_rating_an_item_keeps_who_and_when() -> None:
    a = make_assessment()
    b = a.with_rating("4.1", by="Lead A", at=T0, rating=Rating.IN_PLACE, suggested=Rating.IN_PLACE)
    assert a.items == {}  # a new assessment; the old one is unchanged
    entry = b.rating_for("4.1")
    assert entry is not None
    assert (entry.rating, entry.rated_by, entry.rated_at) == (Rating.IN_PLACE, "Lead A", T0)
    assert entry.suggested is Rating.IN_PLACE and not entry.overrides_suggestion
    assert entry.history == [] and b.updated_at == T0 and b.id == a.id


def test_an_override_keeps_the_earlier_rating_with_its_author() -> None:
    t1, t2 = T0 + timedelta(hours=1), T0 + timedelta(days=1)
    a = make_assessment().with_rating(
        "5.5", by="Lead A", at=T0, rating=Rating.PARTLY, suggested=Rating.PARTLY
    )
    b = a.with_rating("5.5", by="Lead B", at=t1, rating=Rating.IN_PLACE)
    entry = b.items["5.5"]
    assert entry.rating is Rating.IN_PLACE and entry.suggested is Rating.PARTLY
    assert entry.overrides_suggestion
    assert (entry.rated_by, entry.rated_at) == ("Lead B", t1)
    [past] = entry.history
    assert (past.rating, past.rated_by, past.rated_at) == (Rating.PARTLY, "Lead A", T0)
    assert not past.overrides_suggestion

    # a new suggestion arrives; setting it to None clears the override
    c = b.with_rating("5.5", by="Lead B", at=t2, suggested=None)
    assert not c.items["5.5"].overrides_suggestion
    assert [p.rated_by for p in c.items["5.5"].history] == ["Lead A", "Lead B"]
    assert c.items["5.5"].history[1].overrides_suggestion


def test_comments_alone_leave_the_rating_and_its_author() -> None:
    t1 = T0 + timedelta(hours=3)
    a = make_assessment().with_rating("2.2", by="Lead A", at=T0, rating=Rating.NOT_IN_PLACE)
    b = a.with_rating("2.2", by="Lead B", at=t1, comments="Leaflets run out", suggested=KEEP)
    entry = b.items["2.2"]
    assert entry.comments == "Leaflets run out" and entry.rating is Rating.NOT_IN_PLACE
    assert (entry.rated_by, entry.rated_at, entry.history) == ("Lead A", T0, [])
    assert b.updated_at == t1
    c = b.with_rating("2.2", by="Lead B", at=t1, supporting_evidence="Audit, March")
    assert c.items["2.2"].comments == "Leaflets run out"
    assert c.items["2.2"].supporting_evidence == "Audit, March"
    # a comment on an item nobody rated yet: not assessed, by whoever wrote it
    d = c.with_rating("1.3", by="Lead C", at=t1, comments="Ask the landlord")
    assert d.items["1.3"].rating is Rating.NOT_ASSESSED and d.items["1.3"].rated_by == "Lead C"


def test_the_same_rating_by_the_same_person_adds_no_history() -> None:
    a = make_assessment().with_rating("1.4", by="A", at=T0, rating=Rating.IN_PLACE)
    b = a.with_rating("1.4", by="A", at=T0 + timedelta(minutes=5), rating=Rating.IN_PLACE)
    assert b.items["1.4"].history == []
    c = b.with_rating("1.4", by="B", at=T0 + timedelta(minutes=6), rating=Rating.IN_PLACE)
    assert [p.rated_by for p in c.items["1.4"].history] == ["A"]


def test_history_keeps_the_newest() -> None:
    a = make_assessment()
    ratings = [Rating.IN_PLACE, Rating.PARTLY]
    for n in range(HISTORY_LIMIT + 5):
        a = a.with_rating("3.5", by=f"P{n}", at=T0 + timedelta(minutes=n), rating=ratings[n % 2])
    history = a.items["3.5"].history
    assert len(history) == HISTORY_LIMIT
    assert history[-1].rated_by == f"P{HISTORY_LIMIT + 3}" and history[0].rated_by == "P4"


def test_not_assessed_does_not_override_a_suggestion() -> None:
    a = make_assessment().with_rating("4.4", by="A", at=T0, suggested=Rating.IN_PLACE)
    entry = a.items["4.4"]
    assert entry.rating is Rating.NOT_ASSESSED and not entry.overrides_suggestion


def test_the_model_refuses_what_does_not_fit() -> None:
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        make_assessment(period_end=date(2025, 12, 31))
    with pytest.raises(ValidationError, match="timezone"):
        make_assessment(created_at=datetime(2026, 1, 1, 9))
    with pytest.raises(ValidationError, match="at most 4000"):
        make_assessment().with_rating("1.1", by="A", at=T0, comments="x" * (TEXT_LIMIT + 1))
    with pytest.raises(ValidationError, match="timezone"):
        make_assessment().with_rating("1.1", by="A", at=datetime(2026, 1, 1, 9))
    with pytest.raises(ValidationError, match="item_id"):
        ItemRating(item_id="9", rated_by="A", rated_at=T0)
    with pytest.raises(ValidationError, match="overrides_suggestion"):
        ItemRating(item_id="1.1", rated_by="A", rated_at=T0, overrides_suggestion=True)
    entry = ItemRating(item_id="1.1", rated_by="A", rated_at=T0)
    with pytest.raises(ValidationError, match="is for item"):
        make_assessment(items={"1.2": entry})
    with pytest.raises(ValidationError, match="extra"):
        make_assessment(colour="red")


def test_an_assessment_round_trips_through_json() -> None:
    a = (
        make_assessment()
        .with_rating("3.2a", by="A", at=T0, rating=Rating.PARTLY, comments="goal [x] <b>")
        .with_rating("3.2a", by="B", at=T0 + timedelta(1), rating=Rating.IN_PLACE)
        .with_rating("5.4", by="A", at=T0, rating=Rating.IN_PLACE, suggested=Rating.PARTLY)
    )
    again = Assessment.model_validate(json.loads(json.dumps(a.model_dump(mode="json"))))
    assert again == a
    assert again.items["5.4"].overrides_suggestion


def test_find_an_assessment_by_service_and_period() -> None:
    q1 = make_assessment()
    q2 = make_assessment(period_start=date(2026, 4, 1), period_end=date(2026, 6, 30))
    found = find_assessment([q1, q2], "Derby Recovery Service", date(2026, 4, 1), date(2026, 6, 30))
    assert found is q2
    assert find_assessment([q1, q2], "Other", date(2026, 1, 1), date(2026, 3, 31)) is None


# --------------------------------------------------------------------------- the store


def test_a_store_without_the_file_has_no_assessments(store_path: Path) -> None:
    store = open_store(store_path)
    assert store.assessments() == []
    assert not (store_path / "assessments.json").exists()  # reading creates nothing
    assert store.export()["assessments"] == []


def test_save_replace_and_reload(store_path: Path) -> None:
    store = open_store(store_path)
    q1 = make_assessment().with_rating("1.1", by="A", at=T0, rating=Rating.IN_PLACE)
    q2 = make_assessment(period_start=date(2026, 4, 1), period_end=date(2026, 6, 30))
    store.save_assessment(q1)
    store.save_assessment(q2)
    changed = q1.with_rating("1.1", by="B", at=T0 + timedelta(1), rating=Rating.PARTLY)
    store.save_assessment(changed)

    reopened = open_store(store_path).assessments()
    assert sorted(reopened, key=lambda a: a.period_start) == [changed, q2]
    kept = next(a for a in reopened if a.id == q1.id).items["1.1"]
    assert kept.rated_by == "B" and [p.rated_by for p in kept.history] == ["A"]


def test_the_file_is_private_and_durable(store_path: Path) -> None:
    store = open_store(store_path)
    store.save_assessment(make_assessment())
    path = store_path / "assessments.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(store_path.glob(".*.tmp"))
    assert len(json.loads(path.read_text())["assessments"]) == 1


def test_export_and_backup_include_assessments(store_path: Path) -> None:
    store = open_store(store_path)
    a = make_assessment().with_rating("4.2", by="A", at=T0, comments="x")
    store.save_assessment(a)
    data = store.export()
    assert data["schema"] == SCHEMA_VERSION
    assert [x["id"] for x in data["assessments"]] == [a.id]
    assert Assessment.model_validate(data["assessments"][0]) == a
    json.dumps(data)
    backup = store.backup("test")
    assert (backup / "assessments.json").read_bytes() == (
        store_path / "assessments.json"
    ).read_bytes()


def test_a_damaged_file_is_refused_and_left_alone(store_path: Path) -> None:
    store = open_store(store_path)
    path = store_path / "assessments.json"
    path.write_text('{"assessments": {"1": {"service": ""}}}')
    with pytest.raises(StoreUnreadable, match="assessments record failed validation"):
        store.assessments()
    path.write_text("not json")
    with pytest.raises(StoreUnreadable, match="not valid JSON"):
        open_store(store_path).assessments()
    assert path.read_text() == "not json"


def test_erasing_a_client_leaves_assessments(store_path: Path) -> None:
    from fama.models import Client

    store = open_store(store_path)
    store.create_client(
        Client(code="KB-1", keyworker="JB", postcode_district="DE1", episode_start=date(2026, 1, 5))
    )
    a = make_assessment()
    store.save_assessment(a)
    store.erase_client("KB-1")
    assert store.assessments() == [a]


def test_client_documents_match_the_validated_records(demo_casebook: Any) -> None:
    """The plain-JSON read path gives the same records as the validated one."""
    store = demo_casebook.store
    plain = list(store.client_documents())
    validated = [
        store.load_client(s.code).model_dump(mode="json") for s in store.client_summaries()
    ]
    assert plain == validated
