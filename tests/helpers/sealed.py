"""Encrypted folder stores for tests: a cheap argon2id cost (the real one takes a fifth of
a second a time), one passphrase, and a file holding it for child processes and commands."""

from __future__ import annotations

from pathlib import Path

from fama.store import Store, TinyDBStore, open_store
from fama.store.key_file import KdfCost
from fama.store.sealing import forget
from fama.store.switching import encrypt

CHEAP = KdfCost(time_cost=1, memory_kib=64, parallelism=1)
PASSPHRASE = "correct horse battery"
ENV = "FAMA_PASSPHRASE_FILE"


def seal(store: Store) -> Store:
    """Encrypt the folder store ``store`` (at the cheap cost); this process keeps its key."""
    assert isinstance(store, TinyDBStore)
    encrypt(store, PASSPHRASE, CHEAP)
    return store


def encrypted_store(path: Path) -> Store:
    """A new, empty, encrypted folder store at ``path``."""
    return seal(open_store(path))


def passphrase_file(folder: Path, text: str = PASSPHRASE) -> Path:
    """A private file holding ``text`` and a line break, as a script would keep it."""
    path = folder / f"passphrase-{abs(hash(text))}.txt"
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def forget_key(path: Path) -> None:
    """Let go of the store's key in this process, as if this were a new one."""
    forget(path)


def files_holding(folder: Path, needle: bytes) -> list[Path]:
    """Every file under ``folder`` (hidden ones and backups included) that holds ``needle``."""
    return [p for p in sorted(folder.rglob("*")) if p.is_file() and needle in p.read_bytes()]
