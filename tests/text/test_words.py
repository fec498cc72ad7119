"""Cutting text to fit: at a word, with an ellipsis, for every text and width."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fama.text.words import ELLIPSIS, cut_words


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Go to the Tuesday meeting", 40, "Go to the Tuesday meeting"),
        ("Go to the Tuesday meeting", 12, "Go to the…"),
        ("Go to the Tuesday meeting", 10, "Go to the…"),
        ("Go to the Tuesday meeting", 9, "Go to…"),
        ("Go to the Tuesday meeting", 6, "Go to…"),
        ("Go to the Tuesday meeting", 5, "Go…"),
        ("Supercalifragilistic", 6, "Super…"),
        ("care-plan review, 12 days", 19, "care-plan review…"),
        ("  spaced   out  ", 20, "spaced out"),
        ("anything", 0, ""),
        ("anything", 1, ELLIPSIS),
    ],
)
def test_cut_words(text: str, width: int, expected: str) -> None:
    assert cut_words(text, width) == expected


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80), st.integers(1, 60)
)
def test_a_cut_fits_and_never_splits_a_word_it_could_keep(text: str, width: int) -> None:
    cut = cut_words(text, width)
    whole = " ".join(text.split())
    assert len(cut) <= width
    if cut == whole:
        return
    assert cut.endswith(ELLIPSIS)
    kept = cut.removesuffix(ELLIPSIS)
    words = whole.split(" ")
    if len(words[0]) >= width:  # a first word too long to show whole
        assert whole.startswith(kept)
    else:  # otherwise only whole words are kept, from the start
        assert whole.startswith(kept) and (whole[len(kept)] in " ,;:-·" or kept == "")
