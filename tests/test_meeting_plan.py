"""My meeting plan: valid HTML and an .ics that parses back, with nothing identifying the client."""

from __future__ import annotations

from datetime import date, time
from html.parser import HTMLParser

import pytest
from icalendar import Calendar

from fama.demo import build_demo
from fama.meeting_plan import first_date, plan_html, plan_ics
from fama.models import Goal, LinkType, Support, Weekday, organisation

TODAY = date(2026, 11, 24)  # a Tuesday


class TagBalance(HTMLParser):
    VOID = {"meta", "br", "img", "link", "hr", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()


@pytest.fixture
def meetings():  # type: ignore[no-untyped-def]
    directory = {m.id: m for m in build_demo(TODAY).meetings}
    return [directory["demo:smart-01"], directory["demo:aa-01"]]


def goal() -> Goal:
    return Goal(
        client_code="KB-1042",
        wording="Go to SMART on Tuesday with Sam <and> [friends]",
        target_date=date(2026, 12, 1),
        review_date=date(2026, 12, 3),
        support=Support(
            link=LinkType.PEER_MENTOR,
            linked_person="Sam, peer mentor",
            travel_plan="Bus 7 from the Hub",
        ),
    )


def test_html_is_well_formed_escaped_and_anonymous(meetings) -> None:  # type: ignore[no-untyped-def]
    page = plan_html(meetings, goal=goal(), service="Kelbridge Drug & Alcohol Service", today=TODAY)
    parser = TagBalance()
    parser.feed(page)
    assert parser.stack == [], f"unclosed tags: {parser.stack}"
    assert "&lt;and&gt; [friends]" in page and "KB-1042" not in page
    assert "Kelbridge Drug &amp; Alcohol Service" in page and "24 November 2026" in page
    assert "Sam, peer mentor" in page and "Bus 7 from the Hub" in page
    for meeting in meetings:
        assert meeting.name in page
    # Where to turn between sessions: the service and each organisation's own website,
    # never an invented number.
    assert "Help before and between meetings" in page
    for meeting in meetings:
        assert organisation(meeting.organisation).website in page


def test_ics_parses_back_with_weekly_events_and_reminders(meetings) -> None:  # type: ignore[no-untyped-def]
    data = plan_ics(meetings, goal=goal(), today=TODAY, service="Kelbridge DAS")
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(meetings)
    for event, meeting in zip(events, meetings, strict=True):
        start = event.decoded("dtstart")
        assert start.weekday() == meeting.weekday.value and start.time() == meeting.start
        assert start.date() == first_date(meeting, TODAY) and start.date() >= TODAY
        assert str(start.tzinfo) == "Europe/London"
        assert event["rrule"]["FREQ"] == ["WEEKLY"]
        [alarm] = list(event.walk("VALARM"))
        assert alarm["action"] == "DISPLAY"
    assert b"KB-1042" not in data


def test_first_date_is_today_or_within_a_week() -> None:
    directory = build_demo(TODAY).meetings
    for meeting in directory:
        day = first_date(meeting, TODAY)
        assert 0 <= (day - TODAY).days < 7 and day.weekday() == meeting.weekday.value


def test_an_empty_plan_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one meeting"):
        plan_html([], goal=None, service="x", today=TODAY)
    with pytest.raises(ValueError, match="at least one meeting"):
        plan_ics([], goal=None, today=TODAY, service="x")


def test_a_meeting_ending_after_midnight(meetings) -> None:  # type: ignore[no-untyped-def]
    late = meetings[0].model_copy(
        update={"weekday": Weekday.SATURDAY, "start": time(23, 30), "end": time(0, 30)}
    )
    [event] = list(
        Calendar.from_ical(plan_ics([late], goal=None, today=TODAY, service="x")).walk("VEVENT")
    )
    assert (event.decoded("dtend") - event.decoded("dtstart")).total_seconds() == 3600
