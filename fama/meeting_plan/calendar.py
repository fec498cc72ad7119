"""My meeting plan's calendar file: each meeting weekly for twelve weeks, with a reminder.

Discreet unless the client asks for details (:class:`~fama.meeting_plan.plan.PlanOptions`):
a neutral title of their choosing and a place of venue, street and postcode only. Built
with icalendar; times in Europe/London with the zone's own VTIMEZONE.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from uuid import UUID, uuid4, uuid5
from zoneinfo import ZoneInfo

from fama.meeting_plan.plan import (
    LONDON,
    WHAT_TO_EXPECT,
    PlanOptions,
    first_date,
    support_line,
    where,
)
from fama.models import Goal, Meeting, organisation

if TYPE_CHECKING:
    from icalendar.cal import Component

REMINDER_BEFORE = timedelta(hours=2)
WEEKS_IN_CALENDAR = 12

UID_NAMESPACE = UUID("3d0f6c52-5a4e-4c0e-9a51-2f3b8c7d1e60")
"""Event UIDs are name-based UUIDs from this namespace: unique, and opaque (a meeting id
such as ``aa-gb:kelbridge`` would give the plan away, a client code would identify them)."""


def london_timezone() -> Component:
    """VTIMEZONE for Europe/London: the UK rule since 1996, clocks forward at 01:00 GMT on
    the last Sunday in March and back at 02:00 BST on the last Sunday in October (a test
    checks it against the system's zoneinfo for years ahead)."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", LONDON)
    for part, name, before, after, start, month in (
        (TimezoneDaylight(), "BST", 0, 1, datetime(1996, 3, 31, 1), 3),
        (TimezoneStandard(), "GMT", 1, 0, datetime(1996, 10, 27, 2), 10),
    ):
        part.add("tzname", name)
        part.add("tzoffsetfrom", timedelta(hours=before))
        part.add("tzoffsetto", timedelta(hours=after))
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def _details(meeting: Meeting, goal: Goal | None, service: str, *, share_first_name: bool) -> str:
    org = organisation(meeting.organisation)
    lines = [f"{org.name}: {meeting.name}", WHAT_TO_EXPECT[org.programme]]
    lines.append(support_line(goal, named=share_first_name))
    lines.append(f"Questions? Ask your keyworker at {service}.")
    return "\n\n".join(line for line in lines if line)


def plan_ics(
    meetings: list[Meeting],
    *,
    goal: Goal | None,
    today: date,
    service: str,
    options: PlanOptions | None = None,
    share_first_name: bool = False,
    now: datetime | None = None,
    plan_id: str = "",
) -> bytes:
    """A calendar file (RFC 5545): each meeting weekly for 12 weeks, a reminder two hours
    before, times in Europe/London with its VTIMEZONE.

    Discreet unless ``options.calendar_details``: the title and reminder are the client's
    chosen title, the location is venue, street and postcode, and nothing else is said.
    ``now`` is the DTSTAMP (UTC); ``plan_id`` (the conversation) makes each event's UID
    stable when the same plan is saved again, so a calendar updates it instead of adding a
    second copy. CRLF line ends and folding at 75 octets are icalendar's.
    """
    from icalendar import Alarm, Calendar, Event

    if not meetings:
        raise ValueError("Choose at least one meeting for the plan.")
    options = options or PlanOptions()
    title = options.calendar_title
    zone = ZoneInfo(LONDON)
    stamp = (now or datetime.combine(today, time(), tzinfo=UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//Personal calendar//Plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    calendar.add_component(london_timezone())
    for meeting in meetings:
        day = first_date(meeting, today)
        start = datetime.combine(day, meeting.start, tzinfo=zone)
        end_time = meeting.end or (datetime.combine(day, meeting.start) + timedelta(hours=1)).time()
        end = datetime.combine(day, end_time, tzinfo=zone)
        if end <= start:  # ends after midnight
            end = datetime.combine(day + timedelta(days=1), end_time, tzinfo=zone)
        event = Event()
        key = f"{plan_id}/{meeting.id}" if plan_id else uuid4().hex
        event.add("uid", str(uuid5(UID_NAMESPACE, key)))
        event.add("dtstamp", stamp)
        event.add("summary", title)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("rrule", {"freq": "weekly", "count": WEEKS_IN_CALENDAR})
        event.add("location", where(meeting, discreet=not options.calendar_details))
        if options.calendar_details:
            event.add(
                "description", _details(meeting, goal, service, share_first_name=share_first_name)
            )
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{title} at {meeting.start:%H:%M}")
        alarm.add("trigger", -REMINDER_BEFORE)
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
