"""``book.contacts``: the register as a team lead keeps it (add, edit, import, visits), with
bad input refused in one sentence and nothing saved, and every change audited without the
contact's details."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fama.casebook.contacts import ContactError, ContactImportError
from fama.casebook.service import Casebook
from fama.models import VisitAudience
from fama.models.contact import CHECK_EVERY, Position, ServiceOwn
from fama.models.organisations import OrgCode
from tests.conftest import TODAY

SAM = {"organisation": "na", "name": "Sam", "phone": "07700 900123", "consent": True}


def trail(book: Casebook) -> list[str]:
    return [e.entry.what for e in book.trail.entries()]


def test_a_contact_is_added_with_todays_check_and_audited_without_details(
    casebook: Casebook,
) -> None:
    added = casebook.contacts.add(
        {**SAM, "position": "NA hospitals and institutions", "covers": "DE1 de22"}
    )
    assert added.organisation is OrgCode.NA and added.position is Position.NA_HOSPITALS_INSTITUTIONS
    assert added.areas == ["DE1", "DE22"] and added.last_checked == TODAY
    assert casebook.store.contacts() == [added]
    assert trail(casebook) == [f"contact {added.id} kept"]
    assert "Sam" not in str(trail(casebook)) and "07700" not in str(trail(casebook))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"organisation": "XA"}, "Unknown organisation 'XA'"),
        ({"phone": ""}, "needs a phone number or an email"),
        ({"consent": False}, "agreed to be"),
        ({"consent": "perhaps"}, "Consent must be yes or no"),
        ({"name": ""}, "first name or a role"),
        ({"covers": "SE1 7PB"}, "neither a meeting"),
        ({"last_checked": "2099-01-01"}, "future"),
        ({"position": "sponsor"}, "Unknown position"),
        ({"phone": "999"}, "UK phone number"),
    ],
)
def test_a_bad_contact_is_refused_in_one_sentence_and_nothing_saved(
    casebook: Casebook, change: dict[str, object], words: str
) -> None:
    with pytest.raises(ContactError, match=words) as refused:
        casebook.contacts.add({**SAM, **change})
    assert "\n" not in str(refused.value)
    assert casebook.store.contacts() == [] and trail(casebook) == []


def test_a_meeting_in_the_directory_is_covered_by_its_id(demo_casebook: Casebook) -> None:
    meeting = demo_casebook.store.meetings()[0]
    added = demo_casebook.contacts.add({**SAM, "covers": [meeting.id, "DE1"]})
    assert added.meetings == [meeting.id] and added.areas == ["DE1"]


def test_an_edit_changes_only_what_was_given(casebook: Casebook, clock: object) -> None:
    old = TODAY - CHECK_EVERY - timedelta(days=1)
    added = casebook.contacts.add({**SAM, "when": "evenings", "last_checked": old})
    assert [row.stale for row in casebook.contacts.listing()] == [True]
    edited = casebook.contacts.edit(added.id, {"email": "sam@example.org"})
    assert edited.model_dump(exclude={"email"}) == added.model_dump(exclude={"email"})
    assert edited.email == "sam@example.org"
    confirmed = casebook.contacts.edit(added.id, {"checked": True})
    assert confirmed.last_checked == TODAY
    assert [row.stale for row in casebook.contacts.listing()] == [False]
    with pytest.raises(ContactError, match="no contact 'nobody'"):
        casebook.contacts.edit("nobody", {"name": "Jo"})
    with pytest.raises(ContactError, match="phone number or an email"):
        casebook.contacts.edit(added.id, {"phone": "", "email": ""})
    assert casebook.store.contacts() == [confirmed]


CSV_GOOD = """organisation,name,role,phone,email,covers,consent,last_checked
AA,Pat,,07700 900001,,DE1;DE3,yes,2026-05-01
Peer mentors,,duty peer mentor,,peers@example.org,,yes,
"""


def test_an_import_adds_every_row(casebook: Casebook) -> None:
    added = casebook.contacts.import_csv(CSV_GOOD)
    assert [c.organisation for c in added] == [OrgCode.AA, ServiceOwn.PEER_MENTORS]
    assert added[0].last_checked == date(2026, 5, 1) and added[1].last_checked == TODAY
    assert len(casebook.store.contacts()) == 2
    assert trail(casebook) == ["contacts imported (2 kept)"]


def test_an_import_with_bad_rows_saves_nothing_and_names_each_row(casebook: Casebook) -> None:
    bad = CSV_GOOD + "XA,Al,,07700 900002,,,yes,\nNA,Bo,,,,,yes,\nCA,Cy,,07700 900003,,,no,\n"
    with pytest.raises(ContactImportError) as refused:
        casebook.contacts.import_csv(bad)
    assert refused.value.problems == [
        "Row 4: Unknown organisation 'XA': choose one of "
        + ", ".join([*(c.value for c in OrgCode), *(s.value for s in ServiceOwn)])
        + ".",
        "Row 5: A contact needs a phone number or an email address.",
        "Row 6: A contact is listed only once they have agreed to be.",
    ]
    assert casebook.store.contacts() == [] and trail(casebook) == []
    with pytest.raises(ContactImportError, match="organisation column"):
        casebook.contacts.import_csv("name,phone\nSam,07700 900123\n")
    with pytest.raises(ContactImportError, match="Unknown column 'surname'"):
        casebook.contacts.import_csv("organisation,surname\nAA,Smith\n")
    with pytest.raises(ContactImportError, match="no contacts"):
        casebook.contacts.import_csv("organisation,name\n")


def test_a_visit_is_recorded_and_a_bad_one_refused(casebook: Casebook) -> None:
    visit = casebook.contacts.record_visit(None, "AA", "Clients", "talked in group")
    assert visit.date == TODAY and visit.to_whom is VisitAudience.CLIENTS
    assert casebook.contacts.visits() == [visit]
    for when, org, whom, words in (
        (TODAY + timedelta(days=1), "AA", "staff", "future"),
        (None, "XA", "staff", "Unknown organisation"),
        (None, "AA", "everyone", "clients or staff"),
    ):
        with pytest.raises(ContactError, match=words):
            casebook.contacts.record_visit(when, org, whom)
    assert len(casebook.store.visits()) == 1
    assert trail(casebook) == [f"visit {visit.id} kept"]
