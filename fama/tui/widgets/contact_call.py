"""The warm handover in stage 2: ring a contact from the register while the client is there,
or put a contact's first name on My meeting plan instead.

:class:`ContactCall` lists the contacts who cover the goal's meeting, best first. Enter (or
c) shows the highlighted one's number to ring; then one key says how it went: r reached
(where and when they will meet the client, filled in with the usual place and the meeting's
time; Enter records), m left a message, n not reached (back to the list to ring the next).
0 goes on with the calls made, or with none. So a call that reaches someone is recorded in
three keys: Enter, r, Enter.

:class:`ContactOnPlan` offers the same list to a client who would rather not have a call
made: y (or Enter) puts the highlighted contact's first name on the plan, n (or 0) does not.

Names, roles and "when to call" come from the register, typed by a lead: always shown with
markup off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from fama.directory.handover import linked_person
from fama.text.words import cut_words
from fama.tui.widgets.answer_base import AnswerWidget

if TYPE_CHECKING:
    from fama.directory.handover import Offered

OUTCOME_WORDS = {
    "reached": "reached, agreed to meet",
    "message": "left a message",
    "not_reached": "not reached",
}


def contact_line(number: int, offered: Offered, mark: str = "", width: int = 0) -> Text:
    """One contact as the list shows them: name and role, organisation, and in a few words
    why they come where they do; cut at a word to ``width`` (0: whole), the call's outcome
    kept."""
    contact = offered.contact
    tags = [contact.organisation.value]
    if offered.covers_meeting:
        tags.append("this meeting")
    elif offered.covers_area:
        tags.append("this area")
    if offered.reachable_now is not None:
        tags.append("ring now" if offered.reachable_now else "not now")
    if offered.stale:
        tags.append("check details")
    head = f"{number:>2}  "
    tail = f"  [{mark}]" if mark else ""
    text = f"{linked_person(contact)} · {' · '.join(tags)}"
    if width:
        text = cut_words(text, max(width - len(head) - len(tail), 10))
    return Text(head + text + tail)


def contact_details(offered: Offered, *, with_number: bool) -> str:
    """The highlighted contact: when to call, what they cover, and (once asked for) how to
    reach them."""
    contact = offered.contact
    lines = [f"When to call: {contact.when or 'not given'}"]
    if offered.stale:
        lines.append(f"Details past their check date (checked {contact.last_checked:%d %b %Y}).")
    if with_number:
        reach = [p for p in (contact.phone, contact.email) if p]
        lines.insert(0, f"Ring {contact.name or contact.called}: {'  ·  '.join(reach)}")
    return "\n".join(lines)


class _ContactList(AnswerWidget):
    """The contacts offered, best first, with the highlighted one's details beneath."""

    def __init__(self, offered: Sequence[Offered], status: str) -> None:
        super().__init__()
        self.offered = list(offered)
        self.status = status
        self.marks: dict[str, str] = {}

    def compose_list(self) -> ComposeResult:
        yield Static(self.status, classes="answer-hint", markup=False)
        yield OptionList(
            *[
                Option(contact_line(n, o, self.marks.get(o.contact.id, "")), id=o.contact.id)
                for n, o in enumerate(self.offered, start=1)
            ],
            classes="contacts",
        )
        yield Static(
            contact_details(self.offered[0], with_number=False),
            classes="contact-details",
            markup=False,
        )

    def highlighted(self) -> Offered | None:
        found = self.query(OptionList)
        if not found or found.first().highlighted is None:
            return None
        index = found.first().highlighted
        return self.offered[index] if index is not None and index < len(self.offered) else None

    def show_details(self, *, with_number: bool = False, extra: str = "") -> None:
        offered = self.highlighted()
        if offered is None:
            return
        text = contact_details(offered, with_number=with_number)
        self.query_one(".contact-details", Static).update(f"{text}\n{extra}" if extra else text)

    def remark(self, contact_id: str, mark: str) -> None:
        self.marks[contact_id] = mark
        self.fit_lines()

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self.fit_lines)

    def on_resize(self) -> None:
        # The list is laid out after this widget: fit its lines once it has its width.
        self.call_after_refresh(self.fit_lines)

    def fit_lines(self) -> None:
        """Each contact on one line of the list's width (the outcome of a call kept)."""
        found = self.query(OptionList)
        if not found:
            return
        options = found.first()
        room = options.scrollable_content_region.width - 3  # room for a scrollbar
        if room <= 0:
            return
        for index, offered in enumerate(self.offered):
            mark = self.marks.get(offered.contact.id, "")
            line = contact_line(index + 1, offered, mark, width=room)
            options.replace_option_prompt_at_index(index, line)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show_details()


