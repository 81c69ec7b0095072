"""The CPU of a full recount of the summary tables (``summary.rebuild``), on copies of a store.

    .venv/bin/python benchmarks/recount.py STORE [--runs 3] [--src DIR] [--query-memory]

STORE is a DuckDB file, left untouched: each run recounts a fresh copy of it, within the ingest's memory and
threads (as the recount that ends a load runs) or, with ``--query-memory``, within the query memory (as a
recount on opening runs). Prints each run's CPU (every thread of the process), the peak memory, and the rows
and lots each summary table holds afterwards, so that two versions of the code (``--src`` pointing at another
checkout's ``src``) can be compared on the same store, runs alternated by hand. A store built without the
summary (``SPPMON_SUMMARY=0 sppmon ingest …``) gives the recount that a first load of its size ends with.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--src", default=str(ROOT / "src"), help="the source tree to measure")
    parser.add_argument("--query-memory", action="store_true", help="recount with the query memory")
    options = parser.parse_args()
    if not options.store.is_file():
        raise SystemExit(f"{options.store}: no such DuckDB file")
    if not (Path(options.src) / "sppmon").is_dir():
        raise SystemExit(f"{options.src}: not a source tree holding the sppmon package")
    sys.path.insert(0, options.src)
    from sppmon.store import open_store, summary

    with tempfile.TemporaryDirectory(prefix="sppmon-recount-") as work:
        copy = Path(work) / "copy.duckdb"
        for run in range(1, options.runs + 1):
            shutil.copyfile(options.store, copy)
            with open_store(str(copy)) as store:
                if options.query_memory:
                    memory = store.whole_store_work()
                else:
                    store.prepare_for_bulk_load()
                    memory = contextlib.nullcontext()
                with memory:
                    started = time.process_time()
                    summary.rebuild(store)
                    spent = time.process_time() - started
                tables = {
                    table: store.query(f"SELECT COUNT(*), SUM(lots) FROM {table}")[0]
                    for table in dict.fromkeys(summary.LEVEL_TABLES.values())
                }
            print(
                f"run {run}: {spent:.3f} s CPU; "
                + "; ".join(f"{t} {r[0]:,} rows, {r[1]:,} lots" for t, r in tables.items())
            )
    print(f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; code of {summary.__file__}")


if __name__ == "__main__":
    main()
