"""My meeting plan: the page and calendar file a client takes away from FAMA stage 2.

Pure: meetings, the goal and its support in; a printable HTML page out (the calendar file
is built in :mod:`fama.meeting_plan.calendar`).
Neither holds anything that identifies the client (no code, no postcode): a plan can be
left on a kitchen table. Phone numbers are never invented; the plan points to the
service and to each organisation's own website.

Clients put the calendar file on phones that partners, children and employers see, so it
is discreet unless the client asks otherwise (:class:`PlanOptions`): a neutral title, no
organisation, meeting name or "what to expect", and a location of venue, street and
postcode only. The page can be printed in the same discreet form; the goal and plans in
the client's own words stay on it, as they are theirs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from fama.meeting_plan.discreet import contains_phrase, fold, give_aways, link_gives_away
from fama.models import CallOutcome, Goal, LinkType, Meeting, Programme, organisation

LONDON = "Europe/London"
NEUTRAL_TITLE = "Time for me"
TITLE_MAX = 60

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

# Who the client will meet, said without naming a fellowship (the discreet forms).
NEUTRAL_LINK = {
    LinkType.VOLUNTEER_PHONED: "You have talked to someone who will be there",
    LinkType.VOLUNTEER_MEETS: "Someone will meet you there",
    LinkType.PEER_MENTOR: "Someone will meet you there or go with you",
    LinkType.STAFF_MEETS: "Someone from the service will meet you there",
    LinkType.STAFF_ACCOMPANIES: "Someone from the service will go with you",
    LinkType.MEETING_AT_SERVICE: "It is held where you see your keyworker",
}


def clean_title(text: str) -> str:
    """A calendar title as the client typed it, on one line and not too long; blank means
    the neutral title. The words are theirs: a give-away is warned about, never changed."""
    title = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return title[:TITLE_MAX].rstrip() or NEUTRAL_TITLE


@dataclass(frozen=True)
class PlanOptions:
    """What the client chose for their plan. The defaults keep the calendar discreet (it
    lives on a phone others see) and print the full page (it stays in their hands)."""

    calendar_title: str = NEUTRAL_TITLE
    calendar_details: bool = False
    """Put the organisation, the meeting's name and what to expect in the calendar."""
    discreet_page: bool = False
    """Print the page without organisation or meeting names and what to expect."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "calendar_title", clean_title(self.calendar_title))


def first_date(meeting: Meeting, today: date) -> date:
    """The first date on or after ``today`` that the meeting runs."""
    return today + timedelta(days=(meeting.weekday.value - today.weekday()) % 7)


def _squash(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def place_parts(meeting: Meeting) -> list[str]:
    """The venue, the address and the postcode, each said once.

    Feeds often repeat themselves: the venue again as the address's first line, or the
    postcode at the end of the address. Parts are compared by their comma-separated pieces,
    ignoring case and spacing; a postcode already in the address (with or without its space)
    is not added again.
    """
    venue = meeting.venue.strip()
    sources = (
        [meeting.address] if contains_phrase(meeting.address, venue) else [venue, meeting.address]
    )
    parts: dict[str, str] = {}
    for source in sources:
        for piece in source.split(","):
            if piece.strip():
                parts.setdefault(fold(piece), " ".join(piece.split()))
    postcode = " ".join(meeting.postcode.split()).upper()
    if postcode and not any(_squash(postcode) in _squash(p) for p in parts.values()):
        parts[fold(postcode)] = postcode
    return list(parts.values())


def where(meeting: Meeting, *, discreet: bool = False) -> str:
    """Where the meeting is, in one line. Discreet: a piece that names the meeting or gives
    away what it is ("Kelbridge Recovery Hub") is left out; the street and postcode stay."""
    names = [meeting.name] if discreet else []
    parts = [
        p
        for p in place_parts(meeting)
        if not discreet or fold(p) == fold(meeting.postcode) or not give_aways(p, names)
    ]
    if parts:
        return ", ".join(parts)
    if meeting.online_url:
        if discreet and link_gives_away(meeting.online_url, names):
            return "Online: ask your keyworker for the link"
        return f"Online: {meeting.online_url}"
    if meeting.phone:
        return f"By phone: {meeting.phone}"
    return "Ask your keyworker where it is held."


def support_line(goal: Goal | None, *, named: bool, discreet: bool = False) -> str:
    """Who meets or goes with the client, and where and when, if a call agreed it. A name
    only with the client's consent to share theirs (the person is told the client's name, so
    the client is told theirs), or when the client asked for a contact's first name on the
    plan instead of a call (then with what to say at the door); in the discreet form only
    the part before the first comma ("Sam", not "AA health liaison"), and only if it gives
    nothing away."""
    if goal is None or goal.support.link is LinkType.NONE:
        return ""
    support = goal.support
    person = support.linked_person if named or support.name_on_plan else ""
    first = person.split(",", 1)[0].strip()
    if discreet:
        person = first if not give_aways(first) else ""
        first = person
        who = f" ({person})" if person else ""
        line = f"{NEUTRAL_LINK[support.link]}{who}."
    else:
        who = f" ({person})" if person else ""
        line = f"{support.link.value[0].upper()}{support.link.value[1:]}{who}."
    agreed = next((c for c in reversed(support.calls) if c.outcome is CallOutcome.REACHED), None)
    if agreed is not None and (agreed.meet_where or agreed.meet_when):
        place = ", ".join(p for p in (agreed.meet_where, agreed.meet_when) if p)
        if not (discreet and give_aways(place)):
            line += f" Meeting you: {place}."
    if support.name_on_plan and first:
        line += f" At the door, say you are new and ask for {first}."
    return line


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


def _meeting_section(meeting: Meeting, today: date, *, discreet: bool) -> str:
    end = f" to {meeting.end:%H:%M}" if meeting.end else ""
    when = f"{escape(meeting.weekday.label)}s, {meeting.start:%H:%M}{end}"
    first = f"{first_date(meeting, today):%A %d %B}"
    if discreet:
        return f"""<section class="meeting">
