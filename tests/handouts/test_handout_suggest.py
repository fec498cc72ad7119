"""Suggesting handouts from what a client said: the right one first, nothing for small talk.

Three layers: the evaluation set (tests/data/handout_phrasings.toml, scored as a whole, with
scripts/handout_score.py printing the misses); a short table of cases written the way
clients talk in a one-to-one (FAMA stage 1, domain brief §6); and the rules themselves, on
small libraries of our own, with properties that hold for any text. A miss is fixed in the
handout's front matter (handouts/README.md), not here.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fama.handouts import suggest as handout_suggest
from fama.handouts.library import Handout, Library, load_library
from fama.handouts.suggest import match_factor, suggest, trigger_weight
from fama.handouts.vocabulary import Concept, Vocabulary
from fama.handouts.words import fold, read, stem, stems, words
from tests.helpers.phrasings import Phrasing, evaluate, load_phrasings

PHRASINGS_SET = load_phrasings()

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
    "the weather's been awful",
    "my mum made a cake",
    "I had a busy week at work",
    "see you next Tuesday",
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


def said_in(piece: str, text: str) -> bool:
    """Whether every part of a matched piece ("manager … hears") is in what was said."""
    return all(part in fold(text) for part in piece.split(handout_suggest.SEPARATOR))


@pytest.mark.parametrize("text, expected", PHRASINGS)
def test_the_right_handout_comes_first(library: Library, text: str, expected: str) -> None:
    found = suggest(text, library)
    assert found, f"nothing suggested for {text!r}"
    top = found[0]
    detail = [(s.handout.id, s.score, s.matched) for s in found]
    assert top.handout.id == expected, detail
    assert top.matched and all(said_in(piece, text) for piece in top.matched)
    rules = {" + ".join(rule) for rule in top.handout.vocabulary.together}
    assert len(top.because) == len(top.matched)
    assert set(top.because) <= set(top.handout.triggers) | rules


@pytest.mark.parametrize("text", UNRELATED)
def test_small_talk_gets_nothing(library: Library, text: str) -> None:
    assert suggest(text, library) == []


@pytest.mark.parametrize(
    "text, expected, shown",
    [
        ("my mum can't know about this", "anonymity", "mum … can't know"),
        ("what if my manager hears about it", "anonymity", "manager … hears"),
        ("I'd rather stay home in my pyjamas and join in", "online-and-phone", "pyjamas"),
    ],
)
def test_what_the_client_means_not_just_the_words(
    library: Library, text: str, expected: str, shown: str
) -> None:
    found = suggest(text, library, limit=18)
    assert found[0].handout.id == expected
    assert shown in found[0].matched
    assert "family-and-friends" not in [s.handout.id for s in found]


def test_family_words_are_for_family_help_not_for_keeping_it_from_them(
    library: Library,
) -> None:
    helping = suggest("my husband drinks every night, is there anything for me", library)
    assert helping[0].handout.id == "family-and-friends"
    hiding = suggest("I don't want my husband finding out I'm going", library, limit=18)
    assert hiding[0].handout.id == "anonymity"
    assert "family-and-friends" not in [s.handout.id for s in hiding]
    both = suggest("my wife's worried sick but my boss can't find out", library)
    assert {s.handout.id for s in both[:2]} == {"family-and-friends", "anonymity"}


def test_saying_it_is_not_a_worry_brings_nothing(library: Library) -> None:
    assert suggest("I'm not bothered about the God side of it", library) == []
    assert suggest("money's not a problem", library) == []
    found = suggest("I'm not worried about the money, but what if people find out", library)
    assert [s.handout.id for s in found] == ["anonymity"]


# The evaluation set -------------------------------------------------------------------


def test_the_evaluation_set_is_big_and_covers_every_handout(library: Library) -> None:
    single, double = PHRASINGS_SET.single, PHRASINGS_SET.double
    assert len(PHRASINGS_SET.said) >= 150
    assert 15 <= len(double) <= 30
    assert len(PHRASINGS_SET.nothing) >= 40
    per_handout = {h: sum(p.expect == (h,) for p in single) for h in library.ids()}
    assert min(per_handout.values()) >= 8, per_handout
    named = {h for p in PHRASINGS_SET.said for h in p.expect}
    assert named <= set(library.ids())
    texts = [p.text for p in PHRASINGS_SET.said] + list(PHRASINGS_SET.nothing)
    assert len(set(texts)) == len(texts), "a phrasing is in the set twice"
    assert all(len(p.expect) == len(set(p.expect)) for p in double)


def test_the_evaluation_set_scores(library: Library) -> None:
    """The thresholds the lead set; scripts/handout_score.py prints the misses."""
    scores = evaluate(library, PHRASINGS_SET)
    assert scores.first_rate >= 0.90, [o.phrasing.text for o in scores.misses()]
    assert scores.top_rate >= 0.90, [o.phrasing.text for o in scores.misses()]
    assert scores.silence_rate >= 0.95, [text for text, _ in scores.noisy]


# The rules, on a library of our own ------------------------------------------------------


def handout(
    handout_id: str,
    *triggers: str,
    stage: int = 1,
    together: tuple[str, ...] = (),
    unless: tuple[str, ...] = (),
    **concepts: list[str],
) -> Handout:
    """A handout with ``triggers`` and, as keyword arguments, concept groups (``find_out``
    names the group ``find-out``)."""
    groups = tuple(Concept(name.replace("_", "-"), tuple(e)) for name, e in concepts.items())
    rules = tuple(tuple(part.strip() for part in rule.split("+")) for rule in together)
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
        vocabulary=Vocabulary(groups, rules, unless),
    )


ANON = handout(
    "anon",
    "confidential",
    together=("who + find-out",),
    who=["my boss", "mum", "neighbours"],
    find_out=["find out", "hear", "see me"],
)
FAMILY = handout(
    "family",
    "al-anon",
    together=("relative + trouble",),
    unless=("secret",),
    relative=["mum", "husband"],
    trouble=["drinks", "drinking"],
    secret=["find out", "know about"],
)
OURS = Library((ANON, FAMILY))


def found(text: str, library: Library = OURS) -> list[tuple[str, float, tuple[str, ...]]]:
    return [(s.handout.id, s.score, s.matched) for s in suggest(text, library, limit=5)]


def test_together_needs_a_word_from_each_group_close_together_in_one_sentence() -> None:
    assert found("what if my boss hears") == [("anon", 3.0, ("my boss … hears",))]
    assert found("the neighbours will find out") == [("anon", 3.0, ("neighbours … find out",))]
    assert found("my boss is lovely") == []
    assert found("my boss is lovely. I can hear the rain.") == [], "two sentences"
    assert found("my boss is lovely; I hear you") == []
    filler = " and then" * 8
    assert found(f"my boss{filler} hears") == [], "further apart than WINDOW words"
    assert found(f"my boss{' then' * (handout_suggest.WINDOW - 3)} hears")[0][0] == "anon"


def test_a_word_serves_one_group_only() -> None:
    library = Library((handout("x", together=("a + b",), a=["find out"], b=["out"]),))
    assert found("find out", library) == []
    assert found("find out, get out", library) == [("x", 3.0, ("find out … out",))]


def test_each_trigger_and_each_rule_counts_once() -> None:
    assert found("my boss hears. my mum hears. confidential, confidential") == [
        ("anon", 4.0, ("confidential", "my boss … hears"))
    ]


def test_rules_weigh_by_their_groups_and_add_to_triggers() -> None:
    three = handout("three", "alone", together=("a + b + c",), a=["red"], b=["green"], c=["blue"])
    library = Library((three,))
    assert found("red and green and blue", library) == [
        ("three", 3 * handout_suggest.GROUP_WEIGHT, ("red … green … blue",))
    ]
    assert found("red and green", library) == []
    assert found("alone with red, green and blue", library)[0][1] == 1.0 + 4.5


def test_unless_words_turn_off_the_concepts_of_their_clause_not_the_triggers() -> None:
    assert found("my husband drinks every night") == [("family", 3.0, ("husband … drinks",))]
    assert [h for h, *_ in found("my mum can't find out I'm drinking")] == ["anon"]
    assert [h for h, *_ in found("my mum drinks, and I don't want the neighbours to find out")] == [
        "anon",
        "family",
    ], "the unless word is in the other clause"
    assert found("if my mum finds out I go to al-anon")[1] == ("family", 2.5, ("al-anon",))


def test_a_clause_that_says_it_is_no_worry_counts_for_nothing() -> None:
    assert found("I'm not worried about my boss hearing") == []
    assert found("it's no problem if my mum finds out") == []
    assert found("not bothered if it's confidential") == []
    assert found("I'm not worried about money, but my boss will hear")[0][0] == "anon"


def test_each_word_of_the_text_counts_for_one_trigger() -> None:
    library = Library((handout("who", "old men", "all men", "men"),))
    assert found("it'll be all old men", library) == [("who", 2.5, ("old men",))]
    assert found("all the men", library) == [("who", 0.75 * 2.5, ("all the men",))]


def test_the_vocabulary_is_compiled_once_per_library(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Library] = []
    compile_ = handout_suggest._compile

    def counting(library: Library) -> object:
        calls.append(library)
        return compile_(library)

    monkeypatch.setattr(handout_suggest, "_compile", counting)
    library = Library((ANON,))
    for text in ("what if my boss hears", "my mum", "confidential", "what if my boss hears"):
        suggest(text, library)
    assert calls == [library]
    other = Library((ANON,))
    assert suggest("confidential", other)[0].handout.id == "anon"
    assert len(calls) == 2 and calls[1] is other


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
        ("hear", "hears", "heard", "hearing"),
        ("tell", "tells", "told", "telling"),
        ("find", "finds", "found", "finding"),
        ("see", "sees", "saw", "seen", "seeing"),
        ("neighbour", "neighbours"),
        ("recognise", "recognised", "recognising", "recognize", "recognized"),
        ("pyjamas", "pyjama"),
        ("man", "men"),
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
        ("tried", "try"),  # "I tried a meeting" is not "I'd try one"
        ("went", "go"),  # "I went once" is not "I'll go once I'm clean"
    ],
)
def test_stemming_keeps_different_words_apart(apart: tuple[str, str]) -> None:
    assert stem(apart[0]) != stem(apart[1])


def test_contractions_open_up() -> None:
    said = "I don't, I can't, I won't, it's, I'm, they'll, I'd"
    assert " ".join(words(said)) == "i do not i can not i will not it i am they will i would"
    assert words("Mum\u2019s CANNOT") == ["mum", "can", "not"]
    assert stems("Praying ISN'T for me") == ("pray", "is", "not", "for", "me")


def test_sentences_and_clauses() -> None:
    said = read("My mum can't know. I'm not bothered about God, but speaking scares me and I")
    where = [(t.word, t.sentence, t.clause) for t in said.tokens]
    assert where[:5] == [("my", 0, 0), ("mum", 0, 0), ("can", 0, 0), ("not", 0, 0), ("know", 0, 0)]
    assert ("i", 1, 1) in where and ("god", 1, 1) in where
    assert ("but", 1, 2) in where and ("speaking", 1, 2) in where
    assert where[-2:] == [("and", 1, 3), ("i", 1, 3)]
    assert said.surface(2, 4) == "can't know", "the client's words, contraction and all"


# Properties ------------------------------------------------------------------------------

CLIENT_WORDS = sorted({w for p in PHRASINGS_SET.said for w in p.text.split()})
TYPED = st.one_of(
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("'.,!? \n"),
        max_size=300,
    ),
    st.lists(
        st.sampled_from(CLIENT_WORDS) | st.sampled_from([",", ".", "\n", "but", "not"]),
        max_size=40,
    ).map(" ".join),
)
SMALL_TALK = list(PHRASINGS_SET.nothing)


@settings(max_examples=200, deadline=None)
@given(text=TYPED, limit=st.integers(0, 6))
def test_suggest_never_fails_and_shows_what_was_said(
    library: Library, text: str, limit: int
) -> None:
    found = suggest(text, library, limit=limit)
    assert len(found) <= limit
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)
    assert all(s.score > 0 and s.matched for s in found)
    for s in found:
        assert len(s.because) == len(s.matched)
        assert all(said_in(piece, text) for piece in s.matched)
    assert found == suggest(text, library, limit=len(library.handouts))[:limit]


PIECES = st.lists(st.sampled_from([p.text for p in PHRASINGS_SET.said] + SMALL_TALK), max_size=6)


@settings(max_examples=100, deadline=None)
@given(pieces=PIECES, joiner=st.sampled_from([". ", "\n", "! "]))
def test_what_was_said_before_gives_the_same_as_a_fresh_start(
    library: Library, pieces: list[str], joiner: str
) -> None:
    """Sentences are remembered between keystrokes; that never changes the answer."""
    text = joiner.join(pieces)
    fresh = Library(library.handouts)  # a new library: nothing compiled, nothing remembered
    assert suggest(text, library, limit=18) == suggest(text, fresh, limit=18)


@settings(max_examples=150, deadline=None)
@given(
    phrasing=st.sampled_from(PHRASINGS_SET.said),
    talk=st.lists(st.sampled_from(SMALL_TALK), min_size=1, max_size=3),
    after=st.booleans(),
)
def test_small_talk_around_a_worry_does_not_change_what_comes_first(
    library: Library, phrasing: Phrasing, talk: list[str], after: bool
) -> None:
    assume(not any(suggest(t, library) for t in talk))  # the set allows a few misses
    text = phrasing.text
    alone = suggest(text, library)
    pieces = [text, *talk] if after else [*talk, text]
    together = suggest(". ".join(pieces), library)
    assert [s.handout.id for s in together] == [s.handout.id for s in alone]
    assert [s.score for s in together] == [s.score for s in alone]


@settings(max_examples=100, deadline=None)
@given(text=st.text(st.characters(codec="ascii"), max_size=200))
def test_case_does_not_matter(library: Library, text: str) -> None:
    lower = [(s.handout.id, s.score) for s in suggest(text.lower(), library)]
    assert [(s.handout.id, s.score) for s in suggest(text.upper(), library)] == lower


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


def test_matched_are_the_clients_words_and_because_the_vocabulary(library: Library) -> None:
    (top, *_) = suggest("Will I have to come off my Methadone?", library)
    assert top.handout.id == "methadone-and-medication"
    pairs = dict(zip(top.because, top.matched, strict=True))
    assert pairs["methadone"] == "methadone"
    assert pairs["meds + judge"] == "come off … methadone"
