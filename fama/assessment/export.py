"""The self-assessment written out for the partnership: Markdown, HTML, CSV, JSON or xlsx.

Pure: the items, one :class:`~fama.assessment.model.Assessment`, the figures per item and
the annex grids in; bytes out. The figures are any objects shaped like :class:`FigureLike`,
so this module does not depend on how they were computed.

Every export holds the whole tool in order: each item's rating, the rating fama suggests
from this period's figures (labelled as a suggestion, as on the screen), whether the lead's
rating overrode the suggestion made when it was rated, comments, supporting evidence and
figures, each figure with its change from the previous period in the screen's words ("+5
points on the previous period"), then the annex grids (CSV, being one row per item, has no
room for the grids). Everything a person typed is escaped for the
format: HTML with :func:`html.escape`, Markdown with
:func:`~fama.conversation.summary.escape_markdown`, CSV through the ``csv`` module, and a
text cell that a spreadsheet would run as a formula (it starts with ``= + - @``, a tab or a
carriage return) gets a leading apostrophe in CSV and is stored as a plain string in xlsx.

``suppress_small=True`` is for reports that leave the service: a count from 1 to 4 (a
numerator, a denominator, a breakdown count or an annex cell) is shown as ``<5``, and a
figure's value is left out (``null`` in JSON) when either of its counts is. 0 stays 0. A
breakdown of measures rather than counts (the lowest, highest and median helpfulness score)
is left out with the value. The previous period's counts are suppressed the same way, and
the change is left out when either period's figure has a suppressed count (the change and
one period's count would give the other's).
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol

from fama.assessment.change import Measured, change_text
from fama.assessment.items import WEEKDAYS, Annex, Item, load_annexes
from fama.assessment.model import Assessment, ItemRating, Rating

__all__ = [
    "FORMATS",
    "SMALL",
    "AnnexGrids",
    "Evidence",
    "FigureLike",
    "Format",
    "Suggestions",
    "export_assessment",
]

Format = Literal["md", "html", "csv", "json", "xlsx"]
FORMATS: tuple[Format, ...] = ("md", "html", "csv", "json", "xlsx")

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


# --------------------------------------------------------------------------- the neutral view


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
        return "; ".join(f"{key}: {_shown(count)}" for key, count in self.breakdown)

    def line(self, lead: str) -> str:
        """One line of text: ``lead: numbers, change [breakdown]``."""
        text = f"{lead}: {self.numbers_and_change}"
        return f"{text} [{self.breakdown_text}]" if self.breakdown else text


@dataclass(frozen=True, slots=True)
class _Row:
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
class _Grid:
    annex: Annex
    rows: tuple[tuple[str, tuple[Count, ...]], ...] | None
    """(row label, counts Monday..Sunday); None when the grid was not computed."""


@dataclass(frozen=True, slots=True)
class _View:
    assessment: Assessment
    rows: tuple[_Row, ...]
    grids: tuple[_Grid, ...]
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


def _shown(value: Shown) -> str:
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


def _grid(annex: Annex, data: Mapping[str, Mapping[str, int]] | None, suppress: bool) -> _Grid:
    if data is None:
        return _Grid(annex, None)
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
    return _Grid(annex, rows)


def _view(
    items: Sequence[Item],
    assessment: Assessment,
    evidence: Evidence,
    suppress: bool,
    annexes: AnnexGrids,
    annex_catalogue: Sequence[Annex],
    suggestions: Suggestions,
    previous: Evidence | None,
) -> _View:
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
            _Row(
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
    return _View(assessment, tuple(rows), grids, suppress)


def export_assessment(
    items: Sequence[Item],
    assessment: Assessment,
    evidence: Evidence,
    fmt: Format,
    *,
    suppress_small: bool,
    annexes: AnnexGrids | None = None,
    annex_catalogue: Sequence[Annex] | None = None,
    suggestions: Suggestions | None = None,
    previous: Evidence | None = None,
) -> bytes:
    """The whole tool for ``assessment`` in ``fmt``, as UTF-8 bytes (xlsx: the workbook).

    ``annexes`` holds the computed grids (an annex missing from it is exported as "not
    computed"); ``annex_catalogue`` defaults to the packaged annexes. ``suggestions`` are
    the ratings fama suggests from these figures, and ``previous`` the previous period's
    figures (matched by name) for the change. Raises ``ValueError`` for an unknown format,
    or figures, suggestions or grids that name no item or annex.
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"Cannot export to {fmt!r}; choose one of {', '.join(FORMATS)}.")
    catalogue = load_annexes() if annex_catalogue is None else annex_catalogue
    view = _view(
        items,
        assessment,
        evidence,
        suppress_small,
        annexes or {},
        catalogue,
        suggestions or {},
        previous,
    )
    return writer(view)


