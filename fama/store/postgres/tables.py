"""The service's shared tables in PostgreSQL: the meeting directory, postcode centres, the
staff list, the self-assessments and the contacts register, one JSONB document per row.

A change to one row takes an advisory lock on its key first (the row may not exist yet, so
there is nothing for ``FOR UPDATE`` to lock), then reads, changes and writes it in the same
transaction. A change to the whole directory (an import) locks the table against other
writers, reads it, and writes back only the meetings that changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from psycopg.types.json import Jsonb

from fama.errors import MeetingNotFound
from fama.store.postgres.database import Connection, Database, key_lock
from fama.store.shared import same_key, unique_contacts

if TYPE_CHECKING:
    from pydantic import BaseModel

    from fama.assessment.model import Assessment
    from fama.assessment.register_figures import RegisterCounts
    from fama.models import Contact, Meeting, StaffMember, Visit

M = TypeVar("M", bound="BaseModel")


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


def _models(rows: list[tuple[Any, ...]], model: type[M]) -> list[M]:
    return [model.model_validate(doc) for (doc,) in rows]


class SharedRows(Database):
    """Meetings, locations, staff and assessments, behind that half of the store contract."""

    # Meetings ---------------------------------------------------------------------------
    def meetings(self) -> list[Meeting]:
        from fama.models import Meeting

        with self.transaction() as conn:
            rows = conn.execute("SELECT doc FROM meetings ORDER BY id").fetchall()
        return _models(rows, Meeting)

    def meeting(self, meeting_id: str) -> Meeting:
        from fama.models import Meeting

        with self.transaction() as conn:
            row = conn.execute("SELECT doc FROM meetings WHERE id = %s", (meeting_id,)).fetchone()
        if row is None:
            raise MeetingNotFound(meeting_id)
        return Meeting.model_validate(row[0])

    @staticmethod
    def _put_meetings(conn: Connection, meetings: list[Meeting]) -> None:
        with conn.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO meetings (id, doc) VALUES (%s, %s) ON CONFLICT (id) DO UPDATE SET"
                " doc = EXCLUDED.doc, version = meetings.version + 1, changed_at = now(),"
                " changed_by = current_user",
                [(m.id, Jsonb(_dump(m))) for m in meetings],
            )

    def replace_meetings(self, meetings: list[Meeting]) -> None:
        with self.transaction() as conn:
            conn.execute("LOCK TABLE meetings IN SHARE ROW EXCLUSIVE MODE")
            conn.execute("DELETE FROM meetings")
            self._put_meetings(conn, meetings)

    def save_meeting(self, meeting: Meeting) -> None:
        with self.transaction() as conn:
            self._put_meetings(conn, [meeting])

    def change_meeting(
        self, meeting_id: str, change: Callable[[Meeting | None], Meeting]
    ) -> Meeting:
        from fama.models import Meeting

        with self.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (key_lock("meeting", meeting_id),))
            row = conn.execute(
                "SELECT doc FROM meetings WHERE id = %s FOR UPDATE", (meeting_id,)
            ).fetchone()
            changed = change(None if row is None else Meeting.model_validate(row[0]))
            same_key(meeting_id, changed.id, "meeting")
            self._put_meetings(conn, [changed])
            return changed

    def change_meetings(self, change: Callable[[list[Meeting]], list[Meeting]]) -> list[Meeting]:
        from fama.models import Meeting

        with self.transaction() as conn:
            conn.execute("LOCK TABLE meetings IN SHARE ROW EXCLUSIVE MODE")
            rows = conn.execute("SELECT id, doc FROM meetings").fetchall()
            before = {meeting_id: doc for meeting_id, doc in rows}
            meetings = change([Meeting.model_validate(doc) for doc in before.values()])
            after = {m.id: m for m in meetings}
            gone = [meeting_id for meeting_id in before if meeting_id not in after]
            if gone:
                conn.execute("DELETE FROM meetings WHERE id = ANY(%s)", (gone,))
            self._put_meetings(conn, [m for m in meetings if before.get(m.id) != _dump(m)])
            return meetings

    # Postcode centres -------------------------------------------------------------------
    def locations(self) -> dict[str, tuple[float, float]]:
        with self.transaction() as conn:
            rows = conn.execute("SELECT outcode, latitude, longitude FROM locations").fetchall()
        return {str(code): (float(lat), float(lon)) for code, lat, lon in rows}

    def replace_locations(self, locations: dict[str, tuple[float, float]]) -> None:
        fresh = [(str(k), float(lat), float(lon)) for k, (lat, lon) in locations.items()]
        with self.transaction() as conn, conn.cursor() as cursor:
            cursor.execute("LOCK TABLE locations IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute("DELETE FROM locations")
            cursor.executemany(
                "INSERT INTO locations (outcode, latitude, longitude) VALUES (%s, %s, %s)", fresh
            )

    # Staff ------------------------------------------------------------------------------
    def staff(self) -> list[StaffMember]:
        from fama.models import StaffMember

        with self.transaction() as conn:
            rows = conn.execute("SELECT doc FROM staff ORDER BY id").fetchall()
        return _models(rows, StaffMember)

    def staff_member(self, staff_id: str) -> StaffMember | None:
        from fama.models import StaffMember

        with self.transaction() as conn:
            row = conn.execute("SELECT doc FROM staff WHERE id = %s", (staff_id,)).fetchone()
        return None if row is None else StaffMember.model_validate(row[0])

    @staticmethod
    def _put_staff(conn: Connection, member: StaffMember) -> None:
        conn.execute(
            "INSERT INTO staff (id, login, access, doc) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT (id) DO UPDATE SET login = EXCLUDED.login, access = EXCLUDED.access,"
            " doc = EXCLUDED.doc, version = staff.version + 1, changed_at = now(),"
            " changed_by = current_user",
            (member.id, member.login, member.access.value, Jsonb(_dump(member))),
        )

    def save_staff(self, member: StaffMember) -> None:
        with self.transaction() as conn:
            self._put_staff(conn, member)

    def change_staff(
        self, staff_id: str, change: Callable[[StaffMember | None], StaffMember]
    ) -> StaffMember:
        from fama.models import StaffMember

        with self.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (key_lock("staff", staff_id),))
            row = conn.execute(
                "SELECT doc FROM staff WHERE id = %s FOR UPDATE", (staff_id,)
            ).fetchone()
            changed = change(None if row is None else StaffMember.model_validate(row[0]))
            same_key(staff_id, changed.id, "staff member")
            self._put_staff(conn, changed)
            return changed

    # Contacts register ----------------------------------------------------------------
    def contacts(self) -> list[Contact]:
        from fama.models import Contact

        with self.transaction() as conn:
            rows = conn.execute("SELECT doc FROM contacts ORDER BY id").fetchall()
        return _models(rows, Contact)

    def change_contacts(self, change: Callable[[list[Contact]], list[Contact]]) -> list[Contact]:
        from fama.models import Contact

        with self.transaction() as conn, conn.cursor() as cursor:
            cursor.execute("LOCK TABLE contacts IN SHARE ROW EXCLUSIVE MODE")
            rows = cursor.execute("SELECT id, doc FROM contacts").fetchall()
            before = {contact_id: doc for contact_id, doc in rows}
            contacts = unique_contacts(
                change([Contact.model_validate(doc) for doc in before.values()])
            )
            after = {c.id for c in contacts}
            gone = [contact_id for contact_id in before if contact_id not in after]
            if gone:
                cursor.execute("DELETE FROM contacts WHERE id = ANY(%s)", (gone,))
            cursor.executemany(
                "INSERT INTO contacts (id, doc) VALUES (%s, %s) ON CONFLICT (id) DO UPDATE SET"
                " doc = EXCLUDED.doc, version = contacts.version + 1, changed_at = now(),"
                " changed_by = current_user",
                [(c.id, Jsonb(_dump(c))) for c in contacts if before.get(c.id) != _dump(c)],
            )
            return contacts

    def visits(self) -> list[Visit]:
        from fama.models import Visit

        with self.transaction() as conn:
            rows = conn.execute("SELECT doc FROM visits ORDER BY id").fetchall()
        return _models(rows, Visit)

    def save_visit(self, visit: Visit) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO visits (id, doc) VALUES (%s, %s) ON CONFLICT (id) DO UPDATE SET"
                " doc = EXCLUDED.doc, version = visits.version + 1, changed_at = now(),"
                " changed_by = current_user",
                (visit.id, Jsonb(_dump(visit))),
            )

    def register_counts(self, first_day: date, last_day: date) -> RegisterCounts:
        """Through the one function a report login may call: how many, never an entry."""
        from fama.assessment.register_figures import RegisterCounts
        from fama.models.contact import CHECK_EVERY

        with self.transaction() as conn:
            row = conn.execute(
                "SELECT fama_register_counts(%s, %s, %s)",
                (first_day, last_day, CHECK_EVERY.days),
            ).fetchone()
        return RegisterCounts.from_row(row[0] if row else {})

    # Self-assessment --------------------------------------------------------------------
    def assessments(self) -> list[Assessment]:
        from fama.assessment.model import Assessment

        with self.transaction() as conn:
            rows = conn.execute(
                "SELECT doc FROM assessments ORDER BY service, period_start, period_end, id"
            ).fetchall()
        return _models(rows, Assessment)

    @staticmethod
    def _put_assessment(conn: Connection, assessment: Assessment) -> None:
        conn.execute(
            "INSERT INTO assessments (id, service, period_start, period_end, doc)"
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET"
            " service = EXCLUDED.service, period_start = EXCLUDED.period_start,"
            " period_end = EXCLUDED.period_end, doc = EXCLUDED.doc,"
            " version = assessments.version + 1, changed_at = now(), changed_by = current_user",
            (
                assessment.id,
                assessment.service,
                assessment.period_start,
                assessment.period_end,
                Jsonb(_dump(assessment)),
            ),
        )

    def save_assessment(self, assessment: Assessment) -> None:
        with self.transaction() as conn:
            conn.execute(
                "DELETE FROM assessments WHERE service = %s AND period_start = %s"
                " AND period_end = %s AND id <> %s",
                (assessment.service, assessment.period_start, assessment.period_end, assessment.id),
            )
            self._put_assessment(conn, assessment)

    def change_assessment(
        self,
        service: str,
        period_start: date,
        period_end: date,
        change: Callable[[Assessment | None], Assessment],
    ) -> Assessment:
        from fama.assessment.model import Assessment

        lock = key_lock("assessment", service, period_start.isoformat(), period_end.isoformat())
        with self.transaction() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock,))
            row = conn.execute(
                "SELECT doc FROM assessments WHERE service = %s AND period_start = %s"
                " AND period_end = %s FOR UPDATE",
                (service, period_start, period_end),
            ).fetchone()
            kept = None if row is None else Assessment.model_validate(row[0])
            changed = change(kept)
            if not changed.covers(service, period_start, period_end):
                raise ValueError("A change to an assessment moved it to another service or period.")
            if kept is not None and kept.id != changed.id:
                conn.execute("DELETE FROM assessments WHERE id = %s", (kept.id,))
            self._put_assessment(conn, changed)
            return changed
