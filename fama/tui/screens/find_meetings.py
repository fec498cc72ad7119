"""Find meetings for one client: ranked, with reasons, following the preferences as they change.

The search starts from what the client's profile says would fit (preferences, substances,
district, whether they come for someone else). Every change re-ranks the directory at
once (ranking is quick: scripts/bench.py times it); Ctrl+S keeps in the profile what the keyworker
changed on the form, and only that, laid over the client as stored at that moment.

The form is read into :class:`~fama.directory.requests.MatchChanges` and searched with
``casebook.directory.find_meetings``, exactly as ``fama match --client`` does, so both list the same
meetings in the same order. A programme or attendance choice the form has no option for
(12-step *or* SMART, online only) shows as "As in the profile" and is kept as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static

from fama.directory.explain import distance_text, flag_mark, reason_lines, status_text
from fama.directory.requests import (
    KEEP,
    BadOption,
    MatchChanges,
    PreferenceEdit,
    attendance_words,
    parse_clock,
    parse_days,
    parse_district,
    parse_miles,
    programme_words,
)
from fama.errors import StoreError
from fama.models.vocab import AccessNeed, Attendance, Audience, Programme
from fama.text.words import cut_words
from fama.tui.screens.base import FamaScreen
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.inputs import NoQuestionInput
from fama.tui.widgets.ticks import TickBox
from fama.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from fama.directory.matching.request import MatchOutcome, MatchRequest, MatchResult
    from fama.directory.requests import Keep

PROGRAMME_CHOICES: tuple[tuple[str, str], ...] = (
    ("Any programme", "any"),
    ("12-step", Programme.TWELVE_STEP.value),
    ("SMART Recovery", Programme.SMART.value),
    ("Local recovery group", Programme.LOCAL.value),
)
ATTENDANCE_CHOICES: tuple[tuple[str, str], ...] = (
    ("Any way (no preference)", "any"),
    ("In person only", "in person"),
    ("Online or by phone only", "remote"),
    ("In person or online", "in person+online"),
)
ATTENDANCE_SETS: dict[str, frozenset[Attendance]] = {
    "any": frozenset(),
    "in person": frozenset({Attendance.IN_PERSON}),
    "remote": frozenset({Attendance.ONLINE, Attendance.PHONE}),
    "in person+online": frozenset({Attendance.IN_PERSON, Attendance.ONLINE}),
}
PROFILE = "profile"
"""The choice that keeps the profile's own programmes or ways of attending."""


def attendance_choice(modes: frozenset[Attendance]) -> str:
    """The form's choice for these ways of attending; :data:`PROFILE` if it has none."""
    for key, value in ATTENDANCE_SETS.items():
        if value == modes:
            return key
    return PROFILE


def programme_choice(programmes: frozenset[Programme]) -> str:
    """The form's choice for these programmes; :data:`PROFILE` if it has none."""
    if not programmes:
        return "any"
    if len(programmes) == 1:
        (only,) = programmes
        if only.value in {value for _label, value in PROGRAMME_CHOICES}:
            return only.value
    return PROFILE


def miles_text(miles: float | None) -> str:
    """Miles as the form shows them: "3", "2.5"; written so that they read back the same."""
    if miles is None:
        return ""
    short = f"{miles:g}"
    return short if float(short) == miles else repr(miles)


def _with_profile(
    choices: Sequence[tuple[str, str]], chosen: str, words: str
) -> list[tuple[str, str]]:
    """The choices, plus "As in the profile: ..." (exactly what is stored) when the
    profile's value is none of them."""
    options = list(choices)
    if chosen == PROFILE:
        options.append((f"As in the profile: {words}", PROFILE))
    return options


def also_from_profile(request: MatchRequest) -> str:
    """What the search also takes from the profile that the form has no box for (other
    audiences and access needs, substances), so nothing it applies is hidden."""
    parts = []
    audience = [a.label for a in Audience if a in request.audience and a is not Audience.WOMEN]
    access = [a.label for a in AccessNeed if a in request.access and a is not AccessNeed.WHEELCHAIR]
    if audience or access:
        parts.append("Also needs: " + ", ".join(audience + access) + ".")
    if request.substances:
        parts.append("Substances: " + ", ".join(s.value for s in sorted(request.substances)) + ".")
    return " ".join(parts)


WIDE_FROM = 110
"""From this width the preferences take 40 columns and the list shows the organisation and
the end time in columns of their own; below it the preferences take 30."""


