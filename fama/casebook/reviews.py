"""The casebook's care-plan reviews: ``book.reviews``.

A client's mutual aid history for a period, its summary for the care plan, and recording
that a care-plan review was held. The history and the summary are built by the pure
:mod:`fama.reviews.history` and :mod:`fama.reviews.care_plan_summary`; like the rest of the
casebook, this module loads them (and pydantic) only inside the methods that need them, so
opening the caseload stays fast.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Final, Literal

from fama.audit import Action
from fama.casebook.part import Desk, Part, change_returning

if TYPE_CHECKING:
    from fama.casebook.directory import DirectoryService
    from fama.conversation.handover_words import Named
    from fama.models import ClientRecord, Review
    from fama.reviews.history import ReviewHistory

KEEP: Final = "keep"
"""``next_review`` for :meth:`ReviewService.record_care_plan_review`: leave it as it is."""


class ReviewService(Part):
    """A client's mutual aid history, its summary for the care plan, and care-plan reviews
    held: ``book.reviews``."""

    def __init__(self, desk: Desk, directory: DirectoryService) -> None:
        super().__init__(desk)
        self._directory = directory

    def history(
        self, code: str, since: date | None = None, until: date | None = None
    ) -> ReviewHistory:
        """The client's history and the period's figures (by default since the last
        care-plan review before today, else since the episode began, up to today).

        Raises ``ClientNotFound``, or ``ValueError`` (one sentence) for a period that starts
        after it ends.
        """
        from fama.reviews.history import build_history

        record = self.store.load_client(code)
        history = build_history(
            record,
            self._directory.by_id(),
            today=self.clock.today(),
            since=since,
            until=until,
            contacts=self._contact_names(record),
        )
        self.audit(Action.VIEW, "review", code)
        return history

    def summary(
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
        from fama.reviews.care_plan_summary import check_format, summary
        from fama.reviews.history import build_history

        check_format(fmt)
        record = self.store.load_client(code)
        meetings = self._directory.by_id()
        history = build_history(
            record,
            meetings,
            today=self.clock.today(),
            since=since,
            until=until,
            contacts=self._contact_names(record),
        )
        text = summary(history, record, meetings, fmt)
        self.audit(Action.VIEW, "summary", code)
        return text

    def _contact_names(self, record: ClientRecord) -> dict[str, Named]:
        """The register's names for the people rung in the client's sessions (the register
        is read only when a call was made)."""
        from fama.conversation.handover_words import register_names

        if not any(g.support.calls for g in record.goals):
            return {}
        return register_names(self.store.contacts())

    def record_care_plan_review(
        self,
        code: str,
        held_on: date,
        next_review: date | Literal["keep"] | None = KEEP,
        notes: str = "",
    ) -> Review:
        """Record that a care-plan review was held, and when the next one is, in ONE save.

        Saves a :class:`Review` of type care-plan review (about no single goal, with the
        notes, recorded by the person using fama) and sets the client's next review:
        ``KEEP`` leaves the date the client had, a date replaces it, and None clears it
        (no further review), so a date is only ever lost by asking. The caseload row is
        rebuilt with the save. Raises ``ValueError`` (one sentence; nothing saved) for a
        review dated in the future or before the episode began, or notes that are too
        long; its ``NextReviewError`` for a next review not after the one held or more than
        a year ahead (:func:`fama.reviews.next_review.next_review_problem`), or a date kept that
        is not after the review held (it was for this review: give the next, or clear it);
        and ``ClientNotFound``.
        """
        from pydantic import ValidationError

        from fama.models import Review, ReviewType
        from fama.reviews.next_review import NextReviewError, next_review_problem
        from fama.reviews.words import long_day

        today = self.clock.today()
        if held_on > today:
            raise ValueError("A care-plan review cannot be recorded for a day still to come.")
        if isinstance(next_review, date):
            problem = next_review_problem(next_review, held_on, today)
            if problem:
                raise NextReviewError(problem)
        now = self.clock.now()

        def change(record: ClientRecord) -> tuple[ClientRecord, Review]:
            client = record.client
            if held_on < client.episode_start:
                raise ValueError(
                    "A care-plan review cannot be before the episode began "
                    f"({client.episode_start:%d %B %Y})."
                )
            following = client.next_review if next_review == KEEP else next_review
            if next_review == KEEP and following is not None and following <= held_on:
                raise NextReviewError(
                    f"The next review on file ({long_day(following)}) is not after this one: "
                    "give the date of the next, or none."
                )
            try:
                review = Review(
                    client_code=client.code,
                    goal_id=None,
                    date=held_on,
                    review_type=ReviewType.CARE_PLAN,
                    notes=notes,
                    recorded_by=self.user,
                    created_at=now,
                )
            except ValidationError as error:
                problem = str(error.errors()[0].get("msg", "it is not valid")).rstrip(".")
                raise ValueError(f"That review cannot be saved: {problem}.") from None
            updated = client.model_copy(
                update={"next_review": following, "updated_at": now, "updated_by": self.user}
            )
            changed = record.model_copy(
                update={"client": updated, "reviews": [*record.reviews, review]}
            )
            return changed, review

        _, review = change_returning(lambda step: self.store.change_record(code, step), change)
        self.audit(Action.CHANGE, "care-plan review recorded", code)
        return review
