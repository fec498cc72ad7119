"""The handout library: Markdown files with TOML front matter, read from the folders and checked.

Pure domain (DESIGN §2): no Textual, no TinyDB. The packaged handouts live in the top-level
``handouts/`` folder, shipped as the ``fama_handouts`` package; a service adds or replaces
handouts with a folder of its own (``FAMA_HANDOUTS``). The file format is described in
``handouts/README.md``.

Suggesting is deliberately transparent (:mod:`fama.handouts.suggest`): each
handout's front matter lists its triggers and groups of words that count together; a
keyworker can always see *why* a handout came up, and a service lead can fix a miss in the
front matter, without touching Python. Printing a handout is :mod:`fama.handouts.render`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from fama.handouts.vocabulary import Vocabulary, VocabularyError, parse_vocabulary
from fama.text.safe import FileRefused, read_limited, strip_controls

AUDIENCES = ("client", "family", "staff")
STAGES = (1, 2, 3)
MYTHS = range(1, 16)
ENV_HANDOUTS = "FAMA_HANDOUTS"
ENV_SERVICE = "FAMA_SERVICE"
DEFAULT_SERVICE = "Your drug and alcohol service"
PACKAGE = "fama_handouts"
NOT_HANDOUTS = frozenset({"readme.md"})
MAX_HANDOUT_BYTES = 1024 * 1024
"""A handout is a page or two of Markdown; a file far larger is not one."""
NO_VOCABULARY = Vocabulary()  # a handout with triggers only

_FENCE = "+++"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_REQUIRED = ("id", "title", "summary", "audience", "stage")
_OPTIONAL_LISTS = ("myths", "triggers", "sources")
_VOCABULARY = ("together", "unless", "concepts")
_FIELDS = frozenset((*_REQUIRED, *_OPTIONAL_LISTS, *_VOCABULARY))
_HANDOUT_LINK = re.compile(r"\]\(\s*<?(?:\./)?([a-z0-9]+(?:-[a-z0-9]+)*)\.md(?:#[^)\s>]*)?>?\s*\)")
"""A Markdown link to another handout in the same folder (``[text](other-handout.md)``)."""


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
    """One myth-busting handout: its text, the stage it serves, its links and the words
    that suggest it."""

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
    vocabulary: Vocabulary = NO_VOCABULARY  # groups of words that count together (suggesting)

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
    """A handout file skipped, and why, in one sentence."""

    name: str  # the file (or folder) skipped
    problem: str  # why, as one sentence


@dataclass(frozen=True)
class Library:
    """Every handout fama can show, and the files it had to skip."""

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
    field, an id that does not match the file name, an unknown audience or stage, or a
    vocabulary that does not hold together (:func:`~fama.handouts.vocabulary.parse_vocabulary`).
    """
    front, body = _split_front_matter(text, name)
    try:
        data = tomllib.loads(front)
    except tomllib.TOMLDecodeError as exc:
        raise _bad(name, f"the front matter is not valid TOML ({exc}).") from None
    concepts = data.get("concepts")
    if isinstance(concepts, dict):
        misplaced = [key for key in concepts if key in _FIELDS]
        if misplaced:
            raise _bad(
                name,
                f"{misplaced[0]} is under [concepts]: move it above the [concepts] line, "
                "or give the concept another name.",
            )
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
    try:
        vocabulary = parse_vocabulary(data)
    except VocabularyError as exc:
        raise _bad(name, str(exc)) from None

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
        vocabulary=vocabulary,
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
            raw = read_limited(entry, MAX_HANDOUT_BYTES) if isinstance(entry, Path) else None
            text = strip_controls((entry.read_bytes() if raw is None else raw).decode("utf-8"))
        except UnicodeDecodeError:
            problems.append(LibraryProblem(name, "it is not UTF-8 text."))
            continue
        except FileRefused as refused:
            problems.append(LibraryProblem(name, f"{refused.problem}."))
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
        return Path(__file__).resolve().parents[2] / "handouts"


def service_folder() -> Path | None:
    """The service's own handouts folder (``FAMA_HANDOUTS``), if it names one."""
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
    """The service's name for printed handouts and plans (``FAMA_SERVICE``, else a
    default)."""
    return os.environ.get(ENV_SERVICE, "").strip() or DEFAULT_SERVICE
