"""Syncs from TED started by an administrator (``POST /api/admin/sync`` and the ``/admin`` page).

The server process owns the store (a DuckDB file admits one process), so a sync runs in a thread of that
process rather than as ``sppmon sync`` beside it. One sync runs at a time: two would fetch the same notices
and compete for the store's writes. Jobs live in memory, per server process; the store keeps its own record
of every run (``sync_runs``), so a job forgotten at a restart is not a sync forgotten.

A request is checked completely before anything starts (422 ``SYNC_REQUEST_INVALID``); the criteria are built
by the same library code as the ``sppmon sync`` options. No request value reaches a file path: packages are
downloaded into ``SPPMON_PACKAGE_DIR``.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request

from .. import settings
from ..errors import CatalogedError, ConfigError
from ..pipeline import PipelineOptions
from ..sources.http import HttpClient
from ..sources.ted_packages import PackagesReport, months, parse_month, sync_packages
from ..sources.ted_search import SearchCriteria, expert_query
from ..sources.ted_sync import SyncReport, TedEndpoints, http_options_from_settings, sync_ted
from ..store import BatchCounts, Store
from .db import StoreProvider
from .i18n import translate
from .uploads import body_limited

LOG = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024  # a sync request is a handful of short fields
MAX_TEXT = 200
MAX_LIST = 100
KEEP_JOBS = 20
MAX_MONTHS = 36
FIELDS = {
    "ted": {"source", "country", "since", "until", "cpv", "notice_type", "query"},
    "ted-packages": {"source", "from", "to", "monthly"},
}


@dataclass(frozen=True, slots=True)
class TedRequest:
    criteria: SearchCriteria

    def describe(self) -> dict[str, Any]:
        return {"source": "ted", "query": expert_query(self.criteria)}


@dataclass(frozen=True, slots=True)
class PackagesRequest:
    first: tuple[int, int]
    last: tuple[int, int]
    daily: bool

    def describe(self) -> dict[str, Any]:
        return {
            "source": "ted-packages",
            "from": f"{self.first[0]}-{self.first[1]:02d}",
            "to": f"{self.last[0]}-{self.last[1]:02d}",
            "monthly": not self.daily,
        }


SyncRequest = TedRequest | PackagesRequest


class SyncRequestInvalid(CatalogedError):
    """``SYNC_REQUEST_INVALID`` with its message from the catalogue, so that a page says it in its language."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__("SYNC_REQUEST_INVALID", translate(key, "en", **values))
        self.key = key
        self.values = values

    def message_in(self, lang: str) -> str:
        return translate(self.key, lang, **self.values)


def invalid(key: str, **values: object) -> SyncRequestInvalid:
    return SyncRequestInvalid(f"sync.invalid.{key}", **values)


def parse_request(body: object) -> SyncRequest:
    """The sync that ``body`` (the decoded JSON request) asks for, or ``SYNC_REQUEST_INVALID``."""
    if not isinstance(body, Mapping):
        raise invalid("object")
    source = body.get("source")
    if not isinstance(source, str) or source not in FIELDS:
        raise invalid("source", source=repr(source), known=", ".join(sorted(FIELDS)))
    unknown = sorted(set(body) - FIELDS[source])
    if unknown:  # a misspelt field would otherwise widen the sync silently
        raise invalid("unknown_fields", source=source, fields=", ".join(map(str, unknown)))
    try:
        return _ted_request(body) if source == "ted" else _packages_request(body)
    except ConfigError as exc:  # the library's own checks of the values, worded as for the command
        raise invalid("value", message=str(exc)) from None


def _ted_request(body: Mapping[str, Any]) -> TedRequest:
    criteria = SearchCriteria.from_options(
        _texts(body, "country"),
        _text(body, "since"),
        _text(body, "until"),
        _texts(body, "cpv"),
        _texts(body, "notice_type"),
        _text(body, "query"),
    )
    expert_query(criteria)  # checks every value, and that the search is restricted at all
    return TedRequest(criteria)


def _packages_request(body: Mapping[str, Any]) -> PackagesRequest:
    first = parse_month(_required(body, "from"), "from")
    last = parse_month(_required(body, "to"), "to")
    next(months(first, last))  # refuses a range that ends before it starts
    today = date.today()
    if last > (today.year, today.month):
        raise invalid("future")
    span = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    if span > MAX_MONTHS:  # a server thread that only a restart could stop must not run for days
        raise invalid("span", span=span, most=MAX_MONTHS)
    monthly = body.get("monthly", False)
    if not isinstance(monthly, bool):
        raise invalid("monthly", value=repr(monthly))
    return PackagesRequest(first, last, not monthly)


