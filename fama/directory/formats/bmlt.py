"""BMLT semantic JSON (``GetSearchResults``), the Narcotics Anonymous meeting servers.

Every value is a string. A record's ``formats`` are the server's own key strings, which
servers rename and translate, so they are resolved through the feed's formats list (from
``get_used_formats=1``) to NA World Services ids (``world_id``), falling back on the key
when a format has no world id; a plain array with no list falls back on the defaults a root
server installs with. The world-id reading and the attendance rules are shared with the
NAWS CSV export, which carries world ids directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fama.directory import meeting_codes as mc
from fama.directory import normalise as nz
from fama.directory.formats import (
    Context,
    Draft,
    RecordError,
    record_zone,
    settle_attendance,
    stable_key,
)
from fama.directory.times import BMLT_DAYS, parse_day, parse_duration, parse_time
from fama.models.common import Attendance
from fama.models.organisations import OrgCode

RECOGNISED_KEYS = frozenset({"weekday_tinyint", "id_bigint", "meeting_name"})
"""Keys whose presence says "this is a BMLT record" when sniffing a JSON list."""

DEFAULT_ORGANISATION = OrgCode.NA

UNPUBLISHED_NOTE = "Unpublished on its BMLT server: check it is still running."


@dataclass(frozen=True, slots=True)
class Format:
    """One entry of a server's formats list, as far as fama needs it."""

    key: str
    """The server's key string, as records list it."""
    world: str
    """The world id, or the key string when the format has none."""
    name: str
    language: bool


FormatTable = dict[str, Format]
"""Key string (and ``#`` + numeric id) -> format."""


def format_table(formats: object) -> FormatTable:
    """The formats list of a ``get_used_formats`` response (or ``GetFormats``) as a table.

    Entries that are not objects are ignored: a broken formats list costs only the meanings,
    not the meetings.
    """
    table: FormatTable = {}
    if not isinstance(formats, list):
        return table
    for entry in formats:
        if not isinstance(entry, dict):
            continue
        key = nz.text_of(entry.get("key_string"))
        world = nz.text_of(entry.get("world_id")) or key
        info = Format(
            key=key,
            world=world,
            name=nz.clean_line(entry.get("name_string")),
            language=nz.text_of(entry.get("format_type_enum")).upper() == "LANG" or world == "LANG",
        )
        if key:
            table[key] = info
        if nz.text_of(entry.get("id")):
            table["#" + nz.text_of(entry["id"])] = info
    return table


def _default(key: str) -> Format:
    world = mc.BMLT_DEFAULT_FORMATS.get(key, key)
    return Format(
        key=key, world=world, name=mc.BMLT_LANGUAGE_KEYS.get(key, ""), language=world == "LANG"
    )


def read_world_ids(worlds: Iterable[str], languages: Iterable[str] = ()) -> mc.Tags:
    """Tags from world ids (or key strings for formats without one) plus language names."""
    tags = mc.read_codes(worlds, mc.BMLT_WORLD_IDS)
    for language in languages:
        if language:
            mc.add_unique(tags.languages, mc.language_name(language))
    return tags


def settle(
    venue_type: str, tags: mc.Tags, *, place: bool, link: bool, phone: bool
) -> tuple[Attendance, bool, str]:
    """Attendance from ``venue_type`` (1 in person, 2 virtual, 3 hybrid), or, on legacy
    records where it is empty, from the VM/HYBR formats and what the record offers."""
    kind = venue_type.strip()
    if kind == "" and tags.hybrid:
        kind = "3"
    elif kind == "" and tags.online:
        kind = "2"
    if kind == "1":
        return settle_attendance(
            place=True, link=False, phone=False, online_code=False, closed=tags.closed
        )
    if kind in ("2", "3"):
        only_phone = phone and not link
        return settle_attendance(
            place=kind == "3",
            link=link,
            phone=phone,
            online_code=not only_phone,
            closed=tags.closed,
        )
    return settle_attendance(
        place=place, link=link, phone=phone, online_code=False, closed=tags.closed
    )


def _formats(record: Mapping[str, Any], table: FormatTable) -> list[Format]:
    """The record's formats: its key strings, else its numeric ids, through the table."""
    keys = nz.split_list(nz.text_of(record.get("formats")))
    if keys:
        return [table.get(key) or _default(key) for key in keys]
    ids = nz.split_list(nz.text_of(record.get("format_shared_id_list")))
    return [table["#" + number] for number in ids if "#" + number in table]


