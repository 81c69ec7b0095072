"""Stores of one worker process when several serve the same store (``sppmon serve --workers N``).

**DuckDB.** Each worker opens the file read-only through a :class:`~sppmon.store.gate.FileGate` and gives each
thread a cursor of that connection. Writes (uploads, syncs, usage statistics) go through one writer path,
:class:`GatedWriter`: a write window closes the file in every worker, opens it read-write in the writing one,
and lets the readers back in when it ends; a batch of a long sync is one window, so readers wait at most the
time of one batch. A worker reopens the file after a window and then sees the new batch.

**PostgreSQL.** Readers borrow a connection from a pool (``SPPMON_SERVE_POOL`` connections per worker) for each
query; writers open their own connection (PostgreSQL serialises them with an advisory lock).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

import duckdb

from .. import settings
from ..errors import StoreError
from ..store import Store
from ..store.duckdb_store import DuckDBStore, _write_lock, ran_out_of_memory
from ..store.gate import FileGate

WATCH_SECONDS = 0.05


def read_threads() -> str:
    """The statement giving the web's DuckDB read connections their threads (``SPPMON_WEB_DUCKDB_THREADS``)."""
    return f"SET threads = {int(settings.get('web_duckdb_threads'))}"


class SharedDuckDB:
    """This process's read-only connection to a DuckDB file that other processes read and one may write."""

    def __init__(self, path: str, on_reopen: Callable[[], None] = lambda: None) -> None:
        self.path = path
        self.gate = FileGate(path)
        self._on_reopen = on_reopen
        self._connection: Any = None
        self._handle: int | None = None
        self.generation = 0
        self._state = threading.Condition()
        self._opening = threading.Lock()
        self._active = 0
        self._closing = False
        self._cursors: list[Any] = []
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="sppmon-gate", daemon=True)
        self._watcher.start()

    @contextlib.contextmanager
    def reading(self) -> Iterator[Any]:
        """The open connection, held open while the block runs (a waiting writer waits for the block)."""
        while True:
            with self._state:
                while self._closing:
                    self._state.wait()
                if self._connection is not None:
                    self._active += 1
                    connection = self._connection
                    break
            self._open()
        try:
            yield connection
        finally:
            with self._state:
                self._active -= 1
                self._state.notify_all()

    def is_open(self) -> bool:
        """Whether the read-only connection is open (not closed for another worker's write window)."""
        return self._connection is not None

    def _open(self) -> None:
        with self._opening:
            if self._connection is not None:
                return
            handle = self.gate.enter_read()
            try:
                connection = duckdb.connect(self.path, read_only=True)
                connection.execute(f"SET memory_limit = '{settings.get('duckdb_memory')}'")
                connection.execute("SET enable_progress_bar = false")
                connection.execute(read_threads())
            except duckdb.Error as exc:
                self.gate.leave_read(handle)
                raise StoreError(f"cannot open DuckDB store {self.path}: {exc}") from None
            with self._state:
                self._connection, self._handle = connection, handle
                self.generation += 1
                self._state.notify_all()
            self._on_reopen()

    def _watch(self) -> None:
        while not self._stop.wait(WATCH_SECONDS):
            if self._connection is None or not self.gate.writer_waiting():
                continue
            self._close_for_writer()
            self.gate.wait_for_writer()
            with self._state:
                self._closing = False
                self._state.notify_all()

    def cursor(self, connection: Any) -> Any:
        """A cursor of ``connection`` that is closed with it (a cursor left open keeps the file open)."""
        cursor = connection.cursor()
        with self._state:
            self._cursors.append(cursor)
        return cursor

    def _close_for_writer(self) -> None:
        with self._state:
            self._closing = True
            while self._active:
                self._state.wait()
            connection, handle = self._connection, self._handle
            cursors, self._cursors = self._cursors, []
            self._connection = self._handle = None
        for cursor in cursors:
            with contextlib.suppress(duckdb.Error):
                cursor.close()
        if connection is not None:
            with contextlib.suppress(duckdb.Error):
                connection.close()
        if handle is not None:
            self.gate.leave_read(handle)

    def interrupt(self) -> None:
        connection = self._connection
        if connection is not None:
            with contextlib.suppress(Exception):
                connection.interrupt()

    def close(self) -> None:
        self._stop.set()
        self._watcher.join(timeout=2)
        with self._state:
            self._closing = True
        self._close_for_writer()


