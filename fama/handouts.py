"""Handouts: Markdown files with TOML front matter, what a client said -> which handout, HTML.

Pure domain (DESIGN §2): no Textual, no TinyDB. The packaged handouts live in the top-level
``handouts/`` folder, shipped as the ``fama_handouts`` package; a service adds or replaces
handouts with a folder of its own (``FAMA_HANDOUTS``). The file format is described in
``handouts/README.md``.

Suggesting is deliberately transparent: each handout lists its triggers (words and short
phrases a client might say); the text and the triggers are lower-cased, split into words
and stemmed the same simple way, and a trigger matches as a whole word or a phrase. A
keyworker can always see *why* a handout came up, and a service lead can fix a miss by
adding a trigger, without touching Python.
"""

from __future__ import annotations

import html
import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

AUDIENCES = ("client", "family", "staff")
STAGES = (1, 2, 3)
MYTHS = range(1, 16)
ENV_HANDOUTS = "FAMA_HANDOUTS"
ENV_SERVICE = "FAMA_SERVICE"
DEFAULT_SERVICE = "Your drug and alcohol service"
PACKAGE = "fama_handouts"
NOT_HANDOUTS = frozenset({"readme.md"})

_FENCE = "+++"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_REQUIRED = ("id", "title", "summary", "audience", "stage")
_OPTIONAL_LISTS = ("myths", "triggers", "sources")
_FIELDS = frozenset((*_REQUIRED, *_OPTIONAL_LISTS))


class HandoutError(ValueError):
    """A handout that cannot be used, or one that is not there: one plain sentence.

    For a bad file, ``name`` is the file name and ``problem`` the sentence without it.
    """

    def __init__(self, message: str, *, name: str | None = None, problem: str | None = None):
        super().__init__(message)
        self.name = name
        self.problem = problem or message


@dataclass(frozen=True)
class Handout:
    id: str
    title: str
    summary: str
    audience: tuple[str, ...]
    stage: int
    myths: tuple[int, ...]
    triggers: tuple[str, ...]
    sources: tuple[str, ...]
    body: str  # Markdown without the front matter
    path: Path | None  # where it was read from (None when the package is not on disk)
    local: bool  # True when it came from the service's own folder

    @property
    def file_name(self) -> str:
        return f"{self.id}.md"

    @property
    def has_own_title(self) -> bool:
        """Whether the body starts with its own ``# heading`` (the packaged ones do)."""
        for line in self.body.splitlines():
            if line.strip():
                return line.startswith("# ")
        return False

    def markdown(self) -> str:
        """The readable Markdown: the title (unless the body has its own) and the body."""
        body = self.body.strip("\n")
        text = body if self.has_own_title else f"# {self.title}\n\n{body}"
        return text + "\n"

    def linked_ids(self) -> tuple[str, ...]:
        """Ids of the other handouts this one links to, in order of first mention."""
        return tuple(dict.fromkeys(m.group(1) for m in _HANDOUT_LINK.finditer(self.body)))


@dataclass(frozen=True)
class LibraryProblem:
    name: str  # the file (or folder) skipped
    problem: str  # why, as one sentence


@dataclass(frozen=True)
class Library:
    handouts: tuple[Handout, ...]  # sorted by stage, then title
    problems: tuple[LibraryProblem, ...] = ()

    def get(self, handout_id: str) -> Handout:
        for handout in self.handouts:
            if handout.id == handout_id:
                return handout
        raise HandoutError(f"There is no handout called {handout_id}.")

    def ids(self) -> tuple[str, ...]:
        return tuple(h.id for h in self.handouts)

    def search(self, text: str) -> list[Handout]:
        """Handouts whose title, summary or body contain every word of ``text`` (any case)."""
        words = text.casefold().split()
        found = []
        for handout in self.handouts:
            haystack = f"{handout.title}\n{handout.summary}\n{handout.body}".casefold()
            if all(word in haystack for word in words):
                found.append(handout)
        return found

    def problem_for(self, handout_id: str) -> LibraryProblem | None:
        """Why a file that would have been this handout was skipped, if it was."""
        for problem in self.problems:
            if problem.name == f"{handout_id}.md":
                return problem
        return None


# Reading -------------------------------------------------------------------------------


