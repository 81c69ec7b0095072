"""Web app benchmark: API indicator responses under 20 concurrent clients and the dashboard page, served by
``sppmon serve`` on 127.0.0.1 over a generated store (about 1,000,000 procedure lots by default: 111,000
generated notices ingested, their rows repeated 10 times under new identifiers).

    .venv/bin/python benchmarks/web.py --db STORE.duckdb        # an existing store
    .venv/bin/python benchmarks/web.py                          # generate 111,000 notices, repeat them 10×
    .venv/bin/python benchmarks/web.py --notices 20000 --copies 1
    .venv/bin/python benchmarks/run.py --web --web-db STORE.duckdb

Phases: *cold* — every distinct API query once, 20 at a time (each is computed: nothing cached yet);
*warm* — a fixed number of requests drawn from the same queries by 20 clients (the figure cache answers);
*dashboard* — the dashboard page, first without filters (cold, then warm), then with filters not seen before.
Traffic goes only to 127.0.0.1; every loop is bounded. Targets (not asserted): API p95 < 300 ms, dashboard
< 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 20
CODES = ("green", "social", "innovative", "gpp-criteria", "strategic", "coverage", "sme", "competition")
BREAKDOWNS = ("", "year", "buyer", "product_group", "cpv_division", "procedure_type", "country")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def build_store(folder: Path, notices: int, copies: int) -> Path:
    """Generate ``notices`` sample notices, ingest them, and repeat their rows ``copies`` times under new notice,
    procedure and notice-version identifiers (DuckDB SQL), so that a store of about a million procedure lots is
    made in minutes rather than by generating and parsing a million notices."""
    sys.path.insert(0, str(ROOT / "src"))
    from sppmon.pipeline import PipelineOptions, ingest
    from sppmon.sample import write_sample
    from sppmon.store import open_store
    from sppmon.store.schema import NOTICE_TABLES

    source = write_sample(folder / "sample", notices, seed=11, layout="dir")
    target = folder / "bench.duckdb"
    started = time.perf_counter()
    with open_store(str(target)) as store:
        ingest([str(source)], store, PipelineOptions(workers=os.cpu_count() or 1))
        shutil.rmtree(source)
        for copy in range(1, copies):
            suffix = f"~{copy}"
            for table in NOTICE_TABLES:
                replaced = [f"notice_key || '{suffix}' AS notice_key"]
                if table.name == "notices":
                    replaced += [
                        f"notice_id || '{suffix}' AS notice_id",
                        f"procedure_key || '{suffix}' AS procedure_key",
                        f"superseded_by || '{suffix}' AS superseded_by",
                    ]
                store.execute(
                    f"INSERT INTO {table.name} SELECT * REPLACE ({', '.join(replaced)}) FROM {table.name} "
                    "WHERE notice_key NOT LIKE '%~%'"
                )
        store.rebuild_procedure_lots()
        lots = store.query("SELECT COUNT(*) FROM procedure_lots")[0][0]
    seconds = time.perf_counter() - started
    print(f"store      built: {notices:,} notices × {copies} = {lots:,} procedure lots in {seconds:.0f} s")
    return target


def api_queries(years: list[str]) -> list[str]:
    queries = []
    for code in CODES:
        for by in BREAKDOWNS:
            queries.append(f"/api/indicators/{code}" + (f"?by={by}" if by else ""))
        for year in years:
            queries.append(f"/api/indicators/{code}?by=buyer&year={year}")
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary(name: str, times: list[float], errors: int) -> dict[str, float]:
    figures = {
        "requests": len(times),
        "errors": errors,
        "p50_ms": round(1000 * statistics.median(times), 1),
        "p95_ms": round(1000 * percentile(times, 0.95), 1),
        "max_ms": round(1000 * max(times), 1),
    }
    print(
        f"{name:10} {figures['requests']:>6,} requests, {CLIENTS} clients: p50 {figures['p50_ms']:8.1f} ms   "
        f"p95 {figures['p95_ms']:8.1f} ms   max {figures['max_ms']:8.1f} ms   errors {errors}"
    )
    return figures


async def load(base: str, urls: list[str]) -> tuple[list[float], int]:
    """Fetch ``urls`` with CLIENTS concurrent clients; returns the latencies and the number of errors."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    times: list[float] = []
    errors = 0

    async def client() -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, timeout=120) as http:
            while not queue.empty():
                url = queue.get_nowait()
                started = time.perf_counter()
                response = await http.get(url)
                times.append(time.perf_counter() - started)
                errors += response.status_code != 200

    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return times, errors


def timed_get(base: str, path: str) -> float:
    started = time.perf_counter()
    response = httpx.get(base + path, timeout=120, headers={"user-agent": "sppmon-benchmark"})
    response.raise_for_status()
    return time.perf_counter() - started


def wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("sppmon serve exited early")
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("sppmon serve did not come up in 120 s")


def run(db: Path, requests: int) -> dict[str, object]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(ROOT / ".venv" / "bin" / "sppmon"), "serve", "--db", str(db), "--port", str(port)]
    process = subprocess.Popen([*command, "--read-only", "--log-level", "warning"])
    try:
        wait_until_up(base, process)
        lots = httpx.get(base + "/api/lots?limit=1", timeout=300).json()["total"]
        years = [item["value"] for item in httpx.get(base + "/api/facets/year", timeout=300).json()][:3]
        print(f"store      {db} · {lots:,} procedure lots · years {', '.join(years)}")
        results: dict[str, object] = {"procedure_lots": lots}
        dashboard_cold = timed_get(base, "/")
        dashboard_warm = min(timed_get(base, "/") for _ in range(3))
        filtered = [timed_get(base, f"/?year={year}&indicator=social") for year in years]
        print(
            f"dashboard  first view {dashboard_cold * 1000:8.1f} ms   cached {dashboard_warm * 1000:8.1f} ms   "
            f"new filters {', '.join(f'{t * 1000:.0f}' for t in filtered)} ms   (target < 1000 ms)"
        )
        results["dashboard"] = {
            "first_ms": round(dashboard_cold * 1000, 1),
            "cached_ms": round(dashboard_warm * 1000, 1),
            "new_filters_ms": [round(t * 1000, 1) for t in filtered],
        }
        queries = api_queries(years)
        cold_times, cold_errors = asyncio.run(load(base, queries))
        results["api_cold"] = summary("api cold", cold_times, cold_errors)
        mix = random.Random(5).choices(queries, k=requests)
        warm_times, warm_errors = asyncio.run(load(base, mix))
        results["api_warm"] = summary("api warm", warm_times, warm_errors)
        print("targets    API p95 < 300 ms with 20 concurrent clients; dashboard < 1 s")
        return results
    finally:
        process.terminate()
        process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="an existing store (DuckDB file)")
    parser.add_argument("--notices", type=int, default=111_000, help="notices to generate when --db is not given")
    parser.add_argument("--copies", type=int, default=10, help="times the generated rows are repeated")
    parser.add_argument("--requests", type=int, default=4000, help="requests of the warm phase")
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated store at this path")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sppmon-web-bench-"))
    try:
        db = args.db or build_store(work, args.notices, args.copies)
        if args.keep and not args.db:
            shutil.copy(db, args.keep)
        results = run(db, args.requests)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "web.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {out / 'web.json'}")


if __name__ == "__main__":
    main()
