"""A store held in memory: the same contract as the file store, without a disk.

For tests of the service layer and the screens that do not test files (they run faster
without fsyncs), and as a second implementation that keeps the contract honest
(``tests/store/test_store_contract.py`` runs against both). Nothing survives the process.

Records are kept as plain JSON (what the file store writes) and validated again on every
read, so a caller can never change a stored record by changing the object it was given,
and a value that would not survive a save does not survive here either. One
``threading.RLock`` serialises every read and write, which is the lock the contract's
read-modify-writes run under.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from fama.errors import ClientNotFound, DuplicateClient, MeetingNotFound
from fama.store.base import Store
from fama.store.shared import export_document, same_key, unique_contacts

if TYPE_CHECKING:
    from pydantic import BaseModel

    from fama.assessment.facts import ClientFacts
    from fama.assessment.model import Assessment
    from fama.audit import AuditEntry
    from fama.models import (
        Client,
        ClientRecord,
        ClientSummary,
        Contact,
        Conversation,
        Goal,
        HandoutGiven,
        Meeting,
        Review,
        StaffMember,
        Visit,
    )
    from fama.store.erasure import Erased

M = TypeVar("M", bound="BaseModel")


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


class MemoryStore(Store):
    """Every record in dictionaries, behind one lock."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._clients: dict[str, dict[str, Any]] = {}
        self._summaries: dict[str, ClientSummary] = {}
        self._meetings: dict[str, dict[str, Any]] = {}
        self._staff: dict[str, dict[str, Any]] = {}
        self._locations: dict[str, tuple[float, float]] = {}
        self._assessments: dict[str, dict[str, Any]] = {}
        self._contacts: list[dict[str, Any]] = []
        self._visits: dict[str, dict[str, Any]] = {}
        self._audit: list[AuditEntry] = []
        self._retained: list[dict[str, Any]] = []

    def fill_from(self, other: MemoryStore) -> None:
        """Hold a copy of everything ``other`` holds, in place of what this store held: for
        tests that start many stores from one filled once (the demo town)."""
        with other._lock:
            held = copy.deepcopy(
                (
                    other._clients,
                    other._summaries,
                    other._meetings,
                    other._staff,
                    other._locations,
                    other._assessments,
                    other._contacts,
                    other._visits,
                )
            )
        with self._lock:
            (
                self._clients,
                self._summaries,
                self._meetings,
                self._staff,
                self._locations,
                self._assessments,
                self._contacts,
                self._visits,
            ) = held

    # Clients --------------------------------------------------------------------------
    @staticmethod
    def _record(data: dict[str, Any]) -> ClientRecord:
        from fama.models import ClientRecord

        return ClientRecord.model_validate(data)

    def _put(self, record: ClientRecord) -> None:
        """Validate by a round trip, then keep the record and its caseload row."""
        data = _dump(record)
        checked = self._record(data)
        self._clients[checked.client.code] = data
        self._summaries[checked.client.code] = checked.summary()

    def client_summaries(self, keyworker: str | None = None) -> list[ClientSummary]:
        with self._lock:
            rows = list(self._summaries.values())
        return [s for s in rows if keyworker is None or s.keyworker == keyworker]

    def has_client(self, code: str) -> bool:
        with self._lock:
            return code in self._clients

    def load_client(self, code: str) -> ClientRecord:
        with self._lock:
            data = self._clients.get(code)
        if data is None:
            raise ClientNotFound(code)
        return self._record(data)

    def create_client(self, client: Client) -> None:
        from fama.models import ClientRecord

        with self._lock:
            if client.code in self._clients:
                raise DuplicateClient(client.code)
            self._put(ClientRecord(client=client))

    def change_record(
        self, code: str, change: Callable[[ClientRecord], ClientRecord]
    ) -> ClientRecord:
        with self._lock:
            record = change(self.load_client(code))
            same_key(code, record.client.code, "client")
            self._put(record)
            return record

    def save_client(self, client: Client) -> None:
        self.change_record(client.code, lambda r: r.model_copy(update={"client": client}))

    def _upsert(self, code: str, field: str, item: Any) -> None:
        def change(record: ClientRecord) -> ClientRecord:
            kept = [x for x in getattr(record, field) if x.id != item.id]
            return record.model_copy(update={field: [*kept, item]})

        self.change_record(code, change)

    def save_goal(self, goal: Goal) -> None:
        self._upsert(goal.client_code, "goals", goal)

    def save_review(self, review: Review) -> None:
        self._upsert(review.client_code, "reviews", review)

    def save_conversation(self, conversation: Conversation) -> None:
        self._upsert(conversation.client_code, "conversations", conversation)

    def save_handout_given(self, given: HandoutGiven) -> None:
        self._upsert(given.client_code, "handouts", given)

    def client_documents(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            codes = list(self._clients)
        for code in codes:
            with self._lock:
                data = self._clients.get(code)
            if data is not None:
                yield copy.deepcopy(data)

    def put_record(self, record: ClientRecord) -> None:
        with self._lock:
            self._put(record)

    def put_records(self, records: list[ClientRecord]) -> None:
        with self._lock:
            for record in records:
                self._put(record)

    def erase_client(self, code: str, *, keep_figures: bool = False) -> Erased:
        from fama.assessment.facts import client_facts
        from fama.assessment.stored_facts import facts_to_row
        from fama.store.erasure import erase_files

        with self._lock:
            record = self.load_client(code)
            if keep_figures:
                self._retained.append(facts_to_row(client_facts(record)))
            erased = erase_files(record.record_count, [f.path for f in record.files])
            del self._clients[code]
            del self._summaries[code]
        return erased

    def retained_facts(self) -> Iterator[ClientFacts]:
        from fama.assessment.stored_facts import facts_from_row

        with self._lock:
            rows = list(self._retained)
        return iter([facts_from_row(row) for row in rows])

    # Directory --------------------------------------------------------------------------
    @staticmethod
    def _models(rows: Iterator[dict[str, Any]] | list[dict[str, Any]], model: type[M]) -> list[M]:
        return [model.model_validate(row) for row in rows]

    def meetings(self) -> list[Meeting]:
        from fama.models import Meeting

        with self._lock:
            rows = list(self._meetings.values())
        return self._models(rows, Meeting)

    def meeting(self, meeting_id: str) -> Meeting:
        from fama.models import Meeting

        with self._lock:
            row = self._meetings.get(meeting_id)
        if row is None:
            raise MeetingNotFound(meeting_id)
        return Meeting.model_validate(row)

    def replace_meetings(self, meetings: list[Meeting]) -> None:
        rows = {m.id: _dump(m) for m in meetings}
        with self._lock:
            self._meetings = rows

    def save_meeting(self, meeting: Meeting) -> None:
        with self._lock:
            self._meetings[meeting.id] = _dump(meeting)

    def change_meeting(
        self, meeting_id: str, change: Callable[[Meeting | None], Meeting]
    ) -> Meeting:
        from fama.models import Meeting

        with self._lock:
            row = self._meetings.get(meeting_id)
            changed = change(None if row is None else Meeting.model_validate(row))
            same_key(meeting_id, changed.id, "meeting")
            self._meetings[meeting_id] = _dump(changed)
            return changed

    def change_meetings(self, change: Callable[[list[Meeting]], list[Meeting]]) -> list[Meeting]:
        with self._lock:
            meetings = change(self.meetings())
            self.replace_meetings(meetings)
            return meetings

    def locations(self) -> dict[str, tuple[float, float]]:
        with self._lock:
            return dict(self._locations)

    def replace_locations(self, locations: dict[str, tuple[float, float]]) -> None:
        fresh = {str(k): (float(lat), float(lon)) for k, (lat, lon) in locations.items()}
        with self._lock:
            self._locations = fresh

    # Staff ------------------------------------------------------------------------------
    def staff(self) -> list[StaffMember]:
        from fama.models import StaffMember

        with self._lock:
            rows = list(self._staff.values())
        return self._models(rows, StaffMember)

    def staff_member(self, staff_id: str) -> StaffMember | None:
        from fama.models import StaffMember

        with self._lock:
            row = self._staff.get(staff_id)
        return None if row is None else StaffMember.model_validate(row)

    def save_staff(self, member: StaffMember) -> None:
        with self._lock:
            self._staff[member.id] = _dump(member)

    def change_staff(
        self, staff_id: str, change: Callable[[StaffMember | None], StaffMember]
    ) -> StaffMember:
        with self._lock:
            changed = change(self.staff_member(staff_id))
            same_key(staff_id, changed.id, "staff member")
            self._staff[staff_id] = _dump(changed)
            return changed

    # Contacts register ----------------------------------------------------------------
    def contacts(self) -> list[Contact]:
        from fama.models import Contact

        with self._lock:
            rows = list(self._contacts)
        return self._models(rows, Contact)

    def change_contacts(self, change: Callable[[list[Contact]], list[Contact]]) -> list[Contact]:
        with self._lock:
            changed = unique_contacts(change(self.contacts()))
            self._contacts = [_dump(c) for c in changed]
        return changed

    def visits(self) -> list[Visit]:
        from fama.models import Visit

        with self._lock:
            rows = list(self._visits.values())
        return self._models(rows, Visit)

    def save_visit(self, visit: Visit) -> None:
        with self._lock:
            self._visits[visit.id] = _dump(visit)

    # Self-assessment --------------------------------------------------------------------
    def assessments(self) -> list[Assessment]:
        from fama.assessment.model import Assessment

        with self._lock:
            rows = list(self._assessments.values())
        return self._models(rows, Assessment)

    def save_assessment(self, assessment: Assessment) -> None:
        with self._lock:
            self._assessments[assessment.id] = _dump(assessment)

    def change_assessment(
        self,
        service: str,
        period_start: date,
        period_end: date,
        change: Callable[[Assessment | None], Assessment],
    ) -> Assessment:
        from fama.assessment.model import find_assessment

        with self._lock:
            kept = find_assessment(self.assessments(), service, period_start, period_end)
            changed = change(kept)
            if not changed.covers(service, period_start, period_end):
                raise ValueError("A change to an assessment moved it to another service or period.")
            if kept is not None and kept.id != changed.id:
                del self._assessments[kept.id]
            self._assessments[changed.id] = _dump(changed)
            return changed

    # Audit trail ------------------------------------------------------------------------
    def record_id(self, code: str) -> str:
        import hashlib

        return hashlib.sha256(f"fama-memory-store:{code}".encode()).hexdigest()[:24]

    def audit_append(
        self, who: str, action: str, what: str, record: str | None, at: datetime
    ) -> AuditEntry:
        from fama.audit import audit_time, next_entry

        with self._lock:
            last = self._audit[-1] if self._audit else None
            entry = next_entry(last, audit_time(at), who, action, what, record)
            self._audit.append(entry)
        return entry

    def audit_rows(self) -> Iterator[dict[str, Any] | ValueError]:
        with self._lock:
            entries = list(self._audit)
        return iter([entry.as_dict() for entry in entries])

    # Whole store ------------------------------------------------------------------------
    def export(self) -> dict[str, Any]:
        with self._lock:
            records = [self._record(data) for data in self._clients.values()]
            staff, meetings = self.staff(), self.meetings()
            locations, assessments = self.locations(), self.assessments()
            contacts, visits = self.contacts(), self.visits()
        from fama.store.tinydb_store import SCHEMA_VERSION

        return export_document(
            staff,
            meetings,
            locations,
            records,
            assessments,
            schema=SCHEMA_VERSION,
            contacts=contacts,
            visits=visits,
        )
