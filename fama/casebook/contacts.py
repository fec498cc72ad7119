"""The casebook's contacts register: ``book.contacts`` (issue 17).

Team leads keep the local people who link clients to meetings (fellowship public
information and hospitals-and-institutions volunteers, SMART facilitators, the service's
peer mentors and recovery champions) and record the visits fellowship members make to talk
to clients or staff. Every change goes through ``Store.change_contacts`` (read, change and
save under the store's lock), so an import is all or nothing and an edit made by someone
else meanwhile is kept. The audit trail names the entry changed, never its details.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from fama.audit import Action
from fama.casebook.part import Part

if TYPE_CHECKING:
    from fama.models import Contact, Visit

__all__ = ["CSV_COLUMNS", "ContactError", "ContactImportError", "ContactsService", "Listed"]

CSV_COLUMNS = (
    "organisation",
    "name",
    "role",
    "position",
    "phone",
    "email",
    "when",
    "covers",
    "consent",
    "last_checked",
)
"""The columns an import reads (a header row names them; order and case are free, and any
but ``organisation`` may be left out)."""

_YES = {"yes", "y", "true", "1", "agreed"}
_NO = {"", "no", "n", "false", "0"}


class ContactError(ValueError):
    """A contact or visit refused: one sentence saying what to put right; nothing saved."""


class ContactImportError(ContactError):
    """An import refused: one sentence per bad row; nothing saved."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Listed:
    """One entry as the register shows it: the contact and whether it is past its check."""

    contact: Contact
    stale: bool


def _sentence(exc: Exception) -> str:
    """One plain sentence from a validation error (its first problem)."""
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        message = str(first.get("msg", "")).removeprefix("Value error, ")
        where = ".".join(str(p) for p in first.get("loc", ()) if not isinstance(p, int))
        if first.get("type") != "value_error" and where:
            return f"{where.replace('_', ' ').capitalize()}: {message.lower()}."
        return message
    return str(exc)


