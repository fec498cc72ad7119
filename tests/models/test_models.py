"""Models validate on the way in: codes, districts, dates, scales; and they round-trip JSON."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fama.models import (
    ORGANISATIONS,
    Client,
    ClientRecord,
    Goal,
    Meeting,
    OrgCode,
    Preferences,
    Review,
    StaffMember,
    Weekday,
    normalise_client_code,
    normalise_district,
)
from fama.models.common import label_list

areas = st.from_regex(r"[A-Z]{1,2}", fullmatch=True)
# Outward codes: A9, A99, AA9, AA99, and A9A / AA9A (a final letter only after one digit).
districts = st.one_of(
    st.builds(lambda a, n: f"{a}{n}", areas, st.integers(min_value=0, max_value=99)),
    st.builds(
        lambda a, n, t: f"{a}{n}{t}",
        areas,
        st.integers(min_value=0, max_value=9),
        st.sampled_from("ABEHMNPRVWXY"),
    ),
)


@given(districts, st.sampled_from(["", " ", "  "]), st.booleans())
def test_any_district_normalises_to_upper_case_without_spaces(
    district: str, pad: str, lower: bool
) -> None:
    typed = pad + (district.lower() if lower else district) + pad
    assert normalise_district(typed) == district


@given(districts, st.from_regex(r"[0-9][A-Z]{2}", fullmatch=True))
def test_a_full_postcode_is_always_refused(district: str, inward: str) -> None:
    with pytest.raises(ValueError, match="only the postcode district"):
        normalise_district(f"{district} {inward}")


@pytest.mark.parametrize("bad", ["", "SE", "123", "SE1-", "S E 1", "ABC1", "SE123"])
def test_bad_districts_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        normalise_district(bad)


@pytest.mark.parametrize("good", ["SE1", "m14", " sw1a ", "EC1V", "B1", "DE22"])
def test_real_districts_are_accepted(good: str) -> None:
    assert normalise_district(good) == good.strip().upper()


@pytest.mark.parametrize("bad", ["", "A", "-KB", "KB 1042", "x" * 21, "KB[1]"])
def test_bad_client_codes_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        normalise_client_code(bad)


def test_codes_and_keyworkers_are_compared_upper_case() -> None:
    client = Client(
        code=" kb-1 ", keyworker="jb", postcode_district="se1", episode_start=date(2026, 1, 1)
    )
    assert (client.code, client.keyworker, client.postcode_district) == ("KB-1", "JB", "SE1")
    goal = Goal(client_code="kb-1", wording="x", target_date=date(2026, 2, 1))
    assert goal.client_code == "KB-1"


def test_client_dates_must_be_in_order() -> None:
    with pytest.raises(ValidationError, match="discharge date cannot be before"):
        Client(
            code="KB-1",
            keyworker="JB",
            postcode_district="SE1",
            episode_start=date(2026, 5, 1),
            discharged=date(2026, 4, 1),
        )
    with pytest.raises(ValidationError, match="next review cannot be before"):
        Client(
            code="KB-1",
            keyworker="JB",
            postcode_district="SE1",
            episode_start=date(2026, 5, 1),
            next_review=date(2026, 4, 1),
        )


def test_goal_review_cannot_come_before_its_target() -> None:
    with pytest.raises(ValidationError, match="review date cannot be before"):
        Goal(
            client_code="KB-1",
            wording="Go",
            target_date=date(2026, 12, 1),
            review_date=date(2026, 11, 30),
        )


def test_scales_and_counts_are_bounded() -> None:
    with pytest.raises(ValidationError):
        Review(client_code="KB-1", date=date(2026, 1, 1), helpfulness=11)
    with pytest.raises(ValidationError):
        Review(client_code="KB-1", date=date(2026, 1, 1), meetings_since_last=-1)
    with pytest.raises(ValidationError, match="latest start time must be after"):
        Preferences(earliest=time(19), latest=time(18))


def test_moments_must_carry_a_timezone() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        Goal(
            client_code="KB-1",
            wording="x",
            target_date=date(2026, 1, 1),
            created_at=datetime(2026, 1, 1, 12, 0),
        )


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        StaffMember.model_validate({"id": "JB", "name": "Jo", "nickname": "J"})


def test_meeting_coordinates_come_in_pairs() -> None:
    with pytest.raises(ValidationError, match="both latitude and longitude"):
        Meeting(
            id="x",
            organisation=OrgCode.AA,
            name="AA",
            weekday=Weekday.MONDAY,
            start=time(19),
            latitude=52.9,
        )
    meeting = Meeting(
        id="x",
        organisation=OrgCode.AA,
        name="AA",
        weekday=Weekday.MONDAY,
        start=time(19),
        end=time(20, 30),
    )
    assert meeting.when == "Mon 19:00-20:30"


def test_record_round_trips_through_json() -> None:
    record = ClientRecord(
        client=Client(
            code="KB-1", keyworker="JB", postcode_district="SE1", episode_start=date(2026, 1, 1)
        ),
        goals=[Goal(client_code="KB-1", wording="goal [x]", target_date=date(2026, 2, 1))],
    )
    assert ClientRecord.model_validate_json(record.model_dump_json()) == record


def test_every_organisation_in_the_brief_is_registered() -> None:
    assert set(ORGANISATIONS) == set(OrgCode)
    assert ORGANISATIONS[OrgCode.SMART_FAMILY].for_whom.value == "family and friends"


def test_label_list() -> None:
    assert label_list([]) == ""
    assert label_list(["a"]) == "a"
    assert label_list(["a", "b", "c"]) == "a, b and c"
