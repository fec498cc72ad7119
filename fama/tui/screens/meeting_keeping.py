"""Keeping the directory right from the Meetings screen: verified today (and its undo),
inactive or active again, flags raised and resolved, and how old each source is.

:class:`MeetingsScreen` builds on this class: it keeps the filters and the list, and this
class the keys that change one meeting, each asking first where the change is hard to see,
naming the meeting, and saving through the casebook.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fama.directory.browse import flag_line, open_flags
from fama.errors import StoreError
from fama.models.meeting import FlagKind, Meeting
from fama.tui.screens.base import FamaScreen
from fama.tui.screens.dialogs.meeting_dialogs import (
    ConfirmMeetingModal,
    FlagMeetingModal,
    SourcesModal,
    meeting_words,
)
from fama.tui.widgets.directory_text import long_day


class MeetingKeeping(FamaScreen):
    """The keys that change the highlighted meeting (see the module docstring)."""

    _undo: tuple[str, date | None] | None
    """The last v: the meeting and the verified date it replaced (u puts it back)."""

    def selected_id(self) -> str | None:
        """The highlighted meeting's id (the screen's list decides)."""
        raise NotImplementedError

    def selected_meeting(self) -> Meeting | None:
        """The highlighted meeting (the screen's list decides)."""
        raise NotImplementedError

    def reload(self, select: str | None = None) -> None:
        """Read the directory again and highlight ``select`` (the screen's list decides)."""
        raise NotImplementedError

    def _need_meeting(self, doing: str) -> Meeting | None:
        meeting = self.selected_meeting()
        if meeting is None:
            self.notify(f"Select a meeting to {doing} first.", severity="warning")
        return meeting

    def action_verify(self) -> None:
        """v: mark the highlighted meeting verified today; u puts the old date back."""
        meeting = self._need_meeting("mark verified")
        if meeting is None:
            return
        previous = meeting.last_verified
        try:
            changed = self.casebook.directory.verify(meeting.id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self._undo = (meeting.id, previous)
        self.reload(select=meeting.id)
        when = long_day(changed.last_verified) if changed.last_verified else "today"
        self.notify(
            f"Marked “{meeting.name}” verified today ({when}). Press u to undo.",
            timeout=8,
            markup=False,
        )

    def action_undo(self) -> None:
        """u: put back the verified date the last v replaced."""
        if self._undo is None:
            self.notify("Nothing to undo here.", severity="warning")
            return
        meeting_id, previous = self._undo
        try:
            changed = self.casebook.directory.unverify(meeting_id, previous)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self._undo = None
        self.reload(select=meeting_id)
        was = long_day(previous) if previous else "never verified"
        self.notify(f"Undone: “{changed.name}” is back to {was}.", markup=False)

    def _confirm(self, title: str, question: str, yes: str, act: Callable[[], None]) -> None:
        def answered(answer: bool | None) -> None:
            if answer:
                act()

        self.app.push_screen(ConfirmMeetingModal(title, question, yes), answered)

    def action_toggle_active(self) -> None:
        """i: ask, naming the highlighted meeting, then mark it inactive (or active again)."""
        meeting = self._need_meeting("mark active or inactive")
        if meeting is None:
            return
        active = not meeting.active
        if active:
            question = f"List “{meeting_words(meeting)}” again? It will be matched for clients."
        else:
            question = (
                f"Mark “{meeting_words(meeting)}” inactive? It will no longer be matched for "
                "clients (it stays in the directory: Show inactive lists it)."
            )
        self._confirm(
            "Mark active" if active else "Mark inactive",
            question,
            "Mark active" if active else "Mark inactive",
            lambda: self._set_active(meeting, active),
        )

    def _set_active(self, meeting: Meeting, active: bool) -> None:
        try:
            self.casebook.directory.set_active(meeting.id, active)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.reload(select=meeting.id)
        if active:
            message = f"Marked “{meeting.name}” active: it is listed and matched again."
        else:
            message = f"Marked “{meeting.name}” inactive: it is no longer matched for clients."
            if self.selected_id() != meeting.id:
                message += " Tick Show inactive to see it."
        self.notify(message, markup=False)

    def action_flag(self) -> None:
        """f: record a dead end against the highlighted meeting (the dialog names it)."""
        meeting = self._need_meeting("flag")
        if meeting is None:
            return

        def save(result: tuple[FlagKind, str] | None) -> None:
            if result is None:
                return
            kind, note = result
            try:
                self.casebook.directory.flag(meeting.id, kind, note)
            except StoreError as exc:
                self.notify(str(exc), severity="error", timeout=10, markup=False)
                return
            self.reload(select=meeting.id)
            self.notify(
                f"Flagged “{meeting.name}”: {kind.value}. r resolves it when it is sorted.",
                markup=False,
            )

        self.app.push_screen(FlagMeetingModal(meeting), save)

    def action_resolve(self) -> None:
        """r: ask, naming the meeting and its open flags, then mark them resolved."""
        meeting = self._need_meeting("resolve its flags")
        if meeting is None:
            return
        flags = open_flags(meeting)
        if not flags:
            self.notify(f"“{meeting.name}” has no open flags.", severity="warning", markup=False)
            return
        listed = "\n".join(f"  ⚠ {flag_line(flag)}" for flag in flags)
        question = (
            f"Resolve the open flag{'s' if len(flags) > 1 else ''} on "
            f"“{meeting_words(meeting)}”?\n{listed}\n"
            f"They stop showing as warnings and stay in its history, resolved by "
            f"{self.casebook.user} today."
        )
        self._confirm("Resolve flags", question, "Resolve", lambda: self._resolve(meeting))

    def _resolve(self, meeting: Meeting) -> None:
        try:
            self.casebook.directory.resolve_flags(meeting.id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.reload(select=meeting.id)
        self.notify(f"Resolved the flags on “{meeting.name}”.", markup=False)

    def action_sources(self) -> None:
        try:
            sources = self.casebook.directory.sources()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.app.push_screen(SourcesModal(sources, self.casebook.today))
