"""One client: profile, preferences, goals and follow-up history.

Everything a person typed (goal wording, notes, barriers) is shown with markup off, so
``goal [x]`` stays ``goal [x]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from fama.clients.caseload import due_items
from fama.clients.profile import (
    contacts_named,
    conversation_lines,
    declined_lines,
    goal_lines,
    long_date,
    preference_lines,
    review_lines,
)
from fama.errors import StoreError
from fama.models import ClientRecord, Meeting
from fama.models.common import label_list
from fama.tui.plain import plain
from fama.tui.screens.base import FamaScreen
from fama.tui.widgets.footer import FamaFooter
from fama.tui.widgets.title_bar import TitleBar


class ClientScreen(FamaScreen):
    """One client: profile, goals, reviews and conversations, and the keys to act on them."""

    AUTO_FOCUS = "#client-body"
    HELP_PAGE = "client"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="client.back"),
        Binding("c", "conversation", "Conversation", id="client.conversation"),
        Binding("r", "review", "Review", id="client.review"),
        Binding("m", "find_meetings", "Find meetings", id="client.find-meetings"),
        Binding("h", "handouts", "Handouts", id="client.handouts"),
        Binding("e", "edit", "Edit", id="client.edit"),
        Binding("ctrl+r", "refresh_record", "Refresh", show=False, id="client.refresh-record"),
    ]

    PALETTE: ClassVar[dict[str, tuple[str, str]]] = {
        "client.conversation": (
            "Conversation",
            "Start or carry on the FAMA conversation with this client",
        ),
        "client.find-meetings": ("Find meetings", "Meetings that fit this client, with reasons"),
        "client.handouts": ("Handouts", "Read, show, give or print handouts for this client"),
        "client.review": (
            "Care-plan review",
            "This client's mutual aid history and a summary for the care plan",
        ),
        "client.edit": ("Edit client", "Edit this client's profile"),
        "client.back": ("Back to caseload", "Return to the caseload"),
    }
    """The bindings the command palette offers, in its words (see fama.tui.palette)."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.title = f"Client {code}"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield VerticalScroll(id="client-body")
        yield FamaFooter()

    def on_mount(self) -> None:
        self.show_record(opening=True)

    def on_screen_resume(self) -> None:
        self.show_record()

    def action_refresh_record(self) -> None:
        self.show_record()
        self.notify("Read again from the store.", timeout=3)

    def show_record(self, opening: bool = False) -> None:
        """Show the record as stored now; ``opening`` the screen is audited as a view (the
        refreshes that follow while it stays open are not)."""
        clients = self.casebook.clients
        try:
            record = clients.open(self.code) if opening else clients.record(self.code)
            meetings = self.casebook.directory.by_id()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            self.app.pop_screen()
            return
        overdue = sum(
            1 for item in due_items(record.summary(), self.casebook.today) if item.overdue
        )
        self.sub_title = " · ".join(
            [record.client.stage_label, f"keyworker {record.client.keyworker}"]
            + ([f"{overdue} overdue"] if overdue else [])
        )
        body = self.query_one("#client-body", VerticalScroll)
        body.remove_children()
        body.mount_all(list(self.sections(record, meetings)))

    def sections(self, record: ClientRecord, meetings: Mapping[str, Meeting]) -> Iterable[Static]:
        from fama.casebook.conversation import conversation_script

        client = record.client
        today = self.casebook.today
        due = due_items(record.summary(), today)
        profile = [
            f"Client code: {client.code}",
            f"Keyworker: {client.keyworker}",
            f"Stage: {client.stage_label}",
            f"Postcode district: {client.postcode_district}",
            f"Substances: {label_list(client.substances) or 'not recorded'}",
            "Seeking help for: "
            + ("someone else (family or friend)" if client.for_family else "themselves"),
            f"Episode started: {long_date(client.episode_start)}",
            f"Next care-plan review: {long_date(client.next_review)}",
            *declined_lines(client, today),
            f"Past mutual aid: {client.prior_experience.value}",
            "May share first name with a volunteer: "
            + ("yes" if client.consent.share_first_name else "no"),
        ]
        if client.prior_experience_note:
            profile.append(f"About it: {client.prior_experience_note}")
        if client.discharged:
            profile.append(f"Discharged: {long_date(client.discharged)}")
        yield self.section("Profile", profile)
        yield self.section(
            "Due",
            [("⚠ " if item.overdue else "") + item.describe(today) for item in due],
            empty="Nothing is due for this client.",
        )
        yield self.section(
            "Preferences",
            preference_lines(client.preferences),
            empty="No preferences recorded yet: they are gathered in stage 1 of the conversation.",
        )
        named = contacts_named(record)
        goals = sorted(record.goals, key=lambda g: (g.status.is_open, g.follow_up_on), reverse=True)
        yield self.section(
            f"Goals ({len(goals)})",
            [line for g in goals for line in [*goal_lines(g, meetings, today, named), ""]][:-1],
            empty="No care-planned goals yet.",
        )
        given = sorted(record.handouts, key=lambda h: (h.given_on, h.created_at), reverse=True)
        yield self.section(
            f"Handouts given ({len(given)})",
            [f"{long_date(h.given_on)} · {h.title}" for h in given],
            empty="No handouts given yet: H opens the handouts.",
        )
        yield self.section(
            f"Conversations ({len(record.conversations)})",
            conversation_lines(record, conversation_script()),
            empty="No FAMA conversation yet: C starts one.",
        )
        reviews = sorted(record.reviews, key=lambda r: r.date, reverse=True)
        by_id = {g.id: g for g in record.goals}
        yield self.section(
            f"Follow-ups ({len(reviews)})",
            [
                line
                for r in reviews
                for line in [*review_lines(r, by_id.get(r.goal_id or ""), named), ""]
            ][:-1],
            empty="No follow-ups recorded yet.",
        )

    @staticmethod
    def section(title: str, lines: list[str], empty: str = "") -> Static:
        text = "\n".join(lines) if lines else empty
        widget = Static(text, markup=False, classes="section" + ("" if lines else " empty"))
        widget.border_title = plain(title)
        return widget

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        from fama.tui.screens.client_form import ClientFormScreen

        self.app.push_screen(ClientFormScreen(self.code))

    def action_handouts(self) -> None:
        from fama.tui.screens.handouts import HandoutsScreen

        self.app.push_screen(HandoutsScreen(self.code))

    def action_find_meetings(self) -> None:
        from fama.tui.screens.find_meetings import FindMeetingsScreen

        self.app.push_screen(FindMeetingsScreen(self.code))

    def action_review(self) -> None:
        from fama.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.code))

    def action_conversation(self) -> None:
        from fama.tui.screens.conversation import ConversationScreen

        self.app.push_screen(ConversationScreen(self.code))