def result_columns(screen_width: int) -> list[tuple[str, str, int]]:
    """(label, key, width) for the ranked list on a screen this wide: rank, when and distance
    whole ("by phone", "12.3 mi"); the meeting's name in what is left."""
    wide = screen_width >= WIDE_FROM
    prefs = 40 if wide else 30
    fixed = [("#", "rank", 2), ("When", "when", 15 if wide else 9)]
    if wide:
        fixed.append(("Org", "org", 9))
    distance = ("Distance", "distance", 8)
    # the panel's border and padding, two cells' padding a column, the scroll bar
    room = screen_width - prefs - 1 - 2 - 2 * (len(fixed) + 2) - 2
    name = max(room - sum(width for _, _, width in fixed) - distance[2], 12)
    return [*fixed, ("Meeting", "name", name), distance]


class FindMeetingsScreen(FamaScreen):
    """Meetings ranked for a client, with reasons; the search form starts from their profile."""

    AUTO_FOCUS = "#results"
    CSS_PATH = "find_meetings.tcss"
    HELP_PAGE = "find-meetings"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Keep preferences", priority=True, id="find-meetings.save"),
        Binding("escape", "back", "Back", id="find-meetings.back"),
    ]

    PALETTE: ClassVar[dict[str, tuple[str, str]]] = {
        "find-meetings.save": ("Keep preferences", "Save these preferences to the profile"),
        "find-meetings.back": ("Back to client", "Return to the client"),
    }
    """The bindings the command palette offers, in its words (see fama.tui.palette)."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.title = f"Find meetings for {code}"
        self.base: MatchRequest | None = None
        """The client's own request, as stored when the form was last read."""
        self.shown: MatchRequest | None = None
        """What the form said when it was filled from ``base``: Ctrl+S keeps what differs."""
        self.outcome: MatchOutcome | None = None
        self._columns: list[tuple[str, str, int]] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="find-body"):
            with VerticalScroll(id="find-prefs"):
                yield Label("Postcode district", classes="pref-label")
                yield NoQuestionInput(id="pref-district", placeholder="e.g. DE1")
                yield Label("Programme", classes="pref-label")
                yield Select(PROGRAMME_CHOICES, id="pref-programme", allow_blank=False, value="any")
                yield Label("Days (blank: any)", classes="pref-label")
                yield NoQuestionInput(id="pref-days", placeholder="e.g. mon, wed, sat")
                yield Label("Starts between", classes="pref-label")
                with Horizontal(classes="pref-row"):
                    yield NoQuestionInput(id="pref-after", placeholder="18:00")
                    yield NoQuestionInput(id="pref-before", placeholder="21:00")
                yield Label("Can attend", classes="pref-label")
                yield Select(
                    ATTENDANCE_CHOICES, id="pref-attendance", allow_blank=False, value="any"
                )
                yield Label("Within miles (in person)", classes="pref-label")
                yield NoQuestionInput(id="pref-miles", placeholder="e.g. 3")
                yield TickBox("Women-only groups", id="pref-women")
                yield TickBox("Step-free access", id="pref-wheelchair")
                yield TickBox("Groups for family and friends", id="pref-family")
                yield Static("", id="pref-also", markup=False)
                yield Static("", id="pref-error", markup=False)
            with Vertical(id="find-results"):
                yield Static("", id="find-status", markup=False)
                yield DataTable(id="results", cursor_type="row")
                yield Static("", id="find-reasons", markup=False)
        yield FamaFooter()

    def on_resize(self) -> None:
        self.set_class(self.size.width < WIDE_FROM, "-narrow")
        if self.base is not None and result_columns(self.size.width) != self._columns:
            self.refresh_results()

    def on_mount(self) -> None:
        if not self.read_profile():
            self.app.pop_screen()
            return
        self.refresh_results()

    def read_profile(self) -> bool:
        """Fill the form from the client as stored now; False (and said) if it cannot be read."""
        try:
            base = self.casebook.directory.match_request(self.code)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return False
        self._fill_form(base)
        self.base = base
        try:
            self.shown = self.read_changes().apply(base)
        except BadOption:  # a stored value the form cannot read back: compare with it
            self.shown = base
        return True

    # Form <-> request ----------------------------------------------------------------------
    def _fill_form(self, request: MatchRequest) -> None:
        self.query_one("#pref-district", Input).value = request.district or ""
        self._set_choices(request)
        self.query_one("#pref-days", Input).value = ", ".join(
            d.short.lower() for d in sorted(request.days)
        )
        self.query_one("#pref-after", Input).value = (
            f"{request.after:%H:%M}" if request.after else ""
        )
        self.query_one("#pref-before", Input).value = (
            f"{request.before:%H:%M}" if request.before else ""
        )
        self.query_one("#pref-miles", Input).value = miles_text(request.within_miles)
        self.query_one("#pref-women", Checkbox).value = Audience.WOMEN in request.audience
        self.query_one("#pref-wheelchair", Checkbox).value = AccessNeed.WHEELCHAIR in request.access
        self.query_one("#pref-family", Checkbox).value = request.family
        also = self.query_one("#pref-also", Static)
        also.update(also_from_profile(request))
        also.display = bool(also_from_profile(request))

    def _set_choices(self, profile: MatchRequest) -> None:
        """The programme and attendance choices, with "As in the profile" when needed."""
        for selector, choices, chosen, words in (
            (
                "#pref-programme",
                PROGRAMME_CHOICES,
                programme_choice(profile.programmes),
                programme_words(profile.programmes),
            ),
            (
                "#pref-attendance",
                ATTENDANCE_CHOICES,
                attendance_choice(profile.attendance),
                attendance_words(profile.attendance),
            ),
        ):
            select: Select[str] = self.query_one(selector, Select)
            select.set_options(_with_profile(choices, chosen, words))
            select.value = chosen

    def read_changes(self) -> MatchChanges:
        """What the form changes from the profile (a blank field is "any"); ``BadOption``
        names the first field it cannot read."""
        programme = str(self.query_one("#pref-programme", Select).value)
        programmes: frozenset[Programme] | Keep = (
            KEEP
            if programme == PROFILE
            else frozenset()
            if programme == "any"
            else frozenset({Programme(programme)})
        )
        attendance = str(self.query_one("#pref-attendance", Select).value)
        return MatchChanges(
            district=parse_district(self.query_one("#pref-district", Input).value),
            programmes=programmes,
            days=parse_days(self.query_one("#pref-days", Input).value),
            after=parse_clock(self.query_one("#pref-after", Input).value, "Start after"),
            before=parse_clock(self.query_one("#pref-before", Input).value, "Start before"),
            attendance=KEEP if attendance == PROFILE else ATTENDANCE_SETS[attendance],
            within_miles=parse_miles(self.query_one("#pref-miles", Input).value, "Within miles"),
            women_only=self.query_one("#pref-women", Checkbox).value,
            wheelchair=self.query_one("#pref-wheelchair", Checkbox).value,
            family=self.query_one("#pref-family", Checkbox).value,
        )

    # Results ---------------------------------------------------------------------------------
    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _preferences_changed(self) -> None:
        if self.base is not None:
            self.refresh_results()

    def refresh_results(self) -> None:
        error = self.query_one("#pref-error", Static)
        try:
            changes = self.read_changes()
        except BadOption as exc:
            error.update(str(exc))  # keep the last good list; say what to fix
            return
        error.update("")
        try:
            self.outcome = outcome = self.casebook.directory.find_meetings(self.code, changes)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        table = self.query_one("#results", DataTable)
        columns = result_columns(self.size.width or self.app.size.width)
        if columns != self._columns:
            self._columns = columns
            table.clear(columns=True)
            for label, key, width in columns:
                table.add_column(Text(label), key=key, width=width)
        widths = {key: width for _, key, width in columns}
        table.clear()
        for number, result in enumerate(outcome.results, start=1):
            m = result.meeting
            name = f"{flag_mark(result)}{m.name}"
            cells = {
                "rank": str(number),
                "when": m.when if "org" in widths else f"{m.weekday.short} {m.start:%H:%M}",
                "org": m.organisation.value,
                "name": name,  # gives way at a word; the reasons below say it whole
                "distance": distance_text(result),
            }
            table.add_row(
                *(Text(cut_words(cells[key], widths[key])) for _, key, _ in columns), key=m.id
            )
        self.query_one("#find-status", Static).update(status_text(outcome))
        self._show_reasons(outcome.results[0] if outcome.results else None)

    @on(DataTable.RowHighlighted, "#results")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.outcome is None or event.cursor_row < 0:
            return
        results = self.outcome.results
        if event.cursor_row < len(results):
            self._show_reasons(results[event.cursor_row])

    def _show_reasons(self, result: MatchResult | None) -> None:
        reasons = self.query_one("#find-reasons", Static)
        if result is None:
            reasons.update("")
            return
        reasons.update("\n".join(reason_lines(result)))

    # Actions -----------------------------------------------------------------------------------
    def action_save(self) -> None:
        """Keep what was changed on the form since it was read (only that), then show the
        profile as it is stored now."""
        if self.base is None or self.shown is None:
            return
        try:
            wanted = self.read_changes().apply(self.base)
        except BadOption as exc:
            self.notify(str(exc), severity="warning")
            return
        edit = PreferenceEdit.between(self.shown, wanted)
        changed = edit.describe()
        if not changed:
            self.notify(f"Nothing changed: {self.code}'s profile is as shown.")
            return
        try:
            self.casebook.clients.keep_preferences(self.code, edit)
        except BadOption as exc:
            self.notify(str(exc), severity="warning")
            return
        except StoreError as exc:
            self.notify(str(exc), severity="error")
            return
        self.read_profile()
        self.refresh_results()
        self.notify(f"Kept for {self.code}: {'; '.join(changed)}.")

    def action_back(self) -> None:
        self.app.pop_screen()
