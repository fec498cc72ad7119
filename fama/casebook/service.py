"""The casebook: the one service object that the screens and the CLI call (DESIGN §2).

It owns the store and the clock. Screens ask it questions shaped like what they show
("the caseload, filtered") and hand it what the keyworker entered; it validates, saves
and answers. Nothing here imports Textual. Modules that load pydantic are imported by the
methods that need them, so opening the caseload stays fast (see scripts/bench.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from fama.casebook.assessment import AssessmentService
from fama.casebook.conversation import ConversationService
from fama.casebook.outputs import Erasure, FilesService
from fama.casebook.reviews import ReviewService
from fama.casebook.staff import StaffService
from fama.clients.caseload import (
    DueCounts,
    DueItem,
    DueView,
    caseload_order,
    due_counts,
    in_view,
    next_due,
    view_order,
)
from fama.clock import Clock
from fama.models.summary import ClientSummary
from fama.store import Store

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from fama.clients.form import ClientForm
    from fama.demo.town import DemoData
    from fama.directory.feeds import SkippedRecord
    from fama.directory.geo import Locations
    from fama.directory.matching.request import MatchOutcome, MatchRequest
    from fama.directory.meeting_form import MeetingForm
    from fama.directory.requests import MatchChanges, PreferenceEdit
    from fama.models import (
        Client,
        ClientRecord,
        Conversation,
        FlagKind,
        HandoutGiven,
        Meeting,
        OrgCode,
        StaffMember,
    )


def current_user() -> str:
    """Who is using fama: ``FAMA_USER`` if set (a service sets it to the staff member's
    initials), else the computer's login name."""
    import getpass

    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no login name known to the system
        login = ""
    return (os.environ.get("FAMA_USER") or login or "unknown").strip()


@dataclass(frozen=True)
class CaseloadEntry:
    """One row of the caseload: the client's summary and what is due for them next."""

    summary: ClientSummary
    due: DueItem | None

    @property
    def code(self) -> str:
        return self.summary.code

    @property
    def overdue(self) -> bool:
        return bool(self.due and self.due.overdue)

    def matches(self, text: str) -> bool:
        """Case-insensitive match of every word typed against the row's visible text."""
        haystack = " ".join(
            (
                self.summary.code,
                self.summary.keyworker,
                self.summary.stage_label,
                self.summary.current_goal,
                self.due.kind.value if self.due else "",
                "overdue" if self.overdue else "",
                "family" if self.summary.for_family else "",
            )
        ).lower()
        return all(word in haystack for word in text.lower().split())


@dataclass(frozen=True)
class CaseloadView:
    """The caseload as the home screen shows it: filtered, ordered and counted."""

    entries: list[CaseloadEntry]
    """The clients to show, in caseload order, after the filter."""
    total: int
    """Clients before the filter (for one keyworker, or all)."""
    overdue: int
    """Of ``total``, how many have something overdue."""
    due: DueCounts = field(default_factory=DueCounts)
    """Of ``total``, how many have each kind of due item."""
    in_view: int = 0
    """Clients in the due view before the typed filter."""


@dataclass(frozen=True)
class ImportSummary:
    """What a meeting import did, in numbers, for the CLI and the Meetings screen to say."""

    source: str
    kind: str
    read: int
    added: int
    updated: int
    unchanged: int
    gone: int
    skipped: tuple[SkippedRecord, ...]
    no_way_in: int = 0
    """Meetings read whose listing gives no way to attend: kept, inactive."""

    def describe(self) -> str:
        skipped = len(self.skipped)
        unattendable = (
            f" {self.no_way_in} listed with no way to attend (kept as inactive);"
            if self.no_way_in
            else ""
        )
        return (
            f"Imported {self.source} ({self.kind}): {self.read} meetings read; "
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.gone} gone (kept as inactive);{unattendable} "
            f"{skipped} record{'' if skipped == 1 else 's'} skipped."
        )


@dataclass(frozen=True)
class SourceInfo:
    """One source of the directory and how fresh it is (self-assessment 1.1/1.2)."""

    source: str
    kind: str
    meetings: int
    active: int
    imported_at: datetime | None
    last_verified: date | None


