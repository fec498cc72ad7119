"""The folder store's shared tables: the meeting directory, staff, postcode locations, the
self-assessments and the contacts register, with the :class:`~fama.store.base.Store`
methods that read and change them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from fama.errors import MeetingNotFound
from fama.store.shared import same_key, unique_contacts
from fama.store.tinydb_folder import (
    LOCATIONS_FILE,
    StoreFolder,
    as_json,
    fresh_table,
    storage_of,
    where,
)

if TYPE_CHECKING:
    from tinydb import TinyDB

    from fama.assessment.model import Assessment
    from fama.models import Contact, Meeting, StaffMember, Visit


class SharedTables(StoreFolder):
    """The service-wide files: the meeting directory, staff, postcode locations and the
    mutual aid self-assessments, each a TinyDB file of its own."""

    def _load_all(self, db: TinyDB, table: str, model: type[Any]) -> list[Any]:
        from pydantic import ValidationError

        with self._reading():
            rows = fresh_table(db, table).all()
        try:
            return [model.model_validate(dict(row)) for row in rows]
        except ValidationError as exc:
            raise self._unreadable(
                storage_of(db).path, f"a {table} record failed validation"
            ) from exc

    def _one(self, db: TinyDB, table: str, field: str, value: object, model: type[Any]) -> Any:
        """The first row of ``table`` whose ``field`` is ``value``, validated, or None."""
        from pydantic import ValidationError

        with self._reading():
            rows = fresh_table(db, table).search(where(field, value))
        if not rows:
            return None
        try:
            return model.model_validate(dict(rows[0]))
        except ValidationError as exc:
            raise self._unreadable(
                storage_of(db).path, f"a {table} record failed validation"
            ) from exc

    def meetings(self) -> list[Meeting]:
        from fama.models import Meeting

        return self._load_all(self._meetings, "meetings", Meeting)

    def replace_meetings(self, meetings: list[Meeting]) -> None:
        with self._locked():
            table = fresh_table(self._meetings, "meetings")
            with storage_of(self._meetings).batch():
                table.truncate()
                table.insert_multiple(as_json(m) for m in meetings)

    def change_meetings(self, change: Callable[[list[Meeting]], list[Meeting]]) -> list[Meeting]:
        with self._locked():
            meetings = change(self.meetings())
            table = fresh_table(self._meetings, "meetings")
            with storage_of(self._meetings).batch():
                table.truncate()
                table.insert_multiple(as_json(m) for m in meetings)
        return meetings

    def save_meeting(self, meeting: Meeting) -> None:
        with self._locked():
            table = fresh_table(self._meetings, "meetings")
            with storage_of(self._meetings).batch():
                table.upsert(as_json(meeting), where("id", meeting.id))

    def meeting(self, meeting_id: str) -> Meeting:
        from fama.models import Meeting

        found: Meeting | None = self._one(self._meetings, "meetings", "id", meeting_id, Meeting)
        if found is None:
            raise MeetingNotFound(meeting_id)
        return found

    def change_meeting(
        self, meeting_id: str, change: Callable[[Meeting | None], Meeting]
    ) -> Meeting:
        from fama.models import Meeting

        with self._locked():
            current = self._one(self._meetings, "meetings", "id", meeting_id, Meeting)
            changed = change(current)
            same_key(meeting_id, changed.id, "meeting")
            table = fresh_table(self._meetings, "meetings")
            with storage_of(self._meetings).batch():
                table.upsert(as_json(changed), where("id", meeting_id))
        return changed

    def locations(self) -> dict[str, tuple[float, float]]:
        with self._reading():
            rows = fresh_table(self._locations, "locations").all()
        try:
            return {str(r["outcode"]): (float(r["latitude"]), float(r["longitude"])) for r in rows}
        except (KeyError, TypeError, ValueError) as exc:
            path = self.path / LOCATIONS_FILE
            raise self._unreadable(path, "a location row is invalid") from exc

    def replace_locations(self, locations: dict[str, tuple[float, float]]) -> None:
        rows = [
            {"outcode": code, "latitude": lat, "longitude": lon}
            for code, (lat, lon) in sorted(locations.items())
        ]
        with self._locked():
            table = fresh_table(self._locations, "locations")
            with storage_of(self._locations).batch():
                table.truncate()
                table.insert_multiple(rows)

    def staff(self) -> list[StaffMember]:
        from fama.models import StaffMember

        return self._load_all(self._staff, "staff", StaffMember)

    def staff_member(self, staff_id: str) -> StaffMember | None:
        from fama.models import StaffMember

        found: StaffMember | None = self._one(self._staff, "staff", "id", staff_id, StaffMember)
        return found

    def save_staff(self, member: StaffMember) -> None:
        with self._locked():
            table = fresh_table(self._staff, "staff")
            with storage_of(self._staff).batch():
                table.upsert(as_json(member), where("id", member.id))

    def change_staff(
        self, staff_id: str, change: Callable[[StaffMember | None], StaffMember]
    ) -> StaffMember:
        with self._locked():
            changed = change(self.staff_member(staff_id))
            same_key(staff_id, changed.id, "staff member")
            table = fresh_table(self._staff, "staff")
            with storage_of(self._staff).batch():
                table.upsert(as_json(changed), where("id", staff_id))
        return changed

    def contacts(self) -> list[Contact]:
        from fama.models import Contact

        return self._load_all(self._contacts, "contacts", Contact)

    def change_contacts(self, change: Callable[[list[Contact]], list[Contact]]) -> list[Contact]:
        with self._locked():
            contacts = unique_contacts(change(self.contacts()))
            table = fresh_table(self._contacts, "contacts")
            with storage_of(self._contacts).batch():
                table.truncate()
                table.insert_multiple(as_json(c) for c in contacts)
        return contacts

    def visits(self) -> list[Visit]:
        from fama.models import Visit

        return self._load_all(self._contacts, "visits", Visit)

    def save_visit(self, visit: Visit) -> None:
        with self._locked():
            table = fresh_table(self._contacts, "visits")
            with storage_of(self._contacts).batch():
                table.upsert(as_json(visit), where("id", visit.id))

    def assessments(self) -> list[Assessment]:
        from fama.assessment.model import Assessment

        return self._load_all(self._assessments, "assessments", Assessment)

    def save_assessment(self, assessment: Assessment) -> None:
        with self._locked():
            table = fresh_table(self._assessments, "assessments")
            with storage_of(self._assessments).batch():
                table.upsert(as_json(assessment), where("id", assessment.id))

    def change_assessment(
        self,
        service: str,
        period_start: date,
        period_end: date,
        change: Callable[[Assessment | None], Assessment],
    ) -> Assessment:
        from fama.assessment.model import find_assessment

        with self._locked():
            kept = find_assessment(self.assessments(), service, period_start, period_end)
            changed = change(kept)
            if not changed.covers(service, period_start, period_end):
                raise ValueError("A change to an assessment moved it to another service or period.")
            table = fresh_table(self._assessments, "assessments")
            with storage_of(self._assessments).batch():
                if kept is not None and kept.id != changed.id:
                    table.remove(where("id", kept.id))
                table.upsert(as_json(changed), where("id", changed.id))
        return changed
