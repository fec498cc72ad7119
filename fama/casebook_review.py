"""The casebook's care-plan review methods (a mixin for :class:`fama.casebook.Casebook`).

A client's mutual aid history for a period, its summary for the care plan, and recording
that a care-plan review was held. The history and the summary are built by the pure
:mod:`fama.review_history`; like the rest of the casebook, this module loads it (and
pydantic) only inside the methods that need it, so opening the caseload stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from fama.clock import Clock
    from fama.models import ClientRecord, Meeting, Review
    from fama.review_history import ReviewHistory
    from fama.store import Store


class ReviewService:
    """Mixin: needs ``self.store`` and ``self.clock`` (as :class:`fama.casebook.Casebook`)."""

    store: Store
    clock: Clock

    def _directory(self) -> dict[str, Meeting]:
        return {m.id: m for m in self.store.meetings()}

    def review_history(
        self, code: str, since: date | None = None, until: date | None = None
    ) -> ReviewHistory:
        """The client's history and the period's figures (by default since the last
        care-plan review before today, else since the episode began, up to today).

        Raises ``ClientNotFound``, or ``ValueError`` (one sentence) for a period that starts
        after it ends.
        """
        from fama.review_history import build_history

        record = self.store.load_client(code)
        return build_history(
            record, self._directory(), today=self.clock.today(), since=since, until=until
        )

    def review_summary(
        self,
        code: str,
        fmt: str = "md",
        since: date | None = None,
        until: date | None = None,
    ) -> str:
        """The summary for the care plan as ``md``, ``html`` or ``txt``.

        Raises ``ValueError`` (one sentence) for another format or a period that starts
        after it ends, and ``ClientNotFound``.
        """
        from fama.review_history import build_history, check_format, summary

        check_format(fmt)
        record = self.store.load_client(code)
        meetings = self._directory()
        history = build_history(
            record, meetings, today=self.clock.today(), since=since, until=until
        )
        return summary(history, record, meetings, fmt)

    def record_care_plan_review(
        self,
        code: str,
        held_on: date,
        next_review: date | None,
        notes: str = "",
        by: str = "",
    ) -> Review:
        """Record that a care-plan review was held, and when the next one is, in ONE save.

        Saves a :class:`Review` of type care-plan review (about no single goal, with the
        notes) and sets the client's next review to ``next_review`` (None clears it: the
        date that was set was for the review now held). The caseload row is rebuilt with
        the save. Raises ``ValueError`` (one sentence; nothing saved) for a review dated in
        the future or before the episode began, a next review not after it, or notes that
        are too long; and ``ClientNotFound``.
        """
        from pydantic import ValidationError

        from fama.models import Review, ReviewType

        if held_on > self.clock.today():
            raise ValueError("A care-plan review cannot be recorded for a day still to come.")
        if next_review is not None and next_review <= held_on:
            raise ValueError("The next care-plan review must be after the one being recorded.")
        now = self.clock.now()
        saved: list[Review] = []

        def change(record: ClientRecord) -> ClientRecord:
            client = record.client
            if held_on < client.episode_start:
                raise ValueError(
                    "A care-plan review cannot be before the episode began "
                    f"({client.episode_start:%d %B %Y})."
                )
            try:
                review = Review(
                    client_code=client.code,
                    goal_id=None,
                    date=held_on,
                    review_type=ReviewType.CARE_PLAN,
                    notes=notes,
                    recorded_by=by.strip() or client.keyworker,
                    created_at=now,
                )
            except ValidationError as error:
                problem = str(error.errors()[0].get("msg", "it is not valid")).rstrip(".")
                raise ValueError(f"That review cannot be saved: {problem}.") from None
            saved.append(review)
            updated = client.model_copy(update={"next_review": next_review, "updated_at": now})
            return record.model_copy(
                update={"client": updated, "reviews": [*record.reviews, review]}
            )

        self.store.change_record(code, change)
        return saved[0]
