"""The casebook's clients: the caseload, one client's record, adding, editing, erasing and
exporting a client, and the search preferences kept on their profile.

Every change is a function of the record as stored now, applied inside the store's lock
(``Store.change_record``). Modules that load pydantic are imported by the methods that
need them, so opening the caseload stays fast (see scripts/bench.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fama.audit import Action
from fama.casebook.part import Desk, Part
from fama.clients.caseload import (
    DueCounts,
    DueItem,
    DueView,
    caseload_order,
    due_counts,
    in_view,
    next_due,
    view_order,
)
from fama.errors import ClientNotFound, StoreError
from fama.models.summary import ClientSummary

if TYPE_CHECKING:
    from fama.casebook.staff import StaffService
    from fama.clients.form import ClientForm
    from fama.clients.retention import PastRetention
    from fama.directory.requests import PreferenceEdit
    from fama.models import Client, ClientRecord
    from fama.store.erasure import Erased


@dataclass(frozen=True)
class CaseloadEntry:
    """One row of the caseload: the client's summary and what is due for them next."""

    summary: ClientSummary
    due: DueItem | None

    @property
    def code(self) -> str:
        """The client's code, as the row shows it."""
        return self.summary.code

    @property
    def overdue(self) -> bool:
        """Whether what is due next is already late."""
        return bool(self.due and self.due.overdue)

    def matches(self, text: str) -> bool:
        """Case-insensitive match of every word typed against the row's visible text."""
        haystack = " ".join(
            (
                self.summary.code,
                self.summary.keyworker,
                self.summary.stage_label,
                self.summary.current_goal,
                self.due.kind.value if self.due else "",
                "overdue" if self.overdue else "",
                "family" if self.summary.for_family else "",
            )
        ).lower()
        return all(word in haystack for word in text.lower().split())


@dataclass(frozen=True)
class CaseloadView:
    """The caseload as the home screen shows it: filtered, ordered and counted."""

    entries: list[CaseloadEntry]
    """The clients to show, in caseload order, after the filter."""
    total: int
    """Clients before the filter (for one keyworker, or all)."""
    overdue: int
    """Of ``total``, how many have something overdue."""
    due: DueCounts = field(default_factory=DueCounts)
    """Of ``total``, how many have each kind of due item."""
    in_view: int = 0
    """Clients in the due view before the typed filter."""


