"""A client's mutual aid history for a care-plan review, and the summary for the care plan.

What the keyworker needs at a review, on one screen: what changed since the last review,
attendance week by week (estimated from the follow-ups), how helpful it has been, the
involvement markers and the barriers that keep coming up, then every conversation, goal and
follow-up on a timeline. Beside it, a short summary to copy into the care plan.

Everything here comes from :mod:`fama.reviews.history` through the casebook; what a person
typed is shown with markup off.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from fama.errors import StoreError
from fama.text.dates import short_day
from fama.tui.screens.base import FamaScreen
from fama.tui.screens.dialogs.period_picker import PeriodPicker
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from fama.reviews.history import ReviewHistory
    from fama.reviews.timeline import TimelineEntry


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


BAR_WIDTH = 30
"""The longest bar; narrower panels get shorter ones (never under ``BAR_MIN``)."""
BAR_MIN = 8


def bar_width(room: int, label: int) -> int:
    """The bar length that fits ``room`` columns beside a ``label`` and its figure."""
    return max(BAR_MIN, min(BAR_WIDTH, room - label - 8))


def bar_chart(
    rows: list[tuple[str, float]], *, ceiling: float, whole: bool = False, width: int = BAR_WIDTH
) -> Text:
    """One labelled bar per row, scaled to ``ceiling``: a chart that reads the same in any
    terminal, colour or not, and in a screen reader."""
    text = Text()
    for label, value in rows:
        filled = round(width * value / ceiling) if ceiling else 0
        text.append(f"{label}  ")
        text.append("█" * filled, style="bold")
        text.append("·" * (width - filled), style="dim")
        text.append(f"  {value:.0f}\n" if whole else f"  {value:.1f}\n")
    text.rstrip()
    return text


def period_part(entry: TimelineEntry, history: ReviewHistory) -> str:
    """Where a timeline entry falls: after, in or before the period under review."""
    if entry.in_period:
        return f"in the period, {_day(history.since)} to {_day(history.until)}"
    return "after the period" if entry.when > history.until else "before the period"


def attendance_lines(history: ReviewHistory) -> str:
    """The period's follow-ups in a sentence; the meetings they reported are counted over
    the days they were reported for, which can start well before the period."""
    from fama.reviews.care_plan_summary import span_words
    from fama.reviews.words import plural, went_words

    if not history.follow_ups or history.reported_until is None:
        return "No follow-ups in the period."
    went = went_words(history.attended, history.follow_ups, history.all_did_not_go)
    text = f"{plural(history.follow_ups, 'follow-up')}: {went}"
    if not history.all_did_not_go:
        span = span_words(history.reported_from, history.reported_until)
        text += f"; {plural(history.meetings_total, 'meeting')} over {span}"
    if history.mean_helpfulness is not None:
        text += f"; helpfulness {history.mean_helpfulness:.1f} out of 10 on average"
    return text + "."


TITLES: dict[str, tuple[str, str]] = {
    "#review-changes": ("What changed in the period", "What changed"),
    "#review-attendance": ("Meetings per week (estimated)", "Meetings a week (estimated)"),
    "#review-helpfulness": ("How helpful, 0-10, each follow-up", "How helpful, 0-10"),
    "#review-involvement": ("Involvement", "Involvement"),
    "#review-barriers": ("Barriers that came up more than once", "Barriers, more than once"),
    "#review-timeline": ("Timeline, newest first", "Timeline, newest first"),
    "#review-summary-box": ("Summary for the care plan (Y copies)", "Care-plan summary (Y)"),
}
"""Each panel's title, and the shorter one it takes on a narrow screen (whole, never cut)."""

NARROW_BELOW = 110
"""Below this width the summary takes half the screen and the panels their short titles."""