class ContactCall(_ContactList):
    """Ring the register's contacts for this meeting and record how each call went."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "ring", "Show the number", show=False, id="contact-call.ring"),
        Binding("r", "outcome('reached')", "Reached", show=False, id="contact-call.reached"),
        Binding("m", "outcome('message')", "Message", show=False, id="contact-call.message"),
        Binding("n", "outcome('not_reached')", "Not reached", show=False, id="contact-call.none"),
        Binding("0", "go_on", "Go on", show=False, id="contact-call.go-on"),
        Binding("escape", "back_to_list", "Back to the list", show=False, id="contact-call.back"),
    ]

    def __init__(
        self,
        offered: Sequence[Offered],
        status: str,
        *,
        meet_where: str,
        meet_when: str,
        calls: Sequence[Mapping[str, object]] = (),
    ) -> None:
        super().__init__(offered, status)
        self.meet_where = meet_where
        self.meet_when = meet_when
        self.calls: list[dict[str, object]] = [
            dict(c) for c in calls if str(c.get("outcome")) != "reached"
        ]
        for call in self.calls:
            self.marks[str(call.get("contact_id"))] = OUTCOME_WORDS.get(str(call["outcome"]), "")
        self.ringing: Offered | None = None

    def compose(self) -> ComposeResult:
        if not self.offered:
            yield Static(self.status, classes="answer-hint", markup=False)
            yield Button(Text("Go on: name who they'll meet (Enter)"), id="go-on", compact=True)
            return
        yield from self.compose_list()
        with Vertical(id="reached", classes="reached-form"):
            yield Static("Where will they meet the client?", classes="field-label")
            yield Input(self.meet_where, id="meet-where", max_length=200, compact=True)
            yield Static("When?", classes="field-label")
            yield Input(self.meet_when, id="meet-when", max_length=120, compact=True)
        yield Static(LIST_HINT, classes="answer-hint call-hint")

    def on_mount(self) -> None:
        super().on_mount()
        if self.offered:
            self.query_one("#reached").display = False

    def submits_on(self, key: str, focused: Widget | None) -> bool:
        if not self.offered:
            return key in ("enter", "0")
        if key == "0":
            return not isinstance(focused, Input)
        return key == "enter" and isinstance(focused, Input)

    def draft(self) -> object:
        return list(self.calls)

    def _hint(self, text: str) -> None:
        self.query_one(".call-hint", Static).update(text)

    # Keys ------------------------------------------------------------------------------------
    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_ring()

    def action_ring(self) -> None:
        if not self.offered or self.query_one("#reached").display:
            return
        self.ringing = self.highlighted()
        self.show_details(with_number=True)
        self._hint(RINGING_HINT)

    def action_outcome(self, outcome: str) -> None:
        if self.ringing is None:
            return
        if outcome == "reached":
            self.query_one("#reached").display = True
            self.query_one("#meet-where", Input).focus()
            self._hint(REACHED_HINT)
            return
        contact_id = self.ringing.contact.id
        self.calls = [c for c in self.calls if c.get("contact_id") != contact_id]
        self.calls.append({"contact_id": contact_id, "outcome": outcome})
        self.remark(contact_id, OUTCOME_WORDS[outcome])
        self.ringing = None
        options = self.query_one(OptionList)
        untried = [n for n, o in enumerate(self.offered) if o.contact.id not in self.marks]
        if untried:
            options.highlighted = untried[0]
        self.show_details()
        self._hint(AFTER_CALL_HINT)

    def action_back_to_list(self) -> None:
        self.ringing = None
        if self.offered:
            self.query_one("#reached").display = False
            self.query_one(OptionList).focus()
            self.show_details()
            self._hint(LIST_HINT)

    def action_go_on(self) -> None:
        self.submit(list(self.calls))

    @on(Input.Submitted)
    def _reached(self, event: Input.Submitted) -> None:
        event.stop()
        if self.ringing is None:
            return
        reached = {
            "contact_id": self.ringing.contact.id,
            "outcome": "reached",
            "meet_where": self.query_one("#meet-where", Input).value,
            "meet_when": self.query_one("#meet-when", Input).value,
        }
        others = [c for c in self.calls if c.get("contact_id") != self.ringing.contact.id]
        self.submit([*others, reached])

    @on(Button.Pressed, "#go-on")
    def _go_on(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit([])


LIST_HINT = "Enter or c shows the number to ring · 0 goes on without a call"
RINGING_HINT = "How did it go?  r reached, agreed to meet · m left a message · n not reached"
REACHED_HINT = "Enter records the call · Esc back to the list"
AFTER_CALL_HINT = "Enter or c rings the next · 0 goes on with the calls made"


class ContactOnPlan(_ContactList):
    """Put one contact's first name (and what to say at the door) on My meeting plan."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "name", "Yes", show=False, id="contact-on-plan.yes"),
        Binding("n", "none", "No", show=False, id="contact-on-plan.no"),
        Binding("0", "none", "No", show=False, id="contact-on-plan.none"),
    ]

    def compose(self) -> ComposeResult:
        if not self.offered:
            yield Static(self.status, classes="answer-hint", markup=False)
            yield Button(Text("Go on (Enter)"), id="go-on", compact=True)
            return
        yield from self.compose_list()
        yield Static(
            "y or Enter puts the highlighted contact's first name on the plan · n or 0: no",
            classes="answer-hint",
        )

    def submits_on(self, key: str, focused: Widget | None) -> bool:
        return key in ("enter", "y", "n", "0")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_name()

    def action_name(self) -> None:
        offered = self.highlighted()
        if offered is not None:
            self.submit({"contact_id": offered.contact.id})

    def action_none(self) -> None:
        self.submit(None)

    @on(Button.Pressed, "#go-on")
    def _go_on(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit(None)
