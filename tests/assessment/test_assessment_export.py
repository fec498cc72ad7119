"""Exports of the self-assessment: every format, small-number suppression, and escaping."""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from fama.assessment.export import FORMATS, Format, export_assessment
from fama.assessment.export_view import SMALL
from fama.assessment.items import WEEKDAYS, load_items
from fama.assessment.model import Assessment, Rating

T0 = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)
ITEMS = load_items()
IDS = [i.id for i in ITEMS]


@dataclass(frozen=True)
class Figure:
    """Shaped like the evidence calculator's figures (``FigureLike``)."""

    name: str
    label: str
    numerator: int
    denominator: int | None = None
    value: float | None = None
    breakdown: Mapping[str, float] = field(default_factory=dict)
    breakdown_is_count: bool = True
    is_share: bool = True


def share(name: str, n: int, d: int, **extra: Any) -> Figure:
    return Figure(name, name.replace("_", " ").capitalize(), n, d, n / d if d else None, **extra)


EVIDENCE: dict[str, list[Figure]] = {
    "1.1": [
        Figure(
            "meetings_by_organisation",
            "Meetings in the directory",
            40,
            None,
            None,
            {"AA": 30, "SMART": 3, "NA": 0},
        ),
    ],
    "4.1": [
        share("stage_introduced", 3, 12),
        share("stage_connected", 0, 12),
        share("stage_followed_up", 5, 12),
    ],
    "5.5": [
        share("followed_up", 4, 4),
        Figure(
            "helpfulness",
            "Mean helpfulness (0-10)",
            26,
            5,
            5.2,
            {"min": 3, "max": 9, "median": 6.5},
            breakdown_is_count=False,
            is_share=False,
        ),
        Figure("dead_end_referrals", "Dead-end referrals", 1),
    ],
}

PREVIOUS: dict[str, list[Figure]] = {
    "1.1": [Figure("meetings_by_organisation", "Meetings in the directory", 35)],
    "4.1": [
        share("stage_introduced", 2, 10),  # 25% now, 20% before: +5 points
        share("stage_connected", 0, 10),
        share("stage_followed_up", 6, 10),  # 42% now, 60% before: -18 points
    ],
    "5.5": [share("followed_up", 2, 4), Figure("helpfulness", "Mean", 12, 2, 6.0, is_share=False)],
}
"""The previous period's figures; 5.5's dead ends have none (no change is shown)."""

SUGGESTIONS = {"1.1": "in place", "4.1": "not in place", "5.5": Rating.PARTLY}
"""What fama suggests now: 4.1's differs from the suggestion kept when it was rated."""

ANNEXES = {
    "annex-1": {
        "Alcoholics Anonymous": {"Monday": 3, "Tuesday": 5, "Sunday": 0},
        "AA": {"Monday": 1},  # the same organisation by its code: added to the row
        "SMART": {"Wednesday": 2},
        "Crystal Meth Anonymous": {"Friday": 7},
    },
    "annex-2": {"Derby Recovery Café": {"saturday": 4, "Thursday": 9}},
}


def make_assessment() -> Assessment:
    a = Assessment(
        service="Derby Recovery Service",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        created_at=T0,
        updated_at=T0,
    )
    a = a.with_rating("4.1", by="Lead A", at=T0, rating=Rating.PARTLY, suggested=Rating.PARTLY)
    a = a.with_rating(
        "4.1",
        by="Lead B",
        at=T0 + timedelta(days=1),
        rating=Rating.IN_PLACE,
        comments="Stages dated in every record\nsecond line",
        supporting_evidence="Audit of 20 files",
    )
    return a.with_rating("3.2b", by="Lead A", at=T0, rating=Rating.NOT_IN_PLACE, comments="x")