class ReviewScreen(FamaScreen):
    """A care-plan review of one client's mutual aid: what happened in a period, and the
    summary for the care plan."""

    AUTO_FOCUS = "#review-body"
    CSS_PATH = "review.tcss"
    HELP_PAGE = "review"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="review.back"),
        Binding("d", "period", "Period", id="review.period"),
        Binding("y", "copy_summary", "Copy summary", id="review.copy-summary"),
        Binding("r", "record_review", "Record review", id="review.record-review"),
    ]

    PALETTE: ClassVar[dict[str, tuple[str, str]]] = {
        "review.period": ("Choose period", "From and to dates"),
        "review.copy-summary": ("Copy summary", "The care-plan summary to the clipboard"),
        "review.record-review": ("Record review", "A care-plan review was held"),
        "review.back": ("Back to client", "Return to the client"),
    }
    """The bindings the command palette offers, in its words (see fama.tui.palette)."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.title = f"Review · {code}"
        self.since: date | None = None
        self.until: date | None = None
        self.summary_text = ""
        self.history: ReviewHistory | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="review-columns"):
            with VerticalScroll(id="review-body"):
                yield Static(id="review-changes", classes="section", markup=False)
                with Vertical(id="review-attendance", classes="section"):
                    yield Static(id="attendance-words", markup=False)
                    yield Static(id="attendance-chart", classes="chart")
                with Vertical(id="review-helpfulness", classes="section"):
                    yield Static(id="helpfulness-chart", classes="chart")
                yield Static(id="review-involvement", classes="section", markup=False)
                yield Static(id="review-barriers", classes="section", markup=False)
                yield Static(id="review-timeline", classes="section", markup=False)
            with VerticalScroll(id="review-summary-box"):
                yield Static(id="review-summary", markup=False)
        yield FamaFooter()

    def on_mount(self) -> None:
        self.show_titles()
        self.show_history()

    def show_titles(self) -> None:
        narrow = self.size.width < NARROW_BELOW
        self.set_class(narrow, "-narrow")
        for selector, (long, short) in TITLES.items():
            self.query_one(selector).border_title = short if narrow else long

    def on_resize(self) -> None:
        self.show_titles()
        if self.history is not None:
            self.call_after_refresh(self.show_attendance, self.history)

    def show_history(self) -> None:
        try:
            history = self.casebook.reviews.history(self.code, self.since, self.until)
            self.summary_text = self.casebook.reviews.summary(
                self.code, "txt", history.since, history.until
            )
        except (StoreError, ValueError) as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.since, self.until = history.since, history.until
        self.history = history
        today = self.casebook.today
        basis = (
            f"since the care-plan review on {short_day(history.last_review, today)}"
            if history.last_review and history.last_review == history.since
            else f"from {short_day(history.since, today)}"
        )
        self.sub_title = f"{basis} to {short_day(history.until, today)}"
        self.query_one("#review-changes", Static).update(
            "\n".join(f"• {line}" for line in history.changes) or "Nothing recorded in the period."
        )
        self.show_attendance(history)
        involvement = [
            f"• {marker.value}: first {_day(first)}" + (f", {count} times" if count > 1 else "")
            for marker, first, count in history.involvement
        ]
        self.query_one("#review-involvement", Static).update(
            "\n".join(involvement) or "No involvement recorded yet."
        )
        barriers = [f"• {text} ({count} times)" for text, count in history.repeated_barriers]
        self.query_one("#review-barriers", Static).update(
            "\n".join(barriers) or "No barrier has come up more than once."
        )
        self.query_one("#review-timeline", Static).update(self.timeline_text(history))
        self.query_one("#review-summary", Static).update(self.summary_text)

    def show_attendance(self, history: ReviewHistory) -> None:
        """The words and the two charts, their bars as long as the panel has room for."""
        weeks = history.weekly_meetings
        self.query_one("#attendance-words", Static).update(attendance_lines(history))
        chart = [(f"w/c {monday.day:>2} {monday:%b}", count) for monday, count in weeks]
        room = self.query_one("#attendance-chart").content_size.width or BAR_WIDTH + 20
        self.query_one("#attendance-chart", Static).update(
            bar_chart(
                chart,
                ceiling=max((c for _, c in chart), default=0.0),
                width=bar_width(room, 10),
            )
            if any(count for _, count in chart)
            else Text("No meetings recorded in the period.", style="dim")
        )
        scores = [(f"{day.day:>2} {day:%b %y}", float(score)) for day, score in history.helpfulness]
        self.query_one("#helpfulness-chart", Static).update(
            bar_chart(scores, ceiling=10.0, whole=True, width=bar_width(room, 9))
            if scores
            else Text("No helpfulness scores yet.", style="dim")
        )

    @staticmethod
    def timeline_text(history: ReviewHistory) -> Text:
        """Newest first. Entries outside the period are dimmed, and a line says where the
        period starts and ends, so the difference does not rest on the dimming alone."""
        text = Text()
        marked = any(not entry.in_period for entry in history.timeline)
        part = ""
        for entry in history.timeline:
            if marked and period_part(entry, history) != part:
                part = period_part(entry, history)
                text.append(f"── {part} ──\n", style="italic")
            style = "" if entry.in_period else "dim"
            text.append(f"{_day(entry.when)} · {entry.title}\n", style=f"bold {style}".strip())
            for detail in entry.details:
                text.append(f"    {detail}\n", style=style)
        text.rstrip()
        return text if text.plain else Text("Nothing recorded yet.")

    # Actions -----------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_copy_summary(self) -> None:
        if not self.summary_text:
            return
        self.app.copy_to_clipboard(self.summary_text)
        self.notify(
            "Copied the summary: paste it into the care plan. (If your terminal does not "
            "pass copies on, select the text with the mouse.)",
            timeout=6,
        )

    def action_period(self) -> None:
        assert self.since is not None and self.until is not None
        self.app.push_screen(
            PeriodPicker(self.since, self.until, "The period to review"), self._period_chosen
        )

    def _period_chosen(self, period: tuple[date, date] | None) -> None:
        if period is not None:
            self.since, self.until = period
            self.show_history()

    def action_record_review(self) -> None:
        from fama.tui.screens.dialogs.record_review import RecordReviewModal

        self.app.push_screen(RecordReviewModal(self.code), self._review_recorded)

    def _review_recorded(self, saved: bool | None) -> None:
        if saved:
            self.since = self.until = None  # the new review starts the next period
            self.show_history()