def reader(formats: object) -> Callable[[Mapping[str, Any], Context], list[Draft]]:
    """A record reader that resolves format keys through ``formats`` (None: the defaults)."""
    table = format_table(formats)

    def drafts(record: Mapping[str, Any], context: Context) -> list[Draft]:
        return [_draft(record, context, table)]

    return drafts


def _draft(record: Mapping[str, Any], context: Context, table: FormatTable) -> Draft:
    name = nz.clean_line(record.get("meeting_name"))
    if not name:
        raise RecordError("meeting_name", "the meeting has no name")
    day_text = nz.text_of(record.get("weekday_tinyint"))
    if not day_text:
        raise RecordError("weekday_tinyint", "no day is given")
    try:
        weekday = parse_day(day_text, BMLT_DAYS)
    except ValueError as error:
        raise RecordError("weekday_tinyint", str(error)) from None
    if not nz.text_of(record.get("start_time")):
        raise RecordError("start_time", "no start time is given")
    try:
        start = parse_time(nz.text_of(record.get("start_time")))
    except ValueError as error:
        raise RecordError("start_time", str(error)) from None
    try:
        duration = nz.text_of(record.get("duration_time"))
        minutes = parse_duration(duration) if duration else None
    except ValueError:
        minutes = None  # the server would use its default length; so does fama

    formats = _formats(record, table)
    tags = read_world_ids(
        [info.world for info in formats],
        [info.name or info.key for info in formats if info.language],
    )
    lang = nz.text_of(record.get("lang_enum"))
    if lang:
        mc.add_unique(tags.languages, mc.language_name(lang))

    street = nz.clean_line(record.get("location_street"))
    address = nz.join_text(
        [
            street,
            nz.clean_line(record.get("location_neighborhood")),
            nz.clean_line(record.get("location_municipality")),
            nz.clean_line(record.get("location_province")),
            nz.clean_line(record.get("location_postal_code_1")),
        ],
        ", ",
    )
    if not nz.is_place(street):
        address = ""
    postal = nz.text_of(record.get("location_postal_code_1"))
    venue = nz.clean_line(record.get("location_text"))
    venue = venue if nz.is_place(venue) else ""
    point = nz.coordinates(record.get("latitude"), record.get("longitude"))

    comments = nz.clean_notes(record.get("comments"))
    url = nz.clean_url(record.get("virtual_meeting_link"))
    if not url and tags.online:
        url = nz.find_url(comments)
    phone = nz.clean_line(record.get("phone_meeting_number"))
    attendance, closed, status_note = settle(
        nz.text_of(record.get("venue_type")),
        tags,
        place=bool(street or venue or postal),
        link=bool(url),
        phone=bool(phone),
    )
    unpublished = nz.text_of(record.get("published")) == "0"
    bus, train = nz.clean_line(record.get("bus_lines")), nz.clean_line(record.get("train_lines"))
    notes = nz.join_text(
        [
            nz.clean_notes(record.get("location_info")),
            comments,
            nz.clean_notes(record.get("virtual_meeting_additional_info")),
            f"Buses: {bus}" if bus else "",
            f"Trains: {train}" if train else "",
            status_note,
            UNPUBLISHED_NOTE if unpublished else "",
        ]
    )
    key = nz.text_of(record.get("id_bigint"))
    return Draft(
        key=key or stable_key(name, day_text, record.get("start_time"), venue or address),
        key_field="id_bigint" if key else None,
        organisation=context.organisation or DEFAULT_ORGANISATION,
        name=name,
        weekday=weekday,
        start=start,
        minutes=minutes,
        zone=record_zone(record.get("time_zone"), context),
        attendance=attendance,
        temporarily_closed=closed or unpublished,
        open_meeting=tags.open_meeting,
        audience=tags.audience,
        access=tags.access,
        types=[info.key for info in formats],
        languages=tags.languages,
        venue=venue,
        address=address,
        postcode=nz.normalise_postcode(postal) if postal else nz.find_postcode(street),
        point=point,
        online_url=url,
        phone=phone,
        notes=notes,
    )
