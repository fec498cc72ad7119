"""What a copy adds to its target, and what is held twice (read through the store contract).

The target is read first, then each source in the order given. A client code held twice
(already in the target, or in two sources) is a clash whatever the records say: fama does
not guess which is the client's. A staff member, meeting, postcode centre,
self-assessment, contact or visit held twice is fine when both hold the same (it is added
once, or not at all when the target has it) and a clash when they differ; so is one login
given to two staff members. A plan with clashes is not carried out at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fama.assessment.model import Assessment
    from fama.models import Contact, Meeting, StaffMember, Visit
    from fama.store.base import Store

TARGET = "the target"


@dataclass(frozen=True)
class Clash:
    """One key held twice: by whom (the target first), and whether the copies differ."""

    kind: str
    key: str
    where: tuple[str, ...]
    differs: bool

    def words(self) -> str:
        """One line of the list printed for a refused merge."""
        places = " and ".join(self.where)
        how = "differs between" if self.differs else "is in"
        return f"{self.kind} {self.key} {how} {places}"


@dataclass
class Plan:
    """What to add to the target (from which source each client comes), what the target
    or an earlier source already holds the same of, and the clashes."""

    clients: dict[str, int] = field(default_factory=dict)
    """Client code -> index of the source it is copied from."""
    staff: dict[str, StaffMember] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    locations: dict[str, tuple[float, float]] = field(default_factory=dict)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    visits: dict[str, Visit] = field(default_factory=dict)
    already: int = 0
    """Staff members, meetings, centres and assessments held the same twice (added once)."""
    clashes: list[Clash] = field(default_factory=list)
    target_held: int = 0
    """How many records of any kind the target held before (0: an empty target)."""


class _Ledger:
    """Every key of one kind seen so far: its content and where it was seen."""

    def __init__(
        self, kind: str, plan: Plan, added: dict[str, Any], *, counted: bool = True
    ) -> None:
        self.kind = kind
        self.counted = counted
        self.plan = plan
        self.added = added
        self.seen: dict[str, tuple[Any, list[str]]] = {}
        self.clashing: dict[str, Clash] = {}

    def see(self, key: str, content: Any, where: str, item: Any, *, new: bool) -> None:
        """``content`` is compared; ``item`` is what is added when ``new`` (a source's)."""
        if key not in self.seen:
            self.seen[key] = (content, [where])
            if new:
                self.added[key] = item
            return
        first, places = self.seen[key]
        places.append(where)
        if first == content and key not in self.clashing:
            self.plan.already += self.counted
            return
        self.added.pop(key, None)
        prior = self.clashing.get(key)
        differs = first != content or (prior is not None and prior.differs)
        self.clashing[key] = Clash(self.kind, key, tuple(places), differs)

    def finish(self) -> None:
        self.plan.clashes.extend(self.clashing[key] for key in sorted(self.clashing))


def _dump(model: Any) -> dict[str, Any]:
    return dict(model.model_dump(mode="json"))


def make_plan(target: Store, sources: list[tuple[str, Store]]) -> Plan:
    """Read the target, then each source (named as the messages name it), and plan."""
    plan = Plan()
    clients: dict[str, list[str]] = {}
    codes = {s.code for s in target.client_summaries()}
    for code in codes:
        clients[code] = [TARGET]
    for index, (name, source) in enumerate(sources):
        for summary in source.client_summaries():
            places = clients.setdefault(summary.code, [])
            places.append(name)
            if len(places) == 1:
                plan.clients[summary.code] = index
            else:
                plan.clients.pop(summary.code, None)
    plan.clashes.extend(
        Clash("client", code, tuple(where), differs=False)
        for code, where in sorted(clients.items())
        if len(where) > 1
    )

    ledgers = {
        "staff": _Ledger("staff member", plan, plan.staff),
        "meetings": _Ledger("meeting", plan, plan.meetings),
        "locations": _Ledger("postcode centre", plan, plan.locations),
        "assessments": _Ledger("self-assessment", plan, plan.assessments),
        "assessment ids": _Ledger("self-assessment id", plan, {}, counted=False),
        "contacts": _Ledger("contact", plan, plan.contacts),
        "visits": _Ledger("visit", plan, plan.visits),
    }
    logins: dict[str, dict[str, list[str]]] = {}
    stores: list[tuple[str, Store, bool]] = [(TARGET, target, False)]
    stores += [(name, source, True) for name, source in sources]
    for where, store, new in stores:
        staff, meetings = store.staff(), store.meetings()
        locations, assessments = store.locations(), store.assessments()
        for member in staff:
            ledgers["staff"].see(member.id, _dump(member), where, member, new=new)
            if member.login:
                logins.setdefault(member.login, {}).setdefault(member.id, []).append(where)
        for meeting in meetings:
            ledgers["meetings"].see(meeting.id, _dump(meeting), where, meeting, new=new)
        for outcode, point in locations.items():
            ledgers["locations"].see(outcode, list(point), where, point, new=new)
        for assessment in assessments:
            period = f"{assessment.service} {assessment.period_start}..{assessment.period_end}"
            ledgers["assessments"].see(period, _dump(assessment), where, assessment, new=new)
            ledgers["assessment ids"].see(assessment.id, period, where, None, new=False)
        contacts, visits = store.contacts(), store.visits()
        for contact in contacts:
            ledgers["contacts"].see(contact.id, _dump(contact), where, contact, new=new)
        for visit in visits:
            ledgers["visits"].see(visit.id, _dump(visit), where, visit, new=new)
        if not new:
            plan.target_held = len(codes) + len(staff) + len(meetings)
            plan.target_held += len(locations) + len(assessments) + len(contacts) + len(visits)
    for ledger in ledgers.values():
        ledger.finish()
    for login in sorted(logins):
        if len(logins[login]) > 1:  # a login is one person's
            held = dict.fromkeys(p for ps in logins[login].values() for p in ps)
            key = f"{login} (staff {', '.join(sorted(logins[login]))})"
            plan.clashes.append(Clash("login", key, tuple(held), differs=True))
            for staff_id in logins[login]:
                plan.staff.pop(staff_id, None)
    return plan
