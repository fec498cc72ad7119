"""Matching a client with meetings (fama.directory.matching), on the Kelbridge demo directory."""

from __future__ import annotations

import json
import random
import statistics
import time as timer
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fama.demo.meetings import meeting_id
from fama.demo.town import build_demo
from fama.directory.geo import Locations, haversine_miles, read_locations_csv
from fama.directory.matching.ranking import rank
from fama.directory.matching.request import Exclusion, MatchOutcome, MatchRequest
from fama.directory.outcomes import OUTCOME_WEIGHT, MeetingOutcome
from fama.directory.requests import DEFAULT_LIMIT, KEEP, MatchChanges
from fama.models import (
    ORGANISATIONS,
    AccessNeed,
    Attendance,
    Audience,
    Client,
    Meeting,
    OrgCode,
    Preferences,
    Programme,
    Substance,
    Weekday,
)
from fama.models.organisations import ForWhom

CENTROIDS = Path(__file__).resolve().parents[3] / "shared" / "data" / "uk-outcode-centroids.csv"
TODAY = date(2026, 11, 24)  # a Tuesday
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)  # 10:30 in London (GMT)
LONDON = "Europe/London"

MEETINGS: list[Meeting] = build_demo(TODAY).meetings
CENTRES = read_locations_csv(CENTROIDS)
LOCATIONS = Locations.build(CENTRES, MEETINGS)
RUNNING = [m for m in MEETINGS if m.attendable]
FAMILY_ORGS = {code for code, org in ORGANISATIONS.items() if org.for_whom is ForWhom.FAMILY}


def run(
    request: MatchRequest, meetings: Sequence[Meeting] = MEETINGS, now: datetime = NOW
) -> MatchOutcome:
    return rank(meetings, request, LOCATIONS, now)


def ids(outcome: MatchOutcome) -> list[str]:
    return [r.meeting.id for r in outcome.results]


def excluded(outcome: MatchOutcome) -> dict[str, int]:
    return {e.reason: e.count for e in outcome.excluded}


def check_accounts(
    outcome: MatchOutcome, request: MatchRequest, meetings: Sequence[Meeting]
) -> None:
    """Counts add up: every running meeting either fits or is excluded exactly once."""
    running = sum(1 for m in meetings if m.attendable)
    assert outcome.considered == running
    assert outcome.fitting == running - sum(e.count for e in outcome.excluded)
    assert len(outcome.results) == min(request.limit, outcome.fitting)
    assert all(e.count > 0 for e in outcome.excluded)
    counts = [e.count for e in outcome.excluded]
    assert counts == sorted(counts, reverse=True)


# --------------------------------------------------------------------------- scenarios


def test_a_drinker_wanting_evenings_in_person_gets_nearby_aa_first() -> None:
    request = MatchRequest(
        district="DE1",
        substances=frozenset({Substance.ALCOHOL}),
        after=time(17, 0),
        attendance=frozenset({Attendance.IN_PERSON}),
    )
    outcome = run(request)
    check_accounts(outcome, request, MEETINGS)
    top = outcome.results[0]
    assert top.meeting.organisation is OrgCode.AA
    assert top.distance_miles is not None and top.distance_miles < 1
    assert top.meeting.start >= time(17, 0)
    assert f"{top.distance_miles:.1f} miles away" in top.reasons
    assert f"{top.meeting.weekday.label} {top.meeting.start:%H:%M} suits evenings" in top.reasons
    assert "AA is for people who want to stop drinking" in top.reasons
    assert "open meeting: good for a first visit" in top.reasons
    assert any(r.startswith("next one") for r in top.reasons)
    # Mostly AA at the top, all attendable in person, none online or by phone.
    assert sum(r.meeting.organisation is OrgCode.AA for r in outcome.results[:5]) >= 3
    assert all(
        r.meeting.attendance in (Attendance.IN_PERSON, Attendance.HYBRID) for r in outcome.results
    )
    assert excluded(outcome)["in-person meetings (as asked)"] == sum(
        1
        for m in RUNNING
        if m.attendance in (Attendance.ONLINE, Attendance.PHONE)
        and m.organisation not in FAMILY_ORGS
    )


def test_a_woman_asking_for_women_only_gets_only_womens_groups() -> None:
    request = MatchRequest(district="DE22", audience=frozenset({Audience.WOMEN}), limit=50)
    outcome = run(request)
    check_accounts(outcome, request, MEETINGS)
    assert outcome.results
    assert {r.meeting.id for r in outcome.results} == {
        m.id for m in RUNNING if "women" in m.audience and m.organisation not in FAMILY_ORGS
    }
    assert all("women-only, as asked" in r.reasons for r in outcome.results)
    not_women = sum(
        1 for m in RUNNING if "women" not in m.audience and m.organisation not in FAMILY_ORGS
    )
    assert Exclusion("women-only groups (as asked)", not_women) in outcome.excluded


