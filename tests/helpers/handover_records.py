"""Records for the warm handover's self-assessment figures (issue 17), and the figures worked
out again from them without fama's counting code.

:func:`scenario` builds a small service on the edges of the rules: contacts checked just
inside and just outside six months before a period's end (and one checked after it),
visits on a period's first and last days and just outside, calls by staff named by id and
by login in another case, by a member who left, by someone not on the staff list and by
nobody recorded, a call for a client no longer in treatment, and follow-ups about linked
and unlinked goals saying the person met the client, went with them, did not, or nothing.

:func:`expected` counts the same figures with plain loops over those records and imports
nothing from :mod:`fama.assessment`, so a test comparing the two checks the code rather
than repeating it. The literal figures the tests also assert are worked out by hand in
their docstrings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from fama.models import (
    Attended,
    Client,
    ClientRecord,
    Contact,
    Goal,
    LinkType,
    OrgCode,
    Review,
    StaffMember,
    Support,
    Visit,
)
from fama.models.contact import ServiceOwn, VisitAudience
from fama.models.goal import CallOutcome, ContactCall
from fama.models.review import Handover

TODAY = date(2026, 11, 24)
Q4 = (date(2026, 10, 1), date(2026, 12, 31))
Q3 = (date(2026, 7, 1), date(2026, 9, 30))

SIX_MONTHS_DAYS = 183
"""How long a contact stays fresh after its check, as the register's notes say."""
MET_OR_WENT = ("met them there", "went with them")


@dataclass(frozen=True)
class Scenario:
    records: list[ClientRecord]
    contacts: list[Contact]
    visits: list[Visit]
    staff: list[StaffMember]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(11, 0), tzinfo=UTC)


def _client(code: str, discharged: date | None = None) -> Client:
    return Client(
        code=code,
        keyworker="JB",
        postcode_district="DE1",
        episode_start=date(2026, 1, 5),
        discharged=discharged,
    )


def _call(day: date, by: str, outcome: CallOutcome = CallOutcome.REACHED) -> ContactCall:
    return ContactCall(contact_id="c-fresh", called_on=day, called_by=by, outcome=outcome)


def _goal(
    code: str,
    created: date,
    link: LinkType,
    calls: list[ContactCall] | None = None,
    gid: str = "",
) -> Goal:
    return Goal(
        id=gid or f"goal-{code}",
        client_code=code,
        wording="Go to the Tuesday meeting",
        organisation=OrgCode.AA,
        target_date=created + timedelta(days=7),
        support=Support(link=link, calls=calls or []),
        created_at=_at(created),
    )


def _follow_up(
    code: str, on: date, goal_id: str | None, handover: Handover | None, rid: str = ""
) -> Review:
    return Review(
        id=rid or f"fu-{code}-{on}-{handover}",
        client_code=code,
        goal_id=goal_id,
        date=on,
        attended=Attended.YES,
        handover=handover,
    )


def _contact(cid: str, checked: date) -> Contact:
    return Contact(
        id=cid,
        organisation=OrgCode.AA,
        name="Sam",
        phone="07700 900123",
        consent=True,
        last_checked=checked,
    )


def _visit(vid: str, day: date, org: OrgCode | ServiceOwn, to: VisitAudience) -> Visit:
    return Visit(id=vid, date=day, organisation=org, to_whom=to)


