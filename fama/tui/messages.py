"""What the workers tell the screens: each worker posts one of these when it is done, and a
handler on the screen (``@on(...)``) acts on it. Workers compute; handlers own the state.

None of them bubbles: each is for the screen (or the app) whose worker posted it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from pathlib import Path

    from fama.assessment.evidence import Evidence
    from fama.assessment.period import Period
    from fama.staff.my_month import Month, MonthFigures


class EvidenceCounted(Message, bubble=False):
    """The self-assessment's evidence for ``period`` (and the period before) is counted."""

    def __init__(self, period: Period, now: Evidence, before: Evidence) -> None:
        super().__init__()
        self.period = period
        self.now = now
        self.before = before


class MonthCounted(Message, bubble=False):
    """My month's figures for ``month`` are counted (every staff member's)."""

    def __init__(self, month: Month, figures: dict[str, MonthFigures]) -> None:
        super().__init__()
        self.month = month
        self.figures = figures


class ExportSaved(Message, bubble=False):
    """The self-assessment export is counted and written, to ``target``."""

    def __init__(self, target: Path) -> None:
        super().__init__()
        self.target = target


class WorkFailed(Message, bubble=False):
    """A worker could not finish; ``problem`` is one sentence for the person, and ``month``
    the month My month was counting, when it was that worker."""

    def __init__(self, problem: str, month: Month | None = None) -> None:
        super().__init__()
        self.problem = problem
        self.month = month
