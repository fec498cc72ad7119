"""What a team lead types on the Staff screen, turned into valid records (pure: no UI, no store).

* :func:`build_staff_member`: a new or edited staff member, one plain message per field
  (``FormErrors``, as the client form).
* :func:`parse_left_day`: the last day someone worked here (it may be ahead, by at most a
  year).
* :func:`parse_past_day`: a date something *happened* (training completed, an open meeting
  sat in on), as :func:`fama.text.dates.parse_day` reads it but looking back: ``14/3`` is the
  latest 14 March on or before today and ``fri`` the latest Friday; ``-7`` is a week ago. A date
  after today is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from fama.clients.form import FormErrors
from fama.models.staff import LOGIN_PATTERN, Access, StaffMember
from fama.text.dates import DateTextError, describe_day, parse_day

STAFF_ID_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,11}$")
NAME_MAX = 80
ROLE_MAX = 40
LOGIN_RE = re.compile(LOGIN_PATTERN)
DEFAULT_ROLE = "keyworker"
EARLIEST_DAY = date(1980, 1, 1)
"""Training or a visit before this is a typing slip (a year such as 1026)."""

FURTHEST_AHEAD_DAYS = 366
"""A leaving date is known at most a year ahead; one further away is a typing slip."""
LEFT_HINT = "a date such as 30/11, 2026-11-30, today, fri or +14"

PAST_HINT = (
    "a date such as 2026-03-14 or 14/3, today, yesterday, -7 for a week ago, or a day such as fri"
)


class FutureDate(DateTextError):
    """A date after today where only the past makes sense."""


def not_future(day: date, today: date, what: str) -> date:
    """``day``, or ``FutureDate`` (one sentence) if it is after ``today`` or implausibly old."""
    if day > today:
        raise FutureDate(
            f"{what} cannot be in the future ({describe_day(day, today)}): enter the day it "
            "happened."
        )
    if day < EARLIEST_DAY:
        raise DateTextError(f"{day:%d/%m/%Y} is too long ago for {what.lower()}: check the year.")
    return day


def parse_past_day(text: str, today: date, what: str = "The date") -> date:
    """The past day ``text`` means (``fama.text.dates.parse_day`` looking back: ``1/11`` is the
    latest 1 November, ``fri`` the latest Friday); ``DateTextError`` (one sentence) for
    anything else, or for a day still to come."""
    raw = text.strip()
    if not raw:
        raise DateTextError(f"Enter {PAST_HINT}.")
    try:
        day = parse_day(raw, today, toward="past")
    except DateTextError as error:
        if str(error).startswith("There is no day"):
            raise DateTextError(f"{str(error).split(':')[0]}: enter {PAST_HINT}.") from None
        raise DateTextError(f"“{raw}” is not a date fama understands: enter {PAST_HINT}.") from None
    return not_future(day, today, what)


def within_a_year(day: date, today: date, what: str) -> date:
    """``day``, or ``DateTextError`` (one sentence) if it is more than a year after ``today``
    or implausibly old."""
    if (day - today).days > FURTHEST_AHEAD_DAYS:
        raise DateTextError(f"{what} is more than a year ahead ({day:%d/%m/%Y}): check the year.")
    if day < EARLIEST_DAY:
        raise DateTextError(f"{day:%d/%m/%Y} is too long ago for {what.lower()}: check the year.")
    return day


def parse_left_day(text: str, today: date) -> date:
    """The last day someone worked here, typed as :func:`fama.text.dates.parse_day` reads it
    (the nearest such day: ``fri`` is this week's Friday, ``30/11`` the nearest 30 November);
    it may be ahead (notice given) but not by more than a year."""
    raw = text.strip()
    if not raw:
        raise DateTextError(f"Enter {LEFT_HINT}.")
    try:
        day = parse_day(raw, today, toward="nearest")
    except DateTextError:
        raise DateTextError(f"“{raw}” is not a date fama understands: enter {LEFT_HINT}.") from None
    return within_a_year(day, today, "A leaving date")


# --------------------------------------------------------------------------- staff members


@dataclass
class StaffForm:
    """The raw text of the add/edit staff member form."""

    id: str = ""
    name: str = ""
    role: str = DEFAULT_ROLE
    login: str = ""
    """Their login (a database login on a service's database); blank for none."""
    access: str = Access.KEYWORKER.value

    @classmethod
    def from_member(cls, member: StaffMember) -> StaffForm:
        return cls(
            id=member.id,
            name=member.name,
            role=member.role,
            login=member.login or "",
            access=member.access.value,
        )


def parse_login(raw: str) -> str | None:
    """A login as fama keeps it (lower case; None when blank), or ``ValueError``."""
    login = raw.strip().lower()
    if not login:
        return None
    if not LOGIN_RE.match(login):
        raise ValueError(
            "A login is up to 63 letters, digits, '_', '.' or '-', starting with a letter."
        )
    return login


def parse_access(raw: str) -> Access:
    """keyworker, lead or report, or ``ValueError`` naming them."""
    try:
        return Access(raw.strip().lower())
    except ValueError:
        names = ", ".join(a.value for a in Access)
        raise ValueError(f"{raw.strip()!r} is not one of {names}.") from None


def normalise_staff_id(raw: str) -> str:
    """Upper-case and trim initials, or ``ValueError`` with a plain message."""
    staff_id = raw.strip().upper()
    if not staff_id:
        raise ValueError("Enter the staff member's initials, such as JB.")
    if not STAFF_ID_RE.match(staff_id):
        raise ValueError(
            "An id is 1 to 12 letters, digits, '-' or '_', starting with a letter or digit."
        )
    return staff_id


def build_staff_member(
    form: StaffForm, *, existing_ids: set[str], original: StaffMember | None = None
) -> StaffMember:
    """Validate the form; the member to save, or ``FormErrors`` (one message per field).

    Editing keeps ``original``'s id (it is the keyworker on client records), training,
    insight visits and active flag; only the name and the role change.
    """
    errors: dict[str, str] = {}
    staff_id = original.id if original is not None else ""
    if original is None:
        try:
            staff_id = normalise_staff_id(form.id)
        except ValueError as exc:
            errors["id"] = str(exc)
        else:
            if staff_id in {i.upper() for i in existing_ids}:
                errors["id"] = f"The id {staff_id} is already in use; ids must be unique."
    name = " ".join(form.name.split())
    if not name:
        errors["name"] = "Enter the staff member's name."
    elif len(name) > NAME_MAX:
        errors["name"] = f"A name is at most {NAME_MAX} characters."
    role = " ".join(form.role.split()) or DEFAULT_ROLE
    if len(role) > ROLE_MAX:
        errors["role"] = f"A role is at most {ROLE_MAX} characters."
    login: str | None = None
    access = Access.KEYWORKER
    try:
        login = parse_login(form.login)
    except ValueError as exc:
        errors["login"] = str(exc)
    try:
        access = parse_access(form.access)
    except ValueError as exc:
        errors["access"] = str(exc)
    if errors:
        raise FormErrors(errors)
    fields = {"name": name, "role": role, "login": login, "access": access}
    if original is not None:
        return StaffMember.model_validate({**original.model_dump(), **fields})
    return StaffMember.model_validate({"id": staff_id, **fields})
