"""Postcode districts, distances and the district-centres file (fama.directory.geo)."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fama.demo.town import build_demo
from fama.directory.geo import (
    Located,
    Locations,
    LocationsError,
    area_of,
    haversine_miles,
    outcode_of,
    read_locations_csv,
)
from fama.models import Meeting, OrgCode, Weekday

CENTROIDS = Path(__file__).resolve().parents[3] / "shared" / "data" / "uk-outcode-centroids.csv"
HEADER = "outcode,latitude,longitude,country,county,source_places\n"


@pytest.fixture(scope="module")
def centroids() -> dict[str, tuple[float, float]]:
    return read_locations_csv(CENTROIDS)


def write(tmp_path: Path, text: str, name: str = "centres.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def meeting(
    key: str, postcode: str = "", lat: float | None = None, lon: float | None = None
) -> Meeting:
    return Meeting(
        id=f"test:{key}",
        organisation=OrgCode.AA,
        name=key,
        weekday=Weekday.MONDAY,
        start=time(19, 0),
        postcode=postcode,
        latitude=lat,
        longitude=lon,
    )


# --------------------------------------------------------------------------- outcodes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("se1 7pb", "SE1"),
        ("SE1 7PB", "SE1"),
        ("SE17PB", "SE1"),
        ("SE17 1PB", "SE17"),
        ("SE171PB", "SE17"),
        ("SE1", "SE1"),
        ("  se1  ", "SE1"),
        ("SW1A 1AA", "SW1A"),
        ("sw1a1aa", "SW1A"),
        ("M14", "M14"),
        ("M1 1AE", "M1"),
        ("EC1V 9HX", "EC1V"),
        ("W1D 3QT", "W1D"),
        ("DE22 1DX", "DE22"),
        ("B33 8TH", "B33"),
        ("", None),
        ("   ", None),
        ("10001", None),
        ("75001 Paris", None),
        ("SE1 7PB UK", None),
        ("SE", None),
        ("1SE 7PB", None),
        ("SE1 PB7", None),
        ("ABC1 2DE", None),
        ("not a postcode", None),
    ],
)
def test_outcode_of(text: str, expected: str | None) -> None:
    assert outcode_of(text) == expected


areas = st.from_regex(r"[A-Z]{1,2}", fullmatch=True)
districts = st.one_of(
    st.builds(lambda a, n: f"{a}{n}", areas, st.integers(min_value=0, max_value=99)),
    st.builds(
        lambda a, n, t: f"{a}{n}{t}",
        areas,
        st.integers(min_value=0, max_value=9),
        st.sampled_from("ABEHMNPRVWXY"),
    ),
)


@given(districts, st.from_regex(r"[0-9][A-Z]{2}", fullmatch=True), st.sampled_from(["", " ", "  "]))
def test_outcode_of_any_postcode(district: str, inward: str, space: str) -> None:
    assert outcode_of(f"{district}{space}{inward}".lower()) == district
    assert outcode_of(district) == district


@pytest.mark.parametrize(
    ("district", "area"), [("SW1A", "SW"), ("M14", "M"), ("W1D", "W"), ("WC2H", "WC")]
)
def test_area_of(district: str, area: str) -> None:
    assert area_of(district) == area


# --------------------------------------------------------------------------- distance


def test_haversine_london_to_manchester(centroids: dict[str, tuple[float, float]]) -> None:
    miles = haversine_miles(centroids["SE1"], centroids["M1"])
    assert miles == pytest.approx(160, rel=0.03)


def test_haversine_basics() -> None:
    derby = (52.9228, -1.4766)
    assert haversine_miles(derby, derby) == 0
    a, b = (51.5, -0.1), (53.48, -2.24)
    assert haversine_miles(a, b) == pytest.approx(haversine_miles(b, a))
    # One degree of latitude is about 69 miles anywhere.
    assert haversine_miles((52.0, -1.0), (53.0, -1.0)) == pytest.approx(69.1, abs=0.1)
    # Antipodes: half the earth's circumference, with no domain error from rounding.
    assert haversine_miles((0.0, 0.0), (0.0, 180.0)) == pytest.approx(12436, rel=0.001)


# --------------------------------------------------------------------------- the file


def test_reads_the_shared_centroids(centroids: dict[str, tuple[float, float]]) -> None:
    assert len(centroids) == 3002
    assert centroids["SE1"] == (51.4988, -0.0947)
    assert centroids["M14"] == (53.4482, -2.2257)
    assert "SW1A" in centroids
    assert "ZE3" in centroids
    assert all(key == key.upper() and " " not in key for key in centroids)


def test_reads_columns_in_any_order_with_a_bom_and_blank_rows(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "\ufeffLongitude, Outcode ,LATITUDE\n-0.0947,se1,51.4988\n\n-2.2257, M14 ,53.4482\n",
        encoding="utf-8",
    )
    assert read_locations_csv(path) == {"SE1": (51.4988, -0.0947), "M14": (53.4482, -2.2257)}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("outcode,lat,longitude\nSE1,51.5,-0.09\n", ["row 1", "'latitude' column"]),
        ("postcode,latitude,longitude\nSE1,51.5,-0.09\n", ["row 1", "'outcode' column"]),
        (
            HEADER + "SE1,51.5,-0.09,England,,1\nM14,fifty,-2.2,England,,1\n",
            ["row 3", "latitude", "'fifty'"],
        ),
        (HEADER + "SE1,51.5,,England,,1\n", ["row 2", "column longitude", "nothing"]),
        (HEADER + "SE1,51.5,-0.09,England,,1\nM14,53.4,nan,England,,1\n", ["row 3", "longitude"]),
        (HEADER + "SE1,95.5,-0.09,England,,1\n", ["row 2", "column latitude", "outside"]),
        (HEADER + "SE1,51.5,-0.09,England,,1\nM1,40.7,-74.0,,,1\n", ["row 3", "column latitude"]),
        (
            HEADER + "SE1,-0.0947,51.4988,England,,1\n",
            ["row 2", "column latitude", "swapped"],
        ),
        (HEADER + "SE1,51.4988,-20.5,England,,1\n", ["row 2", "column longitude", "outside"]),
        (
            HEADER + "SE1,51.5,-0.09,England,,1\nSE1 7PB,51.5,-0.09,England,,1\n",
            ["row 3", "column outcode", "'SE1 7PB'"],
        ),
        (HEADER + ",51.5,-0.09,England,,1\n", ["row 2", "column outcode", "nothing"]),
        (
            HEADER + "SE1,51.5,-0.09,England,,1\nse1,51.6,-0.1,England,,1\n",
            ["row 3", "listed twice", "row 2"],
        ),
        (HEADER + "SE1,51.5\n", ["row 2", "column longitude", "missing"]),
        ("", ["empty"]),
        (HEADER, ["no districts"]),
    ],
)
def test_bad_files_name_the_file_row_and_column(
    tmp_path: Path, text: str, words: list[str]
) -> None:
    path = write(tmp_path, text, "my-centres.csv")
    with pytest.raises(LocationsError) as caught:
        read_locations_csv(path)
    message = str(caught.value)
    assert message.startswith("my-centres.csv")
    assert message.endswith((".", ")"))
    assert "\n" not in message
    for word in words:
        assert word in message


def test_a_missing_or_unreadable_file_is_a_locations_error(tmp_path: Path) -> None:
    with pytest.raises(LocationsError, match=r"nope\.csv: there is no such file"):
        read_locations_csv(tmp_path / "nope.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(HEADER.encode() + "SE1,51.5,-0.09,Engl\xe4nd,,1\n".encode("latin-1"))
    with pytest.raises(LocationsError, match="not UTF-8"):
        read_locations_csv(latin)


# --------------------------------------------------------------------------- look-up


def test_lookup_exact_then_without_final_letter_then_area() -> None:
    locations = Locations(
        {"W1": (51.5155, -0.1474), "W2": (51.5152, -0.1782), "WC2H": (51.51, -0.12)}
    )
    assert locations.lookup("W1") == Located(51.5155, -0.1474, "district")
    assert locations.lookup("w1d 3qt") == Located(
        51.5155, -0.1474, "district without its final letter"
    )
    # W9 is unknown: the mean of the W area (W1, W2), not of WC.
    area = locations.lookup("W9")
    assert area is not None
    assert area.basis == "postcode area"
    assert area.latitude == pytest.approx((51.5155 + 51.5152) / 2)
    assert area.longitude == pytest.approx((-0.1474 - 0.1782) / 2)
    assert locations.lookup("WC1A") == Located(51.51, -0.12, "postcode area")
    assert locations.lookup("ZZ9") is None
    assert locations.lookup("not a district") is None
    assert locations.lookup("") is None


def test_lookup_on_the_shared_file(centroids: dict[str, tuple[float, float]]) -> None:
    locations = Locations(centroids)
    assert locations.lookup("SE1") == Located(51.4988, -0.0947, "district")
    w1z = locations.lookup("W1Z")  # not a real district: placed at W1
    assert w1z is not None
    assert (w1z.point, w1z.basis) == (centroids["W1"], "district without its final letter")
    m99z = locations.lookup("M98")  # unknown number: the Manchester area
    assert m99z is not None
    assert m99z.basis == "postcode area"
    assert haversine_miles(m99z.point, centroids["M1"]) < 10
    assert locations.lookup("QQ1") is None


def test_build_derives_districts_from_meetings() -> None:
    meetings = [
        meeting("a", "ZZ1 1AA", 52.0, -1.0),
        meeting("b", "zz1 2bb", 52.2, -1.2),
        meeting("c", "ZZ1 3CC"),  # no coordinates: adds nothing
        meeting("d", "SE1 7PB", 10.0, 10.0),  # imported already: the import wins
        meeting("e", "", 53.0, -2.0),  # no postcode: no district to derive
    ]
    locations = Locations.build({"SE1": (51.4988, -0.0947)}, meetings)
    zz1 = locations.lookup("ZZ1")
    assert zz1 is not None
    assert zz1.basis == "meetings in the district"
    assert zz1.point == pytest.approx((52.1, -1.1))
    assert locations.lookup("SE1") == Located(51.4988, -0.0947, "district")
    assert locations.lookup("ZZ1A") is not None  # falls back to the derived ZZ1
    assert len(locations) == 2


def test_build_from_the_demo_directory_alone() -> None:
    meetings = build_demo(date(2026, 11, 24)).meetings
    locations = Locations.build({}, meetings)
    de1 = locations.lookup("DE1")
    assert de1 is not None
    assert de1.basis == "meetings in the district"
    assert haversine_miles(de1.point, (52.9228, -1.4766)) < 1
    assert locations.lookup("DE98") is not None  # the DE area mean
    assert locations.lookup("SE1") is None


def test_meeting_point() -> None:
    locations = Locations({"SE1": (51.4988, -0.0947), "W1": (51.5155, -0.1474)})
    assert locations.meeting_point(meeting("own", "SE1 7PB", 51.5, -0.1)) == (51.5, -0.1)
    assert locations.meeting_point(meeting("pc", "SE1 7PB")) == (51.4988, -0.0947)
    assert locations.meeting_point(meeting("w1d", "W1D 3QT")) == (51.5155, -0.1474)
    # An area mean is too rough to place a venue; no postcode, no place.
    assert locations.meeting_point(meeting("area", "SE9 1AA")) is None
    assert locations.meeting_point(meeting("none")) is None
