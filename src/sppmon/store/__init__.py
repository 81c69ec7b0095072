"""Stores: DuckDB (embedded default) behind one narrow interface; chosen by one setting."""

from __future__ import annotations

from .. import settings
from ..errors import ConfigError
from .base import BatchCounts, Rejection, Store
from .rows import StoredNotice

__all__ = ["BatchCounts", "Rejection", "Store", "StoredNotice", "open_store"]


def open_store(url: str | None = None, *, read_only: bool = False, migrate: bool = True) -> Store:
    """Open (and by default migrate) the store at ``url``: a DuckDB path or ``duckdb:///path``."""
    target = str(settings.get("db", url))
    if target.startswith(("postgresql://", "postgres://")):
        raise ConfigError("the PostgreSQL backend is not available in this version of sppmon")
    from .duckdb_store import DuckDBStore

    path = target.removeprefix("duckdb://")
    store = DuckDBStore(path, read_only=read_only)
    if migrate:
        try:
            store.migrate()
        except Exception:
            store.close()
            raise
    return store
