"""An uploaded package read and parsed in a worker process, stored by the server's one writer path.

The worker (see :mod:`.workers`) does the work that holds the interpreter lock — decompressing, parsing,
text detection, preparing the row blocks — chunk by chunk through the ingest pipeline's own steps, and writes
each prepared chunk to a file of the upload's temporary folder. The server then stores the chunks in order with
the pipeline's batcher, on the store it writes with (its own connection, the gated writer of several workers, or
a PostgreSQL connection): the worker never opens the store, so one process writes it, as everywhere else.

Storing has a time limit too. It is checked between chunks: past it, the batch being written ends (one
transaction: whole or not at all), nothing more is written, and :class:`StoreTimeout` says what was stored.
"""

from __future__ import annotations

import math
import pickle
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from ..pipeline import (
    IngestChunk,
    IngestReport,
    PipelineOptions,
    _Batcher,  # the pipeline's batching, so that an upload is stored exactly as `sppmon ingest` stores it
    _ingest_chunk,
    map_chunks,
)
from ..sources.files import iter_items
from ..store import BatchCounts, Store


def _chunk_path(folder: Path, number: int) -> Path:
    return folder / f"chunk-{number:06d}.pickle"


def parse_upload(path: str, folder: str, options: PipelineOptions) -> int:
    """In the worker: the prepared chunks of the file at ``path``, written to ``folder``; their number."""
    work = partial(_ingest_chunk, options=options)
    count = 0
    for count, chunk in enumerate(map_chunks(iter_items([path], options.limits), work, 1), start=1):
        target = _chunk_path(Path(folder), count)
        partial_target = target.with_suffix(".part")
        partial_target.write_bytes(pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL))
        partial_target.replace(target)  # whole or absent
    return count


def _chunks(folder: Path, count: int) -> Iterator[IngestChunk]:
    for number in range(1, count + 1):
        chunk_file = _chunk_path(folder, number)
        chunk = pickle.loads(chunk_file.read_bytes())  # noqa: S301 - written by our own worker into our own temporary folder
        chunk_file.unlink()
        assert isinstance(chunk, IngestChunk)
        yield chunk


class StoreTimeout(Exception):
    """Storing an upload ran past its time limit and stopped between two batches; ``counts`` are those of the
    whole batches stored before (each one transaction: nothing of a batch is half-written)."""

    def __init__(self, seconds: float, counts: BatchCounts) -> None:
        super().__init__(f"storing the upload took longer than {seconds:g} s; {counts.stored} notices stored")
        self.seconds = seconds
        self.counts = counts


def store_chunks(
    folder: str,
    count: int,
    store: Store,
    options: PipelineOptions,
    label: str,
    seconds: float = math.inf,
    clock: Callable[[], float] = time.monotonic,
) -> IngestReport:
    """In the server: the chunks the worker prepared, stored one transaction per batch, counted as
    :func:`sppmon.pipeline.ingest_items` counts them. Past ``seconds`` it stops between two chunks, lets the
    batch under way end and writes nothing more (:class:`StoreTimeout`)."""
    started = time.perf_counter()
    deadline = clock() + seconds
    store.prepare_for_bulk_load()
    batcher = _Batcher(store, options.batch_size, label)
    repeated = 0
    stopped = False
    try:
        for chunk in _chunks(Path(folder), count):
            stopped = clock() > deadline
            if stopped:
                break
            batcher.add(chunk)
            repeated += chunk.size - len(chunk.prepared.notices) - len(chunk.rejections)
        stopped = stopped or clock() > deadline  # the last batch is written by close(): not past the limit
    finally:
        if stopped:
            batcher.abandon()
        else:
            batcher.close()
    batcher.plan.finish()  # the batches stored before a stop are counted as well
    if stopped:
        raise StoreTimeout(seconds, batcher.total)
    batcher.total.read += repeated
    batcher.total.unchanged += repeated
    return IngestReport(batcher.total, time.perf_counter() - started, batcher.batches)
