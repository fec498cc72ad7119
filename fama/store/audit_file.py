"""The folder store's audit trail: an append-only file of JSON lines, one entry a line.

An entry is appended under the trail's own lock (``.audit.lock``, so a view never waits
for a save of records), after reading only the last line, and fsynced before the call
returns. The file is never rewritten: a backup does not copy it and a restore leaves it as
it is, so restoring never rewinds who did what. A line left without its line break by a
crash was never acknowledged, and the next append cuts it off before writing.

In an encrypted store each line is sealed on its own (:meth:`Sealer.seal_line`), so an
entry is still one append; a line that does not open is reported where it is, like a line
that does not parse, and the chain of hashes inside still finds an entry removed.

The hash chain (:mod:`fama.audit.chain`, with ``hashlib``) is imported by the first append:
opening the store and painting the caseload write no entry.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fama.errors import AuditTrailDamaged, StoreBusy, StoreSwitched
from fama.paths import FILE_MODE, atomic_write
from fama.store.sealing import KEY_FILE, LINE_TAG, Sealer, Unsealable, sealer_for
from fama.store.tinydb_folder import StoreFolder

if TYPE_CHECKING:
    from fama.audit import AuditEntry

AUDIT_FILE = "audit.log"
AUDIT_LOCK_FILE = ".audit.lock"
LOCK_TIMEOUT_S = 15.0
TAIL_CHUNK = 8192
"""How much of the end of the file is read to find the last entry (an entry is ~300 bytes)."""


def entry_line(entry: AuditEntry, sealer: Sealer | None = None) -> bytes:
    """How one entry is written: compact JSON on one line (sealed, in an encrypted store)."""
    text = json.dumps(entry.as_dict(), ensure_ascii=False, separators=(",", ":"))
    line = text.encode("utf-8")
    if sealer is not None and sealer.writes_sealed:
        line = sealer.seal_line(line)
    return line + b"\n"


def parse_line(line: bytes, sealer: Sealer | None = None) -> dict[str, Any] | ValueError:
    """One line read back: its field map, or the reason it cannot be read."""
    line = line.rstrip(b"\n")
    if line.startswith(LINE_TAG):
        if sealer is None:
            return ValueError("it is encrypted and this fama does not hold the store's key")
        try:
            line = sealer.open_line(line)
        except Unsealable as exc:
            return ValueError(str(exc))
    elif sealer is not None and not sealer.reads_clear:
        return ValueError("it is not encrypted though the store is, so fama did not write it")
    try:
        row = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return ValueError("it is not valid JSON")
    if not isinstance(row, dict):
        return ValueError("it is not an entry")
    return row


class AuditedFolder(StoreFolder):
    """The :class:`~fama.store.base.Store` audit methods of a store folder."""

    def record_id(self, code: str) -> str:
        # The client file's keyed name: already secret-keyed, stable, and not the code.
        return self._key(code)

    def audit_append(
        self, who: str, action: str, what: str, record: str | None, at: datetime
    ) -> AuditEntry:
        return AuditTrailFile(self.path).append(who, action, what, record, at)

    def audit_rows(self) -> Iterator[dict[str, Any] | ValueError]:
        return AuditTrailFile(self.path).rows()


class AuditTrailFile:
    """The audit trail of the store folder ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / AUDIT_FILE
        self._lock_path = folder / AUDIT_LOCK_FILE

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the trail's own lock (appends, and the switch of its encryption)."""
        from filelock import FileLock, Timeout

        lock = FileLock(str(self._lock_path), timeout=LOCK_TIMEOUT_S, mode=FILE_MODE)
        try:
            lock.acquire()
        except Timeout:
            raise StoreBusy(self.path) from None
        try:
            yield
        finally:
            lock.release()

    def append(
        self, who: str, action: str, what: str, record: str | None, at: datetime
    ) -> AuditEntry:
        from fama.audit.chain import audit_time, next_entry

        with self.locked():
            sealer = sealer_for(self.folder)
            if (self.folder / KEY_FILE).exists() != (sealer is not None):
                raise StoreSwitched(self.folder, sealer is None)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
            try:
                last = self._last_entry(fd, sealer)
                entry = next_entry(last, audit_time(at), who, action, what, record)
                os.lseek(fd, 0, os.SEEK_END)
                os.write(fd, entry_line(entry, sealer))
                os.fsync(fd)
            finally:
                os.close(fd)
        return entry

    def _last_entry(self, fd: int, sealer: Sealer | None) -> AuditEntry | None:
        """The last whole entry (cutting off a line a crash left without its break)."""
        from fama.audit.chain import AuditEntry

        size = os.fstat(fd).st_size
        start = size
        while True:
            start = max(0, start - TAIL_CHUNK)
            tail = os.pread(fd, size - start, start)
            whole = tail[: tail.rfind(b"\n") + 1]  # empty when no line ends in the chunk
            if start == 0 or whole.rfind(b"\n", 0, len(whole) - 1) >= 0:
                break  # the last whole line starts inside the chunk
        if len(whole) < len(tail):  # a line a crash left without its break
            os.ftruncate(fd, start + len(whole))
            os.fsync(fd)
        if not whole:
            return None
        line = whole[whole.rfind(b"\n", 0, len(whole) - 1) + 1 :]
        row = parse_line(line, sealer)
        try:
            if isinstance(row, ValueError):
                raise row
            return AuditEntry.from_mapping(row)
        except ValueError:
            raise AuditTrailDamaged(self.path) from None

    def rows(self) -> Iterator[dict[str, Any] | ValueError]:
        try:
            handle = self.path.open("rb")
        except FileNotFoundError:
            return
        sealer = sealer_for(self.folder)
        with handle:
            for line in handle:
                if not line.endswith(b"\n"):
                    return  # a line a crash cut short was never acknowledged
                yield parse_line(line, sealer)


def convert_trail(folder: Path, sealer: Sealer, seal: bool) -> None:
    """Seal every line of the trail (or open every line back into clear), rewriting the
    file whole and durably under the trail's lock: for turning encryption on or off only.
    A line that does not open is kept as it is, so ``fama audit verify`` still names it; a
    last line a crash cut short was never acknowledged and is dropped."""
    trail = AuditTrailFile(folder)
    with trail.locked():
        try:
            raw = trail.path.read_bytes()
        except FileNotFoundError:
            return
        lines = raw.split(b"\n")
        changed = lines[-1] != b""
        kept: list[bytes] = []
        for line in lines[:-1]:
            if line.startswith(LINE_TAG) == seal:
                kept.append(line)
            elif seal:
                kept.append(sealer.seal_line(line))
                changed = True
            else:
                try:
                    kept.append(sealer.open_line(line))
                    changed = True
                except Unsealable:
                    kept.append(line)
        if changed:
            atomic_write(trail.path, b"".join(line + b"\n" for line in kept))
