"""Copying whole stores, either way: a folder to a database, a database to a folder, a
folder to a folder (``fama store copy --from A --to B [--merge]``).

Everything goes through the store contract (``fama.store.base``), so any two kinds of store
copy alike: the client records (every part of each), the meeting directory, the staff list
(with each person's login and access), the postcode centres, the self-assessments, and the
contacts register with the fellowship visits.

1. The places are checked (:mod:`.places`) and the stores opened; a target that holds
   records is refused unless ``--merge``.
2. The plan (:mod:`.plan`) lists what to add and anything held twice; any clash refuses
   the whole copy, and nothing is written.
3. Everything is added in one go (:meth:`Store.add`: one transaction on a database, a fresh
   folder renamed into place for a folder), the client records streamed in code order from
   their sources while the digest of the canonical export of what is copied is made
   (:mod:`fama.store.digest`).
4. What was added is read back from the target, counted and digested again; only the same
   counts and the same digest keep the copy. Into an empty target, both digests are those
   of the two stores' whole exports.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fama.audit import Action
from fama.errors import StoreError
from fama.store.copying.places import (
    CopyRefused,
    Place,
    Target,
    check_places,
    holds_nothing,
    name_of,
    open_database_target,
    open_folder_target,
    open_source,
    place_of,
)
from fama.store.copying.plan import Clash, Plan, make_plan
from fama.store.digest import Counts, ExportDigest
from fama.store.shared import ADD_BATCH, Additions, batches

if TYPE_CHECKING:
    from fama.models import ClientRecord
    from fama.store.base import Store

__all__ = [
    "Clash",
    "Clashes",
    "CopyMismatch",
    "CopyRefused",
    "CopyReport",
    "copy_stores",
    "place_of",
]


class Clashes(StoreError):
    """A merge found keys held twice: nothing was copied; :attr:`clashes` lists them."""

    exit_code = 1

    def __init__(self, clashes: list[Clash]) -> None:
        self.clashes = clashes
        kinds: dict[str, int] = {}
        for clash in clashes:
            kinds[clash.kind] = kinds.get(clash.kind, 0) + 1
        what = ", ".join(
            f"{n} {_KINDS.get(kind, (kind, kind + 's'))[n != 1]}" for kind, n in kinds.items()
        )
        super().__init__(
            f"Held twice: {what}; nothing was copied, as fama does not guess which to keep "
            "(each is listed below)."
        )


_KINDS = {
    "client": ("client code", "client codes"),
    "staff member": ("staff member", "staff members"),
    "postcode centre": ("postcode centre", "postcode centres"),
    "self-assessment": ("self-assessment", "self-assessments"),
}


class CopyMismatch(StoreError):
    """What was added did not read back the same from the target."""

    exit_code = 1


@dataclass(frozen=True)
class CopyReport:
    """What a copy did: what it added (as read back from the target), the digest of it,
    how many shared records the target or another source held the same already, and how
    long it took."""

    sources: list[str]
    target: str
    counts: Counts
    digest: str
    already: int
    seconds: float
    whole: bool
    """The target held nothing before: the digest is that of both stores' whole exports."""
    logins: int
    """Staff members copied with a login."""
    to_database: bool