def test_a_wheelchair_user_in_person_only_gets_step_free_venues() -> None:
    request = MatchRequest(
        district="DE1",
        access=frozenset({AccessNeed.WHEELCHAIR}),
        attendance=frozenset({Attendance.IN_PERSON}),
        limit=100,
    )
    outcome = run(request)
    check_accounts(outcome, request, MEETINGS)
    assert outcome.results
    assert all("wheelchair" in r.meeting.access for r in outcome.results)
    assert all("step-free access" in r.reasons for r in outcome.results)
    assert excluded(outcome)["step-free access"] == sum(
        1
        for m in RUNNING
        if m.organisation not in FAMILY_ORGS
        and m.attendance in (Attendance.IN_PERSON, Attendance.HYBRID)
        and "wheelchair" not in m.access
    )


def test_step_free_access_is_met_by_online_and_phone_meetings() -> None:
    request = MatchRequest(district="DE1", access=frozenset({AccessNeed.WHEELCHAIR}), limit=100)
    outcome = run(request)
    modes = {r.meeting.attendance for r in outcome.results}
    assert {Attendance.ONLINE, Attendance.PHONE} <= modes
    for r in outcome.results:
        if r.meeting.attendance in (Attendance.IN_PERSON, Attendance.HYBRID):
            assert "wheelchair" in r.meeting.access


def test_other_access_needs_must_be_tagged_even_online() -> None:
    request = MatchRequest(access=frozenset({AccessNeed.HEARING_LOOP}), limit=100)
    outcome = run(request)
    assert outcome.results
    assert all("hearing loop" in r.meeting.access for r in outcome.results)
    assert all("hearing loop" in r.reasons for r in outcome.results)


def test_family_and_friends_get_only_family_groups() -> None:
    request = MatchRequest(
        district="DE22", family=True, substances=frozenset({Substance.ALCOHOL}), limit=50
    )
    outcome = run(request)
    check_accounts(outcome, request, MEETINGS)
    assert {r.meeting.id for r in outcome.results} == {
        m.id for m in RUNNING if m.organisation in FAMILY_ORGS
    }
    assert outcome.results[0].meeting.organisation is OrgCode.AL_ANON
    assert "Al-Anon is for family and friends of drinkers" in outcome.results[0].reasons
    assert excluded(outcome) == {
        "family and friends groups (as asked)": sum(
            1 for m in RUNNING if m.organisation not in FAMILY_ORGS
        )
    }


def test_the_person_never_gets_family_groups() -> None:
    outcome = run(MatchRequest(district="DE1", limit=100))
    assert outcome.results
    assert not any(r.meeting.organisation in FAMILY_ORGS for r in outcome.results)
    assert excluded(outcome)["groups for the client's own recovery"] == sum(
        1 for m in RUNNING if m.organisation in FAMILY_ORGS
    )


def test_an_online_only_client_gets_no_in_person_meetings() -> None:
    request = MatchRequest(district="DE1", attendance=frozenset({Attendance.ONLINE}), limit=100)
    outcome = run(request)
    check_accounts(outcome, request, MEETINGS)
    modes = {r.meeting.attendance for r in outcome.results}
    assert modes == {Attendance.ONLINE, Attendance.HYBRID}
    for r in outcome.results:
        if r.meeting.attendance is Attendance.HYBRID:
            assert "hybrid: join online, no travel" in r.reasons
        else:
            assert "online: no travel" in r.reasons
    assert excluded(outcome)["online meetings (as asked)"] == sum(
        1
        for m in RUNNING
        if m.attendance in (Attendance.IN_PERSON, Attendance.PHONE)
        and m.organisation not in FAMILY_ORGS
    )


def test_phone_and_in_person_words() -> None:
    request = MatchRequest(attendance=frozenset({Attendance.IN_PERSON, Attendance.PHONE}))
    outcome = run(request)
    assert "in-person or phone meetings (as asked)" in excluded(outcome)
    assert all(
        r.meeting.attendance in (Attendance.IN_PERSON, Attendance.PHONE, Attendance.HYBRID)
        for r in outcome.results
    )


def test_nothing_fits_says_what_excluded_how_many() -> None:
    request = MatchRequest(
        district="DE1",
        audience=frozenset({Audience.WOMEN}),
        access=frozenset({AccessNeed.SIGN_LANGUAGE}),
        within_miles=1,
    )
    outcome = run(request)
    check_accounts(outcome, request, MEETINGS)
    assert outcome.results == ()
    assert outcome.fitting == 0
    counts = excluded(outcome)
    women = sum(1 for m in RUNNING if "women" in m.audience and m.organisation not in FAMILY_ORGS)
    assert counts["women-only groups (as asked)"] == len(RUNNING) - 8 - women
    assert counts["sign language"] == women  # the women's groups have no BSL
    assert outcome.excluded[0].reason == "women-only groups (as asked)"
    assert sum(counts.values()) == outcome.considered