def export(fmt: Format, *, suppress: bool = False, **extra: Any) -> bytes:
    kwargs: dict[str, Any] = {
        "annexes": ANNEXES,
        "suggestions": SUGGESTIONS,
        "previous": PREVIOUS,
        **extra,
    }
    assessment = kwargs.pop("assessment", None) or make_assessment()
    evidence = kwargs.pop("evidence", EVIDENCE)
    return export_assessment(ITEMS, assessment, evidence, fmt, suppress_small=suppress, **kwargs)


def as_json(**extra: Any) -> dict[str, Any]:
    return json.loads(export("json", **extra))  # type: ignore[no-any-return]


def csv_rows(**extra: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export("csv", **extra).decode("utf-8-sig"))))


def html_tree(**extra: Any) -> ET.Element:
    text = export("html", **extra).decode("utf-8")
    assert text.startswith("<!DOCTYPE html>\n")
    return ET.fromstring(text.removeprefix("<!DOCTYPE html>\n"))


def html_text(element: ET.Element) -> str:
    return "".join(element.itertext())


# --------------------------------------------------------------------------- every format


def test_json_holds_the_whole_tool() -> None:
    data = as_json()
    assert data["service"] == "Derby Recovery Service"
    assert data["period"] == {"start": "2026-01-01", "end": "2026-03-31"}
    assert [i["id"] for i in data["items"]] == IDS
    item = {i["id"]: i for i in data["items"]}
    assert item["4.1"]["rating"] == "in place"
    assert item["4.1"]["suggested_rating"] == "not in place"  # from the figures, as on screen
    assert item["4.1"]["suggested_when_rated"] == "partly in place"
    assert item["4.1"]["overrides_suggestion"] and item["4.1"]["rated_by"] == "Lead B"
    assert item["4.1"]["comments"] == "Stages dated in every record\nsecond line"
    assert item["4.1"]["supporting_evidence"] == "Audit of 20 files"
    assert item["4.1"]["section"] == 4 and item["4.1"]["title"]
    assert item["4.1"]["figures"]["stage_introduced"] == {
        "label": "Stage introduced",
        "numerator": 3,
        "denominator": 12,
        "value": 0.25,
        "previous": {"numerator": 2, "denominator": 10, "value": 0.2},
        "change": "+5 points on the previous period",
    }
    assert item["4.1"]["figures"]["stage_followed_up"]["change"] == (
        "-18 points on the previous period"
    )
    assert item["1.1"]["figures"]["meetings_by_organisation"]["change"] == (
        "+5 on the previous period"
    )
    helpfulness = item["5.5"]["figures"]["helpfulness"]
    assert helpfulness["breakdown"] == {"min": 3, "max": 9, "median": 6.5}
    assert helpfulness["change"] == "-0.8 on the previous period"  # a mean: not points
    assert "previous" not in item["5.5"]["figures"]["dead_end_referrals"]
    assert item["5.5"]["suggested_rating"] == "partly in place"
    assert item["5.5"]["suggested_when_rated"] is None
    assert item["1.1"]["figures"]["meetings_by_organisation"]["breakdown"] == {
        "AA": 30,
        "SMART": 3,
        "NA": 0,
    }
    assert item["1.3"]["rating"] == "not assessed" and item["1.3"]["figures"] == {}
    assert item["1.3"]["suggested_rating"] is None and item["1.3"]["comments"] == ""
    annex1 = data["annexes"]["annex-1"]
    assert list(annex1)[:9] == [
        "SMART Recovery",
        "Alcoholics Anonymous",
        "Narcotics Anonymous",
        "Cocaine Anonymous",
        "Drug Addicts Anonymous",
        "Marijuana Anonymous",
        "Families Anonymous",
        "Al-Anon",
        "Local community recovery networks",
    ]
    assert annex1["Alcoholics Anonymous"] == dict.fromkeys(WEEKDAYS, 0) | {
        "Monday": 4,
        "Tuesday": 5,
    }
    assert annex1["SMART Recovery"]["Wednesday"] == 2
    assert annex1["Crystal Meth Anonymous"]["Friday"] == 7  # not in the tool's list: added
    assert data["annexes"]["annex-2"] == {
        "Derby Recovery Café": dict.fromkeys(WEEKDAYS, 0) | {"Saturday": 4, "Thursday": 9}
    }


