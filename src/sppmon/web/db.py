"""The web app's access to the store: one owner of the database (or, when several worker processes serve it,
the shared access of :mod:`.shared`), a store per worker thread, and a small cache of computed figures that is
emptied whenever the store's contents change (a new ingest batch).

DuckDB allows one process to own a database file: the app opens it once and gives each worker thread its own
cursor on that connection (cursors of one connection may run in parallel threads). Server backends get one
connection per thread.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any, TypeVar

from ..store import Store, open_store
from ..store.base import batch_writes
from ..store.duckdb_store import DuckDBStore
from .shared import GatedReader, GatedWriter, PooledPostgres, PooledReader, SharedDuckDB, read_threads

T = TypeVar("T")


class _CursorStore(DuckDBStore):
    """A DuckDB store that shares the database of its owner through a cursor of the owner's connection."""

    def __init__(self, owner: DuckDBStore) -> None:
        Store.__init__(self, owner.read_only)
        self.path = owner.path
        self.url = owner.url
        self.connection = owner.connection.cursor()
        self._memory = self._threads = ""  # as DuckDBStore.__init__ leaves them
        self._lookup = None

    def _set_threads(self, threads: str) -> None:
        """DuckDB's threads are the database's, shared with the readers: they keep the web app's setting
        (``SPPMON_WEB_DUCKDB_THREADS``, one by default, as an ingest's writes)."""


