"""Every write method of the casebook, run round after round by several processes at once.

``prepare_service_store`` makes the records the writers share; ``write_everything`` is one
writer (run by ``python -m tests.helpers.store_writer STORE service TAG COUNT OTHERS``);
``check_nothing_lost`` reads the store afterwards and lists every acknowledged change it
cannot find. Each writer tags what it adds ``<TAG>-<i>``, so every change can be looked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from fama.assessment.period import Period
from fama.casebook import Casebook
from fama.client_form import ClientForm
from fama.clock import FixedClock
from fama.directory.meeting_form import MeetingForm
from fama.models import Client, FlagKind, Meeting, StaffMember, Weekday
from fama.models.organisations import OrgCode
from fama.staff_form import StaffForm
from fama.store import open_store

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
SHARED = "SHARED-1"
"""The client every writer changes: handouts, care-plan reviews, files, profile edits."""
SHARED_MEETING = "local:shared"
SHARED_STAFF = "SH"
SERVICE = "Derby service"
PERIOD = Period(date(2026, 7, 1), date(2026, 9, 30))

METHODS = (
    "add_client",
    "give_handout",
    "record_care_plan_review",
    "update_client",
    "save_preferences",
    "save_handout_page",
    "answer_step",
    "flag_meeting",
    "verify_meeting",
    "set_meeting_active",
    "resolve_flags",
    "save_local_meeting",
    "add_training",
    "add_insight_visit",
    "save_staff_member",
    "mark_left",
    "rate_item",
    "erase_client",
)
"""What each round calls (``remove_training`` and ``remove_insight_visit`` remove the entry
shown, found as stored now: tests/test_staff_figures.py checks them against an addition)."""


def conversation_client(tag: str) -> str:
    return f"CONV-{tag}"


def casebook(path: Path, user: str = "T") -> Casebook:
    return Casebook(open_store(path), FixedClock(NOW), user=user)


def prepare_service_store(path: Path, tags: list[str]) -> None:
    """The records every writer changes at once (and each writer's conversation client)."""
    book = casebook(path)
    for tag in tags:
        book.store.create_client(
            Client(
                code=conversation_client(tag),
                keyworker="DO",
                postcode_district="DE1",
                episode_start=date(2026, 1, 5),
            )
        )
    book.store.create_client(
        Client(
            code=SHARED,
            keyworker=SHARED_STAFF,
            postcode_district="DE1",
            episode_start=date(2026, 1, 5),
        )
    )
    book.store.save_staff(StaffMember(id=SHARED_STAFF, name="Sam Shared"))
    book.store.save_meeting(
        Meeting(
            id=SHARED_MEETING,
            organisation=OrgCode.AA,
            name="Shared meeting",
            weekday=Weekday(1),
            start=datetime(2026, 1, 1, 19, 0).time(),
        )
    )


def item_for(round_: int, writer: int, writers: int) -> str:
    """The self-assessment item a writer rates in a round: no two writers share one."""
    from fama.assessment.items import load_catalogue

    items = load_catalogue().items
    return items[(round_ * writers + writer) % len(items)].id


def write_everything(path: Path, tag: str, count: int, others: list[str]) -> None:
    from fama.handouts import load_library
    from tests.helpers.store_writer import an_answer

    book = casebook(path, user=tag)
    today = book.today
    handout = load_library().handouts[0]
    writers = sorted([tag, *others])
    me = writers.index(tag)
    conv = conversation_client(tag)
    conversation, state, step = book.open_conversation(conv)

    def said(method: str, i: int) -> None:
        print(f"saved {method} {tag}-{i}", flush=True)

    for i in range(count):
        name = f"{tag}-{i}"
        book.add_client(
            ClientForm(
                code=name,
                keyworker=SHARED_STAFF,
                postcode_district="DE1",
                episode_start="05/01/2026",
            )
        )
        said("add_client", i)
        for target in [SHARED, *(conversation_client(t) for t in others)]:
            book.give_handout(target, handout.id, name, by=SHARED_STAFF)
        said("give_handout", i)
        book.record_care_plan_review(SHARED, held_on=today, next_review=None, notes=name)
        said("record_care_plan_review", i)
        form = ClientForm.from_client(book.client(SHARED).client)
        book.update_client(SHARED, form, started=form)
        said("update_client", i)
        book.save_preferences(SHARED, book.client(SHARED).client.preferences)
        said("save_preferences", i)
        book.save_handout_page(handout, path.parent / "pages" / name, code=SHARED)
        said("save_handout_page", i)
        if step is None:
            conversation, state, step = book.open_conversation(conv)
        outcome = book.answer_step(
            conv, conversation.id, an_answer(step, state.context.open_goals, today)
        )
        state, step = outcome.state, outcome.step
        said("answer_step", i)
        book.flag_meeting(SHARED_MEETING, FlagKind.MOVED, name)
        said("flag_meeting", i)
        book.verify_meeting(SHARED_MEETING)
        said("verify_meeting", i)
        book.set_meeting_active(SHARED_MEETING, True)
        said("set_meeting_active", i)
        book.resolve_flags(SHARED_MEETING)
        said("resolve_flags", i)
        book.save_local_meeting(
            MeetingForm(
                name=name,
                weekday=Weekday(i % 7),
                start="19:00",
                venue="Hall",
                address="1 Road",
                postcode="DE1 1AA",
            )
        )
        said("save_local_meeting", i)
        book.add_training(SHARED_STAFF, "FAMA", today)
        said("add_training", i)
        book.add_insight_visit(SHARED_STAFF, today, "AA", note=name)
        said("add_insight_visit", i)
        book.save_staff_member(StaffForm(id=f"{tag}{i}", name=f"Staff {name}"))
        said("save_staff_member", i)
        book.mark_left(SHARED_STAFF, None)
        said("mark_left", i)
        book.rate_item(SERVICE, PERIOD, item_for(i, me, len(writers)), by=tag, comments=name)
        said("rate_item", i)
        gone = f"{tag}-GONE-{i}"
        book.add_client(
            ClientForm(
                code=gone,
                keyworker=SHARED_STAFF,
                postcode_district="DE1",
                episode_start="05/01/2026",
            )
        )
        book.erase_client(gone)
        said("erase_client", i)


@dataclass
class Acknowledged:
    """What the writers said they saved: method -> the ``TAG-i`` names."""

    saved: dict[str, set[str]] = field(default_factory=dict)

    def read(self, lines: str) -> None:
        for line in lines.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "saved":
                self.saved.setdefault(parts[1], set()).add(parts[2])


def check_nothing_lost(path: Path, acknowledged: Acknowledged, tags: list[str]) -> list[str]:
    """Every acknowledged change that the store no longer holds, as sentences."""
    book = casebook(path)
    saved = acknowledged.saved
    lost: list[str] = []

    def expect(method: str, found: set[str]) -> None:
        missing = saved.get(method, set()) - found
        lost.extend(f"{method} {name}" for name in sorted(missing))

    codes = book.client_codes()
    expect("add_client", codes)
    expect(
        "erase_client",
        {n for n in saved.get("erase_client", set()) if n.replace("-", "-GONE-", 1) not in codes},
    )
    shared = book.client(SHARED)
    expect("give_handout", {h.title for h in shared.handouts})
    expect("record_care_plan_review", {r.notes for r in shared.reviews})
    expect("save_handout_page", {Path(f.folder).name for f in shared.files})
    for tag in tags:
        record = book.client(conversation_client(tag))
        answers = sum(len(c.state.get("path", [])) for c in record.conversations)
        acked = {n for n in saved.get("answer_step", set()) if n.startswith(f"{tag}-")}
        if answers != len(acked):
            lost.append(f"answer_step {tag}: {len(acked)} answers acknowledged, {answers} kept")
        given = {h.title for h in record.handouts}
        others = {n for n in saved.get("give_handout", set()) if not n.startswith(f"{tag}-")}
        lost.extend(f"give_handout {n} to {record.client.code}" for n in sorted(others - given))
    meeting = book.meeting(SHARED_MEETING)
    expect("flag_meeting", {f.note for f in meeting.flags})
    expect("save_local_meeting", {m.name for m in book.meetings()})
    member = book.staff_member(SHARED_STAFF)
    if len(member.training) < len(saved.get("add_training", set())):
        lost.append(
            f"add_training: {len(saved['add_training'])} acknowledged, {len(member.training)} kept"
        )
    expect("add_insight_visit", {v.note for v in member.insight_visits})
    expect("save_staff_member", {m.name.removeprefix("Staff ") for m in book.staff_members()})
    assessments = [
        a for a in book.store.assessments() if a.covers(SERVICE, PERIOD.start, PERIOD.end)
    ]
    if len(assessments) != 1:
        lost.append(f"rate_item: {len(assessments)} assessments for one period")
    comments = {r.comments for a in assessments for r in a.items.values()}
    expect("rate_item", {c for c in comments if c})
    return lost
