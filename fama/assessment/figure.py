"""One figure of the self-assessment's evidence, and which figures evidence which item.

A :class:`Figure` has a numerator and a denominator (None for a plain count), so a reader can
always see "12 of 40", not only "30 %". Every other figures module builds these; what each
figure counts is described in :mod:`fama.assessment.evidence`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from fama.models.organisations import ORGANISATIONS
from fama.models.vocab import Weekday

__all__ = [
    "DAY_NAMES",
    "ITEM_FIGURES",
    "ORG_ORDER",
    "Figure",
    "ordered",
]

ITEM_FIGURES: dict[str, tuple[str, ...]] = {
    "1.1": ("meetings_by_organisation", "sources_verified", "contacts_stale"),
    "1.2": ("meetings_by_organisation", "sources_verified"),
    "1.4": ("days_in_person", "days_any_mode"),
    "1.5": ("programmes_available",),
    "2.2": ("handouts_given", "clients_discussed"),
    "2.3": ("handouts_given", "clients_discussed"),
    "2.4": ("visits_to_clients",),
    "2.5": ("visits_to_clients",),
    "3.2b": ("keyworkers_used_register",),
    "3.4": ("visits_to_staff",),
    "3.5": ("staff_insight_visits",),
    "3.6": ("staff_trained_fama", "staff_trained_twelve_step", "staff_trained_smart"),
    "4.1": ("stage_introduced", "stage_connected", "stage_followed_up"),
    "4.2": ("structured_conversations", "clients_with_goal"),
    "4.3": ("staff_trained_fama", "staff_trained_twelve_step", "staff_trained_smart"),
    "4.4": ("goals_with_link", "goals_link_by_whom", "clients_met_or_accompanied"),
    "5.4": ("referred", "referred_by_organisation", "referred_by_substance"),
    "5.5": ("followed_up", "attended", "meetings_per_week", "helpfulness", "dead_end_referrals"),
}
"""Which figures evidence which item, in display order."""


@dataclass(frozen=True)
class Figure:
    """One piece of evidence: ``numerator`` of ``denominator`` (None for a plain count)."""

    name: str
    label: str
    numerator: int
    denominator: int | None
    breakdown: Mapping[str, float] = field(default_factory=dict)
    is_share: bool = True
    """False when ``value`` is not a part of a whole but a rate or a mean (meetings a week,
    mean helpfulness): show it as a number, not a percentage."""
    breakdown_is_count: bool = True
    """False when the breakdown holds measures (the lowest, highest and median helpfulness
    score), not counts: small-number suppression then hides them with the figure's value
    instead of treating each as a count."""

    @property
    def value(self) -> float | None:
        """``numerator / denominator``; None without a denominator or when it is 0."""
        if not self.denominator:
            return None
        return self.numerator / self.denominator


def ordered(counts: Mapping[str, int], order: Iterable[str]) -> dict[str, int]:
    """``counts`` in ``order``, then any other keys alphabetically; zeros left out."""
    known = [key for key in order if counts.get(key)]
    rest = sorted(key for key in counts if key not in set(known) and counts[key])
    return {key: counts[key] for key in [*known, *rest]}


ORG_ORDER = tuple(code.value for code in ORGANISATIONS)
DAY_NAMES = tuple(day.label for day in Weekday)
