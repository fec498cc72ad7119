"""Setting up records for a test, as another keyworker's save would leave them."""

from __future__ import annotations

from datetime import date

from fama.casebook.service import Casebook
from fama.models import ClientRecord, Preferences


def set_preferences(book: Casebook, code: str, preferences: Preferences) -> None:
    """Replace the client's whole set of preferences (in one locked change of the record)."""

    def change(record: ClientRecord) -> ClientRecord:
        client = record.client.model_copy(update={"preferences": preferences})
        return record.model_copy(update={"client": client})

    book.store.change_record(code, change)


def discharge(book: Casebook, code: str, on: date) -> None:
    """End the client's episode on ``on`` (a locked change of the stored record)."""

    def change(record: ClientRecord) -> ClientRecord:
        return record.model_copy(
            update={"client": record.client.model_copy(update={"discharged": on})}
        )

    book.store.change_record(code, change)
