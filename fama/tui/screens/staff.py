"""The Staff screen: each keyworker's FAMA training and the meetings they sat in on for
insight (evidence for the PHE self-assessment items 3.5, 3.6 and 4.3), and "My month":
how many clients each keyworker introduced, gave a goal, followed up and saw go.

Every change goes through the casebook; the dialogs show one sentence beside the field that
needs fixing and save nothing until it is fixed. Everything typed is shown with markup off
(rich ``Text`` cells, ``Static(markup=False)``): a note such as ``bring [cake]`` stays
``bring [cake]``. My month reads every client record, so it is counted in a worker thread
with a "Counting..." placeholder and kept per month while the screen is open.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Input,
    Label,
    OptionList,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from fama.client_form import FormErrors
from fama.dates import DateTextError, describe_day
from fama.models.organisations import ORGANISATIONS, OrgCode
from fama.models.staff import StaffMember, TrainingKind
from fama.staff_figures import Month, MonthFigures, month_label, next_month, previous_month
from fama.staff_form import PAST_HINT, StaffForm, parse_past_day
from fama.store import StoreError
from fama.tui.plain import plain
from fama.tui.screens.base import FamaModal, FamaScreen
from fama.tui.widgets.inputs import NoQuestionInput
from fama.tui.widgets.tables import move_to_key, selected_key
from fama.tui.widgets.title_bar import TitleBar

SHORT_KIND = {
    TrainingKind.FAMA: "FAMA",
    TrainingKind.TWELVE_STEP_FACILITATION: "12-step",
    TrainingKind.SMART_FACILITATION: "SMART",
}
FIGURE_LABELS = (
    ("introduced", "introduced_clients", "Introduced to mutual aid"),
    ("with_goal", "goal_clients", "Agreed a meeting goal"),
    ("followed_up", "followed_up_clients", "Followed up on a goal"),
    ("attended", "attended_clients", "Went (of those followed up)"),
)
NOTE_MAX = 500
NOTE_COLUMN = 48


def _fmt_day(day: date) -> str:
    return f"{day:%d %b %Y}"


def _clip(text: str, width: int = NOTE_COLUMN) -> str:
    """One line of at most ``width`` characters (the whole note shows under the table)."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def training_summary(member: StaffMember) -> str:
    """``FAMA 03/2026 · 12-step — · SMART 06/2026``: the latest of each kind, or a dash."""
    parts = []
    for kind, short in SHORT_KIND.items():
        done = [t.completed for t in member.training if t.kind is kind]
        parts.append(f"{short} {max(done):%m/%Y}" if done else f"{short} —")
    return " · ".join(parts)


def member_heading(member: StaffMember, today: date) -> Text:
    """The details' first lines: who, and the evidence in one line (plain text, bold labels)."""
    out = Text()
    out.append(member.name, style="bold")
    out.append(f" ({member.id}) · {member.role}")
    if not member.active:
        out.append(" · no longer active", style="bold")
    out.append("\n")
    have = {t.kind for t in member.training}
    missing = [SHORT_KIND[k] for k in TrainingKind if k not in have]
    out.append("Training: ", style="bold")
    out.append(f"still to do: {', '.join(missing)}" if missing else "all three done")
    out.append(" · ")
    out.append("Insight visits: ", style="bold")
    if member.insight_visits:
        last = max(v.date for v in member.insight_visits)
        out.append(f"{len(member.insight_visits)}, the latest {describe_day(last, today)}")
    else:
        out.append("none yet")
    return out


def month_text(figures: MonthFigures | None, month: Month, keyworker: str) -> Text:
    """The My month panel for one keyworker: each figure with the client codes behind it."""
    out = Text()
    out.append(f"{keyworker} · {month_label(*month)}", style="bold")
    out.append("   [ earlier · ] later\n", style="dim")
    if figures is None:
        out.append("Counting...", style="dim")
        return out
    for count_name, codes_name, label in FIGURE_LABELS:
        count: int = getattr(figures, count_name)
        codes: tuple[str, ...] = getattr(figures, codes_name)
        out.append(f"{label:<28}", style="bold")
        out.append(f"{count:>3}  ")
        out.append(", ".join(codes) if codes else "—", style="" if codes else "dim")
        out.append("\n")
    out.rstrip()
    return out


