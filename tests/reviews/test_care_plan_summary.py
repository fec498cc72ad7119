"""The summary for the care plan says what a care plan needs: meetings by name, a refusal
with its reasons and the date to come back to it, a client seeking help for someone else,
meetings counted over the days they were reported for, and plain words for the figures."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from fama.conversation.summary import escape_markdown
from fama.demo.town import build_demo
from fama.models import Attended, Client, ClientRecord, Declined, Goal, Meeting, Stage
from fama.models import Review as ReviewModel
from fama.reviews.care_plan_summary import helpfulness_words, span_words, summary
from fama.reviews.history import build_history
from fama.reviews.words import went_words

TODAY = date(2026, 11, 24)
TYPED = "[x] *y* _z_ <b> #1"
SMART = "demo:smart-01"


def moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=UTC)


def directory() -> dict[str, Meeting]:
    return {m.id: m for m in build_demo(TODAY).meetings}


def follow_up(day: date, **fields: Any) -> ReviewModel:
    values: dict[str, Any] = {
        "client_code": "T-1",
        "goal_id": "g1",
        "attended": Attended.YES,
        "created_at": moment(day),
        **fields,
    }
    return ReviewModel(date=day, **values)


def record(reviews: list[ReviewModel], **client: Any) -> ClientRecord:
    values: dict[str, Any] = {
        "code": "T-1",
        "keyworker": "JB",
        "postcode_district": "SE1",
        "episode_start": date(2026, 9, 1),
        "stage": Stage.FOLLOW_UP,
        **client,
    }
    goal = Goal(
        id="g1",
        client_code="T-1",
        wording=f"Go to the SMART meeting {TYPED}",
        target_date=date(2026, 12, 15),
        meeting_id=SMART,
        created_at=moment(date(2026, 9, 2)),
    )
    return ClientRecord(client=Client(**values), goals=[goal], reviews=reviews)


def test_meetings_by_name_counted_over_the_days_reported() -> None:
    meetings = directory()
    name = "SMART: SMART Recovery Kelbridge Central, Tue 19:30"
    rec = record(
        [
            follow_up(date(2026, 10, 30), meetings_since_last=1, meeting_ids=[SMART]),
            follow_up(date(2026, 11, 20), meetings_since_last=3, meeting_ids=[SMART]),
        ]
    )
    history = build_history(rec, meetings, today=TODAY, since=date(2026, 11, 20))
    assert (history.reported_from, history.reported_until) == (
        date(2026, 10, 31),
        date(2026, 11, 20),
    )
    txt = summary(history, rec, meetings, "txt")
    # Three meetings in a five-day period would misread a three-week report.
    assert (
        "- Meetings they reported: 3, over 3 weeks from Sat 31 Oct 2026 to Fri 20 Nov 2026" in txt
    )
    assert f"- Meetings they went to: {name}\n" in txt
    assert f"; at {name}; by Tue 15 Dec 2026)" in txt  # the goal's meeting by name
    assert "- How helpful: not asked" in txt


def test_a_refusal_with_reasons_and_the_date_to_come_back_to_it() -> None:
    refusal = Declined(
        on=date(2026, 11, 19), reason=f"Not now {TYPED}", revisit_on=date(2027, 1, 4)
    )
    rec = record([], declined=refusal, stage=Stage.NOT_STARTED)
    history = build_history(rec, {}, today=TODAY)
    txt = summary(history, rec, {}, "txt")
    assert (
        f"Mutual aid: said no for now on Thu 19 Nov 2026; their reasons: “Not now {TYPED}”; "
        "agreed to come back to it on Mon 4 Jan 2027\n"
    ) in txt
    md = summary(history, rec, {}, "md")
    assert escape_markdown(f"Not now {TYPED}") in md and TYPED not in md
    undated = record([], declined=Declined(on=date(2026, 11, 19)))
    text = summary(build_history(undated, {}, today=TODAY), undated, {}, "txt")
    assert (
        "Mutual aid: said no for now on Thu 19 Nov 2026; no date agreed to come back to it" in text
    )
    plain = record([])
    assert "Mutual aid:" not in summary(build_history(plain, {}, today=TODAY), plain, {}, "txt")


def test_a_client_seeking_help_for_someone_else_is_said_so() -> None:
    for fmt in ("txt", "md", "html"):
        rec = record([], for_family=True)
        text = summary(build_history(rec, {}, today=TODAY), rec, {}, fmt)
        assert "Seeking help for" in text and "someone else (a family member or friend)" in text
        alone = record([])
        assert "Seeking help for" not in summary(
            build_history(alone, {}, today=TODAY), alone, {}, fmt
        )
    demo = build_demo(TODAY)
    kb1063 = next(r for r in demo.records if r.client.code == "KB-1063")
    assert kb1063.client.for_family
    text = summary(build_history(kb1063, {}, today=TODAY), kb1063, {}, "txt")
    assert "Seeking help for: someone else (a family member or friend)" in text


def test_plain_text_has_no_markdown_escapes() -> None:
    demo = build_demo(TODAY)
    meetings = {m.id: m for m in demo.meetings}
    rec = record(
        [
            follow_up(date(2026, 11, 5), barriers=[TYPED]),
            follow_up(date(2026, 11, 12), barriers=[TYPED]),
        ]
    )
    for each in [*demo.records, rec]:
        txt = summary(build_history(each, meetings, today=TODAY), each, meetings, "txt")
        assert not re.search(r"\\[\\`*_{}\[\]()#+\-.!|<>&~]", txt), each.client.code
    txt = summary(build_history(rec, {}, today=TODAY), rec, {}, "txt")
    assert f"- {TYPED} (twice)" in txt


def test_one_score_is_said_once() -> None:
    assert helpfulness_words([8], 8.0) == "8"
    assert helpfulness_words([7, 7], 7.0) == "7 each time"
    assert helpfulness_words([4, 9], 6.5) == "mean 6.5, from 4 to 9"
    assert span_words(date(2026, 11, 18), date(2026, 11, 20)) == (
        "3 days from Wed 18 Nov 2026 to Fri 20 Nov 2026"
    )
    assert span_words(None, date(2026, 11, 20)) == "the time up to Fri 20 Nov 2026"


ATTENDED = st.sampled_from(list(Attended))


@given(
    st.lists(
        st.tuples(ATTENDED, st.integers(0, 10), st.one_of(st.none(), st.integers(0, 10))),
        min_size=1,
        max_size=5,
    )
)
def test_never_went_at_none_nor_a_range_of_one(
    reports: list[tuple[Attended, int, int | None]],
) -> None:
    reviews = [
        follow_up(date(2026, 10, 1 + 7 * i), attended=a, meetings_since_last=m, helpfulness=h)
        for i, (a, m, h) in enumerate(reports)
    ]
    rec = record(reviews)
    history = build_history(rec, {}, today=TODAY, since=date(2026, 10, 1))
    txt = summary(history, rec, {}, "txt")
    changes = " ".join(history.changes)
    for text in (txt, changes):
        assert "went at 0" not in text
        assert not re.search(r"\b(\d+) to \1\b", text)
    if all(a is Attended.NO for a, _, _ in reports):
        assert f"Follow-ups: {len(reports)}; they did not go" in txt


def test_went_words() -> None:
    assert went_words(0, 2, True) == "they did not go"
    assert went_words(0, 2, False) == "they did not say they went"
    assert went_words(1, 1, False) == "they said they went"
    assert went_words(2, 2, False) == "they said they went at both"
    assert went_words(3, 3, False) == "they said they went at all 3"
    assert went_words(1, 3, False) == "they said they went at 1 of 3"
