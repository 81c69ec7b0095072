"""The ingest pipeline: sources → readers → row blocks → store batches.

Streaming all the way: items are read lazily and processed in small chunks, in order; chunks become Arrow row
blocks (in worker processes with ``workers > 1``) and blocks are written in batches of bounded size, so memory
does not grow with the number of notices.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from . import settings
from .collection import spaced_collections
from .detect import detect_notice
from .errors import CatalogedError
from .model import Notice
from .notice_limits import check_notice_lengths
from .readers import ReaderOptions, read_notice
from .records import quick_init
from .sources.files import HEAD_BYTES, Item, Limits, is_package, iter_items, iter_paths
from .sources.regular import open_regular
from .store import BatchCounts, Rejection, Store, StoredNotice
from .store.base import PreparedBatch, merge_due, prepare
from .store.resilient import write_batch_resilient
from .store.summary_plan import SummaryPlan

CHUNK_SIZE = 256
LOOKUP_ITEMS = 1024  # inputs hashed and looked up in the store at once before parsing
LOOKUP_BYTES = 16 * 1024 * 1024  # … or fewer when they are large (their bytes are held meanwhile)
R = TypeVar("R")


@quick_init
@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one item: a notice, or a catalogued error."""

    origin: str
    notice: Notice | None
    error: CatalogedError | None
    content_sha256: str | None


@dataclass(frozen=True, slots=True)
class PipelineOptions:
    reader: ReaderOptions = field(default_factory=ReaderOptions)
    limits: Limits = field(default_factory=Limits)
    batch_size: int = 3000
    workers: int = 1
    require_identity: bool = True  # ingest needs BT-701/BT-757; extract does not
    detect: bool = True  # text evidence per lot (sppmon.detect), stored beside the declared facts
    content_hash: bool = True  # SHA-256 of each input (the store keeps it; extract has no use for it)

    @classmethod
    def from_settings(
        cls, workers: int = 1, require_identity: bool = True, detect: bool = True, all_languages: bool = False
    ) -> PipelineOptions:
        """The options of the settings table (limits, SDK range, batch size): the same for the commands and
        for the syncs the web app starts."""
        max_bytes = int(settings.get("max_notice_bytes"))
        return cls(
            reader=ReaderOptions(
                max_bytes=max_bytes, max_sdk_minor=int(settings.get("max_sdk_minor")), all_languages=all_languages
            ),
            limits=Limits(max_bytes=max_bytes, max_depth=int(settings.get("archive_depth"))),
            batch_size=int(settings.get("batch_size")),
            workers=workers,
            require_identity=require_identity,
            detect=detect,
        )


def read_item(item: Item, options: PipelineOptions) -> Outcome:
    item = item.load()
    if item.data is None:
        return Outcome(item.origin, None, item.error, None)
    sha = (item.sha256 or hashlib.sha256(item.data).hexdigest()) if options.content_hash else None
    try:
        notice = read_notice(item.data, options.reader)
        # Legacy TED notices have no version: their document id alone identifies them (readers/ted.py).
        has_identity = notice.notice_id and (notice.version or notice.format != "eforms")
        if options.require_identity and not has_identity:
            raise CatalogedError("NOTICE_NO_ID", "BT-701 notice identifier or BT-757 version is missing")
        check_notice_lengths(notice)
    except CatalogedError as exc:
        return Outcome(item.origin, None, exc, sha)
    except RecursionError:
        return Outcome(item.origin, None, CatalogedError("XML_MALFORMED", "elements nested too deeply"), sha)
    return Outcome(item.origin, notice, None, sha)


CHUNK_BYTES = 16 * 1024 * 1024  # bytes of notices held by one chunk (archive members travel with their bytes)


def _chunks(items: Iterable[Item], size: int, max_bytes: int = CHUNK_BYTES) -> Iterator[list[Item]]:
    """Consecutive chunks of at most ``size`` items and, beyond the first item, ``max_bytes`` of item bytes:
    in-flight work is bounded in bytes, not only in items, whatever the archive holds."""
    chunk: list[Item] = []
    held = 0
    for item in items:
        weight = len(item.data) if item.data is not None else 0
        if chunk and (len(chunk) >= size or held + weight > max_bytes):
            yield chunk
            chunk, held = [], 0
        chunk.append(item)
        held += weight
    if chunk:
        yield chunk