class _Details(VerticalScroll, can_focus=False):
    """The right-hand details: scrolls, but Tab goes straight to the tables inside."""


class StaffScreen(FamaScreen):
    TITLE = "Staff"
    CSS_PATH = "staff.tcss"
    AUTO_FOCUS = "#staff-table"
    HELP = """\
# Staff

The team's FAMA training and the mutual aid meetings each person has sat in on to
understand them: the evidence for the self-assessment items **3.5** and **3.6** (staff have
been to open meetings) and **4.3** (the training register: FAMA, 12-step facilitation, SMART
facilitation).

The list shows each person's training (the latest date of each kind, or a dash for none)
and how many meetings they have visited. The right shows the highlighted person's training
and visits in full.

**My month** (under the list) counts the highlighted keyworker's clients in one calendar
month (UK time): introduced to mutual aid (a conversation through stage 1, even if the
client said not for now), who agreed a meeting goal, who were followed up on a goal, and of
those who went. Each figure lists the client codes behind it. Events count for the person
who recorded them.

| Key | Does |
|---|---|
| Up / Down | Move through the list |
| Tab / Shift+Tab | Move between the staff, their training and their visits |
| n | Add a staff member |
| e | Edit the highlighted person's name and role |
| t | Add training (FAMA, 12-step facilitation, SMART facilitation) with its date |
| v | Add a meeting sat in on for insight: date, organisation, note |
| Delete or x | Remove the highlighted training or visit (Tab to it first; asks first) |
| [ / ] | My month: the month before / after |
| Esc | Back |

Dates may be typed as `14/3` (the latest 14 March), `2026-03-14`, `today`, `yesterday`,
`-7` (a week ago) or `fri` (the latest Friday). A date in the future is refused.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("n", "add_member", "New"),
        Binding("e", "edit_member", "Edit"),
        Binding("t", "add_training", "Training"),
        Binding("v", "add_visit", "Visit"),
        Binding("delete,x", "remove", "Remove", key_display="Del"),
        Binding("left_square_bracket", "month(-1)", "Month before", key_display="["),
        Binding("right_square_bracket", "month(1)", "Month after", key_display="]"),
    ]

    def __init__(self, keyworker: str | None = None) -> None:
        super().__init__()
        self.preselect = keyworker.strip().upper() if keyworker else None
        self.members: list[StaffMember] = []
        self.by_id: dict[str, StaffMember] = {}
        self.month: Month = (1, 1)
        self.month_figures: dict[Month, dict[str, MonthFigures]] = {}
        self.month_errors: dict[Month, str] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="staff-body"):
            with Vertical(id="staff-left"):
                table: DataTable[Text] = DataTable(
                    id="staff-table", cursor_type="row", zebra_stripes=True
                )
                table.add_column(Text("Id"), key="id", width=5)
                table.add_column(Text("Name"), key="name", width=16)
                table.add_column(Text("Training (latest of each)"), key="training", width=46)
                table.add_column(Text("Visits"), key="visits", width=6)
                yield table
                yield Static("", id="staff-empty", markup=False)
                with Vertical(id="month-panel", classes="section") as panel:
                    panel.border_title = "My month"
                    yield Static("", id="month-figures", markup=False)
            with _Details(id="staff-details"):
                yield Static("", id="member-head", markup=False)
                with Vertical(id="training-section", classes="section") as training:
                    training.border_title = "Training (4.3)"
                    training_table: DataTable[Text] = DataTable(
                        id="training-table", cursor_type="row"
                    )
                    training_table.add_column(Text("Training"), key="kind", width=20)
                    training_table.add_column(Text("Completed"), key="completed", width=11)
                    yield training_table
                    yield Static("", id="training-empty", classes="staff-hint", markup=False)
                with Vertical(id="visits-section", classes="section") as visits:
                    visits.border_title = "Insight visits (3.5, 3.6)"
                    visits_table: DataTable[Text] = DataTable(id="visits-table", cursor_type="row")
                    visits_table.add_column(Text("Date"), key="date", width=11)
                    visits_table.add_column(Text("Org"), key="organisation", width=9)
                    visits_table.add_column(Text("Note"), key="note")
                    yield visits_table
                    yield Static("", id="visits-empty", classes="staff-hint", markup=False)
                    yield Static("", id="visit-note", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        today = self.casebook.today
        self.month = (today.year, today.month)
        self.reload(select=self.preselect)
        self.count_month()

    # Data -----------------------------------------------------------------------------------
    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#staff-table", DataTable)

    def reload(self, select: str | None = None) -> None:
        """Read the staff list again and redraw, keeping (or moving to) ``select``."""
        keep = select or self.selected_id()
        try:
            self.members = self.casebook.staff_members()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.by_id = {m.id: m for m in self.members}
        table = self.table
        old_row = table.cursor_row
        table.clear()
        for member in self.members:
            name = member.name if member.active else f"{member.name} (left)"
            table.add_row(
                Text(member.id),
                Text(name, overflow="ellipsis", no_wrap=True),
                Text(training_summary(member)),
                Text(str(len(member.insight_visits)), justify="right"),
                key=member.id,
            )
        active = sum(1 for m in self.members if m.active)
        self.sub_title = f"{active} active staff" if self.members else "no staff yet"
        empty = self.query_one("#staff-empty", Static)
        empty.update("No staff yet. Press n to add the first person." if not self.members else "")
        empty.display = not self.members
        if (keep is None or not self.select(keep)) and table.row_count:
            table.move_cursor(row=min(max(old_row, 0), table.row_count - 1))
        self.show_member()

    def selected_id(self) -> str | None:
        return selected_key(self.table)

    def selected_member(self) -> StaffMember | None:
        staff_id = self.selected_id()
        return self.by_id.get(staff_id) if staff_id else None

    def select(self, staff_id: str) -> bool:
        return move_to_key(self.table, staff_id)

    def show_member(self) -> None:
        member = self.selected_member()
        head = self.query_one("#member-head", Static)
        training = self.query_one("#training-table", DataTable)
        visits = self.query_one("#visits-table", DataTable)
        training_row, visits_row = training.cursor_row, visits.cursor_row
        training.clear()
        visits.clear()
        today = self.casebook.today
        if member is None:
            head.update(Text("Nobody selected.", style="dim"))
        else:
            head.update(member_heading(member, today))
            for i, t in enumerate(member.training):
                training.add_row(Text(t.kind.value), Text(_fmt_day(t.completed)), key=str(i))
            for i, v in enumerate(member.insight_visits):
                visits.add_row(
                    Text(_fmt_day(v.date)),
                    Text(v.organisation.value),
                    Text(_clip(v.note) or "—", no_wrap=True),
                    key=str(i),
                )
        for table, row in ((training, training_row), (visits, visits_row)):
            if table.row_count:
                table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        self._hint("#training-empty", training.row_count == 0, "No training yet: press t.")
        self._hint("#visits-empty", visits.row_count == 0, "No visits yet: press v.")
        self.show_visit_note()
        self.show_month()

    def show_visit_note(self) -> None:
        """The highlighted visit's whole note, under the visits (the table cuts it short)."""
        member = self.selected_member()
        visits = self.query_one("#visits-table", DataTable)
        note = self.query_one("#visit-note", Static)
        visit = None
        if member is not None and 0 <= visits.cursor_row < len(member.insight_visits):
            visit = member.insight_visits[visits.cursor_row]
        if visit is None or not visit.note:
            note.update("")
            note.display = False
            return
        org = ORGANISATIONS[visit.organisation].name
        text = Text()
        text.append(f"{_fmt_day(visit.date)}, {org}: ", style="bold")
        text.append(visit.note)
        note.update(text)
        note.display = True

    def _hint(self, selector: str, show: bool, text: str) -> None:
        hint = self.query_one(selector, Static)
        hint.update(text if show else "")
        hint.display = show

    # My month -------------------------------------------------------------------------------
    def show_month(self) -> None:
        panel = self.query_one("#month-panel", Vertical)
        panel.border_title = plain(f"My month: {month_label(*self.month)}")
        body = self.query_one("#month-figures", Static)
        member = self.selected_member()
        if member is None:
            body.update(Text("Choose a keyworker to see their month.", style="dim"))
            return
        error = self.month_errors.get(self.month)
        if error:
            body.update(Text(f"Could not count {month_label(*self.month)}: {error}"))
            return
        figures = self.month_figures.get(self.month)
        mine = None
        if figures is not None:
            mine = figures.get(member.id, MonthFigures(member.id, self.month))
        body.update(month_text(mine, self.month, member.id))

    def count_month(self) -> None:
        """Count the shown month in a worker unless it has been counted already."""
        if self.month not in self.month_figures:
            self.month_errors.pop(self.month, None)
            self._count(self.month)
        self.show_month()

    @work(thread=True, exclusive=True, group="my-month", exit_on_error=False)
    def _count(self, month: Month) -> None:
        try:
            figures = self.casebook.my_month(*month)
        except (StoreError, OSError, ValueError) as exc:
            self.app.call_from_thread(self._month_failed, month, str(exc))
            return
        self.app.call_from_thread(self._month_counted, month, figures)

    def _month_counted(self, month: Month, figures: dict[str, MonthFigures]) -> None:
        self.month_figures[month] = figures
        if self.is_attached and month == self.month:
            self.show_month()

    def _month_failed(self, month: Month, problem: str) -> None:
        self.month_errors[month] = problem
        if self.is_attached and month == self.month:
            self.show_month()

    def action_month(self, step: int) -> None:
        today = self.casebook.today
        if step > 0:
            if self.month >= (today.year, today.month):
                self.notify(
                    f"{month_label(*self.month)} is this month: later ones have not happened yet.",
                    severity="warning",
                )
                return
            self.month = next_month(*self.month)
        else:
            self.month = previous_month(*self.month)
        self.count_month()

    # Events ---------------------------------------------------------------------------------
    @on(DataTable.RowHighlighted, "#staff-table")
    def _member_highlighted(self) -> None:
        self.show_member()

    @on(DataTable.RowHighlighted, "#visits-table")
    def _visit_highlighted(self) -> None:
        self.show_visit_note()

    @on(DataTable.RowSelected, "#staff-table")
    def _member_selected(self) -> None:
        self.query_one("#training-table", DataTable).focus()

    # Actions --------------------------------------------------------------------------------
    def action_back(self) -> None:
        """Esc: from the training or visits back to the list; from the list, leave."""
        if self.focused is not self.table:
            self.table.focus()
            return
        self.dismiss(None)

    def _need_member(self, doing: str) -> StaffMember | None:
        member = self.selected_member()
        if member is None:
            self.notify(f"Add or highlight a staff member to {doing} first.", severity="warning")
        return member

    def _after_change(self, staff_id: object) -> None:
        if isinstance(staff_id, str):
            self.reload(select=staff_id)

    def action_add_member(self) -> None:
        self.app.push_screen(StaffMemberModal(), self._after_change)

    def action_edit_member(self) -> None:
        member = self._need_member("edit")
        if member is not None:
            self.app.push_screen(StaffMemberModal(member), self._after_change)

    def action_add_training(self) -> None:
        member = self._need_member("add training")
        if member is not None:
            self.app.push_screen(TrainingModal(member), self._after_change)

    def action_add_visit(self) -> None:
        member = self._need_member("add a visit")
        if member is not None:
            self.app.push_screen(InsightVisitModal(member), self._after_change)

    def action_remove(self) -> None:
        member = self._need_member("remove training or a visit")
        if member is None:
            return
        training = self.query_one("#training-table", DataTable)
        visits = self.query_one("#visits-table", DataTable)
        if self.focused is training and member.training:
            index = training.cursor_row
            t = member.training[index]
            what = f"the {t.kind.value} training of {_fmt_day(t.completed)}"
            kind = "training"
        elif self.focused is visits and member.insight_visits:
            index = visits.cursor_row
            v = member.insight_visits[index]
            what = f"the {v.organisation.value} visit of {_fmt_day(v.date)}"
            kind = "visit"
        else:
            self.notify(
                "Tab to the training or the visits, highlight the one to remove, then press "
                "Delete.",
                severity="warning",
            )
            return

        def remove(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                if kind == "training":
                    self.casebook.remove_training(member.id, index)
                else:
                    self.casebook.remove_insight_visit(member.id, index)
            except (StoreError, ValueError) as exc:
                self.notify(str(exc), severity="error", timeout=8, markup=False)
                return
            self.reload(select=member.id)
            self.notify(f"Removed {what} from {member.name}'s record.", markup=False)

        self.app.push_screen(
            ConfirmModal(f"Remove {what} from {member.name}'s record?", "Remove"), remove
        )

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "New staff member", "Add someone to the team (n)", self.action_add_member
        )
        yield SystemCommand(
            "Edit staff member", "Change the highlighted name or role (e)", self.action_edit_member
        )
        yield SystemCommand(
            "Add training", "FAMA, 12-step or SMART facilitation (t)", self.action_add_training
        )
        yield SystemCommand(
            "Add insight visit", "A meeting sat in on for insight (v)", self.action_add_visit
        )
        yield SystemCommand(
            "Remove training or visit", "The highlighted one (Delete)", self.action_remove
        )
        yield SystemCommand(
            "Month before", "My month: the month before ([)", lambda: self.action_month(-1)
        )
        yield SystemCommand(
            "Month after", "My month: the month after (])", lambda: self.action_month(1)
        )
        yield SystemCommand("Back", "Leave the staff screen (Esc)", self.action_back)