def _bad(name: str, problem: str) -> HandoutError:
    return HandoutError(f"{name}: {problem}", name=name, problem=problem)


def _split_front_matter(text: str, name: str) -> tuple[str, str]:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].strip() != _FENCE:
        raise _bad(name, "it does not start with front matter (a line of +++).")
    for index in range(1, len(lines)):
        if lines[index].strip() == _FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :])
    raise _bad(name, "the front matter has no closing +++ line.")


def _text_field(data: dict[str, Any], key: str, name: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise _bad(name, f"{key} must be some text in quotes.")
    return value.strip()


def _list_field(data: dict[str, Any], key: str, name: str, kind: type) -> list[Any]:
    value = data.get(key, [])
    what = "whole numbers" if kind is int else "texts in quotes"
    if not isinstance(value, list) or not all(
        isinstance(item, kind) and not isinstance(item, bool) for item in value
    ):
        raise _bad(name, f"{key} must be a list of {what}, like [{_EXAMPLES[key]}].")
    if kind is str:
        value = [item.strip() for item in value]
        if not all(value):
            raise _bad(name, f"{key} has an empty entry.")
    return list(dict.fromkeys(value))


_EXAMPLES = {
    "audience": '"client"',
    "myths": "1, 11",
    "triggers": '"god", "higher power"',
    "sources": '"FAMA domain brief §6 myth 1"',
}


def parse_handout(
    text: str, *, name: str, local: bool = False, path: Path | None = None
) -> Handout:
    """Read one handout; ``name`` is its file name (``<id>.md``), used in every message.

    Raises :class:`HandoutError` (one sentence naming the file) for missing or bad front
    matter: no ``+++`` lines, TOML that does not parse, a missing, unknown or mistyped
    field, an id that does not match the file name, an unknown audience or stage.
    """
    front, body = _split_front_matter(text, name)
    try:
        data = tomllib.loads(front)
    except tomllib.TOMLDecodeError as exc:
        raise _bad(name, f"the front matter is not valid TOML ({exc}).") from None
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        fields = ", ".join(missing)
        raise _bad(name, f"the front matter is missing {fields}.")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        fields = ", ".join(unknown)
        raise _bad(
            name, f"the front matter has unknown field{'s' if len(unknown) > 1 else ''} {fields}."
        )

    handout_id = _text_field(data, "id", name)
    if not _ID.fullmatch(handout_id):
        raise _bad(name, f"the id {handout_id!r} must be lower-case letters, digits and hyphens.")
    expected = name.removesuffix(".md")
    if handout_id != expected:
        raise _bad(
            name, f"the id {handout_id!r} does not match the file name (it should be {expected!r})."
        )

    audience = _list_field(data, "audience", name, str)
    if not audience:
        raise _bad(name, f"audience must name at least one of {', '.join(AUDIENCES)}.")
    strangers = [a for a in audience if a not in AUDIENCES]
    if strangers:
        raise _bad(
            name,
            f"the audience {strangers[0]!r} is not one of {', '.join(AUDIENCES)}.",
        )

    stage = data["stage"]
    if isinstance(stage, bool) or stage not in STAGES:
        raise _bad(name, "stage must be 1, 2 or 3 (the FAMA stage it is most used in).")

    myths = _list_field(data, "myths", name, int)
    outside = [m for m in myths if m not in MYTHS]
    if outside:
        raise _bad(name, f"myth {outside[0]} is not a myth number (they run from 1 to 15).")

    if not body.strip():
        raise _bad(name, "there is no text after the front matter.")

    return Handout(
        id=handout_id,
        title=_text_field(data, "title", name),
        summary=_text_field(data, "summary", name),
        audience=tuple(a for a in AUDIENCES if a in audience),
        stage=stage,
        myths=tuple(sorted(myths)),
        triggers=tuple(_list_field(data, "triggers", name, str)),
        sources=tuple(_list_field(data, "sources", name, str)),
        body=body.strip("\n") + "\n",
        path=path,
        local=local,
    )


def _read_folder(
    entries: Iterable[Traversable], *, local: bool
) -> tuple[list[Handout], list[LibraryProblem]]:
    handouts: list[Handout] = []
    problems: list[LibraryProblem] = []
    for entry in sorted(entries, key=lambda e: e.name):
        name = entry.name
        if not name.endswith(".md") or name.casefold() in NOT_HANDOUTS or name.startswith("."):
            continue
        try:
            if not entry.is_file():
                continue
            text = entry.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            problems.append(LibraryProblem(name, "it is not UTF-8 text."))
            continue
        except OSError as exc:
            problems.append(LibraryProblem(name, f"it could not be read ({exc.strerror or exc})."))
            continue
        path = entry if isinstance(entry, Path) else None
        try:
            handouts.append(parse_handout(text, name=name, local=local, path=path))
        except HandoutError as exc:
            problems.append(LibraryProblem(name, exc.problem))
    return handouts, problems


def packaged_folder() -> Traversable:
    """The shipped handouts: the ``fama_handouts`` package, else a checkout's ``handouts/``."""
    try:
        return resources.files(PACKAGE)
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "handouts"


def service_folder() -> Path | None:
    value = os.environ.get(ENV_HANDOUTS, "").strip()
    return Path(value).expanduser() if value else None


def load_library(extra_folder: Path | None = None) -> Library:
    """The packaged handouts plus a service's own folder (``FAMA_HANDOUTS`` when
    ``extra_folder`` is None). A service handout with the same id replaces the packaged
    one. Bad files are listed in ``problems`` and skipped; this never raises for them."""
    packaged, problems = _read_folder(packaged_folder().iterdir(), local=False)
    by_id = {h.id: h for h in packaged}
    folder = extra_folder if extra_folder is not None else service_folder()
    if folder is not None:
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            problems.append(LibraryProblem(str(folder), f"the handouts folder {what}."))
        else:
            try:
                local, local_problems = _read_folder(folder.iterdir(), local=True)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                problems.append(
                    LibraryProblem(
                        str(folder), f"the handouts folder could not be read ({reason})."
                    )
                )
            else:
                problems.extend(local_problems)
                by_id.update((h.id, h) for h in local)
    ordered = sorted(by_id.values(), key=lambda h: (h.stage, h.title.casefold(), h.id))
    return Library(tuple(ordered), tuple(problems))


def service_name() -> str:
    return os.environ.get(ENV_SERVICE, "").strip() or DEFAULT_SERVICE


# Suggesting ----------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_NOT = re.compile(r"\b(can|won|shan|ain)'t\b|n't\b|\bcannot\b")
_NOT_FULL = {"can": "can not", "won": "will not", "shan": "shall not", "ain": "is not"}
_CLITICS = {"m": "am", "re": "are", "ve": "have", "ll": "will", "d": "would"}
_CLITIC = re.compile(r"([a-z0-9])'(m|re|ve|ll|d|s)\b")
_WORD = re.compile(r"[a-z0-9]+")
_VOWELS = frozenset("aeiouy")
PHRASE_GAP = 1  # words allowed between two words of a trigger phrase...
GAPPED_FACTOR = 0.75  # ...which then counts for a little less
# Words whose shorter form means something else here: a cracked screen is not crack cocaine,
# and cleaning the house is not being clean.
_KEEP_WHOLE = frozenset(
    ("cracked", "cracking", "cleaned", "cleaning", "cleaner", "spiced", "geared", "weeding")
)


def _expand_not(match: re.Match[str]) -> str:
    whole = match.group(0)
    if whole == "cannot":
        return "can not"
    if match.group(1):
        return _NOT_FULL[match.group(1)]
    return " not"


def _expand_clitic(match: re.Match[str]) -> str:
    kind = match.group(2)
    return match.group(1) + ("" if kind == "s" else " " + _CLITICS[kind])


def _strip(word: str, suffix: str, min_stem: int) -> str | None:
    if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
        return word[: -len(suffix)]
    return None


def stem(word: str) -> str:
    """A small, predictable stemmer: the same for a trigger and for what the client said.

    ``religious``/``religion`` -> ``relig``; ``praying``/``prays``/``prayed`` -> ``pray``;
    ``using``/``uses``/``used``/``use`` -> ``use``; ``families`` -> ``family``;
    ``alcoholic``/``alcoholism`` -> ``alcohol``; ``anonymous``/``anonymity`` -> ``anonym``.
    """
    w = word.lower().removesuffix("'s").strip("'")
    if len(w) < 3 or not w.isalpha() or w in _KEEP_WHOLE:
        return w
    # 1. plurals and third person
    if w.endswith(("ies", "ied")) and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("oes") and len(w) > 3:
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) >= 4:
        w = w[:-1]
    # 2. -ing and -ed (a stem must keep a vowel: "thing", "sing" and "red" stay whole)
    for suffix in ("ing", "ed"):
        if suffix == "ed" and w.endswith("eed"):
            break
        base = _strip(w, suffix, 2)
        if base is not None and _VOWELS.intersection(base):
            w = base
            if len(w) >= 3 and w[-1] == w[-2] and w[-1] not in _VOWELS | set("lsz"):
                w = w[:-1]  # stopped -> stop
            elif len(w) == 2 and w[-1] not in _VOWELS:
                w += "e"  # using -> use
            break
    # 3. a few derivations that turn up when people talk about this
    for suffix, min_stem in (
        ("ously", 4),
        ("ious", 3),
        ("ous", 4),
        ("ion", 3),
        ("ism", 4),
        ("ist", 4),
        ("ity", 4),
        ("ive", 4),
        ("ic", 5),
    ):
        base = _strip(w, suffix, min_stem)
        if base is not None:
            w = base
            break
    # 4. a silent e: "believe"/"believing", "relapse"/"relapsed"
    if w.endswith("e") and not w.endswith("ee") and len(w) >= 4:
        w = w[:-1]
    return w


