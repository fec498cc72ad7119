"""Where things are: postcode districts, their centres and distances between them.

A client is placed by their postcode *district* (``SE1``), never their address; a meeting by
its own coordinates when the directory has them, else by its postcode's district. District
centres come from a file the service imports (the layout of the shared
``uk-outcode-centroids.csv``), topped up with positions derived from the meetings' own
postcodes and coordinates, so a service that never imports a file can still judge distance
within its own area.

Pure: standard library only (no pydantic, no Textual, no TinyDB).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fama.text.safe import NO_SUCH_FILE, FileRefused, read_limited, strip_controls

if TYPE_CHECKING:
    from fama.models.meeting import Meeting

EARTH_RADIUS_MILES = 3958.8

# An outward code: area letters, district digit(s), optional final letter (SW1A, EC1V, M14).
_DISTRICT_RE = re.compile(r"^([A-Z]{1,2})[0-9][0-9A-Z]?$")
# A whole postcode without its space: the inward code is a digit and two letters.
_POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)([0-9][A-Z]{2})$")
_INWARD_RE = re.compile(r"^[0-9][A-Z]{2}$")

# A generous box around the UK, Channel Islands and Isle of Man (meeting-formats.md §5.6):
# it catches latitude and longitude swapped, which world-wide ranges would let through.
UK_LATITUDE = (49.0, 61.0)
UK_LONGITUDE = (-9.0, 2.0)

REQUIRED_COLUMNS = ("outcode", "latitude", "longitude")

BASIS_DISTRICT = "district"
BASIS_WITHOUT_LETTER = "district without its final letter"
BASIS_AREA = "postcode area"
BASIS_MEETINGS = "meetings in the district"


def outcode_of(postcode: str) -> str | None:
    """The outward code of a UK postcode or district, upper case; ``None`` if it is not one.

    ``'se1 7pb'`` -> ``'SE1'``, ``'SE1'`` -> ``'SE1'``, ``'SW1A 1AA'`` -> ``'SW1A'``;
    ``'10001'``, ``'75001 Paris'`` or ``''`` -> ``None``.
    """
    parts = postcode.upper().split()
    if len(parts) == 1:
        text = parts[0]
        if _DISTRICT_RE.match(text):
            return text
        whole = _POSTCODE_RE.match(text)
        return whole.group(1) if whole else None
    if len(parts) == 2 and _DISTRICT_RE.match(parts[0]) and _INWARD_RE.match(parts[1]):
        return parts[0]
    return None


def area_of(district: str) -> str:
    """The postcode area: the district's leading letters (``SW1A`` -> ``SW``, ``M14`` -> ``M``)."""
    end = 0
    while end < len(district) and district[end].isalpha():
        end += 1
    return district[:end]


def haversine_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles between two (latitude, longitude) points in degrees."""
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


class LocationsError(Exception):
    """A district-centres file that cannot be used: one plain sentence naming the file and the
    first problem (row and column)."""


def _number(
    text: str, *, name: str, row: int, column: str, low: float, high: float, place: str
) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        shown = f"'{text}'" if text else "nothing"
        raise LocationsError(
            f"{name}, row {row}, column {column}: expected a number of degrees but found {shown}."
        )
    if not low <= value <= high:
        raise LocationsError(
            f"{name}, row {row}, column {column}: {text} is outside {place} "
            f"({low:g} to {high:g}): it is not a UK place, or latitude and longitude are swapped."
        )
    return value


def read_locations_csv(path: Path) -> dict[str, tuple[float, float]]:
    """District centres from a CSV laid out like ``uk-outcode-centroids.csv``.

    Columns ``outcode,latitude,longitude`` are required (in any order, names in any case);
    others (``country``, ``county``, ``source_places``) are ignored. A header row is
    required. All or nothing: the first bad row raises :class:`LocationsError` naming the
    row as a spreadsheet numbers it (the header is row 1) and the column. Blank rows are
    skipped. Coordinates must lie in a box around the UK, Channel Islands and Isle of Man,
    which also catches latitude and longitude swapped.
    """
    name = strip_controls(path.name)
    try:
        content = read_limited(path)
    except FileRefused as refused:
        where = f" ({strip_controls(str(path))})" if refused.problem == NO_SUCH_FILE else ""
        raise LocationsError(f"{name}: {refused.problem}{where}.") from None
    try:
        # Controls and bidi overrides go before reading: a cell quoted in an error message
        # must not drive the terminal.
        text = strip_controls(content.decode("utf-8-sig"))
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except UnicodeDecodeError as error:
        raise LocationsError(
            f"{name}: the file is not UTF-8 text (save it as CSV UTF-8)."
        ) from error
    except csv.Error as error:
        raise LocationsError(f"{name}: the file could not be read ({error}).") from error
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise LocationsError(f"{name}: the file is empty; it needs a header row first.")
    header = [cell.strip().lower() for cell in rows[0]]
    for column in REQUIRED_COLUMNS:
        if column not in header:
            raise LocationsError(
                f"{name}, row 1: the header has no '{column}' column "
                f"(it needs {', '.join(REQUIRED_COLUMNS)})."
            )
    at = {column: header.index(column) for column in REQUIRED_COLUMNS}
    width = max(at.values()) + 1
    found: dict[str, tuple[float, float]] = {}
    first_row: dict[str, int] = {}
    for row_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < width:
            missing = next(c for c in REQUIRED_COLUMNS if at[c] >= len(row))
            raise LocationsError(
                f"{name}, row {row_number}, column {missing}: the value is missing."
            )
        raw = row[at["outcode"]].strip().upper()
        if not _DISTRICT_RE.match(raw):
            shown = f"'{row[at['outcode']].strip()}'" if raw else "nothing"
            raise LocationsError(
                f"{name}, row {row_number}, column outcode: expected a postcode district "
                f"such as SE1 or M14 but found {shown}."
            )
        if raw in found:
            raise LocationsError(
                f"{name}, row {row_number}, column outcode: {raw} is listed twice "
                f"(first in row {first_row[raw]})."
            )
        latitude = _number(
            row[at["latitude"]].strip(),
            name=name,
            row=row_number,
            column="latitude",
            low=UK_LATITUDE[0],
            high=UK_LATITUDE[1],
            place="the UK's latitudes",
        )
        longitude = _number(
            row[at["longitude"]].strip(),
            name=name,
            row=row_number,
            column="longitude",
            low=UK_LONGITUDE[0],
            high=UK_LONGITUDE[1],
            place="the UK's longitudes",
        )
        found[raw] = (latitude, longitude)
        first_row[raw] = row_number
    if not found:
        raise LocationsError(f"{name}: the file has a header but no districts.")
    return found


@dataclass(frozen=True)
class Located:
    """Where a district was placed, and how sure of it we are."""

    latitude: float
    longitude: float
    basis: str
    """``"district"``, ``"district without its final letter"`` (W1D -> W1), ``"postcode
    area"`` (the mean of the area's districts, W) or ``"meetings in the district"``."""

    @property
    def point(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)