def test_within_miles_excludes_far_venues_but_not_online() -> None:
    request = MatchRequest(district="DE1", within_miles=2, limit=100)
    outcome = run(request)
    check_accounts(outcome, request, MEETINGS)
    centre = CENTRES["DE1"]
    for r in outcome.results:
        if r.meeting.attendance is Attendance.IN_PERSON:
            assert r.distance_miles is not None and r.distance_miles <= 2
            assert r.meeting.latitude is not None and r.meeting.longitude is not None
            point = (r.meeting.latitude, r.meeting.longitude)
            assert haversine_miles(centre, point) == pytest.approx(r.distance_miles)
        elif r.meeting.attendance is not Attendance.HYBRID:
            assert r.distance_miles is None
    assert any(r.meeting.attendance is Attendance.ONLINE for r in outcome.results)
    # Far hybrid meetings stay: the client can join online.
    far_hybrid = [
        r
        for r in outcome.results
        if r.meeting.attendance is Attendance.HYBRID and (r.distance_miles or 0) > 2
    ]
    assert far_hybrid
    assert all("hybrid: join online, no travel" in r.reasons for r in far_hybrid)
    assert excluded(outcome)["within 2 miles"] > 0


def test_within_one_mile_reads_singular() -> None:
    request = MatchRequest(
        district="DE56", within_miles=1.0, attendance=frozenset({Attendance.IN_PERSON})
    )
    assert "within 1 mile" in excluded(run(request))
    request = MatchRequest(
        district="DE56", within_miles=1.5, attendance=frozenset({Attendance.IN_PERSON})
    )
    assert "within 1.5 miles" in excluded(run(request))


def test_an_unplaceable_district_says_distance_unknown() -> None:
    request = MatchRequest(district="ZZ9", attendance=frozenset({Attendance.IN_PERSON}))
    outcome = run(request)
    assert outcome.results
    assert all(r.distance_miles is None for r in outcome.results)
    assert all("distance unknown" in r.reasons for r in outcome.results)
    # With a distance limit, in-person meetings of unknown distance are excluded.
    limited = run(
        MatchRequest(district="ZZ9", within_miles=5, attendance=frozenset({Attendance.IN_PERSON}))
    )
    assert limited.results == ()
    assert excluded(limited)["distance unknown"] == sum(
        1
        for m in RUNNING
        if m.attendance in (Attendance.IN_PERSON, Attendance.HYBRID)
        and m.organisation not in FAMILY_ORGS
    )


def test_a_district_placed_by_its_area_says_so() -> None:
    outcome = run(MatchRequest(district="DE98", attendance=frozenset({Attendance.IN_PERSON})))
    first = outcome.results[0]
    assert first.distance_miles is not None
    assert any(
        reason.startswith("about ") and "DE postcode area" in reason for reason in first.reasons
    )


def test_a_meeting_without_coordinates_is_placed_by_its_postcode() -> None:
    bare = MEETINGS[0].model_copy(update={"id": "test:bare", "latitude": None, "longitude": None})
    assert bare.postcode.startswith("DE1 ")
    outcome = run(MatchRequest(district="DE22", limit=100), [bare])
    assert outcome.results[0].distance_miles == pytest.approx(
        haversine_miles(CENTRES["DE22"], CENTRES["DE1"])
    )


def test_temporarily_closed_and_inactive_meetings_never_appear() -> None:
    gone = MEETINGS[1].model_copy(update={"id": "test:gone", "active": False})
    meetings = [*MEETINGS, gone]
    closed = {m.id for m in MEETINGS if m.temporarily_closed}
    assert closed == {meeting_id("aa-03"), meeting_id("smart-10")}
    for request in (MatchRequest(limit=200), MatchRequest(family=True, limit=200)):
        outcome = run(request, meetings)
        assert not closed & set(ids(outcome))
        assert "test:gone" not in ids(outcome)
        assert outcome.considered == len(RUNNING)


def imported(tmp_path: Path, *records: dict[str, object]) -> dict[str, Meeting]:
    """Hand-written Meeting Guide records, imported as a service would import them."""
    from fama.directory.feeds import read_feed

    base = {"name": "Test", "day": 3, "time": "19:00"}
    path = tmp_path / "hand.json"
    path.write_text(json.dumps([{**base, **record} for record in records]), encoding="utf-8")
    feed = read_feed(path, organisation=OrgCode.AA, imported_at=NOW)
    assert feed.skipped == []
    return {m.source_id: m for m in feed.meetings}


