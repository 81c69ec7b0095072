"""`sync` offline: it says what it is doing (connecting, retry n of m, the wait) and gives up within the offline
time (10 s by default, `--retry-for` to wait longer) instead of going through the whole backoff."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from sppmon.cli import main
from sppmon.errors import SourceError
from sppmon.sources.http import HttpClient, HttpOptions


def _refusing(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def test_an_unreachable_server_is_given_up_after_the_offline_time() -> None:
    now = [0.0]
    events: list[str] = []

    def sleep(seconds: float) -> None:
        now[0] += seconds + 0.01  # each attempt costs a little time too

    client = HttpClient(
        HttpOptions(retries=6, backoff_base=4.0, offline_seconds=10.0),
        sleep=sleep,
        clock=lambda: now[0],
        transport=httpx.MockTransport(_refusing),
    )
    client.on_event = events.append
    with client, pytest.raises(SourceError, match="no answer within 10 s") as caught:
        client.get_bytes("https://search.example/v3/notices")
    assert caught.value.code == "SOURCE_DOWNLOAD_FAILED"
    assert now[0] <= 10.5  # the 4 + 8 + 16 + ... s backoff is cut at the offline time
    assert events[0] == "connecting to search.example …"
    assert any(event.startswith("ConnectError: retry 2 of 6 in ") for event in events)


def test_a_server_that_answered_once_gets_every_retry() -> None:
    calls = [0]

    def flaky(request: httpx.Request) -> httpx.Response:
        calls[0] += 1
        return httpx.Response(200 if calls[0] == 1 else 503)

    with HttpClient(
        HttpOptions(retries=3, offline_seconds=0.001), sleep=lambda s: None, transport=httpx.MockTransport(flaky)
    ) as client:
        client.get_bytes("https://search.example/a")
        with pytest.raises(SourceError, match="503"):
            client.get_bytes("https://search.example/b")
    assert calls[0] == 4  # the second URL got its three attempts


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_sync_offline_ends_with_one_line_within_seconds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPPMON_TED_SEARCH_URL", f"http://127.0.0.1:{_closed_port()}/v3/notices/search")
    started = time.monotonic()
    result = CliRunner().invoke(
        main,
        [
            "sync",
            "ted",
            "--country",
            "BEL",
            "--since",
            "2024-01-01",
            "--db",
            str(tmp_path / "s.duckdb"),
            "--retry-for",
            "2",
            "--no-progress",
        ],
    )
    assert time.monotonic() - started < 15
    assert result.exit_code == 3, result.output
    assert "SOURCE_DOWNLOAD_FAILED" in result.stderr and "no answer within 2 s" in result.stderr
    assert "Traceback" not in result.output