def test_csv_has_one_row_per_item() -> None:
    rows = csv_rows()
    assert [r["id"] for r in rows] == IDS
    row = {r["id"]: r for r in rows}["4.1"]
    assert row["rating"] == "in place" and row["suggested_rating"] == "not in place"
    assert row["suggested_when_rated"] == "partly in place" and row["overrides_suggestion"] == "yes"
    assert row["comments"] == "Stages dated in every record\nsecond line"
    assert row["figures"].splitlines() == [
        "stage_introduced: 3/12 (25%), +5 points on the previous period",
        "stage_connected: 0/12 (0%), +0 points on the previous period",
        "stage_followed_up: 5/12 (42%), -18 points on the previous period",
    ]
    five = {r["id"]: r for r in rows}["5.5"]["figures"].splitlines()
    assert five == [
        "followed_up: 4/4 (100%), +50 points on the previous period",
        "helpfulness: 26/5 (5.2), -0.8 on the previous period [min: 3; max: 9; median: 6.5]",
        "dead_end_referrals: 1",
    ]
    assert {r["id"]: r for r in rows}["1.1"]["figures"] == (
        "meetings_by_organisation: 40, +5 on the previous period [AA: 30; SMART: 3; NA: 0]"
    )
    unrated = {r["id"]: r for r in rows}["1.3"]
    assert (unrated["suggested_rating"], unrated["overrides_suggestion"]) == ("", "")


def test_xlsx_reads_back() -> None:
    book = load_workbook(io.BytesIO(export("xlsx")))
    assert book.sheetnames == ["Items", "Annex 1", "Annex 2", "About"]
    rows = list(book["Items"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("id", "section", "section_title", "title", "criterion")
    wanted = {"rating", "suggested_rating", "comments", "supporting_evidence", "figures"}
    assert wanted <= set(header)
    assert [r[0] for r in rows[1:]] == IDS
    col = {name: n for n, name in enumerate(header)}
    row = next(r for r in rows if r[0] == "4.1")
    assert row[col["section"]] == 4
    assert row[col["rating"]] == "in place" and row[col["suggested_rating"]] == "not in place"
    assert row[col["suggested_when_rated"]] == "partly in place"
    assert row[col["supporting_evidence"]] == "Audit of 20 files"
    assert str(row[col["figures"]]).splitlines()[0] == (
        "stage_introduced: 3/12 (25%), +5 points on the previous period"
    )
    five = next(r for r in rows if r[0] == "5.5")
    assert five[col["suggested_rating"]] == "partly in place"
    assert "median: 6.5]" in str(five[col["figures"]])
    annex = list(book["Annex 1"].iter_rows(values_only=True))
    assert annex[0] == ("Organisation", *WEEKDAYS)
    assert annex[2] == ("Alcoholics Anonymous", 4, 5, 0, 0, 0, 0, 0)
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True)}
    assert about["Service"] == "Derby Recovery Service" and about["Period end"] == "2026-03-31"


def test_html_is_a_whole_document_for_a4() -> None:
    raw = export("html").decode("utf-8")
    tree = html_tree()
    assert tree.tag == "html" and tree.get("lang") == "en-GB"
    style = "".join(tree.find("head/style").itertext())  # type: ignore[union-attr]
    assert "size: A4" in style and "break-inside: avoid" in style
    assert "page-break-before" in style
    for pattern in ("http:", "https:", "<link", "<script", "@import", "src="):
        assert pattern not in raw, pattern  # no external assets
    ids = [div.get("id") for div in tree.iter("div") if div.get("class") == "item"]
    assert ids == [f"item-{i}" for i in IDS]
    text = html_text(tree)
    assert "Stages dated in every record\nsecond line" in text
    assert "3/12 (25%)" in text and "Annex 1: Mutual aid meetings available locally" in text