<h2>{when}</h2>
<p class="when">First one {first}</p>
<p>{escape(where(meeting, discreet=True))}</p>
</section>"""
    org = organisation(meeting.organisation)
    website = (
        f"<p class='small'>More about {escape(org.name)}: {escape(org.website)}</p>"
        if org.website
        else ""
    )
    return f"""<section class="meeting">
<h2>{escape(meeting.name)}</h2>
<p class="when">{when} · first one
{first}</p>
<p>{escape(where(meeting))}</p>
<p>{escape(WHAT_TO_EXPECT[org.programme])}</p>
{website}
</section>"""


def _paragraphs(lines: Iterable[str]) -> str:
    return "\n".join(f"<p>{escape(line)}</p>" for line in lines if line)


def plan_html(
    meetings: list[Meeting],
    *,
    goal: Goal | None,
    service: str,
    today: date,
    options: PlanOptions | None = None,
    share_first_name: bool = False,
) -> str:
    """A printable page: the goal in the client's words, each meeting, what to expect, support.

    ``share_first_name`` is the client's consent (``client.consent.share_first_name``):
    without it the linked person's name stays off the page. With ``options.discreet_page``
    the page has a neutral heading and no organisation, service or meeting names and no
    "what to expect"; days, times, places and the client's own words stay.
    """
    if not meetings:
        raise ValueError("Choose at least one meeting for the plan.")
    discreet = (options or PlanOptions()).discreet_page
    heading = "My plan" if discreet else "My meeting plan"
    items = "".join(_meeting_section(m, today, discreet=discreet) for m in meetings)
    goal_html = (
        f"<p class='goal'>My goal: “{escape(goal.wording)}”</p>"
        f"<p>We will talk about how it went on {goal.follow_up_on:%A %d %B}.</p>"
        if goal
        else ""
    )
    support = support_line(goal, named=share_first_name, discreet=discreet)
    travel = goal.support.travel_plan if goal else ""
    barriers = goal.support.barriers_plan if goal else ""
    plans = _paragraphs(
        (
            support,
            f"Getting there: {travel}" if travel else "",
            f"If something gets in the way: {barriers}" if barriers else "",
        )
    )
    if discreet:
        help_lines = ["Your keyworker: ring them, or ask at reception."]
        closing = "tell your keyworker and you can try something else together."
        footer = f"{today:%d %B %Y}"
    else:
        help_lines = helpline_lines(meetings, service)
        closing = (
            "tell your keyworker and you can\ntry another meeting together. "
            "Every meeting is different."
        )
        footer = f"{escape(service)} · {today:%d %B %Y}"
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{heading}</title>
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
<h1>{heading}</h1>
{goal_html}
{plans}
{items}
<section class="help">
<h2>Help before and between {"sessions" if discreet else "meetings"}</h2>
<ul>
{"".join(f"<li>{escape(line)}</li>" for line in help_lines)}
</ul>
</section>
<p>If you can't go, or it wasn't right for you, that's fine: {closing}</p>
<footer>{footer}</footer>
</body>
</html>
"""
