"""Files fama writes about a client outside the store, and what erasure does with them.

A meeting plan or a printed handout saved for a client is a copy of their data in the
user's documents folder. Each one is listed on the client's record (``ClientRecord.files``)
in the same locked change that writes it, so a subject access export lists it and an
erasure deletes it, or names it when it has been moved so the keyworker can remove it.

Like the casebook, this module loads pydantic only inside the methods that need it.
Erasing them is the store's job (fama/store/erasure.py), journalled so that it always finishes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fama.store.erasure import Erased

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from pathlib import Path

    from fama.models import ClientRecord
    from fama.store import Store


class FileWriter:
    """Writes the files of one change to a record; if the change is not saved, :meth:`undo`
    removes those it created, so no file is left that the record does not list."""

    def __init__(self) -> None:
        self.created: list[Path] = []

    def write(self, path: Path, data: bytes) -> None:
        from fama.paths import atomic_write

        existed = path.exists()
        atomic_write(path, data)
        if not existed:
            self.created.append(path)

    def undo(self) -> None:
        for path in self.created:
            path.unlink(missing_ok=True)
        self.created.clear()


def with_files(
    record: ClientRecord, written: list[tuple[Path, str]], *, on: date, by: str
) -> ClientRecord:
    """The record listing these files (path, what it is). A file written again to the same
    place replaces its old entry: the list names each file once."""
    from fama.models import WrittenFile

    entries = [
        WrittenFile(
            name=path.name,
            folder=str(path.parent.absolute()),
            what=what,
            written_on=on,
            written_by=by,
        )
        for path, what in written
    ]
    again = {entry.path for entry in entries}
    kept = [f for f in record.files if f.path not in again]
    return record.model_copy(update={"files": [*kept, *entries]})


def save_for_client(
    store: Store, code: str, change: Callable[[ClientRecord, FileWriter], ClientRecord]
) -> ClientRecord:
    """Apply ``change`` (which writes files with the writer it is given and lists them with
    :func:`with_files`) under the store's lock; if the record is not saved, the files it
    created are removed again."""
    writer = FileWriter()
    try:
        return store.change_record(code, lambda record: change(record, writer))
    except BaseException:
        writer.undo()
        raise


Erasure = Erased
"""What erasing a client did: records deleted, and files written outside the store deleted,
not found (moved, renamed or deleted by hand) or not deletable."""