def test_markdown_holds_the_whole_tool_in_order() -> None:
    text = export("md").decode("utf-8")
    headings = re.findall(r"^### (\S+) ", text, flags=re.MULTILINE)
    assert [h.replace("\\", "") for h in headings] == IDS
    assert "## 3. Leadership and workforce" in text
    assert "| Alcoholics Anonymous | 4 | 5 | 0 | 0 | 0 | 0 | 0 |" in text
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    assert "<td>Derby Recovery Café</td>" in rendered
    assert "Stages dated in every record<br />\nsecond line" in rendered


def test_a_missing_grid_is_said_to_be_missing() -> None:
    annexes = {"annex-1": ANNEXES["annex-1"]}
    assert "annex-2" not in as_json(annexes=annexes)["annexes"]
    assert "Not computed for this export." in export("md", annexes=annexes).decode()
    assert "Not computed" in html_text(html_tree(annexes=None))
    book = load_workbook(io.BytesIO(export("xlsx", annexes=None)))
    assert book["Annex 2"]["A2"].value == "Not computed for this export."


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_with_no_ratings_and_no_figures(fmt: Format) -> None:
    bare = Assessment(service="S", period_start=date(2026, 1, 1), period_end=date(2026, 1, 1))
    out = export_assessment(ITEMS, bare, {}, fmt, suppress_small=True)
    assert out


# --------------------------------------------------------------------------- small numbers


def test_json_suppression() -> None:
    data = as_json(suppress=True)
    assert data["small_numbers_suppressed"] is True
    figures = {i["id"]: i["figures"] for i in data["items"]}
    assert figures["4.1"]["stage_introduced"] == {
        "label": "Stage introduced",
        "numerator": SMALL,
        "denominator": 12,
        "value": None,
        "previous": {"numerator": SMALL, "denominator": 10, "value": None},
        "change": None,  # with either count known, the change would give the other
    }
    assert figures["4.1"]["stage_connected"]["numerator"] == 0  # 0 stays 0
    assert figures["4.1"]["stage_connected"]["value"] == 0.0
    assert figures["4.1"]["stage_followed_up"]["numerator"] == 5  # 5 is not small
    assert figures["4.1"]["stage_followed_up"]["change"] == "-18 points on the previous period"
    assert figures["5.5"]["followed_up"] == {
        "label": "Followed up",
        "numerator": SMALL,
        "denominator": SMALL,
        "value": None,
        "previous": {"numerator": SMALL, "denominator": SMALL, "value": None},
        "change": None,
    }
    # 5 scores: not small; the scores are measures, not counts, so none reads "<5"
    assert figures["5.5"]["helpfulness"]["breakdown"] == {"min": 3, "max": 9, "median": 6.5}
    assert figures["5.5"]["helpfulness"]["change"] is None  # 2 scores the period before
    suggested = {i["id"]: i["suggested_rating"] for i in data["items"]}
    assert suggested["4.1"] == "not in place" and suggested["1.1"] == "in place"
    assert figures["5.5"]["dead_end_referrals"]["numerator"] == SMALL
    assert figures["1.1"]["meetings_by_organisation"]["breakdown"] == {
        "AA": 30,
        "SMART": SMALL,
        "NA": 0,
    }
    annex = data["annexes"]
    assert annex["annex-1"]["SMART Recovery"]["Wednesday"] == SMALL
    assert annex["annex-1"]["Alcoholics Anonymous"]["Monday"] == SMALL  # 3 + 1
    assert annex["annex-1"]["Alcoholics Anonymous"]["Tuesday"] == 5
    assert annex["annex-1"]["Alcoholics Anonymous"]["Sunday"] == 0
    assert annex["annex-2"]["Derby Recovery Café"]["Saturday"] == SMALL
    # and without the option, exact
    exact = {i["id"]: i["figures"] for i in as_json()["items"]}
    assert exact["5.5"]["followed_up"]["numerator"] == 4


