"""``sync ted``: page through a Search API query, download the XML of each notice not yet fetched, ingest it.

Incremental: each notice fetched is recorded in ``sync_items`` (source ``ted-search``) once the batch holding it
is committed, so a second run, or a run after an interruption, downloads only what is missing. Downloads of a
page run in a few threads (within the request-rate ceiling) while the notices already downloaded are parsed.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial

from .. import settings
from ..errors import CatalogedError, SppmonError
from ..pipeline import PipelineOptions, ingest_items
from ..store import BatchCounts, Store
from .files import Item
from .http import HttpClient, HttpOptions
from .sync_state import SyncItem, finish_run, known_items, record_items, start_run
from .ted_search import MAX_PAGE_SIZE, SearchCriteria, SearchHit, SearchPager, expert_query

SOURCE = "ted-search"
DOWNLOAD_THREADS = 4
GROUP_SIZE = 1000  # notices per ingest call (and per sync_items record): bounded memory, few transactions
Pending = tuple[SearchHit, "Future[Item]"]


@dataclass(frozen=True, slots=True)
class TedEndpoints:
    search_url: str
    notice_url: str
    daily_package_url: str
    monthly_package_url: str

    @classmethod
    def from_settings(cls) -> TedEndpoints:
        return cls(
            str(settings.get("ted_search_url")),
            str(settings.get("ted_notice_url")),
            str(settings.get("ted_daily_package_url")),
            str(settings.get("ted_monthly_package_url")),
        )


def http_options_from_settings(offline_seconds: float | None = None) -> HttpOptions:
    """The HTTP options of the settings; ``offline_seconds`` (sppmon sync --retry-for) keeps the default else."""
    extra = {} if offline_seconds is None else {"offline_seconds": offline_seconds}
    return HttpOptions(
        requests_per_minute=int(settings.get("ted_requests_per_minute")),
        retries=int(settings.get("http_retries")),
        timeout=float(settings.get("http_timeout")),
        **extra,
    )


@dataclass
class SyncReport:
    query: str
    total: int | None = None
    fetched: int = 0  # notices downloaded in this run
    skipped: int = 0  # notices already fetched by an earlier run
    failed_downloads: int = 0
    requests: int = 0
    seconds: float = 0.0
    counts: BatchCounts = field(default_factory=BatchCounts)


SyncProgress = Callable[[SyncReport], None]


def sync_ted(
    store: Store,
    criteria: SearchCriteria,
    client: HttpClient,
    endpoints: TedEndpoints,
    options: PipelineOptions | None = None,
    progress: SyncProgress | None = None,
    page_size: int = MAX_PAGE_SIZE,
    group_size: int = GROUP_SIZE,
) -> SyncReport:
    """Bring the store up to date with the Search API results for ``criteria``.

    Notices are ingested in groups of about ``group_size``; while one group is parsed and stored, the next
    one is being searched and downloaded.
    """
    options = options or PipelineOptions()
    report = SyncReport(expert_query(criteria))
    started = time.perf_counter()
    known = known_items(store, SOURCE)
    run_id = start_run(store, SOURCE, report.query)
    pager = SearchPager(client, endpoints.search_url, report.query, endpoints.notice_url, page_size)
    status, message = "failed", None
    try:
        with ThreadPoolExecutor(DOWNLOAD_THREADS, thread_name_prefix="sppmon-download") as pool:
            download = partial(_download, client, options.limits.max_bytes)

            def groups() -> Iterator[list[Pending]]:
                group: list[Pending] = []
                for hits in pager.pages():
                    report.total = pager.total
                    new = [hit for hit in hits if hit.publication_number not in known]
                    report.skipped += len(hits) - len(new)
                    group.extend((hit, pool.submit(download, hit)) for hit in new)
                    if len(group) >= group_size:
                        yield group
                        group = []
                if group:
                    yield group

            upcoming = groups()
            current = next(upcoming, None)
            while current is not None:
                following = next(upcoming, None)  # its downloads run while ``current`` is ingested
                _ingest_group(store, current, options, report, run_id)
                if progress is not None:
                    progress(report)
                current = following
        report.total = pager.total
        status = "complete"
    except SppmonError as exc:
        message = str(exc)
        raise
    except BaseException:
        status, message = "interrupted", "stopped before the end; the next run resumes"
        raise
    finally:
        report.requests = client.requests
        report.seconds = time.perf_counter() - started
        finish_run(store, run_id, status, pager.total, report.fetched, report.skipped, message)
    return report


def _download(client: HttpClient, max_bytes: int, hit: SearchHit) -> Item:
    try:
        data = client.get_bytes(hit.xml_url)
    except CatalogedError as exc:
        return Item(hit.xml_url, error=CatalogedError("SOURCE_DOWNLOAD_FAILED", exc.message))
    if len(data) > max_bytes:
        return Item(hit.xml_url, error=CatalogedError("XML_TOO_LARGE", f"{len(data):,} bytes"))
    return Item(hit.xml_url, data=data)


def _ingest_group(
    store: Store, group: list[Pending], options: PipelineOptions, report: SyncReport, run_id: int
) -> None:
    fetched: list[SyncItem] = []

    def items() -> Iterator[Item]:
        for hit, future in group:
            item = future.result()
            if item.data is not None:
                fetched.append(
                    SyncItem(
                        SOURCE,
                        hit.publication_number,
                        "stored",
                        url=hit.xml_url,
                        period=(hit.publication_date or "")[:10] or None,
                        content_sha256=hashlib.sha256(item.data).hexdigest(),
                        bytes=len(item.data),
                    )
                )
            elif item.error is not None and item.error.code == "SOURCE_DOWNLOAD_FAILED":
                report.failed_downloads += 1
            yield item

    ingested = ingest_items(items(), store, options, label="sync ted")
    # Only now are the notices committed: record them so that later runs skip them.
    record_items(store, fetched, run_id)
    report.fetched += len(fetched)
    report.counts.add(ingested.counts)
