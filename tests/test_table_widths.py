"""Fitting a table's columns to a narrow terminal: the columns that matter most stay whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fama.tui.screens.caseload import COLUMNS, LEAST_WIDTHS, column_widths
from fama.tui.widgets.tables import fit_widths

columns = st.lists(st.tuples(st.integers(1, 60), st.integers(0, 60)), min_size=1, max_size=8)


@given(columns, st.integers(0, 300), st.data())
def test_fitted_widths_fit_when_they_can_and_never_go_below_the_least(
    spec: list[tuple[int, int]], room: int, data: st.DataObject
) -> None:
    least = [min(least, width) for width, least in spec]
    widths = [width for width, _ in spec]
    give_way = data.draw(st.permutations(range(len(spec))))
    fitted = fit_widths(widths, least, give_way[:-1], room)
    kept = give_way[-1]
    assert fitted[kept] == widths[kept]  # a column not asked to give way never does
    assert all(lo <= f <= w for lo, f, w in zip(least, fitted, widths, strict=True))
    smallest = sum(least) - least[kept] + widths[kept]
    if sum(widths) + 2 * len(widths) <= room:
        assert fitted == widths  # room for everything: nothing shrinks
    elif smallest + 2 * len(widths) <= room:
        assert sum(fitted) + 2 * len(widths) == room  # shrinks only as far as needed
    else:
        assert fitted == [least[i] if i != kept else widths[i] for i in range(len(widths))]


def test_the_caseload_keeps_its_widths_on_a_wide_terminal_and_its_due_column_on_80() -> None:
    assert column_widths(130) == [width for _, _, width in COLUMNS]
    narrow = column_widths(80)
    assert narrow == list(LEAST_WIDTHS)
    assert sum(narrow) + 2 * len(narrow) <= 80 - 4
