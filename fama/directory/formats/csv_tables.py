"""The three CSV layouts fama reads, told apart by their header row.

- TSML's table (the 12 Step Meeting List plugin's import/export, and Meeting Guide feeds kept
  in a spreadsheet): ``Day`` as a name, ``Time`` like "6:00 PM", ``Types`` as English names.
  Rows become Meeting Guide records and go through :mod:`meeting_guide`, so a site's CSV and
  its JSON feed give the same meetings.
- BMLT's NAWS export (``GetNAWSDump``): NA World Services columns, ``Format1-5`` world ids.
- fama's own template, for the many UK lists that exist only as a service's spreadsheet
  (SMART, UKNA, local groups: brief §3), read by :mod:`fama_template`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from typing import Any

from fama.directory import meeting_codes as mc
from fama.directory import normalise as nz
from fama.directory.formats import (
    Context,
    Draft,
    FileProblem,
    RecordError,
    bmlt,
    meeting_guide,
    record_zone,
    stable_key,
)
from fama.directory.formats.fama_template import fama_drafts
from fama.directory.times import BMLT_DAYS, parse_day, parse_time
from fama.models.meeting import SourceKind

Row = dict[str, str]
"""A data row by normalised column name ("end time", "online url")."""

Reader = Callable[[Mapping[str, Any], Context], list[Draft]]

_HEADER_NOISE = re.compile(r"[\s_\-]+")


def column_key(header: str) -> str:
    """A header cell in the form the readers use: lower case, one space for ``_ - `` runs."""
    return _HEADER_NOISE.sub(" ", header.strip().lower()).strip()


def _delimiter(text: str) -> str:
    """Comma, unless the header row plainly uses semicolons (European Excel) or tabs."""
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count) if first.count(",") == 0 else ","


def read_rows(text: str) -> tuple[list[str], list[Row]]:
    """The header cells as written and the data rows (blank rows stay, as empty dicts, so
    that row numbers match the spreadsheet's)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader)
    except StopIteration:
        raise FileProblem("the file is empty") from None
    except csv.Error as error:
        raise FileProblem(f"the CSV cannot be read ({error})") from None
    keys = [column_key(cell) for cell in header]
    rows: list[Row] = []
    try:
        for cells in reader:
            row: Row = {}
            for key, cell in zip(keys, cells, strict=False):
                if key and (cell := cell.strip()) and key not in row:
                    row[key] = cell
            rows.append(row)
    except csv.Error as error:
        raise FileProblem(f"the CSV cannot be read after row {len(rows)} ({error})") from None
    return header, rows


def layout_of(header: list[str]) -> SourceKind | None:
    """Which layout a header row belongs to, or None."""
    keys = {column_key(cell) for cell in header}
    if "committee" in keys or "bmlt id" in keys:
        return SourceKind.NAWS_CSV
    if {"name", "day", "start"} <= keys:
        return SourceKind.FAMA_CSV
    if {"name", "day", "time"} <= keys:
        return SourceKind.TSML_CSV
    return None


UNKNOWN_HEADER = (
    "its header row matches none of the CSV layouts fama reads: the fama template "
    "(organisation, name, day, start...), a TSML export (Day, Time, Name, Types...) or a BMLT "
    "NAWS export (Committee, Day, Time, bmlt_id...)"
)


def reader_for(layout: SourceKind, header: list[str]) -> Reader:
    """The record reader for a layout; messages name the columns as the header spells them."""
    spelling = {column_key(cell): cell.strip() for cell in reversed(header)}
    read = {
        SourceKind.TSML_CSV: _tsml_drafts,
        SourceKind.NAWS_CSV: _naws_drafts,
        SourceKind.FAMA_CSV: fama_drafts,
    }[layout]

    def spelt(field: str) -> str:
        return spelling.get(column_key(_TSML_FIELDS.get(field, field)), field)

    def drafts(row: Mapping[str, Any], context: Context) -> list[Draft]:
        try:
            found = read(row, context)
        except RecordError as error:
            if error.field is not None:
                error.field = spelt(error.field)
            raise
        for draft in found:
            if draft.key_field is not None:
                draft.key_field = spelt(draft.key_field)
        return found

    return drafts


# ----------------------------------------------------------------------------- TSML

_TSML_FIELDS = {
    "end_time": "end time",
    "conference_url": "conference url",
    "postal_code": "postal code",
    "formatted_address": "address",
}
"""Meeting Guide field -> TSML column, where they differ (for messages)."""

_TSML_COPY = (
    "name", "day", "time", "timezone", "location", "notes", "city", "state", "latitude",
    "longitude", "approximate", "coordinates",
)  # fmt: skip


def tsml_record(row: Mapping[str, str]) -> dict[str, Any]:
    """A TSML table row as the Meeting Guide record it stands for."""
    record: dict[str, Any] = {key: row[key] for key in _TSML_COPY if key in row}
    record["slug"] = row.get("slug") or row.get("id") or ""
    record["end_time"] = row.get("end time", "")
    # TSML's export writes the whole formatted address; a sheet may split it into columns.
    split = "city" in row or "state" in row or "postal code" in row
    record["address" if split else "formatted_address"] = row.get("address", "")
    record["postal_code"] = row.get("postal code", "")
    record["types"] = [mc.tsml_type_code(name) for name in nz.split_list(row.get("types", ""))]
    for key in (
        "location notes",
        "conference url",
        "conference url notes",
        "conference phone",
        "conference phone notes",
    ):
        record[key.replace(" ", "_")] = row.get(key, "")
    return record


def _tsml_drafts(row: Mapping[str, Any], context: Context) -> list[Draft]:
    return meeting_guide.drafts(tsml_record(row), context)


# ----------------------------------------------------------------------------- NAWS

_TRUE = frozenset({"true", "yes", "1", "y"})


def _naws_drafts(row: Mapping[str, Any], context: Context) -> list[Draft]:
    if row.get("delete", "").upper() == "D":
        raise RecordError("delete", "it is marked D (deleted) in the NAWS export")
    if row.get("institutional", "").lower() in _TRUE:
        raise RecordError(
            "institutional",
            "it is an institutional meeting (in a hospital or prison), not open to the public",
        )
    name = nz.clean_line(row.get("committeename"))
    if not name:
        raise RecordError("committeename", "the meeting has no name")
    if not row.get("day"):
        raise RecordError("day", "no day is given")
    try:
        weekday = parse_day(row["day"], BMLT_DAYS)
    except ValueError as error:
        raise RecordError("day", str(error)) from None
    if not row.get("time"):
        raise RecordError("time", "no start time is given")
    try:
        start = parse_time(row["time"])
    except ValueError as error:
        raise RecordError("time", str(error)) from None

    formats = [
        row[key] for key in ("format1", "format2", "format3", "format4", "format5") if row.get(key)
    ]
    worlds = [row.get("closed", "").upper(), *formats]
    if row.get("wheelchr", "").lower() in _TRUE:
        worlds.append("WCHR")
    languages = [row.get(key, "") for key in ("language1", "language2", "language3")]
    tags = bmlt.read_world_ids(worlds, languages)

    street = nz.clean_line(row.get("address"))
    street = street if nz.is_place(street) else ""
    venue = nz.clean_line(row.get("place"))
    venue = venue if nz.is_place(venue) else ""
    postal = row.get("zip", "")
    address = ""
    if street:
        parts = (row.get("locborough"), row.get("city"), row.get("state"), postal)
        address = nz.join_text([street, *(nz.clean_line(part) for part in parts)], ", ")
    url = nz.clean_url(row.get("virtualmeetinglink"))
    phone = nz.clean_line(row.get("phonemeetingnumber"))
    attendance, closed, status_note = bmlt.settle(
        "", tags, place=bool(street or venue or postal), link=bool(url), phone=bool(phone)
    )
    unpublished = row.get("unpublished", "") in ("1", "TRUE", "true")
    notes = nz.join_text(
        [
            nz.clean_notes(row.get("room")),
            nz.clean_notes(row.get("directions")),
            nz.clean_notes(row.get("virtualmeetinginfo")),
            status_note,
            bmlt.UNPUBLISHED_NOTE if unpublished else "",
        ]
    )
    key = row.get("bmlt id", "")
    return [
        Draft(
            key=key or stable_key(name, row["day"], row["time"], venue or street),
            key_field="bmlt id" if key else None,
            organisation=context.organisation or bmlt.DEFAULT_ORGANISATION,
            name=name,
            weekday=weekday,
            start=start,
            zone=record_zone(row.get("timezone"), context),
            attendance=attendance,
            temporarily_closed=closed or unpublished,
            open_meeting=tags.open_meeting,
            audience=tags.audience,
            access=tags.access,
            types=formats,
            languages=tags.languages,
            venue=venue,
            address=address,
            postcode=nz.normalise_postcode(postal),
            point=nz.coordinates(row.get("latitude"), row.get("longitude")),
            online_url=url,
            phone=phone,
            notes=notes,
        )
    ]
