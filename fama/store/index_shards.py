"""The folder store's caseload index, in shards: ``index/<NN>.json``.

Every client has one row in the caseload index (what the caseload shows, without reading the
client's file). Rows are spread over up to 256 small files, the shard of a client being the
first two hex digits of its keyed file name (an HMAC, so spread evenly and stable for as long
as the store's secret is), so that a save rewrites one shard of about 30 KB at 20,000 clients
rather than one index of 7 MB. Each shard is a TinyDB file with one table, ``caseload``,
written whole and durably like every store file.

Up to schema 3 the rows were the table ``caseload`` of ``fama.json``; backups taken then keep
that layout. This module is the one place that knows both, for the migration
(:func:`move_into_shards`), erasure (:func:`drop_row`) and new file names
(:func:`forget_renamed_rows`), which work on a store folder or a backup folder alike. The rows
are derived from the client files, so dropping one is always safe: opening the store builds
it again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from fama.paths import fsync_dir, make_private_dir, remove_durably
from fama.store.files import FileDamaged, dump_json, read_json, write_store_file

INDEX_DIR = "index"
INDEX_FILE = "fama.json"
TABLE = "caseload"
_SHARD = re.compile(r"[0-9a-f]{2}")
_FALLBACK_SHARD = "00"

Row = dict[str, Any]


def shard_of(key: str) -> str:
    """The shard holding the row of the client filed as ``key`` (its first two hex digits)."""
    head = key[:2]
    return head if _SHARD.fullmatch(head) else _FALLBACK_SHARD


def shard_path(folder: Path, shard: str) -> Path:
    return folder / INDEX_DIR / f"{shard}.json"


def shards(folder: Path) -> list[str]:
    """The shards present in ``folder`` (a store or a backup), in order."""
    index = folder / INDEX_DIR
    if not index.is_dir():
        return []
    names = (p.stem for p in index.glob("*.json"))
    return sorted(name for name in names if _SHARD.fullmatch(name))


def rows_of(data: dict[str, Any] | None) -> dict[str, Row]:
    """The rows of a shard (or of a schema 3 ``fama.json``) as read, by document id."""
    if not data:
        return {}
    return dict(data.get(TABLE, {}))


def shard_document(rows: list[Row]) -> dict[str, Any]:
    """A shard file's content: the rows as TinyDB documents numbered from 1."""
    return {TABLE: {str(n): row for n, row in enumerate(rows, start=1)}}


def _write_shard(folder: Path, shard: str, rows: list[Row]) -> None:
    path = shard_path(folder, shard)
    if rows:
        write_store_file(path, dump_json(shard_document(rows)))
    else:
        remove_durably(path)


def folder_rows(folder: Path) -> Iterator[Row]:
    """Every index row of a store or backup folder, in either layout (for tests and tools)."""
    yield from rows_of(read_json(folder / INDEX_FILE)).values()
    for shard in shards(folder):
        yield from rows_of(read_json(shard_path(folder, shard))).values()


def move_into_shards(folder: Path) -> None:
    """Schema 4: move the rows of ``fama.json`` into the shards, then take them out of it.

    While ``fama.json`` holds the table, it is the index: every shard is written again from
    it (a shard it has no row for is removed), so a run killed part-way is simply redone.
    The table goes last, in one write; with it gone, there is nothing left to do.
    """
    index = folder / INDEX_FILE
    data = read_json(index)
    if data is None or TABLE not in data:
        return
    groups: dict[str, list[Row]] = {}
    for row in rows_of(data).values():
        key = row.get("file")
        if isinstance(key, str):  # a row without a file is rebuilt from the files on opening
            groups.setdefault(shard_of(key), []).append(row)
    make_private_dir(folder / INDEX_DIR)
    fsync_dir(folder)
    for shard in shards(folder):
        if shard not in groups:
            remove_durably(shard_path(folder, shard))
    for shard, rows in sorted(groups.items()):
        _write_shard(folder, shard, rows)
    del data[TABLE]
    write_store_file(index, dump_json(data))


def _without(path: Path, drop: Callable[[Row], bool]) -> dict[str, Any] | None:
    """The content of ``path`` without the rows ``drop(row)`` picks; ``None`` if none is."""
    data = read_json(path)
    if not data or not data.get(TABLE):
        return None
    rows = data[TABLE]
    kept = {doc_id: row for doc_id, row in rows.items() if not drop(row)}
    if len(kept) == len(rows):
        return None
    data[TABLE] = kept
    return data


def drop_row(folder: Path, key: str) -> None:
    """Remove the row of the client filed as ``key`` from a store or backup folder (either
    layout); nothing to do when it is not there, so an erasure can run it again.

    A damaged file raises ``FileDamaged``, after the other file has been seen to.
    """
    damaged: FileDamaged | None = None
    try:
        legacy = _without(folder / INDEX_FILE, lambda row: row.get("file") == key)
    except FileDamaged as exc:
        damaged, legacy = exc, None
    if legacy is not None:
        write_store_file(folder / INDEX_FILE, dump_json(legacy))
    shard = shard_of(key)
    data = _without(shard_path(folder, shard), lambda row: row.get("file") == key)
    if data is not None:
        _write_shard(folder, shard, list(data[TABLE].values()))
    if damaged is not None:
        raise damaged


def forget_renamed_rows(folder: Path, name_of: Callable[[str], str]) -> None:
    """After the client files of a sharded folder were renamed (a new secret), drop each row
    whose file is now called something else (``name_of(code)``): opening the store builds it
    again under the new name, in its new shard. A shard is rewritten whole or removed, so a
    kill leaves each row right or missing, never pointing at a file that is gone."""
    for shard in shards(folder):
        path = shard_path(folder, shard)
        try:
            data = _without(path, lambda row: _renamed(row, name_of))
        except FileDamaged:
            continue  # opening the store names a damaged shard
        if data is not None:
            _write_shard(folder, shard, list(data[TABLE].values()))


def _renamed(row: Row, name_of: Callable[[str], str]) -> bool:
    code = row.get("code")
    return not isinstance(code, str) or row.get("file") != name_of(code)