def test_an_approximate_address_is_online_only_or_never_offered(tmp_path: Path) -> None:
    """TSML's rules: a link or phone at an area is online (or phone) only; an area with
    neither is kept in the directory but never offered; a street makes a link hybrid."""
    zoom = "https://zoom.us/j/1"
    meetings = imported(
        tmp_path,
        {"slug": "area-zoom", "formatted_address": "Derby, UK", "conference_url": zoom},
        {"slug": "area-phone", "formatted_address": "Derby", "conference_phone": "0330 000 0000"},
        {
            "slug": "street-zoom",
            "formatted_address": "12 Iron Gate, Derby DE1 3GP",
            "conference_url": zoom,
        },
        {"slug": "town-only", "formatted_address": "Derby, UK"},
        {"slug": "district-only", "formatted_address": "DE1"},
        {"slug": "street", "formatted_address": "Friar Gate, Derby DE1 1BX"},
    )
    directory = list(meetings.values())
    for request in (
        MatchRequest(district="DE1", limit=50),
        MatchRequest(district="DE1", attendance=frozenset({Attendance.IN_PERSON}), limit=50),
        MatchRequest(district="DE1", within_miles=1, limit=50),
    ):
        outcome = run(request, directory)
        check_accounts(outcome, request, directory)
        assert outcome.considered == 4
        assert not {"town-only", "district-only"} & {r.meeting.source_id for r in outcome.results}
    everything = {r.meeting.source_id: r for r in run(MatchRequest(limit=50), directory).results}
    assert set(everything) == {"area-zoom", "area-phone", "street-zoom", "street"}
    assert everything["area-zoom"].meeting.attendance is Attendance.ONLINE
    assert everything["area-zoom"].distance_miles is None
    assert "online: no travel" in everything["area-zoom"].reasons
    assert everything["area-phone"].meeting.attendance is Attendance.PHONE
    assert everything["street-zoom"].meeting.attendance is Attendance.HYBRID
    in_person = run(
        MatchRequest(district="DE1", attendance=frozenset({Attendance.IN_PERSON}), limit=50),
        directory,
    )
    assert {r.meeting.source_id for r in in_person.results} == {"street-zoom", "street"}


def test_programmes_exclude_and_days_rank() -> None:
    outcome = run(MatchRequest(programmes=frozenset({Programme.SMART}), limit=100))
    assert {r.meeting.organisation for r in outcome.results} == {OrgCode.SMART}
    assert "SMART groups (as asked)" in excluded(outcome)
    both = run(MatchRequest(programmes=frozenset({Programme.SMART, Programme.LOCAL})))
    assert "SMART or local recovery groups (as asked)" in excluded(both)

    sunday = run(MatchRequest(district="DE1", days=frozenset({Weekday.SUNDAY}), limit=100))
    assert sunday.fitting == run(MatchRequest(district="DE1", limit=100)).fitting  # no exclusion
    assert sunday.results[0].meeting.weekday is Weekday.SUNDAY
    assert "Sunday suits, as asked" in sunday.results[0].reasons
    assert any(r.meeting.weekday is not Weekday.SUNDAY for r in sunday.results)


def test_day_and_time_together() -> None:
    request = MatchRequest(
        district="DE1", days=frozenset({Weekday.WEDNESDAY}), after=time(18), before=time(21)
    )
    top = run(request).results[0]
    assert top.meeting.weekday is Weekday.WEDNESDAY
    assert f"Wednesday {top.meeting.start:%H:%M} suits, as asked" in top.reasons
    mornings = run(MatchRequest(district="DE1", before=time(12)))
    assert any(reason.endswith("suits mornings") for reason in mornings.results[0].reasons)


@pytest.mark.parametrize(
    ("substance", "best", "words"),
    [
        (Substance.COCAINE, {OrgCode.CA}, "CA is for people who use cocaine or crack"),
        (Substance.CRACK, {OrgCode.CA, OrgCode.NA}, None),
        (Substance.OPIATES, {OrgCode.NA, OrgCode.DAA}, "NA welcomes people who use any drug"),
        (Substance.CANNABIS, {OrgCode.NA, OrgCode.MA}, None),
        (Substance.METHAMPHETAMINE, {OrgCode.CMA}, "CMA is for people who use crystal meth"),
        (Substance.ALCOHOL, {OrgCode.AA}, "AA is for people who want to stop drinking"),
    ],
)
def test_substance_fit(substance: Substance, best: set[OrgCode], words: str | None) -> None:
    outcome = run(
        MatchRequest(
            attendance=frozenset({Attendance.ONLINE}), substances=frozenset({substance}), limit=100
        )
    )
    # Online only, so distance plays no part: the fellowship that suits comes first.
    assert outcome.results[0].meeting.organisation in best
    if words:
        assert any(words in r.reasons for r in outcome.results)
    if substance is not Substance.ALCOHOL:
        aa = [i for i, r in enumerate(outcome.results) if r.meeting.organisation is OrgCode.AA]
        drug = [i for i, r in enumerate(outcome.results) if r.meeting.organisation in best]
        assert max(drug) < min(aa)
    smart = [r for r in outcome.results if r.meeting.organisation is OrgCode.SMART]
    assert all("SMART: for any substance or behaviour" in r.reasons for r in smart)


