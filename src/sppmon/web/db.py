"""The web app's access to the store: one owner of the database, a store per worker thread, and a small
cache of computed figures that is emptied whenever the store's contents change (a new ingest batch).

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
from typing import Any, TypeVar

from ..store import Store, open_store
from ..store.duckdb_store import DuckDBStore

T = TypeVar("T")


class _CursorStore(DuckDBStore):
    """A DuckDB store that shares the database of its owner through a cursor of the owner's connection."""

    def __init__(self, owner: DuckDBStore) -> None:
        Store.__init__(self, owner.read_only)
        self.path = owner.path
        self.url = owner.url
        self.connection = owner.connection.cursor()


class StoreProvider:
    def __init__(self, url: str | None, read_only: bool = False) -> None:
        self.url = url
        self.owner = open_store(url, read_only=read_only)
        self._local = threading.local()
        self._stores: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        """The store of the calling thread."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = (
                _CursorStore(self.owner)
                if isinstance(self.owner, DuckDBStore)
                else open_store(self.url, read_only=self.owner.read_only)
            )
            self._local.store = store
            with self._lock:
                self._stores.append(store)
        return store

    def release(self) -> None:
        """Close the calling thread's store: for threads that end before the app does (a sync's)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            return
        self._local.store = None
        with self._lock:
            if store not in self._stores:  # closed already by close() at shutdown
                return
            self._stores.remove(store)
        with contextlib.suppress(Exception):
            store.close()

    def interrupt(self) -> None:
        """Interrupt the queries still running in any thread (e.g. the start-up warm-up) before closing."""
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
        self.owner.close()


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
        self.hits = 0
        self.misses = 0

    def _current_version(self) -> object:
        now = time.monotonic()
        if now - self._checked >= self._recheck:
            version = self._provider.get().query("SELECT MAX(batch_id), COUNT(*) FROM batches")[0]
            with self._lock:
                if version != self._version:
                    self._entries.clear()
                    self._version = version
                self._checked = now
        return self._version

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        self._current_version()
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]  # type: ignore[no-any-return]
        self.misses += 1
        value = compute()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._checked = 0.0
