"""The warm handover's self-assessment figures (issue 17): stale contacts (1.1), fellowship
visits to clients (2.4, 2.5) and to staff (3.4), keyworkers who rang the register (3.2b) and
clients met or accompanied by their linked person (4.4), counted from hand-built records
(tests/helpers/handover_records.py) and checked against a count made without fama's code."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from fama.assessment.evidence import Evidence, EvidenceSource, compute_evidence
from fama.assessment.facts import client_facts, facts_from_json
from fama.assessment.period import Period
from fama.assessment.register_figures import RegisterCounts, count_register
from fama.assessment.stored_facts import facts_from_row, facts_to_row
from fama.models.review import Handover
from tests.helpers.handover_records import Q3, Q4, TODAY, Scenario, expected, scenario

NEW = (
    "contacts_stale",
    "visits_to_clients",
    "visits_to_staff",
    "keyworkers_used_register",
    "clients_met_or_accompanied",
)


def evidence(
    s: Scenario, period: tuple[date, date], register: RegisterCounts | None = None
) -> Evidence:
    source = EvidenceSource(
        s.records, staff=s.staff, contacts=s.contacts, visits=s.visits, register=register
    )
    return compute_evidence([source], Period(*period), today=TODAY)


def got(ev: Evidence, name: str) -> tuple[int, int | None, dict[str, float]]:
    figure = ev.figures[name]
    return figure.numerator, figure.denominator, dict(figure.breakdown)


@pytest.mark.parametrize("period", [Q4, Q3], ids=["Q4", "Q3"])
def test_the_figures_match_an_independent_count(period: tuple[date, date]) -> None:
    s = scenario()
    ev = evidence(s, period)
    for name, figure in expected(s, *period).items():
        assert got(ev, name) == figure, name


def test_the_figures_worked_out_by_hand_for_q4() -> None:
    """Q4 (1 Oct to 31 Dec 2026):

    * stale on 31 Dec: checked 1 Jan, 30 Jun and 1 May (check-by 30 Dec is past; 1 Jul's
      check-by is 31 Dec itself, not past): 3 of 5;
    * visits to clients: AA on 5 Oct and 31 Dec, NA, peer mentors (AA on 30 Sep is
      outside): 4; to staff: SMART on 1 Oct (CA on 1 Jan 2027 is outside): 1;
    * active staff: Jo, Priya, Dan (Lee left in September); calls in Q4: Jo twice, Priya
      (as "Priya", her login) and XX, who is not on the staff list (the call with no caller
      and Dan's call for a discharged client do not count): 2 of 3, 4 calls;
    * followed up about a linked goal: met, went with (after a "did not"), did not, not
      asked (the unlinked goal and the 30 Sep follow-up are left out): 2 of 4.
    """
    ev = evidence(scenario(), Q4)
    assert got(ev, "contacts_stale") == (3, 5, {})
    assert got(ev, "visits_to_clients") == (4, None, {"AA": 2, "NA": 1, "Peer mentors": 1})
    assert got(ev, "visits_to_staff") == (1, None, {"SMART": 1})
    assert got(ev, "keyworkers_used_register") == (2, 3, {"calls": 4})
    assert got(ev, "clients_met_or_accompanied") == (
        2,
        4,
        {Handover.MET.value: 1, Handover.WENT_WITH.value: 1},
    )


def test_the_figures_worked_out_by_hand_for_q3() -> None:
    """Q3 (1 Jul to 30 Sep 2026): only the contact checked on 1 Jan is stale on 30 Sep (the
    one checked on 1 Oct is not: checked after the period's end); one AA visit to clients;
    Lee still counts (he left on 15 Sep) and rang, as did Dan on 30 Sep: 2 of 4; the client
    met on 30 Sep: 1 of 1."""
    ev = evidence(scenario(), Q3)
    assert got(ev, "contacts_stale") == (1, 5, {})
    assert got(ev, "visits_to_clients") == (1, None, {"AA": 1})
    assert got(ev, "visits_to_staff") == (0, None, {})
    assert got(ev, "keyworkers_used_register") == (2, 4, {"calls": 2})
    assert got(ev, "clients_met_or_accompanied") == (1, 1, {Handover.MET.value: 1})


def test_the_items_show_them_beside_their_other_evidence() -> None:
    ev = evidence(scenario(), Q4)
    names = {item: [f.name for f in figures] for item, figures in ev.by_item.items()}
    assert names["1.1"] == ["meetings_by_organisation", "sources_verified", "contacts_stale"]
    assert names["2.4"] == names["2.5"] == ["visits_to_clients"]
    assert names["3.2b"] == ["keyworkers_used_register"]
    assert names["3.4"] == ["visits_to_staff"]
    assert names["4.4"] == ["goals_with_link", "goals_link_by_whom", "clients_met_or_accompanied"]


def test_counts_made_by_the_store_give_the_same_figures() -> None:
    s = scenario()
    counts = count_register(s.contacts, s.visits, *Q4)
    from_counts = evidence(dataclasses.replace(s, contacts=[], visits=[]), Q4, register=counts)
    assert from_counts.figures == evidence(s, Q4).figures


def test_stores_add_their_register_counts_up() -> None:
    s = scenario()
    source = EvidenceSource([], contacts=s.contacts, visits=s.visits)
    ev = compute_evidence([source, source], Period(*Q4), today=TODAY)
    assert got(ev, "contacts_stale") == (6, 10, {})
    assert got(ev, "visits_to_clients") == (8, None, {"AA": 4, "NA": 2, "Peer mentors": 2})


def test_nothing_to_count_is_zero_of_zero() -> None:
    ev = compute_evidence([EvidenceSource([])], Period(*Q4), today=TODAY)
    for name in NEW:
        numerator, denominator, _ = got(ev, name)
        assert numerator == 0 and denominator in (0, None), name


def test_the_facts_keep_calls_and_handovers_the_same_from_json_and_from_the_store() -> None:
    for record in scenario().records:
        made = client_facts(record)
        assert facts_from_json(record.model_dump(mode="json")) == made
        assert facts_from_row(facts_to_row(made)) == dataclasses.replace(made, code="")
    ring = client_facts(scenario().records[0])
    assert [by for _, by in ring.calls] == ["JB", "JB", "XX"]
    unlinked = client_facts(scenario().records[8])
    assert [(f.linked, f.handover) for f in unlinked.follow_ups] == [(False, None)]
    assert [len(f) for f in facts_to_row(unlinked)["follow_ups"]] == [4]
    assert "calls" not in facts_to_row(unlinked)
    went = client_facts(scenario().records[5])
    assert [(f.linked, f.handover) for f in went.follow_ups] == [
        (True, Handover.DID_NOT.value),
        (True, Handover.WENT_WITH.value),
    ]


def test_facts_kept_in_the_first_form_still_read() -> None:
    """Facts kept before calls and handovers were (a purged record's, or a row not yet
    counted again after a migration) read as having none."""
    made = client_facts(scenario().records[5])
    row = facts_to_row(made)
    assert [len(f) for f in row["follow_ups"]] == [5, 5], "about a linked goal: a fifth value"
    old = {k: v for k, v in row.items() if k not in ("shape", "calls")}
    old["follow_ups"] = [f[:4] for f in row["follow_ups"]]
    back = facts_from_row(old)
    assert back.calls == ()
    assert [(f.linked, f.handover) for f in back.follow_ups] == [(False, None), (False, None)]
    assert [f.on for f in back.follow_ups] == [f.on for f in made.follow_ups]


@pytest.mark.parametrize(
    "follow_up",
    [
        ["2026-11-03", True, None],
        ["2026-11-03", True, None, None, True, None],
        ["2026-11-03", True, None, None, ["met them there"]],
        [3, True, None, None],
        ["soon", True, None, None],
        [["2026-11-03"], True, None, None],
        "2026-11-03",
    ],
)
def test_a_follow_up_not_kept_as_four_or_five_values_is_refused(follow_up: object) -> None:
    row = facts_to_row(client_facts(scenario().records[4]))
    row["follow_ups"] = [follow_up]
    with pytest.raises(ValueError, match="not in the expected shape"):
        facts_from_row(row)


@pytest.mark.parametrize(
    "row",
    [
        {"contacts": 1},
        {"contacts": 1, "stale": "two", "visits": []},
        {"contacts": 1, "stale": 0, "visits": [["clients", "AA"]]},
        {"contacts": 1, "stale": 0, "visits": [["clients", "AA", True]]},
    ],
)
def test_register_counts_not_in_the_expected_shape_are_refused(row: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="not in the expected shape"):
        RegisterCounts.from_row(row)


def test_register_counts_read_back() -> None:
    row = {"contacts": 3, "stale": 1, "visits": [["clients", "AA", 2], ["staff", "NA", 1]]}
    assert RegisterCounts.from_row(row) == RegisterCounts(
        3, 1, {("clients", "AA"): 2, ("staff", "NA"): 1}
    )


def test_facts_from_json_refuse_a_bad_handover_or_call_date() -> None:
    for bad in ("hugged them", ["met them there"]):
        data = scenario().records[5].model_dump(mode="json")
        data["reviews"][0]["handover"] = bad
        with pytest.raises(ValueError, match=r"reviews\.handover"):
            facts_from_json(data)
    data = scenario().records[0].model_dump(mode="json")
    data["goals"][0]["support"]["calls"][0]["called_on"] = "soon"
    with pytest.raises(ValueError, match="called_on is not a date"):
        facts_from_json(data)
