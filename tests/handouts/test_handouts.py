"""The handout library: every packaged handout reads, prints and links; bad files are skipped.

Also the packaging: the handouts ship inside the wheel (as ``fama_handouts``), so a keyworker
who installed fama, not a checkout, still has them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from datetime import date
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest

from fama.handouts.library import (
    AUDIENCES,
    Handout,
    HandoutError,
    Library,
    load_library,
    packaged_folder,
    parse_handout,
    service_name,
)
from fama.handouts.render import long_date, render_html
from fama.handouts.suggest import suggest

ROOT = Path(__file__).resolve().parents[2]
HANDOUTS = ROOT / "handouts"
HANDOUT_FILES = sorted(p for p in HANDOUTS.glob("*.md") if p.name != "README.md")
SERVICE = "Kelbridge Drug and Alcohol Service"
TODAY = date(2026, 11, 24)

# Myth number (FAMA domain brief §6) -> the handout that answers it.
MYTH_ANSWERS = {
    1: "god-and-religion",  # "You must believe in God."
    2: "not-a-cult",  # "It's a cult."
    3: "you-dont-have-to-speak",  # "You have to speak."
    4: "no-labels",  # "You must call yourself an alcoholic or addict."
    5: "you-dont-have-to-be-clean-first",  # "You have to be sober or clean already."
    6: "its-free",  # "It costs money."
    7: "methadone-and-medication",  # "I'll have to come off methadone or prescribed meds."
    8: "who-goes",  # "It's all old men or people on park benches."
    9: "not-just-for-drink",  # "It's only for drink."
    10: "anonymity",  # "Everyone will know my business."
    11: "you-dont-have-to-be-clean-first",  # "If I slip I can't go back."
    12: "one-bad-meeting",  # "One bad meeting means it's not for me."
    13: "does-it-work",  # "It doesn't work; there's no evidence."
    14: "alongside-treatment",  # "It replaces my treatment or keyworker."
    15: "family-and-friends",  # "My family can't get help."
}
WHAT_TO_EXPECT = ["twelve-step-meeting", "smart-meeting", "online-and-phone", "your-first-meeting"]

GOOD = """+++
id = "{id}"
title = "{title}"
summary = "A handout of our own."
audience = ["client"]
stage = 2
myths = []
triggers = ["kelbridge"]
sources = ["Kelbridge service leaflet"]
+++

