"""One client: profile, preferences, goals and follow-up history.

Everything a person typed (goal wording, notes, barriers) is shown with markup off, so
``goal [x]`` stays ``goal [x]``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Footer, Static

from fama.clients.caseload import due_items
from fama.conversation.outcomes import goal_state_words
from fama.errors import StoreError
from fama.models import Client, ClientRecord, Goal, Meeting, Preferences, Review, organisation
from fama.models.common import label_list
from fama.text.dates import short_day
from fama.tui.plain import plain
from fama.tui.screens.base import FamaScreen
from fama.tui.widgets.title_bar import TitleBar


def _fmt_date(value: object) -> str:
    return value.strftime("%a %d %b %Y") if hasattr(value, "strftime") else "not set"


def preference_lines(prefs: Preferences) -> list[str]:
    if prefs.is_empty():
        return []
    lines = []
    if prefs.programmes:
        lines.append(f"Programmes: {label_list(prefs.programmes)}")
    if prefs.days:
        lines.append(f"Days: {label_list([d.label for d in prefs.days])}")
    if prefs.earliest or prefs.latest:
        start = f"{prefs.earliest:%H:%M}" if prefs.earliest else "any time"
        end = f"{prefs.latest:%H:%M}" if prefs.latest else "any time"
        lines.append(f"Start time: from {start} to {end}")
    if prefs.attendance:
        lines.append(f"Attendance: {label_list(prefs.attendance)}")
    if prefs.audience:
        lines.append(f"Audience: {label_list([a.label for a in prefs.audience])}")
    if prefs.access_needs:
        lines.append(f"Access needs: {label_list([a.label for a in prefs.access_needs])}")
    if prefs.max_travel_miles:
        lines.append(f"Travel: up to {prefs.max_travel_miles:g} miles")
    return lines


def goal_lines(goal: Goal, meetings: dict[str, Meeting], today: date) -> list[str]:
    """A goal as the client screen shows it: its real state (a date to talk that has passed
    says the follow-up is overdue), when to go, when to talk about it, why it closed."""
    state = goal_state_words(goal, today) if goal.follow_up_on <= today else goal.status.value
    lines = [
        f"“{goal.wording}”",
        f"  Status: {state}",
        f"  Go by {short_day(goal.target_date, today)} · talk about it "
        f"{short_day(goal.follow_up_on, today)}"
        + (f" · {goal.meetings_planned} meetings" if goal.meetings_planned else ""),
    ]
    meeting = meetings.get(goal.meeting_id or "")
    if meeting:
        lines.append(f"  Meeting: {meeting.organisation.value} {meeting.name}, {meeting.when}")
    elif goal.organisation:
        lines.append(f"  Organisation: {organisation(goal.organisation).name}")
    if goal.support.link.value != "none":
        who = f" ({goal.support.linked_person})" if goal.support.linked_person else ""
        lines.append(f"  Support: {goal.support.link.value}{who}")
    if goal.support.barriers_plan:
        lines.append(f"  Barrier plan: {goal.support.barriers_plan}")
    if goal.closed_reason:
        lines.append(f"  Why: {goal.closed_reason}")
    return lines


def declined_lines(client: Client, today: date) -> list[str]:
    """A client who said not for now: when, their reasons, when to come back to it."""
    declined = client.declined
    if declined is None:
        return []
    lines = [f"Mutual aid: said not for now on {short_day(declined.on, today)}"]
    if declined.reason:
        lines.append(f"  Their reasons: {declined.reason}")
    revisit = declined.revisit_on
    lines.append(
        f"  Come back to it: {short_day(revisit, today)}" if revisit else "  No date to revisit"
    )
    return lines


def review_lines(review: Review) -> list[str]:
    head = (
        f"{_fmt_date(review.date)} · {review.review_type.value} · attended: {review.attended.value}"
    )
    lines = [head]
    details = []
    if review.meetings_since_last is not None:
        details.append(f"{review.meetings_since_last} meetings since last time")
    if review.helpfulness is not None:
        details.append(f"helpfulness {review.helpfulness}/10")
    if review.next_step:
        details.append(f"next: {review.next_step.value}")
    if details:
        lines.append("  " + " · ".join(details))
    if review.involvement:
        lines.append(f"  Involvement: {label_list(review.involvement)}")
    if review.barriers:
        lines.append(f"  Got in the way: {'; '.join(review.barriers)}")
    if review.what_it_was_like:
        lines.append(f"  What it was like: {review.what_it_was_like}")
    return lines


def conversation_lines(record: ClientRecord) -> list[str]:
    """Newest first: when, how far it got, and where a paused one will carry on."""
    from fama.casebook.conversation import conversation_script

    script = conversation_script()
    lines = []
    for conversation in sorted(record.conversations, key=lambda c: c.started_at, reverse=True):
        head = (
            f"{_fmt_date(conversation.started_at)} · {conversation.stage_reached.label}"
            f" · {len(conversation.turns)} answers"
        )
        if conversation.finished:
            closed = conversation.state.get("closed")
            lines.append(head + (" · closed unfinished" if closed else " · finished"))
            continue
        step = script.steps.get(str(conversation.state.get("step")))
        lines.append(head + " · paused")
        if step is not None:
            lines.append(f"  Carries on at: {step.prompt} (C)")
    return lines


class ClientScreen(FamaScreen):
    AUTO_FOCUS = "#client-body"
    HELP = """\
