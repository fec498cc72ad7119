"""Erasure that always finishes: a journal, and steps that can each be run again.

Erasing a client touches many files: those fama wrote about them outside the store (meeting
plans, printed handouts), their record, their caseload row (in its shard of the index, or in
``fama.json`` in a backup taken before schema 4), and the same file and row in every backup.
A process killed half-way must not leave a copy behind, nor make the next attempt say
"there is no client" while the backups still hold them. So, under the store's lock:

1. :func:`begin` writes a journal entry (``erasing.json``) naming the client by the keyed file
   name only (never the code), with how many records they had and the files written outside
   the store, before anything is deleted;
2. :func:`finish` deletes each outside file, then the record, the row, and the copies in every
   backup, noting each outside file in the journal as it goes; every step is a no-op when it
   has already been done, so running it again after a kill finishes the job;
3. the entry is removed last.

Opening the store finishes any erasure the journal lists (see ``TinyDBStore.open``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fama.paths import remove_durably
from fama.store.files import FileDamaged, dump_json, read_json, write_store_file
from fama.store.index_shards import drop_row
from fama.store.tinydb_folder import BACKUPS_DIR, CLIENTS_DIR, JOURNAL_FILE

__all__ = [
    "JOURNAL_FILE",
    "Erased",
    "begin",
    "erase_files",
    "finish",
    "finished_erasure_words",
    "pending",
]


@dataclass(frozen=True)
class Erased:
    """What an erasure did: the records deleted and the files written about the client
    outside the store, deleted or not found (moved, renamed or already deleted by hand)."""

    records: int
    deleted: list[Path] = field(default_factory=list)
    not_found: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    """Files there but not deletable (permissions), with the reason."""


def _journal(store: Path) -> dict[str, Any]:
    data = read_json(store / JOURNAL_FILE) or {}
    return dict(data.get("erasures", {}))


def _write_journal(store: Path, entries: dict[str, Any]) -> None:
    path = store / JOURNAL_FILE
    if entries:
        write_store_file(path, dump_json({"erasures": entries}))
    else:
        remove_durably(path)


def pending(store: Path) -> list[str]:
    """The keyed names of clients whose erasure was started and not finished."""
    return sorted(_journal(store))


def begin(store: Path, key: str, records: int, files: list[Path]) -> None:
    """Journal the erasure of the client filed as ``key`` before anything is deleted."""
    entries = _journal(store)
    entries[key] = {
        "records": records,
        "files_left": [str(p) for p in files],
        "deleted": [],
        "not_found": [],
        "failed": [],
    }
    _write_journal(store, entries)


def _files_listed_in(client_file: Path) -> list[str]:
    """Outside files a client file lists (a save may have added one after :func:`begin`)."""
    try:
        data = read_json(client_file) or {}
    except FileDamaged:
        return []
    listed = []
    for row in data.get("files", {}).values():
        if isinstance(row.get("folder"), str) and isinstance(row.get("name"), str):
            listed.append(str(Path(row["folder"]) / row["name"]))
    return listed


def _delete_outside_file(path: Path) -> tuple[str, str | None]:
    """Delete one file fama wrote; which list it goes on, and why when it could not be.

    Only a regular file is deleted: a folder or a link now at that path is not what fama
    wrote, so it is reported as not found, like a file that has gone.
    """
    try:
        if path.is_symlink() or not path.is_file() or not remove_durably(path):
            return "not_found", None
    except OSError as exc:
        return "failed", exc.strerror or str(exc)
    return "deleted", None


def erase_files(records: int, paths: list[Path]) -> Erased:
    """Delete outside files at once, without a journal: for a store that keeps nothing on
    disk (the in-memory store), where there is no kill to survive."""
    lists: dict[str, list[Any]] = {"deleted": [], "not_found": [], "failed": []}
    for path in paths:
        outcome, problem = _delete_outside_file(path)
        lists[outcome].append((path, problem) if outcome == "failed" else path)
    return Erased(records, lists["deleted"], lists["not_found"], lists["failed"])


def _backup_folders(store: Path) -> list[Path]:
    """Every backup folder, including one a killed backup left half-made."""
    backups = store / BACKUPS_DIR
    if not backups.is_dir():
        return []
    return sorted(p for p in backups.iterdir() if p.is_dir())


def finish(store: Path, key: str) -> Erased:
    """Carry out (or carry on) the journalled erasure of ``key``; returns what it did in all,
    counting what an earlier, interrupted run did. Call it under the store's lock."""
    entries = _journal(store)
    entry = entries[key]
    client_file = store / CLIENTS_DIR / f"{key}.json"
    done = {*entry["deleted"], *entry["not_found"], *(p for p, _ in entry["failed"])}
    for extra in _files_listed_in(client_file):
        if extra not in done and extra not in entry["files_left"]:
            entry["files_left"].append(extra)
    while entry["files_left"]:
        path = entry["files_left"][0]
        outcome, problem = _delete_outside_file(Path(path))
        entry["files_left"].pop(0)
        entry[outcome].append([path, problem] if outcome == "failed" else path)
        _write_journal(store, entries)
    remove_durably(client_file)
    drop_row(store, key)
    for folder in _backup_folders(store):
        remove_durably(folder / CLIENTS_DIR / f"{key}.json")
        try:
            drop_row(folder, key)
        except FileDamaged:
            continue  # a damaged backup index holds no row fama can read, nor restore
    del entries[key]
    _write_journal(store, entries)
    return Erased(
        records=int(entry["records"]),
        deleted=[Path(p) for p in entry["deleted"]],
        not_found=[Path(p) for p in entry["not_found"]],
        failed=[(Path(p), str(why)) for p, why in entry["failed"]],
    )


def finished_erasure_words(done: Erased) -> str:
    """The sentence that says an interrupted erasure was finished, with what it deleted."""
    words = (
        "An erasure that was interrupted has now been finished: "
        f"{done.records} record{'' if done.records == 1 else 's'} deleted, backups included"
    )
    if done.deleted:
        files = len(done.deleted)
        words += f", and {files} file{'' if files == 1 else 's'} written for the client"
    if done.not_found:
        words += "; not found (moved or deleted by hand): " + ", ".join(map(str, done.not_found))
    if done.failed:
        words += "; could not be deleted: " + ", ".join(f"{p} ({why})" for p, why in done.failed)
    return words + "."
