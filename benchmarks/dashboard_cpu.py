"""CPU and wall time of one dashboard page for filter combinations never asked before, in one process.

    .venv/bin/python benchmarks/dashboard_cpu.py STORE [--pages 60] [--seed 1] [--src DIR]

The web app runs in this process (no server, no HTTP client): the figures are the work of rendering a page
whose figures are all new, which is what a server pays per such request and what queues up when many clients
ask at once. The filter combinations are those of ``benchmarks/web.py`` (one to three filters among the store's
own facet values), in a fixed order for a given ``--seed``, so that two source trees (``--src``) can be compared
on the same pages back to back. CPU is that of the whole process (DuckDB's threads included). The store must be
at the schema version of the code measured (open it once for writing to migrate it).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SOURCE = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else str(ROOT / "src")
sys.path.insert(0, _SOURCE)
sys.path.insert(0, str(ROOT / "benchmarks"))

from starlette.testclient import TestClient  # noqa: E402

from sppmon.web.app import create_app  # noqa: E402
from sppmon.web.config import WebConfig  # noqa: E402
from web import FILTER_KEYS, combinations  # noqa: E402

INDICATORS = ("green", "social", "innovative", "strategic")


def measure(store: Path, pages: int, seed: int) -> dict[str, float]:
    app = create_app(WebConfig(db=str(store), read_only=True, warm_up=False, usage_recording=False))
    with TestClient(app) as client:
        facets = {}
        for key in FILTER_KEYS:
            items = client.get(f"/api/facets/{key}").json()
            facets[key] = [str(item["value"]) for item in items if item.get("value") not in (None, "")][:12]
        client.get("/?indicator=green")  # the unfiltered page, and the outcome frames the worker loads once
        rng = random.Random(seed)
        combos = combinations(facets, seed)
        walls, cpus = [], []
        for _ in range(pages):
            query = "&".join(f"{key}={value}" for key, value in next(combos).items())
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(f"/?indicator={rng.choice(INDICATORS)}&{query}")
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
            response.raise_for_status()
    return {
        "wall_p50_ms": _percentile(walls, 0.5),
        "wall_p90_ms": _percentile(walls, 0.9),
        "cpu_p50_ms": _percentile(cpus, 0.5),
        "cpu_p90_ms": _percentile(cpus, 0.9),
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path, help="a DuckDB store (e.g. the web benchmark's)")
    parser.add_argument("--pages", type=int, default=60, help="dashboards with new filter combinations")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--src", help="the source tree to measure (default: this checkout's)")
    args = parser.parse_args()
    figures = measure(args.store, args.pages, args.seed)
    print(
        f"dashboard  {args.pages} new filter combinations: CPU p50 {figures['cpu_p50_ms']} ms, "
        f"p90 {figures['cpu_p90_ms']} ms; wall p50 {figures['wall_p50_ms']} ms, p90 {figures['wall_p90_ms']} ms"
    )


if __name__ == "__main__":
    main()