# --------------------------------------------------------------------------- dialogs

_MODAL_BINDINGS: list[BindingType] = [
    Binding("ctrl+s", "save", "Save", priority=True),
    Binding("escape", "cancel", "Cancel"),
    Binding("f1", "app.help", "Help"),
    Binding("question_mark", "app.help", "Help", show=False),
]

_DATE_HELP = """\
Dates may be typed as `14/3` (the latest 14 March), `2026-03-14`, `today`, `yesterday`,
`-7` (a week ago), `2w ago` or `fri` (the latest Friday). The line under the field shows
the date understood. A date in the future is refused.
"""


class _StaffDialog(FamaModal):
    """Shared by the three staff dialogs: Ctrl+S saves, Esc cancels, errors beside fields."""

    CSS_PATH = "staff.tcss"
    BINDINGS: ClassVar[list[BindingType]] = _MODAL_BINDINGS
    FIELDS: ClassVar[tuple[str, ...]] = ()

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        if event.button.has_class("save"):
            self.action_save()
        else:
            self.action_cancel()

    def show_errors(self, errors: dict[str, str]) -> None:
        """One sentence beside each field that needs fixing; focus the first of them."""
        for name in self.FIELDS:
            message = errors.get(name, "")
            self.query_one(f"#error-{name}", Static).update(message)
            field = self.query_one(f"#field-{name}")
            field.set_class(bool(message), "-invalid")
        first = next((name for name in self.FIELDS if name in errors), None)
        if first:
            self.query_one(f"#field-{first}").focus()

    def update_date_hint(self, text: str) -> date | None:
        """Show the date understood under the date field; the date, or None."""
        hint = self.query_one("#date-hint", Static)
        if not text.strip():
            hint.update(Text(f"Enter {PAST_HINT}.", style="dim"))
            return None
        try:
            day = parse_past_day(text, self.casebook.today)
        except DateTextError as exc:
            hint.update(Text(str(exc), style="dim"))
            return None
        hint.update(Text(f"Understood: {describe_day(day, self.casebook.today)}"))
        return day

    @on(Input.Changed, "#field-date")
    def _date_changed(self, event: Input.Changed) -> None:
        self.update_date_hint(event.value)

    def buttons(self, save_label: str) -> ComposeResult:
        with Horizontal(classes="staff-buttons"):
            yield Button(plain(f"{save_label} (Ctrl+S)"), classes="save", variant="primary")
            yield Button("Cancel (Esc)", classes="cancel")


