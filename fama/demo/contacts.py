"""The demo town's contacts register and the visits fellowship members made.

Kelbridge's register has the people a keyworker would ring in stage 2: an Al-Anon group
contact, AA health liaison, NA hospitals and institutions (its details past their check
date, so the stale mark shows), a SMART facilitator, and the service's own peer mentors and
recovery champions. Every name is made up; numbers come from Ofcom's ranges reserved for
drama (0808 157 0xxx, 03069 990xxx) and addresses use ``example.org``. Dates are counted
back from ``today`` so the demo never goes stale by itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from fama.demo.meetings import meeting_id
from fama.models.contact import Contact, ContactOrg, Position, ServiceOwn, Visit, VisitAudience
from fama.models.organisations import OrgCode


class _C(NamedTuple):
    key: str
    organisation: ContactOrg
    name: str
    role: str
    position: Position
    phone: str
    email: str
    when: str
    meetings: tuple[str, ...]
    areas: tuple[str, ...]
    checked_days_ago: int


# fmt: off
_CONTACTS = (
    _C("linda", OrgCode.AL_ANON, "Linda", "Al-Anon group contact", Position.OTHER,
       "0808 157 0201", "", "weekday evenings", ("alanon-01", "alanon-04"), ("DE22",), 35),
    _C("sam", OrgCode.AA, "Sam", "", Position.AA_HEALTH_LIAISON,
       "0808 157 0202", "sam.aa@example.org", "weekdays 9-5", ("aa-01",), ("DE1", "DE22"), 40),
    _C("jo", OrgCode.NA, "Jo", "", Position.NA_HOSPITALS_INSTITUTIONS,
       "03069 990203", "", "evenings after 6pm", ("na-01", "na-02"), ("DE1",), 250),
    _C("mo", OrgCode.SMART, "Mo", "", Position.SMART_FACILITATOR,
       "", "mo.smart@example.org", "Thursdays", ("smart-02",), (), 12),
    _C("dee", ServiceOwn.PEER_MENTORS, "Dee", "", Position.PEER_MENTOR,
       "03069 990205", "", "weekdays", (), ("DE1", "DE21", "DE22", "DE23"), 60),
    _C("champions", ServiceOwn.RECOVERY_CHAMPIONS, "", "Kelbridge recovery champions",
       Position.RECOVERY_CHAMPION, "0808 157 0206", "", "any time", (), ("DE1",), 20),
)

_VISITS = (
    (20, OrgCode.AA, VisitAudience.CLIENTS, "Two members told the Tuesday group their stories."),
    (45, OrgCode.NA, VisitAudience.STAFF, "H&I talked to the team about what meetings are like."),
    (80, OrgCode.SMART, VisitAudience.CLIENTS, "A facilitator showed the tools at the hub."),
)
# fmt: on


def contact_id(key: str) -> str:
    """The stored id of a demo contact from its table key (``linda`` -> ``demo-linda``)."""
    return f"demo-{key}"


def build_contacts(today: date) -> list[Contact]:
    """The demo register, checked at different times (Jo's details are past their check)."""
    return [
        Contact(
            id=contact_id(row.key),
            organisation=row.organisation,
            name=row.name,
            role=row.role,
            position=row.position,
            phone=row.phone,
            email=row.email,
            when=row.when,
            meetings=[meeting_id(m) for m in row.meetings],
            areas=list(row.areas),
            consent=True,
            last_checked=today - timedelta(days=row.checked_days_ago),
        )
        for row in _CONTACTS
    ]


def build_visits(today: date) -> list[Visit]:
    """Fellowship members who came in to talk to clients or staff this year."""
    return [
        Visit(
            id=f"demo-visit-{n}",
            date=today - timedelta(days=days),
            organisation=org,
            to_whom=audience,
            note=note,
        )
        for n, (days, org, audience, note) in enumerate(_VISITS, start=1)
    ]