# Trigger words too common to mean anything on their own.
_STOPWORDS = frozenset(
    stem(w)
    for w in (  # noqa: SIM905
        "a an and am are as at be but by can do does for from have i if in is it me my no not of "
        "on or so that the this to too was we what will with would you your"
    ).split()
)


def words(text: str) -> list[str]:
    """Lower-cased words with contractions opened: ``I don't`` -> ``i do not``."""
    text = text.casefold().translate(_APOSTROPHES)
    text = _NOT.sub(_expand_not, text)
    text = _CLITIC.sub(_expand_clitic, text)
    return _WORD.findall(text)


def stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text))


def trigger_weight(trigger_stems: Sequence[str]) -> float:
    """A phrase says more than a word: 1 for one meaningful word, 2.5 for two, 4 for three.

    Only words that carry meaning count ("in front of" weighs as much as "front"), and a
    trigger made only of little words ("it", "not") never matches.
    """
    content = sum(1 for s in trigger_stems if s not in _STOPWORDS)
    return 1.0 + 1.5 * (content - 1) if content else 0.0


def _phrase_at(text: Sequence[str], phrase: Sequence[str], gap: int) -> bool:
    def rest_follows(at: int, k: int) -> bool:
        if k == len(phrase):
            return True
        return any(
            text[nxt] == phrase[k] and rest_follows(nxt, k + 1)
            for nxt in range(at + 1, min(at + 2 + gap, len(text)))
        )

    return bool(phrase) and any(
        word == phrase[0] and rest_follows(i, 1) for i, word in enumerate(text)
    )


