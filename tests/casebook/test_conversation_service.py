"""The conversation's handouts, the client's meeting plan and the end-of-conversation summary,
driven through real conversations on a real store."""

from __future__ import annotations

import html
import re
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from markdown_it import MarkdownIt

from fama.casebook.conversation import ConversationNotFound, conversation_script
from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.conversation import END
from fama.conversation.summary import escape_markdown, summarise
from fama.handouts.library import load_library
from fama.models import (
    GoalStatus,
    HandoutAction,
    Meeting,
    Stage,
)
from fama.store import open_store
from tests.helpers.conversation import SAYS_NO_FOR_NOW, new_client, not_started
from tests.helpers.conversation import Session as BaseSession


class Session(BaseSession):
    """A conversation session that can also summarise itself."""

    def summary(self, **kwargs: Any) -> str:
        return summarise(self.record(), self.conversation(), self.book.directory.by_id(), **kwargs)


def stage_one(s: Session, interest: int = 6) -> None:
    s.say_all(
        [
            ("s1_raise", "yes"),
            ("s1_past", "none"),
            ("s1_know", ""),
            ("s1_hopes", "I'm not religious *at all* and [I] don't want to speak"),
            ("s1_options", None),
            ("s1_interest", interest),
            ("s1_ready", "yes"),
            ("s1_programmes", ["twelve_step", "smart"]),
            ("s1_days", []),
            ("s1_times", "any"),
            ("s1_attendance", "in_person"),
            ("s1_audience", []),
            ("s1_access", []),
            ("s1_travel", "any"),
        ]
    )


WORDING = "Go to <b>AA</b> [Tuesday] *with* Sam & friends"


def goal_form(today: date, wording: str = WORDING) -> dict[str, Any]:
    return {
        "wording": wording,
        "target_date": (today + timedelta(days=7)).isoformat(),
        "review_date": (today + timedelta(days=14)).isoformat(),
    }


def stage_two(s: Session, meeting_ids: list[str], today: date) -> None:
    s.say("s2_meetings", meeting_ids)
    s.say("s2_goal", goal_form(today))
    s.say("s2_link", "peer_mentor")
    s.say("s2_consent", "yes")
    s.say("s2_call", [])
    s.say("s2_person", "Sam_peer (mentor)")
    s.say("s2_travel", "Bus #12, leave at 6.")
    s.say("s2_barriers", "If I'm nervous I'll ring Sam first!")


def two_meetings(book: Casebook) -> list[Meeting]:
    directory = book.directory.by_id()
    return [directory["demo:smart-01"], directory["demo:aa-01"]]


