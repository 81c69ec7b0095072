"""``sync ted-packages``: TED bulk packages (daily OJ S issues or months) downloaded, verified and ingested.

Per package: the Search API says how many notices it should hold (and, for a day, which OJ S issue it is);
the package is downloaded into the package folder (an interrupted download resumes with ``Range``); the whole
gzip stream is checked (length and CRC) while its SHA-256 is computed; its notices are streamed into the store
(nested archives are opened in place, nothing is unpacked to disk); and the number of notices found is
compared with the Search API's count. A difference is recorded (status ``count-mismatch`` and a
``PACKAGE_COUNT_MISMATCH`` rejection) and reported on every run until it is resolved: never silently accepted.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ..errors import CatalogedError, ConfigError, SourceError
from ..pipeline import PipelineOptions, ingest_items
from ..store import BatchCounts, Rejection, Store
from .files import iter_file
from .http import HttpClient
from .sync_state import SyncItem, finish_run, item_record, known_items, record_items, start_run
from .ted_search import count_notices, day_query, period_query
from .ted_sync import TedEndpoints

SOURCE = "ted-packages"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Package:
    kind: str  # "daily" or "monthly"
    item: str  # "daily/2024-00003" or "monthly/2024-01": the key in sync_items
    url: str
    period: str  # "2024-01-03" or "2024-01"
    expected: int  # notices the Search API counts for the issue or month

    @property
    def file_name(self) -> str:
        return self.item.replace("/", "-") + ".tar.gz"


@dataclass
class PackagesReport:
    packages: int = 0  # packages downloaded and ingested in this run
    skipped: int = 0  # already ingested with a matching count by an earlier run
    empty: int = 0  # days or months the Search API counts no notice for (no package published)
    failed: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    counts: BatchCounts = field(default_factory=BatchCounts)
    requests: int = 0

    @property
    def problems(self) -> bool:
        return bool(self.failed or self.mismatches or self.counts.rejected)


def parse_month(value: str, option: str) -> tuple[int, int]:
    match = _MONTH.match(value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ConfigError(f"{option} {value!r}: expected a month as YYYY-MM")
    return int(match.group(1)), int(match.group(2))


def months(first: tuple[int, int], last: tuple[int, int]) -> Iterator[tuple[int, int]]:
    if last < first:
        raise ConfigError(f"--to {last[0]}-{last[1]:02d} is before --from {first[0]}-{first[1]:02d}")
    year, month = first
    while (year, month) <= last:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def plan(
    client: HttpClient, endpoints: TedEndpoints, first: tuple[int, int], last: tuple[int, int], daily: bool
) -> Iterator[Package | date | str]:
    """Packages in order, each with the Search API's count; a ``date`` or month string for empty periods."""
    for year, month in months(first, last):
        last_day = calendar.monthrange(year, month)[1]
        if not daily:
            period = f"{year}-{month:02d}"
            count = count_notices(
                client, endpoints.search_url, period_query(date(year, month, 1), date(year, month, last_day))
            )
            if count.total == 0:
                yield period
                continue
            url = endpoints.monthly_package_url.format(year=year, month=month)
            yield Package("monthly", f"monthly/{period}", url, period, count.total)
            continue
        day = date(year, month, 1)
        while day.month == month:
            count = count_notices(client, endpoints.search_url, day_query(day))
            if count.total == 0:
                yield day
            elif count.issue is None:
                raise SourceError("SYNC_BAD_RESPONSE", f"no OJ S issue number (ojs-number) for {day.isoformat()}")
            else:
                url = endpoints.daily_package_url.format(year=year, issue=count.issue, date=day.strftime("%Y%m%d"))
                yield Package("daily", f"daily/{year}-{count.issue:05d}", url, day.isoformat(), count.total)
            day += timedelta(days=1)


