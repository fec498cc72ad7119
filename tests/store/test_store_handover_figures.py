"""The warm handover's self-assessment figures (issue 17) through every store (the folder in
clear and encrypted, memory, PostgreSQL): the records of tests/helpers/handover_records.py
written in, and the figures the casebook counts for a quarter and the one before it the
same as those worked out again from the records without fama's counting code."""

from __future__ import annotations

from datetime import UTC, datetime

from fama.assessment.evidence import Evidence
from fama.assessment.period import Period
from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.store import Store
from tests.helpers.handover_records import Q3, Q4, Scenario, expected, scenario

NOW = datetime(2027, 1, 12, 10, 0, tzinfo=UTC)
"""After Q4 ended, as a lead would count it (the evidence's dates are the period's)."""


def write(store: Store, s: Scenario) -> None:
    store.put_records(s.records)
    store.change_contacts(lambda kept: [*kept, *s.contacts])
    for visit in s.visits:
        store.save_visit(visit)
    for member in s.staff:
        store.save_staff(member)


def figures(ev: Evidence) -> dict[str, tuple[int, int | None, dict[str, float]]]:
    return {
        name: (f.numerator, f.denominator, dict(f.breakdown))
        for name, f in ev.figures.items()
        if name in expected(scenario(), *Q4)
    }


def test_every_store_counts_the_handover_figures_of_a_quarter_and_the_one_before(
    store: Store,
) -> None:
    s = scenario()
    write(store, s)
    now, before = Casebook(store, FixedClock(NOW)).assessment.evidence_and_before(Period(*Q4))
    assert before.period == Period(*Q3)
    assert figures(now) == expected(s, *Q4)
    assert figures(before) == expected(s, *Q3)
    assert figures(now)["keyworkers_used_register"] == (2, 3, {"calls": 4})
    assert figures(before)["clients_met_or_accompanied"] == (1, 1, {"met them there": 1})


def test_the_register_counts_are_the_same_whichever_store_keeps_them(store: Store) -> None:
    s = scenario()
    write(store, s)
    counts = store.register_counts(*Q4)
    assert (counts.contacts, counts.stale) == (5, 3)
    assert dict(counts.visits) == {
        ("clients", "AA"): 2,
        ("clients", "NA"): 1,
        ("clients", "Peer mentors"): 1,
        ("staff", "SMART"): 1,
    }
    later = store.register_counts(Q4[1], Q4[1].replace(year=2030))
    assert dict(later.visits) == {("clients", "AA"): 1, ("staff", "CA"): 1}
