"""Recording page views: hashed visitor ids under a rotating salt, Do-Not-Track and Global Privacy Control
respected, bots left out, no raw address stored. Views are buffered and written in batches."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from ..store import Store
from ..store.columnar import arrow_table
from ..store.schema import PAGE_VIEWS
from .salt import SaltFile

# Crawlers, and the HTTP libraries and tools scripts use (no person reads a page through them).
_BOT = re.compile(
    r"bot|crawl|spider|slurp|curl|wget|python-requests|httpx|headless|monitor|preview|python-urllib|aiohttp"
    r"|go-http-client|java/|okhttp|libwww-perl|lwp::|axios|node-fetch|undici|postmanruntime|insomnia|scrapy"
    r"|apache-httpclient|guzzlehttp|httpie|powershell|restsharp|faraday|ruby|php/|dart:io|reqwest|hackney",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PageView:
    viewed_at: datetime
    visitor: str
    path: str
    lang: str | None
    source: str = "app"

    def row(self) -> tuple[object, ...]:
        return (self.viewed_at, self.visitor, self.path, self.lang, self.source)


def visitor_hash(salt: str, address: str, user_agent: str) -> str:
    """The visitor id: a hash of the salt, the client address and the user agent (the address is not kept)."""
    return hashlib.sha256(f"{salt}\x00{address}\x00{user_agent}".encode()).hexdigest()[:32]


def declines_tracking(headers: Mapping[str, str]) -> bool:
    """Do-Not-Track (``DNT: 1``) or Global Privacy Control (``Sec-GPC: 1``)."""
    return headers.get("dnt", "").strip() == "1" or headers.get("sec-gpc", "").strip() == "1"


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(_BOT.search(user_agent))


def salt_period(moment: datetime, rotation: str) -> str:
    if rotation == "day":
        return moment.strftime("%Y-%m-%d")
    if rotation == "month":
        return moment.strftime("%Y-%m")
    if rotation == "year":
        return moment.strftime("%Y")
    raise ValueError("salt rotation must be day, month or year")


def write_views(store: Store, views: list[PageView]) -> None:
    if not views:
        return
    store.begin()
    try:
        store.bulk_insert(PAGE_VIEWS.name, arrow_table(PAGE_VIEWS, [view.row() for view in views]))
        store.commit()
    except Exception:
        store.rollback()
        raise


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class UsageRecorder:
    """Thread-safe page-view recorder. ``store_factory`` gives the store to write to (called from whichever
    thread flushes). Views are written when ``batch`` are buffered, when :meth:`flush` is called (the app
    calls it periodically and on shutdown), and never hold a raw address."""

    def __init__(
        self,
        store_factory: Callable[[], Store],
        rotation: str = "month",
        batch: int = 200,
        clock: Callable[[], datetime] = _utcnow,
        salts: SaltFile | None = None,
    ) -> None:
        salt_period(datetime(2000, 1, 1), rotation)  # validates the rotation
        self._store_factory = store_factory
        self._rotation = rotation
        self._batch = batch
        self._clock = clock
        self._lock = threading.Lock()
        self._buffer: list[PageView] = []
        self._salt: tuple[str, str] | None = None  # (period, salt)
        self._salts = salts or SaltFile()  # apart from the store that holds the hashes (usage/salt.py)

    def _salt_now(self, now: datetime) -> str:
        period = salt_period(now, self._rotation)
        if self._salt is None or self._salt[0] != period:
            self._salt = (period, self._salts.salt_for(period))
        return self._salt[1]

    def record(self, path: str, lang: str | None, address: str, headers: Mapping[str, str]) -> bool:
        """Record one page view; returns whether it was recorded (not when tracking is declined or a bot)."""
        user_agent = headers.get("user-agent", "")
        if declines_tracking(headers) or is_bot(user_agent):
            return False
        now = self._clock()
        with self._lock:
            visitor = visitor_hash(self._salt_now(now), address, user_agent)
            self._buffer.append(PageView(now, visitor, path[:300], lang))
            full = len(self._buffer) >= self._batch
        if full:
            self.flush()
        return True

    def flush(self) -> int:
        with self._lock:
            views, self._buffer = self._buffer, []
            if views:
                write_views(self._store_factory(), views)
        return len(views)
