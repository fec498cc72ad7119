"""Hygiene (issue 13): outside the store, nothing saves a whole object it read earlier.

The store's blind writes (replace a whole client, staff member, meeting, assessment or
directory) lose a concurrent writer's change when given an object read before the lock was
taken. So the service layer, the screens and the CLI write only through the locked
read-modify-writes (``change_*``) and the item saves (``save_goal`` and the like); the blind
writes are left to the store itself and to filling a new store with records made in memory.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

FAMA = Path(__file__).resolve().parents[2] / "fama"

BLIND_WRITES = {
    "save_client",
    "save_staff",
    "save_meeting",
    "save_assessment",
    "replace_meetings",
    "put_record",
    "put_records",
}
"""Store methods that replace a whole object with the one given, whatever is stored now."""

ALLOWED = {("casebook/service.py", "load_demo")}
"""(module, function) pairs that may call them: the demo fills a new store with records it
made, never read from the store."""


def blind_writes(source: str) -> list[tuple[str, str, int]]:
    """(function, method, line) of every call of a blind write in a module."""
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = child.name if function == "" else function
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Attribute)
                and child.func.attr in BLIND_WRITES
            ):
                found.append((name, child.func.attr, child.lineno))
            visit(child, name)

    visit(ast.parse(source), "")
    return found


def test_the_finder_sees_a_blind_write_in_a_nested_function() -> None:
    source = "def outer(book):\n    def change():\n        book.store.save_client(c)\n"
    assert blind_writes(source) == [("outer", "save_client", 3)]


@pytest.mark.parametrize(
    "module",
    sorted(p for p in FAMA.rglob("*.py") if p.relative_to(FAMA).parts[0] != "store"),
    ids=lambda p: str(p.relative_to(FAMA)),
)
def test_no_whole_object_save_outside_the_store(module: Path) -> None:
    where = str(module.relative_to(FAMA))
    calls = [
        f"{where}:{line} {function}() calls {method}"
        for function, method, line in blind_writes(module.read_text(encoding="utf-8"))
        if (where, function) not in ALLOWED
    ]
    assert calls == []
