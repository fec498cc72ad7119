"""The handout library: find, read, give to the client, print, and show full-screen to the client.

Opened from a client (H), the screen can log a handout as given to that client; opened
from the caseload (F3) it is a plain library. "Show to client" turns the handout into a
full screen with no client details on it, for turning the screen toward the client.

Links between handouts are followed from the keyboard: under the handout, a list of the
handouts it links to (Tab to it, Enter opens one), since a link inside Markdown can only
be clicked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Markdown, OptionList, Static

from fama.errors import StoreError
from fama.tui.screens.base import FamaScreen
from fama.tui.screens.show_to_client import ShowToClientScreen, find_handout, links_list, show_links
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.inputs import NoQuestionInput
from fama.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from fama.handouts.library import Handout, Library


def export_folder() -> Path:
    """Where printed handouts go: the user's documents folder (they hold no client details)."""
    from platformdirs import user_documents_path

    return user_documents_path() / "fama handouts"


LIST_WIDTH = (40, 60)
"""The handout list's narrowest and widest title column."""
READER_ROOM = 58
"""What the reader keeps beside the list: room for about 54 columns of text."""
SIDE_SPARE = 4
"""The side panel's padding and the table's own edges, beside the title column."""


def list_width(screen_width: int, labels: list[str]) -> int:
    """The title column: every title whole where the screen has room beside the reader
    (at 120 columns), else as wide as the narrowest list (titles cut at 80)."""
    longest = max((len(label) for label in labels), default=0) + 1
    room = screen_width - READER_ROOM - SIDE_SPARE
    return max(LIST_WIDTH[0], min(longest, room, LIST_WIDTH[1]))


