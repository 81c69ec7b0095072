"""TED bulk packages against the fake TED: daily and monthly (nested) packages, counts checked against the
Search API, interrupted downloads resumed with Range, broken packages refused, reruns skipping what is done."""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import tarfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pytest

from sppmon.sample import SampleGenerator
from sppmon.sources.http import HttpClient, HttpOptions
from sppmon.sources.ted_packages import PackagesReport, months, parse_month, sync_packages, verify_package
from sppmon.sources.ted_sync import TedEndpoints
from sppmon.store import Store

from .fake_ted import FakeNotice, FakeTed, fake_notice

_GAZETTE = re.compile(rb'(<efbc:GazetteID schemeName="ojs-id">)\d+/\d{4}(<)')


def _with_issue_per_day(xml: bytes) -> bytes:
    """The generator may give two days one issue number; TED gives each publication day its own issue."""
    day = fake_notice(xml).day
    from datetime import date

    issue = date(int(day[:4]), int(day[4:6]), int(day[6:])).timetuple().tm_yday
    return _GAZETTE.sub(lambda m: m.group(1) + f"{issue}/{day[:4]}".encode() + m.group(2), xml)


NOTICES = [fake_notice(_with_issue_per_day(xml)) for _, xml in SampleGenerator(5, years=(2024, 2024)).notices(220)]


