"""What the command palette offers: a screen's own actions, built from its key bindings, then
Textual's commands less those fama does not offer.

A screen declares, as data, which of its bindings the palette offers and in what words::

    PALETTE: ClassVar[dict[str, tuple[str, str]]] = {
        "caseload.add-client": ("New client", "Add a client to the caseload"),
    }

(binding id -> title, help). The key shown beside the help is read from the binding as it is
bound now, after the user's keymap, so a rebinding never leaves the palette naming the old key;
choosing the entry runs the binding's action on the screen, exactly as pressing the key would.
An entry whose action the screen has switched off (``check_action`` returns False) is left out;
one it shows but greys out (``check_action`` returns None) says it is not available now.

Textual's "Screenshot" command writes an SVG of the screen into the current folder with the
umask's permissions. A screenshot of fama holds client details (a caseload, a conversation)
that no record lists, so a subject access export would miss it and an erasure would leave
it behind: fama does not offer it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import partial

from textual.actions import parse
from textual.app import SystemCommand
from textual.binding import Binding, BindingsMap
from textual.markup import escape
from textual.screen import Screen

NOT_OFFERED = frozenset({"Screenshot"})

Words = tuple[str, str]
"""The title of a palette entry and its help, in fama's words (without the key)."""

HELP_ID = "help"
"""The id of the binding that opens a screen's help (see fama.tui.screens.base)."""
HELP_WORDS: Words = ("Help", "Show help for this screen")

NOT_NOW = "not available now"


def offered(commands: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    """Textual's system commands less those fama does not offer."""
    return (command for command in commands if command.title not in NOT_OFFERED)


def declared(screen: Screen[object]) -> Mapping[str, Words]:
    """The screen class's ``PALETTE`` (binding id -> words), empty when it declares none."""
    words: Mapping[str, Words] = getattr(type(screen), "PALETTE", {})
    return words


def bound_now(screen: Screen[object]) -> BindingsMap:
    """The screen's own bindings with the app's keymap applied, as a key press would find them.

    Textual applies the keymap to a copy each time it looks a key up (``Screen._binding_chain``);
    that chain also drops keys a focused input would swallow, which the palette must not do,
    so the copy is made here from the screen's bindings and the app's keymap.
    """
    bindings = screen._bindings.copy()
    keymap = screen.app._keymap
    if keymap:
        bindings.apply_keymap(keymap)
    return bindings


def with_id(bindings: BindingsMap, binding_id: str) -> list[Binding]:
    """Every binding carrying this id (one per key: ``"delete,x"`` makes two)."""
    return [
        binding
        for key_bindings in bindings.key_to_bindings.values()
        for binding in key_bindings
        if binding.id == binding_id
    ]


def action_state(screen: Screen[object], action: str) -> bool | None:
    """What ``check_action`` says of a binding's action: True, False (off) or None (greyed)."""
    namespace, name, parameters = parse(action)
    target = screen.app if namespace == "app" else screen
    return target.check_action(name, parameters)


def command(
    screen: Screen[object], bindings: BindingsMap, binding_id: str, words: Words
) -> SystemCommand | None:
    """The palette entry for one declared binding, or None if it is missing or switched off."""
    found = with_id(bindings, binding_id)
    if not found:
        return None
    binding = found[0]
    state = action_state(screen, binding.action)
    if state is False:
        return None
    keys = " or ".join(dict.fromkeys(screen.app.get_key_display(b) for b in found))
    title, help_text = words
    shown = f"{help_text} ({keys})" if state else f"{help_text} ({keys}; {NOT_NOW})"
    return SystemCommand(escape(title), escape(shown), partial(screen.run_action, binding.action))


def screen_commands(screen: Screen[object]) -> Iterator[SystemCommand]:
    """The screen's declared entries in the order declared, then its help.

    Help is offered on every screen; where the screen binds a help key the entry names it.
    """
    bindings = bound_now(screen)
    for binding_id, words in declared(screen).items():
        if (entry := command(screen, bindings, binding_id, words)) is not None:
            yield entry
    if with_id(bindings, HELP_ID):
        if (help_entry := command(screen, bindings, HELP_ID, HELP_WORDS)) is not None:
            yield help_entry
    else:
        title, help_text = HELP_WORDS
        yield SystemCommand(
            escape(title), escape(help_text), partial(screen.run_action, "app.help")
        )
