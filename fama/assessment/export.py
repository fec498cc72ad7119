"""The self-assessment written out for the partnership: Markdown, HTML, CSV, JSON or xlsx.

Pure: the items, one :class:`~fama.assessment.model.Assessment`, the figures per item and
the annex grids in; bytes out. The figures are any objects shaped like :class:`FigureLike`,
so this module does not depend on how they were computed.

This module chooses the writer; the rest lies beside it: ``export_view`` (the neutral
view every format writes: counts suppressed, changes and ratings in words),
``export_markup`` (Markdown and HTML) and ``export_data`` (CSV, xlsx and JSON).

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

from collections.abc import Callable, Sequence
from typing import Literal

from fama.assessment.export_data import csv_table, json_document, xlsx_workbook
from fama.assessment.export_markup import html_document, markdown
from fama.assessment.export_view import AnnexGrids, Evidence, Suggestions, View, build_view
from fama.assessment.items import Annex, Item, load_annexes
from fama.assessment.model import Assessment

__all__ = ["FORMATS", "Format", "export_assessment"]


Format = Literal["md", "html", "csv", "json", "xlsx"]
FORMATS: tuple[Format, ...] = ("md", "html", "csv", "json", "xlsx")


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
    view = build_view(
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


_WRITERS: dict[str, Callable[[View], bytes]] = {
    "md": markdown,
    "html": html_document,
    "csv": csv_table,
    "json": json_document,
    "xlsx": xlsx_workbook,
}