def test_csv_suppression() -> None:
    row = {r["id"]: r for r in csv_rows(suppress=True)}
    assert row["4.1"]["figures"].splitlines() == [
        "stage_introduced: <5/12",
        "stage_connected: 0/12 (0%), +0 points on the previous period",
        "stage_followed_up: 5/12 (42%), -18 points on the previous period",
    ]
    assert row["1.1"]["figures"] == (
        "meetings_by_organisation: 40, +5 on the previous period [AA: 30; SMART: <5; NA: 0]"
    )
    assert row["4.1"]["suggested_rating"] == "not in place"
    assert row["5.5"]["figures"].splitlines()[1] == (
        "helpfulness: 26/5 (5.2) [min: 3; max: 9; median: 6.5]"
    )


def test_xlsx_suppression() -> None:
    book = load_workbook(io.BytesIO(export("xlsx", suppress=True)))
    annex = list(book["Annex 1"].iter_rows(values_only=True))
    assert annex[2] == ("Alcoholics Anonymous", SMALL, 5, 0, 0, 0, 0, 0)
    assert annex[1][3] == SMALL  # SMART on Wednesday
    rows = list(book["Items"].iter_rows(values_only=True))
    col = {name: n for n, name in enumerate(rows[0])}
    five = next(r for r in rows if r[0] == "5.5")
    assert str(five[col["figures"]]).splitlines()[0] == "followed_up: <5/<5"  # no change
    assert five[col["suggested_rating"]] == "partly in place"
    four = next(r for r in rows if r[0] == "4.1")
    assert str(four[col["figures"]]).splitlines() == [
        "stage_introduced: <5/12",
        "stage_connected: 0/12 (0%), +0 points on the previous period",
        "stage_followed_up: 5/12 (42%), -18 points on the previous period",
    ]


def test_markdown_and_html_suppression() -> None:
    md = export("md", suppress=True).decode()
    assert "Counts from 1 to 4 are shown as \\<5." in md
    assert "\\<5/12" in md and "5/12 (42%)" in md
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    assert '<td style="text-align:right">&lt;5</td>' in rendered
    assert "+5 points" not in md and "-18 points on the previous period" in md
    assert "+50 points" not in md
    text = html_text(html_tree(suppress=True))
    assert "<5/12" in text and "0/12 (0%)" in text and "<5/<5" in text
    assert "3/12" not in text and "4/4" not in text
    assert "+5 points" not in text and "-18 points on the previous period" in text
    assert "+50 points" not in text


def test_a_median_of_few_scores_is_suppressed_with_the_mean() -> None:
    """Two scores: their mean, lowest, highest and median would each give them away."""
    few = {
        "5.5": [
            Figure(
                "helpfulness", "Mean", 13, 2, 6.5, {"min": 6, "max": 7, "median": 6.5}, False, False
            )
        ]
    }
    exact = as_json(evidence=few)
    figure = {i["id"]: i for i in exact["items"]}["5.5"]["figures"]["helpfulness"]
    assert figure["breakdown"] == {"min": 6, "max": 7, "median": 6.5} and figure["value"] == 6.5
    hidden = {i["id"]: i for i in as_json(evidence=few, suppress=True)["items"]}
    assert hidden["5.5"]["figures"]["helpfulness"] == {
        "label": "Mean",
        "numerator": 13,
        "denominator": SMALL,
        "value": None,
        "previous": {"numerator": 12, "denominator": SMALL, "value": None},
        "change": None,
    }
    row = {r["id"]: r for r in csv_rows(evidence=few, suppress=True)}["5.5"]
    assert row["figures"] == "helpfulness: 13/<5"
    md = export("md", evidence=few).decode()
    assert "median: 6.5" in md


# --------------------------------------------------------------------------- suggestion and change


