"""The key of an encrypted folder store, and sealed exports.

``fama-key.json`` (in clear, 0600) holds the store's random 256-bit data key wrapped with
AES-GCM by a key derived from the passphrase with argon2id, the salt and cost of that
derivation, and the state of the encryption (``encrypting``, ``on``, ``decrypting``) with a
seal by the data key, so that nobody without the key can turn a finished encryption back
into a switch that accepts files in clear. Changing the passphrase rewrites this file only.

A sealed export is self-contained: a fresh key seals the JSON, and the header carries that
key wrapped by the passphrase's key with the salt and cost that derive it, so the
passphrase opens it anywhere (``fama store open-export``), and the store's own data key
never leaves the store.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from fama.errors import StoreLocked
from fama.paths import atomic_write, remove_durably
from fama.store.sealing import (
    KEY_BYTES,
    KEY_FILE,
    STATES,
    Sealer,
    aead,
    open_with,
    register,
    seal_with,
    sealer_for,
    state_role,
)


@dataclass(frozen=True)
class KdfCost:
    """The cost of argon2id: passes over memory, memory in KiB, and lanes."""

    time_cost: int
    memory_kib: int
    parallelism: int


@dataclass(frozen=True)
class Unlocked:
    """The key derived from the passphrase when the store was unlocked, with the salt and
    cost that derived it: what a sealed export's header carries."""

    kek: bytes
    salt: bytes
    cost: KdfCost


KEY_FORMAT = "fama store key"
EXPORT_FORMAT = "fama sealed export"
SALT_BYTES = 16
DEFAULT_COST = KdfCost(time_cost=3, memory_kib=128 * 1024, parallelism=4)
"""argon2id at 128 MiB, 3 passes, 4 lanes: about 0.2 s to unlock on a 2-core machine
(``scripts/bench_folder_save.py --encrypted`` measures it); RFC 9106 suggests 64 MiB."""
MOST_COST = KdfCost(time_cost=64, memory_kib=4 * 1024 * 1024, parallelism=64)
"""The most a key file or an export may ask for: more is damage, not a choice fama made."""
WRAP_ROLE = b"fama data key"
EXPORT_ROLE = b"fama export"
EXPORT_KEY_ROLE = b"fama export key"

PassphraseSource = Callable[[Path], str]
"""Asked for the passphrase of the store folder it is given; raises ``StoreLocked`` when
there is none to be had."""


class KeyFileDamaged(Exception):
    """The key file, or a sealed export's header, is not one fama wrote (the message ends
    a sentence naming the file)."""


def derive(passphrase: str, salt: bytes, cost: KdfCost) -> bytes:
    """The key a passphrase stands for: argon2id over it with this salt and cost."""
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=cost.time_cost,
        memory_cost=cost.memory_kib,
        parallelism=cost.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, what: str) -> bytes:
    if not isinstance(text, str):
        raise KeyFileDamaged(f"its {what} is missing")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise KeyFileDamaged(f"its {what} is not base64") from None


def _kdf_json(salt: bytes, cost: KdfCost) -> dict[str, Any]:
    return {
        "name": "argon2id",
        "time_cost": cost.time_cost,
        "memory_kib": cost.memory_kib,
        "parallelism": cost.parallelism,
        "salt": _b64(salt),
    }


def _kdf_from(data: object) -> tuple[bytes, KdfCost]:
    if not isinstance(data, dict) or data.get("name") != "argon2id":
        raise KeyFileDamaged("it does not name argon2id")
    numbers = [data.get(k) for k in ("time_cost", "memory_kib", "parallelism")]
    if not all(type(n) is int and n > 0 for n in numbers):
        raise KeyFileDamaged("its argon2id cost is not whole numbers")
    cost = KdfCost(*numbers)  # type: ignore[arg-type]
    if (
        cost.time_cost > MOST_COST.time_cost
        or cost.memory_kib > MOST_COST.memory_kib
        or cost.parallelism > MOST_COST.parallelism
        or cost.memory_kib < 8 * cost.parallelism
    ):
        raise KeyFileDamaged("its argon2id cost is out of range")
    salt = _unb64(data.get("salt"), "salt")
    if len(salt) < 8:
        raise KeyFileDamaged("its salt is too short")
    return salt, cost