def match_factor(text: Sequence[str], phrase: Sequence[str]) -> float:
    """1 when ``phrase`` occurs in ``text`` word for word; GAPPED_FACTOR when it occurs with
    one other word between two of its words ("does it work" in "does it even work", "my
    business" in "my own business"); 0 when it does not occur."""
    if _phrase_at(text, phrase, 0):
        return 1.0
    if len(phrase) > 1 and _phrase_at(text, phrase, PHRASE_GAP):
        return GAPPED_FACTOR
    return 0.0


@dataclass(frozen=True)
class Suggestion:
    handout: Handout
    score: float
    matched: tuple[str, ...]  # the triggers that matched, as written in the front matter


def suggest(text: str, library: Library, limit: int = 3) -> list[Suggestion]:
    """Which handouts answer what the client said, best first, with the triggers that matched.

    Whole-word matching of stemmed words; a multi-word trigger matches as a phrase (see
    :func:`match_factor`). The score is the sum of the matched triggers' weights (see
    :func:`trigger_weight`); ties go to the earlier stage, then the title. Unrelated text
    gets nothing.
    """
    said = stems(text)
    if not said:
        return []
    found: list[Suggestion] = []
    for handout in library.handouts:
        score = 0.0
        matched: list[str] = []
        for trigger in handout.triggers:
            phrase = stems(trigger)
            weight = trigger_weight(phrase) * match_factor(said, phrase)
            if weight:
                score += weight
                matched.append(trigger)
        if matched:
            found.append(Suggestion(handout, score, tuple(matched)))
    found.sort(key=lambda s: (-s.score, s.handout.stage, s.handout.title.casefold()))
    return found[: max(limit, 0)]


