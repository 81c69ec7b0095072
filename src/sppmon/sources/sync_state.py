"""What remote syncs remember in the store: runs (``sync_runs``) and items fetched (``sync_items``).

An item is recorded only after the notices it brought are committed, so an interrupted sync loses nothing:
the next run fetches what was not recorded and skips the rest. Writes hold the store's write lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from ..store import Store
from ..store.columnar import arrow_table
from ..store.schema import SYNC_ITEMS, SYNC_RUNS


@dataclass(frozen=True, slots=True)
class SyncItem:
    source: str
    item: str
    status: str  # "stored" (fetched and ingested), "count-mismatch", "out-of-range", …
    url: str | None = None
    period: str | None = None
    content_sha256: str | None = None
    bytes: int | None = None
    notices: int | None = None
    expected: int | None = None
    message: str | None = None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def start_run(store: Store, source: str, query: str) -> int:
    with store.exclusive():
        store.begin()
        try:
            run_id = int(store.query("SELECT COALESCE(MAX(run_id), 0) + 1 FROM sync_runs")[0][0])
            row = (run_id, source, query, _now(), None, "running", None, None, None, None)
            store.bulk_insert(SYNC_RUNS.name, arrow_table(SYNC_RUNS, [row]))
            store.commit()
        except Exception:
            store.rollback()
            raise
    return run_id


def finish_run(
    store: Store, run_id: int, status: str, total: int | None, fetched: int, skipped: int, message: str | None
) -> None:
    with store.exclusive():
        store.execute(
            "UPDATE sync_runs SET finished_at = ?, status = ?, total = ?, fetched = ?, skipped = ?, message = ? "
            "WHERE run_id = ?",
            (_now(), status, total, fetched, skipped, message, run_id),
        )


def known_items(store: Store, source: str, statuses: Sequence[str] = ("stored",)) -> dict[str, str | None]:
    """Items of ``source`` already fetched with one of ``statuses``: item → content SHA-256."""
    marks = ", ".join("?" for _ in statuses)
    rows = store.query(
        f"SELECT item, content_sha256 FROM sync_items WHERE source = ? AND status IN ({marks})",
        (source, *statuses),
    )
    return {str(item): sha for item, sha in rows}


def item_record(store: Store, source: str, item: str) -> SyncItem | None:
    rows = store.query(
        "SELECT source, item, status, url, period, content_sha256, bytes, notices, expected, message "
        "FROM sync_items WHERE source = ? AND item = ?",
        (source, item),
    )
    return SyncItem(*rows[0]) if rows else None


def record_items(store: Store, items: Sequence[SyncItem], run_id: int | None) -> None:
    """Insert or replace the records of ``items`` (one transaction)."""
    if not items:
        return
    now = _now()
    unique = {(item.source, item.item): item for item in items}
    rows = [
        (
            i.source,
            i.item,
            i.url,
            i.period,
            i.status,
            i.content_sha256,
            i.bytes,
            i.notices,
            i.expected,
            i.message,
            run_id,
            now,
        )
        for i in unique.values()
    ]
    with store.exclusive():
        store.begin()
        try:
            for source in {i.source for i in unique.values()}:
                store.load_keys("sync_item_keys", [key for src, key in unique if src == source])
                store.execute(
                    "DELETE FROM sync_items WHERE source = ? AND item IN (SELECT value FROM sync_item_keys)",
                    (source,),
                )
            store.bulk_insert(SYNC_ITEMS.name, arrow_table(SYNC_ITEMS, rows))
            store.commit()
        except Exception:
            store.rollback()
            raise
