"""Merging a re-imported feed into the saved directory (fama.directory.merge)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from fama.directory.feeds import ParsedFeed, read_feed
from fama.directory.merge import merge_directory
from fama.models.common import Weekday
from fama.models.meeting import FlagKind, Meeting, MeetingFlag, SourceKind
from fama.models.organisations import OrgCode

FIRST = datetime(2026, 1, 14, 12, 0, tzinfo=UTC)
SECOND = datetime(2026, 2, 11, 12, 0, tzinfo=UTC)


def record(slug: str, **changes: Any) -> dict[str, Any]:
    return {
        "name": f"Meeting {slug}",
        "slug": slug,
        "day": 2,
        "time": "19:30",
        "location": "Church hall",
        "address": "1 High St, Derby DE1 1AA",
        **changes,
    }


def feed_of(
    tmp_path: Path, *records: dict[str, Any], name: str = "aa.json", at: datetime = FIRST
) -> ParsedFeed:
    path = tmp_path / name
    path.write_text(json.dumps(list(records)), encoding="utf-8")
    return read_feed(path, organisation=OrgCode.AA, imported_at=at)


def local_meeting(key: str) -> Meeting:
    return Meeting(
        id=f"local:{key}",
        organisation=OrgCode.LOCAL,
        name=f"Drop-in {key}",
        weekday=Weekday.FRIDAY,
        start=time(14, 0),
        source="local",
        source_kind=SourceKind.LOCAL,
    )


def ids(meetings: list[Meeting]) -> list[str]:
    return [meeting.id for meeting in meetings]


def test_a_first_import_adds_everything(tmp_path: Path) -> None:
    feed = feed_of(tmp_path, record("a"), record("b"))
    result = merge_directory([], feed, imported_at=FIRST)
    assert result.added == ["meeting-guide:aa.json:a", "meeting-guide:aa.json:b"]
    assert result.updated == result.unchanged == result.gone == []
    assert ids(result.meetings) == result.added
    assert all(m.imported_at == FIRST and m.active for m in result.meetings)


def test_a_re_import_adds_updates_keeps_and_retires(tmp_path: Path) -> None:
    before = merge_directory(
        [], feed_of(tmp_path, record("a"), record("b"), record("c")), imported_at=FIRST
    ).meetings
    again = feed_of(tmp_path, record("a"), record("b", time="20:00"), record("d"), at=SECOND)
    result = merge_directory(before, again, imported_at=SECOND)
    prefix = "meeting-guide:aa.json:"
    assert result.unchanged == [prefix + "a"]
    assert result.updated == [prefix + "b"]
    assert result.gone == [prefix + "c"]
    assert result.added == [prefix + "d"]
    merged = {m.id: m for m in result.meetings}
    assert ids(result.meetings) == [prefix + key for key in "abcd"]
    assert merged[prefix + "b"].start == time(20, 0)
    # Gone is kept, inactive, never deleted: a client's goal may name it.
    assert merged[prefix + "c"].active is False
    assert merged[prefix + "c"].name == "Meeting c"
    assert merged[prefix + "a"].imported_at == SECOND


def test_other_sources_are_untouched(tmp_path: Path) -> None:
    mine = merge_directory([], feed_of(tmp_path, record("a")), imported_at=FIRST).meetings
    theirs = merge_directory(
        [], feed_of(tmp_path, record("a"), name="ca.json"), imported_at=FIRST
    ).meetings
    existing = [local_meeting("x"), *mine, *theirs]
    result = merge_directory(
        existing, feed_of(tmp_path, record("z"), at=SECOND), imported_at=SECOND
    )
    assert result.meetings[0] is existing[0]
    assert result.meetings[2] is existing[2]  # the other file's meeting, same id key "a"
    assert result.gone == ["meeting-guide:aa.json:a"]


def test_keyworkers_flags_and_checks_survive_a_re_import(tmp_path: Path) -> None:
    first = merge_directory([], feed_of(tmp_path, record("a"), record("b")), imported_at=FIRST)
    flag = MeetingFlag(kind=FlagKind.DID_NOT_RUN, on=date(2026, 1, 20), by="JB")
    a, b = first.meetings
    existing = [
        a.model_copy(update={"flags": [flag], "last_verified": date(2026, 1, 21)}),
        b.model_copy(update={"last_verified": date(2026, 1, 2)}),
    ]
    later_check = feed_of(tmp_path, record("a"), record("b"), at=SECOND)
    newer = later_check.meetings[1].model_copy(update={"last_verified": date(2026, 2, 1)})
    later_check = ParsedFeed(
        later_check.kind, later_check.source, [later_check.meetings[0], newer], []
    )
    result = merge_directory(existing, later_check, imported_at=SECOND)
    merged_a, merged_b = result.meetings
    assert merged_a.flags == [flag]
    assert merged_a.last_verified == date(2026, 1, 21)  # the feed had none: keep the old
    assert merged_b.last_verified == date(2026, 2, 1)  # the later of the two
    assert result.unchanged == [merged_a.id]
    assert result.updated == [merged_b.id]


def test_a_meeting_that_reappears_is_active_again(tmp_path: Path) -> None:
    both = merge_directory([], feed_of(tmp_path, record("a"), record("b")), imported_at=FIRST)
    without_b = merge_directory(both.meetings, feed_of(tmp_path, record("a")), imported_at=FIRST)
    assert without_b.gone == ["meeting-guide:aa.json:b"]
    still_gone = merge_directory(
        without_b.meetings, feed_of(tmp_path, record("a")), imported_at=SECOND
    )
    assert still_gone.gone == []  # already inactive: not counted twice
    back = merge_directory(
        still_gone.meetings,
        feed_of(tmp_path, record("a"), record("b"), at=SECOND),
        imported_at=SECOND,
    )
    assert back.updated == ["meeting-guide:aa.json:b"]
    assert all(m.active for m in back.meetings)


def test_a_meeting_set_inactive_by_hand_is_active_again_when_listed(tmp_path: Path) -> None:
    first = merge_directory([], feed_of(tmp_path, record("a")), imported_at=FIRST).meetings
    by_hand = [first[0].model_copy(update={"active": False})]
    result = merge_directory(by_hand, feed_of(tmp_path, record("a")), imported_at=SECOND)
    assert result.meetings[0].active


def test_a_listing_with_no_way_to_attend_stays_inactive_until_it_gives_one(
    tmp_path: Path,
) -> None:
    """The feed's verdict is kept: a town and no link is inactive on every re-import, and
    active again once the listing gives a link (or a street)."""
    vague = record("v", location="", address="Kelbridge, UK")
    first = merge_directory([], feed_of(tmp_path, record("a"), vague), imported_at=FIRST)
    assert [m.active for m in first.meetings] == [True, False]
    again = merge_directory(
        first.meetings, feed_of(tmp_path, record("a"), vague), imported_at=SECOND
    )
    assert [m.active for m in again.meetings] == [True, False]
    assert again.gone == [] and again.unchanged == ids(again.meetings)
    linked = {**vague, "conference_url": "https://zoom.us/j/9"}
    fixed = merge_directory(
        again.meetings, feed_of(tmp_path, record("a"), linked), imported_at=SECOND
    )
    assert [m.active for m in fixed.meetings] == [True, True]
    assert fixed.updated == ["meeting-guide:aa.json:v"]


@pytest.mark.parametrize("size", [10_000])
def test_merging_ten_thousand_again_leaves_them_unchanged(tmp_path: Path, size: int) -> None:
    records = [record(str(i)) for i in range(size)]
    feed = feed_of(tmp_path, *records)
    existing = merge_directory([], feed, imported_at=FIRST).meetings
    result = merge_directory(existing, feed, imported_at=SECOND)
    assert len(result.unchanged) == size  # its speed: scripts/bench.py --only directory