class HandoutsScreen(FamaScreen):
    """The handout library: read, give to a client, print, or show on screen."""

    AUTO_FOCUS = "#handout-list"
    CSS_PATH = "handouts.tcss"
    HELP_PAGE = "handouts"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="handouts.back"),
        Binding("slash", "search", "Search", id="handouts.search"),
        Binding("s", "show_to_client", "Show to client", id="handouts.show-to-client"),
        Binding("g", "give", "Give to client", id="handouts.give"),
        Binding("p", "print", "Print", id="handouts.print"),
    ]

    PALETTE: ClassVar[dict[str, tuple[str, str]]] = {
        "handouts.show-to-client": ("Show to client", "The handout full-screen"),
        "handouts.give": ("Give to client", "Log it as given to the client"),
        "handouts.print": ("Print handout", "Save a large-type page to print"),
        "handouts.search": ("Search handouts", "Find a handout"),
    }
    """The bindings the command palette offers, in its words (see fama.tui.palette)."""

    def __init__(self, client_code: str | None = None, library: Library | None = None) -> None:
        super().__init__()
        self.client_code = client_code
        self.title = f"Handouts for {client_code}" if client_code else "Handouts"
        self.library = library
        self.current: Handout | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="handouts-body"):
            with Vertical(id="handouts-side"):
                yield NoQuestionInput(placeholder="/ Search handouts", id="handout-search")
                yield DataTable[Text](id="handout-list", cursor_type="row")
                yield Static("", id="handouts-status", markup=False)
            with Vertical(id="handout-right"):
                with VerticalScroll(id="handout-reader"):
                    yield Markdown("", id="handout-text", open_links=False)
                yield links_list("handout-links")
        yield FamaFooter()

    def on_mount(self) -> None:
        from fama.handouts.library import load_library

        if self.library is None:
            self.library = load_library()
        for problem in self.library.problems:
            self.notify(
                f"Skipped {problem.name}: {problem.problem}",
                severity="warning",
                timeout=10,
                markup=False,
            )
        self.show_list("")

    def on_resize(self) -> None:
        if self.library is not None:
            current = self.current.id if self.current else None
            search = self.query_one("#handout-search", Input).value
            self.show_list(search, keep=current)

    # List and reader ---------------------------------------------------------------------------
    def given_ids(self) -> dict[str, str]:
        """For a client: the handouts they have been given, with when (the latest)."""
        if self.client_code is None:
            return {}
        try:
            given = self.casebook.clients.record(self.client_code).handouts
        except StoreError:
            return {}
        latest: dict[str, str] = {}
        for item in sorted(given, key=lambda h: h.given_on):
            latest[item.handout_id] = f"{item.given_on.day} {item.given_on:%b}"
        return latest

    def show_list(self, text: str, keep: str | None = None) -> None:
        """The handouts matching ``text``; for a client, ✓ marks those given, with when."""
        assert self.library is not None
        handouts = self.library.search(text) if text.strip() else list(self.library.handouts)
        given = self.given_ids()
        table = self.query_one("#handout-list", DataTable)
        labels: list[tuple[str, str]] = []
        for handout in handouts:
            mark = " (ours)" if handout.local else ""
            when = given.get(handout.id)
            tick = ("✓ " if when else "  ") if self.client_code else ""
            note = f" · given {when}" if when else ""
            labels.append((handout.id, tick + handout.title + mark + note))
        width = list_width(self.size.width, [label for _, label in labels])
        self.query_one("#handouts-side").styles.width = width + SIDE_SPARE
        table.clear(columns=True)
        table.add_column(Text("Handout"), key="title", width=width)
        for handout_id, label in labels:
            table.add_row(Text(label, overflow="ellipsis", no_wrap=True), key=handout_id)
        if keep is not None and keep in {h.id for h in handouts}:
            table.move_cursor(row=table.get_row_index(keep))
        status = self.query_one("#handouts-status", Static)
        status.update(
            f"{len(handouts)} of {len(self.library.handouts)} handouts"
            if text.strip()
            else f"{len(handouts)} handouts · / searches · S shows to the client"
        )
        if handouts:
            ids = [h.id for h in handouts]
            self.open_handout(keep if keep in ids else ids[0])

    def open_handout(self, handout_id: str) -> None:
        assert self.library is not None
        handout = find_handout(self, self.library, handout_id)
        if handout is None:
            return
        self.current = handout
        self.query_one("#handout-text", Markdown).update(handout.markdown())
        self.query_one("#handout-reader", VerticalScroll).scroll_home(animate=False)
        show_links(self.query_one("#handout-links", OptionList), handout, self.library)

    def follow_link(self, handout_id: str) -> None:
        """Open a linked handout, and move the list to it when it is listed."""
        self.open_handout(handout_id)
        table = self.query_one("#handout-list", DataTable)
        if handout_id in table.rows:  # not when a search filtered it out
            table.move_cursor(row=table.get_row_index(handout_id))

    @on(OptionList.OptionSelected, "#handout-links")
    def _link_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.follow_link(event.option.id)

    @on(Input.Changed, "#handout-search")
    def _search(self, event: Input.Changed) -> None:
        self.show_list(event.value)

    @on(Input.Submitted, "#handout-search")
    def _search_done(self) -> None:
        self.query_one("#handout-list", DataTable).focus()

    @on(DataTable.RowHighlighted, "#handout-list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.open_handout(str(event.row_key.value))

    @on(DataTable.RowSelected, "#handout-list")
    def _selected(self) -> None:
        self.query_one("#handout-reader", VerticalScroll).focus()

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        """A link to another handout (``other.md``) opens it here; nothing leaves the app."""
        event.stop()
        target = Path(event.href.split("#", 1)[0]).name
        if target.endswith(".md"):
            self.follow_link(target.removesuffix(".md"))
        else:
            self.notify(
                f"Links outside the handouts are not opened here: {event.href}", markup=False
            )

    # Actions -------------------------------------------------------------------------------
    def action_back(self) -> None:
        reading = ("handout-search", "handout-reader", "handout-links")
        if self.focused is not None and self.focused.id in reading:
            self.query_one("#handout-list", DataTable).focus()
            return
        self.app.pop_screen()

    def action_search(self) -> None:
        self.query_one("#handout-search", Input).focus()

    def action_show_to_client(self) -> None:
        if self.current is None:
            return

        can_give = self.client_code is not None
        showing = ShowToClientScreen(self.current, can_give=can_give, library=self.library)

        def shown(result: str | None) -> None:
            if self.current is None or showing.handout.id != self.current.id:
                self.follow_link(showing.handout.id)  # a link was followed in front of them
            if result == "given":
                self.action_give()

        self.app.push_screen(showing, shown)

    def action_give(self) -> None:
        if self.current is None:
            return
        if self.client_code is None:
            self.notify(
                "Open the handouts from a client (H) to give one to them.", severity="warning"
            )
            return
        try:
            self.casebook.handouts.give(self.client_code, self.current.id, self.current.title)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.notify(
            f"Logged “{self.current.title}” as given to {self.client_code} today.", markup=False
        )
        self.show_list(self.query_one("#handout-search", Input).value, keep=self.current.id)

    def action_print(self) -> None:
        """Save the handout as a page to print; printed for a client, the page is listed on
        their record (an erasure deletes it)."""
        if self.current is None:
            return
        try:
            target = self.casebook.handouts.save_page(
                self.current, export_folder(), self.client_code
            )
        except OSError as exc:
            self.notify(f"Could not save the page: {exc.strerror}.", severity="error")
            return
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.notify(f"Saved a page to print: {target}", timeout=8, markup=False)
