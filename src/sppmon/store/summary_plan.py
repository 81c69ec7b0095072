"""Whether a bulk load keeps the summary tables batch by batch or recounts them once at its end.

Keeping the summary per batch subtracts and adds the counts of the procedures a batch touches and merges the
differences into the stored rows: its cost follows the batch (about a quarter of an ingest's CPU). A recount of
every lot costs several times less per lot, but follows the store. So an ingest keeps the summary per batch while
it has stored no more than ``SPPMON_SUMMARY_RECOUNT_SHARE`` (a half by default) of the notices the store held
when it began; past that, its batches leave the summary stale and it is recounted once when the ingest ends. A
first load into an empty store recounts from its first batch on; a daily update of a large store never does. A
load of a single batch keeps the summary whatever its size: a recount has a fixed cost (statements per fact and
level), and 2,000 generated notices into an empty store took 1.54 s of CPU kept per batch against 1.70 s
recounted.

Whatever the choice, the summary ends equal to a recount. While it is stale, indicators count the lots (the
same figures, more slowly); an ingest that stops before its end leaves it stale, and the next writer that
opens the store recounts it (:meth:`Store.ensure_summary`).
"""

from __future__ import annotations

from .. import settings
from .base import Store


class SummaryPlan:
    """One bulk load's choice, made before each batch (in the thread that hands batches to the writer, while no
    batch is being written). Several loads into one store object share the store's flag: the first recount that
    ends one of them brings the summary back for all."""

    def __init__(self, store: Store) -> None:
        self.store = store
        share = settings.get("summary_recount_share")
        keeps = store.read_only or share is None or not settings.get("summary")
        self.limit: float | None = None if keeps else share * store.count("notices")
        self.written = self.batches = 0
        self.deferred = False

    def before_batch(self, notices: int, last: bool) -> None:
        """Count the ``notices`` of the batch about to be written (``last``: the load has no more); leave the
        summary stale from it on once the load has passed its share of the store, unless it is the load's only
        batch."""
        self.written += notices
        self.batches += 1
        only = last and self.batches == 1
        if self.limit is not None and not self.deferred and not only and self.written > self.limit:
            self.deferred = True
            self.store.defer_summary()

    def finish(self) -> list[str]:
        """At the end of the load: the facts recounted (none when every batch kept the summary). The store's flag
        decides: a load that failed before its end left it set, and the next load to end recounts for it."""
        self.deferred = False
        return self.store.recount_summary() if self.store.summary_deferred else []
