"""The casebook's self-assessment: ``book.assessment``.

The service's *Mutual aid self-assessment* (PHE 2013) per service and period: the evidence
computed from the keyworkers' own records (``fama.assessment.evidence``), the lead's ratings
and comments kept in the store (``fama.assessment.model``), and the whole tool exported
(``fama.assessment.export``). Evidence can be built over several keyworkers' stores at once
without merging them: pass the others as ``extra``.

Like the rest of the casebook, pydantic and the assessment modules load only inside the
methods, so opening the caseload stays fast.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fama.audit import Action
from fama.casebook.part import Part

if TYPE_CHECKING:
    from fama.assessment.evidence import Evidence
    from fama.assessment.model import Assessment, Rating
    from fama.assessment.period import Period
    from fama.store import Store

ANNEX_KEYS = {"annex1": "annex-1", "annex2": "annex-2"}
"""The figures module's annex names, as the items catalogue and the exports name them."""


class AssessmentService(Part):
    """The evidence, the lead's ratings and the exports of the self-assessment:
    ``book.assessment``."""

    def default_period(self) -> Period:
        """The last full calendar quarter: what a partnership usually reviews."""
        from fama.assessment.period import last_full_quarter

        return last_full_quarter(self.clock.today())

    def evidence(self, period: Period, extra: Sequence[Store] = ()) -> Evidence:
        """Every figure for ``period`` from this store and any ``extra`` stores."""
        (evidence,) = self._evidence((period,), extra)
        return evidence

    def evidence_and_before(self, period: Period) -> tuple[Evidence, Evidence]:
        """The figures for ``period`` and for the period before it (what the change beside
        each figure is from), reading the records once for both."""
        from fama.assessment.period import previous

        now, before = self._evidence((period, previous(period)), ())
        return now, before

    def _evidence(self, periods: Sequence[Period], extra: Sequence[Store]) -> list[Evidence]:
        """The figures for each of ``periods``, reading every store's records once.

        Reading a service's facts makes hundreds of thousands of small objects that all live
        until the counting ends, so the garbage collector's passes over them find nothing
        to free and, with Python's default thresholds, cost more than the counting (2.7 s
        against 1.4 s for two periods of 20,000 clients): it is paused meanwhile."""
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._count(periods, extra)
        finally:
            if collecting:
                gc.enable()

    def _count(self, periods: Sequence[Period], extra: Sequence[Store]) -> list[Evidence]:
        from fama.assessment.evidence import EvidenceSource, compute_evidence
        from fama.assessment.facts import ClientFacts
        from fama.errors import StoreError

        first_day = min(p.start for p in periods)
        last_day = max(p.end for p in periods)
        stores = [
            (store.assessment_facts(first_day, last_day), store.meetings(), store.staff(), store)
            for store in (self.store, *extra)
        ]
        try:
            sources = []
            for store_facts, meetings, staff, store in stores:
                # Plain facts, not pydantic records: validating every record would cost more
                # than the counting (see scripts/bench_assessment.py).
                facts: Iterable[ClientFacts] = store_facts
                if len(periods) > 1:
                    facts = list(facts)  # read once, counted for each period
                # The register's counts, not its entries: a report login may not read them.
                counts = [store.register_counts(p.start, p.end) for p in periods]
                sources.append((facts, meetings, staff, counts))
            return [
                compute_evidence(
                    [
                        EvidenceSource(f, meetings=m, staff=s, register=r[i])
                        for f, m, s, r in sources
                    ],
                    period,
                    today=self.clock.today(),
                )
                for i, period in enumerate(periods)
            ]
        except ValueError as exc:  # a client file that is not a record
            raise StoreError(f"The evidence could not be counted: {exc}") from None

    def load(self, service: str, period: Period) -> Assessment:
        """The kept assessment of ``service`` for exactly ``period``, or a new, unsaved one."""
        from fama.assessment.model import find_assessment

        kept = find_assessment(self.store.assessments(), service, period.start, period.end)
        return kept if kept is not None else self._new_assessment(service, period)

    def _new_assessment(self, service: str, period: Period) -> Assessment:
        from fama.assessment.model import Assessment

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
        by: str | None = None,
        rating: Rating | None = None,
        suggested: Rating | None = None,
        comments: str | None = None,
        supporting_evidence: str | None = None,
    ) -> Assessment:
        """Keep a rating, comments or evidence for one item, rated ``by`` (by default the
        person using fama; who and when are kept too; a rating that differs from the
        suggestion is marked as an override)."""
        from fama.assessment.items import load_catalogue

        try:
            load_catalogue().item(item_id)
        except KeyError:
            raise ValueError(f"There is no self-assessment item {item_id}.") from None
        who = (self.user if by is None else by).strip()
        if not who:
            raise ValueError("Say who is rating (your initials or name).")
        now = self.clock.now()

        def change(kept: Assessment | None) -> Assessment:
            # Inside the store's lock: the assessment as stored now, made if the period has
            # none yet, so two people rating at once keep one assessment with both ratings.
            return (kept or self._new_assessment(service, period)).with_rating(
                item_id,
                by=who,
                at=now,
                rating=rating,
                suggested=suggested,
                comments=comments,
                supporting_evidence=supporting_evidence,
            )

        saved = self.store.change_assessment(service, period.start, period.end, change)
        self.audit(Action.CHANGE, f"self-assessment rated ({period.start} to {period.end})")
        return saved

    def reports_only(self) -> bool:
        """Is the person using fama a report login (figures only, small numbers hidden)?"""
        from fama.casebook.identity import identify
        from fama.models import Access

        if self.store.login() is None:
            return False  # a folder store is one person's own
        member = identify(self.store).member
        return member is not None and member.access is Access.REPORT

    def export(
        self,
        service: str,
        period: Period,
        fmt: str,
        *,
        suppress_small: bool = False,
        extra: Sequence[Store] = (),
    ) -> bytes:
        """The whole tool for ``period`` as ``fmt``: what the self-assessment screen shows
        (ratings, comments, the evidence with its change from the previous period, and the
        rating fama suggests from the figures). Small numbers are always suppressed for a
        report login: its figures are the ones that leave the service."""
        from fama.assessment.export import export_assessment
        from fama.assessment.items import load_catalogue
        from fama.assessment.period import previous
        from fama.assessment.ratings import suggest_rating

        catalogue = load_catalogue()
        evidence, before = self._evidence((period, previous(period)), extra)
        annexes = {ANNEX_KEYS.get(k, k): grid for k, grid in evidence.annexes.items()}
        suggestions = {
            item.id: suggested
            for item in catalogue.items
            if (suggested := suggest_rating(item.id, evidence)) is not None
        }
        return export_assessment(
            catalogue.items,
            self.load(service, period),
            evidence.by_item,
            fmt,  # type: ignore[arg-type]
            suppress_small=suppress_small or self.reports_only(),
            annexes=annexes,
            annex_catalogue=catalogue.annexes,
            suggestions=suggestions,
            previous=before.by_item,
        )

    def save_export(
        self, service: str, period: Period, fmt: str, folder: Path, *, suppress_small: bool
    ) -> Path:
        """Write :meth:`export` into ``folder`` (made private if new), named for
        the period, whole or not at all; returns the file. Raises ``ValueError`` for an
        unknown format, ``StoreError`` or ``OSError``; nothing is written then."""
        from fama.paths import atomic_write, make_private_dir

        name = f"self-assessment-{period.start}-to-{period.end}"
        target = folder / f"{name}{'-small-numbers' if suppress_small else ''}.{fmt}"
        data = self.export(service, period, fmt, suppress_small=suppress_small)
        make_private_dir(folder)
        atomic_write(target, data)
        return target
