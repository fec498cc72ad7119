"""The self-assessment tool's items and annex grids, read from ``items.toml`` and checked.

Pure: stdlib ``tomllib`` and the organisation codes only. The file holds sections 1-5 of
PHE's *Mutual aid self-assessment tool* (2013) in the tool's order and numbering (its
repeated 3.2 and 5.3 become 3.2a/3.2b and 5.3a/5.3b), each item with a short title and
criterion in fama's own words and the names of the figures that evidence it, and the two
annex grids (meetings per organisation per weekday; local recovery groups per weekday).

A broken file (bad TOML, an unknown key or figure name, items out of order, a missing
section) raises :class:`ItemsError` with one sentence that names the problem.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from fama.models.organisations import OrgCode

__all__ = [
    "ANNEX_1",
    "ANNEX_2",
    "EVIDENCE_NAMES",
    "SECTION_NUMBERS",
    "WEEKDAYS",
    "Annex",
    "AnnexRow",
    "Catalogue",
    "Item",
    "ItemsError",
    "Section",
    "load_annexes",
    "load_catalogue",
    "load_items",
    "loads_catalogue",
]

SECTION_NUMBERS = (1, 2, 3, 4, 5)
"""The tool's sections, every one of which the file must have."""

ANNEX_1 = "annex-1"
"""Meetings per organisation per weekday."""
ANNEX_2 = "annex-2"
"""Local community recovery groups per weekday."""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""The columns of an annex grid, and the keys of its rows' counts."""

EVIDENCE_NAMES = frozenset(
    {
        "meetings_by_organisation",
        "sources_verified",
        "days_in_person",
        "days_any_mode",
        "programmes_available",
        "contacts_stale",
        "visits_to_clients",
        "visits_to_staff",
        "keyworkers_used_register",
        "clients_met_or_accompanied",
        "handouts_given",
        "clients_discussed",
        "staff_insight_visits",
        "staff_trained_fama",
        "staff_trained_twelve_step",
        "staff_trained_smart",
        "stage_introduced",
        "stage_connected",
        "stage_followed_up",
        "structured_conversations",
        "clients_with_goal",
        "goals_with_link",
        "goals_link_by_whom",
        "referred",
        "referred_by_organisation",
        "referred_by_substance",
        "followed_up",
        "attended",
        "meetings_per_week",
        "helpfulness",
        "dead_end_referrals",
    }
)
"""Every figure name an item may list as its evidence (described in ``evidence.py``)."""

_ITEM_ID = re.compile(r"^([1-9])\.([1-9][0-9]?)([ab]?)$")
_ANNEX_ID = re.compile(r"^annex-[1-9]$")


class ItemsError(ValueError):
    """The items file is broken; the message says where, in one sentence."""


@dataclass(frozen=True, slots=True)
class Section:
    """One section of the self-assessment tool, with its number and title."""

    number: int
    title: str


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the tool, e.g. 4.2 "Structured talks and care-planned goals"."""

    id: str
    """Unique: the tool's number, with ``a``/``b`` for the two printed twice (``3.2a``)."""
    number: str
    """The number as the tool prints it (``3.2`` for both 3.2a and 3.2b)."""
    section: int
    section_title: str
    title: str
    criterion: str
    """What "in place" looks like, in fama's words."""
    evidence: tuple[str, ...]
    """Names of the figures that evidence this item, in display order; may be empty."""


@dataclass(frozen=True, slots=True)
class AnnexRow:
    """One row of an annex grid: its label and the organisation it counts, if any."""

    label: str
    organisation: str | None
    """The registry code (``OrgCode`` value) whose meetings fill this row, if any."""


