"""The one small storage interface the service object talks to (DESIGN §2, §4), and its contract.

Screens never see this; the casebook does. Every implementation (the file store, the
in-memory store for tests, a later PostgreSQL store) keeps the contract below, and
``tests/store/test_store_contract.py`` checks it against each of them.

The contract, for every method unless its docstring says otherwise:

* **Records, not files.** The interface speaks of clients, goals, meetings, staff and
  assessments. Where they live is the implementation's business; a store that keeps files
  and can back them up also implements :class:`Backups`, and callers check for that.
* **Atomic.** A write is all or nothing: after it returns, the whole change is kept and
  will be read back (also by another process opening the same store, and after a crash);
  if it raises, nothing of it is kept.
* **Read-modify-write under the lock.** ``change_*`` methods read the record as stored
  *now*, apply the caller's function and save its result before any other writer (thread
  or process) may read or write that record. The function may raise to refuse: then
  nothing is saved and the exception reaches the caller unchanged. It must not call the
  store itself. The service layer writes through these (or through writes that carry
  only the new item, such as ``save_goal``), never by saving a whole object it read
  earlier, so no acknowledged change is ever lost to a concurrent writer.
* **Concurrency.** Any number of threads and processes may call a store at once; reads
  never see half a write. A write that cannot get the lock in a reasonable time raises
  :class:`StoreBusy` (nothing saved).
* **Erasure** removes every copy of a client the store keeps, its backups included.
* **Damaged data** is refused with :class:`StoreUnreadable` and never overwritten.
* **Errors** are :class:`StoreError` subclasses: one plain sentence, never a traceback.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from fama.store.shared import ADD_BATCH, Additions, batches

if TYPE_CHECKING:
    from fama.assessment.facts import ClientFacts
    from fama.assessment.model import Assessment
    from fama.assessment.register_figures import RegisterCounts
    from fama.audit import AuditEntry
    from fama.models import (
        Access,
        Client,
        ClientRecord,
        ClientSummary,
        Contact,
        Conversation,
        Goal,
        HandoutGiven,
        Meeting,
        Review,
        StaffMember,
        Visit,
    )
    from fama.store.erasure import Erased


@runtime_checkable
class Backups(Protocol):
    """A store that keeps whole copies of itself (the file store). Callers check for it:
    ``isinstance(store, Backups)``; a database store backs up by its own means."""

    def backup(self, reason: str) -> Path:
        """Take a whole, consistent copy now; returns where it is. Other writers wait only
        for a moment (the copy is made without holding the store for its whole length)."""

    def latest_backup(self) -> Path | None:
        """The newest copy, or None if there is none."""

    def backup_if_due(self, now: datetime) -> Path | None:
        """Take the daily backup if the newest one is more than a day old (and there are
        clients to keep); returns it, or None if none was due."""


Change = Callable[["ClientRecord"], "ClientRecord"]


class Store(ABC):
    """Everything fama keeps, behind methods shaped like the screens' questions.

    See the module docstring for what every method promises (atomicity, concurrency,
    erasure, damaged data, errors).
    """

    # Clients ------------------------------------------------------------------------
    @abstractmethod
    def client_summaries(self, keyworker: str | None = None) -> list[ClientSummary]:
        """Every client's caseload row (or only those of ``keyworker``), without reading
        each client's full record. Order is not promised."""

    @abstractmethod
    def has_client(self, code: str) -> bool:
        """Is there a client with this code (a point lookup; nothing is validated)?"""

    @abstractmethod
    def load_client(self, code: str) -> ClientRecord:
        """The whole record of one client as stored now; raises ``ClientNotFound``, or
        ``StoreUnreadable`` for a record that is damaged."""

    def load_clients(self, codes: list[str]) -> list[ClientRecord]:
        """The whole records of these clients, in the order given (a copy reads a whole
        store in batches); raises ``ClientNotFound`` for a code with no client. This default
        reads them one by one; a database reads a batch in one query."""
        return [self.load_client(code) for code in codes]

    @abstractmethod
    def create_client(self, client: Client) -> None:
        """Add a new client with an empty record; raises ``DuplicateClient`` if the code
        is taken (checked under the lock: of two processes adding the same code, one wins)."""

    @abstractmethod
    def save_client(self, client: Client) -> None:
        """Replace an existing client's profile, blindly; raises ``ClientNotFound``.

        For tools and tests only: the service layer changes a profile with
        :meth:`change_record`, so an edit made elsewhere meanwhile is not overwritten."""

    @abstractmethod
    def save_goal(self, goal: Goal) -> None:
        """Insert or replace one goal (by id) in its client's record, under the lock; the
        rest of the record is kept as stored now. Raises ``ClientNotFound``."""

    @abstractmethod
    def save_review(self, review: Review) -> None:
        """Insert or replace one review (by id), as :meth:`save_goal` does a goal."""

    @abstractmethod
    def client_documents(self) -> Iterator[dict[str, Any]]:
        """Every client's record as plain JSON (the shape of ``export()``'s ``clients``),
        without validating it: for counting over the whole store. Each record is whole;
        the set is not one snapshot if writers are busy."""

    @abstractmethod
    def save_conversation(self, conversation: Conversation) -> None:
        """Insert or replace one conversation (by id), as :meth:`save_goal` does a goal."""

    @abstractmethod
    def change_record(self, code: str, change: Change) -> ClientRecord:
        """Read a client's record, apply ``change`` and save the result, all under the lock
        (an exception from ``change`` saves nothing); returns the saved record. The result
        must keep the client's code. Raises ``ClientNotFound``."""

    @abstractmethod
    def save_handout_given(self, given: HandoutGiven) -> None:
        """Log a handout given to a client (insert or replace by id, under the lock)."""

    @abstractmethod
    def put_record(self, record: ClientRecord) -> None:
        """Write a whole client record at once (create or replace): one durable save. For
        imports and restores of records that were not read from this store."""

    @abstractmethod
    def put_records(self, records: list[ClientRecord]) -> None:
        """Write many client records (an import, the demo) under one hold of the lock."""

    @abstractmethod
    def erase_client(self, code: str, *, keep_figures: bool = False) -> Erased:
        """Delete every record of a client, backups included, and the files written about
        them outside the store (``ClientRecord.files``); returns what went and what was not
        found. Journalled and idempotent: an erase killed at any moment is finished by running
        it again (or by opening the store), and reports the whole erasure. Raises
        ``ClientNotFound`` when there is no such client and no erasure of them to finish.

        ``keep_figures`` (a retention purge, never a person's request to be erased) keeps
        the record's self-assessment facts, with no code and no words (see
        :mod:`fama.assessment.stored_facts`), so the figures of past periods stay as they
        were; :meth:`retained_facts` yields them."""

    def retained_facts(self) -> Iterator[ClientFacts]:
        """The self-assessment facts kept from records purged at the end of their retention
        period (none by default), once their record is gone."""
        return iter(())

    def assessment_facts(self, first_day: date, last_day: date) -> Iterator[ClientFacts]:
        """What the self-assessment counts of every client in treatment at some time from
        ``first_day`` to ``last_day`` (others may come too: the counting checks each), as
        :class:`ClientFacts`, streaming. This default makes them from each record's JSON;
        a database keeps them beside each record and counts them for a login that may not
        read records. Raises ``ValueError`` for a record not in the expected shape."""
        from fama.assessment.facts import facts_from_json

        for document in self.client_documents():
            yield facts_from_json(document)
        yield from self.retained_facts()

    def notices(self) -> list[str]:
        """What opening the store did that the person must hear about, as sentences without
        client details: an erasure a killed command left unfinished, finished on opening.
        Empty for a store with nothing to say (the default)."""
        return []

    def login(self) -> str | None:
        """The login the store itself knows this person by (a database is connected to as
        someone); None where it knows nobody (a folder: the computer's login counts)."""
        return None

    def grant_access(self, login: str, access: Access) -> None:  # noqa: B027
        """Let ``login`` do what ``access`` allows, and no more: a database makes the login a
        member of that group role (creating the login if it has none). A folder store is
        one person's and enforces nothing (the default does nothing)."""

    def passphrase_check(self) -> Callable[[str], bool] | None:
        """How the lock screen knows the person is back: a check of a passphrase typed
        (true if it is the store's), on a store that has one; ``None`` (the default) where
        there is none, and any key unlocks."""
        return None

    def export_seal(self) -> Callable[[bytes], bytes] | None:
        """How an export's bytes are sealed so that only the store's passphrase opens them,
        on an encrypted store; ``None`` (the default) where exports are written in clear."""
        return None

    def close(self) -> None:  # noqa: B027 (a store that holds nothing open has nothing to do)
        """Let go of what the store holds open (a database's connections); the default
        does nothing, since a folder store holds nothing open between calls."""

    # Directory --------------------------------------------------------------------------
    @abstractmethod
    def meetings(self) -> list[Meeting]:
        """The whole meeting directory as stored now (one consistent version of it)."""

    @abstractmethod
    def meeting(self, meeting_id: str) -> Meeting:
        """One meeting by id, without loading the directory; raises ``MeetingNotFound``."""

    @abstractmethod
    def replace_meetings(self, meetings: list[Meeting]) -> None:
        """Swap the whole directory in one durable save: all or nothing. For filling a new
        store (the demo); an import merges with :meth:`change_meetings`."""

    @abstractmethod
    def save_meeting(self, meeting: Meeting) -> None:
        """Insert or replace one meeting (by id), blindly. The service layer uses
        :meth:`change_meeting`."""

    @abstractmethod
    def change_meeting(
        self, meeting_id: str, change: Callable[[Meeting | None], Meeting]
    ) -> Meeting:
        """Read one meeting (None if there is none with this id), apply ``change`` and save
        its result, under the lock; the rest of the directory is untouched. The result must
        keep ``meeting_id`` (``ValueError`` otherwise; nothing saved). Returns it."""

    @abstractmethod
    def change_meetings(self, change: Callable[[list[Meeting]], list[Meeting]]) -> list[Meeting]:
        """Read the directory, apply ``change`` and save the result, all under the lock, in one
        durable save (an import: another process's edit in between is never lost)."""

    @abstractmethod
    def locations(self) -> dict[str, tuple[float, float]]:
        """Postcode-district centres a service imported: outcode -> (latitude, longitude)."""

    @abstractmethod
    def replace_locations(self, locations: dict[str, tuple[float, float]]) -> None:
        """Swap the whole table of centres (a file imported again): all or nothing."""

    # Staff ------------------------------------------------------------------------------
    @abstractmethod
    def staff(self) -> list[StaffMember]:
        """Everyone on the staff list (active or not)."""

    @abstractmethod
    def staff_member(self, staff_id: str) -> StaffMember | None:
        """One staff member by exact id, or None; without loading the whole list."""

    @abstractmethod
    def save_staff(self, member: StaffMember) -> None:
        """Insert or replace one staff member (by id), blindly: for the demo and tools. The
        service layer uses :meth:`change_staff`."""

    @abstractmethod
    def change_staff(
        self, staff_id: str, change: Callable[[StaffMember | None], StaffMember]
    ) -> StaffMember:
        """Read one staff member (None if there is none with this id), apply ``change`` and
        save its result, under the lock. The result must keep ``staff_id`` (``ValueError``
        otherwise; nothing saved). Returns it."""

    # Contacts register (issue 17) ---------------------------------------------------------
    @abstractmethod
    def contacts(self) -> list[Contact]:
        """Everyone in the contacts register as stored now; none in a new store."""

    @abstractmethod
    def change_contacts(self, change: Callable[[list[Contact]], list[Contact]]) -> list[Contact]:
        """Read the whole register, apply ``change`` and save its result, all under the lock,
        in one durable save (an edit, an addition or an import: all or nothing, and another
        writer's change in between is never lost). Returns the saved register."""

    @abstractmethod
    def visits(self) -> list[Visit]:
        """Every visit of a fellowship member recorded; none in a new store."""

    @abstractmethod
    def save_visit(self, visit: Visit) -> None:
        """Insert or replace one visit (by id), under the lock; the others are kept."""

    # Self-assessment ------------------------------------------------------------------
    @abstractmethod
    def assessments(self) -> list[Assessment]:
        """Every self-assessment kept (any service, any period); none in a new store."""

    @abstractmethod
    def save_assessment(self, assessment: Assessment) -> None:
        """Insert or replace a self-assessment (by id), blindly: for tools and tests. The
        service layer uses :meth:`change_assessment`."""

    @abstractmethod
    def change_assessment(
        self,
        service: str,
        period_start: date,
        period_end: date,
        change: Callable[[Assessment | None], Assessment],
    ) -> Assessment:
        """Read the assessment of ``service`` for exactly this period (None if there is
        none), apply ``change`` and save its result, under the lock. So there is one
        assessment per service and period, however many people rate at once. The result
        must cover the same service and period (``ValueError`` otherwise; nothing saved)."""

    # Audit trail (DESIGN §4c) -----------------------------------------------------------
    @abstractmethod
    def record_id(self, code: str) -> str:
        """The internal id the audit trail names a client record by: a keyed hash of the
        code, the same for as long as the store lives, from which the code cannot be read
        back (so an erasure's tombstone does not name the client)."""

    @abstractmethod
    def audit_append(
        self, who: str, action: str, what: str, record: str | None, at: datetime
    ) -> AuditEntry:
        """Append one entry to the audit trail, sealed onto the last, durably, under the
        trail's own lock (never the records'). A database fills in the time and the login
        itself, so ``who`` and ``at`` cannot be given in someone else's name there. Entries
        are never changed or removed; a restore of a backup never rewinds them."""

    @abstractmethod
    def audit_rows(self) -> Iterator[dict[str, Any] | ValueError]:
        """Every entry of the trail in the order kept, as parsed (a field map), or a
        :class:`ValueError` where one cannot be parsed, for :func:`fama.audit.verify`."""

    # Whole store ----------------------------------------------------------------------
    @abstractmethod
    def export(self) -> dict[str, Any]:
        """The whole store as one JSON-ready document (a portable backup)."""

    def add(self, additions: Additions) -> int:
        """Add records the store holds none of yet (``fama store copy``); returns how many
        client records were written. The caller has checked that no key is taken (a client
        code, a staff id or login, a meeting id, an outcode, an assessment's id or period).

        A database adds everything in one transaction: all or nothing, and a key taken
        meanwhile by someone else raises ``StoreError`` with nothing added. This default,
        for stores without transactions, adds the parts one after another (a client code
        taken meanwhile raises ``DuplicateClient``, what came before it kept): a caller that
        needs all or nothing adds into a new store and keeps it only when it is whole.
        """
        from fama.errors import DuplicateClient

        for member in additions.staff:
            self.save_staff(member)
        if additions.meetings:
            new = {m.id: m for m in additions.meetings}
            self.change_meetings(
                lambda kept: [m for m in kept if m.id not in new] + [*new.values()]
            )
        if additions.locations:
            self.replace_locations({**self.locations(), **additions.locations})
        for assessment in additions.assessments:
            self.save_assessment(assessment)
        if additions.contacts:
            self.change_contacts(lambda kept: [*kept, *additions.contacts])
        for visit in additions.visits:
            self.save_visit(visit)
        written = 0
        for batch in batches(additions.records, ADD_BATCH):
            for record in batch:
                if self.has_client(record.client.code):
                    raise DuplicateClient(record.client.code)
            self.put_records(batch)
            written += len(batch)
        return written

    def register_counts(self, first_day: date, last_day: date) -> RegisterCounts:
        """What the self-assessment counts of the contacts register and the visits for the
        period from ``first_day`` to ``last_day``: every contact, those stale on
        ``last_day`` and the visits in the period by whom they were for and organisation
        (:func:`fama.assessment.register_figures.count_register`). Counts only: a database
        gives them through a function to a login that may not read the register."""
        from fama.assessment.register_figures import count_register

        return count_register(self.contacts(), self.visits(), first_day, last_day)
