"""The Meetings screen: browse and filter the local meeting directory, see one meeting's
details, keep local groups up to date, and record what keyworkers find out (flags).

Everything stored is shown with markup off (rich ``Text`` cells, ``Static(markup=False)``,
``notify(markup=False)``): a note such as ``bring [cake]`` stays ``bring [cake]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, DataTable, Footer, Input, Select, Static

from fama.directory.browse import (
    MeetingFilter,
    filter_meetings,
    flag_line,
    flag_warning,
    miles_text,
    open_flags,
    source_text,
    status_text,
    tags_in_use,
    where_text,
)
from fama.directory.geo import Locations
from fama.directory.meeting_form import edit_refusal, parse_meeting_time
from fama.directory.requests import ATTENDANCE_LABELS
from fama.errors import StoreError
from fama.models import AccessNeed, Attendance, Audience, Weekday
from fama.models.meeting import FlagKind, Meeting
from fama.models.organisations import ORGANISATIONS, OrgCode
from fama.text.words import cut_words
from fama.tui.screens.base import FamaScreen
from fama.tui.screens.dialogs.meeting_dialogs import (
    ConfirmMeetingModal,
    FlagMeetingModal,
    SourcesModal,
    meeting_words,
)
from fama.tui.widgets.inputs import NoQuestionInput
from fama.tui.widgets.tables import move_to_key, selected_key
from fama.tui.widgets.ticks import TickBox
from fama.tui.widgets.title_bar import TitleBar

COLUMNS = (
    ("When", "when", 15),
    ("Miles", "miles", 6),
    ("Org", "organisation", 9),
    ("Name", "name", 0),
    ("Where", "where", 0),
    ("Status", "status", 15),
)
"""(label, key, width): name and where share what the screen has left."""
TABLE_SPARE = 4
"""The table's margins and its scroll bar."""
WIDE_STATUS = 24
"""The status column's widest on a wide screen, where "inactive · ⚠ did not run" fits."""
WHERE_FROM = 100
"""Below this width "where" leaves the list to the details panel and the name takes it."""


def directory_columns(
    screen_width: int,
    miles_width: int = 6,
    status_width: int = 14,
    longest: tuple[int, int] | None = None,
) -> list[tuple[str, str, int]]:
    """The columns and widths for a screen this wide: when, how far (``miles_width``: the
    longest distance shown, such as "by phone"), who and the status (``status_width``:
    the longest shown, up to 15, or 24 on a wide screen) whole; the name (and, on a wide
    screen, where) in what is left: when the ``longest`` name and place both fit, each
    gets what it needs (and the name the rest), else where gets 4/7."""
    wide = screen_width >= WHERE_FROM
    status = min(max(status_width, len("Status")), WIDE_STATUS if wide else 15)
    fixed_widths = {"status": status, "miles": miles_width}
    shown = [
        (label, key, fixed_widths.get(key) or width)
        for label, key, width in COLUMNS
        if wide or key != "where"
    ]
    fixed = sum(width + 2 for _, _, width in shown if width)
    flexible = [key for _, key, width in shown if not width]
    room = max(screen_width - TABLE_SPARE - fixed - 2 * len(flexible), 12)
    where = room - room * 3 // 7
    if longest is not None and sum(longest) <= room:
        where = longest[1]
    share = {"name": room - where, "where": where} if wide else {"name": room}
    return [(label, key, width or share[key]) for label, key, width in shown]


SHORT_BELOW = 32
"""Screens shorter than this get a shorter details panel, so the list shows more."""
MAX_ROWS = 200
"""Rows drawn at once: a national import holds thousands of meetings, and nobody scrolls past
a few hundred; the filters narrow it."""

AUDIENCE_LABELS = {a.value: a.label for a in Audience}
ACCESS_LABELS = {a.value: a.label for a in AccessNeed}
__all__ = ["FlagMeetingModal", "MeetingsScreen", "SourcesModal"]


def _fmt_date(day: date) -> str:
    return f"{day:%a %d %b %Y}"


def tag_label(tag: str, labels: dict[str, str]) -> str:
    return labels.get(tag, tag)


def organisation_options() -> list[tuple[Text, OrgCode]]:
    return [(Text(f"{code.value} · {org.name}"), code) for code, org in ORGANISATIONS.items()]


