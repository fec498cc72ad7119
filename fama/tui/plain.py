"""Show what a person typed or a feed supplied exactly as written, never read as markup.

Textual reads a ``str`` as content markup in a notification's message, a border title or
sub-title, a ``Static`` or ``Label`` (unless ``markup=False``), a button's label and a
command palette entry. A staff member called ``stop [/] now`` would crash the screen
(``MarkupError``) and a goal ``goal [x]`` would lose its ``[x]``. Two defaults keep fama
safe without anyone having to remember:

* :class:`PlainNotify`: ``notify()`` reads its message as plain text unless a caller asks
  for markup with ``markup=True`` (and then escapes anything interpolated with
  :func:`textual.markup.escape`). The app and every fama screen use it.
* :func:`plain`: wrap a border title (or any label) built from stored text; Textual keeps a
  ``Content`` as it is.

Screen titles and sub-titles need neither: Textual 8 keeps them as plain strings (its
``Header`` shows them with ``Content(...)``), and fama's ``TitleBar`` and help overlay show
them with markup off. ``tests/tui/test_markup_safety.py`` checks every module under
``fama/tui`` keeps to this.
"""

from __future__ import annotations

from textual.content import Content
from textual.notifications import SeverityLevel


def plain(text: str) -> Content:
    """``text`` as content shown character for character (no markup, no emoji codes)."""
    return Content(text)


class PlainNotify:
    """Mixin for an ``App`` or a ``Widget``: ``notify()`` with markup off by default.

    Textual's own ``notify`` reads the message as markup unless told otherwise, and
    ``Widget.notify`` always passes its ``markup`` on to the app, so both the app and each
    screen need this default.
    """

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification; ``message`` is plain text unless ``markup=True``."""
        notify = super().notify  # type: ignore[misc]
        notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
