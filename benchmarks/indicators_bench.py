"""Indicator and report speed on a generated store of about 1,000,000 procedure lots (DuckDB).

    .venv/bin/python benchmarks/indicators_bench.py             # builds (once) and measures
    .venv/bin/python benchmarks/indicators_bench.py --lots 200000 --rebuild

The store is built by a fast path: a seed of generated notices goes through the real pipeline (sample
generator → reader → store), then its rows are copied inside DuckDB with fresh notice and procedure keys until
the store holds the requested number of procedure lots. It is cached in benchmarks/out/ (not committed).

Measured, best of three: each indicator with one breakdown (year, and buyer), against a baseline measured in
the same run (one scan of the procedure_lots table, the least any indicator must do); the annual report built
and written as HTML, PDF and XLSX. Targets (each indicator < 1 s; the annual report, all formats, < 60 s) are
printed beside the figures, not asserted.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sppmon.indicators import REGISTRY, compute  # noqa: E402
from sppmon.pipeline import PipelineOptions, ingest  # noqa: E402
from sppmon.reports.base import ReportRequest  # noqa: E402
from sppmon.reports.registry import REPORTS  # noqa: E402
from sppmon.reports.render import write_report  # noqa: E402
from sppmon.sample import write_sample  # noqa: E402
from sppmon.store import open_store  # noqa: E402
from sppmon.store.schema import NOTICE_TABLES  # noqa: E402
from timing import best_of  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
SEED_NOTICES = 40_000
# Columns holding a notice key or an identifier that must stay unique per copy.
_KEYED = {
    "notice_key",
    "notice_id",
    "procedure_key",
    "procedure_id",
    "publication_number",
    "changed_notice",
    "superseded_by",
}


def build_store(path: Path, lots: int) -> int:
    """Seed through the real pipeline, then copy rows inside DuckDB until ``lots`` procedure lots exist."""
    path.unlink(missing_ok=True)
    work = Path(tempfile.mkdtemp(prefix="sppmon-ind-bench-"))
    try:
        package = write_sample(work / "seed.tar.gz", SEED_NOTICES, seed=7, layout="package")
        with open_store(str(path)) as store:
            ingest([str(package)], store, PipelineOptions(workers=max(1, (os.cpu_count() or 2) - 1)))
        # Opened again for the copies: the ingest bounded DuckDB's memory to its small bulk-load limit, too little
        # for copying the whole store in one statement; a fresh connection has the query memory setting.
        with open_store(str(path)) as store:
            seed_lots = int(store.query("SELECT COUNT(*) FROM procedure_lots")[0][0])
            copies = max(1, math.ceil(lots / seed_lots))
            store.begin()
            for table in NOTICE_TABLES:
                columns = [
                    f"x.{name} || '~' || CAST(r.i AS TEXT) AS {name}" if name in _KEYED else f"x.{name}"
                    for name in table.column_names
                ]
                store.execute(
                    f"INSERT INTO {table.name} SELECT {', '.join(columns)} FROM {table.name} x, range(1, {copies}) r(i)"
                )
            store.commit()
            store.rebuild_procedure_lots()  # the copies bypass the batches that keep it
            store.execute("CHECKPOINT")
            return int(store.query("SELECT COUNT(*) FROM procedure_lots")[0][0])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(path: Path, out: Path) -> dict[str, object]:
    figures: dict[str, object] = {}
    with open_store(str(path), read_only=True) as store:
        lots = int(store.query("SELECT COUNT(*) FROM procedure_lots")[0][0])
        baseline = best_of(
            3,
            lambda: store.query(
                "SELECT COUNT(*), SUM(CASE WHEN green_status = 'yes' THEN 1 ELSE 0 END) FROM procedure_lots"
            ),
        )
        print(f"store      {lots:,} procedure lots; baseline (one scan of procedure_lots) {baseline:.3f} s")
        figures["procedure_lots"] = lots
        figures["baseline_seconds"] = round(baseline, 3)
        per_indicator: dict[str, dict[str, float]] = {}
        for code in REGISTRY:
            entry: dict[str, float] = {}
            for by in ("year", "buyer"):
                seconds = best_of(3, lambda code=code, by=by: compute(store, code, by=(by,)))
                entry[f"by_{by}_seconds"] = round(seconds, 3)
            per_indicator[code] = entry
            slowest = max(entry.values())
            flag = "" if slowest < 1 else "  SLOW"
            print(
                f"indicator  {code:22} by year {entry['by_year_seconds']:6.3f} s  "
                f"by buyer {entry['by_buyer_seconds']:6.3f} s  = {slowest / baseline:5.1f}× baseline  "
                f"(target < 1 s){flag}"
            )
        figures["indicators"] = per_indicator
        year = int(store.query("SELECT MAX(year) FROM procedure_lots")[0][0])
        started = time.perf_counter()
        document = REPORTS["annual"].build(store, ReportRequest("nl", year=year))
        built = time.perf_counter() - started
    written: dict[str, float] = {}
    for suffix in (".html", ".pdf", ".xlsx"):
        started = time.perf_counter()
        write_report(document, out / f"annual-{year}{suffix}")
        written[suffix] = round(time.perf_counter() - started, 3)
    total = built + sum(written.values())
    print(
        f"report     annual {year}: build {built:.2f} s, html {written['.html']:.2f} s, pdf {written['.pdf']:.2f} s, "
        f"xlsx {written['.xlsx']:.2f} s; total {total:.2f} s (target < 60 s)"
    )
    figures["annual_report"] = {
        "build_seconds": round(built, 3),
        **{f"write{k}": v for k, v in written.items()},
        "total_seconds": round(total, 3),
    }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lots", type=int, default=1_000_000, help="procedure lots in the generated store")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached store")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"indicators-{args.lots}.duckdb"
    if args.rebuild or not path.exists():
        started = time.perf_counter()
        built = build_store(path, args.lots)
        print(f"built      {built:,} procedure lots in {time.perf_counter() - started:.1f} s → {path}")
    figures = {"python": sys.version.split()[0], "cpus": os.cpu_count(), **measure(path, OUT)}
    (OUT / "indicators.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {OUT / 'indicators.json'}")


if __name__ == "__main__":
    main()
