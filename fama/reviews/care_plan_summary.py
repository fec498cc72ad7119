"""The mutual aid summary for a client's care plan, in Markdown, HTML or plain text.

Pure, like :mod:`fama.reviews.history`, whose :class:`ReviewHistory` it turns into a short
page: what a care plan needs to say about mutual aid at a review. The period; the stage;
whether the client is seeking help for someone else; whether they said no to mutual aid
for now (when, why, and the date agreed to come back to it); the goals with their meetings
by name, the calls made in the session to link the client to someone, and whether that
person met them or went with them; attendance, with the meetings they went to by name and
the days the reported meetings cover (a follow-up's "meetings since last time" reaches back
to the follow-up before it, which may be long before the period began); involvement;
barriers; what changed.

Text a person typed or a feed supplied is escaped in Markdown and HTML and left as it is in
plain text, which has no escapes at all.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from fama.conversation.handover_words import call_lines, handover_line
from fama.conversation.outcomes import goal_state_words
from fama.conversation.summary import escape_markdown
from fama.models.goal import Goal
from fama.models.meeting import Meeting
from fama.models.record import ClientRecord
from fama.reviews.changes import change_lines
from fama.reviews.history import ReviewHistory
from fama.reviews.words import (
    Line,
    Part,
    local_date,
    long_day,
    meeting_name,
    own,
    plain_line,
    plural,
    quoted,
    times,
    typed,
    went_words,
)

FORMATS = ("md", "html", "txt")


@dataclass(frozen=True)
class _Summary:
    title: Line
    facts: list[tuple[str, Line]]
    sections: list[tuple[str, list[Line]]]


def _period_line(history: ReviewHistory) -> Line:
    text = f"{long_day(history.since)} to {long_day(history.until)}"
    if history.last_review is not None and history.since == history.last_review:
        text += " (since the last care-plan review)"
    return (own(text),)


def span_words(start: date | None, end: date) -> str:
    """The days reported meetings cover: ``3 weeks from Sat 31 Oct 2026 to Fri 20 Nov 2026``,
    or ``the time up to Fri 20 Nov 2026`` when where it starts is not known."""
    if start is None:
        return f"the time up to {long_day(end)}"
    days = (end - start).days + 1
    if days < 14:
        length = plural(days, "day")
    else:
        length = f"{'' if days % 7 == 0 else 'about '}{round(days / 7)} weeks"
    return f"{length} from {long_day(start)} to {long_day(end)}"


def _declined_line(record: ClientRecord) -> Line | None:
    declined = record.client.declined
    if declined is None:
        return None
    line: list[Part] = [own(f"said no for now on {long_day(declined.on)}")]
    if declined.reason:
        line += [own("; their reasons: "), *quoted(declined.reason)]
    revisit = declined.revisit_on
    line.append(
        own(
            f"; agreed to come back to it on {long_day(revisit)}"
            if revisit
            else "; no date agreed to come back to it"
        )
    )
    return tuple(line)


def _goals_in_summary(record: ClientRecord, history: ReviewHistory) -> list[Goal]:
    """Open goals, and those agreed, followed up or due in the period."""
    followed = {r.goal_id for r in record.reviews if history.since <= r.date <= history.until}

    def shown(goal: Goal) -> bool:
        return (
            goal.status.is_open
            or goal.id in followed
            or history.since <= local_date(goal.created_at) <= history.until
            or history.since <= goal.target_date <= history.until
        )

    return sorted((g for g in record.goals if shown(g)), key=lambda g: (g.target_date, g.id))


def _handover_parts(goal: Goal, record: ClientRecord, history: ReviewHistory) -> list[Part]:
    """The calls made for the goal in the session it was agreed, then what the latest
    follow-up up to the period's end heard of the person linked: sentences after the goal
    (none when no call was made and nothing was heard)."""
    parts: list[Part] = []
    for line in call_lines(goal.support, history.contacts):
        parts += [own(" "), typed(line), own(".")]
    heard = [
        (r.date, r.created_at, r.handover)
        for r in record.reviews
        if r.goal_id == goal.id and r.handover is not None and r.date <= history.until
    ]
    if heard:
        on, _, handover = max(heard, key=lambda h: (h[0], h[1]))
        said = handover_line(handover, goal.support, history.contacts)
        parts += [own(f" Follow-up on {long_day(on)}: "), typed(said), own(".")]
    return [own("."), *parts] if parts else []


def _goal_line(
    goal: Goal, record: ClientRecord, history: ReviewHistory, meetings: Mapping[str, Meeting]
) -> Line:
    """``“Go on Tuesdays” (planned: talk about it on ...; at SMART: ..., Tue 19:30; by ...)``:
    the state says when to talk about an open goal, so the date is not said twice. Then the
    calls made to link the client to the meeting, and whether the person linked met them."""
    where: tuple[Part, ...] = ()
    if goal.meeting_id:
        where = (own("; at "), typed(meeting_name(goal.meeting_id, meetings)))
    state = goal_state_words(goal, history.until, with_year=True)
    return (
        *quoted(goal.wording),
        own(f" ({state}"),
        *where,
        own(f"; by {long_day(goal.target_date)})"),
        *_handover_parts(goal, record, history),
    )


def helpfulness_words(scores: list[int], mean: float) -> str:
    """``8``, ``8 each time`` or ``mean 6.5, from 4 to 9``: never "range 8 to 8"."""
    low, high = min(scores), max(scores)
    if low == high:
        return str(low) if len(scores) == 1 else f"{low} each time"
    return f"mean {mean:.1f}, from {low} to {high}"


def _attendance_lines(history: ReviewHistory, meetings: Mapping[str, Meeting]) -> list[Line]:
    if history.follow_ups == 0 or history.reported_until is None:
        return [(own("No follow-ups in this period."),)]
    went = went_words(history.attended, history.follow_ups, history.all_did_not_go)
    lines: list[Line] = [(own(f"Follow-ups: {history.follow_ups}; {went}"),)]
    if not history.all_did_not_go:
        span = span_words(history.reported_from, history.reported_until)
        lines.append((own(f"Meetings they reported: {history.meetings_total}, over {span}"),))
    if history.meetings_went:
        names = "; ".join(meeting_name(m, meetings) for m in history.meetings_went)
        lines.append((own("Meetings they went to: "), typed(names)))
    rated = [h for on, h in history.helpfulness if history.since <= on <= history.until]
    if history.mean_helpfulness is not None and rated:
        words = helpfulness_words(rated, history.mean_helpfulness)
        lines.append((own(f"How helpful (0 to 10): {words}"),))
    elif not history.all_did_not_go:
        lines.append((own("How helpful: not asked"),))
    return lines


def _build_summary(
    history: ReviewHistory, record: ClientRecord, meetings: Mapping[str, Meeting]
) -> _Summary:
    client = record.client
    next_review = long_day(client.next_review) if client.next_review else "not set"
    facts: list[tuple[str, Line]] = [("Period", _period_line(history))]
    if client.for_family:
        facts.append(("Seeking help for", (own("someone else (a family member or friend)"),)))
    facts.append(("Stage", (own(client.stage_label),)))
    declined = _declined_line(record)
    if declined is not None:
        facts.append(("Mutual aid", declined))
    facts.append(("Next care-plan review", (own(next_review),)))
    goals = [_goal_line(g, record, history, meetings) for g in _goals_in_summary(record, history)]
    involvement: list[Line] = [
        (own(f"{marker.value}: first on {long_day(first)}, {times(count)}"),)
        for marker, first, count in history.involvement
    ]
    barriers: list[Line] = [
        (typed(wording), own(f" ({times(count)})")) for wording, count in history.repeated_barriers
    ]
    changes = change_lines(record, meetings, history.since, history.until, counts=False)
    return _Summary(
        title=(own("Mutual aid summary for "), typed(history.code)),
        facts=facts,
        sections=[
            ("Goals", goals or [(own("No mutual aid goals yet."),)]),
            ("Attendance in this period", _attendance_lines(history, meetings)),
            ("Involvement beyond attending (so far)", involvement),
            ("What got in the way more than once (so far)", barriers),
            ("What changed", changes or [(own("Nothing new recorded in this period."),)]),
        ],
    )


def _md(line: Line) -> str:
    return "".join(escape_markdown(p.text) if p.typed else p.text for p in line)


def _html(line: Line) -> str:
    return "".join(html.escape(p.text) for p in line)


def _render_md(doc: _Summary) -> str:
    out = [f"# {_md(doc.title)}", ""]
    for label, value in doc.facts:
        out += [f"**{label}:** {_md(value)}", ""]
    for heading, lines in doc.sections:
        if lines:
            out += [f"## {heading}", "", *(f"- {_md(line)}" for line in lines), ""]
    return "\n".join(out).strip() + "\n"


def _render_txt(doc: _Summary) -> str:
    title = plain_line(doc.title)
    out = [title, "=" * len(title), ""]
    out += [f"{label}: {plain_line(value)}" for label, value in doc.facts]
    for heading, lines in doc.sections:
        if lines:
            out += ["", heading, "-" * len(heading), *(f"- {plain_line(line)}" for line in lines)]
    return "\n".join(out).strip() + "\n"


_STYLE = """\
  body { font-family: Verdana, Arial, sans-serif; font-size: 11pt; line-height: 1.45;
         max-width: 46em; margin: 1.5em auto; padding: 0 1em; color: #111; }
  h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin: 1.1em 0 0.3em; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; }
  dt { font-weight: bold; } dd { margin: 0; }
  ul { margin-top: 0.2em; padding-left: 1.3em; }
  @page { size: A4; margin: 18mm; }
  @media print { body { margin: 0; max-width: none; } section { break-inside: avoid; } }"""


def _render_html(doc: _Summary) -> str:
    facts = "\n".join(
        f"<dt>{html.escape(label)}</dt><dd>{_html(value)}</dd>" for label, value in doc.facts
    )
    sections = "\n".join(
        f"<section>\n<h2>{html.escape(heading)}</h2>\n<ul>\n"
        + "\n".join(f"<li>{_html(line)}</li>" for line in lines)
        + "\n</ul>\n</section>"
        for heading, lines in doc.sections
        if lines
    )
    title = _html(doc.title)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
{_STYLE}
</style>
</head>
<body>
<h1>{title}</h1>
<dl>
{facts}
</dl>
{sections}
</body>
</html>
"""


def check_format(fmt: str) -> str:
    """``fmt`` if it is a summary format, else ``ValueError`` in one sentence."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown summary format {fmt!r}; use md, html or txt.")
    return fmt


def summary(
    history: ReviewHistory, record: ClientRecord, meetings: Mapping[str, Meeting], fmt: str
) -> str:
    """A short summary for the care plan, as ``fmt``: ``md``, ``html`` (a small A4 page) or
    ``txt``. Everything a person typed is escaped for the format; the client's postcode is
    never included. Raises ``ValueError`` for another format."""
    renderers = {"md": _render_md, "html": _render_html, "txt": _render_txt}
    doc = _build_summary(history, record, meetings)
    return renderers[check_format(fmt)](doc)
