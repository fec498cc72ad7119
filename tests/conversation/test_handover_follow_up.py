"""Whether the person linked in stage 2 met the client, as a follow-up answer: parsed and
kept, absent as nothing, nonsense refused with nothing saved, and never kept for a goal
that had nobody linked."""

from __future__ import annotations

import pytest

from fama.casebook.service import Casebook
from fama.conversation import AnswerError
from fama.conversation.answers import FollowUpAnswer
from fama.conversation.handover_words import asks_handover
from fama.models import Handover, LinkType
from fama.models.goal import Support
from tests.helpers.conversation import Session
from tests.helpers.handover import followed_up, open_goal, stage_two_done


@pytest.mark.parametrize("said", list(Handover))
def test_each_answer_is_kept_and_read_back(said: Handover) -> None:
    answer = FollowUpAnswer.parse({"goal_id": "g1", "handover": said.value})
    assert answer.handover is said
    assert FollowUpAnswer.parse(answer.to_dict()) == answer
    assert answer.review_fields()["handover"] is said


@pytest.mark.parametrize("absent", [{}, {"handover": None}, {"handover": ""}])
def test_an_absent_answer_is_nothing(absent: dict[str, object]) -> None:
    assert FollowUpAnswer.parse({"goal_id": "g1", **absent}).handover is None


@pytest.mark.parametrize("nonsense", ["probably", "MET THEM THERE", 3, ["met them there"], "m"])
def test_nonsense_is_refused_in_one_sentence(nonsense: object) -> None:
    with pytest.raises(AnswerError, match="met them there, went with them, did not meet them"):
        FollowUpAnswer.parse({"goal_id": "g1", "handover": nonsense})


@pytest.mark.parametrize(
    ("link", "asked"),
    [
        (LinkType.NONE, False),
        (LinkType.MEETING_AT_SERVICE, False),
        (LinkType.VOLUNTEER_PHONED, True),
        (LinkType.VOLUNTEER_MEETS, True),
        (LinkType.PEER_MENTOR, True),
        (LinkType.STAFF_MEETS, True),
        (LinkType.STAFF_ACCOMPANIES, True),
    ],
)
def test_asked_only_when_someone_was_linked(link: LinkType, asked: bool) -> None:
    assert asks_handover(Support(link=link)) is asked


def test_the_follow_up_keeps_it_on_the_review(demo_casebook: Casebook) -> None:
    code = stage_two_done(demo_casebook, "volunteer_phoned")
    followed_up(demo_casebook, code, handover="went with them")
    [review] = [r for r in demo_casebook.clients.record(code).reviews if r.goal_id]
    assert review.handover is Handover.WENT_WITH
    assert review.handover.happened


@pytest.mark.parametrize("link", ["none", "at_service"])
def test_never_kept_for_a_goal_with_nobody_linked(demo_casebook: Casebook, link: str) -> None:
    code = stage_two_done(demo_casebook, link)
    followed_up(demo_casebook, code, handover="met them there")
    [review] = [r for r in demo_casebook.clients.record(code).reviews if r.goal_id]
    assert review.handover is None
    assert review.attended.value == "yes"  # the rest of the follow-up is kept


def test_a_bad_answer_saves_nothing(demo_casebook: Casebook) -> None:
    code = stage_two_done(demo_casebook, "volunteer_phoned")
    before = demo_casebook.clients.record(code)
    s = Session(demo_casebook, code)
    s.say("fu_start", None)
    bad = {"goal_id": open_goal(demo_casebook, code).id, "handover": "sort of"}
    with pytest.raises(AnswerError, match="linked person"):
        s.say("fu_form", [bad])
    after = demo_casebook.clients.record(code)
    assert after.reviews == before.reviews and after.goals == before.goals
    assert s.step == "fu_form"
