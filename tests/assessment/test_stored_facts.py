"""The facts a database keeps beside each record: the same facts back, without the code."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fama.assessment.facts import (
    ClientFacts,
    ConversationFacts,
    FollowUpFacts,
    GoalFacts,
    client_facts,
)
from fama.assessment.stored_facts import facts_from_row, facts_to_row
from fama.models.review import Handover
from fama.store import MemoryStore

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
words = st.text(min_size=1, max_size=12)
facts = st.builds(
    ClientFacts,
    code=st.just(""),
    episode_start=days,
    discharged=st.none() | days,
    substances=st.lists(words, max_size=3).map(tuple),
    goals=st.lists(
        st.builds(GoalFacts, words, days, st.none() | words, st.none() | words, words),
        max_size=3,
    ).map(tuple),
    follow_ups=st.lists(
        st.builds(
            lambda on, went, meetings, helpfulness, handover: FollowUpFacts(
                on, went, meetings, helpfulness, *handover
            ),
            days,
            st.booleans(),
            st.none() | st.integers(0, 50),
            st.none() | st.integers(0, 10),
            # a handover is kept only for a follow-up about a linked goal
            st.just((False, None))
            | st.tuples(st.just(True), st.none() | st.sampled_from([h.value for h in Handover])),
        ),
        max_size=3,
    ).map(tuple),
    conversations=st.lists(
        st.builds(ConversationFacts, days, st.booleans(), st.booleans()), max_size=3
    ).map(tuple),
    handouts=st.lists(st.tuples(words, days), max_size=3).map(tuple),
    calls=st.lists(st.tuples(days, words), max_size=3).map(tuple),
)


@given(facts)
def test_any_facts_come_back_as_they_were_kept(kept: ClientFacts) -> None:
    assert facts_from_row(facts_to_row(kept)) == kept


def test_the_demo_towns_facts_come_back_without_the_code(demo_town: MemoryStore) -> None:
    for summary in demo_town.client_summaries():
        made = client_facts(demo_town.load_client(summary.code))
        row = facts_to_row(made)
        assert summary.code not in str(row)
        assert facts_from_row(row) == dataclasses.replace(made, code="")


@pytest.mark.parametrize(
    "row",
    [
        {},
        {"episode_start": "soon"},
        {**facts_to_row(ClientFacts("", date(2026, 1, 5), None, ())), "goals": [[1]]},
    ],
)
def test_facts_not_in_the_kept_shape_are_refused(row: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="not in the expected shape"):
        facts_from_row(row)
