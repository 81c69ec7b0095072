"""Cheap responses: compression, validators and a cache of whole responses, tied to the store's version.

* Every text response of at least :data:`MIN_SIZE` bytes (HTML, JSON, CSV, JavaScript, CSS) is compressed with
  brotli or gzip, whichever the client accepts (brotli first); bodies are compressed off the event loop.
* A GET of a page or API address that shows figures (:func:`cacheable`) gets an ``ETag`` derived from the store's
  version (its last ingest batch), the address and the language, and ``Last-Modified`` = the end of that batch;
  ``Cache-Control: no-cache`` makes browsers and proxies revalidate, which costs a ``304`` and no computation.
* The compressed body of such a response is kept (in this process, bounded in bytes, least recently used first)
  and served again without rendering until the next batch lands: the store's version is read whenever a batch
  may have landed (:class:`VersionWatch`), so a batch written by any process empties the cache before the next
  answer.
* Answers not found in the caches are computed at most :class:`FigureGate` at once per process, in order of
  arrival.
* With several worker processes on one DuckDB file, each answer is also written to a folder beside the store
  (``STORE.responses/<run>/<version>/``, one run per start of ``sppmon serve``), where the other workers find it:
  the kernel hands a browser's connection to whichever worker accepts it, often the same one for a while, so
  without this a page computed in one worker was computed again in the other. Only the current run's current
  version is kept; the folder is a cache, and any error reading or writing it only means a render.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import threading
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import anyio
from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from .. import __version__

MIN_SIZE = 1024
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")
# Addresses whose answer depends only on the store, the address and the language.
CACHEABLE_PREFIXES = (
    "/api/indicators",
    "/api/lots",
    "/api/notices",
    "/api/facets",
    "/api/quality",
    "/indicators",
    "/buyers",
    "/product-groups",
    "/lots",
    "/notices",
    "/quality",
)
CACHE_BYTES = 64 * 1024 * 1024
SHARED_BYTES = 256 * 1024 * 1024  # answers one worker writes to the shared folder per store version, at most
_VERSION_FOLDER = re.compile(r"[0-9a-f]{16}")


def cacheable(request: Request) -> bool:
    path = request.url.path
    if request.method not in ("GET", "HEAD"):
        return False
    return path == "/" or any(path == prefix or path.startswith(prefix + "/") for prefix in CACHEABLE_PREFIXES)


def accepted_encoding(request: Request) -> str | None:
    accepted = {part.split(";")[0].strip().lower() for part in request.headers.get("accept-encoding", "").split(",")}
    if "br" in accepted and _brotli() is not None:
        return "br"
    return "gzip" if "gzip" in accepted else None


def _brotli() -> Any:
    try:
        import brotli
    except ImportError:  # a dependency; without it gzip serves every browser
        return None
    return brotli


def compressed(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return bytes(_brotli().compress(body, quality=5))
    return gzip.compress(body, compresslevel=6, mtime=0)


@dataclass(frozen=True, slots=True)
class Version:
    """The store's contents: its latest batch (id and end), or nothing yet."""

    batch: object
    finished: datetime | None

    @property
    def tag(self) -> str:
        return hashlib.sha256(f"{__version__}|{self.batch}".encode()).hexdigest()[:16]


class VersionWatch:
    """The store's version for the validators of every answer, asked of the store only when it may have
    changed: ``marker`` (see ``StoreProvider.change_marker``) tells when; without one, every time. A known
    version is answered on the event loop, without a worker thread or a query (about a millisecond of CPU per
    request). The marker is taken before the version is read, so a batch landing during the read is read again."""

    def __init__(self, read: Callable[[], Version], marker: Callable[[], object] | None) -> None:
        self._read = read
        self._marker = marker
        self._last: tuple[object, Version] | None = None

    def known(self) -> Version | None:
        last = self._last
        if last is None or self._marker is None or last[0] != self._marker():
            return None
        return last[1]

    def read(self) -> Version:
        marker = self._marker() if self._marker is not None else None
        found = self._read()
        self._last = (marker, found)
        return found


@dataclass(frozen=True, slots=True)
class Stored:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