def test_open_meetings_rank_above_closed_ones_like_them() -> None:
    base = MEETINGS[0]
    open_one = base.model_copy(update={"id": "test:b", "open_meeting": True})
    closed_one = base.model_copy(update={"id": "test:a", "open_meeting": False})
    outcome = run(MatchRequest(district="DE1"), [closed_one, open_one])
    assert ids(outcome) == ["test:b", "test:a"]
    assert "open meeting: good for a first visit" in outcome.results[0].reasons
    assert "open meeting: good for a first visit" not in outcome.results[1].reasons


def test_a_group_for_others_is_ranked_down_and_flagged() -> None:
    base = MEETINGS[0]
    plain = base.model_copy(update={"id": "test:plain"})
    women = base.model_copy(update={"id": "test:women", "audience": ["women"]})
    outcome = run(MatchRequest(district="DE1"), [women, plain])
    assert ids(outcome) == ["test:plain", "test:women"]
    assert "women-only group (not asked for)" in outcome.results[1].reasons


def test_ties_break_by_next_occurrence_then_id() -> None:
    base = MEETINGS[0]  # Monday 12:30
    twins = [base.model_copy(update={"id": f"test:{key}"}) for key in ("c", "a", "b")]
    later = base.model_copy(update={"id": "test:0", "start": time(12, 31)})
    meetings = [*twins, later]
    outcome = run(MatchRequest(district="DE1"), meetings)
    scores = [r.score for r in outcome.results]
    assert scores[0] == scores[1] == scores[2] > scores[3]
    assert ids(outcome) == ["test:a", "test:b", "test:c", "test:0"]
    shuffled = list(reversed(meetings))
    assert ids(run(MatchRequest(district="DE1"), shuffled)) == ids(outcome)


def test_the_order_does_not_depend_on_the_directory_order() -> None:
    request = MatchRequest(district="DE21", substances=frozenset({Substance.OPIATES}), limit=30)
    first = run(request)
    shuffled = list(MEETINGS)
    random.Random(7).shuffle(shuffled)
    second = run(request, shuffled)
    assert first == second


def test_limit() -> None:
    assert len(run(MatchRequest(limit=3)).results) == 3
    with pytest.raises(ValueError):
        MatchRequest(limit=0)
    with pytest.raises(ValueError):
        MatchRequest(within_miles=0)


# --------------------------------------------------------------------------- when


def test_next_occurrence_today_later_and_next_week() -> None:
    tuesday_evening = MEETINGS[0].model_copy(
        update={"id": "test:eve", "weekday": Weekday.TUESDAY, "start": time(19, 30)}
    )
    tuesday_morning = tuesday_evening.model_copy(update={"id": "test:am", "start": time(7, 30)})
    wednesday = tuesday_evening.model_copy(update={"id": "test:wed", "weekday": Weekday.WEDNESDAY})
    thursday = tuesday_evening.model_copy(update={"id": "test:thu", "weekday": Weekday.THURSDAY})
    outcome = run(MatchRequest(limit=10), [tuesday_morning, tuesday_evening, wednesday, thursday])
    by_id = {r.meeting.id: r for r in outcome.results}
    eve = by_id["test:eve"].next_occurrence
    assert eve == datetime(2026, 11, 24, 19, 30, tzinfo=eve.tzinfo)
    assert str(eve.tzinfo) == LONDON
    assert eve.utcoffset() == timedelta(0)
    assert by_id["test:am"].next_occurrence.date() == date(2026, 12, 1)
    assert by_id["test:wed"].next_occurrence.date() == date(2026, 11, 25)
    assert "next one today at 19:30" in by_id["test:eve"].reasons
    assert "next one tomorrow" in by_id["test:wed"].reasons
    assert "next one in 2 days" in by_id["test:thu"].reasons
    assert "next one in 7 days" in by_id["test:am"].reasons
    # Sooner comes first when all else is equal.
    assert ids(outcome)[0] == "test:eve"


