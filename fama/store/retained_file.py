"""The folder store's facts kept from records purged at the end of their retention period.

``retained_facts.json`` maps a purged record's keyed name to its self-assessment facts (no
code, no words: :mod:`fama.assessment.stored_facts`). They are written, under the store's
lock, before the erasure begins; while the client's file is still there (an erasure a kill
interrupted) they are not counted, so a figure never counts one client twice. The file is
not part of a backup: it holds nothing about a person a restore could need.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from fama.store.files import read_json, write_store_file
from fama.store.tinydb_folder import CLIENTS_DIR, StoreFolder

if TYPE_CHECKING:
    from fama.assessment.facts import ClientFacts

RETAINED_FILE = "retained_facts.json"
TABLE = "retained"


class RetainedFacts(StoreFolder):
    """Keeping a purged record's facts, and reading them back for the figures."""

    def _retain_facts(self, code: str) -> None:
        from fama.assessment.facts import client_facts
        from fama.assessment.stored_facts import facts_to_row

        with self._locked():
            record = self.load_client(code)  # type: ignore[attr-defined]
            path = self.path / RETAINED_FILE
            kept = (read_json(path) or {}).get(TABLE, {})
            kept[self._key(code)] = facts_to_row(client_facts(record))
            write_store_file(path, json.dumps({TABLE: kept}, sort_keys=True).encode("utf-8"))

    def retained_facts(self) -> Iterator[ClientFacts]:
        from fama.assessment.stored_facts import facts_from_row

        kept = (read_json(self.path / RETAINED_FILE) or {}).get(TABLE, {})
        for key, row in sorted(kept.items()):
            if not (self.path / CLIENTS_DIR / f"{key}.json").exists():
                yield facts_from_row(row)
