"""The figures about the contacts register and fellowship members' visits (1.1, 2.4, 2.5, 3.4).

What the self-assessment reads of the register is a handful of counts, never an entry:
how many contacts there are, how many are past their check-by date, and how many visits
fellowship members made in the period, by whom they talked to and by organisation. A store
that may not hand its register to the person asking (a report login on a service's
database) gives these counts alone; :func:`count_register` is the rule every store follows.
What each figure means is in :mod:`fama.assessment.evidence`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fama.assessment.figure import ORG_ORDER, Figure, ordered
from fama.models.contact import Contact, ServiceOwn, Visit, VisitAudience

__all__ = [
    "VISIT_ORDER",
    "RegisterCounts",
    "count_register",
    "register_figures",
]

VISIT_ORDER = (*ORG_ORDER, *(s.value for s in ServiceOwn))
"""The organisations a visit can be from, in the order the breakdowns list them."""


@dataclass(frozen=True)
class RegisterCounts:
    """The register's counts for one period: no name, number or note, only how many."""

    contacts: int = 0
    stale: int = 0
    """Contacts past their check-by date on the period's last day."""
    visits: Mapping[tuple[str, str], int] = field(default_factory=dict)
    """Visits in the period by (to whom, organisation): ``("clients", "AA") -> 2``."""

    def __add__(self, other: RegisterCounts) -> RegisterCounts:
        """Two stores' counts added up (without merging, like their clients)."""
        return RegisterCounts(
            self.contacts + other.contacts,
            self.stale + other.stale,
            dict(Counter(self.visits) + Counter(other.visits)),
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> RegisterCounts:
        """The counts from a database's JSON (``contacts``, ``stale`` and ``visits`` as
        ``[to whom, organisation, count]`` rows); ``ValueError`` for anything else."""
        try:
            contacts, stale = row["contacts"], row["stale"]
            visits = {(str(whom), str(org)): n for whom, org, n in row["visits"]}
            counts = [contacts, stale, *visits.values()]
            if not all(isinstance(n, int) and not isinstance(n, bool) for n in counts):
                raise TypeError("a count is not a whole number")
            return cls(contacts, stale, visits)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(
                f"The register's counts are not in the expected shape ({exc})."
            ) from None


def count_register(
    contacts: Iterable[Contact], visits: Iterable[Visit], first_day: date, last_day: date
) -> RegisterCounts:
    """The counts for the period from ``first_day`` to ``last_day`` (both included): every
    contact in the register as it is now, those stale on ``last_day``, and the visits
    dated in the period."""
    listed = list(contacts)
    return RegisterCounts(
        contacts=len(listed),
        stale=sum(1 for c in listed if c.stale(last_day)),
        visits=dict(
            Counter(
                (v.to_whom.value, v.organisation.value)
                for v in visits
                if first_day <= v.date <= last_day
            )
        ),
    )


def _visits(counts: RegisterCounts, audience: VisitAudience) -> tuple[int, dict[str, int]]:
    by_org: Counter[str] = Counter()
    for (whom, org), n in counts.visits.items():
        if whom == audience.value:
            by_org[org] += n
    return sum(by_org.values()), ordered(by_org, VISIT_ORDER)


def register_figures(counts: RegisterCounts) -> list[Figure]:
    """The register's figures, in the tool's order."""
    to_clients, clients_by_org = _visits(counts, VisitAudience.CLIENTS)
    to_staff, staff_by_org = _visits(counts, VisitAudience.STAFF)
    return [
        Figure(
            "contacts_stale",
            "Contacts in the register past their check-by date at the period's end",
            counts.stale,
            counts.contacts,
        ),
        Figure(
            "visits_to_clients",
            "Visits by fellowship members to talk to clients, by organisation",
            to_clients,
            None,
            clients_by_org,
        ),
        Figure(
            "visits_to_staff",
            "Visits by fellowship members to talk to staff, by organisation",
            to_staff,
            None,
            staff_by_org,
        ),
    ]
