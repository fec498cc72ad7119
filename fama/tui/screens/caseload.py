"""The home screen: the keyworker's clients, what is due, overdue first; type to filter."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input, Static

from fama.casebook.clients import CaseloadEntry
from fama.clients.caseload import DueView
from fama.errors import StoreError
from fama.text.words import cut_words
from fama.tui.screens.base import FamaScreen
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.inputs import NoQuestionInput
from fama.tui.widgets.tables import move_to_key, selected_key
from fama.tui.widgets.title_bar import TitleBar

ALL_KEYWORKERS = "all keyworkers"
COLUMNS = (
    ("Client", "code", 9),
    ("KW", "keyworker", 3),
    ("Stage", "stage", 11),
    ("Goal", "goal", 0),
    ("Next due", "due", 34),
)
"""(label, key, width); the goal's width is what the screen has left: it gives way first."""
GOAL_WIDTH = (8, 60)
"""The goal column's narrowest and widest."""
TABLE_SPARE = 4
"""Columns the table needs beyond its cells: its margins and the scroll bar."""


def column_widths(screen_width: int) -> dict[str, int]:
    """Each column's width for a screen this wide: client, stage and what is due whole, the
    goal in what is left (at least a few characters, cut with an ellipsis)."""
    fixed = sum(width + 2 for _, key, width in COLUMNS if key != "goal")
    goal = screen_width - TABLE_SPARE - fixed - 2
    return {
        key: (min(max(goal, GOAL_WIDTH[0]), GOAL_WIDTH[1]) if key == "goal" else width)
        for _, key, width in COLUMNS
    }


MAX_ROWS = 200
"""Rows drawn at once. A whole service's store can hold thousands of clients; redrawing them
all on every keystroke would make typing lag, and nobody scrolls past a few hundred."""