class StaffMemberModal(_StaffDialog):
    """Add a staff member, or change one's name and role. Dismisses with the id, or None."""

    AUTO_FOCUS = "#field-id"
    FIELDS = ("id", "name", "role")
    HELP = """\
# Add or edit a staff member

* **Id**: initials, such as `JB`, 1 to 12 letters or digits, unique. It is the keyworker on
  client records, so it cannot be changed once saved.
* **Name**: as colleagues know them.
* **Role**: keyworker, team leader, peer mentor and the like.

| Key | Does |
|---|---|
| Tab / Enter | Next field (Enter on the last one saves) |
| Ctrl+S | Save |
| Esc | Cancel without saving |
"""

    def __init__(self, member: StaffMember | None = None) -> None:
        super().__init__()
        self.member = member

    def compose(self) -> ComposeResult:
        with Vertical(id="member-box", classes="staff-box") as box:
            box.border_title = plain(
                f"Edit {self.member.id}" if self.member is not None else "New staff member"
            )
            yield Label("Id (initials)", classes="field-label")
            yield NoQuestionInput(placeholder="e.g. JB", id="field-id", max_length=12)
            yield Static("", id="error-id", classes="field-error", markup=False)
            yield Label("Name", classes="field-label")
            yield Input(placeholder="e.g. Jo Bramley", id="field-name", max_length=80)
            yield Static("", id="error-name", classes="field-error", markup=False)
            yield Label("Role", classes="field-label")
            yield Input(placeholder="keyworker", id="field-role", max_length=40)
            yield Static("", id="error-role", classes="field-error", markup=False)
            yield from self.buttons("Save")
        yield Footer()

    def on_mount(self) -> None:
        form = StaffForm.from_member(self.member) if self.member else StaffForm()
        for name in self.FIELDS:
            self.query_one(f"#field-{name}", Input).value = getattr(form, name)
        if self.member is not None:
            staff_id = self.query_one("#field-id", Input)
            staff_id.disabled = True
            staff_id.tooltip = "An id cannot be changed: it is the keyworker on client records."
            self.query_one("#field-name", Input).focus()

    def action_save(self) -> None:
        form = StaffForm(**{n: self.query_one(f"#field-{n}", Input).value for n in self.FIELDS})
        try:
            member = self.casebook.save_staff_member(
                form, editing=self.member.id if self.member else None
            )
        except FormErrors as exc:
            self.show_errors(exc.errors)
            return
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8, markup=False)
            return
        self.notify(f"Saved {member.name} ({member.id}).", markup=False)
        self.dismiss(member.id)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "field-role":
            self.action_save()
        else:
            self.focus_next()


