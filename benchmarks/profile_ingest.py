"""Where the time of an ingest goes: a profile, and the cost of the batch writes as the store grows.

    .venv/bin/python benchmarks/profile_ingest.py INPUT...              # profile of ingesting every INPUT
    .venv/bin/python benchmarks/profile_ingest.py INPUT... --growth     # one ingest per INPUT into one store
    options: --db FILE (default: a fresh temporary DuckDB file), --no-detect, --top N, --sort tottime

The profile runs the store writes in the calling thread (the pipeline normally writes in a background thread,
which a profiler of one thread would not see), so its total is the CPU of a whole ingest. ``--growth`` prints,
per INPUT, the seconds of the whole ingest and of its batch writes with the number of notices stored before:
a write cost that follows the batch stays flat while the store grows.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import sppmon.pipeline  # noqa: E402
from sppmon.pipeline import PipelineOptions, ingest  # noqa: E402
from sppmon.store import Store, open_store  # noqa: E402


class InlineExecutor:
    """Runs each submitted call at once in the calling thread (stands in for the pipeline's writer thread)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(function(*args))
        except Exception as exc:  # re-raised where the pipeline waits for the write, as with a thread
            future.set_exception(exc)
        return future

    def shutdown(self) -> None:
        pass


def timed_writes(store: Store) -> list[float]:
    """Wrap the store's batch write so that each call's seconds are recorded."""
    seconds: list[float] = []
    write = store.write_prepared

    def measured(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return write(*args, **kwargs)
        finally:
            seconds.append(time.perf_counter() - started)

    store.write_prepared = measured  # type: ignore[method-assign]
    return seconds


def profile(inputs: list[str], database: str, options: PipelineOptions, top: int, sort: str) -> None:
    with open_store(database) as store:
        profiler = cProfile.Profile()
        started = time.process_time()
        profiler.enable()
        report = ingest(inputs, store, options)
        profiler.disable()
        cpu = time.process_time() - started
    print(f"ingest of {report.counts.read:,} notices: {cpu:.2f} s CPU (profiled; the profiler adds its own cost)")
    pstats.Stats(profiler).sort_stats(sort).print_stats(top)


def growth(inputs: list[str], database: str, options: PipelineOptions) -> None:
    print(f"{'input':40} {'stored before':>13} {'notices':>8} {'ingest s':>9} {'writes s':>9} {'ms/notice':>10}")
    with open_store(database) as store:
        seconds = timed_writes(store)
        for path in inputs:
            before = store.count("notices")
            seconds.clear()
            started = time.perf_counter()
            report = ingest([path], store, options)
            elapsed = time.perf_counter() - started
            written = sum(seconds)
            per_notice = 1000 * written / max(report.counts.read, 1)
            print(
                f"{Path(path).name:40} {before:>13,} {report.counts.read:>8,} {elapsed:>9.2f} {written:>9.2f} "
                f"{per_notice:>10.3f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--db", help="DuckDB file or postgresql:// URL (default: a fresh temporary DuckDB file)")
    parser.add_argument("--growth", action="store_true", help="one ingest per input, write cost per store size")
    parser.add_argument("--no-detect", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime"))
    args = parser.parse_args()
    sppmon.pipeline.ThreadPoolExecutor = InlineExecutor  # type: ignore[misc,assignment]
    options = PipelineOptions.from_settings(detect=not args.no_detect)
    with tempfile.TemporaryDirectory(prefix="sppmon-profile-") as scratch:
        database = args.db or str(Path(scratch) / "profile.duckdb")
        if args.growth:
            growth(args.inputs, database, options)
        else:
            profile(args.inputs, database, options, args.top, args.sort)


if __name__ == "__main__":
    main()
