"""Pilot helpers for the conversation screen: open a client's chat, answer steps, read it.

``say`` answers as a keyworker would; ``STAGE_1`` is the whole of stage one for the demo's
new client, as keys and text.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from fama.casebook.service import Casebook
from fama.models import ClientRecord, Conversation
from fama.tui.app import FamaApp
from fama.tui.screens.client import ClientScreen
from fama.tui.screens.conversation import ConversationScreen

NEW_CLIENT = "KB-1151"  # not started, no goals, no conversations


def latest(record: ClientRecord) -> Conversation:
    return max(record.conversations, key=lambda c: c.started_at)


def step_of(record: ClientRecord) -> str:
    return str(latest(record).state["step"])


def chat(app: FamaApp) -> ConversationScreen:
    screen = app.screen
    assert isinstance(screen, ConversationScreen)
    return screen


def transcript_text(app: FamaApp) -> str:
    return "\n".join(str(w.render()) for w in chat(app).query(".answer-turn"))


def turn_text(turn: Widget) -> str:
    """The Markdown an app turn was made from (its rendering is an object, always truthy)."""
    from rich.markdown import Markdown
    from textual.widgets import Static

    assert isinstance(turn, Static) and isinstance(turn.content, Markdown)
    return turn.content.markup


def error_text(app: FamaApp) -> str:
    return "\n".join(str(w.render()) for w in chat(app).query(".answer-error") if w.display)


async def open_chat(pilot: Pilot[int], app: FamaApp, code: str) -> None:
    """From the caseload: filter to the client, open them, press C."""
    await pilot.press(*code, "enter")
    await pilot.pause()
    assert isinstance(app.screen, ClientScreen)
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, ConversationScreen)


async def say(pilot: Pilot[int], *groups: str, keys: bool = False) -> None:
    """Each group is either keys joined by ',' or 'type:' and text, put into the text box
    that has the focus as typing would put it (at the cursor), or typed key by key with
    ``keys`` (the one test per answer form that checks typing itself) or when the focus is
    not on a text box."""
    from textual.widgets import TextArea

    for group in groups:
        if group.startswith("type:"):
            text = group.removeprefix("type:")
            focused = pilot.app.focused
            if keys or not isinstance(focused, Input | TextArea):
                await pilot.press(*text)
            elif isinstance(focused, Input):  # as a key does: over a selection, else at the cursor
                if focused.selection.is_empty:
                    focused.insert_text_at_cursor(text)
                else:
                    focused.replace(text, *focused.selection)
            else:
                focused.insert(text)
        else:
            await pilot.press(*group.split(","))
        await pilot.pause()


STAGE_1 = (
    "1",  # happy to talk
    "2",  # went, and it helped
    "type:A church hall [x], I felt judged",
    "enter",
    "enter",  # what they know: left blank
    "type:Meet people, but I'm not religious and I don't want to speak",
    "enter",
    "enter",  # the options: explained
    "type:7",
    "enter",
    "1",  # find a meeting: yes
    "1,2,enter",  # 12-step and SMART
    "2,4,enter",  # Tuesday, Thursday
    "3",  # evenings
    "1",  # in person
    "enter",  # audience: none
    "enter",  # access: none
    "3",  # up to 5 miles
)


STAGE_1_ANSWERS: tuple[tuple[str, object], ...] = (
    ("s1_raise", "yes"),
    ("s1_past", "helped"),
    ("s1_past_what", "A church hall [x], I felt judged"),
    ("s1_know", ""),
    ("s1_hopes", "Meet people, but I'm not religious and I don't want to speak"),
    ("s1_options", None),
    ("s1_interest", 7),
    ("s1_ready", "yes"),
    ("s1_programmes", ["twelve_step", "smart"]),
    ("s1_days", ["tue", "thu"]),
    ("s1_times", "evening"),
    ("s1_attendance", "in_person"),
    ("s1_audience", []),
    ("s1_access", []),
    ("s1_travel", "5"),
)
"""What ``STAGE_1`` answers on screen, step by step, as the casebook takes it."""


def stage_one_said(book: Casebook, code: str = NEW_CLIENT, until: str = "s1_travel") -> None:
    """Stage one answered through the casebook as ``STAGE_1`` answers it on screen, so a test
    about a later step opens the chat there (resuming) without typing its way through stage
    one (``test_stage_one_by_keyboard_records_profile_and_suggests_handouts`` types it, and
    checks this records the same). ``until`` stops after that step's answer."""
    from tests.helpers.conversation import Session

    s = Session(book, code)
    s.say_all(STAGE_1_ANSWERS, until=until)
    if until == "s1_travel":
        assert s.step == "s2_meetings"
