"""Does the CPU of an ingest per notice grow with the store? A batch ingested into an empty store against the same
batch ingested into a store already holding many notices, in one run.

    .venv/bin/python benchmarks/store_growth.py [--batch 2000] [--stored 50000] [--seed-notices 10000] [--runs 3]
                                                [--src DIR]

The large store is built once: ``--seed-notices`` generated notices are ingested, then copied inside DuckDB with
fresh keys (notice, notice id, procedure, publication number) until it holds ``--stored`` notices, and
``procedure_lots`` and the summary tables are recounted. Each run then copies that store file (or starts an empty
one), ingests the same ``--batch`` new generated notices with the shipped defaults (text detection on) but the
summary tables kept per batch in both stores (``SPPMON_SUMMARY_RECOUNT_SHARE=off``: as shipped, a load of several
batches into an empty store recounts them at its end instead, another way of working whose cost is printed apart),
and records the CPU of the ingest from opening the store to closing it (``time.process_time``: every thread of
the process, DuckDB's included). Runs alternate between the stores; the medians are printed with the ratio of
the two kept per batch (target: within 1.10).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# --src DIR: measure another source tree (a copy of an earlier commit's src) with this same script
_SOURCE = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else str(ROOT / "src")
sys.path.insert(0, _SOURCE)

from sppmon.pipeline import PipelineOptions, ingest  # noqa: E402
from sppmon.sample import write_sample  # noqa: E402
from sppmon.store import open_store  # noqa: E402
from sppmon.store.schema import NOTICE_TABLES, NOTICES, Table  # noqa: E402

# Columns of ``notices`` that identify a notice or link it to others: a copy gets them suffixed.
_NOTICE_IDENTIFIERS = ("notice_key", "notice_id", "procedure_key", "publication_number", "changed_notice")


def copy_statement(table: Table, suffix: str) -> str:
    """INSERT a copy of the original rows of ``table`` with suffixed identifiers (portable: explicit columns)."""
    suffixed = (*_NOTICE_IDENTIFIERS, "content_sha256") if table.name == NOTICES.name else ("notice_key",)
    selected = [
        f"{name} || '{suffix}'" if name in suffixed else "NULL" if name == "content_digest" else name
        for name in table.column_names
    ]
    return (
        f"INSERT INTO {table.name} ({', '.join(table.column_names)}) SELECT {', '.join(selected)} "
        f"FROM {table.name} WHERE notice_key NOT LIKE '%~%'"
    )


def build_large_store(database: Path, work: Path, seed_notices: int, stored: int, options: PipelineOptions) -> int:
    seed = write_sample(work / "seed", seed_notices, seed=1, layout="dir")
    with open_store(str(database)) as store:
        ingest([str(seed)], store, options)
        copies = max(stored // max(store.count(NOTICES.name), 1) - 1, 0)
        store.begin()
        for copy in range(1, copies + 1):
            for table in NOTICE_TABLES:
                store.execute(copy_statement(table, f"~{copy}"))
        store.commit()
        store.rebuild_procedure_lots()
        return store.count(NOTICES.name)


def ingest_cpu(database: Path, batch: Path, options: PipelineOptions, share: str) -> float:
    """The CPU of one ingest with ``SPPMON_SUMMARY_RECOUNT_SHARE`` set to ``share`` for it, from opening the
    store to closing it: DuckDB writes what the load left into the file when the store closes (a checkpoint,
    which may merge row groups), as it does when a command ends."""
    before = os.environ.get(RECOUNT)
    os.environ[RECOUNT] = share
    try:
        started = time.process_time()
        with open_store(str(database)) as store:
            ingest([str(batch)], store, options)
        return time.process_time() - started
    finally:
        if before is None:
            del os.environ[RECOUNT]
        else:
            os.environ[RECOUNT] = before


RECOUNT = "SPPMON_SUMMARY_RECOUNT_SHARE"
# run name → (store, the share of the run): kept per batch in both stores, and as shipped into the empty one
RUNS = {"empty": ("empty", "off"), "large": ("large", "off"), "empty, shipped": ("empty", "0.5")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--stored", type=int, default=50_000)
    parser.add_argument("--seed-notices", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--src", help="source tree to measure (default: this checkout's src)")
    args = parser.parse_args()
    options = PipelineOptions.from_settings()
    with tempfile.TemporaryDirectory(prefix="sppmon-growth-") as scratch:
        work = Path(scratch)
        large = work / "large.duckdb"
        started = time.perf_counter()
        held = build_large_store(large, work, args.seed_notices, args.stored, options)
        print(f"large store: {held:,} notices, built in {time.perf_counter() - started:.0f} s")
        batch = write_sample(work / "batch", args.batch, seed=7, layout="dir")
        cpu: dict[str, list[float]] = {name: [] for name in RUNS}
        for run in range(args.runs):
            for name, (store, share) in RUNS.items():
                database = work / f"run-{run}-{store}.duckdb"
                if store == "large":
                    shutil.copyfile(large, database)
                cpu[name].append(ingest_cpu(database, batch, options, share))
                database.unlink()
        medians = {name: statistics.median(values) for name, values in cpu.items()}
        labels = {
            "empty": "empty store",
            "large": f"store of {held:,}",
            "empty, shipped": "empty, as shipped",
        }
        for name, label in labels.items():
            runs = ", ".join(f"{value:.2f}" for value in cpu[name])
            print(f"{label:>20}: {1000 * medians[name] / args.batch:.2f} ms CPU per notice (runs: {runs} s)")
        print(f"ratio large ÷ empty, kept per batch: {medians['large'] / medians['empty']:.2f} (target ≤ 1.10)")


if __name__ == "__main__":
    main()
