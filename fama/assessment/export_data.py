"""The self-assessment export for other programs: CSV and xlsx (one row per item) and JSON.

A text cell a spreadsheet would run as a formula (it starts with ``= + - @``, a tab or a
carriage return) gets a leading apostrophe in CSV and is stored as a plain string in xlsx.
CSV, being one row per item, has no room for the annex grids; xlsx gives each its own sheet.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from fama.assessment.export_view import SMALL, TOOL, Count, Row, View
from fama.assessment.items import WEEKDAYS

__all__ = ["csv_table", "json_document", "xlsx_workbook"]

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


def _table_row(row: Row) -> list[str]:
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


def csv_table(view: View) -> bytes:
    """The export as CSV: one row per item, for a spreadsheet."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(_COLUMNS)
    for row in view.rows:
        writer.writerow([_csv_safe(cell) for cell in _table_row(row)])
    # with a byte-order mark, so that Excel reads the file as UTF-8
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_workbook(view: View) -> bytes:
    """The export as an Excel workbook: the items, then a sheet per annex grid."""
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


def json_document(view: View) -> bytes:
    """The export as one JSON document, for other tools."""
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
