"""Whole processes against a plain parse: what a user pays for each command, measured as shipped.

    .venv/bin/python benchmarks/process_bench.py [--notices 10000] [--runs 3] [--no-ted] [--large 100000]
    (also run by benchmarks/run.py, with --large 100000; `run.py --process` runs only this part)

Every figure is a separate process started from the shell's point of view (`python -m sppmon …` with the
defaults, text detection included), against `benchmarks/parse_only.py` — a bare interpreter that reads the
same bytes and parses each notice with lxml — in the same run, runs alternated, the median of ``--runs``. CPU
is user + system of the process and the workers it waited for (``os.wait4``); peak memory is the process's own
maximum resident set (an upper bound for small processes: Linux carries this benchmark's own resident size over
``exec`` into the child's maximum). sppmon's modules are compiled to bytecode first, as installing the package
does (an editable install under ``PYTHONDONTWRITEBYTECODE`` would otherwise compile them again in every
process: 0.06 s of each one's CPU). Datasets: generated notices (a folder of XML files) and, when the shared
corpus is present, the real TED package ``corpus/ted-pool/ted-xml-3163.tar.gz`` (3,163 legacy notices).

Measured: ingest into a fresh DuckDB store with and without detection; the re-ingest of the same input,
unchanged; extract; ingest with ``--workers 2`` (its speed-up in wall time against one worker); the start-up
of ``sppmon --help``. With ``--large N``, N more generated notices: ingest with and without detection and the
re-ingest of the same input, with their peak memory (the targets hold at 100,000 notices too). Targets (issue 17)
are printed beside the ratios, not asserted.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SPPMON_SHARED", ROOT.parent / "shared"))
TED_PACKAGE = SHARED / "corpus" / "ted-pool" / "ted-xml-3163.tar.gz"
sys.path.insert(0, str(ROOT / "src"))


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mb: float


def run(command: list[str]) -> Run:
    """One process to its end: wall seconds, CPU seconds (its own and its waited-for workers'), peak MB."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0, 1):  # 1: some inputs rejected, still a complete run
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {errors[-500:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def sppmon(*args: str) -> list[str]:
    return [sys.executable, "-m", "sppmon", *args]


def parse_only(path: Path) -> list[str]:
    return [sys.executable, str(ROOT / "benchmarks" / "parse_only.py"), str(path)]


def median_runs(
    runs: int, commands: dict[str, Callable[[], list[str]]], before: Callable[[str], None]
) -> dict[str, Run]:
    """Each command ``runs`` times, alternated (a, b, c, a, b, c, …); the median of each measure."""
    measured: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            before(name)
            measured[name].append(run(command()))
    return {
        name: Run(*(statistics.median(getattr(r, field) for r in results) for field in ("wall", "cpu", "peak_mb")))
        for name, results in measured.items()
    }


TARGETS = {
    "ingest": "≤ 3×",
    "ingest --no-detect": "≤ 2.5×",
    "re-ingest unchanged": "≤ 1.2×",
    "extract": "≤ 2×",
    "ingest --workers 2": "",
}
EVERY_MEASURE = tuple(TARGETS)
# At 100,000 notices: what the targets name at that size (ingest with and without detection, the re-run of the
# same input) and the peak memory of each; extract and the workers' speed-up do not change with the size.
LARGE_MEASURES = ("ingest", "ingest --no-detect", "re-ingest unchanged")


def dataset(
    label: str, path: Path, work: Path, runs: int, measures: tuple[str, ...] = EVERY_MEASURE
) -> dict[str, object]:
    fresh, again, workers = work / f"{label}-fresh.duckdb", work / f"{label}-again.duckdb", work / f"{label}-w2.duckdb"

    def clear(name: str) -> None:
        database = {"ingest": fresh, "ingest --no-detect": fresh, "ingest --workers 2": workers}.get(name)
        if database is not None:  # a fresh store for every ingest
            for stale in (database, database.with_name(database.name + ".wal")):
                stale.unlink(missing_ok=True)

    if "re-ingest unchanged" in measures:
        run(sppmon("ingest", str(path), "--db", str(again), "--no-progress"))  # the store a re-run finds
    every: dict[str, Callable[[], list[str]]] = {
        "parse-only": lambda: parse_only(path),
        "ingest": lambda: sppmon("ingest", str(path), "--db", str(fresh), "--no-progress"),
        "ingest --no-detect": lambda: sppmon("ingest", str(path), "--db", str(fresh), "--no-progress", "--no-detect"),
        "re-ingest unchanged": lambda: sppmon("ingest", str(path), "--db", str(again), "--no-progress"),
        "extract": lambda: sppmon("extract", str(path)),
        "ingest --workers 2": lambda: sppmon("ingest", str(path), "--db", str(workers), "--no-progress", "-w", "2"),
    }
    results = median_runs(runs, {name: every[name] for name in ("parse-only", *measures)}, clear)
    base = results["parse-only"]
    print(f"{label}: parse-only {base.wall:.2f} s wall, {base.cpu:.2f} s CPU, {base.peak_mb:.0f} MB")
    figures: dict[str, object] = {"parse_only": vars(base)}
    for name in measures:
        result, target = results[name], TARGETS[name]
        line = (
            f"  {name:22} {result.wall:7.2f} s wall = {result.wall / base.wall:5.2f}×  "
            f"{result.cpu:7.2f} s CPU = {result.cpu / base.cpu:5.2f}×  peak {result.peak_mb:5.0f} MB"
        )
        if target:
            line += f"   (target CPU {target})"
        print(line)
        figures[name] = {**vars(result), "cpu_ratio": round(result.cpu / base.cpu, 2)}
    if "ingest" in measures and "ingest --workers 2" in measures:
        speedup = results["ingest"].wall / results["ingest --workers 2"].wall
        print(f"  --workers 2 speed-up (wall, against one worker): {speedup:.2f}× (target ≥ 1.8×)")
        figures["workers_2_speedup"] = round(speedup, 2)
    return figures


def startup(runs: int) -> dict[str, object]:
    commands: dict[str, Callable[[], list[str]]] = {
        "help": lambda: sppmon("--help"),
        "bare": lambda: [sys.executable, "-c", "0"],
    }
    results = median_runs(runs, commands, lambda name: None)
    help_run = results["help"]
    print(
        f"start-up: sppmon --help {help_run.wall:.2f} s wall, {help_run.cpu:.2f} s CPU, {help_run.peak_mb:.0f} MB "
        f"(bare interpreter {results['bare'].wall:.2f} s; target < 0.3 s, < 60 MB)"
    )
    return {name: vars(result) for name, result in results.items()}


def compile_sources() -> None:
    """sppmon's bytecode, written beside its sources as an install writes it (the children only read it)."""
    if not compileall.compile_dir(ROOT / "src" / "sppmon", quiet=1):
        raise RuntimeError("sppmon's sources did not compile")


def figures(notices: int, runs: int, ted: bool, large: int = 0) -> dict[str, object]:
    """Every measure on ``notices`` generated notices and on the TED package (``ted``); with ``large``, the
    measures of :data:`LARGE_MEASURES` on that many generated notices too."""
    from sppmon.sample import write_sample

    compile_sources()
    load = os.getloadavg()
    print(f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs; median of {runs}")
    results: dict[str, object] = {"load_average": load, "runs": runs, "startup": startup(max(runs, 3))}
    with tempfile.TemporaryDirectory(prefix="sppmon-process-bench-") as scratch:
        work = Path(scratch)
        folder = write_sample(work / "generated", notices, seed=42, layout="dir")
        results[f"generated_{notices}"] = dataset(f"generated {notices:,}", folder, work, runs)
        if large:
            shutil.rmtree(folder)  # its bytes are not needed again: the large set takes their place on disk
            folder = write_sample(work / "generated-large", large, seed=42, layout="dir")
            results[f"generated_{large}"] = dataset(f"generated {large:,}", folder, work, runs, LARGE_MEASURES)
        if ted and TED_PACKAGE.is_file():
            results["ted_3163"] = dataset("TED package 3,163", TED_PACKAGE, work, runs)
        elif ted:
            print(f"TED package skipped: {TED_PACKAGE} is absent")
    load = os.getloadavg()
    print(f"load average after: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-ted", action="store_true", help="skip the real TED package")
    parser.add_argument(
        "--large", type=int, default=0, help="also ingest (with and without detection) and re-ingest N notices"
    )
    args = parser.parse_args()
    figures(args.notices, args.runs, not args.no_ted, args.large)


if __name__ == "__main__":
    main()