def _document(raw: bytes, form: str) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise KeyFileDamaged("it is not JSON") from None
    if not isinstance(data, dict) or data.get("fama") != form:
        raise KeyFileDamaged(f"it is not a {form}")
    if data.get("version") != 1:
        raise KeyFileDamaged("it was written by a newer fama")
    return data


@dataclass(frozen=True)
class KeyFile:
    """What ``fama-key.json`` holds."""

    salt: bytes
    cost: KdfCost
    wrapped: bytes
    state: str
    state_seal: bytes

    def to_bytes(self) -> bytes:
        data = {
            "fama": KEY_FORMAT,
            "version": 1,
            "kdf": _kdf_json(self.salt, self.cost),
            "wrapped_key": _b64(self.wrapped),
            "state": self.state,
            "state_seal": _b64(self.state_seal),
        }
        return (json.dumps(data, indent=1) + "\n").encode("ascii")

    @classmethod
    def from_bytes(cls, raw: bytes) -> KeyFile:
        data = _document(raw, KEY_FORMAT)
        salt, cost = _kdf_from(data.get("kdf"))
        state = data.get("state")
        if state not in STATES:
            raise KeyFileDamaged("its state is not one fama writes")
        wrapped = _unb64(data.get("wrapped_key"), "wrapped key")
        return cls(salt, cost, wrapped, str(state), _unb64(data.get("state_seal"), "state seal"))


def key_path(root: Path) -> Path:
    return root / KEY_FILE


def read_key_file(root: Path) -> KeyFile | None:
    """The store's key file; ``None`` when the store is not encrypted."""
    try:
        raw = key_path(root).read_bytes()
    except FileNotFoundError:
        return None
    return KeyFile.from_bytes(raw)


def write_key_file(root: Path, key: KeyFile) -> None:
    atomic_write(key_path(root), key.to_bytes())


def remove_key_file(root: Path) -> None:
    remove_durably(key_path(root))


def _state_holds(data_key: bytes, key: KeyFile) -> bool:
    return open_with(aead(data_key), key.state_seal, state_role(key.state)) is not None


def _data_key(key: KeyFile, kek: bytes) -> bytes | None:
    """The data key the passphrase's key unwraps, or ``None`` (a wrong passphrase)."""
    data_key = open_with(aead(kek), key.wrapped, WRAP_ROLE)
    if data_key is None or len(data_key) != KEY_BYTES:
        return None
    if not _state_holds(data_key, key):
        raise KeyFileDamaged("its state was changed outside fama")
    return data_key


def unlocked_sealer(root: Path, key: KeyFile, passphrase: str) -> Sealer | None:
    """The store's key, unwrapped by ``passphrase``; ``None`` if it is not the passphrase."""
    kek = derive(passphrase, key.salt, key.cost)
    data_key = _data_key(key, kek)
    if data_key is None:
        return None
    return Sealer(root, data_key, key.state, Unlocked(kek, key.salt, key.cost))


def opens(root: Path, passphrase: str, sealer: Sealer) -> bool:
    """Is ``passphrase`` the one that unwraps the key ``sealer`` holds now (read afresh,
    so a passphrase changed by another fama meanwhile is the one asked for)?"""
    try:
        key = read_key_file(root)
        if key is None:
            return False
        data_key = _data_key(key, derive(passphrase, key.salt, key.cost))
    except (KeyFileDamaged, OSError):
        return False
    return data_key is not None and sealer.holds(data_key)


def new_key(root: Path, passphrase: str, cost: KdfCost) -> tuple[KeyFile, Sealer]:
    """A new random data key, wrapped by ``passphrase``, for a store about to be encrypted."""
    from fama.store.sealing import ENCRYPTING

    data_key = os.urandom(KEY_BYTES)
    return _wrapped(root, data_key, passphrase, cost, ENCRYPTING)


