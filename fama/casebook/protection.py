"""Encryption at rest, as the CLI asks for it: turning it on and off, changing the
passphrase, and sealing exports; each change to the store's protection is audited.

Only a store that implements :class:`~fama.store.encryption.Encryption` (the folder store) can
be encrypted by fama; a database relies on its server (disk encryption, TLS).
"""

from __future__ import annotations

from collections.abc import Callable

from fama.audit import Action
from fama.casebook.part import Part
from fama.errors import StoreError
from fama.store import Encryption


class NotEncryptable(StoreError):
    """The store is a database, which fama does not encrypt itself."""

    exit_code = 2

    def __init__(self) -> None:
        super().__init__(
            "fama encrypts a store folder; a database relies on its server, which must "
            "encrypt its disk and take connections over TLS (see the README)."
        )


class Protection(Part):
    """The store's encryption at rest."""

    def require(self) -> Encryption:
        """The store, if fama can encrypt it; ``NotEncryptable`` for a database."""
        if not isinstance(self.store, Encryption):
            raise NotEncryptable()
        return self.store

    def encrypted(self) -> bool:
        """Is the store encrypted? (False for a database: fama does not encrypt one.)"""
        return isinstance(self.store, Encryption) and self.store.encrypted()

    def encrypt(self, passphrase: str) -> None:
        """Seal the whole store under ``passphrase``, then audit it (a sealed entry)."""
        self.require().encrypt(passphrase)
        self.audit(Action.CHANGE, "store encrypted")

    def decrypt(self) -> None:
        """Put the whole store back in clear; audited first, while the trail is sealed."""
        store = self.require()
        self.audit(Action.CHANGE, "store decrypted")
        store.decrypt()

    def change_passphrase(self, new: str) -> None:
        """Wrap the store's key with ``new`` (only the key file is written), audited."""
        self.require().change_passphrase(new)
        self.audit(Action.CHANGE, "passphrase changed")

    def export_seal(self) -> Callable[[bytes], bytes] | None:
        """How an export is sealed for the store's passphrase; ``None`` when the store is
        not encrypted (exports are then written in clear)."""
        return self.store.export_seal()