class ResponseCache:
    """Whole responses per (address, language, encoding) for one version of the store; bounded in bytes. With a
    ``folder``, shared with the other worker processes of the store through files (see the module's text)."""

    def __init__(self, limit: int = CACHE_BYTES, folder: Path | None = None) -> None:
        self._limit = limit
        self._entries: OrderedDict[tuple[str, ...], Stored] = OrderedDict()
        self._size = 0
        self._version = ""
        self._lock = threading.Lock()
        self._folder = folder
        self._written = 0
        self._pruned = ""
        self.hits = 0
        self.shared_hits = 0

    def _check(self, version: str) -> None:
        """Empty the cache when the store's version changed."""
        if version != self._version:
            self._entries.clear()
            self._size = 0
            self._version = version
            self._written = 0

    @property
    def shares(self) -> bool:
        return self._folder is not None

    def get(self, version: str, key: tuple[str, ...], disk: bool = True) -> Stored | None:
        """The kept answer: from this process's memory, else (``disk``) from the shared folder."""
        with self._lock:
            self._check(version)
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return found
        if not disk:
            return None
        self._prune(version)
        found = self._read(version, key)
        if found is not None:
            self.shared_hits += 1
            self._keep(version, key, found)
        return found

    def put(self, version: str, key: tuple[str, ...], stored: Stored) -> None:
        if len(stored.body) > self._limit // 16:
            return  # one answer never takes a large part of the cache
        self._keep(version, key, stored)
        self._write(version, key, stored)

    def _keep(self, version: str, key: tuple[str, ...], stored: Stored) -> None:
        with self._lock:
            self._check(version)
            previous = self._entries.pop(key, None)
            self._size -= len(previous.body) if previous else 0
            self._entries[key] = stored
            self._size += len(stored.body)
            while self._size > self._limit:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body)

    def _path(self, version: str, key: tuple[str, ...]) -> Path | None:
        if self._folder is None or not _VERSION_FOLDER.fullmatch(version):
            return None
        return self._folder / version / hashlib.sha256("\x1f".join(key).encode()).hexdigest()

    def _read(self, version: str, key: tuple[str, ...]) -> Stored | None:
        path = self._path(version, key)
        if path is None:
            return None
        try:
            data = path.read_bytes()
            size = int.from_bytes(data[:4], "big")
            meta = json.loads(data[4 : 4 + size])
            return Stored(int(meta["status"]), tuple((str(n), str(v)) for n, v in meta["headers"]), data[4 + size :])
        except (OSError, ValueError, KeyError, TypeError):  # absent, being replaced, or not ours: render it
            return None

    def _write(self, version: str, key: tuple[str, ...], stored: Stored) -> None:
        path = self._path(version, key)
        if path is None or self._written + len(stored.body) > SHARED_BYTES:
            return
        self._prune(version)
        meta = json.dumps({"status": stored.status, "headers": list(stored.headers)}).encode()
        partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(len(meta).to_bytes(4, "big") + meta + stored.body)
            os.replace(partial, path)  # readers see the whole answer or none
            self._written += len(stored.body)
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink()

    def _prune(self, version: str) -> None:
        """Remove the folders of earlier versions (only folders this cache names: sixteen hex digits), once per
        version and process."""
        if self._folder is None or self._pruned == version:
            return
        self._pruned = version
        with contextlib.suppress(OSError):
            for child in self._folder.iterdir():
                if child.name != version and _VERSION_FOLDER.fullmatch(child.name) and child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


_RUN = re.compile(r"[0-9a-f]{32}")


def shared_responses(store_path: str, run: str) -> Path | None:
    """The folder where the workers of one serve run share their answers (none without a run id): beside the
    store, one subfolder per run, so that answers never outlive the settings and code of the run that made them."""
    return Path(store_path + ".responses") / run if _RUN.fullmatch(run) else None


def start_serve_run(store_path: str) -> str:
    """A new run id, with the shared answers of earlier runs on this store removed (only folders named as runs)."""
    import uuid

    folder = Path(store_path + ".responses")
    with contextlib.suppress(OSError):
        for child in folder.iterdir():
            if _RUN.fullmatch(child.name) and child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
    return uuid.uuid4().hex


Next = Callable[[Request], Awaitable[Response]]


