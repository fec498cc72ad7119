"""Turning what a keyworker typed into a valid client, with one plain message per field.

Pure domain logic: the form screen and the tests call :func:`build_client`; the screen only
shows the messages it gets back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pydantic import ValidationError

from fama.models import Client, Substance, normalise_client_code, normalise_district
from fama.text.dates import DateTextError, Toward, parse_day

EARLIEST_EPISODE = date(1990, 1, 1)
FURTHEST_REVIEW = timedelta(days=366)
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")


class FormErrors(Exception):
    """Messages keyed by field name; the screen shows each beside its field."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def parse_date(text: str, today: date, toward: Toward = "future") -> date | None:
    """A date as typed in the client form: ISO (2026-11-24), UK (24/11/2026, 24-11-2026) or
    the quick forms the conversation takes (``today``, ``+7``, ``fri``, ``1/12``, read as
    :func:`fama.text.dates.parse_day` reads them, looking ``toward`` the past or the future).
    Blank is None; anything else raises ``ValueError`` with one sentence."""
    text = text.strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return parse_day(text, today, toward=toward)
    except DateTextError:
        raise ValueError(
            "Enter a date as 24/11/2026 or 2026-11-24, or the quick way: today, +7, fri, 1/12."
        ) from None


def parse_substances(text: str) -> list[Substance]:
    """'alcohol, crack' -> [ALCOHOL, CRACK]; unknown words raise ``ValueError`` naming them."""
    words = [w.strip().lower() for w in re.split(r"[,;/]+", text) if w.strip()]
    known = {s.value: s for s in Substance}
    unknown = [w for w in words if w not in known]
    if unknown:
        raise ValueError(f"Unknown substance {unknown[0]!r}; use any of: {', '.join(known)}.")
    return list(dict.fromkeys(known[w] for w in words))


class EditConflict(FormErrors):
    """Someone else changed a field this person also changed, since they opened the form:
    nothing was saved, and each message says both values so neither is lost."""


FORM_FIELDS = (
    "keyworker",
    "postcode_district",
    "substances",
    "episode_start",
    "next_review",
    "for_family",
)
"""The fields a keyworker edits (the code is fixed once a client exists)."""


@dataclass
class ClientForm:
    """The raw text of the add/edit client form."""

    code: str = ""
    keyworker: str = ""
    postcode_district: str = ""
    substances: str = ""
    episode_start: str = ""
    next_review: str = ""
    for_family: bool = False
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_client(cls, client: Client) -> ClientForm:
        return cls(
            code=client.code,
            keyworker=client.keyworker,
            postcode_district=client.postcode_district,
            substances=", ".join(s.value for s in client.substances),
            episode_start=client.episode_start.strftime("%d/%m/%Y"),
            next_review=client.next_review.strftime("%d/%m/%Y") if client.next_review else "",
            for_family=client.for_family,
        )

    def changed_from(self, started: ClientForm) -> list[str]:
        """The fields this person changed, against the form as they opened it."""
        return [
            name
            for name in FORM_FIELDS
            if _same(name, getattr(self, name)) != _same(name, getattr(started, name))
        ]


def _same(name: str, value: object) -> object:
    """A field's value for comparing: text without the spaces and case typing adds."""
    if isinstance(value, str):
        return " ".join(value.split()).upper() if name != "substances" else value.strip()
    return value


def merge_edit(
    started: ClientForm, edited: ClientForm, current: ClientForm, changed_by: str = ""
) -> ClientForm:
    """What to save after an edit made across think-time: the fields this person changed,
    laid onto the record as it is now, so a change someone else saved meanwhile is kept.

    Raises ``EditConflict`` when someone else changed one of the same fields to something
    else; the message beside the field says who (``changed_by``: "KK at 14:32") and gives
    both values."""
    changed = edited.changed_from(started)
    who = changed_by or "someone else"
    conflicts = {
        name: (
            f"Changed by {who} since you opened it: now "
            f"{_shown(getattr(current, name))}; yours {_shown(getattr(edited, name))}. "
            f"Type the one to keep and save again."
        )
        for name in changed
        if _same(name, getattr(current, name))
        not in {
            _same(name, getattr(started, name)),
            _same(name, getattr(edited, name)),
        }
    }
    if conflicts:
        raise EditConflict(conflicts)
    merged = ClientForm(**{name: getattr(current, name) for name in ("code", *FORM_FIELDS)})
    for name in changed:
        setattr(merged, name, getattr(edited, name))
    return merged


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "ticked" if value else "not ticked"
    return f"“{value}”" if value else "blank"


def build_client(
    form: ClientForm,
    *,
    today: date,
    existing_codes: set[str],
    original: Client | None = None,
    staff: set[str] | None = None,
) -> Client:
    """Validate the form and return the client to save, or raise ``FormErrors``.

    ``original`` is the client being edited: its code may stay, and a review date that was
    already in the past may be kept, but a *new* review date must not be in the past.
    ``staff`` is who may be a keyworker (None: any initials, for a service that keeps no
    staff list); a client's existing keyworker may stay after they leave.
    """
    errors: dict[str, str] = {}

    def check(name: str, fn: object) -> object:
        try:
            return fn()  # type: ignore[operator]
        except ValueError as exc:
            errors[name] = str(exc)
            return None

    code = check("code", lambda: normalise_client_code(form.code))
    if (
        isinstance(code, str)
        and code in existing_codes
        and (original is None or code != original.code)
    ):
        errors["code"] = f"The code {code} is already in use; client codes must be unique."
    keyworker = form.keyworker.strip().upper()
    if not keyworker:
        errors["keyworker"] = "Enter the keyworker's initials."
    elif (
        staff is not None
        and keyworker not in staff
        and (original is None or keyworker != original.keyworker)
    ):
        listed = ", ".join(sorted(staff))
        errors["keyworker"] = (
            f"{keyworker} is not on the staff list ({listed}); add them on the Staff screen first."
        )
    district = check("postcode_district", lambda: normalise_district(form.postcode_district))
    substances = check("substances", lambda: parse_substances(form.substances))

    episode_start = check("episode_start", lambda: parse_date(form.episode_start, today, "past"))
    if "episode_start" not in errors:
        if episode_start is None:
            errors["episode_start"] = "Enter the date this treatment episode started."
        elif isinstance(episode_start, date) and episode_start > today:
            errors["episode_start"] = "The episode start cannot be in the future."
        elif isinstance(episode_start, date) and episode_start < EARLIEST_EPISODE:
            errors["episode_start"] = "That episode start is too long ago; check the year."

    next_review = check("next_review", lambda: parse_date(form.next_review, today))
    if isinstance(next_review, date):
        unchanged = original is not None and original.next_review == next_review
        if next_review < today and not unchanged:
            errors["next_review"] = "A new review date cannot be in the past."
        elif next_review > today + FURTHEST_REVIEW:
            errors["next_review"] = "A review date more than a year ahead looks wrong; check it."
        elif isinstance(episode_start, date) and next_review < episode_start:
            errors["next_review"] = "The review cannot be before the episode start."

    if errors:
        raise FormErrors(errors)
    base = original.model_dump() if original else {}
    base.update(
        code=code,
        keyworker=keyworker,
        postcode_district=district,
        substances=substances,
        episode_start=episode_start,
        next_review=next_review,
        for_family=form.for_family,
    )
    try:
        return Client.model_validate(base)
    except ValidationError as exc:  # a rule the checks above missed: still one plain message
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "form"
        raise FormErrors({name: str(first["msg"]).removeprefix("Value error, ")}) from exc
