"""The service benchmark (scripts/bench_service.py) runs end to end in its smallest setting,
prints its figures and finds no lost update; its check for lost updates does find one; the
benchmark's server is durable while the tests' is not."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest

from fama.store.postgres.store import PostgresStore
from tests.helpers.postgres import (
    NoPostgres,
    TempServer,
    server_binaries,
    skip_or_fail,
    temp_server,
)

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import bench  # noqa: E402
from bench_service_data import find_lost  # noqa: E402
from bench_service_worker import SERVICE  # noqa: E402


@pytest.mark.slow
def test_the_smallest_service_run_prints_every_figure_and_loses_nothing() -> None:
    try:
        server_binaries()
    except NoPostgres as exc:
        skip_or_fail(str(exc))
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "bench_service.py"), "--clients", "200", "--workers",
         "3", "--seconds", "3"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    for row in (
        "service: load 200 clients x 27 records",
        "service: save (",
        "service: one keyworker's caseload, under load",
        "service: open a client, under load",
        "service: one keyworker's caseload, quiet (67 clients)",
        "service: self-assessment evidence, service-wide (report login, 2 periods as the screen)",
        "service: self-assessment evidence, service-wide (report login, 1 period)",
    ):
        assert row in out, out
    assert re.search(r"service: save \(3 keyworkers, 3 s\) +p95 [0-9.]+ ms", out), out
    lost = re.search(r"updates lost: (\d+) of (\d+) acknowledged changes", out)
    assert lost is not None, out
    assert lost.group(1) == "0" and int(lost.group(2)) > 0, out
    assert "actions that failed" not in out, out


def test_a_bad_setting_is_one_sentence_and_nothing_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "bench_service.py"), "--workers", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.fixture
def admin_store(pg_url: str) -> Iterator[PostgresStore]:
    store = PostgresStore.open(pg_url)
    yield store
    store.close()


def test_the_lost_update_check_names_each_change_the_database_does_not_hold(
    pg_url: str, admin_store: PostgresStore
) -> None:
    import random

    from fama.assessment.period import Period
    from fama.models import Conversation, HandoutGiven

    today = datetime.now(UTC).date()
    record = bench.make_record(random.Random(1), 0, today)
    code = record.client.code
    goal = record.goals[0].model_copy(update={"wording": "Go (bench K01-1)"})
    review = record.reviews[0].model_copy(update={"what_it_was_like": "Fine (bench K01-2)"})
    given = HandoutGiven(client_code=code, handout_id="h", title="H", given_on=today)
    talk = Conversation(client_code=code, keyworker="K01", state={"path": [{}, {}]})
    admin_store.put_records(
        [
            record.model_copy(
                update={
                    "goals": [goal, *record.goals[1:]],
                    "reviews": [review, *record.reviews[1:]],
                    "handouts": [given],
                    "conversations": [talk],
                }
            )
        ]
    )
    period = Period(today.replace(day=1), today)
    admin_store.change_assessment(
        SERVICE,
        period.start,
        period.end,
        lambda _: _assessment(period, "1.1", "bench K01-5"),
    )
    held: list[dict[str, Any]] = [
        {"kind": "answer", "code": code, "conversation": talk.id, "path": 2},
        {"kind": "goal", "code": code, "marks": ["bench K01-1"]},
        {"kind": "follow-up", "code": code, "marks": ["bench K01-2"]},
        {"kind": "handout", "code": code, "id": given.id},
        {"kind": "rating", "item": "1.1", "mark": "bench K01-5", "period": str(period.start)},
    ]
    missing: list[dict[str, Any]] = [
        {"kind": "answer", "code": code, "conversation": talk.id, "path": 3},
        {"kind": "goal", "code": code, "marks": ["bench K01-10"]},
        {"kind": "follow-up", "code": code, "marks": ["bench K01-3"]},
        {"kind": "care-plan review", "code": code, "id": "no-such-review"},
        {"kind": "rating", "item": "1.2", "mark": "bench K01-6", "period": str(period.start)},
    ]
    checked, lost = find_lost(pg_url, [{"changes": held}])
    assert (checked, lost) == (5, [])
    checked, lost = find_lost(pg_url, [{"changes": held}, {"changes": missing}])
    assert checked == 10
    assert lost == [
        f"answer 3 of a conversation of {code}",
        f"goal bench K01-10 of {code}",
        f"follow-up bench K01-3 of {code}",
        f"care-plan review no-such-review of {code}",
        "rating of 1.2: 'bench K01-6' kept as []",
    ]


def _assessment(period: Any, item: str, comments: str) -> Any:
    from fama.assessment.model import Assessment

    now = datetime.now(UTC)
    blank = Assessment(
        service=SERVICE,
        period_start=period.start,
        period_end=period.end,
        created_at=now,
        updated_at=now,
    )
    return blank.with_rating(item, by="K01", at=now, comments=comments)


def test_a_percentile_row_shows_and_judges_its_percentile(
    capsys: pytest.CaptureFixture[str],
) -> None:
    samples = tuple(n / 1000 for n in range(1, 101))  # 1 ms to 100 ms
    row = bench.Row("saves", samples, target_s=0.090, percentile=95)
    assert row.value == pytest.approx(0.09505)
    assert row.verdict == "misses target", "judged on the p95, not the median (50.5 ms)"
    assert bench.Row("saves", samples, target_s=0.090).verdict == "meets target"
    bench.print_table([row])
    assert "p95 95.1 ms" in capsys.readouterr().out


def _setting(server: TempServer, name: str) -> str:
    with psycopg.connect(server.url()) as conn:
        row = conn.execute(f"SHOW {name}").fetchone()
    assert row is not None
    return str(row[0])


@pytest.mark.slow
def test_the_benchmarks_server_is_durable_and_the_tests_is_quick(pg_server: TempServer) -> None:
    for name in ("fsync", "synchronous_commit", "full_page_writes"):
        assert _setting(pg_server, name) == "off"
    try:
        with temp_server(durable=True) as durable:
            for name in ("fsync", "synchronous_commit", "full_page_writes"):
                assert _setting(durable, name) == "on"
    except NoPostgres as exc:
        skip_or_fail(str(exc))
