"""Who is using fama, and what they may do.

On a service's database every person connects as their own login, and the staff list maps
that login to a staff member and their access (keyworker, lead, report), which the database
enforces. On a folder store the person is the computer's login, or ``FAMA_USER`` on a
shared demo machine; the folder is theirs, so nothing is enforced there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fama.casebook.login import computer_login

if TYPE_CHECKING:
    from fama.models import StaffMember
    from fama.store.base import Store


@dataclass(frozen=True)
class Identity:
    """The person using fama, as the store knows them."""

    login: str
    """The login they connected as (database), or their computer login / ``FAMA_USER``."""
    member: StaffMember | None
    """The staff member that login is mapped to, if any."""
    on_database: bool

    @property
    def user(self) -> str:
        """What "recorded by", "rated by" and "flagged by" say: the staff id, else the login."""
        return self.member.id if self.member is not None else self.login

    def describe(self) -> str:
        """One line for ``fama whoami``."""
        if self.member is not None:
            who = f"{self.member.name} ({self.member.id}), {self.member.access.value}"
        elif self.on_database:
            who = f"{self.login}, who is not on the staff list (a lead adds them: fama staff add)"
        else:
            who = self.login
        how = "database login" if self.on_database else "login"
        return f"You are {who}; {how} {self.login}."


def find_member(staff: list[StaffMember], login: str) -> StaffMember | None:
    """The staff member a login is mapped to: by their recorded login, else (a folder store's
    ``FAMA_USER`` holds initials) by their id."""
    wanted = login.strip().lower()
    for member in staff:
        if member.login == wanted:
            return member
    for member in staff:
        if member.id == login.strip().upper():
            return member
    return None


def identify(store: Store) -> Identity:
    """Who is using ``store``: its own login if it has one (a database), else the computer's."""
    database_login = store.login()
    login = database_login if database_login is not None else computer_login()
    return Identity(login, find_member(store.staff(), login), database_login is not None)
