"""Issue 7: "A test recomputes 4.1, 4.2, 4.4, 5.4 and 5.5 independently from `fama export`
JSON and compares." Issue 17 adds the warm handover's figures (1.1's stale contacts, 2.4,
2.5, 3.2b, 3.4 and 4.4's clients met or accompanied).

A demo store, plus a few clients, goals, follow-ups and conversations that sit on the
edges of the rules (London midnight, a discharged client, a follow-up before its referral,
a conversation that only followed up, dead-end meetings), is exported with ``fama export``.
The figures are then worked out again from that JSON with plain dicts and the standard
library only (:func:`recompute` imports nothing from fama and shares no code with
``fama.assessment.evidence``), and compared with :func:`compute_evidence` over the store.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from fama.assessment.evidence import EvidenceSource, compute_evidence
from fama.assessment.period import Period
from fama.casebook.service import Casebook
from fama.cli.main import main
from fama.clock import FixedClock
from fama.models import (
    Attended,
    Client,
    ClientRecord,
    Conversation,
    FlagKind,
    Goal,
    LinkType,
    OrgCode,
    Review,
    ReviewType,
    Stage,
    Substance,
    Support,
)
from fama.models.goal import CallOutcome, ContactCall
from fama.models.review import Handover

START, END = date(2026, 9, 1), date(2026, 11, 30)
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)

CHECKED = (
    # 4.1
    "stage_introduced",
    "stage_connected",
    "stage_followed_up",
    # 4.2
    "structured_conversations",
    "clients_with_goal",
    # 4.4
    "goals_with_link",
    "goals_link_by_whom",
    # 5.4
    "referred",
    "referred_by_organisation",
    "referred_by_substance",
    # 5.5
    "followed_up",
    "attended",
    "meetings_per_week",
    "helpfulness",
    "dead_end_referrals",
    # issue 17
    "contacts_stale",
    "visits_to_clients",
    "visits_to_staff",
    "keyworkers_used_register",
    "clients_met_or_accompanied",
)


# --------------------------------------------------------------------------- the independent sum

LONDON = ZoneInfo("Europe/London")

PERSON = {
    "fellowship volunteer phoned in session": "fellowship volunteer",
    "met by a fellowship volunteer": "fellowship volunteer",
    "met or accompanied by a peer mentor": "peer mentor",
    "met by a staff member": "staff member",
    "accompanied by a staff member": "staff member",
    "meeting held at the service": "the service",
}


def london_day(stamp: str) -> date:
    return datetime.fromisoformat(stamp).astimezone(LONDON).date()


def between(day: date) -> bool:
    return START <= day <= END


def bump(counts: dict[str, int], key: str) -> None:
    counts[key] = counts.get(key, 0) + 1


def reports_on_mutual_aid(review: dict[str, Any]) -> bool:
    return (
        review["goal_id"] is not None
        or review["attended"] != "unknown"
        or review["meetings_since_last"] is not None
        or review["helpfulness"] is not None
    )


def went_through_stage_one(conversation: dict[str, Any]) -> bool:
    bookkeeping = conversation["state"].get("records") or {}
    stages = [entry["stage"] for entry in bookkeeping.values() if entry.get("stage")]
    if not stages:
        return True
    return "1 introduce" in stages


def recompute(export: dict[str, Any]) -> dict[str, tuple[int, int | None, dict[str, float]]]:
    """4.1, 4.2, 4.4, 5.4 and 5.5 from ``fama export`` JSON: (numerator, denominator,
    breakdown) by figure name."""
    directory = {m["id"]: m for m in export["meetings"]}
    clients = []
    for rec in export["clients"]:
        started = date.fromisoformat(rec["client"]["episode_start"])
        left = rec["client"]["discharged"]
        if started <= END and (left is None or date.fromisoformat(left) >= START):
            clients.append(rec)

    introduced = connected = followed = 0
    talks = talked = 0
    goals_made = with_link = 0
    link_kinds: dict[str, int] = {}
    who: dict[str, int] = {}
    organisations: dict[str, int] = {}
    substances: dict[str, int] = {}
    after_referral = went = 0
    meetings = weeks = 0
    scores: list[int] = []
    to_a_meeting = dead = 0
    why_dead: dict[str, int] = {}
    calls = 0
    callers: set[str] = set()
    handover_asked = handed_over = 0
    handovers: dict[str, int] = {}

    for rec in clients:
        linked_goals = {g["id"] for g in rec["goals"] if g["support"]["link"] != "none"}
        about_linked = [
            r
            for r in rec["reviews"]
            if r["goal_id"] in linked_goals and between(date.fromisoformat(r["date"]))
        ]
        if about_linked:
            handover_asked += 1
            said = {r["handover"] for r in about_linked} & {"met them there", "went with them"}
            handed_over += 1 if said else 0
            for kind in said:
                bump(handovers, kind)
        for g in rec["goals"]:
            for call in g["support"].get("calls", []):
                if call["called_by"] and between(date.fromisoformat(call["called_on"])):
                    calls += 1
                    callers.add(call["called_by"].lower())

        held = [
            c
            for c in rec["conversations"]
            if between(london_day(c["started_at"])) and c["stage_reached"] != "not started"
        ]
        talks += len(held)
        talked += 1 if held else 0
        if any(went_through_stage_one(c) for c in held):
            introduced += 1
        follow_ups = [r for r in rec["reviews"] if reports_on_mutual_aid(r)]
        if any(between(date.fromisoformat(r["date"])) for r in follow_ups):
            followed += 1

        goals = [g for g in rec["goals"] if between(london_day(g["created_at"]))]
        if not goals:
            continue
        connected += 1
        goals_made += len(goals)
        named_here: set[str] = set()
        for g in goals:
            kind = g["support"]["link"]
            if kind != "none":
                with_link += 1
                bump(link_kinds, kind)
                bump(who, PERSON[kind])
            listed = directory.get(g["meeting_id"]) if g["meeting_id"] else None
            if listed is not None:
                named_here.add(listed["organisation"])
            else:
                named_here.add(g["organisation"] or "not named")
            if g["meeting_id"]:
                to_a_meeting += 1
                reasons: list[str] = []
                if listed is None:
                    reasons.append("not in the directory")
                else:
                    for flag in listed["flags"]:
                        if flag["kind"] not in reasons:
                            reasons.append(flag["kind"])
                    if not listed["active"]:
                        reasons.append("no longer listed")
                    if listed["temporarily_closed"]:
                        reasons.append("temporarily closed")
                if reasons:
                    dead += 1
                    for reason in reasons:
                        bump(why_dead, reason)
        for name in named_here:
            bump(organisations, name)
        for substance in set(rec["client"]["substances"]) or {"not recorded"}:
            bump(substances, substance)

        referral = min(london_day(g["created_at"]) for g in goals)
        since = [r for r in follow_ups if referral <= date.fromisoformat(r["date"]) <= END]
        if not since:
            continue
        after_referral += 1
        if any(r["attended"] == "yes" for r in since):
            went += 1
        meetings += sum(r["meetings_since_last"] or 0 for r in since)
        last = max(date.fromisoformat(r["date"]) for r in since)
        weeks += max(1, round((last - referral).days / 7))
        scores += [r["helpfulness"] for r in since if r["helpfulness"] is not None]

    staff = [
        m
        for m in export["staff"]
        if m["active"] and (m["left_on"] is None or date.fromisoformat(m["left_on"]) >= START)
    ]
    rang = [m for m in staff if {m["id"].lower(), (m["login"] or "").lower()} & callers]
    contacts = export.get("contacts", [])
    stale = [c for c in contacts if (END - date.fromisoformat(c["last_checked"])).days > 183]
    visits: dict[str, dict[str, int]] = {"clients": {}, "staff": {}}
    for visit in export.get("visits", []):
        if between(date.fromisoformat(visit["date"])):
            bump(visits[visit["to_whom"]], visit["organisation"])

    n = len(clients)
    scores.sort()
    spread: dict[str, float] = {}
    if scores:
        half = len(scores) // 2
        # the middle score, or the mean of the two middle ones
        middle = scores[half] if len(scores) % 2 else (scores[half - 1] + scores[half]) / 2
        spread = {"min": scores[0], "max": scores[-1], "median": middle}
    return {
        "stage_introduced": (introduced, n, {}),
        "stage_connected": (connected, n, {}),
        "stage_followed_up": (followed, n, {}),
        "structured_conversations": (talks, None, {"clients": talked}),
        "clients_with_goal": (connected, n, {}),
        "goals_with_link": (with_link, goals_made, link_kinds),
        "goals_link_by_whom": (with_link, goals_made, who),
        "referred": (connected, n, {}),
        "referred_by_organisation": (connected, n, organisations),
        "referred_by_substance": (connected, n, substances),
        "followed_up": (after_referral, connected, {}),
        "attended": (went, after_referral, {}),
        "meetings_per_week": (meetings, weeks, {"clients": after_referral}),
        "helpfulness": (sum(scores), len(scores), spread),
        "dead_end_referrals": (dead, to_a_meeting, why_dead),
        "contacts_stale": (len(stale), len(contacts), {}),
        "visits_to_clients": (sum(visits["clients"].values()), None, visits["clients"]),
        "visits_to_staff": (sum(visits["staff"].values()), None, visits["staff"]),
        "keyworkers_used_register": (len(rang), len(staff), {"calls": calls}),
        "clients_met_or_accompanied": (handed_over, handover_asked, handovers),
    }


# --------------------------------------------------------------------------- the store


def _client(code: str, start: date, discharged: date | None = None, **kw: Any) -> Client:
    return Client(
        code=code,
        keyworker="JB",
        postcode_district="DE1",
        episode_start=start,
        discharged=discharged,
        **kw,
    )


def _moment(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _goal(code: str, gid: str, created: datetime, **kw: Any) -> Goal:
    return Goal(
        id=gid,
        client_code=code,
        wording="Go to a meeting",
        target_date=created.date(),
        created_at=created,
        **kw,
    )


def _review(code: str, on: date, **kw: Any) -> Review:
    return Review(client_code=code, date=on, **kw)


def _talk(code: str, started: datetime, stage: Stage, stages: list[str] | None) -> Conversation:
    state: dict[str, Any] = {}
    if stages is not None:
        state["records"] = {f"s@{i}": {"index": i, "stage": s} for i, s in enumerate(stages)}
    return Conversation(
        client_code=code, keyworker="JB", started_at=started, stage_reached=stage, state=state
    )


def extra_records() -> list[ClientRecord]:
    edge = "XC-EDGE"
    follow = "XC-FU"
    gone = "XC-GONE"
    later = "XC-LATER"
    return [
        # Moments around London midnight at both ends of the period.
        ClientRecord(
            client=_client(edge, date(2026, 5, 1), substances=[Substance.ALCOHOL]),
            conversations=[
                # 23:30 UTC on 31 August is 00:30 BST on 1 September: in
                _talk(edge, _moment(2026, 8, 31, 23, 30), Stage.INTRODUCE, ["1 introduce"]),
            ],
            goals=[
                # 22:30 UTC on 31 August is 23:30 BST, still August: out
                _goal(edge, "xc-edge-early", _moment(2026, 8, 31, 22, 30), organisation=OrgCode.AA),
                # 23:30 UTC on 30 November is 23:30 GMT, still November: in
                _goal(
                    edge,
                    "xc-edge-late",
                    _moment(2026, 11, 30, 23, 30),
                    meeting_id="demo:na-03",
                    support=Support(link=LinkType.PEER_MENTOR),
                ),
            ],
            reviews=[
                _review(
                    edge,
                    date(2026, 11, 30),
                    goal_id="xc-edge-late",
                    attended=Attended.YES,
                    meetings_since_last=2,
                    helpfulness=10,
                    handover=Handover.DID_NOT,
                ),
                _review(edge, date(2026, 12, 1), goal_id="xc-edge-late", helpfulness=0),
            ],
        ),
        # Follow-ups before and after the referral; a conversation that only followed up;
        # an opened conversation with no answer; a care-plan review that is no follow-up.
        ClientRecord(
            client=_client(
                follow, date(2026, 2, 1), substances=[Substance.KETAMINE, Substance.ALCOHOL]
            ),
            goals=[
                _goal(
                    follow,
                    "xc-fu-goal",
                    _moment(2026, 9, 10, 10),
                    organisation=OrgCode.NA,
                    support=Support(
                        link=LinkType.STAFF_MEETS,
                        calls=[
                            ContactCall(
                                contact_id="demo-linda",
                                called_on=date(2026, 9, 10),
                                called_by="jb",
                                outcome=CallOutcome.REACHED,
                            ),
                            ContactCall(
                                contact_id="demo-linda",
                                called_on=date(2026, 8, 31),
                                called_by="DO",
                                outcome=CallOutcome.NOT_REACHED,
                            ),
                        ],
                    ),
                ),
                _goal(follow, "xc-fu-goal-2", _moment(2026, 10, 2, 10), meeting_id="demo:gone"),
            ],
            reviews=[
                _review(follow, date(2026, 9, 5), attended=Attended.YES, meetings_since_last=9),
                _review(
                    follow,
                    date(2026, 9, 24),
                    goal_id="xc-fu-goal",
                    attended=Attended.NO,
                    meetings_since_last=0,
                    helpfulness=2,
                ),
                _review(follow, date(2026, 10, 1), review_type=ReviewType.CARE_PLAN),
                _review(
                    follow,
                    date(2026, 10, 22),
                    goal_id="xc-fu-goal",
                    attended=Attended.YES,
                    meetings_since_last=3,
                    helpfulness=7,  # with the demo's scores, an even number: the median is a mean
                    handover=Handover.MET,
                ),
            ],
            conversations=[
                _talk(follow, _moment(2026, 10, 22, 10), Stage.FOLLOW_UP, ["3 follow up"]),
                _talk(follow, _moment(2026, 10, 29, 10), Stage.NOT_STARTED, None),
            ],
        ),
        # Discharged before the period: nothing of theirs counts.
        ClientRecord(
            client=_client(gone, date(2026, 3, 1), discharged=date(2026, 8, 20)),
            goals=[_goal(gone, "xc-gone-goal", _moment(2026, 10, 1, 10))],
            reviews=[_review(gone, date(2026, 10, 8), goal_id="xc-gone-goal")],
            conversations=[_talk(gone, _moment(2026, 10, 1, 10), Stage.INTRODUCE, None)],
        ),
        # Starts after the period.
        ClientRecord(client=_client(later, date(2026, 12, 5))),
    ]


@pytest.fixture
def export(tmp_path: Path, file_demo_casebook: Casebook) -> dict[str, Any]:
    file_demo_casebook.store.put_records(extra_records())
    file_demo_casebook.directory.flag("demo:na-03", FlagKind.DID_NOT_RUN, "Nobody there", by="JB")
    file_demo_casebook.directory.set_active("demo:aa-15", False)
    out = tmp_path / "export.json"
    code = main(
        ["--data", str(file_demo_casebook.store.path), "export", "-o", str(out)],
        clock=FixedClock(NOW),
    )
    assert code == 0
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def test_figures_match_an_independent_count_from_the_export(
    export: dict[str, Any], file_demo_casebook: Casebook
) -> None:
    store = file_demo_casebook.store
    source = EvidenceSource(
        [store.load_client(s.code) for s in store.client_summaries()],
        store.meetings(),
        store.staff(),
        file_demo_casebook.directory.sources(),
        contacts=store.contacts(),
        visits=store.visits(),
    )
    evidence = compute_evidence([source], Period(START, END), today=NOW.date())
    expected = recompute(export)
    for name in CHECKED:
        figure = evidence.figures[name]
        assert (figure.numerator, figure.denominator, dict(figure.breakdown)) == expected[name], (
            name
        )


def test_every_checked_figure_has_something_to_count(export: dict[str, Any]) -> None:
    expected = recompute(export)
    for name in CHECKED:
        numerator, denominator, _ = expected[name]
        assert numerator > 0, name
        if name not in ("meetings_per_week", "helpfulness"):  # a rate and a mean
            assert denominator is None or denominator >= numerator, name
    # the edges were exercised: both dead-end reasons, London midnight, the discharged client
    assert set(expected["dead_end_referrals"][2]) == {
        "did not run",
        "no longer listed",
        "not in the directory",
    }
    count, spread = expected["helpfulness"][1], expected["helpfulness"][2]
    assert count is not None and count % 2 == 0 and not float(spread["median"]).is_integer(), (
        "The scores should be even in number, with two different middle scores, so that the "
        "median is the mean of two: add or change a score in extra_records()."
    )
    codes = {c["client"]["code"] for c in export["clients"]}
    assert {"XC-EDGE", "XC-FU", "XC-GONE", "XC-LATER"} <= codes
    assert expected["referred"][1] == len(codes) - 2  # all but the discharged and the later


def test_the_export_is_plain_json(export: dict[str, Any]) -> None:
    """The independent count reads nothing but what ``fama export`` wrote."""
    assert export["format"] == "fama-export"
    assert {"clients", "meetings", "staff"} <= set(export)
    assert isinstance(export["clients"][0]["goals"], list)