# Client

Everything recorded about this client for mutual aid: the profile, what would make a
meeting fit them, their care-planned goals and every follow-up so far.

| Key | Does |
|---|---|
| C | The FAMA conversation: start it, or carry on where it was paused |
| R | Care-plan review: history, attendance chart, summary for the care plan |
| M | Find meetings that fit, ranked with reasons |
| H | Handouts: read, show to the client, give (logged here), print |
| E | Edit the profile |
| Ctrl+R | Read the record again (another copy of fama may have changed it) |
| Up / Down, Page Up / Down | Scroll |
| Esc | Back to the caseload |
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("c", "conversation", "Conversation"),
        Binding("r", "review", "Review"),
        Binding("m", "find_meetings", "Find meetings"),
        Binding("h", "handouts", "Handouts"),
        Binding("e", "edit", "Edit"),
        Binding("ctrl+r", "refresh_record", "Refresh", show=False),
    ]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.title = f"Client {code}"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield VerticalScroll(id="client-body")
        yield Footer()

    def on_mount(self) -> None:
        self.show_record()

    def on_screen_resume(self) -> None:
        self.show_record()

    def action_refresh_record(self) -> None:
        self.show_record()
        self.notify("Read again from the store.", timeout=3)

    def show_record(self) -> None:
        try:
            record = self.casebook.client(self.code)
            meetings = self.casebook.meetings_by_id()
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

    def sections(self, record: ClientRecord, meetings: dict[str, Meeting]) -> Iterable[Static]:
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
            f"Episode started: {_fmt_date(client.episode_start)}",
            f"Next care-plan review: {_fmt_date(client.next_review)}",
            *declined_lines(client, today),
            f"Past mutual aid: {client.prior_experience.value}",
            "May share first name with a volunteer: "
            + ("yes" if client.consent.share_first_name else "no"),
        ]
        if client.prior_experience_note:
            profile.append(f"About it: {client.prior_experience_note}")
        if client.discharged:
            profile.append(f"Discharged: {_fmt_date(client.discharged)}")
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
        goals = sorted(record.goals, key=lambda g: (g.status.is_open, g.follow_up_on), reverse=True)
        yield self.section(
            f"Goals ({len(goals)})",
            [line for g in goals for line in [*goal_lines(g, meetings, today), ""]][:-1],
            empty="No care-planned goals yet.",
        )
        given = sorted(record.handouts, key=lambda h: (h.given_on, h.created_at), reverse=True)
        yield self.section(
            f"Handouts given ({len(given)})",
            [f"{_fmt_date(h.given_on)} · {h.title}" for h in given],
            empty="No handouts given yet: H opens the handouts.",
        )
        yield self.section(
            f"Conversations ({len(record.conversations)})",
            conversation_lines(record),
            empty="No FAMA conversation yet: C starts one.",
        )
        reviews = sorted(record.reviews, key=lambda r: r.date, reverse=True)
        yield self.section(
            f"Follow-ups ({len(reviews)})",
            [line for r in reviews for line in [*review_lines(r), ""]][:-1],
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

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Conversation",
            f"Start or carry on the FAMA conversation with {escape(self.code)} (C)",
            self.action_conversation,
        )
        yield SystemCommand(
            "Find meetings",
            f"Meetings that fit {escape(self.code)}, with reasons (M)",
            self.action_find_meetings,
        )
        yield SystemCommand(
            "Handouts",
            f"Read, show, give or print handouts for {escape(self.code)} (H)",
            self.action_handouts,
        )
        yield SystemCommand(
            "Care-plan review",
            f"{escape(self.code)}'s mutual aid history and a summary for the care plan (R)",
            self.action_review,
        )
        yield SystemCommand(
            "Edit client", f"Edit {escape(self.code)}'s profile (E)", self.action_edit
        )
        yield SystemCommand("Back to caseload", "Return to the caseload (Esc)", self.action_back)