def map_chunks(items: Iterable[Item], work: Callable[[list[Item]], R], workers: int) -> Iterator[R]:
    """``work`` applied to consecutive chunks of items, results in input order.

    With ``workers > 1`` the chunks go to worker processes; at most a few chunks per worker are in flight, so
    a large input is never read ahead into memory.
    """
    chunks = _chunks(items, CHUNK_SIZE)
    if workers <= 1:
        yield from map(work, chunks)
        return
    context = multiprocessing.get_context("fork")
    # Workers are forked while the parent's objects sit in the permanent generation, so that their garbage
    # collections do not walk (and copy, page by page) the parent's whole heap; the parent unfreezes at once.
    gc.freeze()
    try:
        pool = context.Pool(workers)
    finally:
        gc.unfreeze()
    with pool:
        pending: deque[Any] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(work, (chunk,)))
            if len(pending) >= workers * 3:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def read_items(items: Iterable[Item], options: PipelineOptions) -> Iterator[Outcome]:
    """Outcomes in input order (in this process: notices are expensive to send between processes)."""
    for item in items:
        yield read_item(item, options)


@dataclass(frozen=True, slots=True)
class Extracted:
    """The facts of one item (``sppmon.facts.notice_facts``), or why it was rejected."""

    origin: str
    facts: dict[str, Any] | None
    code: str = ""
    message: str = ""


def _extract_chunk(items: list[Item], options: PipelineOptions) -> list[Extracted]:
    from .facts import notice_facts

    extracted = []
    for item in items:
        outcome = read_item(item, options)
        if outcome.notice is None:
            error = outcome.error or CatalogedError("XML_MALFORMED", "unreadable")
            extracted.append(Extracted(outcome.origin, None, error.code, error.message))
            continue
        detections = detect_notice(outcome.notice) if options.detect else None
        extracted.append(Extracted(outcome.origin, notice_facts(outcome.notice, detections)))
    return extracted


def extract_facts(items: Iterable[Item], options: PipelineOptions) -> Iterator[Extracted]:
    """The facts of every item, in input order; with ``options.workers > 1`` computed in worker processes."""
    with spaced_collections():
        for chunk in map_chunks(items, partial(_extract_chunk, options=options), options.workers):
            yield from chunk


@dataclass
class IngestChunk:
    prepared: PreparedBatch
    rejections: list[Rejection]
    size: int


def _ingest_chunk(items: list[Item], options: PipelineOptions) -> IngestChunk:
    stored: list[StoredNotice] = []
    rejections: list[Rejection] = []
    for item in items:
        outcome = read_item(item, options)
        if outcome.notice is not None and _stored_copy_comes_later(item, outcome.notice.key):
            continue  # counted as read and unchanged, like the stored copy itself
        if outcome.notice is not None and outcome.content_sha256 is not None:
            detections = detect_notice(outcome.notice) if options.detect else None
            stored.append(StoredNotice(outcome.notice, outcome.origin, outcome.content_sha256, detections))
        else:
            error = outcome.error or CatalogedError("XML_MALFORMED", "unreadable")
            rejections.append(Rejection(outcome.origin, error.code, error.message, outcome.content_sha256))
    return IngestChunk(prepare(stored), rejections, len(items))


def _stored_copy_comes_later(item: Item, key: str) -> bool:
    """Whether the input repeats, after ``item``, the stored copy of its notice byte for byte. Of two copies of
    one notice version with different bytes in one input, the last one is kept; a re-run skips the stored (last)
    copy unparsed, so the earlier copy must not replace it: the store stays as it is and nothing is reported as
    changed."""
    if item.later is None:
        return False
    position, later = item.later
    return later.get(key, -1) > position


ProgressCallback = Callable[[int, int], None]  # (items done, rejected so far)


class _UnknownItems:
    """The items whose bytes are not the content of a stored notice, in order, with their bytes loaded.

    Each input is read and hashed here, and the hashes of a group of inputs are looked up in the store at
    once: a notice stored with the same bytes would be parsed only to be found unchanged, so it is counted as
    read and unchanged and goes no further. What the lookup misses (a notice in a batch not committed yet) is
    still found unchanged when its batch is written."""

    def __init__(self, items: Iterable[Item], store: Store) -> None:
        self.items, self.store = items, store
        self.skipped = 0

    def __iter__(self) -> Iterator[Item]:
        group: list[Item] = []
        size = 0
        for item in self.items:
            loaded = item.load()
            group.append(loaded)
            size += len(loaded.data or b"")
            if len(group) >= LOOKUP_ITEMS or size >= LOOKUP_BYTES:
                yield from self._unknown(group)
                group, size = [], 0
        yield from self._unknown(group)

    def _unknown(self, group: list[Item]) -> Iterator[Item]:
        hashes = [hashlib.sha256(item.data).hexdigest() if item.data is not None else None for item in group]
        known = self.store.stored_contents(sha for sha in hashes if sha is not None)
        later = {known[sha]: position for position, sha in enumerate(hashes) if sha is not None and sha in known}
        for position, (item, sha) in enumerate(zip(group, hashes, strict=True)):
            if sha is not None and sha in known:
                self.skipped += 1
            elif sha is not None:  # the hash travels with the item: read_item need not compute it again
                yield replace(item, sha256=sha, later=(position, later) if later else None)
            else:
                yield item