def test_next_occurrence_in_summer_time() -> None:
    """20:15 UTC on a Tuesday in July is 21:15 BST: a 21:00 meeting has started, 21:30 not."""
    now = datetime(2026, 7, 7, 20, 15, tzinfo=UTC)
    base = MEETINGS[0].model_copy(update={"weekday": Weekday.TUESDAY})
    nine = base.model_copy(update={"id": "test:nine", "start": time(21, 0)})
    half = base.model_copy(update={"id": "test:half", "start": time(21, 30)})
    outcome = run(MatchRequest(), [nine, half], now=now)
    by_id = {r.meeting.id: r.next_occurrence for r in outcome.results}
    assert by_id["test:half"].date() == date(2026, 7, 7)
    assert by_id["test:half"].utcoffset() == timedelta(hours=1)
    assert by_id["test:half"].astimezone(UTC) == datetime(2026, 7, 7, 20, 30, tzinfo=UTC)
    assert by_id["test:nine"].date() == date(2026, 7, 14)
    # 23:30 UTC on Monday is already Tuesday 00:30 in London.
    late = rank([half], MatchRequest(), LOCATIONS, datetime(2026, 7, 6, 23, 30, tzinfo=UTC))
    assert late.results[0].next_occurrence.date() == date(2026, 7, 7)
    assert "next one today at 21:30" in late.results[0].reasons


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        rank(MEETINGS, MatchRequest(), LOCATIONS, datetime(2026, 11, 24, 10, 30))


# --------------------------------------------------------------------------- output


def test_as_json_fields_and_formats() -> None:
    outcome = run(MatchRequest(district="DE1", limit=68))
    rows = outcome.as_json()
    assert json.loads(json.dumps(rows)) == rows
    assert len(rows) == len(outcome.results)
    for row, result in zip(rows, outcome.results, strict=True):
        assert list(row) == [
            "meeting_id",
            "organisation",
            "name",
            "weekday",
            "start",
            "attendance",
            "distance_miles",
            "score",
            "reasons",
        ]
        m = result.meeting
        assert row["meeting_id"] == m.id
        assert row["organisation"] == m.organisation.value
        assert row["name"] == m.name
        assert row["weekday"] in {d.label for d in Weekday}
        assert row["weekday"] == m.weekday.label
        assert isinstance(row["start"], str) and len(row["start"]) == 5
        assert row["start"] == m.start.strftime("%H:%M")
        assert row["attendance"] == m.attendance.value
        assert isinstance(row["score"], float)
        assert isinstance(row["reasons"], list) and all(isinstance(r, str) for r in row["reasons"])
        if m.attendance in (Attendance.ONLINE, Attendance.PHONE):
            assert row["distance_miles"] is None
        else:
            assert isinstance(row["distance_miles"], float)
            assert row["distance_miles"] == round(row["distance_miles"], 1)
    early = next(row for row in rows if row["meeting_id"] == meeting_id("aa-07"))
    assert early["start"] == "07:00"
    assert early["weekday"] == "Wednesday"
    assert early["organisation"] == "AA"
    assert early["attendance"] == "online"


def test_from_client() -> None:
    client = Client(
        code="KB-9",
        keyworker="JB",
        postcode_district="de22",
        substances=[Substance.CRACK, Substance.ALCOHOL],
        episode_start=TODAY,
        preferences=Preferences(
            programmes=[Programme.TWELVE_STEP],
            days=[Weekday.MONDAY, Weekday.FRIDAY],
            earliest=time(17),
            latest=time(21),
            attendance=[Attendance.IN_PERSON, Attendance.ONLINE],
            audience=[Audience.WOMEN],
            access_needs=[AccessNeed.CHILDCARE],
            max_travel_miles=5,
        ),
    )
    assert MatchRequest.from_client(client) == MatchRequest(
        district="DE22",
        programmes=frozenset({Programme.TWELVE_STEP}),
        substances=frozenset({Substance.CRACK, Substance.ALCOHOL}),
        days=frozenset({Weekday.MONDAY, Weekday.FRIDAY}),
        after=time(17),
        before=time(21),
        attendance=frozenset({Attendance.IN_PERSON, Attendance.ONLINE}),
        audience=frozenset({Audience.WOMEN}),
        access=frozenset({AccessNeed.CHILDCARE}),
        family=False,
        within_miles=5,
    )
    family = client.model_copy(update={"for_family": True, "preferences": Preferences()})
    request = MatchRequest.from_client(family)
    assert request.family
    assert request.within_miles is None
    assert request.attendance == frozenset()


# --------------------------------------------------------------------------- properties


def _varied() -> list[Meeting]:
    """The demo directory plus meetings placed only by postcode, unplaceable, and inactive."""
    extra: list[Meeting] = []
    for i, m in enumerate(MEETINGS[::4]):
        extra.append(
            m.model_copy(update={"id": f"test:bare-{i}", "latitude": None, "longitude": None})
        )
    extra.append(
        MEETINGS[0].model_copy(
            update={"id": "test:nowhere", "postcode": "", "latitude": None, "longitude": None}
        )
    )
    extra.append(MEETINGS[5].model_copy(update={"id": "test:inactive", "active": False}))
    return [*MEETINGS, *extra]


VARIED = _varied()