def md_item(text: str, item_id: str) -> str:
    """The Markdown of one item: from its heading to the next heading."""
    start = text.index(f"### {item_id} ")
    end = text.find("\n#", start + 1)
    return text[start : end if end != -1 else None]


def test_markdown_carries_the_suggestion_and_the_change() -> None:
    md = export("md").decode()
    four = md_item(md, "4.1")
    assert "- **Rating:** In place (overrides the suggestion when rated: partly in place)" in four
    assert "- **Suggested rating:** Not in place (fama's suggestion from the figures)" in four
    assert "  - Stage introduced: 3/12 (25%), +5 points on the previous period" in four
    assert "  - Stage followed up: 5/12 (42%), -18 points on the previous period" in four
    five = md_item(md, "5.5")
    assert "- **Suggested rating:** Partly in place (fama's suggestion from the figures)" in five
    assert "  - Mean helpfulness (0-10): 26/5 (5.2), -0.8 on the previous period" in five
    assert "    - median: 6.5" in five
    assert "- **Suggested rating:** none" in md_item(md, "1.3")
    rendered = MarkdownIt("commonmark").render(four)
    assert "<strong>Suggested rating:</strong> Not in place" in rendered


def html_item(tree: ET.Element, item_id: str) -> ET.Element:
    (div,) = [div for div in tree.iter("div") if div.get("id") == f"item-{item_id}"]
    return div


def html_details(item: ET.Element) -> dict[str, str]:
    """An item's terms and what each says (Rating, Suggested rating, Comments...)."""
    terms = [html_text(dt) for dt in item.iter("dt")]
    return dict(zip(terms, [html_text(dd) for dd in item.iter("dd")], strict=True))


def test_html_carries_the_suggestion_and_the_change() -> None:
    tree = html_tree()
    four = html_item(tree, "4.1")
    details = html_details(four)
    assert details["Rating"] == "In place (overrides the suggestion when rated: partly in place)"
    assert details["Suggested rating"] == "Not in place (fama's suggestion from the figures)"
    table = four.find("table")
    assert table is not None
    head = [html_text(th) for th in table.iter("th")]
    assert head == ["Figure", "Count", "Change"]
    cells = {
        html_text(tr[0]): [html_text(td) for td in tr[1:]]
        for tr in table.iter("tr")
        if tr[0].tag == "td"
    }
    assert cells["Stage introduced"] == ["3/12 (25%)", "+5 points on the previous period"]
    assert cells["Stage followed up"] == ["5/12 (42%)", "-18 points on the previous period"]
    assert "median: 6.5" in html_text(html_item(tree, "5.5"))
    assert html_details(html_item(tree, "1.3"))["Suggested rating"] == "none"


def test_without_a_previous_period_no_change_is_shown() -> None:
    md = export("md", previous=None).decode()
    assert "previous period" not in md
    data = as_json(previous=None)
    figure = {i["id"]: i for i in data["items"]}["4.1"]["figures"]["stage_introduced"]
    assert "previous" not in figure and "change" not in figure


def test_a_suggestion_for_no_item_is_refused() -> None:
    with pytest.raises(ValueError, match=re.escape("a suggestion for '9.9'")):
        export("json", suggestions={"9.9": "in place"})


# --------------------------------------------------------------------------- escaping

NASTY = '=HYPERLINK("http://x","click") <script>alert(1)</script> goal [x] *bold* | a & b'


def nasty_assessment() -> Assessment:
    a = make_assessment().with_rating(
        "2.1",
        by="+Lead",
        at=T0,
        rating=Rating.PARTLY,
        comments=NASTY,
        supporting_evidence="-1 or @SUM(A1)",
    )
    return a.model_copy(update={"service": "@Service <b>"})


