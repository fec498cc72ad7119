"""``fama store copy --from A --to B [--merge]``: copy a whole store, checked.

A and B are each a folder or a ``postgresql://`` URL, as ``--store`` takes. The target must
be empty (a new or empty folder, a store that holds nothing, a database with fama's tables
and no records) unless ``--merge``, which adds one or several sources (``--from`` given more
than once) to a database, or fills a new folder from several. A client code held twice, or
a staff member, meeting, postcode centre or self-assessment held twice with different
contents, refuses the whole merge: the list goes to stderr, nothing is written, exit 1.
Bad places and a target holding records are one sentence, exit 2. See
:mod:`fama.store.copying` for how the copy is made and checked.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from fama.clock import Clock
from fama.text.safe import shown


def add_copy_command(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``fama store copy``."""
    copy = actions.add_parser(
        "copy",
        help="copy a whole store (folder or database) into an empty one, checked",
        description="Copy a whole store into an empty one (a folder or a postgresql:// URL), "
        "then check the copy by its counts and the digest of its export. --merge adds "
        "several stores to one, refusing any client code held twice.",
    )
    copy.add_argument(
        "--from",
        dest="sources",
        action="append",
        required=True,
        metavar="STORE",
        help="the store to copy from (a folder or a postgresql:// URL); more than one with --merge",
    )
    copy.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="STORE",
        help="the store to copy into: a new or empty folder, or a database with fama's tables",
    )
    copy.add_argument(
        "--merge",
        action="store_true",
        help="add to a database that holds records already, or bring several stores together",
    )


def cmd_copy(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    """Copy, check, and say what was copied; clashes are listed on stderr (exit 1)."""
    from fama.casebook.login import computer_login
    from fama.store import is_encrypted
    from fama.store.copying import Clashes, copy_stores, place_of

    sources = [place_of(text) for text in args.sources]
    target = place_of(args.target)
    err = sys.stderr

    def notice(words: str) -> None:
        err.write(shown(f"fama: {words}") + "\n")

    try:
        report = copy_stores(
            sources,
            target,
            merge=args.merge,
            who=computer_login(),
            now=clock.now,
            notice=notice,
        )
    except Clashes as exc:
        err.write(shown(f"fama: {exc}") + "\n")
        for clash in exc.clashes:
            err.write(shown(f"  {clash.words()}") + "\n")
        return exc.exit_code
    verb = "Merged" if args.merge else "Copied"
    names = report.sources
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    out.write(f"{verb} {listed} into {report.target}.\n")
    out.write(f"Added {report.counts.words()}.\n")
    if report.already:
        out.write(
            f"{report.already:,} staff, meeting, postcode centre or self-assessment records "
            "were held twice, the same, and are kept once.\n"
        )
    scope = "both stores' whole exports" if report.whole else "what was added, on both sides"
    out.write(
        f"Checked: the same counts and digest for {scope}: sha256 {report.digest} "
        f"({report.seconds:.1f} s).\n"
    )
    if report.to_database and report.logins:
        several = report.logins != 1
        out.write(
            f"{report.logins} copied staff member{'s have' if several else ' has'} a login; "
            "the database lets a login use fama once a lead gives it its access "
            "(`fama staff login ID --login LOGIN --role ROLE`, or the Staff screen: F4, E, Save).\n"
        )
    if not report.to_database and any(is_encrypted(source) for source in sources):
        notice(
            f"the copy at {report.target} is not encrypted; `fama store encrypt --store "
            f"{report.target}` encrypts it."
        )
    return 0