def _mean(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    total_lat = total_lon = 0.0
    count = 0
    for lat, lon in points:
        total_lat += lat
        total_lon += lon
        count += 1
    return (total_lat / count, total_lon / count) if count else None


class Locations:
    """District centres: imported ones first, then ones derived from the meetings."""

    def __init__(
        self,
        districts: Mapping[str, tuple[float, float]],
        derived: Mapping[str, tuple[float, float]] | None = None,
    ) -> None:
        self.districts: dict[str, tuple[float, float]] = {
            key.strip().upper(): (float(lat), float(lon)) for key, (lat, lon) in districts.items()
        }
        self.derived: dict[str, tuple[float, float]] = {
            key.strip().upper(): (float(lat), float(lon))
            for key, (lat, lon) in (derived or {}).items()
            if key.strip().upper() not in self.districts
        }
        self._areas: dict[str, tuple[float, float]] | None = None
        self._by_postcode: dict[str, tuple[float, float] | None] = {}

    def __len__(self) -> int:
        return len(self.districts) + len(self.derived)

    @classmethod
    def build(
        cls, imported: Mapping[str, tuple[float, float]], meetings: Iterable[Meeting]
    ) -> Locations:
        """Imported district centres first; for districts not imported, the mean position of
        the meetings in that district that have coordinates (from their own postcodes)."""
        known = {key.strip().upper() for key in imported}
        sums: dict[str, list[float]] = {}
        for meeting in meetings:
            if meeting.latitude is None or meeting.longitude is None:
                continue
            district = outcode_of(meeting.postcode)
            if district is None or district in known:
                continue
            total = sums.setdefault(district, [0.0, 0.0, 0.0])
            total[0] += meeting.latitude
            total[1] += meeting.longitude
            total[2] += 1
        derived = {key: (lat / n, lon / n) for key, (lat, lon, n) in sums.items()}
        return cls(imported, derived)

    def _exact(self, district: str) -> tuple[float, float] | None:
        return self.districts.get(district) or self.derived.get(district)

    def _area_means(self) -> dict[str, tuple[float, float]]:
        if self._areas is None:
            grouped: dict[str, list[tuple[float, float]]] = {}
            for source in (self.districts, self.derived):
                for key, point in source.items():
                    grouped.setdefault(area_of(key), []).append(point)
            self._areas = {
                area: mean for area, points in grouped.items() if (mean := _mean(points))
            }
        return self._areas

    def lookup(self, district: str) -> Located | None:
        """Exact district (imported, then derived from meetings), then the district without
        its final letter (W1D -> W1), then the mean of the postcode area (the districts whose
        area letters are the same, so ``W`` and not ``WC``), else ``None``: distance unknown.

        Accepts a district in any case or a whole postcode; anything else gives ``None``.
        """
        code = outcode_of(district)
        if code is None:
            return None
        if (point := self.districts.get(code)) is not None:
            return Located(point[0], point[1], BASIS_DISTRICT)
        if (point := self.derived.get(code)) is not None:
            return Located(point[0], point[1], BASIS_MEETINGS)
        if code[-1].isalpha() and (point := self._exact(code[:-1])) is not None:
            return Located(point[0], point[1], BASIS_WITHOUT_LETTER)
        if (point := self._area_means().get(area_of(code))) is not None:
            return Located(point[0], point[1], BASIS_AREA)
        return None

    def meeting_point(self, meeting: Meeting) -> tuple[float, float] | None:
        """The meeting's own coordinates when present, else its postcode district's centre
        (exact, or without the final letter), else ``None``.

        A whole postcode area is too coarse to place a venue, so the area fallback that
        :meth:`lookup` allows for a client is not used here.
        """
        if meeting.latitude is not None and meeting.longitude is not None:
            return (meeting.latitude, meeting.longitude)
        postcode = meeting.postcode
        if postcode in self._by_postcode:
            return self._by_postcode[postcode]
        point: tuple[float, float] | None = None
        located = self.lookup(postcode) if postcode else None
        if located is not None and located.basis != BASIS_AREA:
            point = located.point
        self._by_postcode[postcode] = point
        return point
