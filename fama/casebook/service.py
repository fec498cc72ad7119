"""The casebook: the one facade that the screens and the CLI call (DESIGN §2).

It owns the store and the clock, and is made of one sub-service per feature, each an
attribute: ``book.clients``, ``book.conversations``, ``book.directory``, ``book.reviews``,
``book.staff``, ``book.assessment``, ``book.handouts``, ``book.contacts``. Screens ask them
questions shaped like what they show ("the caseload, filtered") and hand them what the
keyworker entered; they validate, save and answer. Nothing here imports Textual. Modules
that load pydantic are imported by the methods that need them, so opening the caseload
stays fast (see scripts/bench.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from fama.casebook.part import Desk, Part
from fama.clock import Clock
from fama.store import Store

if TYPE_CHECKING:
    from fama.casebook.assessment import AssessmentService
    from fama.casebook.clients import ClientsService
    from fama.casebook.contacts import ContactsService
    from fama.casebook.conversation import ConversationService
    from fama.casebook.directory import DirectoryService
    from fama.casebook.handouts import HandoutsService
    from fama.casebook.protection import Protection
    from fama.casebook.reviews import ReviewService
    from fama.casebook.staff import StaffService
    from fama.casebook.trail import AuditTrail
    from fama.demo.town import DemoData

__all__ = ["Casebook", "current_user"]


def current_user(store: Store | None = None) -> str:
    """Who is using fama: on a database, the staff member its login is mapped to (else the
    login itself; ``FAMA_USER`` cannot stand in for someone there); on a folder store,
    ``FAMA_USER`` if set (a shared demo machine), else the computer's login name."""
    if store is not None and store.login() is not None:
        from fama.casebook.identity import identify

        return identify(store).user
    from fama.casebook.login import computer_login

    return computer_login()


class Casebook(Part):
    """The one facade the screens and the CLI call: every question they ask and every change
    they make goes through one of its parts, and through it to the store. It sits at the
    same :class:`Desk` as its parts (store, clock, user)."""

    def __init__(self, store: Store, clock: Clock, user: str | None = None) -> None:
        who = (user if user is not None else current_user(store)).strip()[:80] or "unknown"
        super().__init__(Desk(store, clock, who))

    # Each part is made (and its module imported) the first time it is asked for: opening
    # the caseload needs only the clients and the staff list.
    @cached_property
    def staff(self) -> StaffService:
        """The staff list, training, insight visits and My month."""
        from fama.casebook.staff import StaffService

        return StaffService(self.desk)

    @cached_property
    def contacts(self) -> ContactsService:
        """The contacts register and fellowship visits."""
        from fama.casebook.contacts import ContactsService

        return ContactsService(self.desk)

    @cached_property
    def directory(self) -> DirectoryService:
        """The meeting directory, feeds, flags, locations and matching."""
        from fama.casebook.directory import DirectoryService

        return DirectoryService(self.desk)

    @cached_property
    def clients(self) -> ClientsService:
        """The caseload and each client's record."""
        from fama.casebook.clients import ClientsService

        return ClientsService(self.desk, staff=self.staff)

    @cached_property
    def conversations(self) -> ConversationService:
        """A client's FAMA conversation, its handouts and meeting plan."""
        from fama.casebook.conversation import ConversationService

        return ConversationService(self.desk, directory=self.directory)

    @cached_property
    def reviews(self) -> ReviewService:
        """Care-plan reviews and a client's mutual aid history."""
        from fama.casebook.reviews import ReviewService

        return ReviewService(self.desk, directory=self.directory)

    @cached_property
    def assessment(self) -> AssessmentService:
        """The self-assessment: evidence, ratings and exports."""
        from fama.casebook.assessment import AssessmentService

        return AssessmentService(self.desk)

    @cached_property
    def handouts(self) -> HandoutsService:
        """Handouts given to a client and pages printed."""
        from fama.casebook.handouts import HandoutsService

        return HandoutsService(self.desk)

    @cached_property
    def protection(self) -> Protection:
        """Encryption at rest: on, off, the passphrase, sealed exports."""
        from fama.casebook.protection import Protection

        return Protection(self.desk)

    @cached_property
    def trail(self) -> AuditTrail:
        """The audit trail: who viewed, changed, exported or erased what, and its check."""
        from fama.casebook.trail import AuditTrail

        return AuditTrail(self.desk)

    @property
    def user(self) -> str:
        """Who is using fama: what "recorded by", "flagged by" and "rated by" say."""
        return self.desk.user

    @user.setter
    def user(self, who: str) -> None:
        self.desk.user = who

    def unlock_check(self) -> Callable[[str], bool] | None:
        """How the lock screen knows the person is back: a check of the store's passphrase
        on a store that has one, else None (any key unlocks)."""
        return self.store.passphrase_check()

    def notices(self) -> list[str]:
        """What opening the store did that the person must hear about (an interrupted
        erasure finished), as sentences without client details."""
        return self.store.notices()

    def export_all(self) -> dict[str, Any]:
        """The whole store as one JSON document (``fama export``), audited."""
        from fama.audit import Action

        document = self.store.export()
        self.audit(Action.EXPORT, "whole store exported")
        return document

    def load_demo(self, data: DemoData) -> None:
        """Fill an empty store with the demo town (staff, meetings, contacts, clients): made
        here, never read from the store, so the blind writes lose nothing."""
        for member in data.staff:
            self.store.save_staff(member)
        self.store.replace_meetings(list(data.meetings))
        self.store.change_contacts(lambda _: list(data.contacts))
        for visit in data.visits:
            self.store.save_visit(visit)
        self.store.put_records(list(data.records))

    def backup_if_due(self) -> None:
        """Take the daily backup, for a store that keeps backups (the file store)."""
        from fama.store import Backups

        if isinstance(self.store, Backups):
            self.store.backup_if_due(self.clock.now())