@dataclass
class IngestReport:
    counts: BatchCounts
    seconds: float
    batches: int


class _Batcher:
    """Collects chunks into store batches, written by a background thread while the next batch is read.

    DuckDB releases the GIL while it loads, so reading (or receiving from workers) and writing overlap. One
    write is in flight at a time: batches stay in order and memory stays bounded. A notice key seen again
    starts a new batch (it is then an update of the stored copy). ``plan`` says, batch by batch, whether the
    summary tables are kept or left to be recounted at the end of the load.
    """

    def __init__(self, store: Store, size: int, label: str, plan: SummaryPlan | None = None) -> None:
        self.store, self.size, self.label = store, size, label
        self.plan = plan or SummaryPlan(store)
        self.total = BatchCounts()
        self.batches = 0
        self.pending = PreparedBatch()
        self.pending_keys: set[str] = set()
        self.rejections: list[Rejection] = []
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sppmon-writer")
        self.writing: Future[BatchCounts] | None = None
        self.first_batch: int | None = None  # the id of the load's first batch, once it is written
        self.merged = True  # whether the last batch written merged (a load that writes none leaves merging on)

    def add(self, chunk: IngestChunk) -> None:
        # A full batch is written when the next chunk comes (the same batches): so the load's last batch is
        # always the one close() writes, knowing it is the last.
        if self._full or not self.pending_keys.isdisjoint(chunk.prepared.keys):
            self.flush()
        self.pending_keys |= chunk.prepared.keys
        self.pending.extend(chunk.prepared)
        self.rejections.extend(chunk.rejections)

    @property
    def _full(self) -> bool:
        return len(self.pending.notices) + len(self.rejections) >= self.size

    def flush(self, last: bool = False) -> None:
        self._wait()
        if self.pending.notices or self.rejections:
            # No write under way: what the next commit does may change. The batches leave the blocks of rows
            # they fill partly as they are; the last merges them when a merge is due (Store.compact_at_commit).
            self.plan.before_batch(len(self.pending.notices), last)
            if self.first_batch is None:
                self.first_batch = self.store.next_batch_id()
            self.merged = last and merge_due(self.first_batch, self.store.next_batch_id())
            self.store.compact_at_commit(self.merged)
            write = write_batch_resilient  # one refused notice must not sink its batch (store/resilient.py)
            self.writing = self.executor.submit(write, self.store, self.pending, self.rejections, self.label)
            self.batches += 1
        self.pending = PreparedBatch()
        self.pending_keys = set()
        self.rejections = []

    def _wait(self) -> None:
        if self.writing is not None:
            writing, self.writing = self.writing, None
            self.total.add(writing.result())  # re-raises a failed batch here, in the caller's thread

    def close(self) -> None:
        merging = True  # after a failed load too: the next writer's commit merges what the load left
        try:
            self.flush(last=True)
            self._wait()
            # Merging stays as the last batch left it: a merge (of every table) by whatever commits next would
            # undo the point of leaving the blocks of rows partly filled until one is due.
            merging = self.merged
        finally:  # no write under way here, even after a failed one
            self.store.compact_at_commit(merging)
            self.executor.shutdown()

    def abandon(self) -> None:
        """Stop: the write under way ends (a whole batch, one transaction), and so does a full batch waiting for
        the next chunk (as if written when it filled); nothing collected after them is written, so the store
        holds whole batches only."""
        if self._full:
            self.flush(last=True)
        self.pending = PreparedBatch()
        self.pending_keys = set()
        self.rejections = []
        try:
            self._wait()
        finally:
            self.store.compact_at_commit(True)  # the next writer's commit merges what this load left
            self.executor.shutdown()


