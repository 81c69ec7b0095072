"""DuckDB backend: the embedded default. Bulk loads go through Arrow tables, the fastest path into DuckDB."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from .. import settings
from ..errors import StoreNotFound, StoreProblem
from ..outputs.atomic import make_folders
from .base import Store
from .schema import TABLES_BY_NAME

LOG = logging.getLogger(__name__)

# One write lock per database file in this process. DuckDB admits a single writer process, but within it
# threads (the web app's uploads and syncs, each on its own cursor) would race for the next batch id.
_WRITE_LOCKS: dict[str, threading.RLock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _write_lock(path: str) -> threading.RLock:
    key = path if path == ":memory:" else str(Path(path).resolve())
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(key, threading.RLock())


# Another process (most often `sppmon serve`) holds the file: say how writes reach a served store.
_LOCK_HINT = (
    " — another process has the file open (a running 'sppmon serve'?): stop it, or send the notices through the "
    "server (upload at /admin or POST /api/admin/ingest, sync with POST /api/admin/sync; the server needs "
    "--own-writes); 'sppmon serve' without --own-writes opens the file read-only"
)


class DuckDBStore(Store):
    dialect = "duckdb"
    embedded = True
    _compacting = True  # DuckDB merges partly filled row groups at a checkpoint (compact_at_commit)

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        super().__init__(read_only)
        self._memory = ""
        self._threads = ""  # "" = DuckDB's default (one per core)
        self.path = str(path)
        self.url = self.path
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreNotFound(self.path)
        if self.path != ":memory:" and not read_only:  # a reader never creates folders, even of a wrong path
            make_folders(Path(self.path).parent)
        try:
            self.connection = duckdb.connect(self.path, read_only=read_only and self.path != ":memory:")
            # Bounded caches: without a limit DuckDB keeps up to most of the machine's memory as the store grows.
            self._set_memory(settings.get("duckdb_memory"))
            # DuckDB's own progress bar would print into sppmon's output during long queries.
            self.connection.execute("SET enable_progress_bar = false")
        except duckdb.Error as exc:
            hint = _LOCK_HINT if "lock" in str(exc).lower() else ""
            raise StoreProblem("STORE_UNAVAILABLE", f"cannot open DuckDB store {self.path}: {exc}{hint}") from None
        self._lookup: duckdb.DuckDBPyConnection | None = None

    def exclusive(self) -> AbstractContextManager[Any]:
        """Hold the write lock of this database file within the process (re-entrant per thread)."""
        return _write_lock(self.path)

    def prepare_for_bulk_load(self) -> None:
        # The block cache would otherwise grow with the store during a long ingest (a scan per batch).
        self._set_memory(settings.get("duckdb_ingest_memory"))
        # The notices are parsed in other threads meanwhile: DuckDB's threads would only compete with them.
        self._set_threads(str(settings.get("duckdb_ingest_threads")))

    @contextlib.contextmanager
    def whole_store_work(self) -> Iterator[None]:
        """A recount of every lot sorts and joins whole tables: it gets the query memory, not the ingest's. The
        lower limit comes back afterwards; where DuckDB cannot come down to it (it holds more than that in blocks
        it cannot let go), the query memory stays: the work is done by then, and its outcome is not a failure."""
        previous, threads = self._memory, self._threads
        self._set_memory(settings.get("duckdb_memory"))
        self._set_threads("")
        try:
            yield
        finally:
            self._set_threads(threads)
            try:
                self._set_memory(previous)
            except duckdb.OutOfMemoryException:
                self._memory = settings.get("duckdb_memory")
                LOG.info("DuckDB keeps %s for now: it holds more than %s", self._memory, previous)

    def out_of_memory(self, error: BaseException) -> bool:
        return ran_out_of_memory(error)

    def compact_at_commit(self, compact: bool) -> None:
        """DuckDB's checkpoint merges a table's partly filled row groups (its vacuum) whenever the table changed:
        in a large store every batch's commit rewrote the last row group of each table it appended to, whole
        (up to 122,880 rows, strings compressed again), which made a batch dearer the larger the store. Off,
        each batch's rows stay in row groups of their own until a checkpoint with it on merges them: DuckDB
        checkpoints at a commit once its log holds 16 MB and when the store closes, and then merges the partly
        filled row groups of every table, whether the checkpoint changed it or not."""
        if compact != self._compacting:
            self.connection.execute("RESET max_vacuum_tasks" if compact else "SET max_vacuum_tasks = 0")
            self._compacting = compact

    def _set_threads(self, threads: str) -> None:
        """``threads`` for this connection's statements; "" for DuckDB's default."""
        if threads != self._threads:
            self.connection.execute(f"SET threads = {int(threads)}" if threads else "RESET threads")
            self._threads = threads

    def _set_memory(self, limit: str) -> None:
        self.connection.execute(f"SET memory_limit = '{limit}'")
        self._memory = limit

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(sql, list(params))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self.connection.execute(sql, list(params)).fetchall())

    def columns(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        cursor = self.connection.execute(sql, list(params))
        names = [description[0] for description in cursor.description or []]
        return names, list(cursor.fetchall())

    def arrow(self, sql: str, schema: Any) -> Any:
        return self.connection.sql(sql).to_arrow_table().select(schema.names).cast(schema)

    def iter_rows(self, sql: str, params: Sequence[Any] = (), size: int = 10_000) -> Iterator[list[tuple[Any, ...]]]:
        cursor = self.connection.cursor()  # its own result set: other statements may run meanwhile
        try:
            cursor.execute(sql, list(params))
            while rows := cursor.fetchmany(size):
                yield list(rows)
        finally:
            cursor.close()

    def bulk_insert(self, table: str, data: Any) -> None:
        if table not in TABLES_BY_NAME:
            raise ValueError(f"unknown table {table}")
        if not data.num_rows:
            return
        self.connection.register("_sppmon_rows", data)
        try:
            self.connection.execute(f"INSERT INTO {table} SELECT * FROM _sppmon_rows")
        finally:
            self._unregister("_sppmon_rows")

    def stored_digests(self, digests: Sequence[int]) -> dict[int, str]:
        try:
            return self._stored_digests(digests)
        except duckdb.OutOfMemoryException:
            # The lookup runs beside the writer thread, within the same ingest memory: once the batch being
            # written has ended (the write lock free again), the memory it held is too.
            with self.exclusive():
                return self._stored_digests(digests)

    def _stored_digests(self, digests: Sequence[int]) -> dict[int, str]:
        if self._lookup is None:
            self._lookup = self.connection.cursor()  # a connection of its own to the same database
        rows = self._lookup.execute(
            "SELECT content_digest, notice_key FROM notices WHERE content_digest IN (SELECT UNNEST(?::BIGINT[]))",
            [list(digests)],
        ).fetchall()
        return {int(row[0]): str(row[1]) for row in rows}

    def load_keys(self, name: str, values: Iterable[str]) -> None:
        data = pa.table({"value": pa.array(list(values), type=pa.string())})
        self.connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} (value TEXT)")
        self.connection.register("_sppmon_keys", data)
        try:
            self.connection.execute(f"INSERT INTO {name} SELECT value FROM _sppmon_keys")
        finally:
            self._unregister("_sppmon_keys")

    def _unregister(self, name: str) -> None:
        # After a failed statement the transaction is aborted and even unregistering fails; the original
        # error is the one worth reporting, and the rollback that follows drops the view anyway.
        with contextlib.suppress(duckdb.Error):
            self.connection.unregister(name)

    def begin(self) -> None:
        self.connection.execute("BEGIN TRANSACTION")

    def commit(self) -> None:
        self.connection.execute("COMMIT")

    def rollback(self) -> None:
        self.connection.execute("ROLLBACK")

    def close(self) -> None:
        if self._lookup is not None:
            self._lookup.close()
        self.connection.close()

    def table_exists(self, table: str) -> bool:
        rows = self.query(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = 'main'",
            (table,),
        )
        return bool(rows[0][0])


def ran_out_of_memory(error: BaseException) -> bool:
    """``error``, or what caused it, is DuckDB running out of the memory it was given."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, duckdb.OutOfMemoryException):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
