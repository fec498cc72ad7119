"""The self-assessment export as Markdown and as HTML (printable on A4).

Everything a person typed is escaped for the format: Markdown with
:func:`~fama.conversation.summary.escape_markdown`, HTML with :func:`html.escape` (and
characters XML cannot hold dropped); fama's own wording is escaped only where Markdown would
read it as markup.
"""

from __future__ import annotations

import html
import re

from fama.assessment.export_view import (
    SUGGESTED,
    Grid,
    Row,
    View,
    past_words,
    preamble,
    rated_words,
    rating_words,
    shown_text,
    suggestion_words,
)
from fama.assessment.items import WEEKDAYS

__all__ = ["html_document", "markdown"]

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


def markdown(view: View) -> bytes:
    """The export as Markdown, to paste into a report."""
    a = view.assessment
    out = [f"# Mutual aid self-assessment: {_md_cell(a.service)}", ""]
    out += [_own(line) + "\n" for line in preamble(view)]
    section = 0
    for row in view.rows:
        item = row.item
        if item.section != section:
            section = item.section
            out += [f"## {section}. {_md_cell(item.section_title)}", ""]
        out += [f"### {_own(item.id)} {_own(item.title)}", "", _own(item.criterion), ""]
        out.append(f"- **Rating:** {_own(rating_words(row))}")
        out.append(f"- **{SUGGESTED}:** {_own(suggestion_words(row))}")
        rated = rated_words(row.entry)
        if rated:
            out.append(f"- **Rated by:** {_md(rated)}")
        for past in past_words(row.entry):
            out.append(f"- **Earlier rating:** {_md(past)}")
        out.append(f"- **Comments:** {_md(row.comments) if row.comments else 'none'}")
        evidence = row.supporting_evidence
        out.append(f"- **Supporting evidence:** {_md(evidence) if evidence else 'none'}")
        if row.figures:
            out.append("- **Figures:**")
            for fig in row.figures:
                out.append(f"  - {_own(fig.label)}: {_own(fig.numbers_and_change)}")
                for key, count in fig.breakdown:
                    out.append(f"    - {_md_cell(key)}: {_own(shown_text(count))}")
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


def _html_figures(row: Row) -> list[str]:
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


def _html_item(row: Row) -> list[str]:
    item = row.item
    out = [
        f'<div class="item" id="item-{_h(item.id)}">',
        f"<h3>{_h(item.id)} {_h(item.title)}</h3>",
        f'<p class="criterion">{_h(item.criterion)}</p>',
        "<dl>",
        f"<dt>Rating</dt><dd>{_h(rating_words(row))}</dd>",
        f"<dt>{SUGGESTED}</dt><dd>{_h(suggestion_words(row))}</dd>",
    ]
    rated = rated_words(row.entry)
    if rated:
        out.append(f"<dt>Rated by</dt><dd>{_h(rated)}</dd>")
    for past in past_words(row.entry):
        out.append(f"<dt>Earlier rating</dt><dd>{_h(past)}</dd>")
    for title, text in (
        ("Comments", row.comments),
        ("Supporting evidence", row.supporting_evidence),
    ):
        out.append(f'<dt>{title}</dt><dd class="text">{_h(text) if text else "none"}</dd>')
    out.append("</dl>")
    return [*out, *_html_figures(row), "</div>"]


def _html_grid(grid: Grid) -> list[str]:
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


def html_document(view: View) -> bytes:
    """The export as one self-contained HTML page, to print or share."""
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
    out += [f'<p class="note">{_h(line)}</p>' for line in preamble(view)]
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
