"""The caseload index of a folder store (or of one of its backups) as tests see it: its rows,
wherever they are kept, and a way to put a store back into the layout of an older schema
(both read and written as fama does, so sealed in an encrypted store)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from fama.store.files import read_json, write_store_file
from fama.store.index_shards import INDEX_DIR, folder_rows


def index_rows(folder: Path) -> list[dict[str, Any]]:
    """Every caseload row of a store or backup folder: in its shards (schema 4), or in
    ``fama.json`` (a folder of an older schema)."""
    return list(folder_rows(folder))


def as_old_layout(folder: Path, schema: int) -> dict[str, Any]:
    """Put a store or backup folder back into the layout of ``schema`` (at most 3): every
    caseload row in ``fama.json``, no index folder. Returns the new ``fama.json`` content,
    which the caller may change and write again."""
    index = folder / "fama.json"
    data = read_json(index)
    assert data is not None
    data["meta"]["1"]["schema"] = schema
    data["caseload"] = {str(n): row for n, row in enumerate(index_rows(folder), start=1)}
    shutil.rmtree(folder / INDEX_DIR, ignore_errors=True)
    write_store_file(index, json.dumps(data).encode())
    return data
