"""Peak memory and time of every item of the hostile-input catalogue (tests/hostile_inputs.py), each in a fresh
process with the default limits, ingested into a fresh DuckDB store beside one valid notice.

    .venv/bin/python benchmarks/hostile_memory.py [--only NAME-PART] [--extra]

``--extra`` adds the items too slow for the test run: a tar member with a 100 MB name and a notice-sized
(64 MiB) plain member under a gzip bomb. The target is a peak under 600 MB for every item; the figure is the
child process's peak resident set size (``VmHWM``), which includes the interpreter and libraries
(about 150 MB before any input is read).

Each item's codes are compared with those the catalogue expects: a mismatch is printed on its own line, named
again at the end, and the benchmark exits with status 1.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM). Not ``ru_maxrss``: Linux carries that over an exec, so a
    spawned child would report its parent's peak."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ingest_case(name: str, paths: list[str], queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Ingest inputs built by the parent, so that this process's peak is the ingest's alone."""
    from sppmon.pipeline import PipelineOptions, ingest
    from sppmon.store import open_store

    before = _peak_mb()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch, open_store(str(Path(scratch) / "s.duckdb")) as store:
        report = ingest(paths, store, PipelineOptions())
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    codes = dict(report.counts.rejected_by_code)
    queue.put((name, before, peak, seconds, codes, report.counts.stored))


def _file_case(name: str, path: str, filename: str, kind: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from sppmon.errors import CatalogedError
    from sppmon.planning.lcc_files import load_input_bytes
    from sppmon.planning.plan import read_plan_bytes

    before = _peak_mb()
    started = time.perf_counter()
    code = "accepted"
    try:
        (read_plan_bytes if kind == "plan" else load_input_bytes)(Path(path).read_bytes(), filename)
    except CatalogedError as exc:
        code = exc.code
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    queue.put((name, before, peak, seconds, {code: 1}, 0))


def _measure(target: object, *args: object) -> tuple[str, float, float, float, dict[str, int], int]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get(timeout=600)
    process.join()
    return result  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="Only items whose name contains this text.")
    parser.add_argument("--extra", action="store_true", help="Also the slow items (100 MB member name, ...).")
    options = parser.parse_args()
    from tests.hostile_inputs import EXTRA_CASES, FILE_CASES, INGEST_CASES, valid_notice

    cases = [*INGEST_CASES, *(EXTRA_CASES if options.extra else ())]
    print(f"{'item':36} {'start MB':>9} {'peak MB':>8} {'seconds':>8}  codes")
    worst = 0.0
    mismatches: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        for index, case in enumerate(cases):
            if options.only not in case.name:
                continue
            folder = Path(scratch) / f"case{index}"
            folder.mkdir()
            name, data = valid_notice(index)
            (folder / name).write_bytes(data)
            paths = [str(path) for path in case.build(folder)]  # built here: the child only ingests
            expected = case.default_codes or case.codes  # this benchmark runs with the default limits
            worst = max(worst, _report(_measure(_ingest_case, case.name, paths), expected, mismatches))
        for index, file_case in enumerate(FILE_CASES):
            if options.only not in file_case.name:
                continue
            path = Path(scratch) / f"file{index}"
            path.write_bytes(file_case.build())
            result = _measure(_file_case, file_case.name, str(path), file_case.filename, file_case.kind)
            worst = max(worst, _report(result, {file_case.code: 1}, mismatches))
    print(f"worst peak: {worst:.0f} MB (target < 600 MB)")
    if mismatches:
        print(f"CODE MISMATCH in {len(mismatches)} item(s): {', '.join(mismatches)}", file=sys.stderr)
        sys.exit(1)
    print("every item gave its expected codes")


def _shown(codes: dict[str, int]) -> str:
    return ", ".join(f"{code} {count}" for code, count in sorted(codes.items())) or "none"


def _report(
    result: tuple[str, float, float, float, dict[str, int], int], expected: dict[str, int], mismatches: list[str]
) -> float:
    """Print one item's line; a code other than the catalogue expects is printed loudly and counted."""
    name, before, peak, seconds, codes, _ = result
    print(f"{name:36} {before:9.0f} {peak:8.0f} {seconds:8.2f}  {_shown(codes)}", flush=True)
    if codes != expected:
        mismatches.append(name)
        print(f"  !!! MISMATCH: {name} expected {_shown(expected)}, got {_shown(codes)}", flush=True)
    return peak


if __name__ == "__main__":
    main()
