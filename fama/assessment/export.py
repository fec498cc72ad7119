"""The self-assessment written out for the partnership: Markdown, HTML, CSV, JSON or xlsx.

Pure: the items, one :class:`~fama.assessment.model.Assessment`, the figures per item and
the annex grids in; bytes out. The figures are any objects shaped like :class:`FigureLike`,
so this module does not depend on how they were computed.

Every export holds the whole tool in order: each item's rating (and the suggestion it may
override), comments, supporting evidence and figures, then the annex grids (CSV, being one
row per item, has no room for the grids). Everything a person typed is escaped for the
format: HTML with :func:`html.escape`, Markdown with
:func:`~fama.conversation.summary.escape_markdown`, CSV through the ``csv`` module, and a
text cell that a spreadsheet would run as a formula (it starts with ``= + - @``, a tab or a
carriage return) gets a leading apostrophe in CSV and is stored as a plain string in xlsx.

``suppress_small=True`` is for reports that leave the service: a count from 1 to 4 (a
numerator, a denominator, a breakdown count or an annex cell) is shown as ``<5``, and a
figure's value is left out (``null`` in JSON) when either of its counts is. 0 stays 0.
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

from fama.assessment.items import WEEKDAYS, Annex, Item, load_annexes
from fama.assessment.model import Assessment, ItemRating, Rating

__all__ = [
    "FORMATS",
    "SMALL",
    "AnnexGrids",
    "Evidence",
    "FigureLike",
    "Format",
    "export_assessment",
]

Format = Literal["md", "html", "csv", "json", "xlsx"]
FORMATS: tuple[Format, ...] = ("md", "html", "csv", "json", "xlsx")

SMALL = "<5"
"""How a suppressed count is shown."""

TOOL = "Public Health England, Mutual aid self-assessment tool (2013)"


class FigureLike(Protocol):
    """One figure for an item, e.g. clients followed up out of clients referred.

    ``value`` is the share ``numerator / denominator`` (0-1, shown as a percentage) or
    another measure such as a mean (shown as a number); None when there is none. A figure
    may also have ``breakdown: Mapping[str, int]`` (counts by organisation, by whom...).
    """

    @property
    def name(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def numerator(self) -> int: ...
    @property
    def denominator(self) -> int | None: ...
    @property
    def value(self) -> float | None: ...


Evidence = Mapping[str, Sequence[FigureLike]]
"""Item id -> that item's figures, in display order."""
AnnexGrids = Mapping[str, Mapping[str, Mapping[str, int]]]
"""Annex id -> row label -> weekday name ("Monday".."Sunday") -> number of meetings."""

Count = int | str
"""A count as exported: the number, or ``SMALL``."""


# --------------------------------------------------------------------------- the neutral view


@dataclass(frozen=True, slots=True)
class _Figure:
    name: str
    label: str
    numerator: Count
    denominator: Count | None
    value: float | None
    share: bool
    breakdown: tuple[tuple[str, Count], ...]

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
    def breakdown_text(self) -> str:
        return "; ".join(f"{key}: {count}" for key, count in self.breakdown)

    def line(self, lead: str) -> str:
        """One line of text: ``lead: numbers [breakdown]``."""
        text = f"{lead}: {self.numbers}"
        return f"{text} [{self.breakdown_text}]" if self.breakdown else text


@dataclass(frozen=True, slots=True)
class _Row:
    item: Item
    rating: Rating
    suggested: Rating | None
    entry: ItemRating | None
    figures: tuple[_Figure, ...]

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


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _figure(fig: FigureLike, suppress: bool) -> _Figure:
    numerator = _count(fig.numerator, suppress)
    denominator = None if fig.denominator is None else _count(fig.denominator, suppress)
    value = _finite(fig.value)
    hidden = numerator == SMALL or denominator == SMALL
    share = getattr(fig, "is_share", True) and (
        value is not None
        and fig.denominator is not None
        and fig.denominator > 0
        and math.isclose(value, fig.numerator / fig.denominator, rel_tol=1e-9, abs_tol=1e-12)
    )
    raw_breakdown: Mapping[str, int] = getattr(fig, "breakdown", None) or {}
    return _Figure(
        name=fig.name,
        label=fig.label,
        numerator=numerator,
        denominator=denominator,
        value=None if hidden else value,
        share=share,
        breakdown=tuple((str(k), _count(int(n), suppress)) for k, n in raw_breakdown.items()),
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
) -> _View:
    known = {item.id for item in items}
    for item_id in evidence:
        if item_id not in known:
            raise ValueError(f"There are figures for {item_id!r}, which is not an item.")
    annex_ids = {a.id for a in annex_catalogue}
    for annex_id in annexes:
        if annex_id not in annex_ids:
            raise ValueError(f"There is a grid for {annex_id!r}, which is not an annex.")
    rows = []
    for item in items:
        entry = assessment.rating_for(item.id)
        rows.append(
            _Row(
                item=item,
                rating=entry.rating if entry else Rating.NOT_ASSESSED,
                suggested=entry.suggested if entry else None,
                entry=entry,
                figures=tuple(_figure(f, suppress) for f in evidence.get(item.id, ())),
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
) -> bytes:
    """The whole tool for ``assessment`` in ``fmt``, as UTF-8 bytes (xlsx: the workbook).

    ``annexes`` holds the computed grids (an annex missing from it is exported as "not
    computed"); ``annex_catalogue`` defaults to the packaged annexes. Raises ``ValueError``
    for an unknown format, or figures or grids that name no item or annex.
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"Cannot export to {fmt!r}; choose one of {', '.join(FORMATS)}.")
    catalogue = load_annexes() if annex_catalogue is None else annex_catalogue
    view = _view(items, assessment, evidence, suppress_small, annexes or {}, catalogue)
    return writer(view)


# --------------------------------------------------------------------------- shared wording


def _rating_words(row: _Row) -> str:
    words = row.rating.label
    if row.suggested is not None:
        words += f" (fama suggested: {row.suggested.value}"
        words += "; overridden)" if row.entry and row.entry.overrides_suggestion else ")"
    return words


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
                out.append(f"  - {_own(fig.label)}: {_own(fig.numbers)}")
                for key, count in fig.breakdown:
                    out.append(f"    - {_md_cell(key)}: {_md(str(count))}")
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
    head = '<th>Figure</th><th class="n">Count</th>' + ("<th>Breakdown</th>" if broken_down else "")
    out = ['<table class="figures">', f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for fig in row.figures:
        cells = f'<td>{_h(fig.label)}</td><td class="n">{_h(fig.numbers)}</td>'
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
    "suggested",
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
                "suggested": row.suggested.value if row.suggested else None,
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