class TrainingModal(_StaffDialog):
    """Add training: the kind (a quick pick) and the date. Dismisses with the id, or None."""

    AUTO_FOCUS = "#field-kind"
    FIELDS = ("kind", "date")
    HELP = f"""\
# Add training

The training register for self-assessment item 4.3: **FAMA**, **12-step facilitation**
(TSF) and **SMART facilitation**. The first kind the person does not have yet is picked for
you; Up and Down pick another.

{_DATE_HELP}
| Key | Does |
|---|---|
| Up / Down | Pick the kind |
| Enter | Next field; in the date, save |
| Ctrl+S | Save |
| Esc | Cancel without saving |
"""

    def __init__(self, member: StaffMember) -> None:
        super().__init__()
        self.member = member

    def compose(self) -> ComposeResult:
        with Vertical(id="training-box", classes="staff-box") as box:
            box.border_title = plain(f"Add training for {self.member.name}")
            yield Label("Training", classes="field-label")
            yield OptionList(
                *[Option(Text(kind.value), id=kind.name) for kind in TrainingKind],
                id="field-kind",
            )
            yield Static("", id="error-kind", classes="field-error", markup=False)
            yield Label("Completed on", classes="field-label")
            yield NoQuestionInput(placeholder="e.g. 14/3, today, -7", id="field-date")
            yield Static("", id="date-hint", classes="staff-hint", markup=False)
            yield Static("", id="error-date", classes="field-error", markup=False)
            yield from self.buttons("Add training")
        yield Footer()

    def on_mount(self) -> None:
        have = {t.kind for t in self.member.training}
        kinds = list(TrainingKind)
        missing = [i for i, k in enumerate(kinds) if k not in have]
        self.query_one("#field-kind", OptionList).highlighted = missing[0] if missing else 0
        self.update_date_hint("")

    def chosen_kind(self) -> TrainingKind | None:
        index = self.query_one("#field-kind", OptionList).highlighted
        return list(TrainingKind)[index] if index is not None else None

    @on(OptionList.OptionSelected, "#field-kind")
    def _kind_chosen(self) -> None:
        self.query_one("#field-date", Input).focus()

    @on(Input.Submitted, "#field-date")
    def _date_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        errors: dict[str, str] = {}
        kind = self.chosen_kind()
        if kind is None:
            errors["kind"] = "Choose the training."
        day: date | None = None
        try:
            day = parse_past_day(
                self.query_one("#field-date", Input).value, self.casebook.today, "A training date"
            )
        except DateTextError as exc:
            errors["date"] = str(exc)
        if errors or kind is None or day is None:
            self.show_errors(errors)
            return
        try:
            member = self.casebook.add_training(self.member.id, kind, day)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8, markup=False)
            return
        except ValueError as exc:
            self.show_errors({"date": str(exc)})
            return
        self.notify(f"Added {kind.value} training ({_fmt_day(day)}) for {member.name}.")
        self.dismiss(member.id)


