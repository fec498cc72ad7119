"""The self-assessment items file: the whole tool in order, and clear errors when it breaks."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from fama.assessment.items import (
    ANNEX_1,
    ANNEX_2,
    EVIDENCE_NAMES,
    Item,
    ItemsError,
    load_annexes,
    load_catalogue,
    load_items,
    loads_catalogue,
)
from fama.models.organisations import OrgCode

ITEMS_FILE = Path(__file__).resolve().parents[2] / "fama" / "assessment" / "items.toml"

EXPECTED_IDS = [
    *("1.1", "1.2", "1.3", "1.4", "1.5"),
    *("2.1", "2.2", "2.3", "2.4", "2.5"),
    *("3.1", "3.2a", "3.2b", "3.3", "3.4", "3.5", "3.6"),
    *("4.1", "4.2", "4.3", "4.4"),
    *("5.1", "5.2", "5.3a", "5.3b", "5.4", "5.5"),
]

EXPECTED_EVIDENCE = {
    "1.1": ["meetings_by_organisation", "sources_verified", "contacts_stale"],
    "1.2": ["meetings_by_organisation", "sources_verified"],
    "1.4": ["days_in_person", "days_any_mode"],
    "1.5": ["programmes_available"],
    "2.2": ["handouts_given", "clients_discussed"],
    "2.3": ["handouts_given", "clients_discussed"],
    "2.4": ["visits_to_clients"],
    "2.5": ["visits_to_clients"],
    "3.2b": ["keyworkers_used_register"],
    "3.4": ["visits_to_staff"],
    "3.5": ["staff_insight_visits"],
    "3.6": ["staff_trained_fama", "staff_trained_twelve_step", "staff_trained_smart"],
    "4.1": ["stage_introduced", "stage_connected", "stage_followed_up"],
    "4.2": ["structured_conversations", "clients_with_goal"],
    "4.3": ["staff_trained_fama", "staff_trained_twelve_step", "staff_trained_smart"],
    "4.4": ["goals_with_link", "goals_link_by_whom", "clients_met_or_accompanied"],
    "5.4": ["referred", "referred_by_organisation", "referred_by_substance"],
    "5.5": ["followed_up", "attended", "meetings_per_week", "helpfulness", "dead_end_referrals"],
}


def test_every_item_in_the_official_order() -> None:
    items = load_items()
    assert [i.id for i in items] == EXPECTED_IDS
    per_section = {n: sum(1 for i in items if i.section == n) for n in range(1, 6)}
    assert per_section == {1: 5, 2: 5, 3: 7, 4: 4, 5: 6}


def test_the_repeated_numbers_are_kept_as_a_and_b() -> None:
    items = {i.id: i for i in load_items()}
    assert items["3.2a"].number == items["3.2b"].number == "3.2"
    assert items["5.3a"].number == items["5.3b"].number == "5.3"
    assert items["3.2a"].title != items["3.2b"].title
    assert items["4.2"].number == "4.2"


def test_sections_have_their_titles() -> None:
    catalogue = load_catalogue()
    assert [s.title for s in catalogue.sections] == [
        "Availability",
        "Promoting mutual aid",
        "Leadership and workforce",
        "Facilitation",
        "Local strategic planning and monitoring",
    ]
    for item in catalogue.items:
        assert item.section_title == catalogue.sections[item.section - 1].title
        assert item.id.startswith(f"{item.section}.")


def test_evidence_names_are_the_computed_figures() -> None:
    items = load_items()
    for item in items:
        assert set(item.evidence) <= EVIDENCE_NAMES
        assert list(item.evidence) == EXPECTED_EVIDENCE.get(item.id, [])
    used = {name for item in items for name in item.evidence}
    assert used == EVIDENCE_NAMES


def test_items_are_frozen_and_have_words() -> None:
    item = load_items()[0]
    assert isinstance(item, Item)
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.title = "x"  # type: ignore[misc]
    for item in load_items():
        assert item.title and len(item.title) <= 60
        assert item.criterion.endswith(".") and 20 < len(item.criterion) <= 300
        assert "  " not in item.criterion  # continuation lines folded to single spaces


def test_criteria_are_in_our_own_words() -> None:
    """No criterion copies a run of six words from the PHE tool."""
    seed = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    source = seed / "mutual-aid-self-assessment-tool.txt"
    if not source.exists():
        pytest.skip("the PHE tool text is not beside the repository")
    words = re.findall(r"[a-z0-9']+", source.read_text(encoding="utf-8").lower())
    runs = {" ".join(words[i : i + 6]) for i in range(len(words) - 5)}
    for item in load_items():
        ours = re.findall(r"[a-z0-9']+", item.criterion.lower())
        for i in range(len(ours) - 5):
            assert " ".join(ours[i : i + 6]) not in runs, item.id


def test_the_annex_grids() -> None:
    annex1, annex2 = load_annexes()
    assert (annex1.id, annex1.number, annex2.id, annex2.number) == (ANNEX_1, 1, ANNEX_2, 2)
    assert [r.organisation for r in annex1.rows] == [
        "SMART",
        "AA",
        "NA",
        "CA",
        "DAA",
        "MA",
        "FA",
        "Al-Anon",
        "Local",
    ]
    assert all(OrgCode(r.organisation) for r in annex1.rows if r.organisation)
    assert annex2.rows == ()


def test_the_packaged_file_is_read_once() -> None:
    assert load_catalogue() is load_catalogue()
    assert load_items(ITEMS_FILE) == load_items()


# --------------------------------------------------------------------------- broken files

GOOD = ITEMS_FILE.read_text(encoding="utf-8")


def _broken(old: str, new: str, count: int = 1) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, count)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[item]\n", "not valid TOML"),
        (_broken('id = "1.5"', 'id = "1.4"'), "'1.4' appears twice"),
        (_broken('id = "2.2"', 'id = "2.7"'), "out of order: the next item should be 2.2"),
        (_broken('id = "3.2b"', 'id = "3.2"'), "should be 3.2b"),
        (_broken('id = "4.1"', 'id = "four"'), "the id must look like"),
        (
            _broken('evidence = ["programmes_available"]', 'evidence = ["programmes"]'),
            "'programmes'",
        ),
        (_broken('evidence = ["programmes_available"]', "evidence = 3"), "list of figure names"),
        (
            _broken(
                'evidence = ["programmes_available"]',
                'evidence = ["programmes_available", "programmes_available"]',
            ),
            "names a figure twice",
        ),
        (_broken('title = "A meeting on any day"', 'title = ""'), "'title' must be some text"),
        (_broken('title = "A meeting on any day"', 'titel = "x"'), "missing 'title'"),
        (_broken('id = "1.4"', 'id = "1.4"\ncolour = "red"'), "unknown key 'colour'"),
        (_broken("number = 5\n", "number = 6\n"), "sections must be numbered 1, 2, 3, 4, 5"),
        (_broken('organisation = "DAA"', 'organisation = "XYZ"'), "'XYZ' is not an organisation"),
        (_broken('id = "annex-2"\nnumber = 2', 'id = "annex-3"\nnumber = 3'), "no annex-2"),
        (_broken('id = "annex-2"\nnumber = 2', 'id = "annex-2"\nnumber = 7'), "must be 2"),
        ("[[thing]]\nx = 1\n", "unknown table 'thing'"),
    ],
)
def test_a_broken_file_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ItemsError, match=re.escape(message)):
        loads_catalogue(text)


def test_a_section_without_items_is_refused() -> None:
    head, _, rest = GOOD.partition("# 4. Facilitation")
    tail = rest[rest.index("# 5. Local strategic") :]
    with pytest.raises(
        ItemsError, match=re.escape("the next item should be 3.7 or 3.7a or 4.1 or 4.1a")
    ):
        loads_catalogue(head + tail)


def test_a_lone_a_is_refused() -> None:
    head, _, _ = GOOD.partition('[[item]]\nid = "3.2b"')
    with pytest.raises(ItemsError, match=re.escape("3.2a has no 3.2b")):
        loads_catalogue(head)


def test_a_missing_or_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ItemsError, match="Cannot read the items file"):
        load_items(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(ItemsError, match="Cannot read"):
        load_items(bad)
    good = tmp_path / "good.toml"
    good.write_text(GOOD, encoding="utf-8")
    assert [i.id for i in load_items(good)] == EXPECTED_IDS