class GatedReader(Store):
    """A thread's read-only store over a :class:`SharedDuckDB` (a cursor per connection generation)."""

    dialect = "duckdb"
    embedded = True

    def __init__(self, shared: SharedDuckDB) -> None:
        super().__init__(read_only=True)
        self.shared = shared
        self.url = shared.path
        self._cursor: Any = None
        self._generation = -1

    def _on(self, connection: Any) -> Any:
        if self._generation != self.shared.generation or self._cursor is None:
            self._cursor = self.shared.cursor(connection)
            self._generation = self.shared.generation
        return self._cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.shared.reading() as connection:
            self._on(connection).execute(sql, list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.shared.reading() as connection:
            return list(self._on(connection).execute(sql, list(params)).fetchall())

    def columns(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self.shared.reading() as connection:
            cursor = self._on(connection).execute(sql, list(params))
            return [item[0] for item in cursor.description or []], list(cursor.fetchall())

    def iter_rows(self, sql: str, params: Sequence[Any] = (), size: int = 10_000) -> Iterator[list[tuple[Any, ...]]]:
        yield from _chunks(self.query(sql, params), size)

    def bulk_insert(self, table: str, data: Any) -> None:
        raise StoreError("the store is open read-only in this worker; writes go through the writer path")

    def load_keys(self, name: str, values: Iterable[str]) -> None:
        import pyarrow as pa

        data = pa.table({"value": pa.array(list(values), type=pa.string())})
        with self.shared.reading() as connection:
            cursor = self._on(connection)
            cursor.execute(f"CREATE OR REPLACE TEMP TABLE {name} (value TEXT)")
            cursor.register("_sppmon_keys", data)
            try:
                cursor.execute(f"INSERT INTO {name} SELECT value FROM _sppmon_keys")
            finally:
                cursor.unregister("_sppmon_keys")

    def begin(self) -> None:
        raise StoreError("the store is open read-only in this worker")

    commit = rollback = begin

    def close(self) -> None:
        self._cursor = None

    def table_exists(self, table: str) -> bool:
        rows = self.query(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = 'main'", (table,)
        )
        return bool(rows[0][0])


class GatedWriter(Store):
    """The one writer path of a worker: each write runs in a write window of the gate, with the file open
    read-write only for that window. A transaction (``begin`` … ``commit``) and :meth:`exclusive` are one window;
    a lone statement is a window of its own; reads outside a window use the worker's read-only connection."""

    dialect = "duckdb"
    embedded = True

    def __init__(self, shared: SharedDuckDB, reader: Callable[[], Store]) -> None:
        super().__init__(read_only=False)
        self.shared = shared
        self.url = shared.path
        self._reader = reader
        self._inner: DuckDBStore | None = None
        self._owner: int | None = None
        self._depth = 0
        self._window: AbstractContextManager[None] | None = None
        self._lock = _write_lock(shared.path)
        self._bulk = False
        self._compact = True

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        self._lock.acquire()
        try:
            self._enter()
            try:
                yield
            finally:
                self._leave()
        finally:
            self._lock.release()

    @contextlib.contextmanager
    def whole_store_work(self) -> Iterator[None]:
        """The query memory for the work inside (a batch tried again, a recount), in one write window."""
        with self.exclusive():
            assert self._inner is not None
            with self._inner.whole_store_work():
                yield

    def out_of_memory(self, error: BaseException) -> bool:
        return ran_out_of_memory(error)

    def _enter(self) -> None:
        if self._depth == 0:
            window = self.shared.gate.write()
            window.__enter__()
            try:
                self._inner = DuckDBStore(self.shared.path)
                if self._bulk:
                    self._inner.prepare_for_bulk_load()
                self._inner.compact_at_commit(self._compact)
            except Exception:
                window.__exit__(None, None, None)
                raise
            self._window, self._owner = window, threading.get_ident()
        self._depth += 1

    def _leave(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            inner, window = self._inner, self._window
            self._inner = self._window = self._owner = None
            try:
                if inner is not None:
                    inner.close()
            finally:
                if window is not None:
                    window.__exit__(None, None, None)

    def _mine(self) -> DuckDBStore | None:
        return self._inner if self._owner == threading.get_ident() else None

    def _write(self, name: str, *args: Any) -> Any:
        inner = self._mine()
        if inner is not None:
            return getattr(inner, name)(*args)
        with self.exclusive():
            return getattr(self._inner, name)(*args)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._write("execute", sql, params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        inner = self._mine()
        return inner.query(sql, params) if inner is not None else self._reader().query(sql, params)

    def columns(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        inner = self._mine()
        return inner.columns(sql, params) if inner is not None else self._reader().columns(sql, params)

    def bulk_insert(self, table: str, data: Any) -> None:
        self._write("bulk_insert", table, data)

    def load_keys(self, name: str, values: Iterable[str]) -> None:
        inner = self._mine()
        if inner is not None:
            inner.load_keys(name, values)
        else:
            self._reader().load_keys(name, values)

    def begin(self) -> None:
        self._lock.acquire()
        self._enter()
        assert self._inner is not None
        self._inner.begin()

    def commit(self) -> None:
        self._end("commit")

    def rollback(self) -> None:
        self._end("rollback")

    def _end(self, how: str) -> None:
        try:
            if self._inner is not None:
                getattr(self._inner, how)()
        finally:
            self._leave()
            self._lock.release()

    def prepare_for_bulk_load(self) -> None:
        self._bulk = True

    def compact_at_commit(self, compact: bool) -> None:
        """For the windows opened from now on (a batch's write opens its own)."""
        self._compact = compact

    def close(self) -> None:
        """Nothing stays open between windows."""

    def table_exists(self, table: str) -> bool:
        inner = self._mine()
        return inner.table_exists(table) if inner is not None else self._reader().table_exists(table)


def _chunks(rows: list[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class PooledPostgres:
    """A bounded pool of read connections to a PostgreSQL store, shared by the threads of one worker."""

    def __init__(self, url: str, size: int) -> None:
        from psycopg_pool import ConnectionPool

        from ..store.postgres_store import redact

        def configure(connection: Any) -> None:
            connection.autocommit = True
            connection.execute("SET default_transaction_read_only = on")

        self.url = url
        try:
            self.pool = ConnectionPool(
                url, min_size=1, max_size=size, configure=configure, open=True, name="sppmon-read", timeout=60
            )
            self.pool.wait(timeout=30)
        except Exception as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {redact(url)}: {exc}") from None

    def close(self) -> None:
        self.pool.close()


class PooledReader(Store):
    """A read-only PostgreSQL store whose every statement borrows a pooled connection (so no thread holds one
    while it renders). Statements that need one session across calls (temporary key tables) are not offered."""

    dialect = "postgresql"
    embedded = False

    def __init__(self, pooled: PooledPostgres) -> None:
        super().__init__(read_only=True)
        self.pooled = pooled
        self.url = pooled.url

    def _run(self, sql: str, params: Sequence[Any], names: bool) -> tuple[list[str], list[tuple[Any, ...]]]:
        from ..store.postgres_store import translate

        with self.pooled.pool.connection() as connection, connection.cursor() as cursor:
            cursor.execute(translate(sql).encode() if params else sql.encode(), list(params) or None)
            found = [column.name for column in cursor.description or []] if names else []
            return found, list(cursor.fetchall()) if cursor.description else []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._run(sql, params, False)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._run(sql, params, False)[1]

    def columns(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        return self._run(sql, params, True)

    def bulk_insert(self, table: str, data: Any) -> None:
        raise StoreError("read connections of the pool do not write; writes go through the writer path")

    def load_keys(self, name: str, values: Iterable[str]) -> None:
        raise StoreError("read connections of the pool keep no temporary tables")

    def begin(self) -> None:
        raise StoreError("read connections of the pool do not write")

    commit = rollback = begin

    def close(self) -> None:
        """The pool owns the connections."""

    def table_exists(self, table: str) -> bool:
        rows = self.query(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = current_schema()",
            (table,),
        )
        return bool(rows[0][0])
