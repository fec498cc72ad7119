"""Where Kelbridge is: the town centre, its postcode districts and the venues meetings use.

Kelbridge is placed over Derby so that postcodes and distances behave like real ones:
venues sit in real DE postcode districts at plausible coordinates, but every venue and
street is made up."""

from __future__ import annotations

import hashlib
from typing import NamedTuple

TOWN = "Kelbridge"
TOWN_CENTRE = (52.92, -1.48)
"""Where Kelbridge's market square would be (central Derby)."""

_DISTRICT_ANCHORS: dict[str, tuple[float, float]] = {
    # A point inside each real district within about 7 km of the town centre (for the
    # outlying districts, their nearest village rather than the district centroid).
    "DE1": (52.9228, -1.4766),
    "DE3": (52.9049, -1.5428),
    "DE21": (52.9517, -1.4362),
    "DE22": (52.9531, -1.5211),
    "DE23": (52.8945, -1.4950),
    "DE24": (52.8910, -1.4373),
    "DE56": (52.9820, -1.4880),
    "DE65": (52.8720, -1.5450),
    "DE72": (52.9060, -1.3830),
    "DE73": (52.8720, -1.4380),
}
DISTRICTS: tuple[str, ...] = tuple(_DISTRICT_ANCHORS)


class _Venue(NamedTuple):
    name: str
    address: str
    postcode: str


VENUES: dict[str, _Venue] = {
    "quaker": _Venue("Quaker Meeting House", "12 Fellgate Street, Kelbridge", "DE1 3QT"),
    "hub": _Venue("Kelbridge Recovery Hub", "Unit 4, Tanner's Row, Kelbridge", "DE1 2HL"),
    "millyard": _Venue("Mill Yard Café", "3 Mill Yard, Bridgegate, Kelbridge", "DE1 3AW"),
    "oswin": _Venue("St Oswin's Centre", "Minster Walk, Kelbridge", "DE1 3GP"),
    "womens": _Venue("Kelbridge Women's Centre", "22 Curzon Row, Kelbridge", "DE1 1LJ"),
    "rainbow": _Venue("The Rainbow Rooms", "5 Sadlers Court, Kelbridge", "DE1 3NL"),
    "wilfrid": _Venue("St Wilfrid's Church Hall", "Abbey Lane, Abbeyfields, Kelbridge", "DE22 1DX"),
    "wesley": _Venue("Wesley Methodist Church", "Cavendish Road, Normanby, Kelbridge", "DE23 6JL"),
    "ymca": _Venue("Normanby YMCA, Room 2", "Lower Green Lane, Normanby, Kelbridge", "DE23 8BT"),
    "barnabas": _Venue(
        "St Barnabas Community Centre", "Radleigh Road, Chaddleton, Kelbridge", "DE21 4NE"
    ),
    "library": _Venue("Mickleford Library", "Station Road, Mickleford, Kelbridge", "DE3 9FB"),
    "wilmore": _Venue("Wilmore Community Hall", "Harrow Street, Wilmore, Kelbridge", "DE24 8QR"),
    "belworth": _Venue("Belworth Congregational Church", "Chapel Street, Belworth", "DE56 1AR"),
    "findlow": _Venue("Findlow Village Hall", "Heath Lane, Findlow", "DE65 6LN"),
    "spondale": _Venue("Spondale Parish Rooms", "Church Street, Spondale", "DE72 3GE"),
    "chellwick": _Venue("Chellwick Scout Hut", "Meadow Close, Chellwick", "DE73 5UA"),
}


def _jitter(key: str) -> tuple[float, float]:
    """Two numbers in [-1, 1] from a hash of ``key``: stable across runs, unlike ``hash()``."""
    digest = hashlib.sha256(key.encode()).digest()
    a = int.from_bytes(digest[:4], "big") / 0xFFFFFFFF
    b = int.from_bytes(digest[4:8], "big") / 0xFFFFFFFF
    return a * 2 - 1, b * 2 - 1


def venue_coordinates(key: str) -> tuple[float, float]:
    """The venue's district anchor moved up to about 700 m, so venues don't stack up."""
    district = VENUES[key].postcode.split()[0]
    lat, lon = _DISTRICT_ANCHORS[district]
    dlat, dlon = _jitter(key)
    return round(lat + dlat * 0.006, 5), round(lon + dlon * 0.009, 5)