def fits_every_hard_need(
    m: Meeting, request: MatchRequest, distance: float | None = None, *, shown: bool = True
) -> bool:
    """An independent statement of the hard needs, to check rank() against."""
    org = ORGANISATIONS[m.organisation]
    modes = request.attendance
    if not m.active or m.temporarily_closed:
        return False
    if (org.for_whom is ForWhom.FAMILY) != request.family:
        return False
    if request.programmes and org.programme not in request.programmes:
        return False
    usable = {
        Attendance.IN_PERSON: {Attendance.IN_PERSON},
        Attendance.ONLINE: {Attendance.ONLINE},
        Attendance.PHONE: {Attendance.PHONE},
        Attendance.HYBRID: {Attendance.IN_PERSON, Attendance.ONLINE, Attendance.HYBRID},
    }[m.attendance]
    if modes and not usable & modes:
        return False
    if not all(a.value in m.audience for a in request.audience):
        return False
    remote = m.attendance in (Attendance.ONLINE, Attendance.PHONE)
    for need in request.access:
        if need.value not in m.access and not (remote and need is AccessNeed.WHEELCHAIR):
            return False
    if request.within_miles is not None and not remote:
        joins_online = m.attendance is Attendance.HYBRID and (
            not modes or modes & {Attendance.ONLINE, Attendance.HYBRID}
        )
        if not joins_online:
            located = LOCATIONS.lookup(request.district) if request.district else None
            point = LOCATIONS.meeting_point(m)
            if located is None or point is None:
                return False
            if haversine_miles(located.point, point) > request.within_miles:
                return False
            if shown:
                assert distance == pytest.approx(haversine_miles(located.point, point))
    return True


def subsets(values: Sequence[object]) -> st.SearchStrategy[frozenset[object]]:
    return st.frozensets(st.sampled_from(values), max_size=len(values))


times = st.none() | st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
requests = st.builds(
    MatchRequest,
    district=st.none() | st.sampled_from(["DE1", "DE22", "DE56", "DE98", "de73", "ZZ9", "SE1"]),
    programmes=subsets(list(Programme)),
    substances=subsets(list(Substance)),
    days=subsets(list(Weekday)),
    after=times,
    before=times,
    attendance=subsets(list(Attendance)),
    audience=subsets(list(Audience)),
    access=subsets(list(AccessNeed)),
    family=st.booleans(),
    within_miles=st.none() | st.floats(min_value=0.1, max_value=30),
    limit=st.integers(min_value=1, max_value=40),
)
moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=requests, now=moments)
def test_every_result_meets_every_hard_need(request: MatchRequest, now: datetime) -> None:
    outcome = rank(VARIED, request, LOCATIONS, now)
    check_accounts(outcome, request, VARIED)
    assert len(outcome.results) <= request.limit
    for result in outcome.results:
        assert fits_every_hard_need(result.meeting, request, result.distance_miles)
        assert result.next_occurrence > now
        assert result.next_occurrence - now <= timedelta(days=7)
        assert result.next_occurrence.weekday() == result.meeting.weekday
        assert result.next_occurrence.time() == result.meeting.start
        assert result.reasons
    keys = [(-r.score, r.next_occurrence, r.meeting.id) for r in outcome.results]
    assert keys == sorted(keys)
    # Nothing that fits was lost: rank() and the independent statement agree on how many.
    assert outcome.fitting == sum(
        1 for m in VARIED if fits_every_hard_need(m, request, shown=False)
    )


# --------------------------------------------------------------------------- speed


def bulk_directory(size: int) -> list[Meeting]:
    """``size`` meetings: the demo directory over and over, with new ids and moved venues."""
    rng = random.Random(2026)
    meetings: list[Meeting] = []
    while len(meetings) < size:
        for m in MEETINGS:
            update: dict[str, object] = {"id": f"bulk:{len(meetings)}"}
            if m.latitude is not None and m.longitude is not None:
                update["latitude"] = m.latitude + rng.uniform(-0.3, 0.3)
                update["longitude"] = m.longitude + rng.uniform(-0.45, 0.45)
            meetings.append(m.model_copy(update=update))
    return meetings[:size]


def test_ranking_ten_thousand_meetings_is_quick(capsys: pytest.CaptureFixture[str]) -> None:
    meetings = bulk_directory(10_000)
    locations = Locations.build(CENTRES, meetings)
    request = MatchRequest(
        district="DE1",
        substances=frozenset({Substance.ALCOHOL, Substance.COCAINE}),
        days=frozenset({Weekday.TUESDAY, Weekday.THURSDAY}),
        after=time(17),
        attendance=frozenset({Attendance.IN_PERSON, Attendance.ONLINE}),
        within_miles=15,
    )
    runs = []
    for _ in range(5):
        started = timer.perf_counter()
        outcome = rank(meetings, request, locations, NOW)
        runs.append(timer.perf_counter() - started)
    median = statistics.median(runs)
    with capsys.disabled():
        print(f"\nrank() over 10,000 meetings: median {median * 1000:.1f} ms of {len(runs)} runs")
    assert len(outcome.results) == 10
    assert outcome.considered == sum(1 for m in meetings if m.attendable)


