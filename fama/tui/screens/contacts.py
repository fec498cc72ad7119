"""The Contacts screen: the register a team lead keeps of the local people who link clients
to meetings (issue 17), stale entries marked, and the visits fellowship members made.

A table of entries and, under it, the highlighted entry in full. N adds someone who agreed
to be listed, E changes the highlighted entry, V records a visit. Everything typed is shown
with markup off (rich ``Text`` cells, ``Static(markup=False)``).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from fama.casebook.contacts import Listed
from fama.errors import StoreError
from fama.tui.screens.base import FamaScreen
from fama.tui.screens.dialogs.contact_dialogs import ContactModal, VisitModal
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.tables import move_to_key, selected_key
from fama.tui.widgets.title_bar import TitleBar


def _day(listed: Listed) -> str:
    return f"{listed.contact.last_checked:%d/%m/%y}"


class ContactsScreen(FamaScreen):
    """The contacts register and the count of fellowship visits."""

    TITLE = "Contacts"
    CSS_PATH = "contacts.tcss"
    AUTO_FOCUS = "#contacts-table"
    HELP_PAGE = "contacts"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="contacts.back"),
        Binding("n", "add_contact", "New", id="contacts.add-contact"),
        Binding("e", "edit_contact", "Edit", id="contacts.edit-contact"),
        Binding("v", "add_visit", "Visit", id="contacts.add-visit"),
    ]

    PALETTE: ClassVar[dict[str, tuple[str, str]]] = {
        "contacts.add-contact": ("New contact", "Someone who agreed to be listed"),
        "contacts.edit-contact": ("Edit contact", "Change the highlighted entry"),
        "contacts.add-visit": ("Record a visit", "A fellowship member came to talk"),
        "contacts.back": ("Back", "Leave the contacts screen"),
    }
    """The bindings the command palette offers, in its words (see fama.tui.palette)."""

    def __init__(self) -> None:
        super().__init__()
        self.listing: list[Listed] = []
        self.by_id: dict[str, Listed] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        table: DataTable[Text] = DataTable(
            id="contacts-table", cursor_type="row", zebra_stripes=True
        )
        table.add_column(Text("Org"), key="organisation", width=10)
        table.add_column(Text("Who"), key="who", width=15)
        table.add_column(Text("Position"), key="position", width=17)
        table.add_column(Text("Phone"), key="phone", width=14)
        table.add_column(Text("Checked"), key="checked", width=10)
        yield table
        yield Static("", id="contacts-empty", markup=False)
        yield Static("", id="contact-details", markup=False)
        yield FamaFooter()

    def on_mount(self) -> None:
        self.reload()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#contacts-table", DataTable)

    def reload(self, select: str | None = None) -> None:
        """Read the register again and redraw, keeping (or moving to) ``select``."""
        keep = select or selected_key(self.table)
        try:
            self.listing = self.casebook.contacts.listing()
            visits = self.casebook.contacts.visits()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.by_id = {x.contact.id: x for x in self.listing}
        table = self.table
        old_row = table.cursor_row
        table.clear()
        for x in self.listing:
            c = x.contact
            checked = Text(_day(x) + (" !" if x.stale else ""))
            if x.stale:
                checked.stylize("bold")
            table.add_row(
                Text(c.organisation.value, no_wrap=True, overflow="ellipsis"),
                Text(c.called, no_wrap=True, overflow="ellipsis"),
                Text(c.position.value, no_wrap=True, overflow="ellipsis"),
                Text(c.phone or "email only", no_wrap=True, overflow="ellipsis"),
                checked,
                key=c.id,
            )
        stale = sum(1 for x in self.listing if x.stale)
        self.sub_title = (
            f"{len(self.listing)} listed · {stale} to check · {len(visits)} "
            f"visit{'s' if len(visits) != 1 else ''} recorded"
        )
        empty = self.query_one("#contacts-empty", Static)
        empty.update("Nobody listed yet. Press n to add someone who agreed to be.")
        empty.display = not self.listing
        if (keep is None or not move_to_key(table, keep)) and table.row_count:
            table.move_cursor(row=min(max(old_row, 0), table.row_count - 1))
        self.show_contact()

    def selected(self) -> Listed | None:
        key = selected_key(self.table)
        return self.by_id.get(key) if key else None

    def show_contact(self) -> None:
        """The highlighted entry in full, under the table."""
        details = self.query_one("#contact-details", Static)
        x = self.selected()
        if x is None:
            details.update("")
            details.display = False
            return
        c = x.contact
        text = Text()
        text.append(f"{c.called}", style="bold")
        text.append(f" · {c.organisation.value} · {c.position.value}\n")
        reach = " · ".join(p for p in (c.phone, c.email) if p)
        text.append(f"Reach: {reach}")
        if c.when:
            text.append(f" · {c.when}")
        covers = " ".join([*c.meetings, *c.areas]) or "nothing given"
        text.append(f"\nCovers: {covers}\n")
        if x.stale:
            text.append(
                f"Stale: last checked {c.last_checked:%d %b %Y}; check the details and press e.",
                style="bold",
            )
        else:
            text.append(f"Checked {c.last_checked:%d %b %Y}; check by {c.check_by:%d %b %Y}.")
        details.update(text)
        details.display = True

    @on(DataTable.RowHighlighted, "#contacts-table")
    def _highlighted(self) -> None:
        self.show_contact()

    # Actions --------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss(None)

    def _after(self, saved: object) -> None:
        if isinstance(saved, str):
            self.reload(select=saved)

    def action_add_contact(self) -> None:
        self.app.push_screen(ContactModal(), self._after)

    def action_edit_contact(self) -> None:
        x = self.selected()
        if x is None:
            self.notify("Add or highlight a contact to edit first.", severity="warning")
            return
        self.app.push_screen(ContactModal(x.contact), self._after)

    def action_add_visit(self) -> None:
        self.app.push_screen(VisitModal(), self._after)