# Printing ------------------------------------------------------------------------------

_HANDOUT_LINK = re.compile(r"\]\(\s*<?(?:\./)?([a-z0-9]+(?:-[a-z0-9]+)*)\.md(?:#[^)\s>]*)?>?\s*\)")
_MONTHS = (  # noqa: SIM905
    "January February March April May June July August September October November December"
).split()

_CSS = """
:root { color-scheme: light; }
html { font-size: 20px; }
body {
  margin: 0 auto; padding: 1.5rem 1.25rem 2rem; max-width: 38rem;
  font-family: Arial, "Helvetica Neue", Helvetica, Verdana, sans-serif;
  font-size: 1rem; line-height: 1.6; color: #111; background: #fff;
}
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 1rem; }
h2 { font-size: 1.35rem; line-height: 1.25; margin: 1.6rem 0 0.5rem; }
h3 { font-size: 1.15rem; margin: 1.2rem 0 0.4rem; }
p, ul, ol { margin: 0 0 0.9rem; }
li { margin-bottom: 0.35rem; }
strong { font-weight: 700; }
a { color: #0b4f9c; }
.handout-ref { font-style: italic; }
table { border-collapse: collapse; margin: 0 0 1rem; }
th, td { border: 1px solid #555; padding: 0.3rem 0.6rem; text-align: left; }
blockquote { margin: 0 0 1rem; padding-left: 1rem; border-left: 4px solid #888; }
footer {
  margin-top: 2rem; padding-top: 0.6rem; border-top: 2px solid #333;
  font-size: 0.85rem; color: #333;
}
@page { size: A4; margin: 18mm 18mm 20mm; }
@media print {
  html { font-size: 14pt; }
  body { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  li, p, tr, blockquote { break-inside: avoid; page-break-inside: avoid; }
}
"""


def long_date(day: date) -> str:
    """``24 November 2026`` whatever the machine's locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _body_html(handout: Handout) -> str:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )
    tokens = md.parse(handout.body)

    def rewrite(children: list[Token]) -> list[Token]:
        out: list[Token] = []
        refs: list[bool] = []  # for each open link: is it a link to another handout?
        for token in children:
            if token.type == "link_open":
                refs.append(_is_handout_link(str(token.attrGet("href") or "")))
                if refs[-1]:
                    token.type, token.tag, token.attrs = (
                        "span_open",
                        "span",
                        {"class": "handout-ref"},
                    )
            elif token.type == "link_close" and refs and refs.pop():
                token.type, token.tag = "span_close", "span"
            elif token.type == "image":
                # The page stands alone: no fetched pictures, just what they show.
                token = Token("text", "", 0, content=token.content)
            out.append(token)
        return out

    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = rewrite(token.children)
    return str(md.renderer.render(tokens, md.options, {}))


def _is_handout_link(href: str) -> bool:
    target = href.split("#", 1)[0].removeprefix("./")
    return bool(target.endswith(".md") and "/" not in target and ":" not in target)


def render_html(handout: Handout, *, service: str, today: date) -> str:
    """A printable page that stands alone: large type, A4 print styles, the title, the body
    and a footer with the service and the date. Links to other handouts become plain
    (italic) text; raw HTML in the Markdown is shown as text, never run."""
    esc = html.escape
    heading = "" if handout.has_own_title else f"<h1>{esc(handout.title)}</h1>\n"
    footer = f"{esc(service)} · {esc(long_date(today))}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(handout.title)}</title>\n"
        f"<style>{_CSS}</style>\n"
        "</head>\n"
        "<body>\n"
        f'<main id="{esc(handout.id)}">\n'
        f"{heading}{_body_html(handout)}"
        "</main>\n"
        f'<footer class="service">{footer}</footer>\n'
        "</body>\n"
        "</html>\n"
    )
