"""Detection overhead: ingest with text detection against ingest without, on the same files, in one run.

Called by ``benchmarks/run.py`` (section "detection"); the target is a ratio of at most 1.5×.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from sppmon.pipeline import PipelineOptions, ingest
from sppmon.store import open_store

_DOC_ID = re.compile(rb'DOC_ID="[^"]*"')


def legacy_corpus(source: Path, target: Path, copies: int) -> int:
    """The shared legacy TED notices, copied with fresh document ids so that every copy is a new notice."""
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for copy in range(copies):
        for path in sorted(source.glob("*.xml")):
            number = copy * 10_000 + written % 10_000
            data = _DOC_ID.sub(f'DOC_ID="{number:06d}-2001"'.encode(), path.read_bytes(), count=1)
            (target / f"{copy:04d}-{path.name}").write_bytes(data)
            written += 1
    return written


def _ingest(folder: Path, database: Path, detect: bool) -> None:
    database.unlink(missing_ok=True)
    with open_store(str(database)) as store:
        ingest([str(folder)], store, PipelineOptions(detect=detect))


def _best_of(runs: int, function: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def detection_overhead(name: str, folder: Path, work: Path) -> dict[str, float]:
    database = work / f"detect-{name}.duckdb"
    without = _best_of(3, lambda: _ingest(folder, database, detect=False))
    with_detection = _best_of(3, lambda: _ingest(folder, database, detect=True))
    count = sum(1 for _ in folder.iterdir())
    ratio = with_detection / without
    print(
        f"detection  {name:9} {count:>7,} notices  ingest without {without:6.2f} s, with {with_detection:6.2f} s "
        f"= {ratio:4.2f}× (target ≤ 1.5×)"
    )
    return {
        "notices": count,
        "without_seconds": round(without, 3),
        "with_seconds": round(with_detection, 3),
        "ratio": round(ratio, 2),
    }
