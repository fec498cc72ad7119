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

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from fama.errors import StoreError
from fama.models.organisations import ORGANISATIONS
from fama.models.staff import StaffMember
from fama.tui.screens.dialogs.staff_dialogs import (
    ConfirmModal,
    LeftModal,
    StaffMemberModal,
    fmt_day,
)
from fama.tui.screens.dialogs.staff_evidence_dialogs import InsightVisitModal, TrainingModal
from fama.tui.screens.staff_month import StaffMonth
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.panels import DetailsPanel
from fama.tui.widgets.staff_text import clip_note, member_heading, training_summary
from fama.tui.widgets.tables import move_to_key, selected_key
from fama.tui.widgets.title_bar import TitleBar

NARROW_BELOW = 83 + 2 + 40 + 1
"""Narrower than this, the list sits above the highlighted person's training and visits:
side by side they need the list's 83 columns and the details' 40 (staff.tcss), with their
margins."""


class StaffScreen(StaffMonth):
    """The staff list: training, insight visits, who has left, and a keyworker's month."""

    TITLE = "Staff"
    CSS_PATH = "staff.tcss"
    AUTO_FOCUS = "#staff-table"
    HELP_PAGE = "staff"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="staff.back"),
        Binding("n", "add_member", "New", id="staff.add-member"),
        Binding("e", "edit_member", "Edit", id="staff.edit-member"),
        Binding("t", "add_training", "Training", id="staff.add-training"),
        Binding("v", "add_visit", "Visit", id="staff.add-visit"),
        Binding("l", "left", "Left", id="staff.left"),
        Binding("h", "show_left", "Show left", id="staff.show-left"),
        Binding("m", "my_month", "My month", show=False, id="staff.my-month"),
        Binding("delete,x", "remove", "Remove", key_display="Del", id="staff.remove"),
        Binding(
            "left_square_bracket",
            "month(-1)",
            "Month before",
            key_display="[",
            id="staff.previous-month",
        ),
        Binding(
            "right_square_bracket",
            "month(1)",
            "Month after",
            key_display="]",
            id="staff.next-month",
        ),
    ]

    PALETTE: ClassVar[dict[str, tuple[str, str]]] = {
        "staff.add-member": ("New staff member", "Add someone to the team"),
        "staff.edit-member": ("Edit staff member", "Change the highlighted name or role"),
        "staff.add-training": ("Add training", "FAMA, 12-step or SMART facilitation"),
        "staff.add-visit": ("Add insight visit", "A meeting sat in on for insight"),
        "staff.left": ("Left the team", "The highlighted person's last day here"),
        "staff.show-left": ("Show or hide those who left", "The list with or without them"),
        "staff.my-month": ("My month or training", "On a narrow screen, swap the panels"),
        "staff.remove": ("Remove training or visit", "The highlighted one"),
        "staff.previous-month": ("Month before", "My month: the month before"),
        "staff.next-month": ("Month after", "My month: the month after"),
        "staff.back": ("Back", "Leave the staff screen"),
    }
    """The bindings the command palette offers, in its words (see fama.tui.palette)."""

    def __init__(self, keyworker: str | None = None) -> None:
        super().__init__()
        self.preselect = keyworker.strip().upper() if keyworker else None
        self.members: list[StaffMember] = []
        self.by_id: dict[str, StaffMember] = {}
        self.month = (1, 1)
        self.month_figures = {}
        self.month_errors = {}
        self.show_left = False
        """Whether the list shows those who have left (hidden by default)."""

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
            with DetailsPanel(id="staff-details"):
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
        yield FamaFooter()

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
            self.members = self.casebook.staff.members()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        today = self.casebook.today
        gone = [m for m in self.members if not m.on_staff(today)]
        if not self.show_left:
            self.members = [m for m in self.members if m.on_staff(today)]
        self.by_id = {m.id: m for m in self.members}
        table = self.table
        old_row = table.cursor_row
        table.clear()
        for member in self.members:
            name = member.name if member.on_staff(today) else f"{member.name} (left)"
            table.add_row(
                Text(member.id),
                Text(name, overflow="ellipsis", no_wrap=True),
                Text(training_summary(member)),
                Text(str(len(member.insight_visits)), justify="right"),
                key=member.id,
            )
        active = sum(1 for m in self.members if m.on_staff(today))
        self.sub_title = f"{active} active staff" if self.members or gone else "no staff yet"
        if gone:
            shown = "shown, h hides them" if self.show_left else "h shows them"
            self.sub_title += f" · {len(gone)} left ({shown})"
        empty = self.query_one("#staff-empty", Static)
        if gone and not self.members:
            empty.update("Everyone on the list has left. Press h to show them, n to add someone.")
        else:
            empty.update("No staff yet. Press n to add the first person.")
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
                training.add_row(Text(t.kind.value), Text(fmt_day(t.completed)), key=str(i))
            for i, v in enumerate(member.insight_visits):
                visits.add_row(
                    Text(fmt_day(v.date)),
                    Text(v.organisation.value),
                    Text(clip_note(v.note) or "—", no_wrap=True),
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
        text.append(f"{fmt_day(visit.date)}, {org}: ", style="bold")
        text.append(visit.note)
        note.update(text)
        note.display = True

    def _hint(self, selector: str, show: bool, text: str) -> None:
        hint = self.query_one(selector, Static)
        hint.update(text if show else "")
        hint.display = show

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

    def action_left(self) -> None:
        member = self._need_member("say they left")
        if member is not None:
            self.app.push_screen(LeftModal(member), self._after_change)

    def action_show_left(self) -> None:
        self.show_left = not self.show_left
        self.reload()

    def action_my_month(self) -> None:
        """On a narrow screen, My month takes the place of the training and visits."""
        self.toggle_class("-month")

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_BELOW, "-narrow")

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
            what = f"the {t.kind.value} training of {fmt_day(t.completed)}"
            kind = "training"
        elif self.focused is visits and member.insight_visits:
            index = visits.cursor_row
            v = member.insight_visits[index]
            what = f"the {v.organisation.value} visit of {fmt_day(v.date)}"
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
                    self.casebook.staff.remove_training(member.id, member.training[index])
                else:
                    self.casebook.staff.remove_insight_visit(
                        member.id, member.insight_visits[index]
                    )
            except (StoreError, ValueError) as exc:
                self.notify(str(exc), severity="error", timeout=8, markup=False)
                return
            self.reload(select=member.id)
            self.notify(f"Removed {what} from {member.name}'s record.", markup=False)

        self.app.push_screen(
            ConfirmModal(f"Remove {what} from {member.name}'s record?", "Remove"), remove
        )
