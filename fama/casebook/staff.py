"""The casebook's staff list: ``book.staff``.

Staff records are the evidence for the PHE self-assessment items 3.5 and 3.6 (staff who
have sat in on mutual aid meetings, for insight) and 4.3 (the training register: FAMA,
12-step facilitation, SMART facilitation). "My month" counts, per keyworker, the clients
introduced, given a goal, followed up and who went (rules in :mod:`fama.staff.my_month`).

Every change is a function of the member as stored now, applied inside the store's lock
(``Store.change_staff``): it checks the member and returns the changed one, saved once, so
two people recording training for the same member at once both keep theirs, and a refused
change saves nothing. Like the casebook, this module loads pydantic only inside the methods that
need it, so opening the caseload stays fast.

``my_month`` reads every client record (a file each), so its time grows with the caseload
and the records per client; the Staff screen runs it in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from fama.audit import Action
from fama.casebook.part import Part
from fama.errors import StaffNotFound

if TYPE_CHECKING:
    from fama.models import InsightVisit, OrgCode, StaffMember, Training, TrainingKind
    from fama.staff.form import StaffForm
    from fama.staff.my_month import MonthFigures


__all__ = ["NOTE_MAX", "StaffNotFound", "StaffService"]

NOTE_MAX = 500


class StaffService(Part):
    """The staff list, training, insight visits and My month: ``book.staff``."""

    # Reading ------------------------------------------------------------------------------
    def members(self) -> list[StaffMember]:
        """Everyone on the staff list (active or not), by id."""
        return sorted(self.store.staff(), key=lambda m: m.id)

    def current(self, day: date | None = None) -> list[StaffMember]:
        """Who works here on ``day`` (default today), by id: today's lists and choices."""
        when = day or self.clock.today()
        return [m for m in self.members() if m.on_staff(when)]

    def member(self, staff_id: str) -> StaffMember:
        """One staff member; raises ``StaffNotFound``."""
        wanted = staff_id.strip().upper()
        member = self.store.staff_member(wanted) if wanted else None
        if member is None:
            raise StaffNotFound(wanted or staff_id)
        return member

    def ids(self) -> set[str] | None:
        """Who may be a client's keyworker: the staff list today (None when the service
        keeps no staff list, as for one keyworker on their own)."""
        staff = self.store.staff()
        if not staff:
            return None
        return {m.id for m in staff if m.on_staff(self.today)}

    # Changing -----------------------------------------------------------------------------
    def save(self, form: StaffForm, editing: str | None = None) -> StaffMember:
        """Add a staff member (``editing`` None) or change one's name, role, login or access.

        A login is one person's: one already mapped to someone else is refused. On a
        service's database the login is made a member of its access's group role first
        (the database then enforces it), which needs a lead's rights.

        Raises ``FormErrors`` (one message per field; nothing saved), ``StaffNotFound``, or
        a ``StoreError`` when the database refuses the grant.
        """
        from fama.clients.form import FormErrors
        from fama.staff.form import build_staff_member

        staff = self.store.staff()
        if editing is not None:
            draft = build_staff_member(form, existing_ids=set(), original=self.member(editing))
        else:
            draft = build_staff_member(form, existing_ids={m.id for m in staff})
        taken = [m.id for m in staff if draft.login and m.login == draft.login and m.id != draft.id]
        if taken:
            raise FormErrors({"login": f"The login {draft.login} is already {taken[0]}'s."})
        if draft.login:
            self.store.grant_access(draft.login, draft.access)
        if editing is not None:
            return self._change(
                editing, lambda m: build_staff_member(form, existing_ids=set(), original=m)
            )
        member = draft

        def add(current: StaffMember | None) -> StaffMember:
            if current is not None:  # added by someone else since the list was read
                raise FormErrors(
                    {"id": f"The id {member.id} is already in use; ids must be unique."}
                )
            return member

        saved = self.store.change_staff(member.id, add)
        self.audit(Action.CHANGE, f"staff member {saved.id} kept")
        return saved

    def mark_left(self, staff_id: str, left_on: date | None) -> StaffMember:
        """Record the last day ``staff_id`` worked here (None: they are back, or never left).

        They stay on the list, counted in the figures of the periods they worked, and drop
        out of today's lists after that day. Raises ``DateTextError`` (one sentence: more
        than a year ahead) or ``StaffNotFound``; nothing is saved then.
        """
        from fama.staff.form import within_a_year

        if left_on is not None:
            within_a_year(left_on, self.clock.today(), "A leaving date")
        return self._change(staff_id, lambda m: _validated(m, left_on=left_on))

    def add_training(self, staff_id: str, kind: TrainingKind | str, completed: date) -> StaffMember:
        """Record training completed on ``completed`` (not in the future).

        Raises ``ValueError`` (one sentence: an unknown kind, a future date) or
        ``StaffNotFound``; nothing is saved then.
        """
        from fama.models import Training, TrainingKind
        from fama.staff.form import not_future

        try:
            chosen = TrainingKind(kind)
        except ValueError:
            names = ", ".join(k.value for k in TrainingKind)
            raise ValueError(f"Unknown training {kind!r}; choose one of: {names}.") from None
        not_future(completed, self.clock.today(), "A training date")
        added = Training(kind=chosen, completed=completed)

        def change(member: StaffMember) -> StaffMember:
            training = sorted([*member.training, added], key=lambda t: t.completed)
            return _validated(member, training=training)

        return self._change(staff_id, change)

    def remove_training(self, staff_id: str, which: Training | int) -> StaffMember:
        """Remove a training entry: the one shown (``Training``), found in the record as it
        is now, so another writer's change meanwhile cannot make it remove a different one;
        or the one at an index of ``StaffMember.training`` as stored now (scripts, tests)."""

        def change(member: StaffMember) -> StaffMember:
            index = _position(member.training, which, member.id, "training")
            kept = [t for i, t in enumerate(member.training) if i != index]
            return _validated(member, training=kept)

        return self._change(staff_id, change)

    def add_insight_visit(
        self, staff_id: str, when: date, organisation: OrgCode | str, note: str = ""
    ) -> StaffMember:
        """Record a meeting sat in on for insight (self-assessment 3.5/3.6).

        Raises ``ValueError`` (one sentence: a future date, an unknown organisation, a note
        too long) or ``StaffNotFound``; nothing is saved then.
        """
        from fama.models import ORGANISATIONS, InsightVisit, OrgCode
        from fama.staff.form import not_future

        try:
            org = OrgCode(organisation)
        except ValueError:
            codes = ", ".join(c.value for c in ORGANISATIONS)
            raise ValueError(
                f"Unknown organisation {organisation!r}; choose one of: {codes}."
            ) from None
        not_future(when, self.clock.today(), "A visit date")
        text = note.strip()
        if len(text) > NOTE_MAX:
            raise ValueError(f"A note is at most {NOTE_MAX} characters; this one is {len(text)}.")
        visit = InsightVisit(date=when, organisation=org, note=text)

        def change(member: StaffMember) -> StaffMember:
            visits = sorted([*member.insight_visits, visit], key=lambda v: v.date)
            return _validated(member, insight_visits=visits)

        return self._change(staff_id, change)

    def remove_insight_visit(self, staff_id: str, which: InsightVisit | int) -> StaffMember:
        """Remove an insight visit: the one shown (``InsightVisit``), found in the record as
        it is now, or the one at an index of ``StaffMember.insight_visits`` as stored now."""

        def change(member: StaffMember) -> StaffMember:
            index = _position(member.insight_visits, which, member.id, "insight visit")
            kept = [v for i, v in enumerate(member.insight_visits) if i != index]
            return _validated(member, insight_visits=kept)

        return self._change(staff_id, change)

    def _change(self, staff_id: str, change: Callable[[StaffMember], StaffMember]) -> StaffMember:
        """Apply ``change`` to the member as stored now, inside the store's lock; raises
        ``StaffNotFound`` (nothing saved) if there is no such member."""
        wanted = staff_id.strip().upper()

        def existing(member: StaffMember | None) -> StaffMember:
            if member is None:
                raise StaffNotFound(wanted or staff_id)
            return change(member)

        saved = self.store.change_staff(wanted, existing)
        self.audit(Action.CHANGE, f"staff member {saved.id} changed")
        return saved

    # My month -----------------------------------------------------------------------------
    def my_month(self, year: int, month: int) -> dict[str, MonthFigures]:
        """Every keyworker's figures for the month: each staff member who worked in it (zeros
        if nothing happened) and anyone else who recorded something. Reads every client
        record."""
        from fama.staff.my_month import MonthFigures, check_month, month_figures

        check_month(year, month)
        records = (self.store.load_client(s.code) for s in self.store.client_summaries())
        figures = month_figures(records, year, month)
        first = date(year, month, 1)
        for member in self.store.staff():
            if member.worked_during(first):
                figures.setdefault(member.id, MonthFigures(member.id, (year, month)))
        return dict(sorted(figures.items()))


def _validated(member: StaffMember, **changes: object) -> StaffMember:
    """The member with ``changes``, validated in full (a bad change raises, saving nothing)."""
    from fama.models import StaffMember

    return StaffMember.model_validate({**member.model_dump(), **changes})


def _position(entries: Sequence[object], which: object, member_id: str, what: str) -> int:
    """Where ``which`` (an entry as shown, or an index) is in ``entries`` as stored now;
    ``ValueError`` (one sentence, nothing removed) when it is not there."""
    if isinstance(which, int):
        if not 0 <= which < len(entries):
            raise ValueError(f"{member_id} has no {what} number {which + 1} to remove.")
        return which
    for index, entry in enumerate(entries):
        if entry == which:
            return index
    raise ValueError(
        f"That {what} is no longer on {member_id}'s record (changed since it was shown): "
        "nothing was removed."
    )