def scenario() -> Scenario:
    """The service described in the module's notes."""
    sep30, oct1, oct2, nov3, dec31 = (
        date(2026, 9, 30),
        date(2026, 10, 1),
        date(2026, 10, 2),
        date(2026, 11, 3),
        date(2026, 12, 31),
    )
    linked = LinkType.VOLUNTEER_PHONED
    records = [
        # Calls: JB twice in Q4 (one message, one reached), someone unknown in Q4.
        ClientRecord(
            client=_client("H-RING"),
            goals=[
                _goal(
                    "H-RING",
                    oct2,
                    linked,
                    [
                        _call(oct2, "JB", CallOutcome.MESSAGE),
                        _call(oct2, "JB"),
                        _call(nov3, "XX"),
                    ],
                )
            ],
        ),
        # Priya by her login, in another case, on the period's last day; a call with no
        # caller recorded; Dan only the day before Q4 begins.
        ClientRecord(
            client=_client("H-LOGIN"),
            goals=[
                _goal(
                    "H-LOGIN",
                    sep30,
                    LinkType.NONE,
                    [_call(dec31, "Priya"), _call(nov3, ""), _call(sep30, "DK")],
                )
            ],
        ),
        # Lee left in September: his call counts in Q3 only.
        ClientRecord(
            client=_client("H-LEFT"),
            goals=[_goal("H-LEFT", date(2026, 8, 3), linked, [_call(date(2026, 8, 3), "LV")])],
        ),
        # Discharged before Q4: Dan's call in October is not counted (not in treatment).
        ClientRecord(
            client=_client("H-GONE", discharged=date(2026, 9, 20)),
            goals=[_goal("H-GONE", date(2026, 9, 1), linked, [_call(oct2, "DK")])],
        ),
        # Handovers in Q4.
        ClientRecord(
            client=_client("H-MET"),
            goals=[_goal("H-MET", oct1, linked)],
            reviews=[_follow_up("H-MET", nov3, "goal-H-MET", Handover.MET)],
        ),
        ClientRecord(
            client=_client("H-WENT"),
            goals=[_goal("H-WENT", oct1, LinkType.STAFF_ACCOMPANIES)],
            reviews=[
                _follow_up("H-WENT", oct2, "goal-H-WENT", Handover.DID_NOT),
                _follow_up("H-WENT", dec31, "goal-H-WENT", Handover.WENT_WITH),
            ],
        ),
        ClientRecord(
            client=_client("H-DIDNOT"),
            goals=[_goal("H-DIDNOT", oct1, LinkType.PEER_MENTOR)],
            reviews=[_follow_up("H-DIDNOT", nov3, "goal-H-DIDNOT", Handover.DID_NOT)],
        ),
        ClientRecord(
            client=_client("H-UNASKED"),
            goals=[_goal("H-UNASKED", oct1, linked)],
            reviews=[_follow_up("H-UNASKED", nov3, "goal-H-UNASKED", None)],
        ),
        # A goal with no link: whatever its follow-up says, it is not counted for 4.4.
        ClientRecord(
            client=_client("H-NOLINK"),
            goals=[_goal("H-NOLINK", oct1, LinkType.NONE)],
            reviews=[_follow_up("H-NOLINK", nov3, "goal-H-NOLINK", Handover.MET)],
        ),
        # Met, but on the last day of Q3: counted in Q3, not in Q4.
        ClientRecord(
            client=_client("H-SEPT"),
            goals=[_goal("H-SEPT", date(2026, 9, 1), linked)],
            reviews=[_follow_up("H-SEPT", sep30, "goal-H-SEPT", Handover.MET)],
        ),
        # A follow-up about no goal at all.
        ClientRecord(
            client=_client("H-NOGOAL"),
            reviews=[_follow_up("H-NOGOAL", nov3, None, None)],
        ),
    ]
    contacts = [
        _contact("c-fresh", oct1),  # checked after Q3 ended: fresh at both ends
        _contact("c-old", date(2026, 1, 1)),  # stale at both ends
        _contact("c-edge-in", date(2026, 7, 1)),  # check-by 31 Dec: still fresh on it
        _contact("c-edge-out", date(2026, 6, 30)),  # check-by 30 Dec: stale on 31 Dec
        _contact("c-may", date(2026, 5, 1)),  # stale at Q4's end, fresh at Q3's
    ]
    clients, staff = VisitAudience.CLIENTS, VisitAudience.STAFF
    visits = [
        _visit("v1", date(2026, 10, 5), OrgCode.AA, clients),
        _visit("v2", dec31, OrgCode.AA, clients),
        _visit("v3", date(2026, 11, 1), OrgCode.NA, clients),
        _visit("v4", date(2026, 10, 10), ServiceOwn.PEER_MENTORS, clients),
        _visit("v5", sep30, OrgCode.AA, clients),
        _visit("v6", oct1, OrgCode.SMART, staff),
        _visit("v7", date(2027, 1, 1), OrgCode.CA, staff),
    ]
    members = [
        StaffMember(id="JB", name="Jo Bloggs", login="jo"),
        StaffMember(id="PS", name="Priya Shah", login="priya"),
        StaffMember(id="DK", name="Dan King"),
        StaffMember(id="LV", name="Lee Vance", left_on=date(2026, 9, 15)),
    ]
    return Scenario(records, contacts, visits, members)


def expected(s: Scenario, first: date, last: date) -> dict[str, tuple[int, int | None, Any]]:
    """The new figures for the period, counted again from the records: name ->
    (numerator, denominator, breakdown)."""

    def in_treatment(r: ClientRecord) -> bool:
        c = r.client
        return c.episode_start <= last and (c.discharged is None or c.discharged >= first)

    stale = sum(1 for c in s.contacts if (last - c.last_checked).days > SIX_MONTHS_DAYS)
    to: dict[str, Counter[str]] = {"clients": Counter(), "staff": Counter()}
    for v in s.visits:
        if first <= v.date <= last:
            to[v.to_whom.value][v.organisation.value] += 1

    active = [m for m in s.staff if m.left_on is None or m.left_on >= first]
    callers: set[str] = set()
    calls = 0
    asked = handed = 0
    kinds: Counter[str] = Counter()
    for r in filter(in_treatment, s.records):
        for g in r.goals:
            for call in g.support.calls:
                if call.called_by and first <= call.called_on <= last:
                    calls += 1
                    callers.add(call.called_by.lower())
        with_link = {g.id for g in r.goals if g.support.link.value != "none"}
        about = [f for f in r.reviews if f.goal_id in with_link and first <= f.date <= last]
        if about:
            asked += 1
            said = {
                f.handover.value for f in about if f.handover and f.handover.value in MET_OR_WENT
            }
            if said:
                handed += 1
                kinds.update(said)
    rang = sum(1 for m in active if m.id.lower() in callers or (m.login or "").lower() in callers)
    return {
        "contacts_stale": (stale, len(s.contacts), {}),
        "visits_to_clients": (sum(to["clients"].values()), None, dict(to["clients"])),
        "visits_to_staff": (sum(to["staff"].values()), None, dict(to["staff"])),
        "keyworkers_used_register": (rang, len(active), {"calls": calls}),
        "clients_met_or_accompanied": (handed, asked, dict(kinds)),
    }