def ingest(
    paths: Iterable[str],
    store: Store,
    options: PipelineOptions | None = None,
    progress: ProgressCallback | None = None,
    label: str = "ingest",
) -> IngestReport:
    """Read every notice under ``paths`` and store it, one transaction per batch.

    A package named among ``paths`` whose bytes were ingested whole before (every notice stored, none rejected)
    is recognised by its SHA-256 and not opened: its notices are counted as read and unchanged."""
    options = options or PipelineOptions()
    if not options.content_hash:
        return ingest_items(iter_items(paths, options.limits), store, options, progress, label)
    started = time.perf_counter()
    total, batches = BatchCounts(), 0

    def shown(done: int, rejected: int) -> None:  # progress over all the groups, not from zero in each
        if progress is not None:
            progress(total.read + done, total.rejected + rejected)

    plan = SummaryPlan(store)  # one choice for every group: the summary is recounted once, at the end
    for group, package in _path_groups(paths):
        if package is None:
            report = ingest_items(iter_items(group, options.limits), store, options, shown, label, plan)
        else:
            report = _ingest_package(Path(group[0]), package, store, options, shown, label, plan)
        total.add(report.counts)
        batches += report.batches
    plan.finish()  # a recount writes each fact's rows in order: nothing to tidy after it
    return IngestReport(total, time.perf_counter() - started, batches)


def _path_groups(paths: Iterable[str]) -> Iterator[tuple[list[str], str | None]]:
    """Consecutive paths that are not packages together; each package file alone, with its SHA-256."""
    group: list[str] = []
    for path in iter_paths(paths):
        sha = package_sha256(Path(path))
        if sha is None:
            group.append(path)
            continue
        if group:
            yield group, None
            group = []
        yield [path], sha
    if group:
        yield group, None


def _ingest_package(
    path: Path,
    sha: str,
    store: Store,
    options: PipelineOptions,
    progress: ProgressCallback,
    label: str,
    plan: SummaryPlan,
) -> IngestReport:
    known = store.stored_package(sha)
    if known is not None:
        progress(known, 0)
        return IngestReport(BatchCounts(read=known, unchanged=known), 0.0, 0)
    report = ingest_items(iter_items([str(path)], options.limits), store, options, progress, label, plan)
    if not report.counts.rejected:
        store.record_package(sha, str(path), report.counts.read)
    return report


def package_sha256(path: Path) -> str | None:
    """The SHA-256 of ``path`` if it is a package file (tar, or compressed), else ``None``."""
    try:
        with open_regular(path) as handle:  # a FIFO or device is never opened: it could wait or never end
            if not is_package(handle.read(HEAD_BYTES)):
                return None
            handle.seek(0)
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except (OSError, CatalogedError):
        return None  # not a readable regular file (a folder, a FIFO, missing): the sources report it


def ingest_items(
    items: Iterable[Item],
    store: Store,
    options: PipelineOptions | None = None,
    progress: ProgressCallback | None = None,
    label: str = "ingest",
    plan: SummaryPlan | None = None,
) -> IngestReport:
    """Store the notices of ``items`` (from any source), one transaction per batch; all is committed on return.
    ``plan``: the summary's plan of a larger load this is part of, which recounts it at its own end; without
    one, this load has its own."""
    options = options or PipelineOptions()
    started = time.perf_counter()
    store.prepare_for_bulk_load()
    own_plan = plan is None
    batcher = _Batcher(store, options.batch_size, label, plan)
    done = rejected = repeated = replaced_copies = 0
    work = partial(_ingest_chunk, options=options)
    unknown = _UnknownItems(items, store)
    with spaced_collections():  # records come and go by the thousand: fewer collections finding nothing
        try:
            for chunk in map_chunks(unknown if options.content_hash else items, work, options.workers):
                batcher.add(chunk)
                done += chunk.size
                rejected += len(chunk.rejections)
                repeated += (
                    chunk.size - len(chunk.prepared.notices) - len(chunk.rejections) - chunk.prepared.replaced_copies
                )
                replaced_copies += chunk.prepared.replaced_copies
                if progress is not None:
                    progress(done + unknown.skipped, rejected)
        finally:
            batcher.close()
    recounted = batcher.plan.finish() if own_plan else []
    if batcher.batches and not (recounted or batcher.plan.deferred):  # a recount writes each fact in order
        store.tidy_summary()
    if progress is not None and unknown.skipped:
        progress(done + unknown.skipped, rejected)
    repeated += unknown.skipped
    batcher.total.read += repeated + replaced_copies
    batcher.total.unchanged += repeated
    batcher.total.updated += replaced_copies
    return IngestReport(batcher.total, time.perf_counter() - started, batcher.batches)
