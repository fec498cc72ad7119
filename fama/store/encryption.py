"""The store contract's part for encryption at rest: a store that fama itself encrypts
(the folder store) implements :class:`Encryption`; callers check for it, as they check for
:class:`~fama.store.base.Backups`."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Encryption(Protocol):
    """A store whose files fama seals at rest (the folder store). Callers check for it:
    ``isinstance(store, Encryption)``; a database relies on its server's disk encryption."""

    def encrypted(self) -> bool:
        """Is the store encrypted (so this process holds its key)?"""

    def encrypt(self, passphrase: str) -> None:
        """Seal every file, backups and audit trail included, under a new random key that
        ``passphrase`` unlocks; a kill part-way leaves a store that opens and finishes."""

    def decrypt(self) -> None:
        """Put every file back in clear, as crash-safely as :meth:`encrypt`."""

    def change_passphrase(self, new: str) -> None:
        """Wrap the key with ``new``: only the key file is written."""