def day(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def md_text(markdown: str) -> str:
    """The text a Markdown renderer shows (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", MarkdownIt().render(markdown)))


class SaveCounter:
    """Counts the store's saves of client records by wrapping its public save methods."""

    NAMES = (
        "change_record",
        "put_record",
        "put_records",
        "save_client",
        "save_goal",
        "save_review",
        "save_conversation",
        "save_handout_given",
    )

    def __init__(self, book: Casebook, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        for name in self.NAMES:
            original = getattr(book.store, name)
            monkeypatch.setattr(book.store, name, self._wrap(name, original))

    def _wrap(self, name: str, original: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            return original(*args, **kwargs)

        return wrapper


# --------------------------------------------------------------------------- handouts


def test_a_handout_shown_is_noted_on_the_conversation_only(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    book = demo_casebook
    code = not_started(book)
    s = Session(book, code)
    before = s.record().handouts
    book.conversations.log_handout(code, s.id, "myth-religious", "Not religious?", "shown")
    [event] = s.conversation().handouts
    assert event.handout_id == "myth-religious"
    assert event.action is HandoutAction.SHOWN
    assert event.at == clock.now()
    assert s.record().handouts == before


def test_a_handout_given_lands_in_both_places_in_one_save(
    file_demo_casebook: Casebook,
    clock: FixedClock,
    store_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book = file_demo_casebook
    code = not_started(book)
    s = Session(book, code)
    keyworker = s.conversation().keyworker
    before = len(s.record().handouts)
    counter = SaveCounter(book, monkeypatch)
    book.conversations.log_handout(code, s.id, "what-to-expect", "What to expect", "given")
    assert counter.calls == ["change_record"]

    # Read back through a brand-new store on the same folder: it was saved, both places.
    record = Casebook(open_store(store_path), clock).clients.record(code)
    conversation = next(c for c in record.conversations if c.id == s.id)
    [event] = conversation.handouts
    assert (event.handout_id, event.action, event.at) == (
        "what-to-expect",
        HandoutAction.GIVEN,
        clock.now(),
    )
    assert len(record.handouts) == before + 1
    given = record.handouts[-1]
    assert given.client_code == code
    assert given.handout_id == "what-to-expect"
    assert given.title == "What to expect"
    assert given.given_on == clock.today()
    assert given.by == keyworker
    assert given.created_at == clock.now()
    # The conversation carries on where it was.
    _, _, step = book.conversations.open(code)
    assert step is not None and step.id == "s1_raise"


def test_handout_logging_refuses_a_missing_conversation_or_a_bad_action(
    demo_casebook: Casebook,
) -> None:
    book = demo_casebook
    code = not_started(book)
    s = Session(book, code)
    before = s.record()
    with pytest.raises(ConversationNotFound, match="no conversation nope"):
        book.conversations.log_handout(code, "nope", "myth-religious", "Not religious?", "given")
    with pytest.raises(ValueError):
        book.conversations.log_handout(code, s.id, "myth-religious", "Not religious?", "posted")
    assert s.record() == before


# --------------------------------------------------------------------------- meeting plan


def test_meeting_plan_parts_follow_the_conversation(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    book = demo_casebook
    code = not_started(book)
    smart, aa = two_meetings(book)
    s = Session(book, code)
    stage_one(s)
    assert book.conversations.plan_parts(code, s.id) == ([], None)
    s.say("s2_meetings", [aa.id, "demo:gone-away", smart.id])
    meetings, goal = book.conversations.plan_parts(code, s.id)
    assert [m.id for m in meetings] == [aa.id, smart.id]  # chosen order; unknown id skipped
    assert goal is None
    s.say("s2_goal", goal_form(clock.today()))
    meetings, goal = book.conversations.plan_parts(code, s.id)
    assert [m.id for m in meetings] == [aa.id, smart.id]
    assert goal is not None and goal.wording == WORDING
    assert goal.meeting_id == aa.id
    with pytest.raises(ConversationNotFound):
        book.conversations.plan_parts(code, "nope")


def test_meeting_plan_falls_back_to_the_goals_meeting(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    book = demo_casebook
    code = not_started(book)
    _, aa = two_meetings(book)
    s = Session(book, code)
    stage_one(s)
    s.say("s2_meetings", [])
    s.say("s2_goal", goal_form(clock.today()))
    assert book.conversations.plan_parts(code, s.id)[0] == []
    # The goal names a meeting (as one agreed for a programme later might).
    book.store.change_record(
        code,
        lambda r: r.model_copy(
            update={"goals": [g.model_copy(update={"meeting_id": aa.id}) for g in r.goals]}
        ),
    )
    meetings, goal = book.conversations.plan_parts(code, s.id)
    assert [m.id for m in meetings] == [aa.id]
    assert goal is not None and goal.meeting_id == aa.id


def test_the_latest_goal_of_the_conversation_is_the_plans(
    demo_casebook: Casebook, clock: FixedClock
) -> None:
    """Only goals this conversation created count, the latest one last."""
    book = demo_casebook
    code = next(
        e.code for e in book.clients.caseload().entries if e.summary.stage is Stage.FOLLOW_UP
    )
    older = {g.id for g in book.clients.record(code).goals}
    s = Session(book, code)
    assert book.conversations.plan_parts(code, s.id) == ([], None)
    s.say("fu_start", None)
    open_ids = s.conversation().state["context"]["open_goals"]
    talk = (clock.today() + timedelta(days=7)).isoformat()
    stopped = [{"goal_id": g, "attended": "no", "next_step": "stop for now"} for g in open_ids]
    s.say("fu_form", stopped)
    assert book.conversations.plan_parts(code, s.id) == ([], None)
    s.back()
    again = [
        {"goal_id": g, "attended": "no", "next_step": "carry on", "talk_again_on": talk}
        for g in open_ids
    ]
    s.say("fu_form", again)
    # Not going: a fresh try at each goal's meeting, the latest the plan's.
    _, fresh = book.conversations.plan_parts(code, s.id)
    assert fresh is not None and fresh.id not in older and fresh.wording.startswith("Try ")
    s.say("fu_new_goal", "meeting")
    _, aa = two_meetings(book)
    s.say("s2_meetings", [aa.id])
    s.say("s2_goal", goal_form(clock.today(), wording="Try the Tuesday one again"))
    meetings, goal = book.conversations.plan_parts(code, s.id)
    assert [m.id for m in meetings] == [aa.id]
    assert goal is not None and goal.id not in older
    assert goal.wording == "Try the Tuesday one again"


def test_save_meeting_plan_writes_a_private_pair(
    demo_casebook: Casebook, clock: FixedClock, tmp_path: Path
) -> None:
    book = demo_casebook
    code = not_started(book)
    smart, aa = two_meetings(book)
    s = Session(book, code)
    stage_one(s)
    stage_two(s, [smart.id, aa.id], clock.today())
    folder = tmp_path / "plans" / "today"
    html_path, ics_path = book.conversations.save_meeting_plan(code, s.id, folder)

    stem = f"my-meeting-plan-{clock.today():%Y-%m-%d}-{s.id[:6]}"
    assert (html_path.name, ics_path.name) == (f"{stem}.html", f"{stem}.ics")
    assert html_path.parent == ics_path.parent == folder
    assert sorted(p.name for p in folder.iterdir()) == [f"{stem}.html", f"{stem}.ics"]
    for path in (html_path, ics_path):
        assert code not in path.name and code.lower() not in path.name.lower()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700

    page = html_path.read_text(encoding="utf-8")
    assert html.escape(smart.name) in page and html.escape(aa.name) in page
    assert html.escape(WORDING) in page and "<b>AA</b>" not in page
    assert "Bus #12, leave at 6." in page
    assert code not in page

    raw = ics_path.read_bytes()
    assert code.encode() not in raw
    calendar = Calendar.from_ical(raw)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 2
    uids = [str(e["uid"]) for e in events]  # unique and opaque: no meeting id, no client code
    assert len(set(uids)) == 2
    assert not any(text in uid for uid in uids for text in (smart.id, aa.id, code))
    for event in events:
        alarms = [c for c in event.walk() if c.name == "VALARM"]
        assert len(alarms) == 1
        assert alarms[0].decoded("trigger") == -timedelta(hours=2)


def test_save_meeting_plan_again_replaces_the_pair(
    demo_casebook: Casebook, clock: FixedClock, tmp_path: Path
) -> None:
    book = demo_casebook
    code = not_started(book)
    smart, _ = two_meetings(book)
    s = Session(book, code)
    stage_one(s)
    stage_two(s, [smart.id], clock.today())
    folder = tmp_path / "plans"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    first = book.conversations.save_meeting_plan(code, s.id, folder)
    second = book.conversations.save_meeting_plan(code, s.id, folder)
    assert first == second
    assert len(list(folder.iterdir())) == 2
    # A folder the keyworker already had (Documents, a USB stick) keeps its permissions.
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE(first[0].stat().st_mode) == 0o600


def test_no_meetings_means_no_plan_and_no_files(
    demo_casebook: Casebook, clock: FixedClock, tmp_path: Path
) -> None:
    book = demo_casebook
    code = not_started(book)
    s = Session(book, code)
    stage_one(s)
    s.say("s2_meetings", [])
    s.say("s2_goal", goal_form(clock.today()))
    folder = tmp_path / "plans"
    with pytest.raises(ValueError, match=r"^Choose at least one meeting for the plan first\.$"):
        book.conversations.save_meeting_plan(code, s.id, folder)
    assert not folder.exists()
    # Meetings chosen but since removed from the directory: the same.
    s2 = Session(book, new_client(book))
    stage_one(s2)
    s2.say("s2_meetings", ["demo:gone-away"])
    with pytest.raises(ValueError, match="Choose at least one meeting"):
        book.conversations.save_meeting_plan(s2.code, s2.id, folder)
    assert not folder.exists()
    with pytest.raises(ConversationNotFound):
        book.conversations.save_meeting_plan(code, "nope", folder)
    assert not folder.exists()


# --------------------------------------------------------------------------- summary


def test_summary_of_a_stage_1_to_2_journey(demo_casebook: Casebook, clock: FixedClock) -> None:
    book = demo_casebook
    code = not_started(book)
    today = clock.today()
    smart, aa = two_meetings(book)
    s = Session(book, code)
    stage_one(s, interest=7)
    stage_two(s, [aa.id, smart.id], today)
    book.conversations.log_handout(code, s.id, "what-to-expect", "What to [expect]", "given")
    s.say("s2_plan", None)
    assert s.step == END

    summary = s.summary(script=conversation_script())
    assert summary.startswith("**Stage reached:** 2 Connect\n")
    assert "**Interest in trying a meeting:** 7 out of 10" in summary
    assert "said no" not in summary and "Not finished" not in summary
    assert "### Follow-up" not in summary
    assert "### Hopes and worries" in summary
    assert "- I'm not religious \\*at all\\* and \\[I\\] don't want to speak" in summary
    assert "### Meetings chosen" in summary
    assert f"{aa.organisation.value}: " in summary and f"{aa.start:%H:%M}" in summary
    meetings_at = summary.index("### Meetings chosen")
    assert summary.index(escape_markdown(aa.name), meetings_at) < summary.index(
        escape_markdown(smart.name), meetings_at
    )
    assert f"{aa.weekday.label} {aa.start:%H:%M}" in summary
    assert "### Goal agreed" in summary
    assert f"- “{escape_markdown(WORDING)}”" in summary
    assert f"By: {day(today + timedelta(days=7))}" in summary
    assert f"Talk about how it went: {day(today + timedelta(days=14))}" in summary
    assert "Support: met or accompanied by a peer mentor (Sam\\_peer \\(mentor\\))" in summary
    assert "Getting there: Bus \\#12, leave at 6\\." in summary
    assert "If something gets in the way: If I'm nervous I'll ring Sam first\\!" in summary
    assert "### Handouts\n\n- What to \\[expect\\] (given)" in summary
    review = s.record().client.next_review
    assert review is not None  # the care-plan review is the client's, left as it was
    assert summary.rstrip().endswith(f"**Next care-plan review:** {day(review)}")
    assert code not in summary

    # Rendered, what was typed reads exactly as typed.
    shown = md_text(summary)
    assert WORDING in shown
    assert "I'm not religious *at all* and [I] don't want to speak" in shown
    assert "Sam_peer (mentor)" in shown and "What to [expect] (given)" in shown
    assert "Stage reached: 2 Connect" in shown
    tokens = MarkdownIt().parse(summary)
    assert not [t for t in tokens if t.type in ("link_open", "em_open", "html_inline")]


def test_summary_of_a_client_who_says_no(demo_casebook: Casebook, clock: FixedClock) -> None:
    book = demo_casebook
    code = not_started(book)
    revisit = clock.today() + timedelta(days=28)
    s = Session(book, code)
    s.say("s1_raise", "no")
    s.say("declined", "Not while I'm on the *detox* waiting list.")
    s.say("declined_revisit", revisit.isoformat())
    summary = s.summary()
    assert "**They said no for now.**" in summary
    assert "**Their reasons:** Not while I'm on the \\*detox\\* waiting list\\." in summary
    assert f"**Come back to it on:** {day(revisit)}" in summary
    review = s.record().client.next_review
    assert review is not None and review != revisit
    assert f"**Next care-plan review:** {day(review)}" in summary  # a different date
    for absent in ("### Meetings", "### Goal", "### Follow-up", "### Handouts", "Interest"):
        assert absent not in summary
    assert "Not while I'm on the *detox* waiting list." in md_text(summary)


def test_summary_of_a_no_without_reasons_or_a_date(demo_casebook: Casebook) -> None:
    book = demo_casebook
    code = not_started(book)
    s = Session(book, code)
    s.say_all(SAYS_NO_FOR_NOW)
    summary = s.summary()
    assert "**They said no for now.**" in summary
    assert "Their reasons" not in summary
    assert "**Interest in trying a meeting:** 2 out of 10" in summary
    assert "- Not sure" in summary


def test_summary_of_a_follow_up(demo_casebook: Casebook, clock: FixedClock) -> None:
    book = demo_casebook
    code = next(
        e.code for e in book.clients.caseload().entries if e.summary.stage is Stage.FOLLOW_UP
    )
    _, aa = two_meetings(book)
    record = book.clients.record(code)
    goals = {g.id: g for g in record.goals}
    s = Session(book, code)
    s.say("fu_start", None)
    open_ids = s.conversation().state["context"]["open_goals"]
    first, rest = open_ids[0], open_ids[1:]
    forms: list[dict[str, Any]] = [
        {
            "goal_id": first,
            "attended": "yes",
            "meetings_since_last": 2,
            "meeting_ids": [aa.id],
            "helpfulness": 8,
            "what_it_was_like": "Friendlier than I thought <3",
            "involvement": ["swapped numbers"],
            "barriers": ["the bus_times"],
            "next_step": "try another meeting",
        },
        *(
            {
                "goal_id": g,
                "attended": "no",
                "next_step": "carry on",
                "talk_again_on": (clock.today() + timedelta(days=7)).isoformat(),
            }
            for g in rest
        ),
    ]
    s.say("fu_form", forms)
    assert s.step == "s2_meetings"  # the first goal goes on to another meeting
    book.conversations.log_handout(code, s.id, "myth-speak", "Do I have to speak?", "shown")
    book.conversations.log_handout(code, s.id, "myth-speak", "Do I have to speak?", "given")
    book.conversations.log_handout(code, s.id, "no-title-kept", "Shown only", "shown")

    summary = s.summary(script=conversation_script())
    assert summary.startswith("**Stage reached:** 3 Follow up")
    assert "### Follow-up" in summary
    assert f"- Goal: “{escape_markdown(goals[first].wording)}”" in summary
    assert "  - Went: yes, 2 meetings since last time" in summary
    assert f"  - Meetings: {aa.organisation.value}: {escape_markdown(aa.name)}" in summary
    assert "  - How helpful: 8 out of 10" in summary
    assert "  - What it was like: Friendlier than I thought \\<3" in summary
    assert "  - Involvement: swapped numbers" in summary
    assert "  - What got in the way: the bus\\_times" in summary
    assert "  - Next step: try another meeting" in summary
    assert "  - The goal is now: changed" in summary
    assert "  - Why: the bus\\_times" in summary
    assert s.record().goals[0].status in set(GoalStatus)
    for goal_id in rest:
        assert f"“{escape_markdown(goals[goal_id].wording)}”" in summary
    # Not going but carrying on: not achieved, and a fresh try with the next date to talk.
    assert summary.count("  - The goal is now: not achieved") == len(rest)
    assert summary.count("  - Then: “Try ") == len(rest)
    assert "### Goal" not in summary and "### Meetings chosen" not in summary
    # Given beats shown; a handout never given is named by its id.
    assert "- Do I have to speak? (given)" in summary
    assert "Do I have to speak? (shown)" not in summary
    assert "- no\\-title\\-kept (shown)" in summary
    review = s.record().client.next_review
    assert review is not None
    assert summary.rstrip().endswith(f"**Next care-plan review:** {day(review)}")
    assert "Friendlier than I thought <3" in md_text(summary)


def test_summary_of_an_unfinished_conversation_names_the_next_question(
    demo_casebook: Casebook,
) -> None:
    book = demo_casebook
    code = not_started(book)
    s = Session(book, code)
    s.say("s1_raise", "yes")
    prompt = conversation_script().step(s.step).prompt
    summary = s.summary(script=conversation_script())
    assert summary.startswith("**Stage reached:** 1 Introduce")
    assert f"**Not finished yet.** Next question: “{escape_markdown(prompt)}”" in summary
    assert "Not finished" not in s.summary()  # without the script it cannot say


def test_a_fresh_conversation_summary_is_short(demo_casebook: Casebook) -> None:
    book = demo_casebook
    s = Session(book, not_started(book))
    summary = s.summary()
    assert "### " not in summary
    assert summary.startswith("**Stage reached:** Not started\n")


def test_the_summary_module_is_pure() -> None:
    code = (
        "import sys, fama.conversation.summary\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'tinydb'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- escape_markdown


def test_escape_markdown_of_a_goal() -> None:
    assert escape_markdown("goal [x] *b*") == "goal \\[x\\] \\*b\\*"
    assert md_text(escape_markdown("goal [x] *b*")) == "goal [x] *b*\n"


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "- not a list",
        "1. not a list",
        "2) nor this",
        "> not a quote",
        "    not code",
        "\tnot code either",
        "---",
        "`code`",
        "<b>bold</b>",
        "<https://example.org>",
        "a &amp; b &lt;",
        "[link](https://example.org)",
        "![image](x.png)",
        "back\\slash\\",
        "trailing  ",
        "under_score_",
        "| a | b |",
        "~~gone~~",
    ],
)
def test_escape_markdown_keeps_text_literal(text: str) -> None:
    assert md_text(escape_markdown(text)) == text + "\n"


def test_escape_markdown_keeps_line_breaks() -> None:
    rendered = MarkdownIt().render(escape_markdown("one *\n  two\n\nthree"))
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)) == "one *\n  two\n\nthree\n"
    assert rendered.count("<br />") == 3 and rendered.count("<p>") == 1


def test_escape_markdown_drops_control_characters() -> None:
    assert escape_markdown("a\x00b\x0bc\x1f\x85d\te") == "abcd\te"
    assert escape_markdown("a\r\nb\rc") == "a\\\nb\\\nc"


@given(
    st.text(
        alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t"),
        min_size=1,
    )
)
def test_escaped_text_renders_as_itself(text: str) -> None:
    rendered = MarkdownIt().render(escape_markdown(text))
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n"), rendered
    assert html.unescape(rendered.removeprefix("<p>").removesuffix("</p>\n")) == text


@given(
    st.text(
        alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t"),
        min_size=1,
    )
)
def test_escaped_text_renders_as_itself_in_a_list_item(text: str) -> None:
    rendered = MarkdownIt().render(f"- Goal: {escape_markdown(text)}")
    inner = rendered.removeprefix("<ul>\n<li>Goal: ").removesuffix("</li>\n</ul>\n")
    assert html.unescape(inner) == text


@pytest.mark.parametrize(("user", "holder"), [("PA", "PA"), ("pa", "PA"), ("someone", None)])
def test_a_colleague_covering_holds_the_conversation_themselves(
    demo_casebook: Casebook, user: str, holder: str | None
) -> None:
    code = not_started(demo_casebook)
    keyworker = demo_casebook.clients.record(code).client.keyworker
    assert keyworker != "PA"
    demo_casebook.user = user
    conversation, _, _ = demo_casebook.conversations.open(code)
    assert conversation.keyworker == (holder or keyworker)


@pytest.mark.parametrize(("user", "giver"), [("PA", "PA"), ("someone", None)])
def test_a_colleague_covering_gives_and_prints_handouts_as_themselves(
    demo_casebook: Casebook, tmp_path: Path, user: str, giver: str | None
) -> None:
    book = demo_casebook
    code = not_started(book)
    keyworker = book.clients.record(code).client.keyworker
    assert keyworker != "PA"
    book.user = user
    given = book.handouts.give(code, "what-to-expect", "What to expect")
    assert given.by == (giver or keyworker)
    handout = load_library().get("anonymity")
    book.handouts.save_page(handout, tmp_path / "pages", code=code)
    [written] = book.clients.record(code).files
    assert written.written_by == (giver or keyworker)


def test_a_conversation_step_reads_only_the_meetings_it_names(
    demo_casebook: Casebook, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Answering validates the meetings the answer names, not the whole directory: on a
    service's directory the latter cost more than the save itself."""
    book = demo_casebook
    code = not_started(book)
    smart, aa = two_meetings(book)
    s = Session(book, code)
    stage_one(s)
    whole_directory_reads: list[int] = []
    meetings = book.store.meetings
    monkeypatch.setattr(
        book.store, "meetings", lambda: whole_directory_reads.append(1) or meetings()
    )
    s.say("s2_meetings", [aa.id, "demo:gone-away", smart.id])
    s.say("s2_goal", goal_form(clock.today()))
    plan, goal = book.conversations.plan_parts(code, s.id)
    assert [m.id for m in plan] == [aa.id, smart.id]
    assert goal is not None and goal.meeting_id == aa.id
    assert whole_directory_reads == []