def test_equal_exclusion_counts_follow_the_rule_order() -> None:
    base = MEETINGS[0]  # step-free, no audience
    no_women = base.model_copy(update={"id": "test:a"})
    no_step_free = base.model_copy(update={"id": "test:b", "audience": ["women"], "access": []})
    request = MatchRequest(
        audience=frozenset({Audience.WOMEN}), access=frozenset({AccessNeed.WHEELCHAIR})
    )
    for meetings in ([no_women, no_step_free], [no_step_free, no_women]):
        outcome = run(request, meetings)
        assert outcome.excluded == (
            Exclusion("women-only groups (as asked)", 1),
            Exclusion("step-free access", 1),
        )


# --------------------------------------------------------------------------- one way to ask


def test_no_changes_keep_each_clients_request() -> None:
    """What ``fama match --client`` and Find meetings both search before anything changes."""
    for record in build_demo(TODAY).records:
        own = MatchRequest.from_client(record.client)
        assert MatchChanges().apply(own) == replace(own, limit=DEFAULT_LIMIT)


def test_changes_set_clear_toggle_or_keep() -> None:
    own = MatchRequest(
        district="DE1",
        programmes=frozenset({Programme.SMART}),
        after=time(18, 0),
        audience=frozenset({Audience.WOMEN, Audience.LGBTQ}),
        access=frozenset({AccessNeed.CHILDCARE}),
        family=True,
        within_miles=3,
    )
    changed = MatchChanges(
        district=None,  # cleared: a form field left blank
        days=frozenset({Weekday.MONDAY}),
        after=KEEP,
        women_only=False,
        wheelchair=True,
        family=False,
        within_miles=None,
        limit=3,
    ).apply(own)
    assert changed == MatchRequest(
        district=None,
        programmes=frozenset({Programme.SMART}),
        days=frozenset({Weekday.MONDAY}),
        after=time(18, 0),
        audience=frozenset({Audience.LGBTQ}),
        access=frozenset({AccessNeed.CHILDCARE, AccessNeed.WHEELCHAIR}),
        family=False,
        within_miles=None,
        limit=3,
    )


# --------------------------------------------------------------------------- our experience

histories = st.builds(
    MeetingOutcome,
    referred=st.just(20),
    went=st.integers(0, 20),
    still_going=st.integers(0, 20),
    rated=st.integers(0, 20),
    median_helpfulness=st.none() | st.integers(0, 10).map(float),
    dead_ends=st.integers(0, 20),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    request=requests,
    now=moments,
    history=st.lists(histories, min_size=len(VARIED), max_size=len(VARIED)),
)
def test_history_never_outweighs_a_hard_need(
    request: MatchRequest, now: datetime, history: list[MeetingOutcome]
) -> None:
    """A meeting meeting fewer of the client's hard needs never outranks one meeting more,
    whatever its history: the best history cannot bring in a meeting that fails a need."""
    outcomes = {m.id: h for m, h in zip(VARIED, history, strict=True)}
    plain = rank(VARIED, replace(request, limit=len(VARIED)), LOCATIONS, now)
    ranked = rank(VARIED, replace(request, limit=len(VARIED)), LOCATIONS, now, outcomes)
    assert ranked.excluded == plain.excluded
    assert {r.meeting.id for r in ranked.results} == {r.meeting.id for r in plain.results}
    fails = [
        m for m in VARIED if m.attendable and not fits_every_hard_need(m, request, shown=False)
    ]
    for result in ranked.results:
        assert fits_every_hard_need(result.meeting, request, result.distance_miles)
        for worse in fails:
            assert worse.id != result.meeting.id
        assert abs(result.score - plain_score(plain, result.meeting.id)) <= OUTCOME_WEIGHT + 1e-9


def plain_score(outcome: MatchOutcome, meeting_id: str) -> float:
    return next(r.score for r in outcome.results if r.meeting.id == meeting_id)


def test_a_meeting_that_worked_rises_and_one_that_did_not_drops() -> None:
    request = MatchRequest(district="DE1", limit=len(MEETINGS))
    plain = ids(run(request))
    top, second = plain[0], plain[1]
    worked = MeetingOutcome(referred=8, went=8, still_going=7, rated=8, median_helpfulness=9)
    dead = MeetingOutcome(referred=8, went=1, rated=5, median_helpfulness=2, dead_ends=3)
    ranked = rank(MEETINGS, request, LOCATIONS, NOW, {top: dead, second: worked})
    order = ids(ranked)
    assert order.index(second) < order.index(top)
    reasons = next(r.reasons for r in ranked.results if r.meeting.id == second)
    assert "8 of our clients went; 7 were still going at follow-up" in reasons[-2]
    assert reasons[-1].startswith("next one")
