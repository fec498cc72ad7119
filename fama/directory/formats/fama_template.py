"""fama's own CSV template, for the many UK lists that exist only as a service's spreadsheet
(SMART, UKNA, local groups: brief §3).

Its columns are documented in :data:`TEMPLATE_COLUMNS` (``fama meetings template`` prints
them with two example rows) and it is stricter than the published layouts, since the
people who keep it can fix what it reports. Rows arrive keyed by normalised column name
(see :func:`fama.directory.formats.csv_tables.column_key`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
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
from fama.directory.times import day_from_name, parse_time
from fama.models.common import Attendance
from fama.models.organisations import ORGANISATIONS

TEMPLATE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("organisation", "AA, NA, CA, SMART, Al-Anon... (or leave blank and use --organisation)"),
    ("name", "the meeting's name (required)"),
    ("day", "the weekday as a name, e.g. Tuesday (required)"),
    ("start", "start time: 19:30, 7.30pm, 7:30 PM or 1930 (required)"),
    ("end", "end time, if known (default: an hour later, 90 minutes for SMART)"),
    ("attendance", "in person, online, hybrid or phone (blank: worked out from the columns)"),
    ("venue", "the building, e.g. St Mary's Church Hall"),
    ("address", "street and town"),
    ("postcode", "UK postcode, e.g. DE1 3AB"),
    ("latitude", "decimal degrees, if known (both or neither)"),
    ("longitude", "decimal degrees, if known, negative west of Greenwich"),
    ("online_url", "the link that opens an online or hybrid meeting"),
    ("phone", "the meeting's dial-in number (never a member's own number)"),
    ("open", "open (anyone may come) or closed (only people who want to stop), or blank"),
    ("audience", "women, men, lgbtq, young people, newcomers, family and friends... (; between)"),
    ("access", "wheelchair, hearing loop, sign language, childcare... (; between)"),
    ("languages", "languages other than English, e.g. Polish (; between)"),
    ("temporarily_closed", "yes while the meeting is paused, else blank"),
    ("timezone", "only for meetings not on UK time, e.g. America/New_York"),
    ("notes", "anything a keyworker should know: which door, first-timers' welcome..."),
    ("id", "your own short reference for the row; keeps it the same meeting across imports"),
)
"""The fama CSV template's columns and what each means, for ``fama meetings template``."""

_TEMPLATE_EXAMPLES = (
    {
        "organisation": "AA", "name": "Kelbridge Tuesday Big Book", "day": "Tuesday",
        "start": "19:30", "end": "21:00", "attendance": "in person",
        "venue": "St Example's Church Hall", "address": "1 Example Street, Kelbridge",
        "postcode": "DE1 3AB", "open": "open", "access": "wheelchair; hearing loop",
        "notes": "Side door; tea from 19:00.", "id": "kb-aa-tue",
    },
    {
        "organisation": "SMART", "name": "SMART Recovery online", "day": "Monday",
        "start": "7.30pm", "attendance": "online",
        "online_url": "https://meet.example.org/smart-monday", "open": "open",
        "audience": "newcomers", "notes": "Cameras optional.", "id": "smart-online-mon",
    },
)  # fmt: skip

_ATTENDANCE_WORDS: dict[str, Attendance] = {
    "in person": Attendance.IN_PERSON, "in-person": Attendance.IN_PERSON,
    "face to face": Attendance.IN_PERSON, "online": Attendance.ONLINE,
    "virtual": Attendance.ONLINE, "zoom": Attendance.ONLINE, "hybrid": Attendance.HYBRID,
    "phone": Attendance.PHONE, "telephone": Attendance.PHONE,
}  # fmt: skip
_OPEN_WORDS = {"open": True, "yes": True, "o": True, "closed": False, "no": False, "c": False}
_YES_NO = {**dict.fromkeys(("yes", "y", "true", "1"), True),
           **dict.fromkeys(("no", "n", "false", "0"), False)}  # fmt: skip