def tag_options(known: dict[str, str], in_use: list[str]) -> list[tuple[Text, str]]:
    """The vocabulary's tags with their labels, then any other tag the directory uses."""
    extra = [t for t in in_use if t not in known]
    return [(Text(label), value) for value, label in known.items()] + [
        (Text(tag), tag) for tag in extra
    ]


def details_text(meeting: Meeting, today: date) -> Text:
    """Everything about one meeting, as plain text with bold labels (never markup)."""
    org = ORGANISATIONS[meeting.organisation]
    out = Text()

    def line(label: str, value: str) -> None:
        if value:
            out.append(f"{label}: ", style="bold")
            out.append(value)
            out.append("\n")

    out.append(meeting.name, style="bold")
    out.append("\n")
    warning = flag_warning(meeting)
    if warning:
        out.append(warning + "\n", style="bold")
    out.append(f"{org.name} ({meeting.organisation.value})\n")
    end = f" to {meeting.end:%H:%M}" if meeting.end else ""
    line("When", f"{meeting.weekday.label} {meeting.start:%H:%M}{end} (UK time)")
    line("As published", meeting.source_when)
    if meeting.open_meeting is None:
        openness = "open or closed not known"
    elif meeting.open_meeting:
        openness = "open meeting: anyone may come"
    else:
        openness = "closed meeting: for people who want help with the problem"
    line("Attendance", f"{ATTENDANCE_LABELS[meeting.attendance]} · {openness}")
    line("Status", status_text(meeting))
    line("For", ", ".join(tag_label(t, AUDIENCE_LABELS) for t in meeting.audience))
    line("Access", ", ".join(tag_label(t, ACCESS_LABELS) for t in meeting.access))
    line("Venue", meeting.venue)
    line("Address", meeting.address)
    line("Postcode", meeting.postcode)
    line("Online", meeting.online_url)
    line("Phone", meeting.phone)
    line("Notes", meeting.notes)
    line("Source", source_text(meeting, today))
    if meeting.flags:
        still = len(open_flags(meeting))
        out.append(f"Flags ({len(meeting.flags)}, {still} open; r resolves):\n", style="bold")
        for flag in meeting.flags:
            out.append(f"  {'✓' if flag.resolved else '⚠'} {flag_line(flag)}\n")
    else:
        out.append("No flags.\n", style="dim")
    out.append(f"Id: {meeting.id}", style="dim")
    return out