def verify_package(path: Path) -> tuple[str, int, CatalogedError | None]:
    """SHA-256 and size of the file, and what is wrong with its gzip stream(s) if anything (read once)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        head = handle.read(2)
        handle.seek(0)
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if head == _GZIP_MAGIC else None
        error: CatalogedError | None = None
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if inflater is None or error is not None:
                continue
            try:
                inflater = _inflate(inflater, chunk)
            except zlib.error as exc:
                error = CatalogedError("ARCHIVE_CORRUPT", f"{path.name}: {exc}")
    if inflater is not None and error is None and not inflater.eof:
        error = CatalogedError("ARCHIVE_TRUNCATED", f"{path.name}: the gzip stream ends early ({size:,} bytes)")
    if head != _GZIP_MAGIC and error is None and not _is_tar(path):
        error = CatalogedError("ARCHIVE_CORRUPT", f"{path.name}: neither a gzip stream nor a tar archive")
    return digest.hexdigest(), size, error


def _inflate(inflater: zlib._Decompress, chunk: bytes) -> zlib._Decompress:
    """Feed ``chunk``; a gzip file may hold several members one after the other."""
    while chunk:
        inflater.decompress(chunk)
        chunk = inflater.unused_data
        if inflater.eof and chunk:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    return inflater


def _is_tar(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(265)[257:262] == b"ustar"


PackageProgress = Callable[[Package, PackagesReport], None]


def sync_packages(
    store: Store,
    first: tuple[int, int],
    last: tuple[int, int],
    daily: bool,
    client: HttpClient,
    endpoints: TedEndpoints,
    folder: Path,
    options: PipelineOptions | None = None,
    progress: PackageProgress | None = None,
) -> PackagesReport:
    options = options or PipelineOptions()
    report = PackagesReport()
    done = known_items(store, SOURCE)
    run_id = start_run(
        store, SOURCE, f"{'daily' if daily else 'monthly'} {first[0]}-{first[1]:02d}..{last[0]}-{last[1]:02d}"
    )
    status, message = "failed", None
    try:
        for package in plan(client, endpoints, first, last, daily):
            if not isinstance(package, Package):
                report.empty += 1
                continue
            previous = item_record(store, SOURCE, package.item) if package.item in done else None
            if previous is not None and previous.notices == package.expected:
                report.skipped += 1
                continue
            _sync_package(store, package, client, folder, options, report, run_id)
            if progress is not None:
                progress(package, report)
        status = "complete" if not report.problems else "complete with problems"
    except CatalogedError as exc:
        message = str(exc)
        raise
    except BaseException:
        status, message = "interrupted", "stopped before the end; the next run resumes"
        raise
    finally:
        report.requests = client.requests
        finish_run(store, run_id, status, None, report.packages, report.skipped, message)
    return report


def _sync_package(
    store: Store,
    package: Package,
    client: HttpClient,
    folder: Path,
    options: PipelineOptions,
    report: PackagesReport,
    run_id: int,
) -> None:
    path = folder / package.file_name
    try:
        client.download(package.url, path)
    except SourceError as exc:
        _failed(store, package, report, run_id, exc, None, None)
        return
    sha, size, problem = verify_package(path)
    if problem is not None:
        path.unlink()  # a complete but broken file cannot be resumed: fetch it anew next time
        _failed(store, package, report, run_id, problem, sha, size)
        return
    items = iter_file(path, options.limits, origin=package.url)
    ingested = ingest_items(items, store, options, label=f"sync {package.item}")
    counts = ingested.counts
    found = counts.read - sum(n for code, n in counts.rejected_by_code.items() if code.startswith("ARCHIVE_"))
    report.packages += 1
    report.counts.add(counts)
    record = SyncItem(SOURCE, package.item, "stored", package.url, package.period, sha, size, found, package.expected)
    if found != package.expected:
        text = f"{package.item}: the package holds {found:,} notices, the Search API counts {package.expected:,}"
        report.mismatches.append(text)
        store.write_batch([], [Rejection(package.url, "PACKAGE_COUNT_MISMATCH", text, sha)], label="sync packages")
        record = SyncItem(
            SOURCE,
            package.item,
            "count-mismatch",
            package.url,
            package.period,
            sha,
            size,
            found,
            package.expected,
            text,
        )
    else:
        path.unlink()  # ingested and checked: the store holds it now
    record_items(store, [record], run_id)


def _failed(
    store: Store,
    package: Package,
    report: PackagesReport,
    run_id: int,
    problem: CatalogedError,
    sha: str | None,
    size: int | None,
) -> None:
    report.failed.append(f"{package.item}: {problem}")
    store.write_batch([], [Rejection(package.url, problem.code, problem.message, sha)], label="sync packages")
    record_items(
        store,
        [
            SyncItem(
                SOURCE,
                package.item,
                "failed",
                package.url,
                package.period,
                sha,
                size,
                None,
                package.expected,
                str(problem),
            )
        ],
        run_id,
    )