def template_csv() -> str:
    """The fama CSV template: the header row and two example rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = [column for column, _ in TEMPLATE_COLUMNS]
    writer.writerow(columns)
    for example in _TEMPLATE_EXAMPLES:
        writer.writerow([example.get(column, "") for column in columns])
    return out.getvalue()


def _word(row: Mapping[str, Any], column: str, words: Mapping[str, Any], what: str) -> Any:
    text = row.get(column, "")
    if not text:
        return None
    if text.lower() in words:
        return words[text.lower()]
    raise RecordError(column, f"{text!r} is not {what}")


def fama_drafts(row: Mapping[str, Any], context: Context) -> list[Draft]:
    """One row of the template as a meeting draft; a wrong cell raises a RecordError naming
    its column, in words the person keeping the spreadsheet can act on."""
    written = row.get("organisation", "")
    organisation = nz.parse_organisation(written) if written else context.organisation
    if organisation is None:
        if written:
            known = ", ".join(code.value for code in ORGANISATIONS)
            raise RecordError(
                "organisation", f"{written!r} is not an organisation fama knows ({known})"
            )
        raise RecordError(
            "organisation", "no organisation: fill in the column or use --organisation"
        )
    name = nz.clean_line(row.get("name"))
    if not name:
        raise RecordError("name", "the meeting has no name")
    weekday = day_from_name(row.get("day", ""))
    if weekday is None:
        if not row.get("day"):
            raise RecordError("day", "no day is given")
        raise RecordError("day", f"{row['day']!r} is not a day of the week (write e.g. Tuesday)")
    times = {}
    for column in ("start", "end"):
        if row.get(column):
            try:
                times[column] = parse_time(row[column])
            except ValueError as error:
                raise RecordError(column, str(error)) from None
    if "start" not in times:
        raise RecordError("start", "no start time is given")

    venue, address = nz.clean_line(row.get("venue")), nz.clean_line(row.get("address"))
    postcode = nz.normalise_postcode(row.get("postcode", ""))
    point = nz.coordinates(row.get("latitude"), row.get("longitude"))
    url = nz.clean_url(row.get("online url"))
    if row.get("online url") and not url:
        raise RecordError("online_url", f"{row['online url']!r} is not a web link")
    phone = nz.clean_line(row.get("phone"))
    # Here "temporarily closed" is the meeting itself pausing, not only its room (TSML's TC).
    closed = bool(_word(row, "temporarily closed", _YES_NO, "yes or no"))
    attendance: Attendance | None = _word(
        row, "attendance", _ATTENDANCE_WORDS, "in person, online, hybrid or phone"
    )
    if attendance is None:
        place = bool(venue or address or postcode or point)
        try:
            attendance = settle_attendance(
                place=place, link=bool(url), phone=bool(phone), online_code=False, closed=False
            )[0]
        except RecordError:
            raise RecordError(
                "attendance", "there is no venue, address, postcode or online link"
            ) from None

    audience: list[str] = []
    access: list[str] = []
    types: list[str] = []
    for column, words, tags in (
        ("audience", nz.AUDIENCE_WORDS, audience),
        ("access", nz.ACCESS_WORDS, access),
    ):
        for item in nz.split_list(row.get(column, "")):
            tag = words.get(item.lower())
            mc.add_unique(tags if tag else types, tag or item)
    languages = [mc.language_name(item) for item in nz.split_list(row.get("languages", ""))]
    key = row.get("id", "")
    return [
        Draft(
            key=key or stable_key(organisation, name, row["day"], row["start"], venue or address),
            key_field="id" if key else None,
            organisation=organisation,
            name=name,
            weekday=weekday,
            start=times["start"],
            end=times.get("end"),
            zone=record_zone(row.get("timezone"), context),
            attendance=attendance,
            temporarily_closed=closed,
            open_meeting=_word(row, "open", _OPEN_WORDS, "open or closed"),
            audience=audience,
            access=access,
            types=types,
            languages=languages,
            venue=venue,
            address=address,
            postcode=postcode,
            point=point,
            online_url=url,
            phone=phone,
            notes=nz.clean_notes(row.get("notes")),
        )
    ]
