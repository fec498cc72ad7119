"""The neutral view of a self-assessment export, which every format writes out.

:func:`build_view` checks the figures, suggestions and grids against the items and annexes
and turns them into plain rows: each count already suppressed when asked (``<5``), each
figure's numbers and change in words, each annex grid summed by weekday. The wording shared
by the formats (the rating and the suggestion, who rated, the preamble) is here too, so
every format says the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from fama.assessment.change import Measured, change_text
from fama.assessment.items import WEEKDAYS, Annex, Item
from fama.assessment.model import Assessment, ItemRating, Rating

__all__ = [
    "SMALL",
    "SUGGESTED",
    "TOOL",
    "AnnexGrids",
    "Count",
    "Evidence",
    "FigureLike",
    "Grid",
    "Row",
    "Shown",
    "Suggestions",
    "View",
    "build_view",
    "past_words",
    "preamble",
    "rated_words",
    "rating_words",
    "shown_text",
    "suggestion_words",
]

SMALL = "<5"
"""How a suppressed count is shown."""

TOOL = "Public Health England, Mutual aid self-assessment tool (2013)"


class FigureLike(Measured, Protocol):
    """One figure for an item, e.g. clients followed up out of clients referred.

    ``value`` is the share ``numerator / denominator`` (0-1, shown as a percentage) or
    another measure such as a mean (shown as a number); None when there is none. A figure
    may also have ``breakdown: Mapping[str, float]`` (counts by organisation, by whom...),
    ``breakdown_is_count: bool`` (False when the breakdown holds measures, such as the
    median score) and ``is_share: bool`` (False for a mean or a rate).
    """

    @property
    def name(self) -> str: ...
    @property
    def label(self) -> str: ...


Evidence = Mapping[str, Sequence[FigureLike]]
"""Item id -> that item's figures, in display order."""
AnnexGrids = Mapping[str, Mapping[str, Mapping[str, int]]]
"""Annex id -> row label -> weekday name ("Monday".."Sunday") -> number of meetings."""

Suggestions = Mapping[str, Rating | str]
"""Item id -> the rating fama suggests from the period's figures (items with none left out)."""

Count = int | str
"""A count as exported: the number, or ``SMALL``."""

Shown = int | float | str
"""A breakdown entry as exported: a count (or ``SMALL``), or a measure such as a median."""


@dataclass(frozen=True, slots=True)
class _Counts:
    """A figure's counts and value as exported (suppressed if asked)."""

    numerator: Count
    denominator: Count | None
    value: float | None

    @property
    def hidden(self) -> bool:
        return self.numerator == SMALL or self.denominator == SMALL


@dataclass(frozen=True, slots=True)
class _Figure:
    name: str
    label: str
    numerator: Count
    denominator: Count | None
    value: float | None
    share: bool
    breakdown: tuple[tuple[str, Shown], ...]
    previous: _Counts | None
    """The same figure in the previous period; None when it was not given."""
    change: str
    """``+5 points on the previous period``; "" when there is none to show."""

    @property
    def numbers(self) -> str:
        """``12/40 (30%)``, ``3``, ``<5/12``, ``20/8 (2.5)``."""
        text = str(self.numerator)
        if self.denominator is not None:
            text += f"/{self.denominator}"
        if self.value is not None:
            text += f" ({_percent(self.value)})" if self.share else f" ({_decimal(self.value)})"
        return text

    @property
    def numbers_and_change(self) -> str:
        """``12/40 (30%), +5 points on the previous period``."""
        return f"{self.numbers}, {self.change}" if self.change else self.numbers

    @property
    def breakdown_text(self) -> str:
        return "; ".join(f"{key}: {shown_text(count)}" for key, count in self.breakdown)

    def line(self, lead: str) -> str:
        """One line of text: ``lead: numbers, change [breakdown]``."""
        text = f"{lead}: {self.numbers_and_change}"
        return f"{text} [{self.breakdown_text}]" if self.breakdown else text


