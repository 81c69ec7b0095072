"""The HTTP layer on its own: request spacing, Retry-After in both forms, and resumable downloads."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from sppmon.errors import SourceError
from sppmon.sources.http import HttpClient, HttpOptions, RateLimiter, parse_retry_after

from .fake_ted import FakeTed


def test_requests_are_spaced_to_the_ceiling() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(120, lambda: now[0], sleep)  # one request every 0.5 s
    for _ in range(5):
        limiter.wait()
    assert slept == [0.5, 0.5, 0.5, 0.5]
    assert now[0] == 2.0  # 5 requests in 2 s: never faster than 120 per minute


def test_retry_after_as_seconds_or_http_date() -> None:
    assert parse_retry_after("12") == 12.0
    now = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Wed, 01 May 2024 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Wed, 01 May 2024 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_download_resumes_after_a_break_and_reports_http_errors(tmp_path: Path) -> None:
    data = bytes(range(256)) * 4000
    with FakeTed() as fake:
        fake.packages["/packages/daily/202400001"] = data
        fake.faults.cut_downloads["/packages/daily/202400001"] = 1000
        with HttpClient(HttpOptions(retries=4), sleep=lambda s: None) as client:
            target = client.download(f"{fake.base}/packages/daily/202400001", tmp_path / "p.tar.gz")
        assert target.read_bytes() == data
        assert not (tmp_path / "p.tar.gz.part").exists()
        with HttpClient(HttpOptions(retries=2), sleep=lambda s: None) as client, pytest.raises(SourceError) as raised:
            client.download(f"{fake.base}/packages/daily/209900001", tmp_path / "absent.tar.gz")
        assert raised.value.code == "SOURCE_DOWNLOAD_FAILED" and "HTTP 404" in raised.value.message
        assert not (tmp_path / "absent.tar.gz").exists()
