"""The rating the evidence suggests for a self-assessment item (the lead may override it).

:func:`suggest_rating` reads the figures of :class:`~fama.assessment.evidence.Evidence` and
answers :data:`IN_PLACE`, :data:`PARTLY` or :data:`NOT_IN_PLACE`, or None when the figures
have nothing to go on; the thresholds are the constants below.
"""

from __future__ import annotations

from fama.assessment.evidence import Evidence
from fama.assessment.figure import Figure
from fama.models.vocab import Programme

__all__ = [
    "IN_PLACE",
    "NOT_IN_PLACE",
    "PARTLY",
    "suggest_rating",
]

IN_PLACE = "in place"
PARTLY = "partly in place"
NOT_IN_PLACE = "not in place"

SHARE_IN_PLACE = 0.5
"""5.4, 4.2, 2.3: at least this share of clients in treatment suggests "in place"..."""
SHARE_PARTLY = 0.2
"""...and at least this share "partly in place"."""
FRESH_IN_PLACE = 0.8
"""1.1, 1.2: this share of directory sources checked in the last 90 days is "in place"."""
FOLLOWED_IN_PLACE = 0.75
"""5.5: this share of referred clients followed up (with helpfulness asked) is "in place"."""
TRAINED_IN_PLACE = 0.75
"""3.6: this share of active staff trained in FAMA is "in place"."""


def _share(figure: Figure) -> float:
    return figure.value or 0.0


def _by_share(figure: Figure, in_place: float, partly: float) -> str:
    """In place at ``in_place`` or more, partly at ``partly`` or more (above 0 when
    ``partly`` is 0), else not in place."""
    share = _share(figure)
    if share >= in_place:
        return IN_PLACE
    if share >= partly and (partly > 0 or figure.numerator > 0):
        return PARTLY
    return NOT_IN_PLACE


def suggest_rating(item_id: str, evidence: Evidence) -> str | None:
    """A rating the figures suggest for an item, or None when they suggest none.

    One of :data:`IN_PLACE`, :data:`PARTLY` or :data:`NOT_IN_PLACE`. The lead may override
    it. None for an item without figures, and when the figures have nothing to go on (no
    clients in treatment, no referrals, no active staff). The rules:

    * 1.1 and 1.2 (the directory is kept and known): not in place with no running meeting;
      in place when at least 80 % of sources were verified or imported in the last 90 days,
      else partly.
    * 1.4 (seven-day access): in place with an in-person meeting every day; partly with a
      meeting of any kind every day, or in person on at least 5 days; else not in place.
    * 1.5 (choice): in place with both 12-step and SMART meetings running; partly with
      one programme; not in place with none.
    * 2.2 (literature): of clients with mutual aid discussed, those given a handout: in
      place at 50 %, partly above 0.
    * 2.3 (discussed) and 5.4 (referred): in place at 50 % of clients in treatment, partly
      at 20 %.
    * 3.5 (insight visits): of active staff, those with a visit in the period: in place at
      50 %, partly above 0.
    * 3.6 (training): active staff trained in FAMA: in place at 75 %, partly above 0.
    * 4.3 (protocol-based training): in place with someone trained in 12-step facilitation
      and someone in SMART facilitation; partly with either.
    * 4.1 (the three stages): in place when all three stages happened in the period and
      at least half the clients introduced were connected; partly when any stage did.
    * 4.2 (conversations and goals): as 5.4 on clients with a goal, but at most partly when
      no structured conversation was held.
    * 4.4 (accompaniment): of goals created, those with a link: in place at 50 %, partly
      above 0.
    * 5.5 (follow-up): in place when at least 75 % of referred clients were followed up
      and helpfulness was asked; partly when anyone was followed up.
    """
    f = evidence.figures
    clients = f["referred"].denominator or 0
    if item_id in ("1.1", "1.2"):
        if f["meetings_by_organisation"].numerator == 0:
            return NOT_IN_PLACE
        return IN_PLACE if _share(f["sources_verified"]) >= FRESH_IN_PLACE else PARTLY
    if item_id == "1.4":
        in_person, any_mode = f["days_in_person"].numerator, f["days_any_mode"].numerator
        if in_person == 7:
            return IN_PLACE
        return PARTLY if any_mode == 7 or in_person >= 5 else NOT_IN_PLACE
    if item_id == "1.5":
        programmes = f["programmes_available"].breakdown
        if programmes.get(Programme.TWELVE_STEP.value) and programmes.get(Programme.SMART.value):
            return IN_PLACE
        return PARTLY if f["programmes_available"].numerator else NOT_IN_PLACE
    if item_id == "2.2":
        discussed = f["clients_discussed"].numerator
        if not discussed:
            return None
        given = Figure("", "", int(f["handouts_given"].breakdown.get("clients", 0)), discussed)
        return _by_share(given, SHARE_IN_PLACE, 0)
    if item_id in ("2.3", "5.4"):
        name = "clients_discussed" if item_id == "2.3" else "referred"
        return _by_share(f[name], SHARE_IN_PLACE, SHARE_PARTLY) if clients else None
    if item_id == "3.5":
        visits = f["staff_insight_visits"].breakdown
        active = int(visits.get("active staff", 0))
        if not active:
            return None
        return _by_share(Figure("", "", int(visits.get("staff", 0)), active), SHARE_IN_PLACE, 0)
    if item_id == "3.6":
        trained = f["staff_trained_fama"]
        return _by_share(trained, TRAINED_IN_PLACE, 0) if trained.denominator else None
    if item_id == "4.3":
        twelve, smart = f["staff_trained_twelve_step"], f["staff_trained_smart"]
        if not twelve.denominator:
            return None
        if twelve.numerator and smart.numerator:
            return IN_PLACE
        return PARTLY if twelve.numerator or smart.numerator else NOT_IN_PLACE
    if item_id == "4.1":
        if not clients:
            return None
        introduced = f["stage_introduced"].numerator
        connected = f["stage_connected"].numerator
        followed = f["stage_followed_up"].numerator
        if introduced and followed and connected >= SHARE_IN_PLACE * introduced:
            return IN_PLACE
        return PARTLY if introduced or connected or followed else NOT_IN_PLACE
    if item_id == "4.2":
        if not clients:
            return None
        rating = _by_share(f["clients_with_goal"], SHARE_IN_PLACE, SHARE_PARTLY)
        if rating == IN_PLACE and not f["structured_conversations"].numerator:
            return PARTLY
        return rating
    if item_id == "4.4":
        linked = f["goals_with_link"]
        return _by_share(linked, SHARE_IN_PLACE, 0) if linked.denominator else None
    if item_id == "5.5":
        after = f["followed_up"]
        if not after.denominator:
            return None
        if _share(after) >= FOLLOWED_IN_PLACE and f["helpfulness"].denominator:
            return IN_PLACE
        return PARTLY if after.numerator else NOT_IN_PLACE
    return None