class ClientsService(Part):
    """The caseload and each client's record: ``book.clients``."""

    def __init__(self, desk: Desk, staff: StaffService) -> None:
        super().__init__(desk)
        self._staff = staff

    # Caseload -----------------------------------------------------------------------------
    def caseload(
        self, text: str = "", keyworker: str | None = None, view: DueView = DueView.ALL
    ) -> CaseloadView:
        """The caseload (optionally one keyworker's) and its counts from one read of the index.

        Overdue first; ``view`` narrows it to one kind of due item (follow-ups overdue,
        reviews this week, never introduced), most pressing first; ``text`` keeps the rows
        matching every word typed. The counts are always of every kind.
        """
        today = self.today
        mine = self.store.client_summaries(keyworker)
        if view is DueView.ALL:
            summaries = sorted(mine, key=lambda s: caseload_order(s, today))
        else:
            summaries = sorted(
                (s for s in mine if in_view(s, view, today)),
                key=lambda s: view_order(s, view, today),
            )
        due = {s.code: next_due(s, today) for s in mine}  # worked out once per client
        everyone = [CaseloadEntry(s, due[s.code]) for s in summaries]
        shown = [e for e in everyone if e.matches(text)] if text.strip() else everyone
        return CaseloadView(
            entries=shown,
            total=len(mine),
            overdue=sum(1 for item in due.values() if item is not None and item.overdue),
            due=due_counts(mine, today),
            in_view=len(everyone),
        )

    def home_keyworker(self) -> str | None:
        """Whose clients the caseload opens on: the person using fama when they are the
        keyworker of any client here (a one-keyworker lookup), else everyone's (None)."""
        mine = self.store.client_summaries(keyworker=self.user)
        return self.user if mine else None

    def keyworkers(self) -> list[str]:
        """Keyworker ids with clients or on the staff list, for the caseload's keyworker switch."""
        ids = {s.keyworker for s in self.store.client_summaries()}
        ids.update(m.id for m in self.store.staff() if m.on_staff(self.today))
        return sorted(ids)

    # One client ---------------------------------------------------------------------------
    def record(self, code: str) -> ClientRecord:
        """Everything held about one client; raises ``ClientNotFound``. Not audited: for
        reads that serve a screen already audited (see :meth:`open`) or show nothing."""
        return self.store.load_client(code)

    def open(self, code: str) -> ClientRecord:
        """The client's record as the client screen opens on it: audited as a view."""
        record = self.store.load_client(code)
        self.audit(Action.VIEW, "client screen", code)
        return record

    def codes(self) -> set[str]:
        """Every client code in the store."""
        return {s.code for s in self.store.client_summaries()}

    def add(self, form: ClientForm) -> Client:
        """Validate and save a new client; raises ``FormErrors`` or ``DuplicateClient``."""
        from fama.clients.form import build_client

        client = build_client(
            form, today=self.today, existing_codes=self.codes(), staff=self._staff.ids()
        )
        client = client.model_copy(
            update={
                "created_at": self.clock.now(),
                "updated_at": self.clock.now(),
                "updated_by": self.user,
            }
        )
        self.store.create_client(client)
        self.audit(Action.CHANGE, "client added", client.code)
        return client

    def update(self, code: str, form: ClientForm, started: ClientForm | None = None) -> Client:
        """Validate and save changes to a client's profile (the code itself stays).

        ``started`` is the form as the person opened it: only the fields they changed are
        laid onto the record as it is now, inside the store's lock, so a second copy of fama
        saving meanwhile loses nothing; the same field changed both ways is refused
        (``EditConflict``) with both values. Without ``started`` the whole form is saved.
        """
        from fama.clients.form import ClientForm as Form
        from fama.clients.form import build_client, merge_edit

        staff = self._staff.ids()

        def change(record: ClientRecord) -> ClientRecord:
            original = record.client
            current = Form.from_client(original)
            edited = form if started is None else merge_edit(started, form, current, _who(original))
            edited.code = original.code
            client = build_client(
                edited,
                today=self.today,
                existing_codes=set(),
                original=original,
                staff=staff,
            )
            client = client.model_copy(
                update={"updated_at": self.clock.now(), "updated_by": self.user}
            )
            return record.model_copy(update={"client": client})

        saved = self.store.change_record(code, change).client
        self.audit(Action.CHANGE, "profile edited", code)
        return saved

    def keep_preferences(self, code: str, edit: PreferenceEdit) -> Client:
        """Save what the keyworker changed on the search form (and only that) onto the
        client as stored now, read and written inside the store's lock, so a change made
        elsewhere since the form was read is kept. Raises ``BadOption`` (nothing saved) for
        a profile fama cannot keep."""

        def change(record: ClientRecord) -> ClientRecord:
            client = edit.apply(record.client).model_copy(
                update={"updated_at": self.clock.now(), "updated_by": self.user}
            )
            return record.model_copy(update={"client": client})

        saved = self.store.change_record(code, change).client
        self.audit(Action.CHANGE, "meeting preferences kept", code)
        return saved

    def erase(self, code: str) -> Erased:
        """Delete every record of the client, backups included, and the files fama wrote
        about them outside the store (meeting plans, printed handouts), all under the
        store's lock. A listed file that has moved or gone is named in the result, for the
        keyworker to find and remove by hand."""
        # The tombstone goes first: once the erasure's journal is written it is always
        # finished (by running it again, or on the next open), so a kill can never leave
        # an erasure without its entry. One that is finishing has its entry already.
        if self.store.has_client(code):
            self.audit(Action.ERASE, "client erased (records, backups and files written)", code)
        try:
            return self.store.erase_client(code)
        except StoreError as exc:
            if not isinstance(exc, ClientNotFound):
                stopped = "the erasure above was stopped; it is finished when run again"
                self.audit(Action.CHANGE, stopped, code)
            raise

    # Retention ----------------------------------------------------------------------------
    def past_retention(self, years: int) -> list[PastRetention]:
        """The clients whose records have been kept ``years`` after their episode ended."""
        from fama.clients.retention import past_retention

        return past_retention(self.store.client_summaries(), self.today, years)

    def purge(self, years: int) -> list[tuple[PastRetention, Erased]]:
        """Erase every client past the retention period, each audited as an erasure and
        each keeping its facts (no code, no words) so the self-assessment of past periods
        stays as it was. A client who came back into treatment meanwhile is not purged."""
        from fama.clients.retention import past_retention

        purged = []
        for due in self.past_retention(years):
            try:
                summary = self.store.load_client(due.code).summary()
            except ClientNotFound:
                continue  # erased meanwhile
            if not past_retention([summary], self.today, years):
                continue
            self.audit(Action.ERASE, f"retention purge ({years} years after the episode)", due.code)
            purged.append((due, self.store.erase_client(due.code, keep_figures=True)))
        return purged

    def export(self, code: str) -> dict[str, Any]:
        """A subject access request: everything held about one client, the files written
        about them outside the store (``files``: folder, name, what, when) included."""
        from fama.casebook.trail import accesses_of

        record = self.store.load_client(code)
        self.audit(Action.EXPORT, "client record exported", code)
        return {
            "format": "fama-client-record",
            "exported_at": self.clock.now().isoformat(),
            "record_count": record.record_count,
            **record.model_dump(mode="json"),
            "accessed": accesses_of(self.store, code),
        }


def _who(client: Client) -> str:
    """Who last changed a profile, and when (London time): "KK at 14:32 on 3 Dec"."""
    from fama.clock import london

    if not client.updated_by:
        return ""
    local = client.updated_at.astimezone(london())
    return f"{client.updated_by} at {local:%H:%M} on {local.day} {local:%b}"