Meetings in Kelbridge are listed at the front desk.
"""


@pytest.fixture(autouse=True)
def _no_service_handouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAMA_HANDOUTS", raising=False)
    monkeypatch.delenv("FAMA_SERVICE", raising=False)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(extra_folder=None)


# The packaged library ------------------------------------------------------------------


def test_the_library_has_every_handout_and_no_problems(library: Library) -> None:
    assert library.problems == ()
    assert len(library.handouts) >= 16
    ids = set(library.ids())
    assert set(MYTH_ANSWERS.values()) | set(WHAT_TO_EXPECT) <= ids
    assert {p.stem for p in HANDOUT_FILES} == ids
    assert not any(h.local for h in library.handouts)


def test_handouts_are_sorted_by_stage_then_title(library: Library) -> None:
    keys = [(h.stage, h.title.casefold()) for h in library.handouts]
    assert keys == sorted(keys)


@pytest.mark.parametrize("path", HANDOUT_FILES, ids=lambda p: p.stem)
def test_each_packaged_handout_parses(path: Path) -> None:
    handout = parse_handout(path.read_text(encoding="utf-8"), name=path.name, path=path)
    assert handout.id == path.stem
    assert handout.title and handout.summary and handout.body.strip()
    assert set(handout.audience) <= set(AUDIENCES)
    assert handout.stage in (1, 2, 3)
    assert handout.triggers, "a handout without triggers is never suggested"
    assert handout.vocabulary.together, "paraphrase needs concepts that go together"
    named = {name for rule in handout.vocabulary.together for name in rule}
    assert named | set(handout.vocabulary.unless) == {c.name for c in handout.vocabulary.concepts}
    assert handout.sources, "every packaged handout cites where its facts come from"
    assert all(1 <= m <= 15 for m in handout.myths)


@pytest.mark.parametrize("myth, handout_id", sorted(MYTH_ANSWERS.items()))
def test_every_myth_is_answered(library: Library, myth: int, handout_id: str) -> None:
    assert myth in library.get(handout_id).myths


def test_the_myth_table_matches_the_files(library: Library) -> None:
    claimed = {m: {h.id for h in library.handouts if m in h.myths} for m in range(1, 16)}
    assert all(claimed.values()), f"unanswered myths: {[m for m, h in claimed.items() if not h]}"
    for myth, handout_id in MYTH_ANSWERS.items():
        assert handout_id in claimed[myth]


LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?\s*\)")


@pytest.mark.parametrize("path", HANDOUT_FILES, ids=lambda p: p.stem)
def test_links_between_handouts_point_to_real_handouts(library: Library, path: Path) -> None:
    handout = library.get(path.stem)
    targets = [t for t in LINK.findall(handout.body) if not re.match(r"[a-z]+:", t)]
    for target in targets:
        file = target.split("#", 1)[0]
        assert file.endswith(".md"), f"{path.name} links to {target}, which is not a handout"
        assert file.removesuffix(".md") in library.ids(), f"{path.name}: broken link {target}"
    assert set(handout.linked_ids()) == {t.split("#")[0].removesuffix(".md") for t in targets}
    assert handout.id not in handout.linked_ids()


class PageChecker(HTMLParser):
    """Collects what a test needs from a page and checks that its tags balance."""

    VOID = frozenset({"meta", "br", "hr", "img", "link", "input", "wbr", "col", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []
        self.text: dict[str, str] = {}
        self.attrs: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for tag in self.stack:
            self.text[tag] = self.text.get(tag, "") + data


def check_page(page: str) -> PageChecker:
    checker = PageChecker()
    checker.feed(page)
    checker.close()
    assert page.startswith("<!DOCTYPE html>")
    assert checker.errors == []
    assert checker.stack == [], f"unclosed: {checker.stack}"
    assert "script" not in checker.tags
    assert "<script" not in page.lower()
    assert not any(tag == "link" for tag in checker.tags), "the page must not load anything"
    assert "@import" not in page and "url(" not in page
    return checker


@pytest.mark.parametrize("path", HANDOUT_FILES, ids=lambda p: p.stem)
def test_each_handout_prints_as_a_page_that_stands_alone(library: Library, path: Path) -> None:
    handout = library.get(path.stem)
    page = render_html(handout, service=SERVICE, today=TODAY)
    checker = check_page(page)
    assert checker.text["title"] == handout.title
    assert checker.tags.count("h1") == 1
    assert checker.text["footer"] == f"{SERVICE} · 24 November 2026"
    for tag, attrs in checker.attrs:
        if tag == "a":
            assert str(attrs.get("href", "")).startswith(("http://", "https://", "mailto:", "#"))
    assert "font-size: 20px" in page and "line-height: 1.6" in page
    assert "size: A4" in page


def test_a_linked_handout_becomes_plain_text_in_the_page(library: Library) -> None:
    handout = library.get("god-and-religion")
    assert "smart-meeting" in handout.linked_ids()
    page = render_html(handout, service=SERVICE, today=TODAY)
    assert ".md" not in page
    assert '<span class="handout-ref">What happens at a SMART Recovery meeting?</span>' in page


def test_nothing_in_a_handout_can_inject_html() -> None:
    text = GOOD.format(id="sneaky", title="Tea & <b>biscuits</b>").replace(
        "Meetings in Kelbridge",
        "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3))"
        " ![logo](https://tracker.example/logo.png) [AA](https://www.alcoholics-anonymous.org.uk)"
        " [first](your-first-meeting.md#what-to-say) Meetings in Kelbridge",
    )
    handout = parse_handout(text, name="sneaky.md")
    page = render_html(handout, service="<Kelbridge> & Co", today=TODAY)
    checker = check_page(page)
    assert "<b>" not in page and "Tea &amp; &lt;b&gt;biscuits&lt;/b&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "onerror" not in {k for _, attrs in checker.attrs for k in attrs}
    assert "javascript:" not in {str(a.get("href")) for _, a in checker.attrs}
    assert "img" not in checker.tags and "tracker.example" not in page, "no fetched pictures"
    assert '<a href="https://www.alcoholics-anonymous.org.uk">AA</a>' in page
    assert '<span class="handout-ref">first</span>' in page
    assert checker.text["footer"] == "<Kelbridge> & Co · 24 November 2026"
    assert checker.text["h1"] == "Tea & <b>biscuits</b>", "a body without a title gets one"


def test_show_gives_the_title_once(library: Library) -> None:
    packaged = library.get("its-free").markdown()
    assert packaged.startswith("# How much does it cost?\n")
    assert packaged.count("# How much does it cost?") == 1
    own = parse_handout(GOOD.format(id="ours", title="Our meetings"), name="ours.md")
    assert own.markdown().startswith("# Our meetings\n\nMeetings in Kelbridge")


def test_long_dates_and_the_service_name(monkeypatch: pytest.MonkeyPatch) -> None:
    assert long_date(date(2026, 11, 24)) == "24 November 2026"
    assert long_date(date(2027, 1, 3)) == "3 January 2027"
    assert service_name() == "Your drug and alcohol service"
    monkeypatch.setenv("FAMA_SERVICE", "  Kelbridge Drug and Alcohol Service ")
    assert service_name() == "Kelbridge Drug and Alcohol Service"


def test_search_finds_every_word_in_any_case(library: Library) -> None:
    found = library.search("HIGHER power")
    assert "god-and-religion" in [h.id for h in found]
    for handout in found:
        text = f"{handout.title} {handout.summary} {handout.body}".casefold()
        assert "higher" in text and "power" in text
    assert library.search("methadone zebra") == []
    assert len(library.search("")) == len(library.handouts)


def test_get_names_a_missing_handout(library: Library) -> None:
    with pytest.raises(HandoutError, match=r"^There is no handout called nope\.$"):
        library.get("nope")


# Reading files ---------------------------------------------------------------------------

FRONT = {
    "id": '"{name}"',
    "title": '"A title"',
    "summary": '"A summary."',
    "audience": '["client"]',
    "stage": "1",
    "myths": "[1]",
    "triggers": '["word"]',
    "sources": '["somewhere"]',
}


def front(name: str, **changes: str | None) -> str:
    fields = {**FRONT, **changes}
    lines = [f"{k} = {v.format(name=name)}" for k, v in fields.items() if v is not None]
    return "+++\n" + "\n".join(lines) + "\n+++\n\nSome text.\n"


CONCEPTS = 'who = ["my boss", "neighbours"]\ntell = ["find out", "hear"]'


def vocab(name: str, concepts: str = CONCEPTS, **changes: str | None) -> str:
    """``front`` with ``together = ["who + tell"]`` and a [concepts] table at its end."""
    text = front(name, **{"together": '["who + tell"]', **changes})
    return text.replace("\n+++\n\nSome", f"\n\n[concepts]\n{concepts}\n+++\n\nSome")


BAD_FILES = [
    ("no-front-matter", "# Just a heading\n\nSome text.\n", "does not start with front matter"),
    ("no-closing", "+++\nid = 'no-closing'\ntitle = 'x'\n\nSome text.\n", "no closing +++"),
    ("bad-toml", "+++\nid = no-quotes\n+++\n\nText.\n", "not valid TOML"),
    ("missing-title", front("missing-title", title=None), "missing title"),
    ("missing-two", front("missing-two", summary=None, stage=None), "missing summary, stage"),
    ("wrong-id", front("wrong-id", id='"other-id"'), "does not match the file name"),
    ("Bad_Name", front("Bad_Name"), "lower-case letters, digits and hyphens"),
    ("stage-four", front("stage-four", stage="4"), "stage must be 1, 2 or 3"),
    ("stage-text", front("stage-text", stage='"1"'), "stage must be 1, 2 or 3"),
    ("stage-bool", front("stage-bool", stage="true"), "stage must be 1, 2 or 3"),
    ("bad-audience", front("bad-audience", audience='["clients"]'), "'clients' is not one of"),
    ("audience-text", front("audience-text", audience='"client"'), "audience must be a list"),
    ("no-audience", front("no-audience", audience="[]"), "at least one of"),
    ("myth-sixteen", front("myth-sixteen", myths="[16]"), "myth 16 is not a myth number"),
    ("myth-text", front("myth-text", myths='["one"]'), "myths must be a list of whole numbers"),
    ("trigger-number", front("trigger-number", triggers="[3]"), "triggers must be a list"),
    ("empty-trigger", front("empty-trigger", triggers='["  "]'), "triggers has an empty entry"),
    ("title-number", front("title-number", title="7"), "title must be some text"),
    ("typo-field", front("typo-field", triggers=None, trigers='["x"]'), "unknown field trigers"),
    ("no-body", front("no-body").replace("Some text.\n", ""), "no text after the front matter"),
    ("concepts-list", front("concepts-list", concepts='["boss"]'), "concepts must be a table"),
    ("concept-text", vocab("concept-text", 'who = "boss"'), "concepts.who must be a list"),
    ("concept-empty", vocab("concept-empty", 'who = []\ntell = ["hear"]'), "who has no words"),
    ("concept-blank", vocab("concept-blank", 'who = [" "]\ntell = ["x"]'), "empty entry"),
    ("concept-no-words", vocab("concept-no-words", 'who = ["!!"]\ntell = ["x"]'), "no words: '!!'"),
    ("concept-name", vocab("concept-name", 'Who = ["x"]\ntell = ["y"]'), "concept name 'Who'"),
    ("rule-alone", vocab("rule-alone", together='["who"]'), "join two or more concept names"),
    ("rule-typo", vocab("rule-typo", together='["who + tel"]'), "names tel, which is not under"),
    ("rule-twice", vocab("rule-twice", together='["who + who"]'), "names a concept twice"),
    ("rule-text", vocab("rule-text", together='"who + tell"'), "together must be a list"),
    ("rule-no-concepts", front("rule-no-concepts", together='["a + b"]'), "names a, which is"),
    ("unless-typo", vocab("unless-typo", unless='["secret"]'), "unless names secret, which"),
    ("concept-unused", vocab("concept-unused", CONCEPTS + '\nspare = ["x"]'), "spare is not used"),
    (
        "field-in-concepts",
        vocab("field-in-concepts", CONCEPTS + '\nsources = ["x"]', sources=None),
        "sources is under [concepts]: move it above the [concepts] line",
    ),
]


@pytest.mark.parametrize("name, text, problem", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_front_matter_is_one_sentence_naming_the_file(
    name: str, text: str, problem: str
) -> None:
    with pytest.raises(HandoutError) as caught:
        parse_handout(text, name=f"{name}.md")
    message = str(caught.value)
    assert message.startswith(f"{name}.md: ")
    assert problem in message
    assert message.endswith(".") and "\n" not in message
    assert caught.value.name == f"{name}.md" and problem in caught.value.problem


def test_a_service_folder_with_bad_files_is_reported_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ours"
    folder.mkdir()
    for name, text, _ in BAD_FILES:
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    (folder / "latin1.md").write_bytes(
        front("latin1").replace("A title", "Caf\xe9").encode("latin-1")
    )
    (folder / "README.md").write_text("# Our handouts\n\nNot a handout.\n")
    (folder / "notes.txt").write_text("not a handout either")
    (folder / "kelbridge-meetings.md").write_text(
        GOOD.format(id="kelbridge-meetings", title="Ours")
    )
    monkeypatch.setenv("FAMA_HANDOUTS", str(folder))

    library = load_library()  # never raises for a bad file

    problems = {p.name: p.problem for p in library.problems}
    assert set(problems) == {f"{n}.md" for n, _, _ in BAD_FILES} | {"latin1.md"}
    for name, _, problem in BAD_FILES:
        assert problem in problems[f"{name}.md"]
    assert problems["latin1.md"] == "it is not UTF-8 text."
    assert library.problem_for("wrong-id") is not None
    ours = library.get("kelbridge-meetings")
    assert ours.local and ours.path == folder / "kelbridge-meetings.md"
    assert len(library.handouts) == len(HANDOUT_FILES) + 1


def test_a_service_handout_with_its_own_vocabulary_is_suggested(tmp_path: Path) -> None:
    text = vocab("kelbridge-privacy").replace("Some text.", "First names only, in Kelbridge.")
    (tmp_path / "kelbridge-privacy.md").write_text(text, encoding="utf-8")
    (tmp_path / "triggers-only.md").write_text(
        GOOD.format(id="triggers-only", title="Ours"), encoding="utf-8"
    )
    library = load_library(extra_folder=tmp_path)
    assert library.problems == ()
    ours = library.get("kelbridge-privacy")
    assert [c.name for c in ours.vocabulary.concepts] == ["who", "tell"]
    assert ours.vocabulary.together == (("who", "tell"),)
    found = suggest("what if my boss hears", library, limit=18)
    assert ("kelbridge-privacy", ("my boss … hears",)) in [(s.handout.id, s.matched) for s in found]
    assert suggest("kelbridge", library)[0].handout.id == "triggers-only"


def test_the_example_in_the_readme_parses() -> None:
    readme = (HANDOUTS / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    handout = parse_handout(example + "\nSome text.\n", name="god-and-religion.md")
    assert handout.vocabulary.together and handout.triggers


def test_a_service_handout_replaces_a_packaged_one(tmp_path: Path) -> None:
    (tmp_path / "its-free.md").write_text(
        GOOD.format(id="its-free", title="Free, and our bus passes too"), encoding="utf-8"
    )
    library = load_library(extra_folder=tmp_path)
    replaced = library.get("its-free")
    assert replaced.local and replaced.title == "Free, and our bus passes too"
    assert [h.id for h in library.handouts].count("its-free") == 1
    assert library.problems == ()


def test_a_missing_service_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    library = load_library(extra_folder=tmp_path / "nowhere")
    assert len(library.handouts) == len(HANDOUT_FILES)
    assert [p.problem for p in library.problems] == ["the handouts folder does not exist."]
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert load_library(extra_folder=afile).problems[0].problem == (
        "the handouts folder is not a folder."
    )


def test_windows_line_endings_and_a_byte_order_mark_are_fine() -> None:
    text = "\ufeff" + GOOD.format(id="crlf", title="Line ends").replace("\n", "\r\n")
    handout = parse_handout(text, name="crlf.md")
    assert handout.title == "Line ends" and "\r" not in handout.body


def test_handouts_are_frozen(library: Library) -> None:
    handout = library.get("its-free")
    assert isinstance(handout, Handout)
    with pytest.raises(AttributeError):
        handout.title = "changed"  # type: ignore[misc]


# Purity and packaging ---------------------------------------------------------------------


def test_the_engine_loads_without_textual_or_tinydb() -> None:
    code = (
        "import sys, datetime, fama.handouts.library as h, fama.handouts.render as r\n"
        "r.render_html(h.load_library().handouts[0], service='s', today=datetime.date.today())\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert not any(m == "textual" or m.startswith("textual.") for m in loaded)
    assert "tinydb" not in loaded


def test_importlib_resources_finds_the_packaged_handouts() -> None:
    found = {entry.name for entry in resources.files("fama_handouts").iterdir()}
    assert {p.name for p in HANDOUT_FILES} <= found
    assert {e.name for e in packaged_folder().iterdir()} >= {p.name for p in HANDOUT_FILES}


def fama_packages_on_disk() -> set[str]:
    found = set()
    for folder in [ROOT / "fama", *(ROOT / "fama").rglob("*")]:
        if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py")):
            found.add(".".join(folder.relative_to(ROOT).parts))
    return found


def test_pyproject_lists_every_fama_package() -> None:
    """setuptools cannot mix found packages with the renamed handouts folder, so the list is
    written out: this fails when a new fama sub-package is not in pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    assert listed - {"fama_handouts"} == fama_packages_on_disk()
    assert config["package-dir"]["fama_handouts"] == "handouts"
    assert config["package-data"]["fama_handouts"] == ["*.md"]


@pytest.mark.slow
def test_the_wheel_ships_the_handouts_the_styles_and_the_help(tmp_path: Path) -> None:
    source = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("fama", "handouts"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    out = tmp_path / "wheel"
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", str(source), "-w", str(out)),
            *("--no-deps", "--no-build-isolation", "-q"),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    (wheel,) = out.glob("fama-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"fama_handouts/{p.name}" for p in HANDOUT_FILES} <= names
    assert "fama_handouts/__init__.py" in names
    styles = {str(p.relative_to(ROOT)) for p in (ROOT / "fama").rglob("*.tcss")}
    assert styles and styles <= names
    help_pages = {str(p.relative_to(ROOT)) for p in (ROOT / "fama/tui/help_pages").glob("*.md")}
    assert help_pages and help_pages <= names
    migrations = {
        str(p.relative_to(ROOT)) for p in (ROOT / "fama/store/postgres/migrations").glob("*.sql")
    }
    assert migrations and migrations <= names
    assert "fama/handouts/library.py" in names and "fama/tui/app.tcss" in names