# --------------------------------------------------------------------------- shared wording


def _rating_words(row: _Row) -> str:
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


def _suggestion_words(row: _Row) -> str:
    """``Partly in place (fama's suggestion from the figures)``, as the screen shows it."""
    if row.suggested is None:
        return "none"
    return f"{row.suggested.label} (fama's suggestion from the figures)"


def _rated_words(entry: ItemRating | None) -> str | None:
    if entry is None:
        return None
    return f"{entry.rated_by}, {_day(entry.rated_at.date())}"


def _past_words(entry: ItemRating | None) -> list[str]:
    if entry is None:
        return []
    return [
        f"{p.rating.label}"
        + (f" (suggested: {p.suggested.value})" if p.suggested is not None else "")
        + f", by {p.rated_by}, {_day(p.rated_at.date())}"
        for p in entry.history
    ]


def _preamble(view: _View) -> list[str]:
    lines = [
        f"Period: {view.period} (both days included).",
        f"The items follow the {TOOL}; the criteria are fama's short summaries.",
    ]
    if view.suppress_small:
        lines.append(f"Counts from 1 to 4 are shown as {SMALL}.")
    return lines


# --------------------------------------------------------------------------- Markdown

_LINE_BREAKS = re.compile(r"[\r\n]+")


_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>|])")


def _own(text: str) -> str:
    """fama's own wording (titles, criteria, figure labels): readable as plain text, with
    only the characters that would change the Markdown escaped."""
    return _MD_ACTIVE.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


def _md(text: str) -> str:
    from fama.conversation.summary import escape_markdown

    return escape_markdown(text)


def _md_cell(text: str) -> str:
    return _md(_LINE_BREAKS.sub(" ", text))


def _markdown(view: _View) -> bytes:
    a = view.assessment
    out = [f"# Mutual aid self-assessment: {_md_cell(a.service)}", ""]
    out += [_own(line) + "\n" for line in _preamble(view)]
    section = 0
    for row in view.rows:
        item = row.item
        if item.section != section:
            section = item.section
            out += [f"## {section}. {_md_cell(item.section_title)}", ""]
        out += [f"### {_own(item.id)} {_own(item.title)}", "", _own(item.criterion), ""]
        out.append(f"- **Rating:** {_own(_rating_words(row))}")
        out.append(f"- **{SUGGESTED}:** {_own(_suggestion_words(row))}")
        rated = _rated_words(row.entry)
        if rated:
            out.append(f"- **Rated by:** {_md(rated)}")
        for past in _past_words(row.entry):
            out.append(f"- **Earlier rating:** {_md(past)}")
        out.append(f"- **Comments:** {_md(row.comments) if row.comments else 'none'}")
        evidence = row.supporting_evidence
        out.append(f"- **Supporting evidence:** {_md(evidence) if evidence else 'none'}")
        if row.figures:
            out.append("- **Figures:**")
            for fig in row.figures:
                out.append(f"  - {_own(fig.label)}: {_own(fig.numbers_and_change)}")
                for key, count in fig.breakdown:
                    out.append(f"    - {_md_cell(key)}: {_own(_shown(count))}")
        out.append("")
    for grid in view.grids:
        annex = grid.annex
        out += [f"## Annex {annex.number}: {_md_cell(annex.title)}", ""]
        if grid.rows is None:
            out += ["Not computed for this export.", ""]
            continue
        if not grid.rows:
            out += ["None recorded.", ""]
            continue
        out.append("| " + " | ".join([_md_cell(annex.row_heading), *WEEKDAYS]) + " |")
        out.append("|" + "---|" + "---:|" * len(WEEKDAYS))
        for label, counts in grid.rows:
            cells = [_md_cell(label), *(_md(str(c)) for c in counts)]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


