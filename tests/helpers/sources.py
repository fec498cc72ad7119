"""Reading fama's own sources as syntax trees, for the hygiene tests (markup, ticks)."""

from __future__ import annotations

import ast
from pathlib import Path

import fama.tui

TUI = Path(fama.tui.__file__).parent
"""The Textual layer's folder."""
ROOT = TUI.parents[1]
"""The repository."""


def name_of(node: ast.expr) -> str | None:
    """``Static`` for ``Static``, ``widgets.Static`` or ``SelectionList[str]``."""
    if isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def base_names(node: ast.ClassDef) -> list[str]:
    return [n for n in (name_of(b) for b in node.bases) if n]
