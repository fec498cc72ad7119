"""The one small storage interface the service object talks to (DESIGN §2, §4).

Screens never see this; the casebook does. A later implementation (PostgreSQL for a
service that outgrows files) implements the same methods.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fama.assessment.model import Assessment
    from fama.models import (
        Client,
        ClientRecord,
        ClientSummary,
        Conversation,
        Goal,
        HandoutGiven,
        Meeting,
        Review,
        StaffMember,
    )
    from fama.store.erasure import Erased


class StoreError(Exception):
    """A problem the user must hear about in one plain sentence (never a traceback)."""

    exit_code = 1


class StoreUnreadable(StoreError):
    """A file that is corrupt or from a newer fama: refused, never overwritten."""

    exit_code = 2

    def __init__(self, path: Path, problem: str, latest_backup: Path | None) -> None:
        self.path = path
        self.problem = problem
        self.latest_backup = latest_backup
        backup = (
            f"the latest backup is {latest_backup}"
            if latest_backup
            else "there is no backup of this store yet"
        )
        super().__init__(f"Cannot open {path}: {problem}; it has been left untouched and {backup}.")


class StoreBusy(StoreError):
    exit_code = 3

    def __init__(self, path: Path) -> None:
        super().__init__(f"Another fama is still saving to {path}; wait a moment and try again.")


class ClientNotFound(StoreError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"There is no client with the code {code}.")


class MeetingNotFound(StoreError):
    def __init__(self, meeting_id: str) -> None:
        self.meeting_id = meeting_id
        super().__init__(f"There is no meeting with the id {meeting_id}.")


class DuplicateClient(StoreError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"A client with the code {code} already exists; codes must be unique.")


class Store(ABC):
    """Everything fama keeps, behind methods shaped like the screens' questions."""

    path: Path

    # Clients ------------------------------------------------------------------------
    @abstractmethod
    def client_summaries(self) -> list[ClientSummary]:
        """Every client's caseload row, without reading each client's full record."""

    @abstractmethod
    def has_client(self, code: str) -> bool: ...

    @abstractmethod
    def load_client(self, code: str) -> ClientRecord:
        """The whole record of one client; raises ``ClientNotFound``."""

    @abstractmethod
    def create_client(self, client: Client) -> None:
        """Add a new client; raises ``DuplicateClient`` if the code is taken."""

    @abstractmethod
    def save_client(self, client: Client) -> None:
        """Replace an existing client's profile; raises ``ClientNotFound``."""

    @abstractmethod
    def save_goal(self, goal: Goal) -> None:
        """Insert or replace a goal (by id) in its client's record."""

    @abstractmethod
    def save_review(self, review: Review) -> None: ...

    @abstractmethod
    def client_documents(self) -> Iterator[dict[str, Any]]:
        """Every client's record as plain JSON (the shape of ``export()``'s ``clients``),
        without validating it: for counting over the whole store."""

    @abstractmethod
    def save_conversation(self, conversation: Conversation) -> None: ...

    @abstractmethod
    def change_record(
        self, code: str, change: Callable[[ClientRecord], ClientRecord]
    ) -> ClientRecord:
        """Read a client's record, apply ``change`` and save the result, all under the lock
        (an exception from ``change`` saves nothing); returns the saved record."""

    @abstractmethod
    def save_handout_given(self, given: HandoutGiven) -> None:
        """Log a handout given to a client."""

    @abstractmethod
    def put_record(self, record: ClientRecord) -> None:
        """Write a whole client record at once (create or replace): one durable save."""

    @abstractmethod
    def put_records(self, records: list[ClientRecord]) -> None:
        """Write many client records (an import, the demo) with one index update."""

    @abstractmethod
    def erase_client(self, code: str) -> Erased:
        """Delete every record of a client, backups included, and the files written about
        them outside the store (``ClientRecord.files``); returns what went and what was not
        found. Journalled and idempotent: an erase killed at any moment is finished by running
        it again (or by opening the store), and reports the whole erasure."""

    # Directory and staff --------------------------------------------------------------
    @abstractmethod
    def meetings(self) -> list[Meeting]: ...

    @abstractmethod
    def replace_meetings(self, meetings: list[Meeting]) -> None:
        """Swap the whole directory in one durable save: all or nothing."""

    @abstractmethod
    def save_meeting(self, meeting: Meeting) -> None: ...

    @abstractmethod
    def change_meetings(self, change: Callable[[list[Meeting]], list[Meeting]]) -> list[Meeting]:
        """Read the directory, apply ``change`` and save the result, all under the lock, in one
        durable save (an import: another process's edit in between is never lost)."""

    @abstractmethod
    def locations(self) -> dict[str, tuple[float, float]]:
        """Postcode-district centres a service imported: outcode -> (latitude, longitude)."""

    @abstractmethod
    def replace_locations(self, locations: dict[str, tuple[float, float]]) -> None: ...

    @abstractmethod
    def staff(self) -> list[StaffMember]: ...

    @abstractmethod
    def save_staff(self, member: StaffMember) -> None: ...

    # Self-assessment ------------------------------------------------------------------
    @abstractmethod
    def assessments(self) -> list[Assessment]:
        """Every self-assessment kept (any service, any period); none in a new store."""

    @abstractmethod
    def save_assessment(self, assessment: Assessment) -> None:
        """Insert or replace a self-assessment (by id) in one durable save."""

    # Whole store ----------------------------------------------------------------------
    @abstractmethod
    def export(self) -> dict[str, Any]:
        """The whole store as one JSON-ready document (a portable backup)."""

    @abstractmethod
    def backup(self, reason: str) -> Path: ...

    @abstractmethod
    def latest_backup(self) -> Path | None: ...

    @abstractmethod
    def backup_if_due(self, now: datetime) -> Path | None:
        """Take the daily backup if the newest one is more than a day old."""
