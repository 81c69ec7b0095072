"""Speed of the outcome estimates (sppmon outcomes) on a generated store (DuckDB).

    .venv/bin/python benchmarks/outcomes_bench.py                  # 20,000 notices
    .venv/bin/python benchmarks/outcomes_bench.py --notices 5000

Generated notices go through the real pipeline; the sample generator writes vehicle counts but no declared
energy savings, so one energy-efficiency item with savings and a quantity is added per lot result (a category
and a quantity drawn from the result's key, some without a quantity so that notes are listed too).

Measured, best of three: the estimates with the default breakdowns and by buyer, against a baseline measured in
the same run (one scan of eed_items and vehicle_counts joined to their notices, the least the estimates must
read). Target (printed, not asserted): under 5 s for the whole store.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sppmon.outcomes.factors import load_outcome_factors  # noqa: E402
from sppmon.outcomes.report import outcomes  # noqa: E402
from sppmon.pipeline import ingest  # noqa: E402
from sppmon.sample import write_sample  # noqa: E402
from sppmon.store import open_store  # noqa: E402
from timing import best_of  # noqa: E402

ITEMS = ("computer", "ligh-gea", "building", "services", "tyres", "hous-freez")
_ITEM_CASE = "CASE ABS(HASH(r.result_id || r.notice_key)) % 6 " + " ".join(
    f"WHEN {index} THEN '{item}'" for index, item in enumerate(ITEMS)
)


def build(path: Path, notices: int) -> None:
    with tempfile.TemporaryDirectory(prefix="sppmon-outcomes-bench-") as work:
        package = write_sample(Path(work) / "seed.tar.gz", notices, seed=11, layout="package")
        with open_store(str(path)) as store:
            ingest([str(package)], store)
            store.execute(
                "INSERT INTO eed_items SELECT r.notice_key, COALESCE(r.lot_id, r.result_id), r.result_id, 900, "
                f"{_ITEM_CASE} END, 'enrg-lab', NULL, NULL, 100 + ABS(HASH(r.result_id)) % 500, "
                "CASE WHEN ABS(HASH(r.notice_key)) % 10 = 0 THEN NULL ELSE 1 + ABS(HASH(r.notice_key)) % 40 END "
                "FROM lot_results r"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sppmon-outcomes-store-") as folder:
        path = Path(folder) / "bench.duckdb"
        build(path, args.notices)
        factors = load_outcome_factors()
        with open_store(str(path), read_only=True) as store:
            items = int(store.query("SELECT COUNT(*) FROM eed_items")[0][0])
            counts = int(store.query("SELECT COUNT(*) FROM vehicle_counts")[0][0])

            def baseline() -> None:
                for table in ("eed_items", "vehicle_counts"):
                    store.query(
                        f"SELECT t.*, n.year, n.buyer_country, n.buyer_key FROM {table} t "
                        "JOIN notices n ON n.notice_key = t.notice_key WHERE n.is_latest AND n.stage = 'result'"
                    )

            base = best_of(3, baseline)
            default = best_of(3, lambda: outcomes(store, factors).as_dict())
            by_buyer = best_of(3, lambda: outcomes(store, factors, by=("buyer", "category")).as_dict())
    print(f"store: {args.notices:,} notices, {items:,} energy-efficiency items, {counts:,} vehicle counts")
    print(f"baseline (scan of both tables)  {base:7.3f} s")
    print(f"outcomes, year,country,category {default:7.3f} s  ×{default / base:5.1f} baseline  (target < 5 s)")
    print(f"outcomes, buyer,category        {by_buyer:7.3f} s  ×{by_buyer / base:5.1f} baseline  (target < 5 s)")


if __name__ == "__main__":
    main()