class Casebook(ConversationService, ReviewService, StaffService, AssessmentService, FilesService):
    """The one facade the screens and the CLI call: every question they ask and every change
    they make goes through it, and through it to the store."""

    def __init__(self, store: Store, clock: Clock, user: str | None = None) -> None:
        self.store = store
        self.clock = clock
        self.user = (user if user is not None else current_user()).strip()[:80] or "unknown"
        """Who is using fama: what "recorded by", "flagged by" and "rated by" say."""
        self.unsaved_conversations: dict[str, Conversation] = {}
        """Conversations opened but not yet answered: saved with their first answer."""

    @property
    def today(self) -> date:
        return self.clock.today()

    # Caseload -----------------------------------------------------------------------
    def caseload(self, text: str = "", keyworker: str | None = None) -> list[CaseloadEntry]:
        """Clients (optionally one keyworker's), overdue first, filtered by the words typed."""
        return self.caseload_view(text, keyworker).entries

    def caseload_view(
        self, text: str = "", keyworker: str | None = None, view: DueView = DueView.ALL
    ) -> CaseloadView:
        """The caseload and its counts from one read of the index.

        ``view`` narrows it to one kind of due item (follow-ups overdue, reviews this week,
        never introduced), most pressing first; the counts are always of every kind.
        """
        today = self.today
        mine = self.store.client_summaries(keyworker)
        if view is DueView.ALL:
            summaries = sorted(mine, key=lambda s: caseload_order(s, today))
        else:
            summaries = sorted(
                (s for s in mine if in_view(s, view, today)),
                key=lambda s: view_order(s, view, today),
            )
        everyone = [CaseloadEntry(s, next_due(s, today)) for s in summaries]
        shown = [e for e in everyone if e.matches(text)] if text.strip() else everyone
        return CaseloadView(
            entries=shown,
            total=len(mine),
            overdue=sum(1 for s in mine if (d := next_due(s, today)) is not None and d.overdue),
            due=due_counts(mine, today),
            in_view=len(everyone),
        )

    def keyworkers(self) -> list[str]:
        """Keyworker ids with clients or on the staff list, for the caseload's keyworker switch."""
        ids = {s.keyworker for s in self.store.client_summaries()}
        ids.update(m.id for m in self.store.staff() if m.on_staff(self.today))
        return sorted(ids)

    # Clients --------------------------------------------------------------------------
    def client(self, code: str) -> ClientRecord:
        return self.store.load_client(code)

    def client_codes(self) -> set[str]:
        return {s.code for s in self.store.client_summaries()}

    def add_client(self, form: ClientForm) -> Client:
        """Validate and save a new client; raises ``FormErrors`` or ``DuplicateClient``."""
        from fama.clients.form import build_client

        client = build_client(
            form, today=self.today, existing_codes=self.client_codes(), staff=self.staff_ids()
        )
        client = client.model_copy(
            update={"created_at": self.clock.now(), "updated_at": self.clock.now()}
        )
        self.store.create_client(client)
        return client

    def update_client(
        self, code: str, form: ClientForm, started: ClientForm | None = None
    ) -> Client:
        """Validate and save changes to a client's profile (the code itself stays).

        ``started`` is the form as the person opened it: only the fields they changed are
        laid onto the record as it is now, inside the store's lock, so a second copy of fama
        saving meanwhile loses nothing; the same field changed both ways is refused
        (``EditConflict``) with both values. Without ``started`` the whole form is saved.
        """
        from fama.clients.form import ClientForm as Form
        from fama.clients.form import build_client, merge_edit

        staff = self.staff_ids()

        def change(record: ClientRecord) -> ClientRecord:
            original = record.client
            edited = (
                form if started is None else merge_edit(started, form, Form.from_client(original))
            )
            edited.code = original.code
            client = build_client(
                edited,
                today=self.today,
                existing_codes=set(),
                original=original,
                staff=staff,
            )
            client = client.model_copy(update={"updated_at": self.clock.now()})
            return record.model_copy(update={"client": client})

        return self.store.change_record(code, change).client

    def staff_ids(self) -> set[str] | None:
        """Who may be a client's keyworker: the staff list today (None when the service
        keeps no staff list, as for one keyworker on their own)."""
        staff = self.store.staff()
        if not staff:
            return None
        return {m.id for m in staff if m.on_staff(self.today)}

    def notices(self) -> list[str]:
        """What opening the store did that the person must hear about (an interrupted
        erasure finished), as sentences without client details."""
        return self.store.notices()

    def erase_client(self, code: str) -> Erasure:
        """Delete every record of the client, backups included, and the files fama wrote
        about them outside the store (meeting plans, printed handouts), all under the
        store's lock. A listed file that has moved or gone is named in the result, for the
        keyworker to find and remove by hand."""
        return self.store.erase_client(code)

    def give_handout(self, code: str, handout_id: str, title: str, by: str = "") -> HandoutGiven:
        """Log that this handout was given to the client today, by ``by`` (by default the
        client's keyworker, as a handout given in the conversation is)."""
        from fama.models import HandoutGiven

        given = HandoutGiven(
            client_code=code,
            handout_id=handout_id,
            title=title,
            given_on=self.today,
            by=by or self.store.load_client(code).client.keyworker,
            created_at=self.clock.now(),
        )
        self.store.save_handout_given(given)
        return given

    def export_client(self, code: str) -> dict[str, Any]:
        """A subject access request: everything held about one client, the files written
        about them outside the store (``files``: folder, name, what, when) included."""
        record = self.store.load_client(code)
        return {
            "format": "fama-client-record",
            "exported_at": self.clock.now().isoformat(),
            "record_count": record.record_count,
            **record.model_dump(mode="json"),
        }

    def export_all(self) -> dict[str, Any]:
        return self.store.export()

    # Reference data -----------------------------------------------------------------------
    def staff(self) -> list[StaffMember]:
        return sorted(self.store.staff(), key=lambda m: m.id)

    def meetings(self) -> list[Meeting]:
        return self.store.meetings()

    def meetings_by_id(self) -> dict[str, Meeting]:
        return {m.id: m for m in self.store.meetings()}

    # Meeting directory -------------------------------------------------------------------
    def meeting(self, meeting_id: str) -> Meeting:
        """One meeting; raises ``MeetingNotFound``."""
        return self.store.meeting(meeting_id)

    def import_meetings(
        self,
        path: Path,
        *,
        format: str = "auto",
        organisation: OrgCode | None = None,
        timezone: str = "Europe/London",
        strict: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportSummary:
        """Read a feed, then merge it into the directory in one locked, all-or-nothing save.

        Raises ``FeedError`` (nothing saved) for a file that cannot be imported.
        """
        from fama.directory.feeds import read_feed
        from fama.directory.merge import MergeResult, merge_directory

        now = self.clock.now()
        feed = read_feed(
            path,
            format=format,
            organisation=organisation,
            timezone=timezone,
            strict=strict,
            imported_at=now,
            progress=progress,
        )
        merged: list[MergeResult] = []

        def change(existing: list[Meeting]) -> list[Meeting]:
            merged.append(merge_directory(existing, feed, imported_at=now))
            return merged[-1].meetings

        self.store.change_meetings(change)
        result = merged[-1]
        return ImportSummary(
            source=feed.source,
            kind=feed.kind.value,
            read=len(feed.meetings),
            added=len(result.added),
            updated=len(result.updated),
            unchanged=len(result.unchanged),
            gone=len(result.gone),
            skipped=tuple(feed.skipped),
            no_way_in=sum(not meeting.active for meeting in feed.meetings),
        )

    def sources(self) -> list[SourceInfo]:
        """Each source with its meeting counts and when it was last imported or verified."""
        groups: dict[str, list[Meeting]] = {}
        for meeting in self.store.meetings():
            groups.setdefault(meeting.source, []).append(meeting)
        infos = []
        for source, meetings in sorted(groups.items()):
            imported = [m.imported_at for m in meetings if m.imported_at]
            verified = [m.last_verified for m in meetings if m.last_verified]
            infos.append(
                SourceInfo(
                    source=source,
                    kind=meetings[0].source_kind.value,
                    meetings=len(meetings),
                    active=sum(1 for m in meetings if m.active),
                    imported_at=max(imported, default=None),
                    last_verified=max(verified, default=None),
                )
            )
        return infos

    def save_local_meeting(self, form: MeetingForm, meeting_id: str | None = None) -> Meeting:
        """Validate and save a meeting the service keeps itself (a local group, annex 2).

        New when ``meeting_id`` is None; otherwise an edit of that local meeting, built from
        the meeting as it is *inside* the lock, so a flag another keyworker added meanwhile
        is kept. Raises ``FormErrors`` (bad fields, or an imported meeting) or
        ``MeetingNotFound``; nothing is saved then.
        """
        from fama.directory.meeting_form import build_meeting

        if meeting_id is not None:
            return self._edit_meeting(
                meeting_id, lambda m: build_meeting(form, today=self.today, original=m)
            )
        new = build_meeting(form, today=self.today)

        def add(current: Meeting | None) -> Meeting:
            if current is not None:  # a fresh id is never taken; refuse rather than overwrite
                raise ValueError(f"A meeting with the id {new.id} already exists.")
            return new

        return self.store.change_meeting(new.id, add)

    def _edit_meeting(self, meeting_id: str, edit: Callable[[Meeting], Meeting]) -> Meeting:
        """Apply ``edit`` to the meeting as stored now, inside the store's lock (one
        meeting changed; the rest of the directory is not rewritten from a read)."""
        from fama.store import MeetingNotFound

        def change(meeting: Meeting | None) -> Meeting:
            if meeting is None:
                raise MeetingNotFound(meeting_id)
            return edit(meeting)

        return self.store.change_meeting(meeting_id, change)

    def _change_meeting(self, meeting_id: str, **update: object) -> Meeting:
        return self._edit_meeting(meeting_id, lambda m: m.model_copy(update=update))

    def verify_meeting(self, meeting_id: str) -> Meeting:
        """Someone checked it runs as listed, today."""
        return self._change_meeting(meeting_id, last_verified=self.today)

    def unverify_meeting(self, meeting_id: str, before: date | None) -> Meeting:
        """Undo :meth:`verify_meeting`: the date it was last verified goes back to ``before``."""
        return self._change_meeting(meeting_id, last_verified=before)

    def set_meeting_active(self, meeting_id: str, active: bool) -> Meeting:
        return self._change_meeting(meeting_id, active=active)

    def flag_meeting(
        self, meeting_id: str, kind: FlagKind, note: str, by: str | None = None
    ) -> Meeting:
        """Record a dead end (did not run, moved, not newcomer-friendly) against a meeting,
        raised by ``by`` (by default the person using fama), added to the flags as stored."""
        from fama.models import MeetingFlag

        flag = MeetingFlag(kind=kind, note=note, on=self.today, by=by or self.user)
        return self._edit_meeting(
            meeting_id, lambda m: m.model_copy(update={"flags": [*m.flags, flag]})
        )

    def resolve_flags(self, meeting_id: str) -> Meeting:
        """Mark the meeting's open flags resolved, today, by the person using fama: they
        stop being warnings and stay in its history (and in the dead-end figures)."""

        def resolve(meeting: Meeting) -> Meeting:
            flags = [
                flag
                if flag.resolved
                else flag.model_copy(update={"resolved_on": self.today, "resolved_by": self.user})
                for flag in meeting.flags
            ]
            return meeting.model_copy(update={"flags": flags})

        return self._edit_meeting(meeting_id, resolve)

    # Locations and matching ---------------------------------------------------------------
    def import_locations(self, path: Path) -> int:
        """Load postcode-district centres (uk-outcode-centroids.csv layout); all or nothing."""
        from fama.directory.geo import read_locations_csv

        locations = read_locations_csv(path)
        self.store.replace_locations(locations)
        return len(locations)

    def locations(self, meetings: list[Meeting] | None = None) -> Locations:
        from fama.directory.geo import Locations

        return Locations.build(self.store.locations(), meetings or self.store.meetings())

    def match(self, request: MatchRequest) -> MatchOutcome:
        from fama.directory.matching.ranking import rank

        meetings = self.store.meetings()
        return rank(meetings, request, self.locations(meetings), self.clock.now())

    def find_meetings(
        self, code: str | None = None, changes: MatchChanges | None = None
    ) -> MatchOutcome:
        """Meetings for a client (or for nobody in particular), ranked: their preferences
        with ``changes`` laid over them. ``fama match`` and Find meetings both search this
        way, so the same preferences give the same meetings in the same order."""
        return self.match(self.match_request(code, changes))

    def match_request(
        self, code: str | None = None, changes: MatchChanges | None = None
    ) -> MatchRequest:
        """The request :meth:`find_meetings` ranks (the client's own, or an empty one, with
        ``changes`` made; the default limit unless they name one)."""
        from fama.directory.matching.request import MatchRequest
        from fama.directory.requests import MatchChanges

        base = MatchRequest.from_client(self.client(code).client) if code else MatchRequest()
        return (changes or MatchChanges()).apply(base)

    def match_request_for(self, code: str) -> MatchRequest:
        from fama.directory.matching.request import MatchRequest

        return MatchRequest.from_client(self.client(code).client)

    def keep_preferences(self, code: str, edit: PreferenceEdit) -> Client:
        """Save what the keyworker changed on the search form (and only that) onto the
        client as stored now, read and written inside the store's lock, so a change made
        elsewhere since the form was read is kept. Raises ``BadOption`` (nothing saved) for
        a profile fama cannot keep."""

        def change(record: ClientRecord) -> ClientRecord:
            client = edit.apply(record.client).model_copy(update={"updated_at": self.clock.now()})
            return record.model_copy(update={"client": client})

        return self.store.change_record(code, change).client

    def load_demo(self, data: DemoData) -> None:
        """Fill an empty store with the demo town (staff, meetings, clients): records made
        here, never read from the store, so the blind writes lose nothing."""
        for member in data.staff:
            self.store.save_staff(member)
        self.store.replace_meetings(list(data.meetings))
        self.store.put_records(list(data.records))

    def backup_if_due(self) -> None:
        """Take the daily backup, for a store that keeps backups (the file store)."""
        from fama.store import Backups

        if isinstance(self.store, Backups):
            self.store.backup_if_due(self.clock.now())
