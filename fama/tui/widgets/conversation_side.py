"""The panel beside the chat: who the client is, where they are in FAMA, their open goals,
and the handouts that answer what they have said.

Pure rendering of lines; the conversation screen decides when to refresh it. Everything
typed by a person is shown as ``Text`` (markup off).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from fama.conversation.outcomes import goal_state_words
from fama.models import ClientRecord, Meeting
from fama.models.common import label_list
from fama.models.vocab import Stage
from fama.text.dates import short_day

HINT = "Ctrl+O shows the highlighted handout to the client; Ctrl+G logs it as given."


@dataclass(frozen=True)
class Suggested:
    """One handout suggested for what the client said."""

    handout_id: str
    title: str
    matched: tuple[str, ...]
    """The words of theirs that brought it up."""
    given: bool = False
    """This client has been given it already."""


STAGE_NAMES = ((1, "Introduce and explore"), (2, "Connect"), (3, "Follow up"))
_STAGE_NUMBER = {Stage.NOT_STARTED: 0, Stage.INTRODUCE: 1, Stage.CONNECT: 2, Stage.FOLLOW_UP: 3}


def client_card(record: ClientRecord, today: date) -> Text:
    """The client in a few lines beside the conversation (code, stage, goals, what is due)."""
    client = record.client
    lines = [
        f"{client.code} · keyworker {client.keyworker}",
        f"{client.postcode_district}"
        + (" · for a family member" if client.for_family else "")
        + (f" · {label_list(client.substances)}" if client.substances else ""),
        f"Past mutual aid: {client.prior_experience.value}",
    ]
    if client.declined is not None:
        revisit = client.declined.revisit_on
        lines.append(
            f"Said not for now on {short_day(client.declined.on, today)}"
            + (f"; revisit {short_day(revisit, today)}" if revisit else "")
        )
    if client.next_review:
        lines.append(f"Next care-plan review: {short_day(client.next_review, today)}")
    return Text("\n".join(lines))


def stage_tracker(client_stage: Stage, current: int | None, reached_now: int) -> Text:
    """1-2-3 with a tick for each stage done and an arrow at the stage being talked about.

    A stage is done when the client has been through it before (their recorded stage is
    later) or this conversation has moved past it.
    """
    before = _STAGE_NUMBER[client_stage]
    text = Text()
    for number, name in STAGE_NAMES:
        if current == number:
            mark, style = "▶", "bold"
        elif number < max(before, reached_now) or (current is None and number <= reached_now):
            mark, style = "✓", ""
        else:
            mark, style = "·", "dim"
        text.append(f" {mark} {number} {name}\n", style=style)
    text.rstrip()
    return text


def goal_lines(record: ClientRecord, meetings: Mapping[str, Meeting], today: date) -> Text:
    """Each open goal: its words, its meeting, when to go and the date agreed to talk
    about it (the follow-up falls due then), and its state."""
    goals = sorted((g for g in record.goals if g.status.is_open), key=lambda g: g.follow_up_on)
    if not goals:
        return Text("No open goals.", style="dim")
    lines = []
    for goal in goals:
        meeting = meetings.get(goal.meeting_id or "")
        where = f"\n  {meeting.organisation.value} {meeting.name}" if meeting else ""
        state = goal_state_words(goal, today) if goal.follow_up_on <= today else goal.status.value
        lines.append(
            f"• {goal.wording}{where}\n  go by {short_day(goal.target_date, today)}"
            f" · talk {short_day(goal.follow_up_on, today)}\n  {state}"
        )
    return Text("\n".join(lines))


class ConversationSide(Vertical):
    """Client card, stage tracker, open goals and suggested handouts."""

    def compose(self) -> ComposeResult:
        yield Static(id="side-card", classes="side-section")
        yield Static(id="side-stages", classes="side-section")
        yield Static(id="side-goals", classes="side-section")
        handouts = OptionList(id="side-handouts", classes="side-section")
        handouts.border_title = "Handouts for what they said"
        yield handouts
        yield Static(HINT, id="side-handouts-hint", classes="side-hint", markup=False)

    suggestions: dict[str, Suggested]

    def on_mount(self) -> None:
        self.suggestions = {}
        self.query_one("#side-card").border_title = "Client"
        self.query_one("#side-stages").border_title = "FAMA stages"
        self.query_one("#side-goals").border_title = "Open goals"
        self.show_handouts([])

    def show_client(
        self,
        record: ClientRecord,
        meetings: Mapping[str, Meeting],
        *,
        current_stage: int | None,
        reached_now: int,
        today: date,
    ) -> None:
        self.query_one("#side-card", Static).update(client_card(record, today))
        self.query_one("#side-stages", Static).update(
            stage_tracker(record.client.stage, current_stage, reached_now)
        )
        self.query_one("#side-goals", Static).update(goal_lines(record, meetings, today))

    def show_handouts(self, suggestions: Sequence[Suggested]) -> None:
        """The handouts for what the client said, best first; ✓ marks one already given."""
        self.suggestions = {s.handout_id: s for s in suggestions}
        options = self.query_one("#side-handouts", OptionList)
        highlighted = options.highlighted
        previous = options.get_option_at_index(highlighted).id if highlighted is not None else None
        options.clear_options()
        if not suggestions:
            options.add_option(
                Option(
                    Text("None yet: they follow what the client says in their own words."),
                    disabled=True,
                )
            )
            self._explain(None)
            return
        options.add_options(
            [
                Option(Text(("✓ " if s.given else "  ") + s.title), id=s.handout_id)
                for s in suggestions
            ]
        )
        ids = [s.handout_id for s in suggestions]
        options.highlighted = ids.index(previous) if previous in ids else 0
        self._explain(ids[options.highlighted])

    @on(OptionList.OptionHighlighted, "#side-handouts")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._explain(event.option.id)

    def _explain(self, handout_id: str | None) -> None:
        """Under the list: why the highlighted handout came up, and whether it was given."""
        hint = self.query_one("#side-handouts-hint", Static)
        found = self.suggestions.get(handout_id or "")
        if found is None:
            hint.update(HINT)
            return
        said = {" ".join(w.replace("…", " ").split()): w for w in reversed(found.matched)}
        words = ", ".join(f"“{w}”" for w in reversed(list(said.values())))
        given = "Given already (✓). " if found.given else ""
        hint.update(f"{given}They said: {words}. Ctrl+O shows it; Ctrl+G logs it as given.")

    def highlighted_handout(self) -> str | None:
        options = self.query_one("#side-handouts", OptionList)
        if options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        return None if option.disabled else option.id
