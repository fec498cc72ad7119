"""The casebook's meeting directory: the meetings, importing feeds, the service's own local
meetings, verifying and flagging them, postcode-district locations, and ranking meetings
for a client.

One meeting changes inside the store's lock (``Store.change_meeting``) and an import is one
locked, all-or-nothing change of the directory (``Store.change_meetings``), so a flag or a
verification another keyworker saves meanwhile is kept. Modules that load pydantic are
imported by the methods that need them, so opening the caseload stays fast.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from fama.casebook.part import Part, change_returning
from fama.errors import MeetingNotFound

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from fama.directory.feeds import SkippedRecord
    from fama.directory.geo import Locations
    from fama.directory.matching.request import MatchOutcome, MatchRequest
    from fama.directory.meeting_form import MeetingForm
    from fama.directory.outcomes import MeetingOutcome
    from fama.directory.requests import MatchChanges
    from fama.models import FlagKind, Meeting, OrgCode
    from fama.store import Store


OUTCOME_MONTHS = 12
OUTCOMES_FRESH_S = 300.0
"""How long the service's outcome figures are reused before they are counted again: they
read every client record (seconds on a whole service's store) and change slowly, while a
keyworker re-ranks at every preference they change."""
"""How far back the service's experience of a meeting reaches, by default."""


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


class MeetingLookup(Mapping[str, "Meeting"]):
    """The directory by id, reading only the meetings asked for (each once).

    A conversation step or a review names a handful of meetings; validating the whole
    directory for each would cost more than the rest of the save. Listing or counting it
    reads the whole directory once.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._seen: dict[str, Meeting | None] = {}
        self._everything: dict[str, Meeting] | None = None

    def _find(self, meeting_id: str) -> Meeting | None:
        if self._everything is not None:
            return self._everything.get(meeting_id)
        if meeting_id not in self._seen:
            try:
                self._seen[meeting_id] = self._store.meeting(meeting_id)
            except MeetingNotFound:
                self._seen[meeting_id] = None
        return self._seen[meeting_id]

    def __getitem__(self, meeting_id: str) -> Meeting:
        found = self._find(meeting_id) if isinstance(meeting_id, str) else None
        if found is None:
            raise KeyError(meeting_id)
        return found

    def __contains__(self, meeting_id: object) -> bool:
        return isinstance(meeting_id, str) and self._find(meeting_id) is not None

    def _all(self) -> dict[str, Meeting]:
        if self._everything is None:
            self._everything = {m.id: m for m in self._store.meetings()}
        return self._everything

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class DirectoryService(Part):
    """The meeting directory and matching: ``book.directory``."""

    # Reading ------------------------------------------------------------------------------
    def meetings(self) -> list[Meeting]:
        """Every meeting in the directory, active or not."""
        return self.store.meetings()

    def by_id(self) -> Mapping[str, Meeting]:
        """The directory by meeting id (goals and plans name meetings by id), reading each
        meeting only when it is asked for."""
        return MeetingLookup(self.store)

    def meeting(self, meeting_id: str) -> Meeting:
        """One meeting; raises ``MeetingNotFound``."""
        return self.store.meeting(meeting_id)

    def import_feed(
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

        def change(existing: list[Meeting]) -> tuple[list[Meeting], MergeResult]:
            merged = merge_directory(existing, feed, imported_at=now)
            return merged.meetings, merged

        _, result = change_returning(self.store.change_meetings, change)
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

    def save_local(self, form: MeetingForm, meeting_id: str | None = None) -> Meeting:
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

    def verify(self, meeting_id: str) -> Meeting:
        """Someone checked it runs as listed, today."""
        return self._change_meeting(meeting_id, last_verified=self.today)

    def unverify(self, meeting_id: str, before: date | None) -> Meeting:
        """Undo :meth:`verify`: the date it was last verified goes back to ``before``."""
        return self._change_meeting(meeting_id, last_verified=before)

    def set_active(self, meeting_id: str, active: bool) -> Meeting:
        """Show the meeting in searches again, or stop showing it (it stays in the directory)."""
        return self._change_meeting(meeting_id, active=active)

    def flag(self, meeting_id: str, kind: FlagKind, note: str, by: str | None = None) -> Meeting:
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

    # Locations and matching -------------------------------------------------------------
    def import_locations(self, path: Path) -> int:
        """Load postcode-district centres (uk-outcode-centroids.csv layout); all or nothing."""
        from fama.directory.geo import read_locations_csv

        locations = read_locations_csv(path)
        self.store.replace_locations(locations)
        return len(locations)

    def locations(self, meetings: list[Meeting] | None = None) -> Locations:
        """Where postcode districts and meetings are, for distances."""
        from fama.directory.geo import Locations

        return Locations.build(self.store.locations(), meetings or self.store.meetings())

    def match(self, request: MatchRequest) -> MatchOutcome:
        """The directory ranked for ``request``, now, with the service's experience of each
        meeting (:meth:`outcomes`) as a light part of the score and a reason."""
        from fama.directory.matching.ranking import rank

        meetings = self.store.meetings()
        return rank(
            meetings,
            request,
            self.locations(meetings),
            self.clock.now(),
            self.outcomes(meetings=meetings),
            lead=self.leads(),
        )

    def outcomes(
        self, months: int = OUTCOME_MONTHS, meetings: list[Meeting] | None = None
    ) -> dict[str, MeetingOutcome]:
        """What happened to the clients referred to each meeting in the last ``months``
        months, by meeting id, from the client records this login can read. A record in
        a shape it cannot read is left out rather than stopping the ranking.

        Counted again after :data:`OUTCOMES_FRESH_S`, on a new day, or at once when a
        meeting's flags change (a dead end recorded at a follow-up, by anyone, flags its
        meeting), so a dead end counts against the meeting straight away."""
        if months < 1:
            raise ValueError("The period must be at least one month.")
        flagged = tuple(
            sorted((m.id, len(m.flags)) for m in (meetings or self.store.meetings()) if m.flags)
        )
        key = (self.today, months, flagged)
        kept = self._outcomes_kept
        if kept is not None and kept[0] == key and time.monotonic() - kept[1] < OUTCOMES_FRESH_S:
            return kept[2]
        counted = self._count_outcomes(months)
        self._outcomes_kept = (key, time.monotonic(), counted)
        return counted

    _outcomes_kept: tuple[object, float, dict[str, MeetingOutcome]] | None = None
    """The last outcome figures counted, for the day and period they were counted for."""

    def _count_outcomes(self, months: int) -> dict[str, MeetingOutcome]:
        from fama.directory.outcomes import meeting_outcomes, months_before, referrals_from_json

        referrals = []
        for document in self.store.client_documents():
            try:
                referrals.extend(referrals_from_json(document))
            except ValueError:
                continue
        today = self.today
        return meeting_outcomes(referrals, months_before(today, months), today)

    def leads(self) -> bool:
        """Is the person using fama a team lead (their own view shows small counts)?"""
        from fama.casebook.identity import identify
        from fama.models import Access

        member = identify(self.store).member
        return member is not None and member.access is Access.LEAD

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

        base = (
            MatchRequest.from_client(self.store.load_client(code).client)
            if code
            else MatchRequest()
        )
        return (changes or MatchChanges()).apply(base)