# --------------------------------------------------------------------------- HTML

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.4 "Helvetica Neue", Arial, sans-serif; color: #000; margin: 0; }
@media screen { body { max-width: 52em; margin: 1.5em auto; padding: 0 1em; } }
h1 { font-size: 17pt; margin: 0 0 0.3em; }
h2 { font-size: 13.5pt; margin: 1.2em 0 0.4em; border-bottom: 1.5pt solid #000;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 0 0 0.2em; break-after: avoid; page-break-after: avoid; }
.section, .annex { break-before: page; page-break-before: always; }
.section.first { break-before: auto; page-break-before: auto; }
.item { border: 0.75pt solid #777; padding: 0.5em 0.7em; margin: 0 0 0.7em;
        break-inside: avoid; page-break-inside: avoid; }
.criterion { font-style: italic; margin: 0 0 0.4em; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: 10em 1fr; gap: 0.15em 0.6em; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #777; padding: 0.15em 0.4em; text-align: left;
         vertical-align: top; overflow-wrap: anywhere; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.note { font-size: 9.5pt; }
""".strip()


def _h(text: str) -> str:
    return html.escape(_NOT_XML.sub("", text), quote=True)


def _html_figures(row: _Row) -> list[str]:
    if not row.figures:
        return []
    broken_down = any(fig.breakdown for fig in row.figures)
    changed = any(fig.change for fig in row.figures)
    head = '<th>Figure</th><th class="n">Count</th>'
    head += "<th>Change</th>" if changed else ""
    head += "<th>Breakdown</th>" if broken_down else ""
    out = ['<table class="figures">', f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for fig in row.figures:
        cells = f'<td>{_h(fig.label)}</td><td class="n">{_h(fig.numbers)}</td>'
        if changed:
            cells += f"<td>{_h(fig.change)}</td>"
        if broken_down:
            cells += f"<td>{_h(fig.breakdown_text)}</td>"
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    return out


def _html_item(row: _Row) -> list[str]:
    item = row.item
    out = [
        f'<div class="item" id="item-{_h(item.id)}">',
        f"<h3>{_h(item.id)} {_h(item.title)}</h3>",
        f'<p class="criterion">{_h(item.criterion)}</p>',
        "<dl>",
        f"<dt>Rating</dt><dd>{_h(_rating_words(row))}</dd>",
        f"<dt>{SUGGESTED}</dt><dd>{_h(_suggestion_words(row))}</dd>",
    ]
    rated = _rated_words(row.entry)
    if rated:
        out.append(f"<dt>Rated by</dt><dd>{_h(rated)}</dd>")
    for past in _past_words(row.entry):
        out.append(f"<dt>Earlier rating</dt><dd>{_h(past)}</dd>")
    for title, text in (
        ("Comments", row.comments),
        ("Supporting evidence", row.supporting_evidence),
    ):
        out.append(f'<dt>{title}</dt><dd class="text">{_h(text) if text else "none"}</dd>')
    out.append("</dl>")
    return [*out, *_html_figures(row), "</div>"]


def _html_grid(grid: _Grid) -> list[str]:
    annex = grid.annex
    out = [
        f'<div class="annex" id="{_h(annex.id)}">',
        f"<h2>Annex {annex.number}: {_h(annex.title)}</h2>",
    ]
    if grid.rows is None or not grid.rows:
        message = "Not computed for this export." if grid.rows is None else "None recorded."
        return [*out, f"<p>{message}</p>", "</div>"]
    out.append("<table><thead><tr>")
    out.append(f"<th>{_h(annex.row_heading)}</th>")
    out += [f'<th class="n">{day}</th>' for day in WEEKDAYS]
    out.append("</tr></thead><tbody>")
    for label, counts in grid.rows:
        cells = "".join(f'<td class="n">{_h(str(c))}</td>' for c in counts)
        out.append(f"<tr><td>{_h(label)}</td>{cells}</tr>")
    return [*out, "</tbody></table>", "</div>"]


def _html(view: _View) -> bytes:
    a = view.assessment
    title = f"Mutual aid self-assessment: {a.service}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8" />',
        f"<title>{_h(title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(title)}</h1>",
    ]
    out += [f'<p class="note">{_h(line)}</p>' for line in _preamble(view)]
    section = 0
    for row in view.rows:
        if row.item.section != section:
            if section:
                out.append("</div>")
            section = row.item.section
            first = " first" if section == view.rows[0].item.section else ""
            out.append(f'<div class="section{first}" id="section-{section}">')
            out.append(f"<h2>{section}. {_h(row.item.section_title)}</h2>")
        out += _html_item(row)
    if section:
        out.append("</div>")
    for grid in view.grids:
        out += _html_grid(grid)
    out += ["</body>", "</html>"]
    return ("\n".join(out) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- CSV and xlsx

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_COLUMNS = (
    "id",
    "section",
    "section_title",
    "title",
    "criterion",
    "rating",
    "suggested_rating",
    "suggested_when_rated",
    "overrides_suggestion",
    "rated_by",
    "rated_at",
    "comments",
    "supporting_evidence",
    "figures",
)


def _table_row(row: _Row) -> list[str]:
    entry = row.entry
    return [
        row.item.id,
        str(row.item.section),
        row.item.section_title,
        row.item.title,
        row.item.criterion,
        row.rating.value,
        row.suggested.value if row.suggested else "",
        row.suggested_when_rated.value if row.suggested_when_rated else "",
        ("yes" if entry.overrides_suggestion else "no") if entry else "",
        entry.rated_by if entry else "",
        entry.rated_at.isoformat() if entry else "",
        row.comments,
        row.supporting_evidence,
        "\n".join(fig.line(fig.name) for fig in row.figures),
    ]


def _csv_safe(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _csv(view: _View) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(_COLUMNS)
    for row in view.rows:
        writer.writerow([_csv_safe(cell) for cell in _table_row(row)])
    # with a byte-order mark, so that Excel reads the file as UTF-8
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(view: _View) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(sheet: Worksheet, r: int, c: int, value: Count | None) -> None:
        cell = sheet.cell(row=r, column=c)
        if isinstance(value, int):
            cell.value = value
        elif value is not None:
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell.data_type = "s"  # text, even if it starts with "=": never a formula
        cell.alignment = wrap

    def header(sheet: Worksheet, names: Sequence[str]) -> None:
        for c, name in enumerate(names, start=1):
            put(sheet, 1, c, name)
            sheet.cell(row=1, column=c).font = bold
        sheet.freeze_panes = "A2"

    book = Workbook()
    items = book.active
    assert items is not None
    items.title = "Items"
    header(items, _COLUMNS)
    for r, row in enumerate(view.rows, start=2):
        for c, value in enumerate(_table_row(row), start=1):
            put(items, r, c, int(value) if _COLUMNS[c - 1] == "section" else value)
    widths = {"criterion": 50, "comments": 50, "supporting_evidence": 50, "figures": 45}
    for c, name in enumerate(_COLUMNS, start=1):
        letter = get_column_letter(c)
        items.column_dimensions[letter].width = widths.get(name, 16)
    items.page_setup.orientation = "landscape"
    items.page_setup.paperSize = items.PAPERSIZE_A4

    for grid in view.grids:
        sheet = book.create_sheet(f"Annex {grid.annex.number}")
        header(sheet, [grid.annex.row_heading, *WEEKDAYS])
        sheet.column_dimensions["A"].width = 40
        if grid.rows is None:
            put(sheet, 2, 1, "Not computed for this export.")
            continue
        for r, (label, counts) in enumerate(grid.rows, start=2):
            put(sheet, r, 1, label)
            for c, count in enumerate(counts, start=2):
                put(sheet, r, c, count)

    about = book.create_sheet("About")
    a = view.assessment
    facts: list[tuple[str, str]] = [
        ("Service", a.service),
        ("Period start", a.period_start.isoformat()),
        ("Period end", a.period_end.isoformat()),
        ("Small numbers", f"counts 1-4 shown as {SMALL}" if view.suppress_small else "exact"),
        ("Source", TOOL),
    ]
    for r, (key, value) in enumerate(facts, start=1):
        put(about, r, 1, key)
        about.cell(row=r, column=1).font = bold
        put(about, r, 2, value)
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 60

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- JSON


def _json(view: _View) -> bytes:
    a = view.assessment
    items: list[dict[str, Any]] = []
    for row in view.rows:
        entry = row.entry
        figures: dict[str, dict[str, Any]] = {}
        for fig in row.figures:
            out: dict[str, Any] = {
                "label": fig.label,
                "numerator": fig.numerator,
                "denominator": fig.denominator,
                "value": fig.value,
            }
            if fig.breakdown:
                out["breakdown"] = dict(fig.breakdown)
            if fig.previous is not None:
                out["previous"] = {
                    "numerator": fig.previous.numerator,
                    "denominator": fig.previous.denominator,
                    "value": fig.previous.value,
                }
                out["change"] = fig.change or None
            figures[fig.name] = out
        items.append(
            {
                "id": row.item.id,
                "number": row.item.number,
                "section": row.item.section,
                "section_title": row.item.section_title,
                "title": row.item.title,
                "criterion": row.item.criterion,
                "rating": row.rating.value,
                "suggested_rating": row.suggested.value if row.suggested else None,
                "suggested_when_rated": (
                    row.suggested_when_rated.value if row.suggested_when_rated else None
                ),
                "overrides_suggestion": entry.overrides_suggestion if entry else False,
                "rated_by": entry.rated_by if entry else None,
                "rated_at": entry.rated_at.isoformat() if entry else None,
                "comments": row.comments,
                "supporting_evidence": row.supporting_evidence,
                "figures": figures,
            }
        )
    annexes = {
        grid.annex.id: {
            label: dict(zip(WEEKDAYS, counts, strict=True)) for label, counts in grid.rows
        }
        for grid in view.grids
        if grid.rows is not None
    }
    document = {
        "format": "fama-self-assessment",
        "source": TOOL,
        "service": a.service,
        "period": {"start": a.period_start.isoformat(), "end": a.period_end.isoformat()},
        "small_numbers_suppressed": view.suppress_small,
        "items": items,
        "annexes": annexes,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode()


_WRITERS: dict[str, Callable[[_View], bytes]] = {
    "md": _markdown,
    "html": _html,
    "csv": _csv,
    "json": _json,
    "xlsx": _xlsx,
}
