"""Meeting Guide JSON (Code for Recovery spec), including the OIAA "central" variant.

TSML sites, Google-Sheet feeds and the Online Intergroup all publish this shape; TSML's CSV
is the same records as a table, so :mod:`csv_tables` turns its rows into these dicts and
reads them here. Only ``name`` and ``slug`` are required by the spec; everything else may
be absent, null, a number where a string is expected, or a string where a list is.

Attendance follows the reference implementation, the TSML plugin: on import it keeps the
``ONL`` code only for a meeting with a conference link or phone, and
``tsml_calculate_attendance_option`` then decides from that and whether the address is
approximate (only an area, :func:`~fama.directory.approximate.is_approximate`):

=======================  ==========================  ===========================
link or phone            address approximate         address with a street
=======================  ==========================  ===========================
yes                      online (phone: dial-in)     hybrid (``TC``: online)
no                       kept inactive, never        in person (``TC``:
                         offered (``TC``: closed)    temporarily closed)
=======================  ==========================  ===========================

So an ``ONL`` code with no link or phone makes nothing online (a note says so), and a
listing that is neither in person nor online stays in the directory, inactive, with the
reason in its notes (:data:`~fama.directory.formats.NO_WAY_TO_ATTEND`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fama.directory import meeting_codes as mc
from fama.directory import normalise as nz
from fama.directory.approximate import is_approximate
from fama.directory.formats import (
    NO_WAY_TO_ATTEND,
    Context,
    Draft,
    RecordError,
    record_zone,
    settle_attendance,
    stable_key,
)
from fama.directory.times import (
    MEETING_GUIDE_DAYS,
    meeting_guide_number,
    parse_day,
    parse_duration,
    parse_time,
)
from fama.models.common import Attendance, Weekday

RECOGNISED_KEYS = frozenset({"day", "time", "slug"})
"""Keys whose presence says "this is a Meeting Guide record" when sniffing a JSON list."""

_YES = frozenset({"yes", "true", "1", "y"})
_NO = frozenset({"no", "false", "0", "n"})
_ATTENDANCE_OPTION_APPROXIMATE = {
    "online": True,
    "inactive": True,
    "hybrid": False,
    "in_person": False,
}
_ADDRESS_PARTS = ("city", "state", "postal_code")
_AREA_PARTS = ("city", "state", "country")

NO_LINK_NOTE = "Listed as online, but no link or phone number is given."


def _codes(value: object) -> list[str]:
    """A ``types``-like value as a list of codes: a list, or a comma string some feeds send."""
    if isinstance(value, list):
        return [code for code in (nz.text_of(item) for item in value) if code]
    text = nz.text_of(value)
    return nz.split_list(text) if text else []


def _days(value: object) -> tuple[list[Weekday], bool]:
    """The record's weekdays, and whether it was an array (expanded with an id suffix)."""
    expand = isinstance(value, list)
    values = value if isinstance(value, list) else [value]
    if not [item for item in values if nz.text_of(item) != ""]:
        raise RecordError(
            "day", "no day is given (a meeting by appointment), so it cannot go in a weekly list"
        )
    try:
        days = [parse_day(item, MEETING_GUIDE_DAYS) for item in values]
    except ValueError as error:
        raise RecordError("day", str(error)) from None
    return list(dict.fromkeys(days)), expand


def _approximate(record: Mapping[str, Any], address: str, postcode: str) -> bool:
    """Whether the record names only an area: its own flag, TSML's output, else its words.

    TSML asks a geocoder; fama reads the address (:func:`is_approximate`), so a street
    or a full UK postcode is a place, and a town, a town and country, or a postcode
    district is only an area. TSML-UI counts commas when the flag is missing, which calls
    "1 High St, London SE1 1AA, UK" approximate; fama does not (brief §5.5).
    """
    flag = nz.text_of(record.get("approximate")).lower()
    if flag in _YES:
        return True
    if flag in _NO:
        return False
    option = nz.text_of(record.get("attendance_option")).lower()
    if option in _ATTENDANCE_OPTION_APPROXIMATE:
        return _ATTENDANCE_OPTION_APPROXIMATE[option]
    return is_approximate(address, postcode)


def _point(record: Mapping[str, Any]) -> tuple[float, float] | None:
    point = nz.coordinates(record.get("latitude"), record.get("longitude"))
    if point is None and isinstance(record.get("coordinates"), str):
        parts = record["coordinates"].split(",")
        if len(parts) == 2:  # four numbers are a box, i.e. an approximate area
            point = nz.coordinates(parts[0], parts[1])
    return point


