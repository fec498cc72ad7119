"""Suggesting handouts from what a client said: the right one first, nothing for small talk.

The table is written the way clients talk in a one-to-one (FAMA stage 1, domain brief §6).
A case marked xfail is a phrasing the handouts' triggers do not yet answer; the fix belongs
in the handout's front matter, not here.
"""

from __future__ import annotations

import pytest

from fama.handouts import (
    Handout,
    Library,
    load_library,
    match_factor,
    stem,
    stems,
    suggest,
    trigger_weight,
    words,
)


def trigger_missing(*values: str, why: str) -> object:
    return pytest.param(
        *values, marks=pytest.mark.xfail(reason=f"trigger missing: {why}", strict=True)
    )


PHRASINGS = [
    # myth 1: God
    ("I'm not religious", "god-and-religion"),
    ("I don't believe in God", "god-and-religion"),
    ("is it a church thing?", "god-and-religion"),
    ("I'm an atheist", "god-and-religion"),
    ("I do not want to pray", "god-and-religion"),
    # myth 2: cult
    ("isn't it a cult?", "not-a-cult"),
    ("they'll brainwash me", "not-a-cult"),
    # myth 3: speaking
    ("I'd have to speak in front of everyone", "you-dont-have-to-speak"),
    ("I'm too shy to talk in a group", "you-dont-have-to-speak"),
    # myth 4: labels
    ("I'm not an addict", "no-labels"),
    ("I'm not an alcoholic", "no-labels"),
    ("I would have to say I am an alcoholic", "no-labels"),
    # myths 5 and 11: sober first, slips
    ("I'm still using", "you-dont-have-to-be-clean-first"),
    ("what if I relapse", "you-dont-have-to-be-clean-first"),
    ("I need to be sober before I go", "you-dont-have-to-be-clean-first"),
    ("what if I slip up", "you-dont-have-to-be-clean-first"),
    ("I'm still drinking", "you-dont-have-to-be-clean-first"),
    # myth 6: money
    ("I can't afford it", "its-free"),
    ("how much does it cost", "its-free"),
    ("I haven't got any money", "its-free"),
    # myth 7: methadone
    ("they'll make me come off methadone", "methadone-and-medication"),
    ("I'm on a methadone script", "methadone-and-medication"),
    # myth 8: who goes
    ("it's full of old men", "who-goes"),
    ("it's all homeless people on park benches", "who-goes"),
    ("I'm too young for that", "who-goes"),
    # myth 9: not just drink
    ("I use crack not drink", "not-just-for-drink"),
    ("it's only for alcoholics, I take coke", "not-just-for-drink"),
    # myth 10: anonymity
    ("I don't want people knowing my business", "anonymity"),
    ("what if someone I know sees me", "anonymity"),
    ("my neighbours will find out", "anonymity"),
    # myth 12: one bad meeting
    ("I went once and hated it", "one-bad-meeting"),
    ("it's not for me, I tried it before", "one-bad-meeting"),
    # myth 13: evidence
    ("does it even work", "does-it-work"),
    ("is there any evidence it helps", "does-it-work"),
    # myth 14: alongside treatment
    ("will it replace seeing you", "alongside-treatment"),
    ("I'd lose my keyworker", "alongside-treatment"),
    # myth 15: family
    ("my mum drinks, can I get help", "family-and-friends"),
    ("my husband drinks too much, is there anything for me", "family-and-friends"),
    # what to expect
    ("is there one on zoom", "online-and-phone"),
    ("can I do it from home on my laptop", "online-and-phone"),
    ("I can't get there, there's no bus", "online-and-phone"),
    ("what actually happens at AA", "twelve-step-meeting"),
    ("will I have to get a sponsor", "twelve-step-meeting"),
    ("what's SMART like", "smart-meeting"),
    ("what do you do at a SMART Recovery meeting", "smart-meeting"),
    ("I've never been before", "your-first-meeting"),
    ("I'm scared of walking in on my own", "your-first-meeting"),
    ("what happens at my first meeting", "your-first-meeting"),
    # curly apostrophes, as a phone keyboard types them
    ("I don\u2019t believe in God", "god-and-religion"),
]

UNRELATED = [
    "the bus was late",
    "I had toast for breakfast",
    "my phone screen is cracked",
    "it rained all week",
    "I watched the football",
    "my dog needs walking",
    "the kettle broke",
    "",
    "   ",
]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(extra_folder=None)


@pytest.fixture(autouse=True)
def _no_service_handouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAMA_HANDOUTS", raising=False)


def test_the_table_is_big_enough() -> None:
    assert len(PHRASINGS) >= 30


