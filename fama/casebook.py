"""The casebook: the one service object that the screens and the CLI call (DESIGN §2).

It owns the store and the clock. Screens ask it questions shaped like what they show
("the caseload, filtered") and hand it what the keyworker entered; it validates, saves
and answers. Nothing here imports Textual. Modules that load pydantic are imported by the
methods that need them, so opening the caseload stays fast (see scripts/bench.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from fama.caseload import DueItem, caseload_order, next_due
from fama.clock import Clock
from fama.models.summary import ClientSummary
from fama.store import Store

if TYPE_CHECKING:
    from fama.client_form import ClientForm
    from fama.demo import DemoData
    from fama.models import Client, ClientRecord, Meeting, StaffMember


@dataclass(frozen=True)
class CaseloadEntry:
    summary: ClientSummary
    due: DueItem | None

    @property
    def code(self) -> str:
        return self.summary.code

    @property
    def overdue(self) -> bool:
        return bool(self.due and self.due.overdue)

    def matches(self, text: str) -> bool:
        """Case-insensitive match of every word typed against the row's visible text."""
        haystack = " ".join(
            (
                self.summary.code,
                self.summary.keyworker,
                self.summary.stage.label,
                self.summary.current_goal,
                self.due.kind.value if self.due else "",
                "overdue" if self.overdue else "",
                "family" if self.summary.for_family else "",
            )
        ).lower()
        return all(word in haystack for word in text.lower().split())


@dataclass(frozen=True)
class CaseloadView:
    entries: list[CaseloadEntry]
    """The clients to show, in caseload order, after the filter."""
    total: int
    """Clients before the filter (for one keyworker, or all)."""
    overdue: int
    """Of ``total``, how many have something overdue."""


class Casebook:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    @property
    def today(self) -> date:
        return self.clock.today()

    # Caseload -----------------------------------------------------------------------
    def caseload(self, text: str = "", keyworker: str | None = None) -> list[CaseloadEntry]:
        """Clients (optionally one keyworker's), overdue first, filtered by the words typed."""
        return self.caseload_view(text, keyworker).entries

    def caseload_view(self, text: str = "", keyworker: str | None = None) -> CaseloadView:
        """The caseload and its counts from one read of the index."""
        today = self.today
        summaries = sorted(
            (
                s
                for s in self.store.client_summaries()
                if keyworker is None or s.keyworker == keyworker
            ),
            key=lambda s: caseload_order(s, today),
        )
        everyone = [CaseloadEntry(s, next_due(s, today)) for s in summaries]
        shown = [e for e in everyone if e.matches(text)] if text.strip() else everyone
        return CaseloadView(
            entries=shown,
            total=len(everyone),
            overdue=sum(1 for e in everyone if e.overdue),
        )

    def keyworkers(self) -> list[str]:
        """Keyworker ids with clients or on the staff list, for the caseload's keyworker switch."""
        ids = {s.keyworker for s in self.store.client_summaries()}
        ids.update(m.id for m in self.store.staff() if m.active)
        return sorted(ids)

    # Clients --------------------------------------------------------------------------
    def client(self, code: str) -> ClientRecord:
        return self.store.load_client(code)

    def client_codes(self) -> set[str]:
        return {s.code for s in self.store.client_summaries()}

    def add_client(self, form: ClientForm) -> Client:
        """Validate and save a new client; raises ``FormErrors`` or ``DuplicateClient``."""
        from fama.client_form import build_client

        client = build_client(form, today=self.today, existing_codes=self.client_codes())
        client = client.model_copy(
            update={"created_at": self.clock.now(), "updated_at": self.clock.now()}
        )
        self.store.create_client(client)
        return client

    def update_client(self, code: str, form: ClientForm) -> Client:
        """Validate and save changes to a client's profile (the code itself stays)."""
        from fama.client_form import build_client

        original = self.store.load_client(code).client
        form.code = original.code
        client = build_client(
            form, today=self.today, existing_codes=self.client_codes(), original=original
        )
        client = client.model_copy(update={"updated_at": self.clock.now()})
        self.store.save_client(client)
        return client

    def erase_client(self, code: str) -> int:
        return self.store.erase_client(code)

    def export_client(self, code: str) -> dict[str, Any]:
        """A subject access request: everything held about one client."""
        record = self.store.load_client(code)
        return {
            "format": "fama-client-record",
            "exported_at": self.clock.now().isoformat(),
            "record_count": record.record_count,
            **record.model_dump(mode="json"),
        }

    def export_all(self) -> dict[str, Any]:
        return self.store.export()

    # Reference data -----------------------------------------------------------------------
    def staff(self) -> list[StaffMember]:
        return sorted(self.store.staff(), key=lambda m: m.id)

    def meetings(self) -> list[Meeting]:
        return self.store.meetings()

    def meetings_by_id(self) -> dict[str, Meeting]:
        return {m.id: m for m in self.store.meetings()}

    def load_demo(self, data: DemoData) -> None:
        """Fill an empty store with the demo town (staff, meetings, clients)."""
        for member in data.staff:
            self.store.save_staff(member)
        self.store.replace_meetings(list(data.meetings))
        self.store.put_records(list(data.records))

    def backup_if_due(self) -> None:
        self.store.backup_if_due(self.clock.now())
