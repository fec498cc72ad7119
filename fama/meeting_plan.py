"""My meeting plan: the page and calendar file a client takes away from FAMA stage 2.

Pure: meetings, the goal and its support in; a printable HTML page and an iCalendar file out.
Neither holds anything that identifies the client (no code, no postcode): a plan can be
left on a kitchen table. Phone numbers are never invented; the plan points to the
service and to each organisation's own website.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from fama.models import Goal, LinkType, Meeting, Programme, organisation

LONDON = "Europe/London"
REMINDER_BEFORE = timedelta(hours=2)
WEEKS_IN_CALENDAR = 12

WHAT_TO_EXPECT = {
    Programme.TWELVE_STEP: (
        "Someone usually says hello at the door and there is often tea. People introduce "
        "themselves by first name, someone reads a few short pieces, then people take turns "
        "to share. You can just listen: passing is fine. There is no fee; a pot may go round, "
        "and newcomers need not put in."
    ),
    Programme.SMART: (
        "A trained facilitator runs the meeting. People check in, agree what to talk about, "
        "and try practical tools for cravings, thoughts and feelings. Nobody has to use a "
        "label and nobody has to tell their life story. It is free."
    ),
    Programme.LOCAL: (
        "A local group run by people in recovery. Ask your keyworker what it is like; they "
        "can tell you who runs it and what happens."
    ),
    Programme.OTHER: "Ask your keyworker what to expect; they can find out for you.",
}


def first_date(meeting: Meeting, today: date) -> date:
    """The first date on or after ``today`` that the meeting runs."""
    return today + timedelta(days=(meeting.weekday.value - today.weekday()) % 7)


def _where(meeting: Meeting) -> str:
    if meeting.venue or meeting.postcode:
        return ", ".join(
            part for part in (meeting.venue, meeting.address, meeting.postcode) if part
        )
    if meeting.online_url:
        return f"Online: {meeting.online_url}"
    if meeting.phone:
        return f"By phone: {meeting.phone}"
    return "Ask your keyworker where it is held."


def _support_line(goal: Goal | None) -> str:
    if goal is None or goal.support.link is LinkType.NONE:
        return ""
    who = f" ({goal.support.linked_person})" if goal.support.linked_person else ""
    return f"{goal.support.link.value[0].upper()}{goal.support.link.value[1:]}{who}."


HELPLINE_NOTES = {
    # From the domain notes: AA GB runs a free national helpline.
    "AA": "runs a free helpline; the number is on its website",
}


def helpline_lines(meetings: list[Meeting], service: str) -> list[str]:
    """Where to turn between sessions: the service, then each organisation in the plan.

    Never a made-up number: each organisation's own website, which keeps its helpline and
    meeting details current.
    """
    lines = [f"Your keyworker at {service}: ring the service, or ask at reception."]
    seen: set[str] = set()
    for meeting in meetings:
        org = organisation(meeting.organisation)
        if org.code in seen or not org.website:
            continue
        seen.add(org.code)
        note = HELPLINE_NOTES.get(str(org.code), "lists its meetings and how to contact it")
        lines.append(f"{org.name} {note}: {org.website}")
    return lines


def plan_html(meetings: list[Meeting], *, goal: Goal | None, service: str, today: date) -> str:
    """A printable page: the goal in the client's words, each meeting, what to expect, support."""
    if not meetings:
        raise ValueError("Choose at least one meeting for the plan.")
    items = []
    for meeting in meetings:
        org = organisation(meeting.organisation)
        end = f" to {meeting.end:%H:%M}" if meeting.end else ""
        website = (
            f"<p class='small'>More about {escape(org.name)}: {escape(org.website)}</p>"
            if org.website
            else ""
        )
        items.append(
            f"""<section class="meeting">
<h2>{escape(meeting.name)}</h2>
<p class="when">{escape(meeting.weekday.label)}s, {meeting.start:%H:%M}{end} · first one
{first_date(meeting, today):%A %d %B}</p>
<p>{escape(_where(meeting))}</p>
<p>{escape(WHAT_TO_EXPECT[org.programme])}</p>
{website}
</section>"""
        )
    goal_html = (
        f"<p class='goal'>My goal: “{escape(goal.wording)}”</p>"
        f"<p>We will talk about how it went on {goal.review_date or goal.target_date:%A %d %B}.</p>"
        if goal
        else ""
    )
    support = _support_line(goal)
    support_html = f"<p>{escape(support)}</p>" if support else ""
    travel = goal.support.travel_plan if goal else ""
    travel_html = f"<p>Getting there: {escape(travel)}</p>" if travel else ""
    barriers = goal.support.barriers_plan if goal else ""
    barriers_html = f"<p>If something gets in the way: {escape(barriers)}</p>" if barriers else ""
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>My meeting plan</title>
<style>
  body {{ font-family: Verdana, Arial, sans-serif; font-size: 20px; line-height: 1.6;
         max-width: 40em; margin: 1.5em auto; padding: 0 1em; color: #111; }}
  h1 {{ font-size: 1.6em; }} h2 {{ font-size: 1.25em; margin-bottom: 0.2em; }}
  .when {{ font-weight: bold; }} .goal {{ font-size: 1.1em; }} .small {{ font-size: 0.8em; }}
  section.meeting {{ border-top: 2px solid #999; padding-top: 0.4em; }}
  footer {{ margin-top: 2em; border-top: 1px solid #999; font-size: 0.8em; }}
  @page {{ size: A4; margin: 18mm; }}
  @media print {{ body {{ margin: 0; max-width: none; }}
                  section.meeting {{ break-inside: avoid; }} }}
</style>
</head>
<body>
<h1>My meeting plan</h1>
{goal_html}
{support_html}
{travel_html}
{barriers_html}
{"".join(items)}
<section class="help">
<h2>Help before and between meetings</h2>
<ul>
{"".join(f"<li>{escape(line)}</li>" for line in helpline_lines(meetings, service))}
</ul>
</section>
<p>If you can't go, or it wasn't right for you, that's fine: tell your keyworker and you can
try another meeting together. Every meeting is different.</p>
<footer>{escape(service)} · {today:%d %B %Y}</footer>
</body>
</html>
"""


def plan_ics(meetings: list[Meeting], *, goal: Goal | None, today: date, service: str) -> bytes:
    """A calendar file: each meeting weekly for 12 weeks, with a reminder two hours before."""
    from icalendar import Alarm, Calendar, Event

    if not meetings:
        raise ValueError("Choose at least one meeting for the plan.")
    zone = ZoneInfo(LONDON)
    calendar = Calendar()
    calendar.add("prodid", "-//fama//My meeting plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "My meeting plan")
    for meeting in meetings:
        org = organisation(meeting.organisation)
        day = first_date(meeting, today)
        start = datetime.combine(day, meeting.start, tzinfo=zone)
        end_time = meeting.end or (datetime.combine(day, meeting.start) + timedelta(hours=1)).time()
        end = datetime.combine(day, end_time, tzinfo=zone)
        if end <= start:  # ends after midnight
            end += timedelta(days=1)
        event = Event()
        event.add("uid", f"{meeting.id}@fama")
        event.add("dtstamp", datetime.combine(today, datetime.min.time(), tzinfo=zone))
        event.add("summary", f"{org.name}: {meeting.name}")
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("rrule", {"freq": "weekly", "count": WEEKS_IN_CALENDAR})
        event.add("location", _where(meeting))
        lines = [WHAT_TO_EXPECT[org.programme]]
        support = _support_line(goal)
        if support:
            lines.append(support)
        lines.append(f"Questions? Ask your keyworker at {service}.")
        event.add("description", "\n\n".join(lines))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{meeting.name} at {meeting.start:%H:%M}")
        alarm.add("trigger", -REMINDER_BEFORE)
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