def drafts(record: Mapping[str, Any], context: Context) -> list[Draft]:
    """One draft per weekday of a Meeting Guide record (a ``day`` array gives several)."""
    organisation = context.organisation
    if organisation is None:  # feeds checks this before reading any record
        raise RecordError(None, "no organisation was given")
    name = nz.clean_line(record.get("name"))
    if not name:
        raise RecordError("name", "the meeting has no name")
    days, expand = _days(record.get("day"))
    if nz.text_of(record.get("time")) == "":
        raise RecordError("time", "no start time is given")
    try:
        start = parse_time(record.get("time"))
    except ValueError as error:
        raise RecordError("time", str(error)) from None
    try:
        end = parse_time(record["end_time"]) if nz.text_of(record.get("end_time")) else None
    except ValueError:
        end = None  # an unreadable end is dropped, not guessed: the start still stands
    try:
        minutes = parse_duration(record["duration"]) if record.get("duration") else None
    except ValueError:
        minutes = None

    codes = _codes(record.get("types"))
    for extra in ("type", "formats", "features", "communities"):  # OIAA splits its codes
        if extra in record:
            codes.extend(_codes(record[extra]))
    tags = mc.read_codes(codes, mc.codes_for(organisation))
    languages = list(tags.languages)
    for language in _codes(record.get("languages")):
        mc.add_unique(languages, mc.language_name(language))

    venue = nz.clean_line(record.get("location"))
    venue = venue if nz.is_place(venue) else ""
    formatted = nz.clean_line(record.get("formatted_address"))
    street = formatted or nz.clean_line(record.get("address"))
    address = ""
    if nz.is_place(street):
        parts = [] if formatted else [nz.clean_line(record.get(key)) for key in _ADDRESS_PARTS]
        address = nz.join_text([street, *(part for part in parts if part not in street)], ", ")
    postal = nz.text_of(record.get("postal_code"))
    postcode = nz.normalise_postcode(postal) if postal else nz.find_postcode(address)
    point = _point(record)
    more = (nz.clean_line(record.get(key)) for key in _AREA_PARTS)
    area = nz.join_text([address, *(part for part in more if part not in address)], ", ")
    approximate = _approximate(record, area, postcode)
    if approximate:
        point = None

    url = nz.clean_url(record.get("conference_url"))
    phone = nz.clean_line(record.get("conference_phone"))
    active, attendance, closed, status_note = _attendance(
        approximate=approximate, link=bool(url), phone=bool(phone), tags=tags
    )
    if not active:
        address = area  # the area it names, for whoever looks into the listing
    notes = nz.join_text(
        [
            nz.clean_notes(record.get("notes")),
            nz.clean_notes(record.get("location_notes")),
            nz.clean_notes(record.get("conference_url_notes")),
            nz.clean_notes(record.get("conference_notes")),
            nz.clean_notes(record.get("conference_phone_notes")),
            status_note,
        ]
    )

    key_field = "slug" if nz.text_of(record.get("slug")) else "id"
    key = nz.text_of(record.get(key_field))
    if not key:
        key_field = ""
        key = _hash_key(record, venue or address)
    return [
        Draft(
            key=f"{key}-{meeting_guide_number(day)}" if expand else key,
            key_field=key_field or None,
            organisation=organisation,
            name=name,
            weekday=day,
            start=start,
            end=end,
            minutes=minutes,
            zone=record_zone(record.get("timezone"), context),
            attendance=attendance,
            temporarily_closed=closed,
            active=active,
            open_meeting=tags.open_meeting,
            audience=tags.audience,
            access=tags.access,
            types=codes,
            languages=languages,
            venue=venue,
            address=address,
            postcode=postcode,
            point=point,
            online_url=url,
            phone=phone,
            notes=notes,
        )
        for day in days
    ]


def _attendance(
    *, approximate: bool, link: bool, phone: bool, tags: mc.Tags
) -> tuple[bool, Attendance, bool, str]:
    """Listed as active, attendance, temporarily closed and a note (the module's table)."""
    remote = link or phone
    if approximate and not remote and not tags.closed:
        return False, Attendance.IN_PERSON, False, NO_WAY_TO_ATTEND
    attendance, closed, note = settle_attendance(
        place=not approximate,
        link=link,
        phone=phone,
        online_code=False,
        # TSML drops TC from a meeting that is online only: there is no venue to close
        closed=tags.closed and not (approximate and remote),
    )
    if tags.online and not remote:
        note = nz.join_text([note, NO_LINK_NOTE])
    return True, attendance, closed, note


def _hash_key(record: Mapping[str, Any], place: str) -> str:
    day = record.get("day")
    day_text = ",".join(nz.text_of(item) for item in day) if isinstance(day, list) else day
    return stable_key(record.get("name"), day_text, record.get("time"), place)
