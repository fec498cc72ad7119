"""The follow-up's handover question: for a goal with someone linked to meet the client or
go with them, did they (m met them there, w went with them, d did not meet them, u not
said). Asked by name ("Did Sam, AA health liaison meet them?"), the name shown as typed.

Counts towards self-assessment 4.4 (clients accompanied) and shows on the care-plan review.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Label

from fama.conversation.handover_words import linked_words
from fama.models.goal import Support
from fama.models.review import Handover
from fama.tui.widgets.follow_up_choices import RowChoice

__all__ = ["HANDOVER_UNSAID", "HandoverChoice", "HandoverRow", "handover_question"]

HANDOVER_UNSAID = "unsaid"

NAME_ROOM = 40
"""The most of a linked person's name the question shows (the rest becomes an ellipsis),
so a long one takes three lines of the label at most."""


def handover_question(support: Support) -> str:
    """``Did Sam, AA health liaison meet them?``: plain text holding what a person typed,
    to show with markup off (each choice beside it shows its key)."""
    who = " ".join(linked_words(support).split())
    if len(who) > NAME_ROOM:
        who = who[: NAME_ROOM - 1].rstrip() + "…"
    return f"Did {who} meet them?"


class HandoverChoice(RowChoice):
    """Did the person linked in stage 2 meet them there (m), go with them (w), or not meet
    them (d); u when it was not said. The choice follows the cursor, Enter moves on; on a
    narrow screen the four choices take two lines."""

    WRAPS = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,up", "step(-1)", "Previous", show=False, id="handover-choice.previous"),
        Binding("right,down", "step(1)", "Next", show=False, id="handover-choice.next"),
        Binding(
            "m", f"choose('{Handover.MET.value}')", "Met", show=False, id="handover-choice.met"
        ),
        Binding(
            "w",
            f"choose('{Handover.WENT_WITH.value}')",
            "Went with",
            show=False,
            id="handover-choice.went-with",
        ),
        Binding(
            "d",
            f"choose('{Handover.DID_NOT.value}')",
            "Did not",
            show=False,
            id="handover-choice.did-not",
        ),
        Binding(
            "u", f"choose('{HANDOVER_UNSAID}')", "Not said", show=False, id="handover-choice.unsaid"
        ),
        Binding("enter", "next_field", "Next field", show=False, id="handover-choice.next-field"),
    ]

    CHOICES: ClassVar[tuple[tuple[str, str], ...]] = (
        (Handover.MET.value, "met there (m)"),
        (Handover.WENT_WITH.value, "went with (w)"),
        (Handover.DID_NOT.value, "did not (d)"),
        (HANDOVER_UNSAID, "not said (u)"),
    )

    DEFAULT = HANDOVER_UNSAID
    TOOLTIP = "m met them there, w went with them, d did not meet them, u not said"

    @property
    def value(self) -> Handover | None:
        chosen = self.chosen
        return Handover(chosen) if chosen and chosen != HANDOVER_UNSAID else None


class HandoverRow(Horizontal):
    """One row of a goal's follow-up: the question naming the person linked (markup off:
    their name is typed text), wrapped within the labels' column, then the choice."""

    DEFAULT_CSS = """
    HandoverRow > .row-label {
        padding-right: 1;
    }
    """

    def __init__(self, support: Support, *, choice_id: str) -> None:
        super().__init__(classes="field-row handover-row")
        self.support = support
        self.choice_id = choice_id

    def compose(self) -> ComposeResult:
        yield Label(handover_question(self.support), classes="row-label", markup=False)
        yield HandoverChoice(id=self.choice_id)

    @property
    def value(self) -> Handover | None:
        """What was said; None when it was not."""
        return self.query_one(HandoverChoice).value

    def fill(self, said: object) -> None:
        """Choose what an answer given before said (anything else: not said)."""
        known = {h.value for h in Handover}
        self.query_one(HandoverChoice).action_choose(
            str(said) if said in known else HANDOVER_UNSAID
        )
