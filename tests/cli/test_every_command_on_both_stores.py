"""Every everyday command gives the same answer on a folder store and on a service's
database holding the same records (the demo town), run as a person would."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fama.clock import FixedClock
from fama.store import open_store
from tests.helpers.cli import make_store, run
from tests.helpers.postgres import TempServer, drop_database, fresh_database

CLIENT = "KB-1042"
SAME_ANSWER = [
    ["client", "list", "--json"],
    ["client", "export", CLIENT],
    ["client", "summary", CLIENT],
    ["meetings", "list", "--json"],
    ["match", "--client", CLIENT, "--json"],
    ["assessment", "export", "--format", "json"],
    ["staff", "list", "--json"],
]


@pytest.fixture(scope="module")
def both(
    tmp_path_factory: pytest.TempPathFactory, pg_server: TempServer
) -> Iterator[tuple[Path, str]]:
    """The demo town as a folder (``fama demo``) and the same records in a database."""
    clock = FixedClock(__import__("tests.conftest", fromlist=["FIXED_NOW"]).FIXED_NOW)
    folder = make_store(tmp_path_factory.mktemp("both") / "demo", clock, demo=True)
    name = f"fama_both_{os.getpid()}"
    url = fresh_database(pg_server, name)
    source, target = open_store(folder), open_store(url)
    try:
        target.put_records([source.load_client(s.code) for s in source.client_summaries()])
        target.replace_meetings(source.meetings())
        target.replace_locations(source.locations())
        for member in source.staff():
            target.save_staff(member)
        target.change_contacts(lambda _: source.contacts())
        for visit in source.visits():
            target.save_visit(visit)
    finally:
        target.close()
    yield folder, url
    drop_database(pg_server, name)


def comparable(args: list[str], out: str) -> object:
    """The output, without what differs by when it was made, and by whom: a database
    writes the audit trail as the login, with its own clock."""
    if "--json" in args or "json" in args or args[:2] == ["client", "export"]:
        data = json.loads(out)
        if isinstance(data, dict):
            data.pop("exported_at", None)
            for access in data.get("accessed", []):
                access.pop("at"), access.pop("who")
        return data
    return out


@pytest.mark.parametrize("args", SAME_ANSWER, ids=lambda a: " ".join(a[:2]))
def test_the_same_answer_from_either_store(
    both: tuple[Path, str], args: list[str], clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, url = both
    code, from_folder, err = run([*args, "--store", str(folder)], clock, capsys)
    assert code == 0, err
    code, from_database, err = run([*args, "--store", url], clock, capsys)
    assert code == 0, err
    assert comparable(args, from_database) == comparable(args, from_folder)


def test_the_whole_export_holds_the_same_records(
    both: tuple[Path, str], clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, url = both
    exports = []
    for store in (str(folder), url):
        code, out, err = run(["export", "--store", store], clock, capsys)
        assert code == 0, err
        data = json.loads(out)
        data.pop("exported_at")
        exports.append(data)
    assert exports[0]["clients"] == exports[1]["clients"]
    assert exports[0] == exports[1]
