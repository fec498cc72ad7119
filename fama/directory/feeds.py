"""Reading a meeting-directory file: the one entry point the app and the CLI call.

:func:`read_feed` works out the format from the content (an extension says little: TSML
sites serve JSON from ``admin-ajax.php``), reads every record it can, and lists the ones it
cannot with a plain reason, so a keyworker sees "record 12, field 'day': 'Funday' is not a
day of the week" instead of a traceback or a silently shorter list. A file that cannot be
imported at all raises :class:`FeedError`, one sentence naming the file and the problem.

Pure: it reads one file and returns meetings; saving them is :mod:`fama.directory.merge`
and the store's business.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fama.directory.formats import (
    Context,
    FileProblem,
    RecordError,
    bmlt,
    build,
    csv_tables,
    meeting_guide,
    require_organisation,
)
from fama.directory.formats.fama_template import TEMPLATE_COLUMNS, template_csv
from fama.directory.times import UnknownZone, zone
from fama.models.meeting import Meeting, SourceKind
from fama.models.organisations import OrgCode
from fama.text.safe import MAX_FILE_BYTES, FileRefused, load_json, read_limited, strip_controls

__all__ = [
    "FORMATS",
    "TEMPLATE_COLUMNS",
    "FeedError",
    "ParsedFeed",
    "SkippedRecord",
    "read_feed",
    "template_csv",
]

FORMATS = ("auto", "meeting-guide", "bmlt", "csv")

PROGRESS_EVERY = 500

_LABELS = {
    "meeting-guide": "Meeting Guide",
    "bmlt": "BMLT",
    "csv": "CSV",
    SourceKind.TSML_CSV: "TSML CSV",
    SourceKind.NAWS_CSV: "BMLT NAWS CSV",
    SourceKind.FAMA_CSV: "fama CSV template",
}
_CSV_FAMILY = {SourceKind.TSML_CSV: "meeting-guide", SourceKind.NAWS_CSV: "bmlt"}
"""The CSV layouts that are another spelling of a JSON format, and so accepted under it."""


def _sentence(problem: str) -> str:
    return problem.strip().rstrip(".")


def _where(record: int | None, field: str | None) -> str:
    parts = []
    if record is not None:
        parts.append(f"record {record}")
    if field is not None:
        parts.append(f"field {field!r}")
    return ", ".join(parts)


class FeedError(ValueError):
    """A file that cannot be imported at all (a ValueError, as the CLI's one-sentence errors are).

    ``str()`` is one plain sentence naming the file and the first problem, with the record
    number (1-based) and field when known, e.g. "meetings.json: record 12, field 'day':
    'Funday' is not a day of the week."
    """

    def __init__(
        self, path: Path, problem: str, record: int | None = None, field: str | None = None
    ) -> None:
        self.path = path
        self.problem = _sentence(problem)
        self.record = record
        self.field = field
        where = _where(record, field)
        name = strip_controls(path.name)
        super().__init__(f"{name}: {where + ': ' if where else ''}{self.problem}.")


@dataclass(frozen=True)
class SkippedRecord:
    """A record left out of an import, and why."""

    record: int
    """1-based position in the file (CSV: the data row number, header excluded)."""
    field: str | None
    problem: str
    """Plain words."""

    def describe(self) -> str:
        """E.g. "record 12, field 'day': 'Funday' is not a day of the week."."""
        return f"{_where(self.record, self.field)}: {_sentence(self.problem)}."


@dataclass(frozen=True)
class ParsedFeed:
    """Everything one file gave: its meetings and the records that were left out."""

    kind: SourceKind
    source: str
    """The source name: the file's name, e.g. "aa-kelbridge.json"."""
    meetings: list[Meeting]
    skipped: list[SkippedRecord]


Reader = Callable[[Mapping[str, Any], Context], list[Any]]


@dataclass(frozen=True)
class _Plan:
    kind: SourceKind
    records: list[Any]
    read: Reader
    needs_organisation: str | None = None
    """What to call the list when the fellowship must be declared (codes depend on it)."""
    table: bool = False
    """CSV: blank rows are spreadsheet gaps, passed over without a word."""


# ----------------------------------------------------------------------------- the file


def _decode(raw: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    if not raw.strip():
        raise FileProblem("the file is empty")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem("it is not text fama can read (broken UTF-16)") from None
    if b"\x00" in raw[:8192]:
        raise FileProblem("it is not a text file (it looks like binary data)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")  # spreadsheets saved on Windows
    except UnicodeDecodeError:
        raise FileProblem("it is not text fama can read (neither UTF-8 nor Windows-1252)") from None


_JSONP = re.compile(r"^\s*[\w$.]+\s*\((.*)\)\s*;?\s*$", re.S)
_JSONP_START = re.compile(r"\s*[\w$.]+\s*\(\s*[\[{]")


def _looks_like_json(text: str) -> bool:
    """JSON, or BMLT's jsonp answer ``callback([...]);``; anything else is read as CSV."""
    if text.lstrip()[:1] in ("[", "{"):
        return True
    return bool(_JSONP_START.match(text)) and text.rstrip().rstrip(";").endswith(")")


def _load_json(text: str) -> Any:
    body = text
    if text.lstrip()[:1] not in ("[", "{"):
        wrapped = _JSONP.match(text)  # BMLT's jsonp answer: callback([...]);
        if wrapped:
            body = wrapped.group(1)
    try:
        return load_json(body)
    except FileRefused as refused:
        raise FileProblem(refused.problem) from None


def _what(value: object) -> str:
    """A JSON value in plain words, for "record 1 is a number, not a meeting"."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a piece of text"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty (null)"
    return "an object"


def _sniff_json(records: Sequence[Mapping[str, Any]]) -> str | None:
    for record in records[:50]:
        if bmlt.RECOGNISED_KEYS & record.keys():
            return "bmlt"
        if meeting_guide.RECOGNISED_KEYS & record.keys():
            return "meeting-guide"
        if "key_string" in record and "world_id" in record:
            raise FileProblem("it is a BMLT formats list (GetFormats), not a list of meetings")
    return None


def _json_plan(text: str, format: str) -> _Plan:
    if format == "csv":
        raise FileProblem("it is JSON, not CSV: use --format auto")
    data = _load_json(text)
    formats: object = None
    if isinstance(data, dict):
        if not isinstance(data.get("meetings"), list):
            raise FileProblem('it is a JSON object with no "meetings" list, not a list of meetings')
        records, formats = data["meetings"], data.get("formats")
    elif isinstance(data, list):
        records = data
    else:
        raise FileProblem(f"it is JSON holding {_what(data)}, not a list of meetings")
    if not records:
        raise FileProblem("it lists no meetings")
    objects = [record for record in records if isinstance(record, dict)]
    if not objects:
        raise FileProblem(f"it is {_what(records[0])}, not a meeting", record=1)
    kind = _sniff_json(objects)
    if format != "auto" and kind is not None and kind != format:
        raise FileProblem(
            f"it looks like a {_LABELS[kind]} list, not {_LABELS[format]}: try --format auto"
        )
    kind = kind if format == "auto" else format
    if kind == "bmlt":
        return _Plan(SourceKind.BMLT, records, bmlt.reader(formats))
    if kind == "meeting-guide":
        return _Plan(SourceKind.MEETING_GUIDE, records, meeting_guide.drafts, "Meeting Guide list")
    raise FileProblem(
        "its records have neither Meeting Guide keys (day, time, slug) nor BMLT keys "
        "(weekday_tinyint, start_time, meeting_name)"
    )


def _csv_plan(text: str, format: str) -> _Plan:
    header, rows = csv_tables.read_rows(text)
    layout = csv_tables.layout_of(header)
    if layout is None:
        raise FileProblem(csv_tables.UNKNOWN_HEADER)
    if format not in ("auto", "csv") and _CSV_FAMILY.get(layout) != format:
        raise FileProblem(f"it is a {_LABELS[layout]}, not {_LABELS[format]}: use --format csv")
    if not any(rows):
        raise FileProblem("it has a header row but no meetings")
    needs = "TSML list" if layout is SourceKind.TSML_CSV else None
    return _Plan(layout, list(rows), csv_tables.reader_for(layout, header), needs, table=True)


def _plan(path: Path, format: str) -> _Plan:
    try:
        raw = read_limited(path, MAX_FILE_BYTES)
    except FileRefused as refused:
        raise FileProblem(f"the file cannot be read ({refused.problem})") from None
    # Controls and bidi overrides go before parsing: a feed's text never drives a terminal.
    text = strip_controls(_decode(raw))
    if _looks_like_json(text):
        return _json_plan(text, format)
    try:
        return _csv_plan(text, format)
    except FileProblem:
        _refuse_json_scalar(text)
        raise


def _refuse_json_scalar(text: str) -> None:
    """A file that is JSON after all ("hello", 42) deserves a JSON message, not a CSV one."""
    try:
        value = load_json(text)
    except FileRefused:
        return
    raise FileProblem(f"it is JSON holding {_what(value)}, not a list of meetings")


# ----------------------------------------------------------------------------- records


def _meetings_of(
    record: object, plan: _Plan, context: Context, first_seen: dict[str, int], number: int
) -> list[Meeting]:
    """The meetings one record gives; RecordError when it cannot be imported."""
    if not isinstance(record, Mapping):
        raise RecordError(None, f"it is {_what(record)}, not a meeting")
    found: list[Meeting] = []
    for draft in plan.read(record, context):
        meeting = build(draft, context)
        if meeting.id in first_seen or any(m.id == meeting.id for m in found):
            again = first_seen.get(meeting.id, number)
            raise RecordError(
                draft.key_field,
                f"{draft.key!r} is used again (first by record {again})"
                if draft.key_field
                else f"it repeats record {again} (same name, day, time and place)",
            )
        found.append(meeting)
    return found


def _read_records(
    plan: _Plan,
    context: Context,
    *,
    path: Path,
    strict: bool,
    progress: Callable[[int, int], None] | None,
) -> tuple[list[Meeting], list[SkippedRecord]]:
    meetings: list[Meeting] = []
    skipped: list[SkippedRecord] = []
    first_seen: dict[str, int] = {}
    total = len(plan.records)
    for number, record in enumerate(plan.records, start=1):
        problem: tuple[str | None, str] | None = None
        if plan.table and not record:
            pass  # a blank spreadsheet row
        else:
            try:
                found = _meetings_of(record, plan, context, first_seen, number)
            except RecordError as error:
                problem = (error.field, _sentence(error.problem))
            except (TypeError, ValueError, AttributeError, KeyError, IndexError) as error:
                # A shape no reader expected (a list where text should be): skip, don't crash.
                problem = (None, f"it could not be read ({error})")
            else:
                for meeting in found:
                    first_seen[meeting.id] = number
                meetings.extend(found)
        if problem is not None:
            if strict:
                raise FeedError(path, problem[1], number, problem[0])
            skipped.append(SkippedRecord(number, problem[0], problem[1]))
        if progress is not None and number % PROGRESS_EVERY == 0 and number < total:
            progress(number, total)
    if progress is not None:
        progress(total, total)
    return meetings, skipped


def read_feed(
    path: Path,
    *,
    format: str = "auto",
    organisation: OrgCode | None = None,
    timezone: str = "Europe/London",
    strict: bool = False,
    imported_at: datetime,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedFeed:
    """Read one meeting-directory file.

    ``format``: one of :data:`FORMATS` ("csv" means any of the three CSV layouts, told apart
    by the header). ``organisation``: the fellowship the file lists; required for Meeting
    Guide and TSML lists, whose codes mean different things per fellowship, and NA by
    default for BMLT. ``timezone``: the publisher's zone, for records that name none.
    ``strict``: the first bad record raises :class:`FeedError` instead of being skipped.
    ``imported_at`` (aware): stamped on each meeting and the date zone conversions use.
    ``progress(done, total)`` is called every 500 records and at the end.
    """
    if format not in FORMATS:
        raise FeedError(path, f"{format!r} is not a format fama reads ({', '.join(FORMATS)})")
    try:
        zone(timezone)
    except UnknownZone:
        raise FeedError(
            path, f"the time zone {timezone!r} given with --timezone is not a known zone name"
        ) from None
    try:
        plan = _plan(path, format)
        if plan.needs_organisation:
            require_organisation(organisation, plan.needs_organisation)
    except FileProblem as problem:
        raise FeedError(path, problem.problem, problem.record, problem.field) from None
    context = Context(plan.kind, strip_controls(path.name), organisation, timezone, imported_at)
    meetings, skipped = _read_records(plan, context, path=path, strict=strict, progress=progress)
    if not meetings:
        if not skipped:
            raise FeedError(path, "it lists no meetings")
        first = skipped[0]
        raise FeedError(
            path,
            f"{first.problem}; none of its {len(skipped)} records could be imported",
            first.record,
            first.field,
        )
    return ParsedFeed(kind=plan.kind, source=context.source, meetings=meetings, skipped=skipped)
