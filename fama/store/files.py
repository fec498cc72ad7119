"""Durable, private file primitives and the TinyDB storage that uses them.

Every write goes temp file -> flush -> fsync -> ``os.replace`` -> fsync of the folder, so
a crash at any instant leaves either the old file or the new one, never a torn one.
Files are created 0600 and folders 0700: client records are special-category health data.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"


class FileDamaged(Exception):
    """Raised by a read of a file that is not valid fama JSON (the caller names it to the user)."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def make_private_dir(path: Path) -> None:
    """Create ``path`` if needed, private to the user (0700).

    Missing parents are created 0700 too (``mkdir(parents=True)`` would make them with the
    umask's mode, e.g. 0755). Folders that already existed, ``path`` included, keep their
    permissions: fama did not create them, and a folder the user chose for a store or an
    export is theirs to set. The files written in them are 0600 all the same.
    """
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        folder.chmod(DIR_MODE)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` durably: the old content or the new, never a mix."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}{TEMP_SUFFIX}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def remove_durably(path: Path) -> bool:
    """Delete a file and make the deletion survive a crash; False if it was not there."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    fsync_dir(path.parent)
    return True


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


def read_json(path: Path) -> dict[str, Any] | None:
    """Parse a fama JSON file; ``None`` if absent; ``FileDamaged`` if it is not a JSON object."""
    try:
        raw = path.read_bytes()
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
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class AtomicStorage(Storage):  # type: ignore[misc]
    """A TinyDB storage that writes durably and re-reads only when the file has changed.

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
        atomic_write(self.path, dump_json(data))
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
