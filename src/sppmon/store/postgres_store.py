"""PostgreSQL backend: the server store for shared deployments (several writers and many readers at once).

The shared SQL of :mod:`.base` uses ``?`` placeholders; they are translated to psycopg's ``%s`` here. Bulk
loads stream an Arrow table to ``COPY … FROM STDIN`` as CSV written by Arrow's C++ writer (strings are always
quoted, so an unquoted empty field is NULL and ``""`` an empty string). Writers serialise on a session-level
advisory lock held for the whole batch, including the check of what is already stored, so that two processes
storing the same notice cannot both insert it; readers are never blocked (MVCC).
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv

from ..errors import StoreProblem
from .base import Store
from .schema import TABLES_BY_NAME

# Any fixed 64-bit number identifies the write lock; this one spells "sppmon" in ASCII.
WRITE_LOCK_ID = 0x7370706D6F6E
_CSV_OPTIONS = pa_csv.WriteOptions(include_header=False, batch_size=8192)
_QUOTED_OR_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%")


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """``?`` placeholders → ``%s`` and literal ``%`` → ``%%``, leaving quoted strings and names alone."""

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        if found == "?":
            return "%s"
        return found.replace("%", "%%")

    return _QUOTED_OR_PLACEHOLDER.sub(replace, sql)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


class PostgresStore(Store):
    dialect = "postgresql"
    embedded = False

    def __init__(self, url: str, read_only: bool = False) -> None:
        super().__init__(read_only)
        self.url = url
        try:
            # Autocommit: reads never leave a transaction open; batches open their own with BEGIN.
            self.connection = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreProblem(
                "STORE_UNAVAILABLE", f"cannot connect to PostgreSQL at {redact(url)}: {_first_line(exc)}"
            ) from None
        if read_only:
            self.connection.execute("SET default_transaction_read_only = on")
        self._lookup: psycopg.Connection[Any] | None = None
        self._key_tables: set[str] = set()
        self._lock_depth = 0
        self._cursors = 0

    # -- primitives ----------------------------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if params:
            self.connection.execute(translate(sql).encode(), list(params))
        else:
            self.connection.execute(sql.encode())

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            if params:
                cursor.execute(translate(sql).encode(), list(params))
            else:
                cursor.execute(sql.encode())
            return list(cursor.fetchall())

    def columns(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self.connection.cursor() as cursor:
            if params:
                cursor.execute(translate(sql).encode(), list(params))
            else:
                cursor.execute(sql.encode())
            names = [column.name for column in cursor.description or []]
            return names, list(cursor.fetchall())

    def iter_rows(self, sql: str, params: Sequence[Any] = (), size: int = 10_000) -> Iterator[list[tuple[Any, ...]]]:
        # A server-side cursor: rows arrive in chunks instead of all at once. WITH HOLD lets it live outside a
        # transaction (the connection is in autocommit mode).
        self._cursors += 1
        with self.connection.cursor(name=f"sppmon_rows_{self._cursors}", withhold=True) as cursor:
            if params:
                cursor.execute(translate(sql).encode(), list(params))
            else:
                cursor.execute(sql.encode())
            while rows := cursor.fetchmany(size):
                yield list(rows)

    def bulk_insert(self, table: str, data: Any) -> None:
        if table not in TABLES_BY_NAME:
            raise ValueError(f"unknown table {table}")
        if not data.num_rows:
            return
        columns = ", ".join(data.column_names)
        self._copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)", data)

    def _copy(self, statement: str, data: Any) -> None:
        buffer = io.BytesIO()
        pa_csv.write_csv(data, buffer, _CSV_OPTIONS)
        with self.connection.cursor() as cursor, cursor.copy(statement.encode()) as copy:
            copy.write(buffer.getbuffer())

    def stored_digests(self, digests: Sequence[int]) -> dict[int, str]:
        if self._lookup is None:  # a connection of its own: the main one may be inside a batch's transaction
            try:
                self._lookup = psycopg.connect(self.url, autocommit=True)
            except psycopg.Error as exc:
                raise StoreProblem(
                    "STORE_UNAVAILABLE", f"cannot connect to PostgreSQL at {redact(self.url)}: {_first_line(exc)}"
                ) from None
        rows = self._lookup.execute(
            b"SELECT content_digest, notice_key FROM notices WHERE content_digest = ANY(%s::bigint[])", [list(digests)]
        ).fetchall()
        return {int(row[0]): str(row[1]) for row in rows}

    def load_keys(self, name: str, values: Iterable[str]) -> None:
        if name not in self._key_tables:
            self.connection.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (value TEXT)".encode())
            self._key_tables.add(name)
        self.connection.execute(f"TRUNCATE {name}".encode())
        data = pa.table({"value": pa.array(list(values), type=pa.string())})
        if data.num_rows:
            self._copy(f"COPY {name} (value) FROM STDIN (FORMAT csv)", data)
        self.refresh_statistics(name)

    def refresh_statistics(self, table: str) -> None:
        # A temporary table is never analysed by autovacuum: without statistics the planner guesses its size and
        # distinct values, and joins a batch's few keys with a whole stored table by scanning it.
        self.connection.execute(f"ANALYZE {table}".encode())

    def begin(self) -> None:
        self.connection.execute(b"BEGIN")

    def commit(self) -> None:
        self.connection.execute(b"COMMIT")

    def rollback(self) -> None:
        # Key tables created in the transaction are gone with it: create them again when next needed.
        self._key_tables.clear()
        # After a lost connection there is nothing to roll back; the original error is the one to report.
        with contextlib.suppress(psycopg.OperationalError, psycopg.InterfaceError):
            self.connection.execute(b"ROLLBACK")

    def close(self) -> None:
        if self._lookup is not None:
            self._lookup.close()
        self.connection.close()

    def table_exists(self, table: str) -> bool:
        rows = self.query(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = current_schema()",
            (table,),
        )
        return bool(rows[0][0])

    # -- writers serialise ---------------------------------------------------------------------------------
    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the store-wide write lock (re-entrant within this connection)."""
        if self._lock_depth == 0:
            self.connection.execute(b"SELECT pg_advisory_lock(%s)", (WRITE_LOCK_ID,))
        self._lock_depth += 1
        try:
            yield
        finally:
            self._lock_depth -= 1
            if self._lock_depth == 0:
                with contextlib.suppress(psycopg.OperationalError, psycopg.InterfaceError):
                    self.connection.execute(b"SELECT pg_advisory_unlock(%s)", (WRITE_LOCK_ID,))

    def migrate(self) -> int:
        if self.read_only:
            return super().migrate()
        with self.exclusive():  # two processes opening a fresh database at once migrate it once
            return super().migrate()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