@dataclass(frozen=True, slots=True)
class Annex:
    """A grid of meeting counts per weekday; ``rows`` are its fixed rows (may be none)."""

    id: str
    number: int
    title: str
    row_heading: str
    rows: tuple[AnnexRow, ...]


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The whole tool as fama reads it from ``items.toml``: sections, items and annexes."""

    sections: tuple[Section, ...]
    items: tuple[Item, ...]
    annexes: tuple[Annex, ...]

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


# --------------------------------------------------------------------------- parsing


def _table_list(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    raw = data.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        raise ItemsError(f"'{key}' must be a list of tables ([[{key}]]).")
    return raw


def _check_keys(
    where: str, table: Mapping[str, Any], required: set[str], optional: set[str]
) -> None:
    missing = sorted(required - table.keys())
    if missing:
        raise ItemsError(f"{where} is missing {', '.join(repr(k) for k in missing)}.")
    unknown = sorted(table.keys() - required - optional)
    if unknown:
        raise ItemsError(f"{where} has an unknown key {unknown[0]!r}.")


def _text(where: str, table: Mapping[str, Any], key: str) -> str:
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise ItemsError(f"{where}: {key!r} must be some text.")
    return " ".join(value.split())


def _int(where: str, table: Mapping[str, Any], key: str) -> int:
    value = table[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise ItemsError(f"{where}: {key!r} must be a whole number.")
    return value


def _sections(data: Mapping[str, Any]) -> tuple[Section, ...]:
    sections = []
    for position, table in enumerate(_table_list(data, "section"), start=1):
        where = f"Section {position}"
        _check_keys(where, table, {"number", "title"}, set())
        sections.append(Section(_int(where, table, "number"), _text(where, table, "title")))
    numbers = tuple(s.number for s in sections)
    if numbers != SECTION_NUMBERS:
        raise ItemsError(
            f"The sections must be numbered {', '.join(map(str, SECTION_NUMBERS))} in order, "
            f"once each; the file has {', '.join(map(str, numbers)) or 'none'}."
        )
    return tuple(sections)


def _evidence(where: str, table: Mapping[str, Any]) -> tuple[str, ...]:
    raw = table.get("evidence", [])
    if not isinstance(raw, list) or not all(isinstance(n, str) for n in raw):
        raise ItemsError(f"{where}: 'evidence' must be a list of figure names.")
    for name in raw:
        if name not in EVIDENCE_NAMES:
            raise ItemsError(f"{where}: {name!r} is not a figure fama computes.")
    if len(set(raw)) != len(raw):
        raise ItemsError(f"{where}: 'evidence' names a figure twice.")
    return tuple(raw)


def _items(data: Mapping[str, Any], sections: tuple[Section, ...]) -> tuple[Item, ...]:
    titles = {s.number: s.title for s in sections}
    items: list[Item] = []
    previous: tuple[int, int, str] = (SECTION_NUMBERS[0], 0, "")
    for position, table in enumerate(_table_list(data, "item"), start=1):
        raw_id = table.get("id")
        where = f"Item {raw_id!r}" if isinstance(raw_id, str) else f"Item number {position}"
        _check_keys(where, table, {"id", "title", "criterion"}, {"evidence"})
        match = _ITEM_ID.match(raw_id) if isinstance(raw_id, str) else None
        if match is None:
            raise ItemsError(f"{where}: the id must look like '4.2' (or '3.2a' for a repeat).")
        section, number, suffix = int(match[1]), int(match[2]), match[3]
        if section not in titles:
            raise ItemsError(f"{where}: there is no section {section}.")
        if any(item.id == raw_id for item in items):
            raise ItemsError(f"{where} appears twice; item ids must be unique.")
        _check_order(where, previous, (section, number, suffix))
        previous = (section, number, suffix)
        items.append(
            Item(
                id=str(raw_id),
                number=f"{section}.{number}",
                section=section,
                section_title=titles[section],
                title=_text(where, table, "title"),
                criterion=_text(where, table, "criterion"),
                evidence=_evidence(where, table),
            )
        )
    if previous[2] == "a":
        raise ItemsError(f"Item {previous[0]}.{previous[1]}a has no {previous[0]}.{previous[1]}b.")
    empty = [n for n in SECTION_NUMBERS if not any(i.section == n for i in items)]
    if empty:
        raise ItemsError(f"Section {empty[0]} has no items; every section needs at least one.")
    return tuple(items)


def _check_order(where: str, previous: tuple[int, int, str], current: tuple[int, int, str]) -> None:
    """Items run 1.1, 1.2, ... with no gaps; a repeated number is an ``a`` then a ``b``."""
    p_section, p_number, p_suffix = previous
    section = current[0]
    if p_suffix == "a":
        expected = [(p_section, p_number, "b")]
    elif section == p_section:
        expected = [(section, p_number + 1, ""), (section, p_number + 1, "a")]
    else:
        expected = [(p_section, p_number + 1, ""), (p_section, p_number + 1, "a")]
        if p_number > 0:  # a section may end here and the next one start at 1
            expected += [(p_section + 1, 1, ""), (p_section + 1, 1, "a")]
    if current not in expected:
        wanted = " or ".join(f"{s}.{n}{x}" for s, n, x in expected)
        raise ItemsError(f"{where} is out of order: the next item should be {wanted}.")


def _annexes(data: Mapping[str, Any]) -> tuple[Annex, ...]:
    annexes: list[Annex] = []
    codes = {code.value for code in OrgCode}
    for position, table in enumerate(_table_list(data, "annex"), start=1):
        raw_id = table.get("id")
        where = f"Annex {raw_id!r}" if isinstance(raw_id, str) else f"Annex number {position}"
        _check_keys(where, table, {"id", "number", "title", "row_heading", "rows"}, set())
        if not isinstance(raw_id, str) or not _ANNEX_ID.match(raw_id):
            raise ItemsError(f"{where}: the id must look like 'annex-1'.")
        number = _int(where, table, "number")
        if raw_id != f"annex-{number}":
            raise ItemsError(f"{where}: its number must be {raw_id.removeprefix('annex-')}.")
        if any(a.id == raw_id for a in annexes):
            raise ItemsError(f"{where} appears twice; annex ids must be unique.")
        rows = []
        for row in _table_list(table, "rows"):
            _check_keys(f"{where}, a row", row, {"label"}, {"organisation"})
            label = _text(f"{where}, a row", row, "label")
            organisation = row.get("organisation")
            if organisation is not None and organisation not in codes:
                raise ItemsError(
                    f"{where}, row {label!r}: {organisation!r} is not an organisation."
                )
            rows.append(AnnexRow(label, organisation))
        labels = [r.label.casefold() for r in rows]
        if len(set(labels)) != len(labels):
            raise ItemsError(f"{where} lists a row twice.")
        annexes.append(
            Annex(
                id=raw_id,
                number=number,
                title=_text(where, table, "title"),
                row_heading=_text(where, table, "row_heading"),
                rows=tuple(rows),
            )
        )
    found = {a.id for a in annexes}
    for wanted in (ANNEX_1, ANNEX_2):
        if wanted not in found:
            raise ItemsError(f"The file has no {wanted}; both annex grids are needed.")
    return tuple(annexes)


def loads_catalogue(text: str) -> Catalogue:
    """Parse and check the items file's TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ItemsError(f"The self-assessment items file is not valid TOML: {error}.") from None
    unknown = sorted(data.keys() - {"section", "item", "annex"})
    if unknown:
        raise ItemsError(f"The items file has an unknown table {unknown[0]!r}.")
    sections = _sections(data)
    return Catalogue(sections=sections, items=_items(data, sections), annexes=_annexes(data))


@cache
def _packaged() -> Catalogue:
    text = resources.files("fama.assessment").joinpath("items.toml").read_text("utf-8")
    return loads_catalogue(text)


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Load an items file, by default the packaged ``items.toml`` (read once, then cached)."""
    if path is None:
        return _packaged()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ItemsError(f"Cannot read the items file {path}: {error}.") from None
    return loads_catalogue(text)


def load_items(path: Path | None = None) -> tuple[Item, ...]:
    """Every item of sections 1-5, in the tool's order."""
    return load_catalogue(path).items


def load_annexes(path: Path | None = None) -> tuple[Annex, ...]:
    """The annex grids' metadata (annex 1 and annex 2), in order."""
    return load_catalogue(path).annexes
