"""The contacts register's records: what makes an entry complete, how it is named, and when it
goes stale."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from fama.models.contact import (
    CHECK_EVERY,
    Contact,
    Position,
    ServiceOwn,
    Visit,
    VisitAudience,
    normalise_phone,
    parse_contact_org,
    parse_position,
)
from fama.models.organisations import OrgCode

CHECKED = date(2026, 6, 1)


def contact(**fields: object) -> Contact:
    base: dict[str, object] = {
        "organisation": "AA",
        "name": "Sam",
        "phone": "07700 900123",
        "consent": True,
        "last_checked": CHECKED,
    }
    base.update(fields)
    return Contact.model_validate(base)


def test_a_complete_contact_keeps_what_was_given() -> None:
    c = contact(areas=["se1", "SE1", "m14"], meetings=["m2", "m1"], email=" sam@example.org ")
    assert c.organisation is OrgCode.AA
    assert c.areas == ["M14", "SE1"]
    assert c.meetings == ["m1", "m2"]
    assert c.email == "sam@example.org"
    assert c.called == "Sam"


def test_the_services_own_people_are_an_organisation() -> None:
    c = contact(organisation="Peer mentors", name="", role="peer mentor on duty")
    assert c.organisation is ServiceOwn.PEER_MENTORS
    assert c.called == "peer mentor on duty"
    assert parse_contact_org("recovery champions") is ServiceOwn.RECOVERY_CHAMPIONS
    assert parse_contact_org(" smart ") is OrgCode.SMART


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"name": "", "role": ""}, "first name or a role"),
        ({"phone": "", "email": ""}, "phone number or an email"),
        ({"consent": False}, "agreed"),
        ({"phone": "12345"}, "UK phone"),
        ({"phone": "+1 212 555 0100"}, "UK phone"),
        ({"email": "sam at example"}, "email address"),
        ({"areas": ["SE1 7PB"]}, "postcode district"),
        ({"organisation": "XA"}, "organisation"),
    ],
)
def test_an_incomplete_or_implausible_contact_is_refused(
    fields: dict[str, object], words: str
) -> None:
    with pytest.raises(ValidationError, match=words):
        contact(**fields)


@pytest.mark.parametrize(
    "raw", ["07700900123", "+44 20 7946 0000", "(020) 7946-0000", "0161 496 0000"]
)
def test_uk_numbers_are_accepted(raw: str) -> None:
    assert normalise_phone(raw) == " ".join(raw.split())


def test_an_entry_goes_stale_after_the_check_period() -> None:
    c = contact()
    assert c.check_by == CHECKED + CHECK_EVERY
    assert not c.stale(CHECKED + CHECK_EVERY)
    assert c.stale(CHECKED + CHECK_EVERY + timedelta(days=1))


def test_unknown_words_are_refused_in_one_sentence() -> None:
    with pytest.raises(ValueError, match="Unknown organisation 'XA'"):
        parse_contact_org("XA")
    assert parse_position("na hospitals and institutions") is Position.NA_HOSPITALS_INSTITUTIONS
    with pytest.raises(ValueError, match="Unknown position"):
        parse_position("sponsor")


def test_a_visit_names_whom_it_was_for() -> None:
    v = Visit(date=CHECKED, organisation=OrgCode.NA, to_whom=VisitAudience.STAFF)
    assert v.model_dump(mode="json")["to_whom"] == "staff"
    with pytest.raises(ValidationError):
        Visit.model_validate({"date": "2026-06-01", "organisation": "NA", "to_whom": "everyone"})
