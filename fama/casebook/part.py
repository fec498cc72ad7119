"""What every part of the casebook works with, and one way to get a result out of a change.

Each sub-service of :class:`fama.casebook.service.Casebook` (clients, conversations,
directory, reviews, staff, assessment, handouts) is a :class:`Part` at the casebook's one
:class:`Desk` (the store, the clock and the user they share), and names any other part it
needs in its constructor, so no part reads attributes it was never given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from fama.audit import Action
    from fama.clock import Clock
    from fama.store import Store

Value = TypeVar("Value")
Result = TypeVar("Result")


@dataclass
class Desk:
    """What the parts of one casebook share: the store, the clock, and who is using fama
    (what "recorded by", "flagged by" and "rated by" say)."""

    store: Store
    clock: Clock
    user: str
    login: str | None = None
    """Who the audit trail names: the database login, or the computer's login (or
    ``FAMA_USER``) on a folder; found on first use."""

    def audit_login(self) -> str:
        if self.login is None:
            from fama.casebook.login import computer_login

            self.login = self.store.login() or computer_login()
        return self.login


class Part:
    """One feature's share of the casebook, working at the casebook's :class:`Desk`."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    @property
    def store(self) -> Store:
        """The store this casebook reads and changes."""
        return self.desk.store

    @property
    def clock(self) -> Clock:
        """The casebook's clock (a fixed one in tests)."""
        return self.desk.clock

    @property
    def user(self) -> str:
        """Who is using fama."""
        return self.desk.user

    def staff_id_or(self, fallback: str) -> str:
        """The staff id of the person using fama when they are on the staff list now (a
        colleague covering records work as themselves), else ``fallback`` (the client's
        keyworker, say, on a shared demo machine)."""
        member = self.store.staff_member(self.user.upper())
        return member.id if member is not None and member.on_staff(self.today) else fallback

    def audit(self, action: Action, what: str, code: str | None = None) -> None:
        """Add to the audit trail that the person using fama did ``action`` (``what`` names
        the screen or change, never client details) to the record of ``code`` (or to the
        store as a whole)."""
        record = self.store.record_id(code) if code is not None else None
        self.store.audit_append(self.desk.audit_login(), action, what, record, self.clock.now())

    @property
    def today(self) -> date:
        """Today, by the casebook's clock."""
        return self.clock.today()


def change_returning(
    apply: Callable[[Callable[[Value], Value]], Value],
    change: Callable[[Value], tuple[Value, Result]],
) -> tuple[Value, Result]:
    """Run a locked change that also works something out, and return both.

    ``apply`` is one of the store's locked changes with its key given (``lambda step:
    store.change_record(code, step)``); ``change`` returns the new value and what it found
    on the way (the outcome of an answer, what a merge added). The store's change functions
    return only the saved value, so the result is carried out here, once, rather than in a
    list each caller appends to.
    """
    found: list[Result] = []

    def step(value: Value) -> Value:
        new, result = change(value)
        found[:] = [result]
        return new

    saved = apply(step)
    return saved, found[0]
