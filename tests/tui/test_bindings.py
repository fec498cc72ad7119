"""Keys are data a person could remap: every binding has an id, ids are unique on their
screen, help (F1) is declared once for every screen and dialog, and a keymap moves a key."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from fama.casebook.service import Casebook
from fama.clock import FixedClock
from fama.tui.app import make_app
from fama.tui.screens.meetings import MeetingsScreen
from tests.helpers.sources import TUI


def bindings_in(path: Path) -> list[tuple[str, ast.Call]]:
    """(class or module list, Binding call) for every ``Binding(...)`` in a module."""
    found: list[tuple[str, ast.Call]] = []

    def visit(node: ast.AST, scope: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.ClassDef) else scope
            if isinstance(child, ast.Call) and getattr(child.func, "id", None) == "Binding":
                found.append((inner, child))
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), path.stem)
    return found


MODULES = sorted(TUI.rglob("*.py"))


def binding_id(call: ast.Call) -> str | None:
    for keyword in call.keywords:
        if keyword.arg == "id" and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value)
    return None


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(TUI)))
def test_every_binding_has_an_id_unique_on_its_screen(module: Path) -> None:
    found = bindings_in(module)
    missing = [f"line {call.lineno}" for _, call in found if binding_id(call) is None]
    assert missing == []
    per_scope = Counter((scope, binding_id(call)) for scope, call in found)
    assert [key for key, count in per_scope.items() if count > 1] == []


def test_help_is_bound_in_one_place() -> None:
    places = [
        str(module.relative_to(TUI))
        for module in MODULES
        for _, call in bindings_in(module)
        if isinstance(call.args[0], ast.Constant) and call.args[0].value == "f1"
    ]
    assert places == ["screens/base.py"]


def test_the_finder_reads_a_binding_without_an_id() -> None:
    calls = [c for c in ast.walk(ast.parse('Binding("x", "go", "Go")')) if isinstance(c, ast.Call)]
    assert binding_id(calls[0]) is None


async def test_a_keymap_moves_a_key(demo_casebook: Casebook, clock: FixedClock) -> None:
    """A user keymap (Textual's, by binding id) can give the Meetings screen another key."""
    app = make_app(demo_casebook, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_keymap({"caseload.meetings": "f9"})
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(app.screen, MeetingsScreen)  # F2 no longer opens it
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, MeetingsScreen)