@dataclass(frozen=True, slots=True)
class Row:
    """One item of the tool as every format shows it: the rating, fama's suggestion, the
    figures and the comments."""

    item: Item
    rating: Rating
    suggested: Rating | None
    """What fama suggests from this period's figures (the screen's "Suggested" column)."""
    entry: ItemRating | None
    figures: tuple[_Figure, ...]

    @property
    def suggested_when_rated(self) -> Rating | None:
        """The suggestion kept with the rating when it was made (what it may override)."""
        return self.entry.suggested if self.entry else None

    @property
    def comments(self) -> str:
        return self.entry.comments if self.entry else ""

    @property
    def supporting_evidence(self) -> str:
        return self.entry.supporting_evidence if self.entry else ""


@dataclass(frozen=True, slots=True)
class Grid:
    """One annex grid as every format shows it."""

    annex: Annex
    rows: tuple[tuple[str, tuple[Count, ...]], ...] | None
    """(row label, counts Monday..Sunday); None when the grid was not computed."""


@dataclass(frozen=True, slots=True)
class View:
    """The whole export, format-neutral: each writer turns this into its format."""

    assessment: Assessment
    rows: tuple[Row, ...]
    grids: tuple[Grid, ...]
    suppress_small: bool

    @property
    def period(self) -> str:
        a = self.assessment
        return f"{_day(a.period_start)} to {_day(a.period_end)}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _decimal(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _count(n: int, suppress: bool) -> Count:
    return SMALL if suppress and 1 <= n <= 4 else n


def shown_text(value: Shown) -> str:
    """A figure as text (a decimal rounded as the tool shows it)."""
    return _decimal(value) if isinstance(value, float) else str(value)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _counts(fig: FigureLike, suppress: bool) -> _Counts:
    numerator = _count(fig.numerator, suppress)
    denominator = None if fig.denominator is None else _count(fig.denominator, suppress)
    counts = _Counts(numerator, denominator, None)
    return counts if counts.hidden else _Counts(numerator, denominator, _finite(fig.value))


