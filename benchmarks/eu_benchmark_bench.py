"""EU benchmark speed on a generated EU-wide store of at least 500,000 procedure lots (DuckDB).

    .venv/bin/python benchmarks/eu_benchmark_bench.py             # builds (once) and measures
    .venv/bin/python benchmarks/eu_benchmark_bench.py --lots 200000 --rebuild

The store is built by the fast path of benchmarks/indicators_bench.py: a seed of generated notices goes through
the real pipeline (sample generator → reader → store), then its rows are copied inside DuckDB with fresh notice
and procedure keys until the store holds the requested number of procedure lots. Each copy is given the buyer
country of one EU/EEA state (the seed keeps its own countries: Belgium and a few neighbours), and a share of its
lots that grows with the copy number loses its declared statuses (not reported), so that countries differ in
uptake and coverage. Cached in benchmarks/out/ (not committed).

Measured, best of three: the EU benchmark computation (every headline indicator and the CVD shares by country,
with intervals and ranks) against a baseline measured in the same run (one scan of the procedure_lots table, the
least any indicator must do); then the report built and written as HTML, PDF and XLSX in Dutch. Targets (the
computation < 60 s; the report, all formats, < 60 s) are printed beside the figures, not asserted.
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

from sppmon.benchmarking import eu_benchmark  # noqa: E402
from sppmon.benchmarking.countries import EEA_ONLY, EU  # noqa: E402
from sppmon.pipeline import PipelineOptions, ingest  # noqa: E402
from sppmon.reports.base import ReportRequest  # noqa: E402
from sppmon.reports.registry import REPORTS  # noqa: E402
from sppmon.reports.render import write_report  # noqa: E402
from sppmon.sample import write_sample  # noqa: E402
from sppmon.store import open_store  # noqa: E402
from sppmon.store.schema import NOTICE_TABLES  # noqa: E402
from timing import best_of  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
SEED_NOTICES = 8_000
TARGET_SECONDS = 60.0
COUNTRIES = (*EU, *EEA_ONLY)
_KEYED = {
    "notice_key",
    "notice_id",
    "procedure_key",
    "procedure_id",
    "publication_number",
    "changed_notice",
    "superseded_by",
}
_STATUSES = ("strategic_status", "green_status", "gpp_status", "social_status", "innovative_status")


def _copied(table: str, name: str) -> str:
    """The SQL of one column of copy ``r.i`` of table row ``x``."""
    if name in _KEYED:
        return f"x.{name} || '~' || CAST(r.i AS TEXT) AS {name}"
    if table == "notices" and name == "buyer_country":
        listed = ", ".join(f"'{code}'" for code in COUNTRIES)
        return f"list_extract([{listed}], CAST((r.i - 1) % {len(COUNTRIES)} + 1 AS INTEGER)) AS {name}"
    if table == "lots" and name in _STATUSES:  # copy i drops the statuses of about (i mod 10) × 8 % of its lots
        return f"CASE WHEN hash(x.lot_id || x.notice_key) % 100 < (r.i % 10) * 8 THEN NULL ELSE x.{name} END AS {name}"
    return f"x.{name}"


def build_store(path: Path, lots: int) -> int:
    """Seed through the real pipeline, then copy rows inside DuckDB until ``lots`` procedure lots exist."""
    path.unlink(missing_ok=True)
    work = Path(tempfile.mkdtemp(prefix="sppmon-eu-bench-"))
    try:
        package = write_sample(work / "seed.tar.gz", SEED_NOTICES, seed=11, layout="package")
        with open_store(str(path)) as store:
            ingest([str(package)], store, PipelineOptions(workers=max(1, (os.cpu_count() or 2) - 1)))
        with open_store(str(path)) as store:
            seed_lots = int(store.query("SELECT COUNT(*) FROM procedure_lots")[0][0])
            copies = max(1, math.ceil(lots / seed_lots))
            store.begin()
            for table in NOTICE_TABLES:
                columns = [_copied(table.name, name) for name in table.column_names]
                store.execute(
                    f"INSERT INTO {table.name} SELECT {', '.join(columns)} FROM {table.name} x, range(1, {copies}) r(i)"
                )
            store.commit()
            store.rebuild_procedure_lots()  # the copies bypass the batches that keep it (and the summary tables)
            store.execute("CHECKPOINT")
            return int(store.query("SELECT COUNT(*) FROM procedure_lots")[0][0])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(path: Path, out: Path) -> dict[str, object]:
    with open_store(str(path), read_only=True) as store:
        lots = int(store.query("SELECT COUNT(*) FROM procedure_lots")[0][0])
        countries = int(store.query("SELECT COUNT(DISTINCT buyer_country) FROM procedure_lots")[0][0])
        baseline = best_of(
            3,
            lambda: store.query(
                "SELECT COUNT(*), SUM(CASE WHEN green_status = 'yes' THEN 1 ELSE 0 END) FROM procedure_lots"
            ),
        )
        print(f"store      {lots:,} procedure lots, {countries} buyer countries")
        print(f"baseline   one scan of procedure_lots: {baseline:.3f} s")
        seconds = best_of(3, lambda: eu_benchmark(store))
        flag = "" if seconds < TARGET_SECONDS else "  SLOW"
        print(
            f"benchmark  EU benchmark computation: {seconds:.3f} s = {seconds / baseline:.1f}× baseline "
            f"(target < {TARGET_SECONDS:.0f} s){flag}"
        )
        result = eu_benchmark(store)
        green = next(ranking for ranking in result.indicators if ranking.code == "green")
        ranked = sum(1 for row in green.rows if row.rank is not None)
        print(f"           green: {len(green.rows)} countries, {ranked} ranked")
        started = time.perf_counter()
        document = REPORTS["eu-benchmark"].build(store, ReportRequest("nl"))
        built = time.perf_counter() - started
    written: dict[str, float] = {}
    for suffix in (".html", ".pdf", ".xlsx"):
        started = time.perf_counter()
        write_report(document, out / f"eu-benchmark-nl{suffix}")
        written[suffix] = round(time.perf_counter() - started, 3)
    total = built + sum(written.values())
    print(
        f"report     eu-benchmark (nl): build {built:.2f} s, html {written['.html']:.2f} s, "
        f"pdf {written['.pdf']:.2f} s, xlsx {written['.xlsx']:.2f} s; total {total:.2f} s (target < 60 s)"
    )
    return {
        "procedure_lots": lots,
        "buyer_countries": countries,
        "baseline_seconds": round(baseline, 3),
        "benchmark_seconds": round(seconds, 3),
        "benchmark_vs_baseline": round(seconds / baseline, 1),
        "report": {"build_seconds": round(built, 3), **{f"write{k}": v for k, v in written.items()}},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lots", type=int, default=500_000, help="procedure lots in the generated store")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached store")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"eu-benchmark-{args.lots}.duckdb"
    if args.rebuild or not path.exists():
        started = time.perf_counter()
        built = build_store(path, args.lots)
        print(f"built      {built:,} procedure lots in {time.perf_counter() - started:.1f} s → {path}")
    figures = {"python": sys.version.split()[0], "cpus": os.cpu_count(), **measure(path, OUT)}
    (OUT / "eu_benchmark.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {OUT / 'eu_benchmark.json'}")


if __name__ == "__main__":
    main()
