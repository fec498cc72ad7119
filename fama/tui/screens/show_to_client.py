"""Show to client: one handout filling the screen, with nothing about the client on it, and
the list under a handout of the handouts it links to.

Opened from the handout library and from the conversation; it knows neither, and hands
"given" back by ``dismiss`` for the screen that opened it to log.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Markdown, OptionList
from textual.widgets.option_list import Option

from fama.tui.screens.base import FamaScreen
from fama.tui.widgets.footer import FamaFooter

if TYPE_CHECKING:
    from fama.handouts.library import Handout, Library


LINKS_TITLE = "See also (Tab, Enter opens)"


def links_list(list_id: str) -> OptionList:
    """The list of handouts the one shown links to; hidden while it links to none."""
    links = OptionList(id=list_id, classes="handout-links", markup=False)
    links.border_title = LINKS_TITLE
    return links


def show_links(links: OptionList, handout: Handout, library: Library) -> None:
    """Fill ``links`` with the handouts ``handout`` links to that are in ``library``."""
    from fama.handouts.library import HandoutError

    options = []
    for linked_id in handout.linked_ids():
        try:
            linked = library.get(linked_id)
        except HandoutError:
            continue  # a link to a handout the library does not have: nothing to open
        options.append(Option(Text(f"→ {linked.title}"), id=linked.id))
    links.set_options(options)
    links.display = bool(options)
    if options:
        links.highlighted = 0  # so Enter opens one as soon as Tab reaches the list


def find_handout(screen: FamaScreen, library: Library, handout_id: str) -> Handout | None:
    """The handout, or None after a warning that says why it cannot be opened."""
    from fama.handouts.library import HandoutError

    try:
        return library.get(handout_id)
    except HandoutError as exc:
        screen.notify(str(exc), severity="warning", markup=False)
        return None


class ShowToClientScreen(FamaScreen):
    """One handout filling the screen, with nothing about the client on it.

    With ``can_give``, G logs it as given: the screen closes with ``"given"`` for the
    screen that opened it to record; Esc closes it with None. With the ``library``, the
    handouts it links to are listed under it (Tab, Enter) and open here, in front of the
    client; ``handout`` is then the one shown, which is the one G gives."""

    AUTO_FOCUS = "#show-reader"
    CSS_PATH = "handouts.tcss"
    HELP_PAGE = "show-to-client"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="show-to-client.back"),
        Binding("g", "give", "Given: log it", id="show-to-client.give"),
    ]

    def __init__(
        self, handout: Handout, *, can_give: bool = False, library: Library | None = None
    ) -> None:
        super().__init__()
        self.handout = handout
        self.can_give = can_give
        self.library = library
        self.title = handout.title

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "give":
            return self.can_give
        return super().check_action(action, parameters)

    def action_give(self) -> None:
        if self.can_give:
            self.dismiss("given")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="show-reader"):
            yield Markdown(self.handout.markdown(), id="show-text", open_links=False)
        if self.library is not None:
            yield links_list("show-links")
        yield FamaFooter()

    def on_mount(self) -> None:
        if self.library is not None:
            show_links(self.query_one("#show-links", OptionList), self.handout, self.library)

    def show(self, handout_id: str) -> None:
        """Show a linked handout in place of this one (still nothing about the client)."""
        if self.library is None:
            return
        handout = find_handout(self, self.library, handout_id)
        if handout is None:
            return
        self.handout = handout
        self.title = handout.title
        self.query_one("#show-text", Markdown).update(handout.markdown())
        self.query_one("#show-reader", VerticalScroll).scroll_home(animate=False)
        show_links(self.query_one("#show-links", OptionList), handout, self.library)

    @on(OptionList.OptionSelected, "#show-links")
    def _link_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.show(event.option.id)

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        """A link to another handout opens it here when the library is known; any other
        link goes nowhere in front of the client."""
        event.stop()
        target = Path(event.href.split("#", 1)[0]).name
        if target.endswith(".md"):
            self.show(target.removesuffix(".md"))

    def action_back(self) -> None:
        self.dismiss(None)
