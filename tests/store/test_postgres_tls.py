"""A database URL that asks for TLS gets TLS or nothing: against a server without TLS,
``sslmode=require`` (as the README tells a service to use, or ``verify-full``) fails in one
sentence, and no connection is made in clear. libpq applies ``sslmode`` over TCP only, so the
throw-away server here also listens on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from fama.clock import FixedClock
from fama.errors import StoreError
from fama.store import open_store
from tests.helpers.cli import run
from tests.helpers.postgres import SUPERUSER, NoPostgres, TempServer, skip_or_fail, temp_server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def tcp_server() -> Iterator[TempServer]:
    try:
        with temp_server(tcp_port=free_port()) as server:
            yield server
    except NoPostgres as exc:
        skip_or_fail(str(exc))


def tcp_url(server: TempServer, options: str) -> str:
    return f"postgresql://{SUPERUSER}@127.0.0.1:{server.tcp_port}/postgres?{options}"


@pytest.mark.parametrize("mode", ["require", "verify-full"])
def test_a_url_asking_for_tls_fails_in_one_sentence_against_a_server_without_it(
    tcp_server: TempServer, mode: str, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    url = tcp_url(tcp_server, f"sslmode={mode}")
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".")
    assert "Cannot connect to the database postgres on 127.0.0.1" in message
    assert "SSL" in message
    code, out, err = run(["store", "check", "--store", url], clock, capsys)
    assert code != 0 and out == "" and err.count("\n") == 1 and "SSL" in err


def test_the_same_server_is_reached_in_clear_when_the_url_allows_it(
    tcp_server: TempServer,
) -> None:
    with pytest.raises(StoreError, match="has no fama tables yet"):  # connected, then refused
        open_store(tcp_url(tcp_server, "sslmode=disable"))