def _text(body: Mapping[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise invalid("text", name=name, most=MAX_TEXT)
    return value.strip()


def _required(body: Mapping[str, Any], name: str) -> str:
    value = _text(body, name)
    if not value:
        raise invalid("required", name=name)
    return value


def _texts(body: Mapping[str, Any], name: str) -> tuple[str, ...]:
    """A list of texts; one text alone is accepted as a list of one."""
    value = body.get(name)
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or len(values) > MAX_LIST:
        raise invalid("list", name=name, most=MAX_LIST)
    return tuple(_text({name: item}, name) or "" for item in values)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass
class SyncJob:
    id: str
    request: SyncRequest
    status: str = "running"  # then "complete" or "failed"
    started: datetime = field(default_factory=_now)
    finished: datetime | None = None
    counts: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    error: dict[str, str | None] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "request": self.request.describe(),
            "started": self.started.isoformat(),
            "finished": self.finished.isoformat() if self.finished else None,
            "counts": dict(self.counts),
            "problems": list(self.problems),
            "error": self.error,
        }


class SyncBusyError(CatalogedError):
    """Another sync still runs (answered with 409, not the 422 of other catalogued errors)."""

    def __init__(self, running: SyncJob) -> None:
        super().__init__("SYNC_ALREADY_RUNNING", f"sync {running.id} is still running; start the next one later")
        self.running = running


class SyncStoppedError(Exception):
    """Raised in the sync thread when the server shuts down; the store records the run as interrupted."""


class SyncJobs:
    """The syncs started by this server process: at most one running, the last few remembered."""

    def __init__(self, provider: StoreProvider, on_change: Callable[[], None]) -> None:
        self._provider = provider
        self._on_change = on_change
        self._jobs: OrderedDict[str, SyncJob] = OrderedDict()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, request: SyncRequest) -> SyncJob:
        with self._lock:
            running = self._running()
            if running is not None:
                raise SyncBusyError(running)
            job = SyncJob(secrets.token_hex(8), request)
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
            self._thread = threading.Thread(target=self._run, args=(job,), name="sppmon-sync", daemon=True)
            self._thread.start()
        return job

    def get(self, job_id: str) -> SyncJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def last(self) -> SyncJob | None:
        with self._lock:
            return next(reversed(self._jobs.values()), None)

    def stop(self, timeout: float) -> bool:
        """Ask a running sync to stop at its next step; True when none runs any more."""
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        if thread is None or not thread.is_alive():
            self._stop.clear()  # the app may be started again (tests do)
            return True
        return False

    def _running(self) -> SyncJob | None:
        return next((job for job in self._jobs.values() if job.status == "running"), None)

    def _run(self, job: SyncJob) -> None:
        status = "failed"
        error: dict[str, str | None] | None = None
        try:
            run_sync(self._provider.writer(), job, self._stop)
            status = "complete"
        except CatalogedError as exc:
            error = {"code": exc.code, "message": exc.message}
        except SyncStoppedError:
            error = {"code": None, "message": "stopped: the server shut down; the next sync resumes"}
        except Exception as exc:  # anything else is a bug or an outage; the administrator sees what it was
            LOG.exception("sync %s failed", job.id)
            error = {"code": None, "message": f"{type(exc).__name__}: {exc}"}
        finally:
            try:
                self._provider.release()  # the thread ends: its store would otherwise stay open until shutdown
                self._on_change()
            finally:  # even when shutdown closed the stores under this thread, the job must not stay "running"
                job.finished, job.error = _now(), error
                job.status = status  # last: whoever sees the job ended sees its counts, error and fresh figures


def run_sync(store: Store, job: SyncJob, stop: threading.Event) -> None:
    """Run the job's sync with the settings of ``sppmon sync``, publishing counts as it goes."""
    options = PipelineOptions.from_settings()
    endpoints = TedEndpoints.from_settings()
    request = job.request
    with HttpClient(http_options_from_settings()) as client:
        if isinstance(request, TedRequest):

            def ted_progress(report: SyncReport) -> None:
                job.counts = ted_counts(report)
                if stop.is_set():
                    raise SyncStoppedError

            report = sync_ted(store, request.criteria, client, endpoints, options, ted_progress)
            job.counts = ted_counts(report)
            return

        def package_progress(_: object, packages: PackagesReport) -> None:
            job.counts, job.problems = package_counts(packages), packages.failed + packages.mismatches
            if stop.is_set():
                raise SyncStoppedError

        folder = Path(str(settings.get("package_dir")))
        result = sync_packages(
            store, request.first, request.last, request.daily, client, endpoints, folder, options, package_progress
        )
        job.counts, job.problems = package_counts(result), result.failed + result.mismatches


def _batch_counts(counts: BatchCounts) -> dict[str, Any]:
    return {
        "read": counts.read,
        "stored": counts.stored,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
        "superseded": counts.superseded,
        "rejected": counts.rejected,
        "rejected_by_code": dict(counts.rejected_by_code),
        "out_of_scope": counts.out_of_scope,
    }


def ted_counts(report: SyncReport) -> dict[str, Any]:
    return {
        "total": report.total,
        "fetched": report.fetched,
        "skipped": report.skipped,
        "failed_downloads": report.failed_downloads,
        **_batch_counts(report.counts),
    }


def package_counts(report: PackagesReport) -> dict[str, Any]:
    return {
        "packages": report.packages,
        "skipped": report.skipped,
        "empty": report.empty,
        "failed": len(report.failed),
        "mismatches": len(report.mismatches),
        **_batch_counts(report.counts),
    }


def jobs_of(request: Request) -> SyncJobs:
    jobs: SyncJobs = request.app.state.sync_jobs
    return jobs


async def json_body(request: Request) -> object:
    """The decoded JSON body, read up to :data:`MAX_BODY_BYTES` (413 beyond, before the rest is read)."""
    data = await body_limited(request, MAX_BODY_BYTES, allow_empty=True)
    try:
        return json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise invalid("json", error=str(exc)) from None