def _wrapped(
    root: Path, data_key: bytes, passphrase: str, cost: KdfCost, state: str
) -> tuple[KeyFile, Sealer]:
    salt = os.urandom(SALT_BYTES)
    kek = derive(passphrase, salt, cost)
    sealer = Sealer(root, data_key, state, Unlocked(kek, salt, cost))
    wrapped = sealer.wrap(kek, WRAP_ROLE)
    return KeyFile(salt, cost, wrapped, state, sealer.state_seal(state)), sealer


def rewrapped(key: KeyFile, sealer: Sealer, new: str, cost: KdfCost) -> KeyFile:
    """The key file with the data key ``sealer`` holds wrapped by ``new``, with a new salt
    (the data key, and so every other file, stays as it is)."""
    salt = os.urandom(SALT_BYTES)
    kek = derive(new, salt, cost)
    sealer.unlocked = Unlocked(kek, salt, cost)
    return replace(key, salt=salt, cost=cost, wrapped=sealer.wrap(kek, WRAP_ROLE))


def with_state(key: KeyFile, sealer: Sealer, state: str) -> KeyFile:
    """The key file saying the encryption is now in ``state``."""
    return replace(key, state=state, state_seal=sealer.state_seal(state))


def wrong_passphrase(root: Path) -> StoreLocked:
    return StoreLocked(
        f"That is not the passphrase of the store at {root}; nothing was opened or changed."
    )


def unlock_folder(root: Path, passphrase: PassphraseSource) -> Sealer | None:
    """Make sure this process holds the key of the store at ``root`` if it is encrypted,
    asking ``passphrase`` once; ``None`` for a store in clear."""
    held = sealer_for(root)
    try:
        key = read_key_file(root)
    except KeyFileDamaged as exc:
        raise StoreLocked(
            f"The key file {key_path(root)} is damaged ({exc}), so the encrypted store "
            "cannot be opened; put back the copy of it you kept."
        ) from None
    if key is None or held is not None:
        return held
    try:
        sealer = unlocked_sealer(root, key, passphrase(root))
    except KeyFileDamaged as exc:
        raise StoreLocked(
            f"The key file {key_path(root)} is damaged ({exc}); nothing was opened."
        ) from None
    if sealer is None:
        raise wrong_passphrase(root)
    register(sealer)
    return sealer


# Sealed exports ------------------------------------------------------------------------


def seal_export(sealer: Sealer, data: bytes) -> bytes:
    """``data`` (an export's JSON) sealed so that the store's passphrase opens it."""
    export_key, wrapped = sealer.seal_export_key()
    document = {
        "fama": EXPORT_FORMAT,
        "version": 1,
        "kdf": _kdf_json(sealer.unlocked.salt, sealer.unlocked.cost),
        "wrapped_key": _b64(wrapped),
        "sealed": _b64(seal_with(aead(export_key), data, EXPORT_ROLE)),
    }
    return (json.dumps(document) + "\n").encode("ascii")


def is_sealed_export(raw: bytes) -> bool:
    try:
        _document(raw, EXPORT_FORMAT)
    except KeyFileDamaged:
        return False
    return True


def open_export(raw: bytes, passphrase: str) -> bytes | None:
    """The JSON a sealed export holds, or ``None`` if ``passphrase`` does not open it;
    ``KeyFileDamaged`` if it is not a sealed export, or was changed."""
    document = _document(raw, EXPORT_FORMAT)
    salt, cost = _kdf_from(document.get("kdf"))
    wrapped = _unb64(document.get("wrapped_key"), "wrapped key")
    sealed = _unb64(document.get("sealed"), "sealed content")
    export_key = open_with(aead(derive(passphrase, salt, cost)), wrapped, EXPORT_KEY_ROLE)
    if export_key is None:
        return None
    data = open_with(aead(export_key), sealed, EXPORT_ROLE)
    if data is None:
        raise KeyFileDamaged("its content was changed after it was sealed")
    return data
