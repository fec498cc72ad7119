"""The store's files: reading fama JSON safely, and the TinyDB storage that writes it durably.

The write primitives (temp file, fsync, ``os.replace``, fsync of the folder; files 0600,
folders 0700) are in :mod:`fama.paths`, shared with what fama writes outside the store.
Every store file is read with :func:`read_store_bytes` (or :func:`read_json`) and written
with :func:`write_store_file`: the one place where a file of an encrypted store is opened
and sealed (:mod:`fama.store.sealing`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fama.paths import atomic_write, remove_durably
from fama.store.sealing import Unsealable, opened_from, sealed_for, sealer_for


class FileDamaged(Exception):
    """Raised by a read of a file that is not valid fama JSON (the caller names it to the user)."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """Identity of a file's current content: every atomic write makes a new inode."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _no_constant(name: str) -> float:
    """fama never writes NaN or Infinity: a file holding one was not written by it."""
    raise ValueError(name)


def read_store_bytes(path: Path) -> bytes:
    """The content of a store file, opened if its store is encrypted; ``FileNotFoundError``
    if absent; ``FileDamaged`` if it does not open with the store's key."""
    raw = path.read_bytes()
    try:
        return opened_from(path, raw)
    except Unsealable as exc:
        raise FileDamaged(path, str(exc)) from None


def write_store_file(path: Path, data: bytes) -> None:
    """Replace a store file durably with ``data``, sealed if its store is encrypted."""
    atomic_write(path, sealed_for(path, data))


def move_store_file(source: Path, target: Path) -> None:
    """Give a store file a new name (a client file renamed for a new secret). In an
    encrypted store the role is part of the seal, so the content is sealed again for its
    new place, written there, and only then is the old file removed: a kill in between
    leaves both, and the rename is simply done again."""
    if sealer_for(source) is None:
        os.replace(source, target)
        return
    write_store_file(target, read_store_bytes(source))
    remove_durably(source)


def read_json(path: Path) -> dict[str, Any] | None:
    """Parse a fama JSON file; ``None`` if absent; ``FileDamaged`` if it is not a JSON object."""
    try:
        raw = read_store_bytes(path)
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileDamaged(path, f"it is not valid JSON ({exc.__class__.__name__})") from exc
    except RecursionError:
        raise FileDamaged(path, "its JSON is nested far deeper than fama writes") from None
    except ValueError:  # NaN or Infinity, or an integer of thousands of digits
        raise FileDamaged(path, "it holds a number fama never writes") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise FileDamaged(path, "it is not a fama data file")
    return data


def dump_json(data: Any) -> bytes:
    """``data`` as compact UTF-8 JSON, as every store file is written."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class AtomicStorage:
    """A TinyDB storage that writes durably and re-reads only when the file has changed.

    It has TinyDB's storage interface (``read``, ``write``, ``close``), which is all TinyDB
    calls, without deriving from TinyDB's class: reading a file through it (the caseload's
    index shards, as the store opens) does not load TinyDB at all.

    * The parsed content is cached against the file's stamp (inode, mtime, size). Another
      process's save replaces the inode, so it is always noticed and re-read.
    * ``batch()`` collects every write TinyDB makes inside it and saves once at the end,
      which turns a multi-step TinyDB change (truncate then insert, upsert) into one
      all-or-nothing save.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._cache: dict[str, Any] | None = None
        self._cache_stamp: tuple[int, int, int] | None = None
        self._pending: dict[str, Any] | None = None
        self._dirty = False
        self._batch_depth = 0

    def read(self) -> dict[str, Any] | None:
        if self._batch_depth and self._pending is not None:
            return self._pending
        stamp = file_stamp(self.path)
        if stamp is None:
            self._cache, self._cache_stamp = None, None
            return None
        if stamp != self._cache_stamp or self._cache is None:
            self._cache = read_json(self.path)
            self._cache_stamp = stamp
        # TinyDB swaps whole tables in the dict it is given, so hand it a shallow copy; rows
        # it edits in place are shared with the cache, which a failed batch therefore drops.
        return dict(self._cache) if self._cache is not None else None

    def write(self, data: dict[str, Any]) -> None:
        if self._batch_depth:
            self._pending = data
            self._dirty = True
            return
        self._save(data)

    def _save(self, data: dict[str, Any]) -> None:
        self._cache, self._cache_stamp = None, None
        write_store_file(self.path, dump_json(data))
        self._cache = data
        self._cache_stamp = file_stamp(self.path)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group TinyDB writes into one durable save (nothing is saved if the block raises)."""
        if self._batch_depth == 0:
            self._pending = self.read() or {}
            self._dirty = False
        self._batch_depth += 1
        try:
            yield
        except BaseException:
            # TinyDB updates rows in place, and those rows are shared with the cache: forget
            # it, so the next read comes from the file, which this failed batch never touched.
            self._cache, self._cache_stamp = None, None
            raise
        finally:
            self._batch_depth -= 1
        if self._batch_depth == 0:
            pending, self._pending = self._pending, None
            if self._dirty and pending is not None:
                self._save(pending)

    def close(self) -> None:
        self._cache = None
