"""A batch survives its worst notice: when the store refuses a batch, it is written again notice by notice, and
only the notices the store still refuses are rejected (``STORE_NOTICE_FAILED``), the rest stored.

A batch that ran out of the ingest's memory (DuckDB's ``SPPMON_DUCKDB_INGEST_MEMORY``, a cap that keeps an
ingest's memory flat) is first tried again whole with the query memory (:meth:`Store.whole_store_work`), which
is given back afterwards: the cap can then stay low without a large batch ever being written notice by notice.

This is a layer around :meth:`Store.write_prepared` rather than a change inside it: the fast path stays one
transaction per batch, and the slow path runs only after a failure. A failed batch has rolled back completely,
so writing its notices again cannot store anything twice. When every notice fails on its own as well, the store
itself is the problem (a lost connection, a full disk) and the first error is raised: recording valid notices
as rejected because of an outage would be wrong.
"""

from __future__ import annotations

import logging

from ..notice_limits import short_origin
from .base import BatchCounts, PreparedBatch, Rejection, Store
from .columnar import keep_notices

log = logging.getLogger(__name__)

_REASON_LIMIT = 300  # characters of the database's message kept in the rejection


def write_batch_resilient(
    store: Store, batch: PreparedBatch, rejections: list[Rejection], label: str = "ingest"
) -> BatchCounts:
    """:meth:`Store.write_prepared`, falling back to one notice at a time when the batch as a whole fails."""
    try:
        return store.write_prepared(batch, rejections, label)
    except Exception as exc:
        if store.out_of_memory(exc):
            log.info("batch of %d notices ran out of the ingest memory; trying it again with more", len(batch.notices))
            try:
                with store.whole_store_work():
                    return store.write_prepared(batch, rejections, label)
            except Exception as again:
                exc = again
        if not batch.notices:
            raise exc
        log.warning("batch of %d notices failed (%s); writing them one by one", len(batch.notices), exc)
        return _one_by_one(store, batch, rejections, label, exc)


def _one_by_one(
    store: Store, batch: PreparedBatch, rejections: list[Rejection], label: str, first: Exception
) -> BatchCounts:
    total = BatchCounts()
    block = batch.block
    refused: list[Rejection] = []
    for notice in batch.notices:
        single = PreparedBatch([notice], [keep_notices(block, {notice.key})])
        try:
            total.add(store.write_prepared(single, [], label))
        except Exception as exc:
            reason = " ".join(str(exc).split())[:_REASON_LIMIT]
            refused.append(Rejection(short_origin(notice.source), "STORE_NOTICE_FAILED", reason, notice.content_sha256))
    if len(refused) == len(batch.notices) > 1:
        raise first
    total.add(store.write_prepared(PreparedBatch(), [*rejections, *refused], label))
    return total
