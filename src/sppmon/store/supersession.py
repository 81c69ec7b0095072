"""Which stored version of a notice is the latest, recomputed per batch for the notice ids the batch touches.

A notice version is superseded by a higher version of the same notice (BT-701/BT-757), or by a change notice
whose BT-758 names it (``<notice id>-<version>`` or its OJ S publication number).

Every statement is set-based with equi-joins only, and ``notices`` is read as few times as the rules allow,
because in a store of a million notices each pass over a key column costs tens of milliseconds, whatever the
batch. Before the batch is written (:func:`collect`): twice for the ids its change notices name (by key, by
publication number) and once for every stored version of the touched ids (``touched_rows``, from which the
summary and the ``procedure_lots`` refresh take the touched procedures). After (:func:`update`): the batch's own
rows, found by their batch id (its zone maps skip the rest of the table), once for the change notices that name
a touched version, and once by the update, which reads only the row groups of the touched rows' batches.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .lot_frame import batch_filter, known_batches

if TYPE_CHECKING:
    from .base import Store

TOUCHED_IDS = "touched_ids"  # notice ids whose latest version may have changed
TOUCHED_ROWS = "touched_rows"  # every stored version of those ids
_ROW_COLUMNS = (
    "notice_key, notice_id, version_num, publication_number, procedure_key, is_latest, content_sha256, batch_id"
)


def collect(store: Store, notice_ids: Iterable[str], changed_refs: Iterable[str]) -> None:
    """Before a batch changes anything: the ids it touches (``notice_ids`` and those of the notices that
    ``changed_refs``, the BT-758 values of its change notices, name) and every stored version of them."""
    store.load_keys(TOUCHED_IDS, notice_ids)
    refs = set(changed_refs)
    if refs:  # a batch without change notices names no stored notice: two passes over notices saved
        store.load_keys("changed_refs", refs)
        # Two equi-joins rather than one condition on "key OR publication number", which engines cannot hash.
        named = [f"notice_key IN {_REFS}", f"publication_number IN {_REFS}"]
        found = " UNION ".join(f"SELECT notice_id FROM notices WHERE {_found(store, where)}" for where in named)
        store.execute(f"INSERT INTO {TOUCHED_IDS} {found}")
    store.execute(f"DROP TABLE IF EXISTS {TOUCHED_ROWS}")
    touched = _found(store, f"notice_id IN (SELECT value FROM {TOUCHED_IDS})")
    store.execute(f"CREATE TEMP TABLE {TOUCHED_ROWS} AS SELECT {_ROW_COLUMNS} FROM notices WHERE {touched}")


_REFS = "(SELECT value FROM changed_refs)"


def _found(store: Store, condition: str) -> str:
    """``condition`` on a row of ``notices``, as a condition that reads the table's other columns only for the
    rows it keeps. DuckDB reads every column a statement needs for each row its scan passes, decompressing them
    for the whole table; so there the rows are found by the condition's columns alone, then read by row id (at a
    million notices the touched rows cost 0.05 s instead of 0.11–0.14 per batch)."""
    if store.dialect != "duckdb":
        return condition
    return f"rowid IN (SELECT rowid FROM notices WHERE {condition})"


def stored_hashes(store: Store) -> dict[str, str | None]:
    """The content hash of every stored version :func:`collect` found, by key (before the batch is written)."""
    return dict(store.query(f"SELECT notice_key, content_sha256 FROM {TOUCHED_ROWS}"))


def stored_procedures(store: Store) -> set[str]:
    """The procedures of the stored versions :func:`collect` found (before the batch is written)."""
    return {str(row[0]) for row in store.query(f"SELECT DISTINCT procedure_key FROM {TOUCHED_ROWS}")}


def update(store: Store, batch_id: int) -> int:
    """After the batch ``batch_id`` is written: recompute ``is_latest`` and ``superseded_by`` for every version
    of the touched ids; returns how many more of them are superseded than before the batch (a stored version
    replaced by a copy with other content keeps its status from before). The batch's own rows replace
    their stored copies among the touched rows; the batch filter lets the scan skip every older row group."""
    before = _count(store, f"SELECT COUNT(*) FROM {TOUCHED_ROWS} WHERE NOT is_latest")  # as stored before the batch
    batch = f"SELECT {_ROW_COLUMNS} FROM notices WHERE batch_id = {int(batch_id)}"
    store.execute(f"DELETE FROM {TOUCHED_ROWS} WHERE notice_key IN (SELECT notice_key FROM ({batch}) b)")
    store.execute(f"INSERT INTO {TOUCHED_ROWS} {batch}")
    store.refresh_statistics(TOUCHED_ROWS)
    _find_superseded(store)
    # The touched rows' batches: the update's scan of ``notices`` skips the row groups of every other batch (a
    # batch of new notices touches its own rows only, at the table's end).
    batches = known_batches(row[0] for row in store.query(f"SELECT DISTINCT batch_id FROM {TOUCHED_ROWS}"))
    among = batch_filter(batches, "notices.batch_id")
    store.execute(
        "UPDATE notices SET is_latest = s.by_key IS NULL, superseded_by = s.by_key "
        f"FROM (SELECT t.notice_key, MIN(x.by_key) AS by_key FROM {TOUCHED_ROWS} t "
        "LEFT JOIN superseded x ON x.notice_key = t.notice_key GROUP BY t.notice_key) s "
        f"WHERE {among}notices.notice_key = s.notice_key AND (notices.is_latest IS DISTINCT FROM (s.by_key IS NULL) "
        "OR notices.superseded_by IS DISTINCT FROM s.by_key)"
    )
    after = _count(store, "SELECT COUNT(DISTINCT notice_key) FROM superseded")
    return max(after - before, 0)


def _find_superseded(store: Store) -> None:
    """``superseded``: (a touched version, a notice that supersedes it). Every version of a touched id is among
    the touched rows, so only the change notices need a pass over ``notices``."""
    store.execute("CREATE TEMP TABLE IF NOT EXISTS superseded (notice_key TEXT, by_key TEXT)")
    store.execute("DELETE FROM superseded")
    store.execute("DROP TABLE IF EXISTS touched_changes")
    store.execute(
        "CREATE TEMP TABLE touched_changes AS SELECT notice_key, changed_notice FROM notices WHERE changed_notice IN "
        f"(SELECT notice_key FROM {TOUCHED_ROWS} UNION ALL SELECT publication_number FROM {TOUCHED_ROWS})"
    )
    store.execute(
        "INSERT INTO superseded "
        f"SELECT n.notice_key, x.notice_key FROM {TOUCHED_ROWS} n "
        f"JOIN {TOUCHED_ROWS} x ON x.notice_id = n.notice_id AND x.version_num > n.version_num "
        f"UNION ALL SELECT n.notice_key, c.notice_key FROM {TOUCHED_ROWS} n "
        "JOIN touched_changes c ON c.changed_notice = n.notice_key "
        f"UNION ALL SELECT n.notice_key, c.notice_key FROM {TOUCHED_ROWS} n "
        "JOIN touched_changes c ON c.changed_notice = n.publication_number"
    )


def touched_procedures_sql() -> str:
    """The procedures of every touched version (after :func:`update`, for the ``procedure_lots`` refresh)."""
    return f"SELECT DISTINCT procedure_key FROM {TOUCHED_ROWS}"


def _count(store: Store, sql: str) -> int:
    return int(store.query(sql)[0][0])
