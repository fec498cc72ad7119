"""The assessment's detail panel as text: an item's figures, an annex grid, a rating.

Rich ``Text`` built from the evidence and the kept ratings; the screen decides which to
show and where. Nothing here reads a widget, so each is the same at any size but the room
an annex grid is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from fama.assessment.change import change_text
from fama.text.words import cut_words

if TYPE_CHECKING:
    from fama.assessment.evidence import Evidence
    from fama.assessment.figure import Figure
    from fama.assessment.items import Item
    from fama.assessment.model import ItemRating

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def figure_text(figure: Figure) -> str:
    """``7/12 (58%)`` for a share, ``2.4`` for a mean or rate, ``12`` for a count."""
    if figure.denominator is None:
        return f"{figure.numerator}"
    value = figure.value
    if value is None:
        return f"{figure.numerator}/{figure.denominator}"
    if figure.is_share:
        return f"{figure.numerator}/{figure.denominator} ({value:.0%})"
    return f"{value:.1f} ({figure.numerator}/{figure.denominator})"


def figures_text(item: Item, evidence: Evidence | None, previous: Evidence | None) -> Text:
    """An item's figures for the period, each with the change since the period before."""
    if not item.evidence:
        return Text("fama holds no records for this item: rate it from what you know.", "dim")
    if evidence is None:
        return Text("Counting the evidence…", style="dim")
    text = Text()
    before = {f.name: f for f in previous.by_item.get(item.id, ())} if previous else {}
    for figure in evidence.by_item.get(item.id, ()):
        text.append(f"{figure.label}: ", style="bold")
        text.append(figure_text(figure))
        change = change_text(figure, before.get(figure.name), share=figure.is_share)
        if change:
            text.append(f"  ({change})", style="dim")
        text.append("\n")
        for name, count in figure.breakdown.items():
            text.append(f"    {name}: {count}\n", style="dim")
    text.rstrip()
    return text


def annex_text(annex_id: str, evidence: Evidence | None, room: int) -> Text:
    """An annex grid: running meetings per weekday, the names cut to fit ``room`` columns."""
    if evidence is None:
        return Text("Counting…", style="dim")
    grid = evidence.annexes.get(annex_id.replace("-", ""), {})
    if not grid:
        return Text("No meetings of this kind in the directory.", style="dim")
    # The names as long as they are, as far as the detail has room (the days take 35).
    width = max(15, min(max(len(row) for row in grid), room - 5 * len(WEEKDAYS)))
    text = Text(f"{'':{width}}" + "".join(f"{d[:3]:>5}" for d in WEEKDAYS) + "\n")
    text.stylize("bold")
    for row, days in grid.items():
        counts = "".join(f"{days.get(d, 0):>5}" for d in WEEKDAYS)
        text.append(f"{cut_words(row, width):{width}}{counts}\n")
    text.rstrip()
    return text


def rating_text(kept: ItemRating | None, suggested: str | None) -> Text:
    """The rating kept for an item (who, when, comments, earlier ratings) and the suggestion."""
    text = Text()
    text.append("Rating: ", style="bold")
    text.append(kept.rating.value if kept else "not assessed")
    if kept is not None:
        text.append(f"  (by {kept.rated_by}, {kept.rated_at:%d %b %Y %H:%M})", style="dim")
        if kept.overrides_suggestion:
            text.append("  overrides the suggestion", style="italic")
    text.append("\nSuggested from the figures: ", style="bold")
    text.append(suggested or "none")
    text.append("\nComments: ", style="bold")
    text.append(kept.comments if kept and kept.comments else "none")
    text.append("\nSupporting evidence: ", style="bold")
    text.append(kept.supporting_evidence if kept and kept.supporting_evidence else "none")
    if kept is not None and kept.history:
        text.append("\nEarlier: ", style="bold")
        text.append(
            "; ".join(
                f"{p.rating.value} by {p.rated_by} on {p.rated_at:%d %b %Y}"
                for p in kept.history[-3:]
            )
        )
    return text
