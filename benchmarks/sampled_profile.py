"""Where a whole `sppmon ingest` process spends its CPU, by stage, without a tracing profiler's distortion.

    .venv/bin/python benchmarks/sampled_profile.py INPUT... [--no-detect] [--workers N] [--rate 250]

Two runs of the same ingest into fresh DuckDB files: one plain, for its CPU (user + system, ``os.wait4``), and
one under the sampling profiler py-spy (``pip install py-spy``) in ``--gil`` mode, which samples only the thread
holding the interpreter lock. Each sample goes to the stage of the innermost sppmon module on its stack (shared
records and helpers are passed over: a record built by the reader counts for the reader). What no sample shows
ran outside the lock: lxml's parse, DuckDB's statements and checkpoints, hashing and reading files.
``benchmarks/profile_ingest.py`` gives the function-by-function profile (cProfile, in one thread, slower).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (module path inside the package, stage); the first that the innermost sppmon frame's file starts with decides
STAGES = (
    ("readers/", "reader (XML tree to records)"),
    ("detect/", "text detection"),
    ("store/rows.py", "rows of the tables"),
    ("store/columnar.py", "Arrow blocks"),
    ("store/", "store, Python side"),
    ("notice_limits.py", "length check"),
    ("xmlsafe.py", "parse, Python side"),
    ("sources/", "files and pipeline"),
    ("pipeline.py", "files and pipeline"),
)
# helpers shared by every stage: a sample in them belongs to the stage that called them
PASSED_OVER = ("model.py", "records.py", "enrich/", "amounts.py", "errors.py")
# py-spy names a file by its path under the sys.path entry it was imported from ("sppmon/readers/ubl.py:82")
_PACKAGE_FILE = re.compile(r"\((?:.*/)?sppmon/([^:]*):\d+\)$")


def stage_of(stack: str) -> str:
    """The stage of one py-spy stack (frames ``function (path:line)`` joined by ``;``, outermost first)."""
    if "<frozen importlib._bootstrap>" in stack:  # a module run as it is imported, whatever it belongs to
        return "imports"
    for frame in reversed(stack.split(";")):
        found = _PACKAGE_FILE.search(frame)
        inside = found.group(1) if found else ""
        if not inside or inside.startswith(PASSED_OVER):
            continue
        for prefix, stage in STAGES:
            if inside.startswith(prefix):
                return stage
        return "other sppmon code"
    return "other (interpreter, libraries)"


def stages(raw: Path, rate: int) -> dict[str, float]:
    """Seconds per stage from py-spy's raw output (one ``stack count`` per line)."""
    seconds: dict[str, float] = {}
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if count.isdigit():
            stage = stage_of(stack)
            seconds[stage] = seconds.get(stage, 0.0) + int(count) / rate
    return seconds


def ingest_command(inputs: list[str], database: Path, options: argparse.Namespace) -> list[str]:
    command = [sys.executable, "-m", "sppmon", "ingest", *inputs, "--db", str(database), "--no-progress"]
    command += ["--workers", str(options.workers)] + (["--no-detect"] if options.no_detect else [])
    return command


def plain_cpu(command: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: some inputs rejected, still a complete run
        raise SystemExit(f"{' '.join(command)} failed")
    return float(usage.ru_utime + usage.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--no-detect", action="store_true")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rate", type=int, default=250, help="samples per second")
    options = parser.parse_args()
    spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if spy is None:
        raise SystemExit("py-spy is not installed: pip install py-spy")
    with tempfile.TemporaryDirectory(prefix="sppmon-sampled-") as work:
        cpu = plain_cpu(ingest_command(options.inputs, Path(work) / "plain.duckdb", options))
        raw = Path(work) / "samples.txt"
        sampled = ingest_command(options.inputs, Path(work) / "sampled.duckdb", options)
        record = [spy, "record", "--gil", "-r", str(options.rate), "-f", "raw", "-o", str(raw), "--", *sampled]
        if options.workers > 1:
            record.insert(2, "--subprocesses")
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        subprocess.run(record, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        seconds = stages(raw, options.rate)
    holding = sum(seconds.values())
    print(f"ingest of {' '.join(options.inputs)}: {cpu:.2f} s CPU (unprofiled run)")
    print(f"  {'holding the interpreter lock':34} {holding:6.2f} s  {holding / cpu:6.1%}")
    for stage, spent in sorted(seconds.items(), key=lambda item: -item[1]):
        print(f"    {stage:32} {spent:6.2f} s  {spent / cpu:6.1%}")
    outside = max(cpu - holding, 0.0)
    print(f"  {'outside it (parse, DuckDB, I/O)':34} {outside:6.2f} s  {outside / cpu:6.1%}")


if __name__ == "__main__":
    main()