class InsightVisitModal(_StaffDialog):
    """Add a meeting sat in on for insight. Dismisses with the id, or None."""

    AUTO_FOCUS = "#field-date"
    FIELDS = ("date", "organisation", "note")
    HELP = f"""\
# Add an insight visit

An open mutual aid meeting this person sat in on to understand it (self-assessment items 3.5
and 3.6): the date, the organisation and a short note of what they learnt or who they met
(at most {NOTE_MAX} characters).

{_DATE_HELP}
| Key | Does |
|---|---|
| Tab | Next field |
| Enter | On the organisation: open the list; in the note: save |
| Ctrl+S | Save |
| Esc | Cancel without saving |
"""

    def __init__(self, member: StaffMember) -> None:
        super().__init__()
        self.member = member

    def compose(self) -> ComposeResult:
        with Vertical(id="visit-box", classes="staff-box") as box:
            box.border_title = plain(f"Add an insight visit for {self.member.name}")
            yield Label("Date of the meeting", classes="field-label")
            yield NoQuestionInput(placeholder="e.g. 14/3, yesterday, tue", id="field-date")
            yield Static("", id="date-hint", classes="staff-hint", markup=False)
            yield Static("", id="error-date", classes="field-error", markup=False)
            yield Label("Organisation", classes="field-label")
            yield Select(
                [(Text(f"{code.value} · {org.name}"), code) for code, org in ORGANISATIONS.items()],
                prompt="Choose the organisation",
                id="field-organisation",
            )
            yield Static("", id="error-organisation", classes="field-error", markup=False)
            yield Label("Note (optional)", classes="field-label")
            yield Input(
                placeholder="What you learnt, who you met", id="field-note", max_length=NOTE_MAX
            )
            yield Static("", id="error-note", classes="field-error", markup=False)
            yield from self.buttons("Add visit")
        yield Footer()

    def on_mount(self) -> None:
        self.update_date_hint("")

    @on(Input.Submitted, "#field-date")
    def _date_submitted(self) -> None:
        self.query_one("#field-organisation", Select).focus()

    @on(Select.Changed, "#field-organisation")
    def _organisation_chosen(self) -> None:
        if self.query_one("#field-organisation", Select).value is not Select.NULL:
            self.query_one("#field-note", Input).focus()

    @on(Input.Submitted, "#field-note")
    def _note_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        errors: dict[str, str] = {}
        day: date | None = None
        try:
            day = parse_past_day(
                self.query_one("#field-date", Input).value, self.casebook.today, "A visit date"
            )
        except DateTextError as exc:
            errors["date"] = str(exc)
        organisation = self.query_one("#field-organisation", Select).value
        if not isinstance(organisation, OrgCode):
            errors["organisation"] = "Choose the organisation whose meeting it was."
        note = self.query_one("#field-note", Input).value
        if errors or day is None or not isinstance(organisation, OrgCode):
            self.show_errors(errors)
            return
        try:
            member = self.casebook.add_insight_visit(self.member.id, day, organisation, note)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8, markup=False)
            return
        except ValueError as exc:
            field = "date" if "date" in str(exc) else "note"
            self.show_errors({field: str(exc)})
            return
        self.notify(
            f"Added a {organisation.value} visit ({_fmt_day(day)}) for {member.name}.",
            markup=False,
        )
        self.dismiss(member.id)


class ConfirmModal(FamaModal):
    """Ask before removing something. Dismisses with True (y) or False (n, Esc)."""

    AUTO_FOCUS = "#confirm-no"
    CSS_PATH = "staff.tcss"
    HELP = """\
# Are you sure?

| Key | Does |
|---|---|
| y | Yes, remove it |
| n or Esc | No, keep it |
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, question: str, yes: str) -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="staff-box") as box:
            box.border_title = "Are you sure?"
            yield Static(self.question, id="confirm-question", markup=False)
            with Horizontal(classes="staff-buttons"):
                yield Button(plain(f"{self.yes} (y)"), id="confirm-yes", variant="error")
                yield Button("Keep (n / Esc)", id="confirm-no")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")