class StoreProvider:
    """The stores of this process. Alone (one process): one owner of the store, a store per thread (a cursor of
    the owner's connection on DuckDB, a connection on PostgreSQL). One worker among several (``shared``): on
    DuckDB the file opened read-only through the gate, with :meth:`writer` as the one writer path; on
    PostgreSQL a bounded pool of read connections, writers on connections of their own."""

    def __init__(
        self,
        url: str | None,
        read_only: bool = False,
        shared: bool = False,
        pool_size: int = 4,
        on_reopen: Callable[[], None] = lambda: None,
    ) -> None:
        from .. import settings

        self.url = str(settings.get("db", url))
        self.read_only = read_only
        self._local = threading.local()
        self._stores: list[Store] = []
        self._lock = threading.Lock()
        self.owner: Store | None = None
        self.shared: SharedDuckDB | None = None
        self.pooled: PooledPostgres | None = None
        self._writer: GatedWriter | None = None
        postgres = self.url.startswith(("postgresql://", "postgres://"))
        if shared and postgres:
            self.pooled = PooledPostgres(self.url, pool_size)
        elif shared:
            self.shared = SharedDuckDB(self.url.removeprefix("duckdb://"), on_reopen)
            self._writer = GatedWriter(self.shared, self.get)
        else:
            self.owner = open_store(url, read_only=read_only)
            if isinstance(self.owner, DuckDBStore):  # the threads of its cursors: the pages' and the uploads'
                self.owner.execute(read_threads())

    @property
    def mode(self) -> str:
        return "pool" if self.pooled else "gate" if self.shared else "owner"

    def change_marker(self) -> Callable[[], object] | None:
        """A cheap function whose value changes whenever the store's batches may have changed, or None where
        another process may write unseen (PostgreSQL): the version must then be asked every time. A DuckDB file
        is written only by the processes that serve it: by this one (its count of batch writes), or by another
        worker in a write window, after which this worker reopens the file (a new generation; while the file
        is closed for a writer, the marker is new at every call)."""
        if self.owner is not None and isinstance(self.owner, DuckDBStore):
            return batch_writes
        shared = self.shared
        if shared is None:
            return None

        def marker() -> object:
            generation, opened = shared.generation, shared.is_open()
            return (batch_writes(), generation) if opened else object()

        return marker

    def get(self) -> Store:
        """The store of the calling thread (for reading; and for writing when this process owns the store)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = self._new_reader()
            self._local.store = store
            with self._lock:
                self._stores.append(store)
        return store

    def _new_reader(self) -> Store:
        if self.shared is not None:
            return GatedReader(self.shared)
        if self.pooled is not None:
            return PooledReader(self.pooled)
        assert self.owner is not None
        if isinstance(self.owner, DuckDBStore):
            return _CursorStore(self.owner)
        return open_store(self.url, read_only=self.owner.read_only)

    def writer(self) -> Store:
        """The store to write with: the one writer path (uploads, syncs, usage statistics)."""
        if self.read_only:
            from ..errors import StoreError

            raise StoreError("the store is open read-only: nothing is written")
        if self._writer is not None:
            return self._writer
        if self.pooled is not None:
            store: Store | None = getattr(self._local, "writer", None)
            if store is None:
                store = open_store(self.url)
                self._local.writer = store
                with self._lock:
                    self._stores.append(store)
            return store
        return self.get()

    def release(self) -> None:
        """Close the calling thread's stores: for threads that end before the app does (a sync's)."""
        for name in ("store", "writer"):
            store: Store | None = getattr(self._local, name, None)
            if store is None:
                continue
            setattr(self._local, name, None)
            with self._lock:
                if store not in self._stores:  # closed already by close() at shutdown
                    continue
                self._stores.remove(store)
            with contextlib.suppress(Exception):
                store.close()

    def interrupt(self) -> None:
        """Interrupt the queries still running in any thread (e.g. the start-up warm-up) before closing."""
        if self.shared is not None:
            self.shared.interrupt()
        with self._lock:
            for store in self._stores:
                connection = getattr(store, "connection", None)
                if connection is not None:
                    with contextlib.suppress(Exception):
                        connection.interrupt()

    def close(self) -> None:
        with self._lock:
            for store in self._stores:
                with contextlib.suppress(Exception):  # a cursor whose thread has ended or was interrupted
                    store.close()
            self._stores.clear()
        if self.owner is not None:
            self.owner.close()
        if self.shared is not None:
            self.shared.close()
        if self.pooled is not None:
            self.pooled.close()


class FigureCache:
    """Least-recently-used cache of computed figures, keyed by a description of the computation and valid for
    one version of the store's contents (the latest ingest batch, checked at most once a second)."""

    def __init__(self, provider: StoreProvider, size: int = 1024, recheck_seconds: float = 1.0) -> None:
        self._provider = provider
        self._size = size
        self._recheck = recheck_seconds
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._version: object = None
        self._checked = 0.0
        self._pending: dict[tuple[object, Hashable], Future[Any]] = {}
        self._kept: set[Hashable] = set()  # keys never evicted (inputs that many figures share)
        self.hits = 0
        self.misses = 0
        self.shared = 0  # asks answered by another thread's computation of the same figure

    def _current_version(self) -> object:
        now = time.monotonic()
        if now - self._checked >= self._recheck:
            version = self._provider.get().query("SELECT MAX(batch_id), COUNT(*) FROM batches")[0]
            with self._lock:
                if version != self._version:
                    self._entries.clear()
                    self._kept.clear()
                    self._version = version
                self._checked = now
        return self._version

    def observe(self, version: object) -> None:
        """The store's version as a request found it: a new one empties the cache at once."""
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._kept.clear()
                self._version = version
            self._checked = time.monotonic()

    def get(self, key: Hashable, compute: Callable[[], T], keep: bool = False) -> T:
        """The cached figure, else computed once: requests that ask for a figure another thread is computing
        wait for that computation (and share its outcome, an error included) instead of repeating it. A figure
        asked with ``keep`` stays until the store's version changes, however many others are computed."""
        version = self._current_version()
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]  # type: ignore[no-any-return]
            pending = self._pending.get((version, key))
            leader = pending is None
            if pending is None:
                pending = self._pending[(version, key)] = Future()
                self.misses += 1
            else:
                self.shared += 1
        if not leader:
            return pending.result()  # type: ignore[no-any-return]
        try:
            value = compute()
        except BaseException as exc:
            with self._lock:
                self._pending.pop((version, key), None)
            pending.set_exception(exc)
            raise
        with self._lock:
            if version == self._version:  # a batch that landed meanwhile makes the figure stale: not kept
                self._entries[key] = value
                if keep:
                    self._kept.add(key)
                self._evict()
            self._pending.pop((version, key), None)
        pending.set_result(value)
        return value

    def _evict(self) -> None:
        while len(self._entries) > self._size:
            oldest = next((key for key in self._entries if key not in self._kept), None)
            if oldest is None:
                return
            del self._entries[oldest]

    def holds(self, key: Hashable) -> bool:
        """Whether the figure is cached (for the store's version the cache last saw)."""
        with self._lock:
            return key in self._entries

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._kept.clear()
            self._checked = 0.0