@pytest.mark.parametrize("text, expected", PHRASINGS)
def test_the_right_handout_comes_first(library: Library, text: str, expected: str) -> None:
    found = suggest(text, library)
    assert found, f"nothing suggested for {text!r}"
    top = found[0]
    detail = [(s.handout.id, s.score, s.matched) for s in found]
    assert top.handout.id == expected, detail
    assert top.matched and set(top.matched) <= set(top.handout.triggers)


@pytest.mark.parametrize("text", UNRELATED)
def test_small_talk_gets_nothing(library: Library, text: str) -> None:
    assert suggest(text, library) == []


# The rules, on a library of our own ------------------------------------------------------


def handout(handout_id: str, *triggers: str, stage: int = 1) -> Handout:
    return Handout(
        id=handout_id,
        title=handout_id.replace("-", " ").title(),
        summary="s",
        audience=("client",),
        stage=stage,
        myths=(),
        triggers=triggers,
        sources=(),
        body="b\n",
        path=None,
        local=False,
    )


@pytest.mark.parametrize(
    "forms",
    [
        ("religious", "religion", "religions"),
        ("pray", "praying", "prays", "prayed"),
        ("use", "using", "uses", "used"),
        ("family", "families"),
        ("alcoholic", "alcoholics", "alcoholism", "alcohol"),
        ("anonymous", "anonymity"),
        ("believe", "believing", "believes"),
        ("relapse", "relapsed", "relapsing", "relapses"),
        ("slip", "slipped", "slipping", "slips"),
        ("addict", "addicts", "addicted", "addiction", "addictive"),
        ("atheist", "atheists", "atheism"),
        ("meeting", "meetings"),
        ("go", "goes", "going"),
        ("worry", "worried", "worries"),
        ("need", "needs", "needed", "needing"),
    ],
)
def test_stemming_joins_the_forms_of_a_word(forms: tuple[str, ...]) -> None:
    assert len({stem(f) for f in forms}) == 1, {f: stem(f) for f in forms}


@pytest.mark.parametrize(
    "apart",
    [
        ("crack", "cracked"),  # a cracked screen is not crack cocaine
        ("clean", "cleaning"),
        ("thing", "the"),
        ("sing", "s"),
        ("us", "use"),
        ("spice", "spiced"),
    ],
)
def test_stemming_keeps_different_words_apart(apart: tuple[str, str]) -> None:
    assert stem(apart[0]) != stem(apart[1])


def test_contractions_open_up() -> None:
    said = "I don't, I can't, I won't, it's, I'm, they'll, I'd"
    assert " ".join(words(said)) == "i do not i can not i will not it i am they will i would"
    assert words("Mum\u2019s CANNOT") == ["mum", "can", "not"]
    assert stems("Praying ISN'T for me") == ("pray", "is", "not", "for", "me")


def test_phrases_weigh_more_and_little_words_do_not_count() -> None:
    assert trigger_weight(stems("god")) == 1.0
    assert trigger_weight(stems("higher power")) == 2.5
    assert trigger_weight(stems("fell off the wagon")) == 4.0
    assert trigger_weight(stems("in front of")) == 1.0
    assert trigger_weight(stems("not")) == 0.0


def test_a_phrase_matches_whole_words_in_order_with_at_most_one_between() -> None:
    said = stems("does it even really work")
    assert match_factor(stems("does it even"), stems("does it even")) == 1.0
    assert match_factor(stems("does it even work"), stems("does it work")) == 0.75
    assert match_factor(said, stems("does it work")) == 0.0  # two words between
    assert match_factor(stems("work it does"), stems("does it work")) == 0.0
    assert match_factor(stems("godly"), stems("god")) == 0.0
    assert match_factor(stems("my own business"), stems("my business")) == 0.75


def test_scores_add_up_and_ties_go_to_the_earlier_stage() -> None:
    library = Library(
        (
            handout("god", "god", "higher power", "church"),
            handout("first", "first time", "church", stage=2),
            handout("church-two", "church", stage=1),
        )
    )
    found = suggest("my first time at church, all that higher power stuff", library, limit=5)
    assert [(s.handout.id, s.score, s.matched) for s in found] == [
        ("god", 3.5, ("higher power", "church")),
        ("first", 3.5, ("first time", "church")),
        ("church-two", 1.0, ("church",)),
    ]
    assert [s.handout.id for s in suggest("church", library)] == ["church-two", "god", "first"]
    assert len(suggest("church", library, limit=1)) == 1
    assert suggest("church", library, limit=0) == []


def test_matched_triggers_are_given_as_written(library: Library) -> None:
    (top, *_) = suggest("Will I have to come off my Methadone?", library)
    assert top.handout.id == "methadone-and-medication"
    assert "methadone" in top.matched and "come off" in top.matched
