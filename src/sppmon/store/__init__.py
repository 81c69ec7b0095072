"""Stores: DuckDB (embedded default) and PostgreSQL (server) behind one narrow interface; chosen by one
setting."""

from __future__ import annotations

from .. import settings
from .base import BatchCounts, Rejection, Store
from .rows import StoredNotice

__all__ = ["BatchCounts", "Rejection", "Store", "StoredNotice", "open_store"]


def open_store(url: str | None = None, *, read_only: bool = False, migrate: bool = True) -> Store:
    """Open (and by default migrate) the store at ``url``: a DuckDB path, ``duckdb:///path`` or a
    ``postgresql://`` URL."""
    target = str(settings.get("db", url))
    store: Store
    if target.startswith(("postgresql://", "postgres://")):
        from .postgres_store import PostgresStore

        store = PostgresStore(target, read_only=read_only)
    else:
        from .duckdb_store import DuckDBStore

        store = DuckDBStore(target.removeprefix("duckdb://"), read_only=read_only)
    if migrate:
        try:
            store.migrate()
        except Exception:
            store.close()
            raise
    return store