def test_csv_cannot_start_a_formula() -> None:
    row = {r["id"]: r for r in csv_rows(assessment=nasty_assessment())}["2.1"]
    assert row["comments"] == "'" + NASTY
    assert row["supporting_evidence"] == "'-1 or @SUM(A1)"
    assert row["rated_by"] == "'+Lead"
    for r in csv_rows(assessment=nasty_assessment()):
        for value in r.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_xlsx_keeps_formulas_as_text() -> None:
    data = export("xlsx", assessment=nasty_assessment())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name
    book = load_workbook(io.BytesIO(data))
    sheet = book["Items"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "2.1")
    comments = row[header.index("comments")]
    assert comments.value == NASTY and comments.data_type == "s"
    assert row[header.index("supporting_evidence")].value == "-1 or @SUM(A1)"
    assert book["About"]["B1"].value == "@Service <b>"


def test_html_escapes_everything() -> None:
    raw = export("html", assessment=nasty_assessment()).decode()
    assert "<script>" not in raw and "<b>" not in raw
    assert NASTY in html_text(html_tree(assessment=nasty_assessment()))


def test_markdown_escapes_everything() -> None:
    md = export("md", assessment=nasty_assessment()).decode()
    rendered = MarkdownIt("commonmark").render(md)
    assert "<script>" not in rendered and "<em>" not in rendered and "<a " not in rendered
    assert "goal [x] *bold* | a &amp; b" in rendered


# --------------------------------------------------------------------------- errors


def test_mistakes_are_refused() -> None:
    with pytest.raises(ValueError, match="Cannot export to 'pdf'"):
        export("pdf")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=re.escape("'9.9', which is not an item")):
        export("json", evidence={"9.9": []})
    with pytest.raises(ValueError, match="'annex-7', which is not an annex"):
        export("json", annexes={"annex-7": {}})
    with pytest.raises(ValueError, match="'Funday' is not a weekday"):
        export("json", annexes={"annex-2": {"Group": {"Funday": 1}}})


# --------------------------------------------------------------------------- any text

COMMENTS = st.text(max_size=300)


@settings(max_examples=150, deadline=None)
@given(text=COMMENTS)
def test_any_comment_round_trips_through_json(text: str) -> None:
    a = make_assessment().with_rating("2.3", by="A", at=T0, comments=text)
    stored = a.items["2.3"].comments
    if text == text.strip():  # the record trims only whitespace at either end
        assert stored == text
    out = json.loads(export_assessment(ITEMS, a, {}, "json", suppress_small=False))
    assert {i["id"]: i for i in out["items"]}["2.3"]["comments"] == stored


@settings(max_examples=60, deadline=None)
@given(text=COMMENTS, label=st.text(max_size=40))
def test_html_stays_well_formed_for_any_text(text: str, label: str) -> None:
    a = make_assessment().with_rating("2.3", by="A", at=T0, comments=text)
    evidence = {"2.3": [Figure("handouts_given", label, 2, 3, 2 / 3, {label: 1})]}
    annexes = {"annex-2": {label or "x": {"Monday": 1}}}
    for suppress in (False, True):
        raw = export_assessment(
            ITEMS, a, evidence, "html", suppress_small=suppress, annexes=annexes
        ).decode("utf-8")
        ET.fromstring(raw.removeprefix("<!DOCTYPE html>\n"))


def test_the_assessment_modules_are_pure() -> None:
    """Domain rule (DESIGN §2): no Textual, no TinyDB; openpyxl only when writing xlsx."""
    code = (
        "import sys\n"
        "from fama.assessment.export import export_assessment\n"
        "from fama.assessment.items import load_items\n"
        "from fama.assessment.model import Assessment\n"
        "a = Assessment(service='S', period_start='2026-01-01', period_end='2026-01-31')\n"
        "for fmt in ('md', 'html', 'csv', 'json'):\n"
        "    export_assessment(load_items(), a, {}, fmt, suppress_small=True)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(ast.literal_eval(out.stdout.strip()))
    assert not loaded & {"textual", "tinydb", "openpyxl"}
