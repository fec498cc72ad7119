"""The Meetings screen: browse and filter the local meeting directory, see one meeting's
details, keep local groups up to date, and record what keyworkers find out (flags).

Everything stored is shown with markup off (rich ``Text`` cells, ``Static(markup=False)``,
``notify(markup=False)``): a note such as ``bring [cake]`` stays ``bring [cake]``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from fama.directory.browse import (
    MeetingFilter,
    filter_meetings,
    miles_text,
    status_text,
    tags_in_use,
    where_text,
)
from fama.directory.geo import Locations
from fama.directory.meeting_form import edit_refusal, parse_meeting_time
from fama.directory.outcomes import MeetingOutcome
from fama.directory.requests import ATTENDANCE_LABELS
from fama.errors import StoreError
from fama.models import Attendance, Weekday
from fama.models.meeting import Meeting
from fama.tui.screens.meeting_keeping import MeetingKeeping
from fama.tui.screens.meetings_table import counts_line, meeting_cells
from fama.tui.widgets.directory_text import (
    ACCESS_LABELS,
    AUDIENCE_LABELS,
    details_text,
    directory_columns,
    experience_words,
    organisation_options,
    tag_options,
)
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.inputs import NoQuestionInput
from fama.tui.widgets.tables import move_to_key, selected_key
from fama.tui.widgets.ticks import TickBox
from fama.tui.widgets.title_bar import TitleBar

SHORT_BELOW = 32
"""Screens shorter than this get a shorter details panel, so the list shows more."""
MAX_ROWS = 200
"""Rows drawn at once: a national import holds thousands of meetings, and nobody scrolls past
a few hundred; the filters narrow it."""


class MeetingsScreen(MeetingKeeping):
    """The meeting directory: browse and filter, verify, flag, and add local meetings."""

    TITLE = "Meetings"
    CSS_PATH = "meetings.tcss"
    AUTO_FOCUS = "#meetings"
    HELP_PAGE = "meetings"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", show=False, id="meetings.back"),
        Binding("slash", "focus_search", "Search", show=False, id="meetings.focus-search"),
        Binding("n", "add_meeting", "New", id="meetings.add-meeting"),
        Binding("e", "edit_meeting", "Edit", id="meetings.edit-meeting"),
        Binding("v", "verify", "Verified", id="meetings.verify"),
        Binding("i", "toggle_active", "Inactive", id="meetings.toggle-active"),
        Binding("f", "flag", "Flag", id="meetings.flag"),
        Binding("r", "resolve", "Resolve", id="meetings.resolve"),
        Binding("u", "undo", "Undo", show=False, id="meetings.undo"),
        Binding("s", "sources", "Sources", show=False, id="meetings.sources"),
        Binding("c", "clear_filters", "Clear filters", show=False, id="meetings.clear-filters"),
        Binding("enter", "show_details", "Details", show=False, id="meetings.show-details"),
    ]

    PALETTE: ClassVar[dict[str, tuple[str, str]]] = {
        "meetings.add-meeting": ("New local meeting", "Add a local meeting or recovery group"),
        "meetings.edit-meeting": ("Edit meeting", "Edit the highlighted local meeting"),
        "meetings.verify": ("Mark verified today", "Someone checked it runs as listed"),
        "meetings.toggle-active": (
            "Mark inactive or active",
            "Hide the highlighted meeting from matching, or list it again",
        ),
        "meetings.flag": ("Flag meeting", "Did not run, moved, or not newcomer-friendly"),
        "meetings.resolve": ("Resolve flags", "The highlighted meeting's open flags are sorted"),
        "meetings.undo": ("Undo verified", "Put back the last mark verified today"),
        "meetings.sources": ("Sources", "How old each source is"),
        "meetings.focus-search": ("Search meetings", "Find words in the meetings"),
        "meetings.clear-filters": ("Clear filters", "Show every active meeting"),
        "meetings.back": ("Back", "Leave the meetings"),
    }
    """The bindings the command palette offers, in its words (see fama.tui.palette)."""

    def __init__(self, near: str = "") -> None:
        """``near``: a postcode district to measure distances from (the client in front of
        the keyworker, when opened from the caseload); it can be changed on the screen."""
        super().__init__()
        self.directory: list[Meeting] = []
        self.by_id: dict[str, Meeting] = {}
        self.outcomes: dict[str, MeetingOutcome] | None = None  # None: could not be read
        self.lead = False  # a team lead's own view shows counts under 5 as they are
        self.shown: list[Meeting] = []
        self._audience_in_use: list[str] = []
        self._access_in_use: list[str] = []
        self.near = near
        self._columns: list[tuple[str, str, int]] = []
        self._locations: Locations | None = None
        self._longest: tuple[int, int] | None = None
        """The longest name and place shown: on a wide screen both fit whole if they can."""
        self._widths = (6, 14)
        """The longest distance and status shown: their columns are as wide as that."""
        self._undo: tuple[str, date | None] | None = None
        """The last v: the meeting and the verified date it replaced (u puts it back)."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        try:
            self.directory = self.casebook.directory.meetings()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
        self.by_id = {m.id: m for m in self.directory}
        self._read_outcomes()
        self._audience_in_use, self._access_in_use = tags_in_use(self.directory)
        with Horizontal(id="meeting-filters", classes="filter-row"):
            yield Select(
                organisation_options(),
                prompt="Any organisation",
                id="filter-organisation",
                compact=True,
            )
            yield Select(
                [(Text(d.label), d) for d in Weekday],
                prompt="Any day",
                id="filter-day",
                compact=True,
            )
            yield Select(
                [(Text(ATTENDANCE_LABELS[a]), a) for a in Attendance],
                prompt="Any attendance",
                id="filter-attendance",
                compact=True,
            )
            yield Select(
                tag_options(AUDIENCE_LABELS, self._audience_in_use),
                prompt="Anyone (audience)",
                id="filter-audience",
                compact=True,
            )
        with Horizontal(id="meeting-filters-2", classes="filter-row"):
            yield NoQuestionInput(
                placeholder="/ Search name, venue, postcode, notes",
                id="filter-text",
                compact=True,
            )
            yield NoQuestionInput(
                self.near, placeholder="Near (district)", id="filter-near", compact=True
            )
            yield NoQuestionInput(placeholder="Starts after", id="filter-after", compact=True)
            yield NoQuestionInput(placeholder="Starts before", id="filter-before", compact=True)
        with Horizontal(id="meeting-filters-3", classes="filter-row"):
            yield Select(
                tag_options(ACCESS_LABELS, self._access_in_use),
                prompt="Any access",
                id="filter-access",
                compact=True,
            )
            yield TickBox("Show inactive", id="filter-inactive", compact=True)
        yield Static("", id="filter-error", markup=False)
        yield Static("", id="meetings-counts", markup=False)
        yield DataTable(id="meetings", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="meeting-details") as details:
            details.border_title = "Details"
            yield Static("", id="meeting-details-body", markup=False)
        yield FamaFooter(compact=True)  # every key that changes a meeting fits at 80 columns

    def on_mount(self) -> None:
        self.refresh_table()

    def on_resize(self) -> None:
        self.set_class(self.size.height < SHORT_BELOW, "-short")
        if directory_columns(self.size.width, *self._widths, self._longest) != self._columns:
            self.refresh_table()

    def locations(self) -> Locations:
        """District centres (imported, and from the meetings' own postcodes), read once."""
        if self._locations is None:
            self._locations = self.casebook.directory.locations(self.directory)
        return self._locations

    def near_point(self) -> tuple[float, float] | None:
        """The centre of the district typed in "Near", or None (no distances shown)."""
        near = self.query_one("#filter-near", Input)
        text = near.value.strip()
        located = self.locations().lookup(text) if text else None
        near.set_class(bool(text) and located is None, "-invalid")
        return located.point if located is not None else None

    # Data -----------------------------------------------------------------------------------
    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#meetings", DataTable)

    def reload(self, select: str | None = None) -> None:
        """Read the directory again from the casebook, then redraw."""
        try:
            self.directory = self.casebook.directory.meetings()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.by_id = {m.id: m for m in self.directory}
        self._read_outcomes()
        self.refresh_table(select)

    def _read_outcomes(self) -> None:
        """What happened to the clients referred to each meeting, for the details."""
        try:
            self.outcomes = self.casebook.directory.outcomes()
            self.lead = self.casebook.directory.leads()
        except StoreError:
            self.outcomes, self.lead = None, False  # the details then leave it out

    def _select_value(self, selector: str) -> Any:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else value

    def read_filter(self) -> tuple[MeetingFilter, dict[str, str]]:
        """The filter the widgets describe, and a message for each time that is not a time."""
        errors: dict[str, str] = {}
        times = {}
        for name, label in (("after", "Starts after"), ("before", "Starts before")):
            field = self.query_one(f"#filter-{name}", Input)
            try:
                times[name] = parse_meeting_time(field.value)
            except ValueError as exc:
                times[name] = None
                errors[name] = f"{label}: {exc}"
            field.set_class(name in errors, "-invalid")
        f = MeetingFilter(
            organisation=self._select_value("#filter-organisation"),
            weekday=self._select_value("#filter-day"),
            start_after=times["after"],
            start_before=times["before"],
            attendance=self._select_value("#filter-attendance"),
            audience=self._select_value("#filter-audience"),
            access=self._select_value("#filter-access"),
            text=self.query_one("#filter-text", Input).value,
            show_inactive=self.query_one("#filter-inactive", Checkbox).value,
        )
        return f, errors

    def refresh_table(self, select: str | None = None) -> None:
        """Filter and redraw, keeping (or moving to) the selected meeting."""
        keep = select or self.selected_id()
        old_row = self.table.cursor_row
        f, errors = self.read_filter()
        error = self.query_one("#filter-error", Static)
        error.update(" · ".join(errors.values()))
        error.display = bool(errors)

        self.shown = filter_meetings(self.directory, f)
        table = self.table
        near = self.near_point()
        locations = self.locations()
        miles = [miles_text(m, near, locations) for m in self.shown[:MAX_ROWS]]
        statuses = [status_text(m) for m in self.shown[:MAX_ROWS]]
        self._widths = (max([len("Miles"), *map(len, miles)]), max(map(len, statuses), default=6))
        self._longest = (
            max((len(m.name) for m in self.shown[:MAX_ROWS]), default=0),
            max((len(where_text(m)) for m in self.shown[:MAX_ROWS]), default=0),
        )
        columns = directory_columns(
            self.size.width or self.app.size.width, *self._widths, longest=self._longest
        )
        if columns != self._columns:
            self._columns = columns
            table.clear(columns=True)
            for label, key, width in columns:
                table.add_column(Text(label), key=key, width=width)
        widths = {key: width for _, key, width in columns}
        table.clear()
        for meeting, how_far in zip(self.shown[:MAX_ROWS], miles, strict=True):
            cells = meeting_cells(meeting, how_far, widths)
            table.add_row(*(cells[key] for _, key, _ in columns), key=meeting.id)

        active = sum(1 for m in self.directory if m.active)
        inactive = len(self.directory) - active
        self.sub_title = f"{active} active meetings · {inactive} inactive"
        counts_text = counts_line(len(self.directory), len(self.shown), f, MAX_ROWS)
        self.query_one("#meetings-counts", Static).update(counts_text)

        found = keep is not None and self.select(keep)
        if not found and table.row_count:
            table.move_cursor(row=min(old_row, table.row_count - 1))
        self.show_details()

    def selected_id(self) -> str | None:
        return selected_key(self.table)

    def selected_meeting(self) -> Meeting | None:
        meeting_id = self.selected_id()
        return self.by_id.get(meeting_id) if meeting_id else None

    def select(self, meeting_id: str) -> bool:
        return move_to_key(self.table, meeting_id)

    def show_details(self) -> None:
        body = self.query_one("#meeting-details-body", Static)
        meeting = self.selected_meeting()
        if meeting is None:
            body.update(Text("No meeting selected.", style="dim"))
        else:
            experience = experience_words(self.outcomes, meeting.id, lead=self.lead)
            body.update(details_text(meeting, self.casebook.today, experience))

    # Events ---------------------------------------------------------------------------------
    @on(Select.Changed)
    @on(Checkbox.Changed, "#filter-inactive")
    @on(Input.Changed, ".filter-row Input")
    def _filters_changed(self) -> None:
        self.refresh_table()

    @on(Input.Submitted, ".filter-row Input")
    def _filter_submitted(self) -> None:
        self.table.focus()

    @on(DataTable.RowHighlighted, "#meetings")
    def _row_highlighted(self) -> None:
        self.show_details()

    @on(DataTable.RowSelected, "#meetings")
    def _row_selected(self) -> None:
        self.action_show_details()

    # Actions --------------------------------------------------------------------------------
    def action_back(self) -> None:
        """Esc: from a filter or the details back to the list; from the list, leave."""
        if self.focused is not self.table:
            self.table.focus()
            return
        self.dismiss(None)

    def action_focus_search(self) -> None:
        self.query_one("#filter-text", Input).focus()

    def action_show_details(self) -> None:
        if self.selected_meeting() is not None:
            self.query_one("#meeting-details", VerticalScroll).focus()

    def action_clear_filters(self) -> None:
        for selector in (
            "#filter-organisation",
            "#filter-day",
            "#filter-attendance",
            "#filter-audience",
            "#filter-access",
        ):
            self.query_one(selector, Select).clear()
        for selector in ("#filter-text", "#filter-after", "#filter-before"):
            self.query_one(selector, Input).value = ""
        self.query_one("#filter-inactive", Checkbox).value = False
        self.refresh_table()
        self.table.focus()

    def action_add_meeting(self) -> None:
        from fama.tui.screens.meeting_form import MeetingFormScreen

        self.app.push_screen(MeetingFormScreen(), self._after_form)

    def action_edit_meeting(self) -> None:
        from fama.tui.screens.meeting_form import MeetingFormScreen

        meeting = self._need_meeting("edit")
        if meeting is None:
            return
        refusal = edit_refusal(meeting)
        if refusal:
            self.notify(refusal, severity="warning", timeout=8, markup=False)
            return
        self.app.push_screen(MeetingFormScreen(meeting.id), self._after_form)

    def _after_form(self, saved_id: object) -> None:
        if not isinstance(saved_id, str):
            return
        self.reload(select=saved_id)
        if self.selected_id() != saved_id:
            self.notify(
                "Saved, but the filters hide it: press c to clear them.", severity="warning"
            )
        self.table.focus()
