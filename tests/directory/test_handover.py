"""Who to ring for a meeting: the register's contacts offered in stage 2, best first, and
"when to call" read into whether they can be rung now."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fama.directory.handover import contacts_to_ring, linked_person, reachable
from fama.models import Contact, LinkType, Meeting, OrgCode, Weekday
from fama.models.contact import Position, ServiceOwn

TUESDAY_MORNING = datetime(2026, 12, 1, 10, 30)
TODAY = TUESDAY_MORNING.date()
MEETING = Meeting(
    id="local:aa-tue",
    organisation=OrgCode.AA,
    name="Tuesday Lunchtime",
    weekday=Weekday.TUESDAY,
    start=time(12, 30),
    postcode="DE1 1AA",
)


def contact(name: str, org: OrgCode | ServiceOwn = OrgCode.AA, **fields: object) -> Contact:
    values: dict[str, object] = {
        "organisation": org,
        "name": name,
        "phone": "0808 157 0001",
        "consent": True,
        "last_checked": TODAY - timedelta(days=30),
        **fields,
    }
    return Contact.model_validate(values)


def names(offered: list) -> list[str]:  # type: ignore[type-arg]
    return [o.contact.name for o in offered]


def ring(contacts: list[Contact], link: LinkType = LinkType.VOLUNTEER_PHONED) -> list[str]:
    return names(
        contacts_to_ring(
            contacts, link=link, meeting=MEETING, organisation=None, now=TUESDAY_MORNING
        )
    )


def test_best_first_covers_the_meeting_then_the_area_then_reachable_then_checked() -> None:
    register = [
        contact("Stale", last_checked=TODAY - timedelta(days=400)),
        contact("Checked", when="", last_checked=TODAY - timedelta(days=2)),
        contact("Evenings", when="weekday evenings"),
        contact("Now", when="weekdays 9-5"),
        contact("Area", areas=["DE1"]),
        contact("Meeting", meetings=["local:aa-tue"], when="evenings"),
    ]
    assert ring(register) == ["Meeting", "Area", "Now", "Checked", "Stale", "Evenings"]


def test_only_those_who_could_make_this_link_are_offered() -> None:
    register = [
        contact("AA"),
        contact("NA", OrgCode.NA),
        contact("NA covering it", OrgCode.NA, meetings=["local:aa-tue"]),
        contact("Dee", ServiceOwn.PEER_MENTORS, position=Position.PEER_MENTOR),
    ]
    assert ring(register) == ["NA covering it", "AA"]
    assert ring(register, LinkType.PEER_MENTOR) == ["NA covering it", "Dee"]
    assert ring(register, LinkType.STAFF_ACCOMPANIES) == ["NA covering it"]
    assert ring([contact("AA")], LinkType.MEETING_AT_SERVICE) == []


def test_a_goal_about_an_organisation_offers_its_contacts() -> None:
    offered = contacts_to_ring(
        [contact("Sam"), contact("Jo", OrgCode.NA)],
        link=LinkType.VOLUNTEER_MEETS,
        meeting=None,
        organisation=OrgCode.NA,
        now=TUESDAY_MORNING,
    )
    assert names(offered) == ["Jo"]


def test_the_reasons_say_why_in_words() -> None:
    [offered] = contacts_to_ring(
        [contact("Sam", meetings=["local:aa-tue"], when="Tuesdays", last_checked=date(2020, 1, 1))],
        link=LinkType.VOLUNTEER_PHONED,
        meeting=MEETING,
        organisation=None,
        now=TUESDAY_MORNING,
    )
    assert offered.reasons == [
        "covers this meeting",
        "can be rung now",
        "details past their check date",
    ]


def test_the_goal_names_the_contact_by_first_name_and_role() -> None:
    assert linked_person(contact("Sam", position=Position.AA_HEALTH_LIAISON)) == (
        "Sam, AA health liaison"
    )
    assert linked_person(contact("Jo", role="H&I secretary")) == "Jo, H&I secretary"
    assert linked_person(contact("", role="Recovery champions")) == "Recovery champions"


TUESDAY_EVENING = datetime(2026, 12, 1, 19, 0)
SATURDAY_MORNING = datetime(2026, 12, 5, 10, 0)


def test_when_to_call_is_read() -> None:
    cases = {
        "weekday evenings": (False, True, False),
        "Tuesdays after 6pm": (False, True, False),
        "9-5": (True, False, True),
        "Mon-Fri 10:00-16:00": (True, False, False),
        "weekends": (False, False, True),
        "before 10am": (False, False, False),
        "mornings": (True, False, True),
        "any time": (True, True, True),
        "office hours": (True, False, True),
        "ring Jo first": (None, None, None),
        "": (None, None, None),
    }
    for text, expected in cases.items():
        got = tuple(
            reachable(text, t) for t in (TUESDAY_MORNING, TUESDAY_EVENING, SATURDAY_MORNING)
        )
        assert got == expected, text


@given(st.text(max_size=60), st.datetimes(min_value=datetime(2000, 1, 1)))
def test_any_text_is_read_without_failing_and_any_time_always_holds(
    text: str, now: datetime
) -> None:
    assert reachable(text, now) in (True, False, None)
    assert reachable(f"{text} any time", now) is True


@given(st.datetimes(min_value=datetime(2000, 1, 1)), st.sampled_from(list(Weekday)))
def test_a_named_day_that_is_not_today_is_never_now(now: datetime, day: Weekday) -> None:
    said = reachable(f"{day.label}s", now)
    assert said is (now.weekday() == day.value)
