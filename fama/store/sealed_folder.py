"""The folder store's side of encryption at rest: the methods of
:class:`~fama.store.encryption.Encryption`, and the two :class:`~fama.store.base.Store`
methods a passphrase changes (the lock screen's check, and how exports are sealed).

The work is in :mod:`fama.store.switching` and :mod:`fama.store.key_file`, imported when
first asked for: opening a store in clear loads neither (nor ``cryptography``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fama.store.sealing import sealer_for
from fama.store.tinydb_folder import StoreFolder

if TYPE_CHECKING:
    from fama.store.key_file import KdfCost


class SealedFolder(StoreFolder):
    """Encryption at rest of one store folder."""

    def encrypted(self) -> bool:
        return sealer_for(self.path) is not None

    def encrypt(self, passphrase: str, cost: KdfCost | None = None) -> None:
        from fama.store.key_file import DEFAULT_COST
        from fama.store.switching import encrypt

        encrypt(self, passphrase, cost or DEFAULT_COST)

    def decrypt(self) -> None:
        from fama.store.switching import decrypt

        decrypt(self)

    def change_passphrase(self, new: str, cost: KdfCost | None = None) -> None:
        from fama.store.key_file import DEFAULT_COST
        from fama.store.switching import change_passphrase

        change_passphrase(self, new, cost or DEFAULT_COST)

    def passphrase_check(self) -> Callable[[str], bool] | None:
        sealer = sealer_for(self.path)
        if sealer is None:
            return None
        from fama.store.key_file import opens

        root = self.path
        return lambda text: opens(root, text, sealer)

    def export_seal(self) -> Callable[[bytes], bytes] | None:
        sealer = sealer_for(self.path)
        if sealer is None:
            return None
        from fama.store.key_file import seal_export

        return lambda data: seal_export(sealer, data)
