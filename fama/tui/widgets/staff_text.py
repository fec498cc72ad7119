"""The Staff screen's text: a person's training in one line, the heading of their
details, and their My month figures.

Rich ``Text`` (never markup) built from the staff records and the month's figures; the
screen decides where each goes. Nothing here reads a widget.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from fama.models.staff import StaffMember, TrainingKind
from fama.staff.my_month import Month, MonthFigures, month_label
from fama.text.dates import describe_day

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
NOTE_COLUMN = 48


def clip_note(text: str, width: int = NOTE_COLUMN) -> str:
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
    if member.login:
        out.append(f" · {member.access.value} access, login {member.login}")
    if not member.active:
        out.append(" · no longer here", style="bold")
    elif member.left_on is not None:
        verb = "left" if member.left_on < today else "last day"
        out.append(f" · {verb} {describe_day(member.left_on, today)}", style="bold")
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
