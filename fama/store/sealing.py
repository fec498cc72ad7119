"""Sealing the folder store's files at rest: AES-GCM under the store's data key.

In an encrypted store (the key file is :mod:`fama.store.key_file`) every file is written
as ``MAGIC``, a random 96-bit nonce, then the AES-GCM ciphertext and tag, with the file's
*role* as associated data: its path relative to the store, or to the backup folder that
holds it (``clients/<key>.json``, ``index/3f.json``, ``fama.json``). A file put in another
file's place (two client files swapped) does not open there; a backup's copy opens where a
restore puts it back. The audit trail is sealed a line at a time (``LINE_TAG`` and the
base64 of nonce and ciphertext), so an entry is still an append, never a rewrite.

The data key is held in this process by the folder it belongs to (:func:`register`,
:func:`sealer_for`): every module that reads or writes a store file finds it by the file's
path, so the folder store's functions that take a folder (erasure, the index shards,
backups) need nothing more. Nothing is kept here in clear but the key itself.

While a store is being encrypted or decrypted (the key file says which), files are read
in either form and written in the new one; once it is encrypted, a file in clear is
refused, as fama never wrote it.

``cryptography`` is imported when a key is first used: a store in clear never loads it, nor
the key file's module (this one is imported by every store, so it stays small).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from fama.store.key_file import Unlocked

MAGIC = b"FAMA\x01"
"""The first bytes of a sealed store file (fama's JSON files start with ``{``)."""
LINE_TAG = b"FAMA1:"
"""The start of a sealed audit line."""
NONCE_BYTES = 12
KEY_BYTES = 32
BACKUPS_DIR = "backups"
AUDIT_ROLE = "audit.log"
KEY_FILE = "fama-key.json"
"""The key file of an encrypted store (see :mod:`fama.store.key_file`)."""

ENCRYPTING, ON, DECRYPTING = "encrypting", "on", "decrypting"
STATES = (ENCRYPTING, ON, DECRYPTING)


class Unsealable(Exception):
    """A store file that cannot be read with the key this process holds; the message ends
    the sentence "Cannot open FILE: ..." (the caller names the file)."""


def aead(key: bytes) -> AESGCM:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def seal_with(cipher: AESGCM, data: bytes, associated: bytes) -> bytes:
    """Nonce and ciphertext (with its tag) of ``data``."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + cipher.encrypt(nonce, data, associated)


def open_with(cipher: AESGCM, sealed: bytes, associated: bytes) -> bytes | None:
    """What :func:`seal_with` sealed, or ``None`` if it does not open (changed, moved, or
    sealed by another key)."""
    from cryptography.exceptions import InvalidTag

    if len(sealed) < NONCE_BYTES + 16:
        return None
    try:
        return cipher.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], associated)
    except InvalidTag:
        return None


class Sealer:
    """The data key of one store folder, and the state of its encryption."""

    def __init__(self, root: Path, data_key: bytes, state: str, unlocked: Unlocked) -> None:
        self.root = _absolute(root)
        self._data_key = data_key
        self._cipher = aead(data_key)
        self.state = state
        self.unlocked = unlocked

    @property
    def writes_sealed(self) -> bool:
        """New writes are sealed (not while the store is being decrypted)."""
        return self.state != DECRYPTING

    @property
    def reads_clear(self) -> bool:
        """A file in clear is accepted (only while switching, when some still are)."""
        return self.state != ON

    def holds(self, data_key: bytes) -> bool:
        import hmac

        return hmac.compare_digest(self._data_key, data_key)

    def seal(self, role: str, data: bytes) -> bytes:
        return MAGIC + seal_with(self._cipher, data, _associated(role))

    def open(self, role: str, raw: bytes) -> bytes:
        opened = open_with(self._cipher, raw[len(MAGIC) :], _associated(role))
        if opened is None:
            raise Unsealable(
                "it does not open with the store's key, so it was changed, or put there "
                "from another place or another store"
            )
        return opened

    def wrap(self, kek: bytes, role: bytes) -> bytes:
        """The data key sealed by the passphrase's key (what the key file keeps)."""
        return seal_with(aead(kek), self._data_key, role)

    def state_seal(self, state: str) -> bytes:
        """The key file's proof that this key set the store's state to ``state``."""
        return seal_with(self._cipher, b"", state_role(state))

    def seal_line(self, line: bytes) -> bytes:
        """One audit line (without its line break) sealed, as one line of ASCII."""
        import base64

        return LINE_TAG + base64.b64encode(seal_with(self._cipher, line, _associated(AUDIT_ROLE)))

    def open_line(self, line: bytes) -> bytes:
        import base64
        import binascii

        try:
            sealed = base64.b64decode(line[len(LINE_TAG) :], validate=True)
        except (binascii.Error, ValueError):
            raise Unsealable("it is not a sealed entry") from None
        opened = open_with(self._cipher, sealed, _associated(AUDIT_ROLE))
        if opened is None:
            raise Unsealable("it does not open with the store's key (it was changed)")
        return opened

    def seal_export_key(self) -> tuple[bytes, bytes]:
        """A fresh key for one export, and that key wrapped by the passphrase's key."""
        key = os.urandom(KEY_BYTES)
        return key, seal_with(aead(self.unlocked.kek), key, b"fama export key")


def state_role(state: str) -> bytes:
    return b"fama state:" + state.encode("ascii")


def _associated(role: str) -> bytes:
    return b"fama:" + role.encode("utf-8")


def _absolute(path: Path) -> str:
    return os.path.abspath(path)


_SEALERS: dict[str, Sealer] = {}
"""The keys this process holds, by the absolute path of their store folder."""


def register(sealer: Sealer) -> None:
    _SEALERS[sealer.root] = sealer


def forget(root: Path) -> None:
    """Drop the key of ``root`` from this process (the store was decrypted, or a test)."""
    _SEALERS.pop(_absolute(root), None)


def sealer_for(path: Path) -> Sealer | None:
    """The key of the store holding ``path`` (the folder itself, or a file or folder in it),
    if this process holds one."""
    if not _SEALERS:
        return None
    where = _absolute(path)
    while True:
        found = _SEALERS.get(where)
        if found is not None:
            return found
        parent = os.path.dirname(where)
        if parent == where:
            return None
        where = parent


def role_of(root: str, path: Path) -> str:
    """A file's role: its path relative to the store, or to the backup folder holding it."""
    parts = Path(os.path.relpath(_absolute(path), root)).parts
    if len(parts) > 2 and parts[0] == BACKUPS_DIR:
        parts = parts[2:]
    return "/".join(parts)


def is_sealed(raw: bytes) -> bool:
    return raw.startswith(MAGIC)


def sealed_for(path: Path, data: bytes) -> bytes:
    """``data`` as it is to be written at ``path``: sealed if its store is encrypted."""
    sealer = sealer_for(path)
    if sealer is None or not sealer.writes_sealed:
        return data
    return sealer.seal(role_of(sealer.root, path), data)


def opened_from(path: Path, raw: bytes) -> bytes:
    """The content of the store file ``path`` read as ``raw``; ``Unsealable`` if it does
    not open, or is in clear where the store is encrypted."""
    sealer = sealer_for(path)
    if is_sealed(raw):
        if sealer is None:
            raise Unsealable(
                "it is encrypted and this fama does not hold the store's key (if the store "
                "was encrypted while fama was open, open fama again)"
            )
        return sealer.open(role_of(sealer.root, path), raw)
    if sealer is not None and not sealer.reads_clear:
        raise Unsealable("it is not encrypted though the store is, so fama did not write it")
    return raw