class ContactsService(Part):
    """The contacts register and fellowship visits: ``book.contacts``."""

    # Reading ------------------------------------------------------------------------------
    def listing(self) -> list[Listed]:
        """Everyone in the register, by organisation then name, each marked stale or not."""
        today = self.today
        contacts = sorted(
            self.store.contacts(), key=lambda c: (c.organisation.value, c.called.casefold())
        )
        return [Listed(c, c.stale(today)) for c in contacts]

    def contact(self, contact_id: str) -> Contact:
        """One entry by id; ``ContactError`` if there is none."""
        for c in self.store.contacts():
            if c.id == contact_id.strip():
                return c
        raise ContactError(f"There is no contact {contact_id.strip()!r} in the register.")

    def visits(self) -> list[Visit]:
        """Every visit recorded, newest first."""
        return sorted(self.store.visits(), key=lambda v: (v.date, v.id), reverse=True)

    # Changing -----------------------------------------------------------------------------
    def add(self, fields: Mapping[str, Any]) -> Contact:
        """Add a contact from what a person typed (``organisation``, ``name``, ``role``,
        ``position``, ``phone``, ``email``, ``when``, ``covers``, ``consent``,
        ``last_checked``: default today). Raises ``ContactError``; nothing saved then."""
        contact = self._build(fields, self._meeting_ids())
        self.store.change_contacts(lambda kept: [*kept, contact])
        self.audit(Action.CHANGE, f"contact {contact.id} kept")
        return contact

    def edit(self, contact_id: str, fields: Mapping[str, Any]) -> Contact:
        """Change only the fields given (the others stay as stored now). ``checked`` true
        marks the details confirmed today. Raises ``ContactError``; nothing saved then."""
        wanted = contact_id.strip()
        meeting_ids = self._meeting_ids()
        found: list[Contact] = []

        def change(kept: list[Contact]) -> list[Contact]:
            for i, current in enumerate(kept):
                if current.id == wanted:
                    merged = self._merge(current, fields)
                    changed = self._build(merged, meeting_ids, contact_id=wanted)
                    found.append(changed)
                    return [*kept[:i], changed, *kept[i + 1 :]]
            raise ContactError(f"There is no contact {wanted!r} in the register.")

        self.store.change_contacts(change)
        self.audit(Action.CHANGE, f"contact {wanted} kept")
        return found[0]

    def import_csv(self, text: str) -> list[Contact]:
        """Add every row of a CSV file (a header row first; see ``CSV_COLUMNS``), or none:
        a bad row refuses the whole file with one sentence per bad row."""
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in reader.fieldnames or []]
        unknown = [h for h in header if h not in CSV_COLUMNS]
        if "organisation" not in header:
            raise ContactImportError(
                ["The file needs a header row with an organisation column; nothing was saved."]
            )
        if unknown:
            raise ContactImportError(
                [f"Unknown column {unknown[0]!r}: use {', '.join(CSV_COLUMNS)}; nothing saved."]
            )
        meeting_ids = self._meeting_ids()
        added: list[Contact] = []
        problems: list[str] = []
        for number, row in enumerate(reader, start=2):
            fields = {k.strip().lower(): (v or "") for k, v in row.items() if k is not None}
            if not any(v.strip() for v in fields.values()):
                continue
            try:
                added.append(self._build(fields, meeting_ids))
            except ContactError as exc:
                problems.append(f"Row {number}: {exc}")
        if problems:
            raise ContactImportError(problems)
        if not added:
            raise ContactImportError(["The file has no contacts in it; nothing was saved."])
        self.store.change_contacts(lambda kept: [*kept, *added])
        self.audit(Action.CHANGE, f"contacts imported ({len(added)} kept)")
        return added

    def record_visit(
        self, when: date | None, organisation: str, to_whom: str, note: str = ""
    ) -> Visit:
        """Record a fellowship member's visit to talk to clients or staff (on ``when``,
        default today; never in the future). Raises ``ContactError``; nothing saved then."""
        from pydantic import ValidationError

        from fama.models import Visit, VisitAudience
        from fama.models.contact import parse_contact_org
        from fama.staff.form import not_future

        try:
            day = not_future(when or self.today, self.today, "A visit date")
            org = parse_contact_org(organisation)
            audience = VisitAudience(to_whom.strip().lower())
        except ValueError as exc:
            if "VisitAudience" in str(exc) or "is not a valid" in str(exc):
                raise ContactError("Say whom the visit was for: clients or staff.") from None
            raise ContactError(_sentence(exc)) from None
        try:
            visit = Visit(date=day, organisation=org, to_whom=audience, note=note.strip())
        except ValidationError as exc:
            raise ContactError(_sentence(exc)) from None
        self.store.save_visit(visit)
        self.audit(Action.CHANGE, f"visit {visit.id} kept")
        return visit

    # Building -----------------------------------------------------------------------------
    def _meeting_ids(self) -> set[str]:
        return {m.id for m in self.store.meetings()}

    @staticmethod
    def _merge(current: Contact, fields: Mapping[str, Any]) -> dict[str, Any]:
        """The contact as typed fields: the stored ones, with those given put over them."""
        merged: dict[str, Any] = {
            "organisation": current.organisation.value,
            "name": current.name,
            "role": current.role,
            "position": current.position.value,
            "phone": current.phone,
            "email": current.email,
            "when": current.when,
            "covers": [*current.meetings, *current.areas],
            "consent": current.consent,
            "last_checked": current.last_checked,
        }
        merged.update({k: v for k, v in fields.items() if v is not None and k != "checked"})
        if fields.get("checked"):
            merged["last_checked"] = None  # confirmed today
        return merged

    def _build(
        self, fields: Mapping[str, Any], meeting_ids: set[str], contact_id: str | None = None
    ) -> Contact:
        """A validated contact from typed fields; ``ContactError`` (one sentence) if not."""
        from pydantic import ValidationError

        from fama.models import Contact
        from fama.models.client import normalise_district
        from fama.models.contact import Position, parse_contact_org, parse_position

        try:
            org = parse_contact_org(str(fields.get("organisation") or ""))
            position_text = str(fields.get("position") or "").strip()
            position = parse_position(position_text) if position_text else Position.OTHER
            meetings, areas = [], []
            for item in _covers(fields.get("covers")):
                if item in meeting_ids:
                    meetings.append(item)
                    continue
                try:
                    areas.append(normalise_district(item))
                except ValueError:
                    raise ContactError(
                        f"{item!r} is neither a meeting in the directory nor a postcode "
                        "district (such as SE1)."
                    ) from None
            consent = _consent(fields.get("consent"))
            checked = _day(fields.get("last_checked")) or self.today
            values: dict[str, Any] = {
                "organisation": org,
                "name": str(fields.get("name") or ""),
                "role": str(fields.get("role") or ""),
                "position": position,
                "phone": str(fields.get("phone") or ""),
                "email": str(fields.get("email") or ""),
                "when": str(fields.get("when") or ""),
                "meetings": meetings,
                "areas": areas,
                "consent": consent,
                "last_checked": checked,
            }
            if contact_id is not None:
                values["id"] = contact_id
            if checked > self.today:
                raise ContactError("A contact cannot have been checked in the future.")
            return Contact.model_validate(values)
        except ContactError:
            raise
        except (ValidationError, ValueError) as exc:
            raise ContactError(_sentence(exc)) from None


def _covers(value: object) -> list[str]:
    """Meeting ids and districts given as a list, or as text split on ``;``, ``,`` or spaces."""
    if value is None:
        return []
    items: Iterable[object] = value if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for item in items:
        out.extend(p for p in str(item).replace(";", " ").replace(",", " ").split() if p)
    return out


def _consent(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ContactError(f"Consent must be yes or no, not {text!r}.")


def _day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ContactError(f"{text!r} is not a date (write it as 2026-06-01).") from None
