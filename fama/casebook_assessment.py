"""The casebook's self-assessment methods (a mixin for :class:`fama.casebook.Casebook`).

The service's *Mutual aid self-assessment* (PHE 2013) per service and period: the evidence
computed from the keyworkers' own records (``fama.assessment.figures``), the lead's ratings
and comments kept in the store (``fama.assessment.model``), and the whole tool exported
(``fama.assessment.export``). Evidence can be built over several keyworkers' stores at once
without merging them: pass the others as ``extra``.

Like the rest of the casebook, pydantic and the assessment modules load only inside the
methods, so opening the caseload stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fama.assessment.figures import Evidence
    from fama.assessment.model import Assessment, Rating
    from fama.assessment.period import Period
    from fama.clock import Clock
    from fama.store import Store

ANNEX_KEYS = {"annex1": "annex-1", "annex2": "annex-2"}
"""The figures module's annex names, as the items catalogue and the exports name them."""


class AssessmentService:
    """Mixin: needs ``self.store`` and ``self.clock`` (as :class:`fama.casebook.Casebook`)."""

    store: Store
    clock: Clock

    def default_period(self) -> Period:
        """The last full calendar quarter: what a partnership usually reviews."""
        from fama.assessment.period import last_full_quarter

        return last_full_quarter(self.clock.today())

    def assessment_evidence(self, period: Period, extra: Sequence[Store] = ()) -> Evidence:
        """Every figure for ``period`` from this store and any ``extra`` stores."""
        from fama.assessment.figures import EvidenceSource, compute_evidence, facts_from_json
        from fama.store.base import StoreError

        sources = []
        for store in (self.store, *extra):
            # Plain JSON, not pydantic: validating every record would cost more than the
            # counting (see scripts/bench_assessment.py); the reader checks what it uses.
            records = (facts_from_json(d) for d in store.client_documents())
            sources.append(
                EvidenceSource(records=records, meetings=store.meetings(), staff=store.staff())
            )
        try:
            return compute_evidence(sources, period, today=self.clock.today())
        except ValueError as exc:  # a client file that is not a record
            raise StoreError(f"The evidence could not be counted: {exc}") from None

    def assessment(self, service: str, period: Period) -> Assessment:
        """The kept assessment of ``service`` for exactly ``period``, or a new, unsaved one."""
        from fama.assessment.model import Assessment, find_assessment

        kept = find_assessment(self.store.assessments(), service, period.start, period.end)
        if kept is not None:
            return kept
        now = self.clock.now()
        return Assessment(
            service=service,
            period_start=period.start,
            period_end=period.end,
            created_at=now,
            updated_at=now,
        )

    def rate_item(
        self,
        service: str,
        period: Period,
        item_id: str,
        *,
        by: str,
        rating: Rating | None = None,
        suggested: Rating | None = None,
        comments: str | None = None,
        supporting_evidence: str | None = None,
    ) -> Assessment:
        """Keep a rating, comments or evidence for one item (who and when are kept too; a
        rating that differs from the suggestion is marked as an override)."""
        from fama.assessment.items import load_catalogue

        try:
            load_catalogue().item(item_id)
        except KeyError:
            raise ValueError(f"There is no self-assessment item {item_id}.") from None
        if not by.strip():
            raise ValueError("Say who is rating (your initials or name).")
        updated = self.assessment(service, period).with_rating(
            item_id,
            by=by.strip(),
            at=self.clock.now(),
            rating=rating,
            suggested=suggested,
            comments=comments,
            supporting_evidence=supporting_evidence,
        )
        self.store.save_assessment(updated)
        return updated

    def export_assessment(
        self,
        service: str,
        period: Period,
        fmt: str,
        *,
        suppress_small: bool = False,
        extra: Sequence[Store] = (),
    ) -> bytes:
        """The whole tool for ``period`` with ratings, comments and evidence, as ``fmt``."""
        from fama.assessment.export import export_assessment
        from fama.assessment.items import load_catalogue

        catalogue = load_catalogue()
        evidence = self.assessment_evidence(period, extra)
        annexes = {ANNEX_KEYS.get(k, k): grid for k, grid in evidence.annexes.items()}
        return export_assessment(
            catalogue.items,
            self.assessment(service, period),
            evidence.by_item,
            fmt,  # type: ignore[arg-type]
            suppress_small=suppress_small,
            annexes=annexes,
            annex_catalogue=catalogue.annexes,
        )
