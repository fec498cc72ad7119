"""The service's mutual aid self-assessment (PHE 2013), filled in from practice data.

Every item of sections 1-5 in the tool's order, with the evidence fama can compute beside
it (numerator and denominator, and the change from the previous period), a suggested
rating from the figures, and the lead's own rating, comments and supporting evidence,
kept with who and when. The figures read every client record, so they are counted in a
worker thread; the screen stays usable meanwhile.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static

from fama.errors import StoreError
from fama.tui.messages import EvidenceCounted, WorkFailed
from fama.tui.plain import plain
from fama.tui.screens.assessment_layout import COLUMNS, side_by_side, table_width, title_width
from fama.tui.screens.assessment_rating import AssessmentRating
from fama.tui.screens.dialogs.assessment_dialogs import ExportModal
from fama.tui.widgets.assessment_text import annex_text, figures_text, rating_text
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.tables import move_to_key, selected_key
from fama.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from fama.assessment.evidence import Evidence
    from fama.assessment.items import Catalogue, Item
    from fama.assessment.model import Assessment, Rating
    from fama.assessment.period import Period

RATING_KEYS = {"1": "in place", "2": "partly in place", "3": "not in place", "0": "not assessed"}
ANNEX_ROWS = ("annex-1", "annex-2")


SHORT_BELOW = 30


class AssessmentScreen(AssessmentRating):
    """The mutual aid self-assessment: each item's rating, the evidence for it and a
    suggestion from the figures, for a period."""

    AUTO_FOCUS = "#assessment-items"
    CSS_PATH = "assessment.tcss"
    HELP_PAGE = "assessment"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="assessment.back"),
        Binding("1", "rate('in place')", "In place", id="assessment.rate-in-place"),
        Binding("2", "rate('partly in place')", "Partly", id="assessment.rate-partly-in-place"),
        Binding("3", "rate('not in place')", "Not in place", id="assessment.rate-not-in-place"),
        Binding(
            "0",
            "rate('not assessed')",
            "Not assessed",
            show=False,
            id="assessment.rate-not-assessed",
        ),
        Binding("a", "accept", "Accept", id="assessment.accept"),
        Binding("u", "undo_rating", "Undo", show=False, id="assessment.undo-rating"),
        Binding("c", "comment", "Comments", id="assessment.comment"),
        Binding("d", "period", "Period", id="assessment.period"),
        Binding("x", "export", "Export", id="assessment.export"),
    ]

    PALETTE: ClassVar[dict[str, tuple[str, str]]] = {
        "assessment.export": ("Export", "The whole tool to a file"),
        "assessment.period": ("Choose period", "From and to dates"),
        "assessment.comment": ("Comments", "Comments and supporting evidence"),
        "assessment.back": ("Back", "Return"),
    }
    """The bindings the command palette offers, in its words (see fama.tui.palette)."""

    def __init__(self, *, home: bool = False) -> None:
        super().__init__()
        self.home = home
        """The first screen (for a report login): there is nothing to go back to."""
        self.title = "Self-assessment"
        self.period: Period | None = None
        self.evidence: Evidence | None = None
        self.previous: Evidence | None = None
        self.assessment: Assessment | None = None
        self._catalogue: Catalogue | None = None
        self._title_width = 0
        self._undo: tuple[Period, str, Rating] | None = None
        """The last rating change: its period, the item, and the rating it replaced."""

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            from fama.assessment.items import load_catalogue

            self._catalogue = load_catalogue()
        return self._catalogue

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="assessment-columns"):
            table: DataTable[Text] = DataTable(
                id="assessment-items", cursor_type="row", zebra_stripes=True
            )
            yield table
            with VerticalScroll(id="assessment-detail", can_focus=True):
                yield Static(id="item-heading", markup=False)
                yield Static(id="item-criterion", markup=False)
                yield Static(id="item-rating", classes="section")
                yield Static(id="item-figures", classes="section")
        yield FamaFooter()

    def on_mount(self) -> None:
        self.layout_columns()
        self.query_one("#item-figures").border_title = "Evidence from fama's records"
        self.period = self.casebook.assessment.default_period()
        self.load()

    # Data --------------------------------------------------------------------------------------
    def load(self) -> None:
        assert self.period is not None
        self.query_one("#item-rating").border_title = plain(f"Rating for {self.period.label}")
        self.sub_title = f"{self.service} · {self.period.label} · counting the evidence…"
        try:
            self.assessment = self.casebook.assessment.load(self.service, self.period)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.evidence = self.previous = None
        self.fill_table()
        self.count_evidence(self.period)

    @work(thread=True, exclusive=True, group="evidence")
    def count_evidence(self, period: Period) -> None:
        try:
            now, before = self.casebook.assessment.evidence_and_before(period)
        except (StoreError, ValueError) as exc:
            self.post_message(WorkFailed(str(exc)))
            return
        self.post_message(EvidenceCounted(period, now, before))

    @on(WorkFailed)
    def _counting_failed(self, message: WorkFailed) -> None:
        self.notify(message.problem, severity="error", markup=False)

    @on(EvidenceCounted)
    def evidence_ready(self, message: EvidenceCounted) -> None:
        period, now, before = message.period, message.now, message.before
        if period != self.period:
            return  # the period changed while counting
        self.evidence, self.previous = now, before
        self.sub_title = f"{self.service} · {period.label} · {now.clients_read} client records read"
        self.fill_table()

    def suggestion(self, item_id: str) -> str | None:
        if self.evidence is None:
            return None
        from fama.assessment.ratings import suggest_rating

        return suggest_rating(item_id, self.evidence)

    def layout_columns(self) -> bool:
        """Stack the detail under the table, or set it beside it, and fit the name column
        to the width; True if the columns changed (the rows need adding again)."""
        width = self.size.width or self.app.size.width
        height = self.size.height or self.app.size.height
        wide = side_by_side(width)
        self.set_class(not wide, "-stacked")
        self.set_class(height < SHORT_BELOW, "-short")
        names = title_width(width, wide)
        table = self.query_one("#assessment-items", DataTable)
        if table.columns and self._title_width == names:
            return False
        self._title_width = names
        table.clear(columns=True)
        for label, key, size in COLUMNS:
            table.add_column(Text(label), key=key, width=names if key == "title" else size)
        table.styles.width = table_width(names)
        return True

    def on_resize(self) -> None:
        if self.layout_columns():
            self.fill_table()
        else:
            self.show_detail()  # an annex grid fits its names to the room

    def fill_table(self) -> None:
        table = self.query_one("#assessment-items", DataTable)
        keep = self.selected_id()
        table.clear()
        section = 0
        for item in self.catalogue.items:
            if item.section != section:
                section = item.section
                table.add_row(
                    Text(f"{section}", style="bold"),
                    Text(item.section_title, style="bold"),
                    Text(""),
                    Text(""),
                    key=f"section-{section}",
                )
            rating = self.assessment.rating_of(item.id) if self.assessment else None
            suggested = self.suggestion(item.id)
            waiting = "counting…" if self.evidence is None and item.evidence else "—"
            table.add_row(
                Text(item.id),
                Text(item.title, overflow="ellipsis", no_wrap=True),
                Text(rating.value if rating else "not assessed"),
                Text(suggested or waiting, style="dim"),
                key=item.id,
            )
        for annex in self.catalogue.annexes:
            table.add_row(
                Text(f"A{annex.number}"),
                Text(annex.title, overflow="ellipsis", no_wrap=True),
                Text(""),
                Text(""),
                key=annex.id,
            )
        if keep is not None:
            move_to_key(table, keep)
        self.show_detail()

    def selected_id(self) -> str | None:
        return selected_key(self.query_one("#assessment-items", DataTable))

    def selected_item(self) -> Item | None:
        item_id = self.selected_id()
        if item_id is None:
            return None
        try:
            return self.catalogue.item(item_id)
        except KeyError:
            return None

    # The detail panel --------------------------------------------------------------------------
    @on(DataTable.RowHighlighted, "#assessment-items")
    def _highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        selected = self.selected_id()
        heading = self.query_one("#item-heading", Static)
        criterion = self.query_one("#item-criterion", Static)
        figures = self.query_one("#item-figures", Static)
        rating = self.query_one("#item-rating", Static)
        if selected in ANNEX_ROWS:
            annex = next(a for a in self.catalogue.annexes if a.id == selected)
            heading.update(f"Annex {annex.number}: {annex.title}")
            criterion.update("Counted from the meeting directory: running meetings per weekday.")
            figures.update(self.annex_text(selected))
            rating.display = False
            return
        item = self.selected_item()
        rating.display = item is not None
        if item is None:
            section = selected.removeprefix("section-") if selected else ""
            heading.update(f"Section {section}")
            criterion.update("")
            figures.update("")
            return
        heading.update(f"{item.id} {item.title}")
        criterion.update(item.criterion)
        figures.update(figures_text(item, self.evidence, self.previous))
        rating.update(
            rating_text(
                self.assessment.rating_for(item.id) if self.assessment else None,
                self.suggestion(item.id),
            )
        )

    def annex_text(self, annex_id: str) -> Text:
        """An annex grid, its names as long as the detail has room for."""
        room = (self.query_one("#assessment-detail").size.width or 60) - 4
        return annex_text(annex_id, self.evidence, room)

    # Actions -----------------------------------------------------------------------------------
    def action_period(self) -> None:
        from fama.tui.screens.dialogs.period_picker import PeriodPicker

        assert self.period is not None
        self.app.push_screen(
            PeriodPicker(self.period.start, self.period.end, "The period to assess"),
            self._period,
        )

    def _period(self, chosen: tuple[date, date] | None) -> None:
        if chosen is None:
            return
        from fama.assessment.period import Period

        period = Period(*chosen)
        if period == self.period:
            return
        self.period = period
        self.load()
        self.notify(
            f"Now {period.label}: the ratings shown are those kept for this period "
            "(each period has its own).",
            timeout=6,
        )

    def action_export(self) -> None:
        if self.period is not None:
            self.app.push_screen(ExportModal(self.service, self.period))

    def action_back(self) -> None:
        if not self.home:
            self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No "Back" on the first screen."""
        return not (action == "back" and self.home)
