"""No text a person typed or a feed supplied reaches Textual as markup: a check of the source.

Textual reads a ``str`` as content markup in a notification's message, a border title or
sub-title, a tooltip, a ``Static`` or ``Label`` (unless ``markup=False``), a button's or a
toggle's label, an option's prompt, a command palette entry, a table's header and cells,
and of course ``from_markup``. ``stop [/] now`` there crashes the
screen and ``goal [x]`` loses its ``[x]``. This test parses every module under
``fama/tui`` and fails on text built from values (an f-string, ``%``, ``.format`` or ``+``
with a variable) that reaches one of those places as markup, unless each value is wrapped
in ``escape(...)`` or the whole text in ``plain(...)``, ``Text(...)`` or ``Content(...)``;
and on a ``notify`` that could read its message as markup (``markup=True``, or a class
whose ``notify`` keeps Textual's markup default instead of :class:`PlainNotify`).

Screen titles and sub-titles are left out on purpose: Textual 8 keeps them as plain
strings (its ``Header`` shows them with ``Content(...)``), and fama's ``TitleBar`` and help
overlay show them with markup off (``tests/tui/test_typed_text_on_screen.py`` shows it); an
escaped title would show its backslash. The bad snippets at the end prove the check fails.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest

from fama.tui.app import FamaApp
from fama.tui.plain import PlainNotify
from fama.tui.screens import base
from tests.helpers.sources import ROOT, TUI, base_names
from tests.helpers.sources import name_of as _name

MARKUP_SWITCHED = {"Static", "Label"}
"""Widgets that read a ``str`` as markup unless given ``markup=False``."""
ALWAYS_MARKUP: dict[str, int | None] = {
    "Button": 1,
    "Checkbox": 1,
    "RadioButton": 1,
    "TickBox": 1,
    "ChoiceButton": 1,
    "Option": 1,
    "Selection": 1,
    "SystemCommand": 2,
    "add_column": 1,
    "add_row": None,
}
"""Calls that read their first N positional arguments (None: all of them) as markup, with
no switch to turn it off: a label, a prompt, a palette entry's title and help, a table's
header and cells."""
LABEL_KEYWORDS = {"label", "prompt", "content", "title", "help", "tooltip"}
TITLE_ATTRIBUTES = {"border_title", "border_subtitle", "tooltip"}
SAFE_WRAPPERS = {"escape", "plain", "Text", "Content"}


def _wrapped(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and _name(node.func) in SAFE_WRAPPERS


def _constant(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant)


def _text(node: ast.expr) -> bool:
    """A string literal or an f-string."""
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _value(node: ast.expr) -> bool:
    """Something whose text is not known here (a name, a call), and not escaped."""
    return not (_constant(node) or _wrapped(node) or isinstance(node, ast.JoinedStr))


def built_from_values(node: ast.expr) -> bool:
    """Text made from values that are not escaped: an f-string, ``%``, ``.format`` or ``+``."""
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.FormattedValue) and not _wrapped(part.value)
            for part in node.values
        )
    if isinstance(node, ast.IfExp):
        return built_from_values(node.body) or built_from_values(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _text(node.left):
        values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        return any(_value(v) for v in values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        sides = (node.left, node.right)
        return any(built_from_values(s) for s in sides) or (
            any(_text(s) for s in sides) and any(_value(s) for s in sides)
        )
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and _text(node.func.value)
    ):
        return any(_value(v) for v in [*node.args, *(k.value for k in node.keywords)])
    return False


def may_hold_markup(node: ast.expr) -> bool:
    """For a message read as markup on purpose: anything but literal text and escaped values."""
    if _constant(node) or _wrapped(node):
        return False
    if isinstance(node, ast.JoinedStr):
        return built_from_values(node)
    if isinstance(node, ast.IfExp):
        return may_hold_markup(node.body) or may_hold_markup(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return may_hold_markup(node.left) or may_hold_markup(node.right)
    return True


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _markup_flag(call: ast.Call) -> bool | None:
    """True / False when ``markup=`` is a literal; None when it is not given (or not literal)."""
    value = _keyword(call, "markup")
    if isinstance(value, ast.Constant) and isinstance(value.value, bool):
        return value.value
    return None


@dataclass(frozen=True)
class Finding:
    where: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.problem}"


class MarkupChecker(ast.NodeVisitor):
    """Collects every place a module hands Textual text that may hold markup."""

    def __init__(self, where: str, plain_class: Callable[[ast.ClassDef], bool]) -> None:
        self.where = where
        self.plain_class = plain_class
        self.classes: list[bool] = []
        self.findings: list[Finding] = []
        self._notify_calls: set[int] = set()

    def flag(self, node: ast.AST, problem: str) -> None:
        self.findings.append(Finding(self.where, getattr(node, "lineno", 0), problem))

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(self.plain_class(node))
        self.generic_visit(node)
        self.classes.pop()

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._title(target, node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._title(node.target, node.value)
        self.generic_visit(node)

    def _title(self, target: ast.expr, value: ast.expr) -> None:
        if (
            isinstance(target, ast.Attribute)
            and target.attr in TITLE_ATTRIBUTES
            and built_from_values(value)
        ):
            self.flag(target, f"{target.attr} built from values: wrap it in plain(...)")

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        if name in MARKUP_SWITCHED:
            content = node.args[0] if node.args else _keyword(node, "content")
            off = _markup_flag(node) is False
            if content is not None and not off and built_from_values(content):
                self.flag(node, f"{name}(...) built from values without markup=False")
        elif name in ALWAYS_MARKUP:
            labels = list(node.args[: ALWAYS_MARKUP[name]])
            labels += [k.value for k in node.keywords if k.arg in LABEL_KEYWORDS]
            if any(built_from_values(label) for label in labels):
                self.flag(node, f"{name}(...) label built from values: escape them or use plain()")
        elif name == "from_markup" and node.args and may_hold_markup(node.args[0]):
            self.flag(node, "from_markup() of text that may hold markup: escape its values")
        self._notify(node)
        self.generic_visit(node)

    def _notify(self, call: ast.Call) -> None:
        """``x.notify(message, ...)``, or ``call_from_thread(x.notify, message, ...)``."""
        if isinstance(call.func, ast.Attribute) and call.func.attr == "notify":
            receiver, args = call.func.value, list(call.args)
        else:
            at = next(
                (
                    i
                    for i, arg in enumerate(call.args)
                    if isinstance(arg, ast.Attribute) and arg.attr == "notify"
                ),
                None,
            )
            if at is None:
                return
            notify = call.args[at]
            assert isinstance(notify, ast.Attribute)
            receiver, args = notify.value, list(call.args[at + 1 :])
        message = args[0] if args else _keyword(call, "message")
        flag = _markup_flag(call)
        if flag is True:
            if message is not None and may_hold_markup(message):
                self.flag(call, "notify(markup=True) with a message that may hold markup")
        elif flag is None and not self._plain_receiver(receiver):
            self.flag(call, "notify() that may read its message as markup: pass markup=False")

    def _plain_receiver(self, receiver: ast.expr) -> bool:
        if isinstance(receiver, ast.Name) and receiver.id == "self":
            return bool(self.classes) and self.classes[-1]
        # self.app / app: fama's app (FamaApp) notifies in plain text.
        return _name(receiver) == "app"


def plain_class_resolver(namespace: dict[str, Any]) -> Callable[[ast.ClassDef], bool]:
    """Is a class in this module a :class:`PlainNotify`? Bases are looked up in the module's
    namespace, or among the classes defined above them in the same source."""
    known: dict[str, bool] = {}

    def resolve(node: ast.ClassDef) -> bool:
        plain = False
        for name in base_names(node):
            if name in known:
                plain = plain or known[name]
                continue
            found = namespace.get(name)
            plain = plain or (isinstance(found, type) and issubclass(found, PlainNotify))
        known[node.name] = plain
        return plain

    return resolve


def check_source(source: str, where: str, namespace: dict[str, Any]) -> list[Finding]:
    checker = MarkupChecker(where, plain_class_resolver(namespace))
    checker.visit(ast.parse(source))
    return checker.findings


def tui_modules() -> Iterator[tuple[Path, str]]:
    for path in sorted(TUI.rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        yield path, ".".join(relative.parts)


def test_fama_app_and_screens_notify_in_plain_text() -> None:
    assert issubclass(FamaApp, PlainNotify)
    assert issubclass(base.FamaScreen, PlainNotify) and issubclass(base.FamaModal, PlainNotify)


def test_no_module_under_fama_tui_hands_textual_markup_built_from_values() -> None:
    findings: list[Finding] = []
    modules = list(tui_modules())
    assert len(modules) > 20  # the walk found the package
    for path, module_name in modules:
        module = importlib.import_module(module_name)
        findings += check_source(
            path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)), vars(module)
        )
    assert not findings, "\n".join(str(f) for f in findings)


# --------------------------------------------------------------------------- the check itself

SNIPPET_NAMESPACE: dict[str, Any] = vars(base)

BAD = {
    "static f-string": 'Static(f"Goal: {goal.wording}")',
    "static markup=True": 'Static(f"Goal: {goal.wording}", markup=True)',
    "label concatenation": 'Label("Name: " + member.name)',
    "label percent": 'Label("Name: %s" % member.name)',
    "static format": 'Static("Name: {}".format(member.name))',
    "static keyword": 'Static(content=f"{name} left")',
    "static conditional": 'Static(f"{a}" if a else "none")',
    "border title": 'box.border_title = f"Add training for {member.name}"',
    "border subtitle": 'self.query_one("#x").border_subtitle = "for " + name',
    "annotated border title": 'box.border_title: str = f"{name}"',
    "button": 'Button(f"Remove {member.name}")',
    "palette entry": 'SystemCommand("Open", f"Open {meeting.name}", callback)',
    "selection": 'Selection(f"{meeting.name}", meeting.id)',
    "notify markup=True f-string": 'app.notify(f"Saved [b]{name}[/b]", markup=True)',
    "notify markup=True variable": "self.app.notify(str(exc), markup=True)",
    "notify from a plain widget": """
        class Panel(Widget):
            def on_mount(self) -> None:
                self.notify(str(self.error))
    """,
    "notify from a plain screen, in a thread": """
        class Other(Screen):
            def work(self) -> None:
                self.app.call_from_thread(self.notify, message)
    """,
    "notify of an unknown receiver": "widget.notify(text)",
    "table cell": 'table.add_row(Text(code), f"{goal.wording}", key=code)',
    "table header": 'table.add_column(f"{name}", key="x")',
    "tooltip": 'field.tooltip = f"Kept for {member.name}"',
    "from_markup of a value": "Content.from_markup(meeting.name)",
}

GOOD = {
    "literal static": 'Static("Esc closes.", classes="hint")',
    "static markup off": 'Static(f"Goal: {goal.wording}", markup=False)',
    "static of Text": "Static(Text(goal.wording))",
    "static of a variable": "Static(self.hint)",
    "escaped values": 'Static(f"Goal: {escape(goal.wording)}")',
    "plain border title": 'box.border_title = plain(f"Add training for {member.name}")',
    "literal border title": 'box.border_title = "Details"',
    "button of plain": 'Button(plain(f"Remove {member.name}"))',
    "palette entry escaped": 'SystemCommand("Open", f"Open {escape(code)} (O)", callback)',
    "screen title": 'self.title = f"Client {code}"',
    "table of Text": 'table.add_row(Text(code), Text(f"{goal.wording}"), key=code)',
    "from_markup of our own": 'Text.from_markup("[b]Saved[/b]")',
    "notify from a fama screen": """
        class Mine(FamaScreen):
            def save(self) -> None:
                self.notify(f"Saved {member.name}.")
                self.app.call_from_thread(self.notify, str(exc), severity="error")
    """,
    "notify from a subclass of a fama modal in the same file": """
        class _Dialog(FamaModal):
            pass

        class Named(_Dialog):
            def save(self) -> None:
                self.notify(f"Saved {member.name}.")
    """,
    "notify with markup off": "widget.notify(text, markup=False)",
    "notify through the app": 'self.app.notify(f"Saved {name}.")',
    "notify with markup and escaped values": (
        'self.app.notify(f"Saved [b]{escape(name)}[/b]", markup=True)'
    ),
}


@pytest.mark.parametrize("source", BAD.values(), ids=BAD.keys())
def test_the_check_finds_markup_built_from_values(source: str) -> None:
    assert check_source(dedent(source), "snippet", SNIPPET_NAMESPACE)


@pytest.mark.parametrize("source", GOOD.values(), ids=GOOD.keys())
def test_the_check_leaves_safe_code_alone(source: str) -> None:
    assert check_source(dedent(source), "snippet", SNIPPET_NAMESPACE) == []
