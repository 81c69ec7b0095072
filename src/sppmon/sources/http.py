"""HTTP for remote sources: one pooled client with a request-rate ceiling, retries with backoff that honour
``Retry-After``, and downloads to a file that resume with a ``Range`` request after an interruption.

The rate ceiling is shared by every thread using the client (downloads run in a few threads), so the
published limit holds whatever the concurrency.
"""

from __future__ import annotations

import email.utils
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from .. import __version__
from ..errors import SourceError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_WAIT_SECONDS = 300.0  # never sleep longer than this on one Retry-After, whatever the server says


@dataclass(frozen=True, slots=True)
class HttpOptions:
    requests_per_minute: int = 300
    retries: int = 6
    timeout: float = 60.0
    backoff_base: float = 1.0  # first wait after a failure without Retry-After, doubled per attempt
    # Until the server has answered once, connection failures are retried for this long only: offline, a run
    # says so within seconds instead of after the whole backoff (sppmon sync --retry-for raises it).
    offline_seconds: float = 10.0


class RateLimiter:
    """At most ``per_minute`` request starts per rolling minute, spaced evenly (no bursts)."""

    def __init__(self, per_minute: int, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self.interval = 60.0 / per_minute
        self.clock, self.sleep = clock, sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self.clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self.sleep(start - now)


class HttpClient:
    """A thin layer over :class:`httpx.Client`; failures become :class:`SourceError` with the URL."""

    def __init__(
        self,
        options: HttpOptions | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.options = options or HttpOptions()
        self.sleep = sleep
        self.limiter = RateLimiter(self.options.requests_per_minute, clock, sleep)
        self.requests = 0  # requests sent, retries included (for reports and tests)
        self.clock = clock
        self.on_event: Callable[[str], None] = lambda message: None  # what the client does, for a terminal
        self._answered = False  # the server has answered at least once
        self._first_attempt: float | None = None
        # Connecting gets a short timeout of its own: a network that swallows packets must not cost a minute.
        timeout = httpx.Timeout(self.options.timeout, connect=min(self.options.timeout, self.options.offline_seconds))
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            headers={"User-Agent": f"sppmon/{__version__}"},
            limits=httpx.Limits(max_connections=8, max_keepalive_connections=8),
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests --------------------------------------------------------------------------------------------
    def post_json(self, url: str, body: dict[str, Any]) -> Any:
        response = self._send("POST", url, json=body)
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise SourceError("SYNC_BAD_RESPONSE", f"POST {url}: the answer is not JSON ({exc})") from None

    def get_bytes(self, url: str) -> bytes:
        return self._send("GET", url).content

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One request, retried on 429/5xx and network errors; other non-2xx statuses fail at once."""
        for attempt in range(1, self.options.retries + 1):
            self.limiter.wait()
            self.requests += 1
            if not self._answered:
                self.on_event(f"connecting to {httpx.URL(url).host} …")
            try:
                response = self._client.request(method, url, **kwargs)
            except httpx.TransportError as exc:
                self._give_up_offline(method, url, exc)
                if attempt == self.options.retries:
                    raise SourceError("SOURCE_DOWNLOAD_FAILED", f"{method} {url}: {exc!r}") from None
                self._wait_to_retry(attempt, None, type(exc).__name__)
                continue
            self._answered = True
            if response.status_code in RETRY_STATUSES and attempt < self.options.retries:
                self._wait_to_retry(attempt, response.headers.get("Retry-After"), f"HTTP {response.status_code}")
                continue
            if response.is_success:
                return response
            raise SourceError("SOURCE_DOWNLOAD_FAILED", _status_message(method, url, response, attempt))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _give_up_offline(self, method: str, url: str, exc: Exception) -> None:
        """Stop retrying a server that never answered once :attr:`HttpOptions.offline_seconds` have passed."""
        if self._answered:
            return
        now = self.clock()
        if self._first_attempt is None:
            self._first_attempt = now
        if now - self._first_attempt >= self.options.offline_seconds:
            raise SourceError(
                "SOURCE_DOWNLOAD_FAILED",
                f"{method} {url}: no answer within {self.options.offline_seconds:.0f} s ({type(exc).__name__}); "
                "offline? (sppmon sync --retry-for SECONDS waits longer)",
            ) from None

    def _wait_to_retry(self, attempt: int, retry_after: str | None, reason: str) -> None:
        wait = self._backoff(attempt, retry_after)
        if not self._answered and self._first_attempt is not None:  # never sleep past the offline deadline
            left = self._first_attempt + self.options.offline_seconds - self.clock()
            wait = max(0.0, min(wait, left))
        self.on_event(f"{reason}: retry {attempt + 1} of {self.options.retries} in {wait:.1f} s")
        self.sleep(wait)

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait before the next attempt: what the server asked for, else exponential with jitter."""
        asked = parse_retry_after(retry_after)
        if asked is not None:
            return min(asked, MAX_WAIT_SECONDS)
        base = self.options.backoff_base * 2.0 ** (attempt - 1)
        return min(base * (1 + random.random() / 2), MAX_WAIT_SECONDS)  # noqa: S311 - jitter, not secrecy

    # -- resumable download ------------------------------------------------------------------------------
    def download(self, url: str, target: Path) -> Path:
        """Download ``url`` to ``target``; bytes already in ``target.part`` are kept and the rest is
        requested with ``Range``. The file appears under its final name only when complete."""
        partial = target.with_name(target.name + ".part")
        target.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(1, self.options.retries + 1):
            try:
                if self._download_once(url, partial):
                    partial.replace(target)
                    return target
            except httpx.TransportError as exc:  # the connection broke mid-body: resume from what arrived
                if attempt == self.options.retries:
                    raise SourceError("SOURCE_DOWNLOAD_FAILED", f"GET {url}: {exc!r}") from None
            self.sleep(self._backoff(attempt, None))
        raise SourceError("SOURCE_DOWNLOAD_FAILED", f"GET {url}: incomplete after {self.options.retries} attempts")

    def _download_once(self, url: str, partial: Path) -> bool:
        """One request; True when the file is complete."""
        have = partial.stat().st_size if partial.exists() else 0
        # Identity encoding: byte offsets must be those of the file itself for Range to resume correctly.
        headers = {"Accept-Encoding": "identity", **({"Range": f"bytes={have}-"} if have else {})}
        self.limiter.wait()
        self.requests += 1
        with self._client.stream("GET", url, headers=headers) as response:
            if response.status_code == 416:  # nothing left to send: the part file is already whole
                return _complete_per_content_range(response, have)
            if response.status_code in RETRY_STATUSES:
                self.sleep(self._backoff(1, response.headers.get("Retry-After")))
                return False
            if not response.is_success:
                response.read()  # the body explains the failure (it is small: an error page)
                raise SourceError("SOURCE_DOWNLOAD_FAILED", _status_message("GET", url, response, 1))
            resumed = response.status_code == 206
            expected = _expected_size(response, have if resumed else 0)
            with partial.open("ab" if resumed else "wb") as sink:
                for chunk in response.iter_raw():  # as it arrives: a break keeps all bytes received
                    sink.write(chunk)
        size = partial.stat().st_size
        return expected is None or size >= expected


def _expected_size(response: httpx.Response, offset: int) -> int | None:
    """Full size of the resource from Content-Range (partial answers) or Content-Length (whole answers)."""
    content_range = response.headers.get("Content-Range", "")
    if "/" in content_range and not content_range.endswith("/*"):
        return int(content_range.rsplit("/", 1)[1])
    length = response.headers.get("Content-Length")
    return offset + int(length) if length and length.isdigit() else None


def _complete_per_content_range(response: httpx.Response, have: int) -> bool:
    total = response.headers.get("Content-Range", "").rpartition("/")[2]
    return not total.isdigit() or int(total) == have


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def _status_message(method: str, url: str, response: httpx.Response, attempt: int) -> str:
    body = response.text[:200].strip().replace("\n", " ") if response.content else ""
    tries = f" after {attempt} attempts" if attempt > 1 else ""
    return f"{method} {url}: HTTP {response.status_code}{tries}" + (f": {body}" if body else "")