def _tar_gz(members: Iterable[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as packed, tarfile.open(fileobj=packed, mode="w") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _publish(fake: FakeTed, notices: list[FakeNotice], leave_out: set[str] = frozenset()) -> dict[str, bytes]:  # type: ignore[assignment]
    """Daily packages per issue and monthly packages of daily packages, as TED lays them out."""
    by_day: dict[str, list[FakeNotice]] = defaultdict(list)
    for notice in notices:
        by_day[notice.day].append(notice)
    monthly: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
    for day, items in sorted(by_day.items()):
        issue = int(items[0].issue.split("/")[0])  # type: ignore[union-attr]
        folder = f"{day}_{issue:03d}"
        members = [
            (f"{folder}/{n.publication_number}.xml", n.xml) for n in items if n.publication_number not in leave_out
        ]
        daily = _tar_gz(members)
        fake.packages[f"/packages/daily/{day[:4]}{issue:05d}"] = daily
        monthly[f"{day[:4]}-{int(day[4:6])}"].append((f"{folder}.tar.gz", daily))
    for month, dailies in monthly.items():
        fake.packages[f"/packages/monthly/{month}"] = _tar_gz(dailies)
    return fake.packages


def _endpoints(fake: FakeTed) -> TedEndpoints:
    return TedEndpoints(
        fake.search_url,
        fake.notice_url,
        f"{fake.base}/packages/daily/{{year}}{{issue:05d}}",
        f"{fake.base}/packages/monthly/{{year}}-{{month}}",
    )


def _run(store: Store, fake: FakeTed, folder: Path, first: str, last: str, daily: bool) -> PackagesReport:
    with HttpClient(HttpOptions(requests_per_minute=100_000, retries=3), sleep=lambda s: None) as client:
        return sync_packages(
            store, parse_month(first, "--from"), parse_month(last, "--to"), daily, client, _endpoints(fake), folder
        )


def _in_months(*months: str) -> set[str]:
    return {n.publication_number for n in NOTICES if n.day[:6] in months}


def _on_a_busy_day(month: str) -> str:
    """A notice of ``month`` published on a day with others (so that its daily package is not left empty)."""
    days = defaultdict(list)
    for notice in NOTICES:
        days[notice.day].append(notice.publication_number)
    return next(numbers[0] for day, numbers in sorted(days.items()) if day.startswith(month) and len(numbers) > 1)


def _stored(store: Store) -> set[str]:
    return {row[0] for row in store.query("SELECT publication_number FROM notices")}


def test_monthly_packages_of_daily_packages(store: Store, tmp_path: Path) -> None:
    with FakeTed(NOTICES) as fake:
        packages = _publish(fake, NOTICES)
        report = _run(store, fake, tmp_path / "pkg", "2024-03", "2024-04", daily=False)
        assert (report.packages, report.mismatches, report.failed) == (2, [], [])
        assert _stored(store) == _in_months("202403", "202404")
        rows = store.query("SELECT item, status, content_sha256, notices, expected FROM sync_items ORDER BY item")
        assert [row[:2] for row in rows] == [("monthly/2024-03", "stored"), ("monthly/2024-04", "stored")]
        assert rows[0][2] == hashlib.sha256(packages["/packages/monthly/2024-3"]).hexdigest()
        assert all(row[3] == row[4] for row in rows)
        assert list((tmp_path / "pkg").iterdir()) == []  # checked and stored: nothing left on disk
        downloads = fake.requests_to("/packages/")
        again = _run(store, fake, tmp_path / "pkg", "2024-03", "2024-04", daily=False)
        assert (again.packages, again.skipped) == (0, 2)
        assert fake.requests_to("/packages/") == downloads


def test_daily_packages_one_per_issue(store: Store, tmp_path: Path) -> None:
    with FakeTed(NOTICES) as fake:
        _publish(fake, NOTICES)
        report = _run(store, fake, tmp_path, "2024-05", "2024-05", daily=True)
        days = {n.day for n in NOTICES if n.day.startswith("202405")}
        assert report.packages == len(days) and report.empty == 31 - len(days)
        assert not report.problems
        assert _stored(store) == _in_months("202405")


def test_a_package_holding_fewer_notices_than_the_search_counts_is_reported(store: Store, tmp_path: Path) -> None:
    missing = _on_a_busy_day("202406")
    with FakeTed(NOTICES) as fake:
        _publish(fake, NOTICES, leave_out={missing})
        report = _run(store, fake, tmp_path, "2024-06", "2024-06", daily=False)
        assert len(report.mismatches) == 1 and "the Search API counts" in report.mismatches[0]
        assert report.problems
        assert store.query("SELECT code FROM rejections") == [("PACKAGE_COUNT_MISMATCH",)]
        assert store.query("SELECT status FROM sync_items") == [("count-mismatch",)]
        again = _run(store, fake, tmp_path, "2024-06", "2024-06", daily=False)
        assert len(again.mismatches) == 1  # reported again on every run, never accepted silently


def test_an_interrupted_download_resumes_with_range(store: Store, tmp_path: Path) -> None:
    with FakeTed(NOTICES) as fake:
        packages = _publish(fake, NOTICES)
        path = "/packages/monthly/2024-7"
        fake.faults.cut_downloads[path] = len(packages[path]) // 3
        report = _run(store, fake, tmp_path, "2024-07", "2024-07", daily=False)
        assert not report.problems
        ranges = [headers.get("Range") or headers.get("range") for method, p, headers in fake.log if p == path]
        assert ranges[0] is None and ranges[1] == f"bytes={len(packages[path]) // 3}-"
        sha = store.query("SELECT content_sha256 FROM sync_items")[0][0]
        assert sha == hashlib.sha256(packages[path]).hexdigest()
        assert _stored(store) == _in_months("202407")


def test_a_truncated_package_is_refused_and_fetched_again_next_time(store: Store, tmp_path: Path) -> None:
    with FakeTed(NOTICES) as fake:
        packages = _publish(fake, NOTICES)
        path = "/packages/monthly/2024-8"
        whole = packages[path]
        packages[path] = whole[: len(whole) - 200]  # served complete, but the gzip stream is cut short
        report = _run(store, fake, tmp_path, "2024-08", "2024-08", daily=False)
        assert len(report.failed) == 1 and "ARCHIVE_TRUNCATED" in report.failed[0]
        assert _stored(store) == set()  # nothing from a broken package
        assert store.query("SELECT status FROM sync_items") == [("failed",)]
        packages[path] = whole
        again = _run(store, fake, tmp_path, "2024-08", "2024-08", daily=False)
        assert not again.problems and _stored(store) == _in_months("202408")


def test_verify_package(tmp_path: Path) -> None:
    data = _tar_gz([("a.xml", b"<a/>")])
    good = tmp_path / "good.tar.gz"
    good.write_bytes(data + _tar_gz([("b.xml", b"<b/>")]))  # two gzip members one after the other
    sha, size, problem = verify_package(good)
    assert problem is None and size == good.stat().st_size and sha == hashlib.sha256(good.read_bytes()).hexdigest()
    flipped = bytearray(data)
    flipped[-6] ^= 0xFF  # the CRC trailer
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(bytes(flipped))
    assert verify_package(bad)[2].code == "ARCHIVE_CORRUPT"  # type: ignore[union-attr]
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a package at all")
    assert verify_package(junk)[2].code == "ARCHIVE_CORRUPT"  # type: ignore[union-attr]


def test_month_ranges() -> None:
    assert list(months((2023, 11), (2024, 2))) == [(2023, 11), (2023, 12), (2024, 1), (2024, 2)]
    with pytest.raises(Exception, match="before"):
        list(months((2024, 2), (2024, 1)))
    with pytest.raises(Exception, match="YYYY-MM"):
        parse_month("2024-13", "--from")


def test_cli_sync_ted_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from sppmon.cli import main

    with FakeTed(NOTICES) as fake:
        _publish(fake, NOTICES, leave_out={_on_a_busy_day("202402")})
        endpoints = _endpoints(fake)
        monkeypatch.setenv("SPPMON_TED_SEARCH_URL", endpoints.search_url)
        monkeypatch.setenv("SPPMON_TED_MONTHLY_PACKAGE_URL", endpoints.monthly_package_url)
        monkeypatch.setenv("SPPMON_TED_REQUESTS_PER_MINUTE", "100000")
        db = str(tmp_path / "cli.duckdb")
        args = ["sync", "ted-packages", "--from", "2024-01", "--to", "2024-02", "--monthly", "--db", db]
        result = CliRunner().invoke(main, [*args, "--dir", str(tmp_path / "p")])
        assert result.exit_code == 1, result.output
        assert "count mismatch: monthly/2024-02" in result.output
        assert "packages 2 · already stored 0" in result.output
