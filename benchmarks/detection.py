"""Detection overhead: ingest with text detection against ingest without, on the same files, in one run.

Called by ``benchmarks/run.py`` (section "detection"), or alone:

    .venv/bin/python benchmarks/detection.py [--notices N] [--package FILE] [--runs N]

``--package`` (default: the shared TED pool ``ted-pool/ted-xml-3163.tar.gz`` when present) times ingest of one
real TED package, read in place, with and without detection; ``--runs`` sets how often each variant runs for it
(default 2; the package is large).

The two variants run alternately, five times each, and the best time of each counts, so that load changes on
a shared machine hit both alike. Wall time and CPU time (all threads of the process) are both reported; the
CPU-time ratio is the one to read on a busy machine. The target is a ratio of at most 1.5×.
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


def _alternating(
    runs: int, first: Callable[[], object], second: Callable[[], object]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Best (wall, CPU) seconds of each function, run alternately."""
    wall: tuple[list[float], list[float]] = ([], [])
    cpu: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for index, function in enumerate((first, second)):
            started, started_cpu = time.perf_counter(), time.process_time()
            function()
            wall[index].append(time.perf_counter() - started)
            cpu[index].append(time.process_time() - started_cpu)
    return (min(wall[0]), min(cpu[0])), (min(wall[1]), min(cpu[1]))


def detection_overhead(
    name: str, folder: Path, work: Path, runs: int = 5, notices: int | None = None
) -> dict[str, float]:
    """Ingest ``folder`` (a folder of notices, or one package file) with and without detection."""
    database = work / f"detect-{name}.duckdb"
    (without, without_cpu), (with_detection, with_cpu) = _alternating(
        runs, lambda: _ingest(folder, database, detect=False), lambda: _ingest(folder, database, detect=True)
    )
    count = notices if notices is not None else sum(1 for _ in folder.iterdir())
    ratio, cpu_ratio = with_detection / without, with_cpu / without_cpu
    print(
        f"detection  {name:9} {count:>7,} notices  ingest without {without:6.2f} s, with {with_detection:6.2f} s "
        f"= {ratio:4.2f}× wall, CPU {without_cpu:6.2f} s → {with_cpu:6.2f} s = {cpu_ratio:4.2f}× (target ≤ 1.5×)"
    )
    return {
        "notices": count,
        "without_seconds": round(without, 3),
        "with_seconds": round(with_detection, 3),
        "ratio": round(ratio, 2),
        "without_cpu_seconds": round(without_cpu, 3),
        "with_cpu_seconds": round(with_cpu, 3),
        "cpu_ratio": round(cpu_ratio, 2),
    }


def _members(package: Path) -> int:
    import tarfile

    with tarfile.open(package) as archive:
        return sum(1 for member in archive if member.isfile())


def main() -> None:
    import argparse
    import os
    import shutil
    import sys
    import tempfile

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "src"))
    from sppmon.sample import write_sample

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notices", type=int, default=2000, help="generated notices (0: none)")
    parser.add_argument("--package", type=Path, default=None, help="a TED package to ingest in place")
    parser.add_argument("--runs", type=int, default=2, help="runs of each variant on the package")
    args = parser.parse_args()
    shared = Path(os.environ.get("SPPMON_SHARED", root.parent / "shared"))
    package = args.package or shared / "corpus" / "ted-pool" / "ted-xml-3163.tar.gz"
    work = Path(tempfile.mkdtemp(prefix="sppmon-detect-"))
    try:
        if package.is_file():
            detection_overhead("package", package, work, runs=args.runs, notices=_members(package))
        if args.notices <= 0:
            return
        detection_overhead("generated", write_sample(work / "generated", args.notices, seed=42, layout="dir"), work)
        if (shared / "corpus" / "ted-xml").is_dir():
            legacy_corpus(shared / "corpus" / "ted-xml", work / "legacy", max(1, args.notices // 134 // 2))
            detection_overhead("legacy", work / "legacy", work)
        if (shared / "corpus" / "eforms").is_dir():
            from run import real_corpus

            real_corpus(work / "real", max(1, args.notices // 69 // 2))
            detection_overhead("real", work / "real", work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
