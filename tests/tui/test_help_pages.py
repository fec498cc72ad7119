"""The F1 help pages: every screen and dialog has one, every page is used, includes resolve."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import fama.tui.screens
from fama.casebook.staff import NOTE_MAX
from fama.tui.help_pages import UnknownHelpPage, help_page, page_names
from fama.tui.screens.base import FamaModal, FamaScreen

INCLUDED_ONLY = {"dates", "everywhere"}
"""Pages no screen names: shared parts, put in place by other pages or by the help screen."""


def screen_classes() -> list[type[FamaScreen | FamaModal]]:
    """Every screen and dialog fama shows: its classes that no other class is built on."""
    for module in pkgutil.walk_packages(fama.tui.screens.__path__, "fama.tui.screens."):
        importlib.import_module(module.name)
    found: list[type[FamaScreen | FamaModal]] = []
    pending: list[type[FamaScreen | FamaModal]] = [FamaScreen, FamaModal]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("fama."):
                pending.append(sub)
                if not sub.__subclasses__():
                    found.append(sub)
    return found


@pytest.mark.parametrize("cls", screen_classes(), ids=lambda cls: cls.__name__)
def test_every_screen_and_dialog_has_a_page(cls: type[FamaScreen | FamaModal]) -> None:
    assert cls.HELP_PAGE, f"{cls.__name__} has no help page"
    text = help_page(cls.HELP_PAGE)
    assert text.startswith("# "), "a page starts with its title"
    assert "{{" not in text and "}}" not in text


def test_every_page_is_used() -> None:
    named = {cls.HELP_PAGE for cls in screen_classes()}
    assert set(page_names()) == named | INCLUDED_ONLY


def test_a_shared_part_is_put_in_place() -> None:
    dates = help_page("dates")
    for page in ("training", "insight-visit"):
        text = help_page(page)
        assert dates in text
        assert "\n\n| Key | Does |" in text, "the keys table stays a table after the include"


def test_the_note_limit_the_page_states_is_the_one_enforced() -> None:
    assert f"at most {NOTE_MAX} characters" in help_page("insight-visit")


@pytest.mark.parametrize("name", ["no-such-page", "../pyproject", "Caseload", ""])
def test_a_page_that_is_not_there_is_refused(name: str) -> None:
    with pytest.raises(UnknownHelpPage):
        help_page(name)
