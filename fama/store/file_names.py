"""Client file names that do not give the client away.

A client's file is named by a keyed hash of their code (HMAC-SHA256 with a random secret kept
0600 in the store, ``.names-key``), so a listing of the store folder, or of a backup copied
elsewhere, does not reveal the codes: a plain hash of a short code could be reversed by trying
every code. The secret is not a password: anyone who can read the store can read the codes in
the files themselves. It only keeps the names from saying more than the folder's permissions
allow.

Schema 2 stores named files by a plain SHA-256 of the code; :func:`rekey_folder` renames them
(and, when the secret is lost, renames files named with the old one), reading each file's code
from inside it, so it is safe to run again on a folder it has already done.
"""

from __future__ import annotations

from pathlib import Path

from fama.paths import fsync_dir
from fama.store.files import (
    FileDamaged,
    dump_json,
    move_store_file,
    read_json,
    read_store_bytes,
    write_store_file,
)
from fama.store.index_shards import forget_renamed_rows

SECRET_FILE = ".names-key"
CLIENTS_DIR = "clients"
INDEX_FILE = "fama.json"
_SECRET_BYTES = 32


class SecretUnreadable(Exception):
    """The secret file exists but is not a secret fama wrote (the caller names it)."""


def keyed_name(secret: bytes, code: str) -> str:
    """The file stem of a client: 24 hex digits of HMAC-SHA256(secret, code)."""
    import hashlib  # here, not at start: the caseload is painted from the index alone
    import hmac

    return hmac.new(secret, code.encode("utf-8"), hashlib.sha256).hexdigest()[:24]


def read_secret(store: Path) -> bytes | None:
    """The store's secret; ``None`` when there is none yet; ``SecretUnreadable`` if damaged."""
    try:
        text = read_store_bytes(store / SECRET_FILE).decode("ascii").strip()
    except FileNotFoundError:
        return None
    except FileDamaged as exc:
        raise SecretUnreadable(exc.problem) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretUnreadable(str(exc)) from exc
    try:
        secret = bytes.fromhex(text)
    except ValueError as exc:
        raise SecretUnreadable("it is not hexadecimal") from exc
    if len(secret) != _SECRET_BYTES:
        raise SecretUnreadable("it is not the right length")
    return secret


def create_secret(store: Path) -> bytes:
    """Make a new secret (0600, written whole and durably, so a kill leaves none or all of
    it); call it under the store's lock, after finding there is none."""
    import secrets

    secret = secrets.token_bytes(_SECRET_BYTES)
    write_store_file(store / SECRET_FILE, (secret.hex() + "\n").encode("ascii"))
    return secret


def _code_in(path: Path) -> str | None:
    """The client code held in a client file, or ``None`` if it holds no single client."""
    data = read_json(path) or {}
    clients = list(data.get("client", {}).values())
    if len(clients) != 1 or not isinstance(clients[0].get("code"), str):
        return None
    return str(clients[0]["code"])


def rekey_folder(folder: Path, secret: bytes) -> None:
    """Rename every client file in ``folder/clients`` to its keyed name, and point the
    index rows of ``folder/fama.json`` (up to schema 3) at the new names; in the shards
    (schema 4), a row whose file was renamed is dropped, and opening the store builds it
    again in its new shard. Idempotent; a file that cannot be read is left as it is
    (opening the store then names it)."""
    clients = folder / CLIENTS_DIR
    if not clients.is_dir():
        return
    renamed = False
    for path in sorted(clients.glob("*.json")):
        try:
            code = _code_in(path)
        except FileDamaged:
            continue
        if code is None:
            continue
        target = clients / f"{keyed_name(secret, code)}.json"
        if target != path:
            move_store_file(path, target)
            renamed = True
    if renamed:
        fsync_dir(clients)
    _rekey_index_rows(folder / INDEX_FILE, secret)
    forget_renamed_rows(folder, lambda code: keyed_name(secret, code))


def _rekey_index_rows(index: Path, secret: bytes) -> None:
    try:
        data = read_json(index)
    except FileDamaged:
        return
    if not data or not data.get("caseload"):
        return
    changed = False
    for row in data["caseload"].values():
        code = row.get("code")
        if isinstance(code, str):
            name = keyed_name(secret, code)
            if row.get("file") != name:
                row["file"] = name
                changed = True
    if changed:
        write_store_file(index, dump_json(data))
