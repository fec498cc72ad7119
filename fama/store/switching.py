"""Turning a folder store's encryption on and off, crash-safely, and changing its passphrase.

Under the store's lock (and the audit trail's, for the trail):

* **encrypt** writes the key file saying ``encrypting`` (a new data key, wrapped by the
  passphrase), then seals every file of the store, its backups and its audit trail, each
  replaced whole and durably, then writes the key file saying ``on``;
* **decrypt** writes the key file saying ``decrypting``, opens every file back into clear
  the same way, then removes the key file.

While the key file says ``encrypting`` or ``decrypting``, every file is read in either form
and written in the new one, so a store killed part-way opens (with its passphrase), and
opening it finishes the switch (``TinyDBStore`` upkeep). A file is converted only when it is
not yet in the new form, so the work is never done twice.

Files in clear that were replaced stay on the disk's free blocks until overwritten: the
README says so (full-disk encryption covers those).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fama.errors import StoreError
from fama.paths import atomic_write
from fama.store import erasure
from fama.store.audit_file import convert_trail
from fama.store.file_names import SECRET_FILE
from fama.store.files import FileDamaged, dump_json, file_stamp, read_json, write_store_file
from fama.store.index_shards import rows_of, shard_path, shards
from fama.store.key_file import (
    DEFAULT_COST,
    KdfCost,
    KeyFile,
    new_key,
    read_key_file,
    remove_key_file,
    rewrapped,
    with_state,
    write_key_file,
)
from fama.store.retained_file import RETAINED_FILE
from fama.store.sealing import (
    DECRYPTING,
    ENCRYPTING,
    ON,
    Sealer,
    Unsealable,
    forget,
    is_sealed,
    register,
    role_of,
    sealer_for,
)
from fama.store.tinydb_folder import (
    BACKUPS_DIR,
    CLIENTS_DIR,
    DATA_DIRS,
    DATA_FILES,
    RESTORING_FILE,
    StoreFolder,
)

ROOT_ONLY = (erasure.JOURNAL_FILE, RETAINED_FILE, SECRET_FILE, RESTORING_FILE)
"""The store's files that are not part of a backup (the trail is converted on its own)."""


def store_files(root: Path) -> Iterator[Path]:
    """Every file of the store that holds data, its backups' included (not the audit trail,
    the key file, the lock files or temp files)."""
    folders = [root]
    backups = root / BACKUPS_DIR
    if backups.is_dir():
        folders += sorted(p for p in backups.iterdir() if p.is_dir())
    for folder in folders:
        names = (*DATA_FILES, *ROOT_ONLY) if folder == root else DATA_FILES
        yield from (folder / name for name in names if (folder / name).is_file())
        for data_dir in DATA_DIRS:
            if (folder / data_dir).is_dir():
                yield from sorted((folder / data_dir).glob("*.json"))


def convert(path: Path, sealer: Sealer, seal: bool) -> bool:
    """Put one file in the form wanted (sealed, or in clear), replacing it whole; False if
    it already was. A sealed file that does not open is damage: ``FileDamaged``."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return False
    if is_sealed(raw) == seal:
        return False
    role = role_of(sealer.root, path)
    if seal:
        atomic_write(path, sealer.seal(role, raw))
    else:
        try:
            atomic_write(path, sealer.open(role, raw))
        except Unsealable as exc:
            raise FileDamaged(path, str(exc)) from None
    return True


def _current_rows(root: Path) -> dict[str, set[str]]:
    """By shard, the file keys of the caseload rows that are up to date with their client
    file (the stamp they keep is the file's)."""
    current: dict[str, set[str]] = {}
    for shard in shards(root):
        for row in rows_of(read_json(shard_path(root, shard))).values():
            key = row.get("file")
            if isinstance(key, str):
                stamp = file_stamp(root / CLIENTS_DIR / f"{key}.json")
                if stamp is not None and list(stamp) == row.get("stamp"):
                    current.setdefault(shard, set()).add(key)
    return current


def _restamp_rows(root: Path, current: dict[str, set[str]]) -> None:
    """Give the rows that were up to date the stamps of their converted client files, so
    the next opening does not read every client file to build its row again (a kill
    before this only costs that)."""
    for shard, keys in current.items():
        path = shard_path(root, shard)
        data = read_json(path) or {}
        for row in rows_of(data).values():
            stamp = file_stamp(root / CLIENTS_DIR / f"{row.get('file')}.json")
            if row.get("file") in keys and stamp is not None:
                row["stamp"] = list(stamp)
        write_store_file(path, dump_json(data))


def _finish(root: Path, sealer: Sealer, key: KeyFile) -> None:
    """Carry the switch the key file names through to its end (call it under the lock)."""
    seal = sealer.state == ENCRYPTING
    convert_trail(root, sealer, seal)
    current = _current_rows(root)
    for path in list(store_files(root)):
        convert(path, sealer, seal)
    _restamp_rows(root, current)
    if seal:
        write_key_file(root, with_state(key, sealer, ON))
        sealer.state = ON
    else:
        remove_key_file(root)
        forget(root)


def encrypt(store: StoreFolder, passphrase: str, cost: KdfCost = DEFAULT_COST) -> None:
    """Turn encryption on for the (open, healthy) store folder ``store``."""
    root = store.path
    with store._locked():
        if read_key_file(root) is not None:
            raise StoreError(f"The store at {root} is already encrypted; nothing was changed.")
        key, sealer = new_key(root, passphrase, cost)
        write_key_file(root, key)
        register(sealer)
        with store._reading():
            _finish(root, sealer, key)


def decrypt(store: StoreFolder) -> None:
    """Turn encryption off for ``store``, whose key this process holds."""
    root = store.path
    with store._locked():
        key, sealer = read_key_file(root), sealer_for(root)
        if key is None or sealer is None:
            raise StoreError(f"The store at {root} is not encrypted; nothing was changed.")
        if key.state != DECRYPTING:
            key = with_state(key, sealer, DECRYPTING)
            write_key_file(root, key)
            sealer.state = DECRYPTING
        with store._reading():
            _finish(root, sealer, key)


def finish_switch(store: StoreFolder) -> str | None:
    """Finish an encryption or decryption a kill interrupted (under the lock, on opening);
    the sentence that says so, or ``None`` if there was none."""
    root = store.path
    key, sealer = read_key_file(root), sealer_for(root)
    if key is None or sealer is None or key.state == ON:
        return None
    sealer.state = key.state
    _finish(root, sealer, key)
    done = "encryption" if key.state == ENCRYPTING else "decryption"
    return f"The store's {done} was interrupted and has now been finished."


def change_passphrase(store: StoreFolder, new: str, cost: KdfCost = DEFAULT_COST) -> None:
    """Wrap the store's data key with ``new``: only the key file is written."""
    root = store.path
    with store._locked():
        key, sealer = read_key_file(root), sealer_for(root)
        if key is None or sealer is None:
            raise StoreError(f"The store at {root} is not encrypted; nothing was changed.")
        write_key_file(root, rewrapped(key, sealer, new, cost))
