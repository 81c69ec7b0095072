"""Every connection ``sppmon serve`` accepts sends small writes at once (Nagle's algorithm off).

With several workers uvicorn shares a listening socket that asyncio does not recognise as TCP, so its accepted
connections kept Nagle's algorithm on and every kept-alive answer waited about 40 ms for the client's delayed
acknowledgement. The protocol sppmon gives uvicorn turns it off on each connection.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner

from sppmon.cli import main
from sppmon.web import balanced, transport


class _Transport:
    def __init__(self, sock: socket.socket | None) -> None:
        self.sock = sock

    def get_extra_info(self, name: str) -> Any:
        return self.sock if name == "socket" else None


def test_an_accepted_connection_of_a_shared_listening_socket_gets_nagle_turned_off() -> None:
    # as uvicorn binds the socket it shares between workers: no protocol given, so asyncio leaves Nagle on
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        with socket.create_connection(listening.getsockname()):
            accepted, _ = listening.accept()
            with accepted:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
                assert transport.disable_nagle(_Transport(accepted)) is True  # type: ignore[arg-type]
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def test_a_connection_without_a_tcp_socket_is_left_alone() -> None:
    assert transport.disable_nagle(_Transport(None)) is False  # type: ignore[arg-type]
    left, right = socket.socketpair()  # a Unix socket: no Nagle to turn off
    with left, right:
        assert transport.disable_nagle(_Transport(left)) is False  # type: ignore[arg-type]


def test_the_protocol_is_importable_by_the_name_uvicorn_is_given() -> None:
    config = uvicorn.Config("sppmon.web.app:app_from_environment", factory=True, http=transport.PROTOCOL)
    module, _, name = transport.PROTOCOL.partition(":")
    assert getattr(__import__(module, fromlist=[name]), name) is transport.NoDelayH11Protocol
    assert config.http == transport.PROTOCOL


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_runs_uvicorn_with_that_protocol(workers: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append(kwargs))
    monkeypatch.setattr(balanced, "run", lambda *args, **kwargs: calls.append(kwargs) or 0)
    monkeypatch.setattr("sppmon.cli.serve.prepare_store", lambda target, read_only: None)
    monkeypatch.setattr("sppmon.web.create_app", lambda config: object())
    monkeypatch.setattr("sppmon.web.WebConfig.from_settings", lambda **kwargs: object())
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "s.duckdb"), "--workers", workers])
    assert result.exit_code == 0, result.output
    assert [call["http"] for call in calls] == [transport.PROTOCOL]


@pytest.mark.skipif(not balanced.available(), reason="SO_REUSEPORT balances connections on Linux only")
def test_workers_listening_on_their_own_sockets_share_the_connections() -> None:
    held = balanced.shared_address("127.0.0.1", 0)  # the supervisor's: bound, never listening
    port = held.getsockname()[1]
    listening = [balanced.shared_address("127.0.0.1", port) for _ in range(2)]  # one per worker
    with held, listening[0], listening[1]:
        for sock in listening:
            sock.listen(64)
            sock.setblocking(False)
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(40)]
        accepted = [0, 0]
        for index, sock in enumerate(listening):
            while True:
                try:
                    connection, _ = sock.accept()
                except BlockingIOError:
                    break
                connection.close()
                accepted[index] += 1
        for client in clients:
            client.close()
    assert sum(accepted) == 40 and min(accepted) > 0  # the kernel spread them (all 40 on one: odds 2**-39)


def test_an_address_another_server_listens_on_is_refused_at_once() -> None:
    with socket.create_server(("127.0.0.1", 0)) as other, pytest.raises(OSError):
        balanced.shared_address("127.0.0.1", other.getsockname()[1])


def test_one_worker_or_another_system_leaves_serving_to_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append(kwargs))
    assert balanced.run("sppmon.web.app:app_from_environment", workers=1, http=transport.PROTOCOL) == 0
    monkeypatch.setattr(balanced, "available", lambda: False)
    assert balanced.run("sppmon.web.app:app_from_environment", workers=2, http=transport.PROTOCOL) == 0
    assert [call["workers"] for call in calls] == [1, 2]


@pytest.mark.skipif(not balanced.available(), reason="SO_REUSEPORT balances connections on Linux only")
def test_workers_that_cannot_start_stop_the_server_with_exit_code_3() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = balanced.run(
        "sppmon.web.no_such_module:app", workers=2, factory=True, host="127.0.0.1", port=port, log_level="critical"
    )
    assert code == 3