class CaseloadScreen(FamaScreen):
    """The home screen: the keyworker's clients, what is due for each, filtered as typed."""

    TITLE = "Caseload"
    AUTO_FOCUS = "#filter"
    HELP_PAGE = "caseload"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_client", "Open", priority=True, id="caseload.open-client"),
        Binding("ctrl+n", "add_client", "New client", priority=True, id="caseload.add-client"),
        Binding("ctrl+e", "edit_client", "Edit", priority=True, id="caseload.edit-client"),
        Binding(
            "ctrl+k", "next_keyworker", "Keyworker", priority=True, id="caseload.next-keyworker"
        ),
        Binding("ctrl+t", "next_view", "Due view", priority=True, id="caseload.next-view"),
        Binding("f2", "meetings", "Meetings", id="caseload.meetings"),
        Binding("f3", "handouts", "Handouts", id="caseload.handouts"),
        Binding("f4", "staff", "Staff", id="caseload.staff"),
        Binding("f5", "assessment", "Self-assessment", id="caseload.assessment"),
        Binding("f6", "contacts", "Contacts", show=False, id="caseload.contacts"),
        Binding(
            "ctrl+r",
            "refresh_caseload",
            "Refresh",
            show=False,
            priority=True,
            id="caseload.refresh-caseload",
        ),
        # '?' cannot be part of anything the filter matches, so it opens help even while the
        # filter has the focus (the filter is a NoQuestionInput, which leaves '?' to us).
        Binding("question_mark", "app.help", "Help", show=False, priority=True, id="caseload.help"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="caseload.clear-filter"),
        Binding("down", "cursor('down')", "Down", show=False, id="caseload.cursor-down"),
        Binding("up", "cursor('up')", "Up", show=False, id="caseload.cursor-up"),
        Binding(
            "pagedown",
            "cursor('page_down')",
            "Page down",
            show=False,
            id="caseload.cursor-page-down",
        ),
        Binding("pageup", "cursor('page_up')", "Page up", show=False, id="caseload.cursor-page-up"),
    ]

    PALETTE: ClassVar[dict[str, tuple[str, str]]] = {
        "caseload.meetings": ("Meetings", "The meeting directory"),
        "caseload.handouts": ("Handouts", "Myth-busters and what to expect"),
        "caseload.staff": ("Staff", "Training, insight visits and My month"),
        "caseload.contacts": ("Contacts", "People who link clients to meetings; visits"),
        "caseload.assessment": (
            "Self-assessment",
            "The mutual aid self-assessment with its evidence",
        ),
        "caseload.add-client": ("New client", "Add a client to the caseload"),
        "caseload.open-client": ("Open client", "Open the highlighted client"),
        "caseload.edit-client": ("Edit client", "Edit the highlighted client"),
        "caseload.next-keyworker": ("Switch keyworker", "Show one keyworker's clients or all"),
        "caseload.next-view": (
            "Due view",
            "Follow-ups overdue, reviews this week, never introduced",
        ),
        "caseload.clear-filter": ("Clear filter", "Show every client again"),
    }
    """The bindings the command palette offers, in its words (see fama.tui.palette)."""

    def __init__(self) -> None:
        super().__init__()
        self.keyworker: str | None = None
        self.view = DueView.ALL
        self.entries: list[CaseloadEntry] = []
        self._first_resume = True
        self._shown_filter = ""
        """The filter the table was last drawn for (keys typed may be ahead of it)."""
        self._widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield NoQuestionInput(
            placeholder="Type to filter by code, stage, goal or what is due",
            id="filter",
        )
        yield Static("", id="caseload-counts", markup=False)
        yield DataTable(id="caseload", cursor_type="row", zebra_stripes=True)
        yield Static("", id="caseload-empty", markup=False)
        yield FamaFooter()

    def on_mount(self) -> None:
        try:
            self.keyworker = self.casebook.clients.home_keyworker()
        except StoreError:
            self.keyworker = None  # the caseload's own read says what is wrong
        self.refresh_caseload()

    # Data ---------------------------------------------------------------------------
    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#caseload", DataTable)

    @property
    def filter_text(self) -> str:
        return self.query_one("#filter", Input).value

    def refresh_caseload(self, select: str | None = None) -> None:
        """Reload from the casebook and redraw, keeping (or moving to) the selected client."""
        keep = select or self.selected_code()
        try:
            view = self.casebook.clients.caseload(self.filter_text, self.keyworker, self.view)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.entries = view.entries
        self._shown_filter = self.filter_text
        today = self.casebook.today
        table = self.table
        widths = column_widths(self.size.width or self.app.size.width)
        if widths != self._widths:
            self._widths = widths
            table.clear(columns=True)
            # Text labels, not str: a str label is parsed as markup with emoji look-up, which
            # loads Rich's emoji table on the way to the first paint.
            for label, key, _ in COLUMNS:
                table.add_column(Text(label), key=key, width=widths[key])
        table.clear()
        for entry in self.entries[:MAX_ROWS]:
            s = entry.summary
            due = entry.due
            said = due.describe(today) if due else "nothing due"
            if entry.overdue:
                # The words say "overdue"; the mark and weight only help the eye find it.
                due_text = Text(cut_words(f"⚠ {said}", widths["due"]), style="bold")
            else:
                due_text = Text(cut_words(said, widths["due"]))
            stage = s.stage_label
            goal = s.current_goal or "no goal yet"
            table.add_row(
                Text(s.code, overflow="ellipsis", no_wrap=True),
                Text(cut_words(s.keyworker, widths["keyworker"])),
                Text(cut_words(stage, widths["stage"])),
                Text(cut_words(goal, widths["goal"])),
                due_text,
                key=s.code,
            )
        who = self.keyworker or ALL_KEYWORKERS
        # The title says whose clients and how many are overdue; what kinds of thing are due
        # go on the line under the filter, so both fit whole at 80 columns.
        self.sub_title = f"{who} · {view.total} clients · {view.overdue} overdue"
        if len(self.entries) > MAX_ROWS:
            status = f"Showing the first {MAX_ROWS} of {len(self.entries)}: type to narrow"
        elif self.view is not DueView.ALL:
            status = (
                f"Showing {len(self.entries)} {self.view.value}, most pressing first"
                " · Ctrl+T for the next view"
            )
        elif self.filter_text.strip():
            status = f"Showing {len(self.entries)} of {view.total} · Esc shows all"
        else:
            status = f"Due: {view.due.describe()}"
        self.query_one("#caseload-counts", Static).update(status)
        empty = self.query_one("#caseload-empty", Static)
        if not view.total:
            empty.update("No clients yet. Press Ctrl+N to add your first client.")
        elif not view.in_view:
            empty.update(f"No clients with {self.view.value}. Ctrl+T shows the next view.")
        elif not self.entries:
            empty.update(f"No clients match “{self.filter_text}”. Press Esc to clear the filter.")
        else:
            empty.update("")
        empty.display = not self.entries
        if keep is not None:
            self.select(keep)

    def selected_code(self) -> str | None:
        return selected_key(self.table)

    def after_typing(self, act: Callable[[str | None], None]) -> None:
        """Run ``act`` on the client a key acting on the highlighted row means.

        Enter is read before the keys typed ahead of it reach the filter (they wait in the
        filter's own queue), so ``act`` is queued behind them there; then the rows that
        filter asks for are drawn before the row is read, and a code typed fast and Enter
        opens that client, never the row that was highlighted before."""

        def chosen() -> None:
            if self.filter_text != self._shown_filter:
                self.refresh_caseload()
            act(self.selected_code())

        self.query_one("#filter", Input).call_later(chosen)

    def select(self, code: str) -> None:
        move_to_key(self.table, code)  # a client filtered out or gone leaves the cursor be

    # Events and actions ----------------------------------------------------------------
    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refresh_caseload()

    def on_resize(self) -> None:
        if column_widths(self.size.width) != self._widths:
            self.refresh_caseload()

    def on_screen_resume(self) -> None:
        """Coming back from a client or the form: show what changed (not on the first show)."""
        if self._first_resume:
            self._first_resume = False
            return
        self.refresh_caseload()

    def action_refresh_caseload(self) -> None:
        self.refresh_caseload(select=self.selected_code())
        self.notify("Read again from the store.", timeout=3)

    def action_cursor(self, direction: str) -> None:
        table = self.table
        getattr(table, f"action_{'scroll_' if 'page' in direction else 'cursor_'}{direction}")()

    def action_clear_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.value = ""
        filter_input.focus()

    def action_open_client(self) -> None:
        self.after_typing(self._open_client)

    def _open_client(self, code: str | None) -> None:
        from fama.tui.screens.client import ClientScreen

        if code is None:
            self.notify("No client is selected.", severity="warning")
            return
        self.app.push_screen(ClientScreen(code))

    def action_add_client(self) -> None:
        from fama.tui.screens.client_form import ClientFormScreen

        self.app.push_screen(ClientFormScreen(), self._after_form)

    def action_edit_client(self) -> None:
        self.after_typing(self._edit_client)

    def _edit_client(self, code: str | None) -> None:
        from fama.tui.screens.client_form import ClientFormScreen

        if code is None:
            self.notify("Select a client to edit first.", severity="warning")
            return
        self.app.push_screen(ClientFormScreen(code), self._after_form)

    def _after_form(self, saved_code: object) -> None:
        if isinstance(saved_code, str):
            self.query_one("#filter", Input).value = ""
            self.refresh_caseload(select=saved_code)

    def action_next_keyworker(self) -> None:
        options: list[str | None] = [None, *self.casebook.clients.keyworkers()]
        position = options.index(self.keyworker) if self.keyworker in options else 0
        self.keyworker = options[(position + 1) % len(options)]
        self.refresh_caseload()
        self.notify(f"Showing {self.keyworker or ALL_KEYWORKERS}.", timeout=2)

    def action_next_view(self) -> None:
        self.view = self.view.next()
        self.refresh_caseload()
        self.notify(f"Showing {self.view.value}.", timeout=2)

    def action_handouts(self) -> None:
        from fama.tui.screens.handouts import HandoutsScreen

        self.app.push_screen(HandoutsScreen())

    def action_staff(self) -> None:
        from fama.tui.screens.staff import StaffScreen

        self.app.push_screen(StaffScreen(self.keyworker))

    def action_contacts(self) -> None:
        from fama.tui.screens.contacts import ContactsScreen

        self.app.push_screen(ContactsScreen())

    def action_assessment(self) -> None:
        from fama.tui.screens.assessment import AssessmentScreen

        self.app.push_screen(AssessmentScreen())

    def action_meetings(self) -> None:
        from fama.tui.screens.meetings import MeetingsScreen

        # Distances from where the highlighted client lives (their postcode district).
        code = self.selected_code()
        near = ""
        if code is not None:
            try:
                near = self.casebook.clients.record(code).client.postcode_district
            except StoreError:
                near = ""
        self.app.push_screen(MeetingsScreen(near=near))
