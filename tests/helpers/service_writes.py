"""Every write method of the casebook, run round after round by several processes at once.

``prepare_service_store`` makes the records the writers share; ``write_everything`` is one
writer (run by ``python -m tests.helpers.store_writer STORE service TAG COUNT OTHERS``);
``check_nothing_lost`` reads the store afterwards and lists every acknowledged change it
cannot find. Each writer tags what it adds ``<TAG>-<i>``, so every change can be looked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from fama.assessment.period import Period
from fama.casebook.service import Casebook
from fama.clients.form import ClientForm
from fama.clock import FixedClock
from fama.directory.meeting_form import MeetingForm
from fama.directory.requests import PreferenceEdit
from fama.models import Client, Conversation, FlagKind, Meeting, StaffMember, Weekday
from fama.models.organisations import OrgCode
from fama.staff.form import StaffForm
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
    "keep_preferences",
    "save_handout_page",
    "save_meeting_plan",
    "answer_step",
    "back_step",
    "log_conversation_handout",
    "flag_meeting",
    "verify_meeting",
    "unverify_meeting",
    "set_meeting_active",
    "resolve_flags",
    "save_local_meeting",
    "import_meetings",
    "import_locations",
    "add_training",
    "remove_training",
    "add_insight_visit",
    "remove_insight_visit",
    "save_staff_member",
    "mark_left",
    "rate_item",
    "erase_client",
)
"""What each round calls: every method of the casebook that writes to the store, except
``load_demo`` (which fills a new store once)."""
PLAN_CONVERSATION = "plan-conversation"
"""A conversation of the shared client that chose the shared meeting: plans are made from it."""


def conversation_client(tag: str) -> str:
    return f"CONV-{tag}"


def casebook(path: Path | str, user: str = "T") -> Casebook:
    return Casebook(open_store(path), FixedClock(NOW), user=user)


def prepare_service_store(path: Path | str, tags: list[str]) -> None:
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
    book.store.save_conversation(
        Conversation(
            id=PLAN_CONVERSATION,
            client_code=SHARED,
            keyworker=SHARED_STAFF,
            state={"meetings": [{"meeting_ids": [SHARED_MEETING]}]},
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


def write_everything(
    path: Path | str, tag: str, count: int, others: list[str], folder: Path
) -> None:
    """Call every write method of the casebook ``count`` times on the shared records; the
    files a save writes (pages, plans, feeds) go under ``folder``."""
    from fama.handouts.library import load_library
    from tests.helpers.store_writer import an_answer

    book = casebook(path, user=tag)
    today = book.today
    handout = load_library().handouts[0]
    writers = sorted([tag, *others])
    me = writers.index(tag)
    conv = conversation_client(tag)
    conversation, state, step = book.conversations.open(conv)

    def said(method: str, i: int) -> None:
        print(f"saved {method} {tag}-{i}", flush=True)

    for i in range(count):
        name = f"{tag}-{i}"
        book.clients.add(
            ClientForm(
                code=name,
                keyworker=SHARED_STAFF,
                postcode_district="DE1",
                episode_start="05/01/2026",
            )
        )
        said("add_client", i)
        for target in [SHARED, *(conversation_client(t) for t in others)]:
            book.handouts.give(target, handout.id, name, by=SHARED_STAFF)
        said("give_handout", i)
        book.reviews.record_care_plan_review(SHARED, held_on=today, next_review=None, notes=name)
        said("record_care_plan_review", i)
        form = ClientForm.from_client(book.clients.record(SHARED).client)
        book.clients.update(SHARED, form, started=form)
        said("update_client", i)
        book.clients.keep_preferences(SHARED, preference_edit(me, i))
        said("keep_preferences", i)
        book.handouts.save_page(handout, folder / "pages" / name, code=SHARED)
        said("save_handout_page", i)
        book.conversations.save_meeting_plan(SHARED, PLAN_CONVERSATION, folder / "plans" / name)
        said("save_meeting_plan", i)
        if step is None:
            conversation, state, step = book.conversations.open(conv)
        assert step is not None, "a conversation just opened has a first step"
        answer = an_answer(step, state.context.open_goals, today)
        outcome = book.conversations.answer(conv, conversation.id, answer)
        said("answer_step", i)
        if outcome.step is not None:  # back over it, and give the same answer again
            book.conversations.back(conv, conversation.id)
            outcome = book.conversations.answer(conv, conversation.id, answer)
        said("back_step", i)
        state, step = outcome.state, outcome.step
        book.conversations.log_handout(conv, conversation.id, handout.id, name, "given")
        said("log_conversation_handout", i)
        book.directory.flag(SHARED_MEETING, FlagKind.MOVED, name)
        said("flag_meeting", i)
        before = book.directory.meeting(SHARED_MEETING).last_verified
        book.directory.verify(SHARED_MEETING)
        said("verify_meeting", i)
        book.directory.unverify(SHARED_MEETING, before)
        said("unverify_meeting", i)
        book.directory.set_active(SHARED_MEETING, True)
        said("set_meeting_active", i)
        book.directory.resolve_flags(SHARED_MEETING)
        said("resolve_flags", i)
        book.directory.save_local(
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
        book.directory.import_feed(a_feed(folder / "feeds", name), organisation=OrgCode.AA)
        said("import_meetings", i)
        book.directory.import_locations(a_locations_file(folder / "feeds", name))
        said("import_locations", i)
        book.staff.add_training(SHARED_STAFF, "FAMA", today)
        said("add_training", i)
        extra = book.staff.add_training(SHARED_STAFF, "SMART facilitation", today).training
        book.staff.remove_training(
            SHARED_STAFF, next(t for t in extra if t.kind == "SMART facilitation")
        )
        said("remove_training", i)
        book.staff.add_insight_visit(SHARED_STAFF, today, "AA", note=name)
        said("add_insight_visit", i)
        visits = book.staff.add_insight_visit(SHARED_STAFF, today, "NA", note=f"{name}-gone")
        book.staff.remove_insight_visit(
            SHARED_STAFF, next(v for v in visits.insight_visits if v.note == f"{name}-gone")
        )
        said("remove_insight_visit", i)
        book.staff.save(StaffForm(id=f"{tag}{i}", name=f"Staff {name}"))
        said("save_staff_member", i)
        book.staff.mark_left(SHARED_STAFF, None)
        said("mark_left", i)
        book.assessment.rate_item(
            SERVICE, PERIOD, item_for(i, me, len(writers)), by=tag, comments=name
        )
        said("rate_item", i)
        gone = f"{tag}-GONE-{i}"
        book.clients.add(
            ClientForm(
                code=gone,
                keyworker=SHARED_STAFF,
                postcode_district="DE1",
                episode_start="05/01/2026",
            )
        )
        book.clients.erase(gone)
        said("erase_client", i)


PREFERENCE_FIELDS = ("within_miles", "after", "district")
"""The field of the search form each writer changes (by its place among the writers)."""


def preference_edit(writer: int, round_: int) -> PreferenceEdit:
    """What writer ``writer`` changes on the shared client's search form in a round: a field
    no other writer changes, to a value that says which round it was."""
    field_name = PREFERENCE_FIELDS[writer]
    if field_name == "within_miles":
        return PreferenceEdit(within_miles=float(round_ + 1))
    if field_name == "after":
        return PreferenceEdit(after=time(8 + round_, 0))
    return PreferenceEdit(district=f"DE{round_ + 10}")


def a_feed(folder: Path, name: str) -> Path:
    """A one-meeting TSML file (its own source, so no other import marks it gone)."""
    folder.mkdir(parents=True, exist_ok=True)
    feed = folder / f"{name}.csv"
    feed.write_text(
        '"Time","Day","Name","Location","Address","Types"\n'
        f'"7:00 PM","Monday","Imported {name}","Hall","1 Road, Derby DE1 1AA","Open"\n',
        encoding="utf-8",
    )
    return feed


def a_locations_file(folder: Path, name: str) -> Path:
    """A table of postcode-district centres (a whole swap: the last import wins)."""
    folder.mkdir(parents=True, exist_ok=True)
    table = folder / f"{name}-centres.csv"
    table.write_text("outcode,latitude,longitude\nDE1,52.92,-1.47\n", encoding="utf-8")
    return table


@dataclass
class Acknowledged:
    """What the writers said they saved: method -> the ``TAG-i`` names."""

    saved: dict[str, set[str]] = field(default_factory=dict)

    def read(self, lines: str) -> None:
        for line in lines.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "saved":
                self.saved.setdefault(parts[1], set()).add(parts[2])


def check_nothing_lost(path: Path | str, acknowledged: Acknowledged, tags: list[str]) -> list[str]:
    """Every acknowledged change that the store no longer holds, as sentences."""
    book = casebook(path)
    saved = acknowledged.saved
    lost: list[str] = []

    def expect(method: str, found: set[str]) -> None:
        missing = saved.get(method, set()) - found
        lost.extend(f"{method} {name}" for name in sorted(missing))

    codes = book.clients.codes()
    expect("add_client", codes)
    expect(
        "erase_client",
        {n for n in saved.get("erase_client", set()) if n.replace("-", "-GONE-", 1) not in codes},
    )
    shared = book.clients.record(SHARED)
    expect("give_handout", {h.title for h in shared.handouts})
    expect("record_care_plan_review", {r.notes for r in shared.reviews})
    folders = {Path(f.folder) for f in shared.files}
    expect("save_handout_page", {f.name for f in folders if f.parent.name == "pages"})
    expect("save_meeting_plan", {f.name for f in folders if f.parent.name == "plans"})
    writers = sorted(tags)
    for place, tag in enumerate(writers):
        mine = sorted(n for n in saved.get("keep_preferences", set()) if n.startswith(f"{tag}-"))
        if mine:
            last = int(mine[-1].rpartition("-")[2])
            wanted = preference_edit(place, last).apply(shared.client).preferences
            if wanted != shared.client.preferences:
                lost.append(f"keep_preferences {tag}-{last}: {PREFERENCE_FIELDS[place]}")
    for tag in tags:
        record = book.clients.record(conversation_client(tag))
        answers = sum(len(c.state.get("path", [])) for c in record.conversations)
        acked = {n for n in saved.get("answer_step", set()) if n.startswith(f"{tag}-")}
        if answers != len(acked):
            lost.append(f"answer_step {tag}: {len(acked)} answers acknowledged, {answers} kept")
        given = {h.title for h in record.handouts}
        others = {n for n in saved.get("give_handout", set()) if not n.startswith(f"{tag}-")}
        lost.extend(f"give_handout {n} to {record.client.code}" for n in sorted(others - given))
        logged = {
            n for n in saved.get("log_conversation_handout", set()) if n.startswith(f"{tag}-")
        }
        lost.extend(f"log_conversation_handout {n}" for n in sorted(logged - given))
    meeting = book.directory.meeting(SHARED_MEETING)
    expect("flag_meeting", {f.note for f in meeting.flags})
    # Each round verifies, then undoes its own verification by putting back the date it saw
    # before. Alone, that leaves the meeting unverified; with other writers, the date one saw
    # may be another's verification (today), which its undo rightly puts back.
    if saved.get("unverify_meeting"):
        allowed = {None} if len(tags) == 1 else {None, book.today}
        if meeting.last_verified not in allowed:
            lost.append(f"unverify_meeting: still verified on {meeting.last_verified}")
    names = {m.name for m in book.directory.meetings()}
    expect("save_local_meeting", names)
    expect("import_meetings", {n.removeprefix("Imported ") for n in names})
    if saved.get("import_locations") and "DE1" not in book.store.locations():
        lost.append("import_locations: no centres kept")
    member = book.staff.member(SHARED_STAFF)
    kinds = [str(t.kind) for t in member.training]
    added, removed = len(saved.get("add_training", ())), len(saved.get("remove_training", ()))
    fama, smart = kinds.count("FAMA"), kinds.count("SMART facilitation")
    if (fama, smart) != (added, 0):
        lost.append(f"training: {added} added, {fama} kept; {removed} removed, {smart} left")
    notes = {v.note for v in member.insight_visits}
    expect("add_insight_visit", notes)
    lost.extend(f"remove_insight_visit {n}" for n in sorted(notes) if n.endswith("-gone"))
    expect("save_staff_member", {m.name.removeprefix("Staff ") for m in book.staff.members()})
    assessments = [
        a for a in book.store.assessments() if a.covers(SERVICE, PERIOD.start, PERIOD.end)
    ]
    if len(assessments) != 1:
        lost.append(f"rate_item: {len(assessments)} assessments for one period")
    comments = {r.comments for a in assessments for r in a.items.values()}
    expect("rate_item", {c for c in comments if c})
    return lost