def _measure(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _figure(fig: FigureLike, before: FigureLike | None, suppress: bool) -> _Figure:
    counts = _counts(fig, suppress)
    value = _finite(fig.value)
    share = getattr(fig, "is_share", True) and (
        value is not None
        and fig.denominator is not None
        and fig.denominator > 0
        and math.isclose(value, fig.numerator / fig.denominator, rel_tol=1e-9, abs_tol=1e-12)
    )
    raw_breakdown: Mapping[str, float] = getattr(fig, "breakdown", None) or {}
    breakdown: tuple[tuple[str, Shown], ...]
    if getattr(fig, "breakdown_is_count", True):
        breakdown = tuple((str(k), _count(int(n), suppress)) for k, n in raw_breakdown.items())
    else:
        shown = not counts.hidden and value is not None
        breakdown = tuple((str(k), _measure(n)) for k, n in raw_breakdown.items() if shown)
    previous = None if before is None else _counts(before, suppress)
    hidden = counts.hidden or (previous is not None and previous.hidden)
    return _Figure(
        name=fig.name,
        label=fig.label,
        numerator=counts.numerator,
        denominator=counts.denominator,
        value=counts.value,
        share=share,
        breakdown=breakdown,
        previous=previous,
        change="" if hidden else change_text(fig, before, share=share),
    )


def _weekday(key: str, annex: Annex) -> str:
    day = key.strip().capitalize()
    if day not in WEEKDAYS:
        raise ValueError(f"{annex.id}: {key!r} is not a weekday (use Monday to Sunday).")
    return day


def _official_keys(annex: Annex) -> list[set[str]]:
    """The keys that fill each fixed row: its label, organisation code and registry name."""
    from fama.models.organisations import ORGANISATIONS, OrgCode

    keys = []
    for row in annex.rows:
        names = {row.label}
        if row.organisation is not None:
            code = OrgCode(row.organisation)
            names |= {code.value, ORGANISATIONS[code].name}
        keys.append({n.casefold() for n in names})
    return keys


def _grid(annex: Annex, data: Mapping[str, Mapping[str, int]] | None, suppress: bool) -> Grid:
    if data is None:
        return Grid(annex, None)
    official = _official_keys(annex)
    totals: dict[str, dict[str, int]] = {row.label: {} for row in annex.rows}
    for key, cells in data.items():
        label = next(
            (
                row.label
                for row, keys in zip(annex.rows, official, strict=True)
                if key.casefold() in keys
            ),
            key,
        )
        target = totals.setdefault(label, {})
        for day, n in cells.items():
            name = _weekday(day, annex)
            target[name] = target.get(name, 0) + int(n)
    rows = tuple(
        (label, tuple(_count(cells.get(day, 0), suppress) for day in WEEKDAYS))
        for label, cells in totals.items()
    )
    return Grid(annex, rows)


def build_view(
    items: Sequence[Item],
    assessment: Assessment,
    evidence: Evidence,
    suppress: bool,
    annexes: AnnexGrids,
    annex_catalogue: Sequence[Annex],
    suggestions: Suggestions,
    previous: Evidence | None,
) -> View:
    """The format-neutral view of an assessment with its figures (small counts shown as
    "<5" when asked)."""
    known = {item.id for item in items}
    for what, ids in (("figures", evidence), ("a suggestion", suggestions)):
        for item_id in ids:
            if item_id not in known:
                raise ValueError(f"There are {what} for {item_id!r}, which is not an item.")
    annex_ids = {a.id for a in annex_catalogue}
    for annex_id in annexes:
        if annex_id not in annex_ids:
            raise ValueError(f"There is a grid for {annex_id!r}, which is not an annex.")
    rows = []
    for item in items:
        entry = assessment.rating_for(item.id)
        before = {f.name: f for f in previous.get(item.id, ())} if previous is not None else {}
        suggested = suggestions.get(item.id)
        rows.append(
            Row(
                item=item,
                rating=entry.rating if entry else Rating.NOT_ASSESSED,
                suggested=None if suggested is None else Rating(suggested),
                entry=entry,
                figures=tuple(
                    _figure(f, before.get(f.name), suppress) for f in evidence.get(item.id, ())
                ),
            )
        )
    grids = tuple(_grid(a, annexes.get(a.id), suppress) for a in annex_catalogue)
    return View(assessment, tuple(rows), grids, suppress)


def rating_words(row: Row) -> str:
    """The lead's rating, and how it stood to the suggestion made when it was rated."""
    words = row.rating.label
    when_rated = row.suggested_when_rated
    if row.entry is not None and row.entry.overrides_suggestion and when_rated is not None:
        words += f" (overrides the suggestion when rated: {when_rated.value})"
    elif when_rated is not None and row.rating is when_rated:
        words += " (the suggestion when rated)"
    return words


SUGGESTED = "Suggested rating"
"""The heading of fama's suggestion, in every format that has headings."""


def suggestion_words(row: Row) -> str:
    """``Partly in place (fama's suggestion from the figures)``, as the screen shows it."""
    if row.suggested is None:
        return "none"
    return f"{row.suggested.label} (fama's suggestion from the figures)"


def rated_words(entry: ItemRating | None) -> str | None:
    """Who rated an item and when, in words; None when it was never rated."""
    if entry is None:
        return None
    return f"{entry.rated_by}, {_day(entry.rated_at.date())}"


def past_words(entry: ItemRating | None) -> list[str]:
    """The ratings an item had before, each with who and when, oldest first."""
    if entry is None:
        return []
    return [
        f"{p.rating.label}"
        + (f" (suggested: {p.suggested.value})" if p.suggested is not None else "")
        + f", by {p.rated_by}, {_day(p.rated_at.date())}"
        for p in entry.history
    ]


def preamble(view: View) -> list[str]:
    """The lines every format opens with: the period, what is counted, and the notes."""
    lines = [
        f"Period: {view.period} (both days included).",
        f"The items follow the {TOOL}; the criteria are fama's short summaries.",
    ]
    if view.suppress_small:
        lines.append(f"Counts from 1 to 4 are shown as {SMALL}.")
    return lines