class FigureGate:
    """At most ``size`` figure answers computed at once in this process; later requests wait in order of arrival.

    Without it every request starts computing at once (up to the thread pool's 40): on a busy server they share
    the cores and the interpreter lock, each taking as long as all of them, and the slowest wait longest. In
    turn, each takes about its own time plus that of those ahead of it, and the order is kept. Answers from the
    caches and revalidations (``304``) never wait here."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
            weakref.WeakKeyDictionary()
        )

    def limiter(self) -> anyio.CapacityLimiter:
        """The limiter of the running event loop (a limiter belongs to the loop that made it)."""
        loop = asyncio.get_running_loop()
        found = self._limiters.get(loop)
        if found is None:
            found = self._limiters[loop] = anyio.CapacityLimiter(self.size)
        return found


async def deliver(
    request: Request, call_next: Next, versions: VersionWatch, cache: ResponseCache, gate: FigureGate
) -> Response:
    """The middleware's work for one request (see the module's description)."""
    if not cacheable(request):
        return await _compress(request, await call_next(request))
    version = versions.known()
    if version is None:
        version = await run_in_threadpool(versions.read)
    lang = str(getattr(request.state, "lang", ""))
    address = request.url.path + ("?" + str(request.url.query) if request.url.query else "")
    etag = f'W/"{version.tag}-{hashlib.sha256(f"{address}|{lang}".encode()).hexdigest()[:16]}"'
    validators = {"ETag": etag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding, Accept-Language, Cookie"}
    if version.finished is not None:
        validators["Last-Modified"] = format_datetime(version.finished.replace(tzinfo=UTC), usegmt=True)
    if etag in _listed(request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=validators)
    encoding = accepted_encoding(request)
    key = (address, lang, encoding or "identity")
    found = cache.get(version.tag, key, disk=False)
    if found is None and cache.shares:  # file reads off the event loop
        found = await run_in_threadpool(cache.get, version.tag, key)
    if found is not None:
        response = Response(found.body, status_code=found.status, headers=dict(found.headers))
        response.headers.update(validators)
        return response
    async with gate.limiter():
        response = await call_next(request)
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
    headers = [(name, value) for name, value in response.headers.items() if name.lower() != "content-length"]
    plain = Response(body, status_code=response.status_code, headers=dict(headers))
    result = await _compress(request, plain, encoding)
    if response.status_code == 200 and "set-cookie" not in response.headers:
        kept = tuple((name, value) for name, value in result.headers.items() if name.lower() != "content-length")
        stored = Stored(result.status_code, kept, bytes(result.body))
        if cache.shares:
            await run_in_threadpool(cache.put, version.tag, key, stored)
        else:
            cache.put(version.tag, key, stored)
    result.headers.update(validators)
    return result


async def _compress(request: Request, response: Response, encoding: str | None = None) -> Response:
    """The response with a compressed body when it is text, large enough and the client accepts it."""
    chosen = encoding if encoding is not None else accepted_encoding(request)
    media = response.headers.get("content-type", "")
    if chosen is None or "content-encoding" in response.headers or not media.startswith(COMPRESSIBLE):
        return response
    body = getattr(response, "body", None)
    if body is None:  # a streamed response: read it (bodies of these types are bounded by the app)
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
    if len(body) < MIN_SIZE:
        return _rebuilt(response, bytes(body), None)
    packed = await run_in_threadpool(compressed, bytes(body), chosen)
    return _rebuilt(response, packed, chosen)


def _rebuilt(response: Response, body: bytes, encoding: str | None) -> Response:
    headers = {
        name: value for name, value in response.headers.items() if name.lower() not in ("content-length", "set-cookie")
    }
    if encoding:
        headers["Content-Encoding"] = encoding
        vary = headers.pop("vary", "")
        headers["Vary"] = (
            vary if "accept-encoding" in vary.lower() else ", ".join(filter(None, (vary, "Accept-Encoding")))
        )
    rebuilt = Response(body, status_code=response.status_code, headers=headers)
    for name, value in response.raw_headers:  # every Set-Cookie header survives
        if name.lower() == b"set-cookie":
            rebuilt.raw_headers.append((name, value))
    return rebuilt


def _listed(header: str) -> set[str]:
    return {part.strip() for part in header.split(",") if part.strip()}


def version_reader(query: Callable[[str], list[tuple[object, ...]]]) -> Callable[[], Version]:
    """A function that reads the store's version with ``query`` (one small query)."""

    def read() -> Version:
        rows = query("SELECT MAX(batch_id), MAX(finished_at), COUNT(*) FROM batches")
        batch, finished, count = rows[0] if rows else (None, None, 0)
        return Version((batch, count), finished if isinstance(finished, datetime) else None)

    return read
