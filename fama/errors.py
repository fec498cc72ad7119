"""The errors fama explains to a person in one plain sentence, shared by every layer.

The store raises them, the casebook passes them on, and the screens and the CLI show them
(never a traceback). They live here, below everything, so a screen can catch a store's
refusal without importing the store.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A problem the user must hear about in one plain sentence (never a traceback)."""

    exit_code = 1


class StoreUnreadable(StoreError):
    """A file that is corrupt or from a newer fama: refused, never overwritten."""

    exit_code = 2

    def __init__(self, path: Path | str, problem: str, latest_backup: Path | None) -> None:
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
    """Another process held the store's lock for too long; nothing was saved."""

    exit_code = 3

    def __init__(self, where: Path | str) -> None:
        super().__init__(f"Another fama is still saving to {where}; wait a moment and try again.")


class AuditTrailDamaged(StoreError):
    """The audit trail's last entry cannot be read, so nothing can be sealed onto it."""

    exit_code = 2

    def __init__(self, where: Path | str) -> None:
        super().__init__(
            f"The audit trail at {where} ends in an entry that cannot be read, so nothing "
            "more can be recorded; `fama audit verify` says where it breaks."
        )


class ClientNotFound(StoreError):
    """No client has this code (a typo, or a client who was erased)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"There is no client with the code {code}.")


class MeetingNotFound(StoreError):
    """No meeting in the directory has this id."""

    def __init__(self, meeting_id: str) -> None:
        self.meeting_id = meeting_id
        super().__init__(f"There is no meeting with the id {meeting_id}.")


class StaffNotFound(StoreError):
    """No one on the staff list has this id."""

    def __init__(self, staff_id: str) -> None:
        self.staff_id = staff_id
        super().__init__(f"There is no staff member with the id {staff_id}.")


class DuplicateClient(StoreError):
    """A new client was given a code another client already has."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"A client with the code {code} already exists; codes must be unique.")


class StoreLocked(StoreError):
    """An encrypted store, and no passphrase to open it with (or the wrong one)."""

    exit_code = 2


class StoreSwitched(StoreError):
    """The store was encrypted or decrypted by another fama after this one opened it."""

    exit_code = 2

    def __init__(self, where: Path | str, now_encrypted: bool) -> None:
        done = "encrypted" if now_encrypted else "decrypted"
        super().__init__(
            f"The store at {where} was {done} after this fama opened it, so nothing was saved; "
            "close fama and open it again."
        )