class MeetingsScreen(FamaScreen):
    TITLE = "Meetings"
    CSS_PATH = "meetings.tcss"
    AUTO_FOCUS = "#meetings"
    HELP = """\
# Meetings

The local directory of mutual aid meetings: imported from the fellowships' feeds, plus the
local recovery groups the service keeps itself. The details of the highlighted meeting show
under the list, with where its entry came from and **how long since anyone checked it**.

Filter with the choices at the top (organisation, day, attendance, who it is for, access)
and the boxes below them: words to find in the name, venue, postcode or notes, and a start
time window (`18:00` or `6pm`). *Online* and *in person* also list hybrid meetings. Inactive
meetings (no longer listed by their source, or marked inactive) are hidden unless **Show
inactive** is ticked.

| Key | Does |
|---|---|
| Up / Down | Move through the meetings |
| Enter | Read the details (Esc comes back to the list) |
| / | Search by words |
| n | Add a local meeting or recovery group |
| e | Edit the highlighted meeting (local entries only) |
| v | Mark it verified today: someone checked it runs as listed (u undoes) |
| i | Mark it inactive, or active again (asks first, naming it) |
| f | Flag it: did not run, moved, or not newcomer-friendly |
| r | Resolve its open flags (asks first); they stay in its history |
| u | Undo the last v |
| s | How old each source is |
| c | Clear the filters |
| Tab / Shift+Tab | Move between the filters and the list |
| Esc | Back to the list, or leave the screen |

The letter keys act on the meeting highlighted in the list, as sorted and filtered, and
work while the list or the details have the focus; in a text box they type. A flagged
meeting shows **⚠** and what was found in its status, and the flag in full (who raised it,
when, and the note) at the top of its details, until someone resolves it.
Imported meetings cannot be edited here: change them at the source, or flag them.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", show=False),
        Binding("slash", "focus_search", "Search", show=False),
        Binding("n", "add_meeting", "New"),
        Binding("e", "edit_meeting", "Edit"),
        Binding("v", "verify", "Verified"),
        Binding("i", "toggle_active", "Inactive"),
        Binding("f", "flag", "Flag"),
        Binding("r", "resolve", "Resolve"),
        Binding("u", "undo", "Undo", show=False),
        Binding("s", "sources", "Sources", show=False),
        Binding("c", "clear_filters", "Clear filters", show=False),
        Binding("enter", "show_details", "Details", show=False),
    ]

    def __init__(self, near: str = "") -> None:
        """``near``: a postcode district to measure distances from (the client in front of
        the keyworker, when opened from the caseload); it can be changed on the screen."""
        super().__init__()
        self.directory: list[Meeting] = []
        self.by_id: dict[str, Meeting] = {}
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
            self.directory = self.casebook.meetings()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
        self.by_id = {m.id: m for m in self.directory}
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
        yield Footer(compact=True)  # every key that changes a meeting fits at 80 columns

    def on_mount(self) -> None:
        self.refresh_table()

    def on_resize(self) -> None:
        self.set_class(self.size.height < SHORT_BELOW, "-short")
        if directory_columns(self.size.width, *self._widths, self._longest) != self._columns:
            self.refresh_table()

    def locations(self) -> Locations:
        """District centres (imported, and from the meetings' own postcodes), read once."""
        if self._locations is None:
            self._locations = self.casebook.locations(self.directory)
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
            self.directory = self.casebook.meetings()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.by_id = {m.id: m for m in self.directory}
        self.refresh_table(select)

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
            status = Text(cut_words(status_text(meeting), widths["status"]))  # cut at 80
            if open_flags(meeting) or not meeting.attendable:
                status.stylize("bold")
            cells = {
                "when": Text(meeting.when),
                "miles": Text(how_far, justify="right"),
                "organisation": Text(cut_words(meeting.organisation.value, widths["organisation"])),
                "name": Text(cut_words(meeting.name, widths["name"])),
                "where": Text(cut_words(where_text(meeting), widths.get("where", 0))),
                "status": status,
            }
            table.add_row(*(cells[key] for _, key, _ in columns), key=meeting.id)

        active = sum(1 for m in self.directory if m.active)
        inactive = len(self.directory) - active
        self.sub_title = f"{active} active meetings · {inactive} inactive"
        counts = self.query_one("#meetings-counts", Static)
        hidden = "inactive shown" if f.show_inactive else "inactive hidden"
        if not self.directory:
            counts.update("The directory is empty. Press n to add a local group.")
        elif len(self.shown) > MAX_ROWS:
            counts.update(f"Showing the first {MAX_ROWS} of {len(self.shown)}: narrow the filters")
        elif f.is_empty:
            counts.update(
                f"Showing all {len(self.shown)} ({hidden}) · Enter reads a meeting · / searches"
            )
        elif not self.shown:
            counts.update(f"No meetings match these filters ({hidden}). Press c to clear them.")
        else:
            counts.update(
                f"Showing {len(self.shown)} of {len(self.directory)} ({hidden})"
                " · c clears the filters"
            )

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
            body.update(details_text(meeting, self.casebook.today))

    def _need_meeting(self, doing: str) -> Meeting | None:
        meeting = self.selected_meeting()
        if meeting is None:
            self.notify(f"Select a meeting to {doing} first.", severity="warning")
        return meeting

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

    def action_verify(self) -> None:
        """v: mark the highlighted meeting verified today; u puts the old date back."""
        meeting = self._need_meeting("mark verified")
        if meeting is None:
            return
        previous = meeting.last_verified
        try:
            changed = self.casebook.verify_meeting(meeting.id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self._undo = (meeting.id, previous)
        self.reload(select=meeting.id)
        when = _fmt_date(changed.last_verified) if changed.last_verified else "today"
        self.notify(
            f"Marked “{meeting.name}” verified today ({when}). Press u to undo.",
            timeout=8,
            markup=False,
        )

    def action_undo(self) -> None:
        """u: put back the verified date the last v replaced."""
        if self._undo is None:
            self.notify("Nothing to undo here.", severity="warning")
            return
        meeting_id, previous = self._undo
        try:
            changed = self.casebook.unverify_meeting(meeting_id, previous)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self._undo = None
        self.reload(select=meeting_id)
        was = _fmt_date(previous) if previous else "never verified"
        self.notify(f"Undone: “{changed.name}” is back to {was}.", markup=False)

    def _confirm(self, title: str, question: str, yes: str, act: Callable[[], None]) -> None:
        def answered(answer: bool | None) -> None:
            if answer:
                act()

        self.app.push_screen(ConfirmMeetingModal(title, question, yes), answered)

    def action_toggle_active(self) -> None:
        """i: ask, naming the highlighted meeting, then mark it inactive (or active again)."""
        meeting = self._need_meeting("mark active or inactive")
        if meeting is None:
            return
        active = not meeting.active
        if active:
            question = f"List “{meeting_words(meeting)}” again? It will be matched for clients."
        else:
            question = (
                f"Mark “{meeting_words(meeting)}” inactive? It will no longer be matched for "
                "clients (it stays in the directory: Show inactive lists it)."
            )
        self._confirm(
            "Mark active" if active else "Mark inactive",
            question,
            "Mark active" if active else "Mark inactive",
            lambda: self._set_active(meeting, active),
        )

    def _set_active(self, meeting: Meeting, active: bool) -> None:
        try:
            self.casebook.set_meeting_active(meeting.id, active)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.reload(select=meeting.id)
        if active:
            message = f"Marked “{meeting.name}” active: it is listed and matched again."
        else:
            message = f"Marked “{meeting.name}” inactive: it is no longer matched for clients."
            if self.selected_id() != meeting.id:
                message += " Tick Show inactive to see it."
        self.notify(message, markup=False)

    def action_flag(self) -> None:
        """f: record a dead end against the highlighted meeting (the dialog names it)."""
        meeting = self._need_meeting("flag")
        if meeting is None:
            return

        def save(result: tuple[FlagKind, str] | None) -> None:
            if result is None:
                return
            kind, note = result
            try:
                self.casebook.flag_meeting(meeting.id, kind, note)
            except StoreError as exc:
                self.notify(str(exc), severity="error", timeout=10, markup=False)
                return
            self.reload(select=meeting.id)
            self.notify(
                f"Flagged “{meeting.name}”: {kind.value}. r resolves it when it is sorted.",
                markup=False,
            )

        self.app.push_screen(FlagMeetingModal(meeting), save)

    def action_resolve(self) -> None:
        """r: ask, naming the meeting and its open flags, then mark them resolved."""
        meeting = self._need_meeting("resolve its flags")
        if meeting is None:
            return
        flags = open_flags(meeting)
        if not flags:
            self.notify(f"“{meeting.name}” has no open flags.", severity="warning", markup=False)
            return
        listed = "\n".join(f"  ⚠ {flag_line(flag)}" for flag in flags)
        question = (
            f"Resolve the open flag{'s' if len(flags) > 1 else ''} on "
            f"“{meeting_words(meeting)}”?\n{listed}\n"
            f"They stop showing as warnings and stay in its history, resolved by "
            f"{self.casebook.user} today."
        )
        self._confirm("Resolve flags", question, "Resolve", lambda: self._resolve(meeting))

    def _resolve(self, meeting: Meeting) -> None:
        try:
            self.casebook.resolve_flags(meeting.id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.reload(select=meeting.id)
        self.notify(f"Resolved the flags on “{meeting.name}”.", markup=False)

    def action_sources(self) -> None:
        try:
            sources = self.casebook.sources()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.app.push_screen(SourcesModal(sources, self.casebook.today))

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "New local meeting",
            "Add a local meeting or recovery group (n)",
            self.action_add_meeting,
        )
        yield SystemCommand(
            "Edit meeting", "Edit the highlighted local meeting (e)", self.action_edit_meeting
        )
        yield SystemCommand(
            "Mark verified today", "Someone checked it runs as listed (v)", self.action_verify
        )
        yield SystemCommand(
            "Mark inactive or active",
            "Hide the highlighted meeting from matching, or list it again (i)",
            self.action_toggle_active,
        )
        yield SystemCommand(
            "Flag meeting",
            "Did not run, moved, or not newcomer-friendly (f)",
            self.action_flag,
        )
        yield SystemCommand(
            "Resolve flags",
            "The highlighted meeting's open flags are sorted (r)",
            self.action_resolve,
        )
        yield SystemCommand("Undo verified", "Put back the last v (u)", self.action_undo)
        yield SystemCommand("Sources", "How old each source is (s)", self.action_sources)
        yield SystemCommand(
            "Search meetings", "Find words in the meetings (/)", self.action_focus_search
        )
        yield SystemCommand(
            "Clear filters", "Show every active meeting (c)", self.action_clear_filters
        )
        yield SystemCommand("Back", "Leave the meetings (Esc)", self.action_back)