def copy_stores(
    sources: list[Place],
    target_place: Place,
    *,
    merge: bool = False,
    who: str = "unknown",
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    notice: Callable[[str], None] = lambda words: None,
) -> CopyReport:
    """Copy every source into the target, checked; raises ``CopyRefused`` (bad places, a
    target holding records without ``merge``), ``Clashes`` or ``CopyMismatch``, and leaves
    the target as it was, except that a database's committed copy that then reads back
    differently is kept and reported (``CopyMismatch`` says so).

    Each source's audit trail records the whole store's export, and the target's the copy
    coming in, as ``who`` (a folder's person; a database names its login itself) at
    ``now()``; the trails themselves are not copied (each store keeps its own).
    """
    started = time.perf_counter()
    check_places(sources, target_place, merge=merge)
    opened: list[Store] = []
    target: Target | None = None
    try:
        for place in sources:
            store = open_source(place)
            opened.append(store)
            for words in store.notices():
                notice(f"{name_of(place)}: {words}")
        if isinstance(target_place, Path):
            target = open_folder_target(target_place, merge=merge)
        else:
            target = open_database_target(target_place)
            if not merge and not holds_nothing(target.store):
                raise CopyRefused(
                    f"{name_of(target_place).capitalize()} already holds records: add --merge "
                    "to add to them, or give an empty store."
                )
        named = [(name_of(p), s) for p, s in zip(sources, opened, strict=True)]
        plan = make_plan(target.before, named)
        if plan.clashes:
            raise Clashes(plan.clashes)
        whole = f"whole store copied to {name_of(target_place)}"
        for store in opened:
            store.audit_append(store.login() or who, Action.EXPORT, whole, None, now())
        expected, counted = _write(plan, opened, target.store)
        came = f"whole store copied in from {', '.join(n for n, _ in named)}"
        came += f" ({counted.clients} client{'s' if counted.clients != 1 else ''})"
        target.store.audit_append(target.store.login() or who, Action.CHANGE, came, None, now())
        got, read_back = _read_back(plan, target.store)
        if (got, read_back) != (expected, counted):
            raise _mismatch(target, sources, counted, read_back)
        target.keep()
    except BaseException:
        if target is not None:
            target.abandon()
        raise
    finally:
        for store in opened:
            store.close()
        if target is not None:
            target.close()
    return CopyReport(
        sources=[name_of(p) for p in sources],
        target=name_of(target_place),
        counts=read_back,
        digest=got,
        already=plan.already,
        seconds=time.perf_counter() - started,
        whole=plan.target_held == 0,
        logins=sum(1 for m in plan.staff.values() if m.login),
        to_database=not isinstance(target_place, Path),
    )


def _write(plan: Plan, sources: list[Store], target: Store) -> tuple[str, Counts]:
    """Add the plan to the target; the digest and counts of what was read from the sources."""
    staff, meetings = list(plan.staff.values()), list(plan.meetings.values())
    assessments = list(plan.assessments.values())
    contacts, visits = list(plan.contacts.values()), list(plan.visits.values())
    digest = ExportDigest(staff, meetings, plan.locations, assessments, contacts, visits)

    def records() -> Iterator[ClientRecord]:
        for batch in _in_batches(plan):
            for index, codes in batch:
                for record in sources[index].load_clients(codes):
                    digest.add(record)
                    yield record

    target.add(
        Additions(
            records(),
            staff=staff,
            meetings=meetings,
            locations=dict(plan.locations),
            assessments=assessments,
            contacts=contacts,
            visits=visits,
        )
    )
    return digest.finish(), digest.counts


def _read_back(plan: Plan, target: Store) -> tuple[str, Counts]:
    """The digest and counts of what the plan added, as the target holds it now."""
    from fama.errors import ClientNotFound

    ids = {a.id for a in plan.assessments.values()}
    digest = ExportDigest(
        [m for m in target.staff() if m.id in plan.staff],
        [m for m in target.meetings() if m.id in plan.meetings],
        {code: p for code, p in target.locations().items() if code in plan.locations},
        [a for a in target.assessments() if a.id in ids],
        [c for c in target.contacts() if c.id in plan.contacts],
        [v for v in target.visits() if v.id in plan.visits],
    )
    for codes in batches(sorted(plan.clients), ADD_BATCH):
        try:
            records = target.load_clients(codes)
        except ClientNotFound:  # counted short, so reported as a mismatch
            records = [target.load_client(code) for code in codes if target.has_client(code)]
        for record in records:
            digest.add(record)
    return digest.finish(), digest.counts


def _in_batches(plan: Plan) -> Iterator[list[tuple[int, list[str]]]]:
    """The planned codes in order, a batch at a time, each batch split into runs of codes
    from one source: (source index, codes)."""
    for batch in batches(sorted(plan.clients), ADD_BATCH):
        runs: list[tuple[int, list[str]]] = []
        for code in batch:
            index = plan.clients[code]
            if runs and runs[-1][0] == index:
                runs[-1][1].append(code)
            else:
                runs.append((index, [code]))
        yield runs


def _mismatch(target: Target, sources: list[Place], sent: Counts, got: Counts) -> CopyMismatch:
    names = " and ".join(name_of(p) for p in sources)
    differs = "holds other counts" if sent != got else "reads back with another digest"
    if target.all_or_nothing:
        kept = f"nothing was written to {name_of(target.place)}"
    else:
        kept = (
            f"the copy was kept in {name_of(target.place)}: compare it with the source "
            "(fama export), as a source changed while it was copied may explain it"
        )
    return CopyMismatch(f"What was copied from {names} {differs} in the target; {kept}.")
