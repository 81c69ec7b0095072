"""Web app benchmark: ``sppmon serve`` with its default settings over a store of at least 1,000,000 procedure lots,
tried the way a whole administration uses it.

    .venv/bin/python benchmarks/web.py                      # build (once) or reuse benchmarks/out/web-store.duckdb
    .venv/bin/python benchmarks/web.py --db STORE.duckdb    # an existing store
    .venv/bin/python benchmarks/web.py --notices 20000 --copies 2 --scale 0.2   # a quick run
    .venv/bin/python benchmarks/run.py --web

The store: ``--notices`` generated notices ingested through the real pipeline (a first load: the summary tables are
recounted at its end), then their rows repeated ``--copies`` times inside DuckDB under new notice, procedure and
buyer identifiers (so that the copies add buyers, as a larger administration would), then ``procedure_lots`` and
the summary tables recounted. It is kept in ``benchmarks/out/`` (ignored by git) and reused by later runs.

Measured, each phase with 1, 20 and 50 concurrent clients (asyncio, one kept-alive connection each, on the same
machine):

* **warm**: addresses asked before (served from the caches: figure cache, whole-answer cache);
* **new**: filter combinations never asked before (each request a new combination: the summary tables answer);

for the dashboard page, three API endpoints (``/api/indicators/{code}``, ``/api/lots``, ``/api/notices``) and a
lot drill-down page (``/lots?fact=…&status=…``); p50 / p95 / max in ms; and ``/health`` as the floor (what the
same clients get for the cheapest answer: on a shared machine that also runs the clients, no page can beat it).
Also: time from ``/health`` answering to the first dashboard page; the chart script's size on the wire (gzip and
brotli); and the summary's cost at ingest: the same ``--cost-notices`` generated notices ingested into a fresh
store without the summary tables, with them as shipped (recounted at the end of this first load) and with them kept
batch by batch (``SPPMON_SUMMARY_RECOUNT_SHARE=off``, what an update of a large store does), alternately, best of
two each (time and store size, as ratios to the ingest without). Results go to ``benchmarks/out/web.json``. Targets
(not asserted): dashboard and ``/api/indicators`` p95 < 300 ms with 20 clients and < 1 s with 50, warm and new;
first dashboard < 1 s after ``/health``; chart script < 300 KB on the wire; summary ≤ 15 % of ingest time.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SPPMON = str(ROOT / ".venv" / "bin" / "sppmon")
CLIENT_LEVELS = (1, 20, 50)
CODES = ("green", "social", "innovative", "gpp-criteria", "strategic", "sme", "competition", "coverage")
BY = ("", "year", "buyer", "product_group", "cpv_division", "procedure_type", "year,format")
FILTER_KEYS = ("year", "country", "product_group", "procedure_type", "cpv_division", "buyer_legal_type", "nature")
NOTICE_FILTERS = ("year", "country", "buyer_legal_type", "procedure_type", "nature")
# ``health`` is the floor: the same clients asking for the cheapest answer the server has, so that a figure can be
# read against what the machine (shared, and running the clients too) allows at that concurrency.
ENDPOINTS = ("health", "dashboard", "api_indicators", "api_lots", "api_notices", "lots_drill_down")
HEADERS = {"accept-encoding": "gzip, br", "user-agent": "sppmon-benchmark"}
WARM_CONNECTIONS = 8


# -- store -------------------------------------------------------------------------------------------------------
def build_store(target: Path, notices: int, copies: int, cost_notices: int) -> dict[str, object]:
    """Ingest ``notices`` generated notices (a first load), then copy their rows inside DuckDB."""
    sys.path.insert(0, str(ROOT / "src"))
    from sppmon.pipeline import PipelineOptions, ingest
    from sppmon.sample import write_sample
    from sppmon.store import open_store
    from sppmon.store.schema import NOTICE_TABLES

    work = OUT / "web-build"
    shutil.rmtree(work, ignore_errors=True)
    cost = (
        summary_cost(write_sample(work / "cost", min(cost_notices, notices), seed=12, layout="dir"), work)
        if cost_notices
        else {}
    )
    source = write_sample(work / "sample", notices, seed=11, layout="dir")
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    with open_store(str(partial)) as store:
        ingest([str(source)], store, PipelineOptions(workers=os.cpu_count() or 1))
        for copy in range(1, copies):
            suffix = f"~{copy}"
            for table in NOTICE_TABLES:
                replaced = [f"notice_key || '{suffix}' AS notice_key"]
                if table.name == "notices":
                    replaced += [
                        f"notice_id || '{suffix}' AS notice_id",
                        f"procedure_key || '{suffix}' AS procedure_key",
                        f"superseded_by || '{suffix}' AS superseded_by",
                        f"buyer_key || '{suffix}' AS buyer_key",
                        f"buyer_name || ' {copy}' AS buyer_name",
                    ]
                store.execute(
                    f"INSERT INTO {table.name} SELECT * REPLACE ({', '.join(replaced)}) FROM {table.name} "
                    "WHERE notice_key NOT LIKE '%~%'"
                )
        rebuilt = time.perf_counter()
        store.rebuild_procedure_lots()  # the copies bypass the batches: recount procedure_lots and the summary
        recount = time.perf_counter() - rebuilt
        lots = int(store.query("SELECT COUNT(*) FROM procedure_lots")[0][0])
        rows = {
            table: int(store.query(f"SELECT COUNT(*) FROM {table}")[0][0])
            for table in ("lot_summary", "lot_summary_buyers")
        }
    partial.rename(target)
    shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - started
    print(f"store      built: {notices:,} notices × {copies} = {lots:,} procedure lots in {seconds:.0f} s")
    print(f"summary    full recount of {lots:,} lots {recount:.1f} s; rows {rows}")
    return {"procedure_lots": lots, "build_seconds": round(seconds), "recount_seconds": round(recount, 1), **cost}


def summary_cost(source: Path, work: Path) -> dict[str, object]:
    """The same notices into fresh stores without the summary tables, with them recounted at the end (as shipped)
    and with them kept per batch, alternately (best of 2)."""
    variants = {
        "without": {"SPPMON_SUMMARY": "0"},
        "with": {"SPPMON_SUMMARY": "1"},
        "per_batch": {"SPPMON_SUMMARY": "1", "SPPMON_SUMMARY_RECOUNT_SHARE": "off"},
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    sizes: dict[str, int] = {}
    for _ in range(2):
        for name, settings in variants.items():
            db = work / f"cost-{name}.duckdb"
            db.unlink(missing_ok=True)
            env = {**os.environ, **settings}
            started = time.perf_counter()
            subprocess.run(
                [SPPMON, "ingest", str(source), "--db", str(db), "--no-detect"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            times[name].append(time.perf_counter() - started)
            sizes[name] = db.stat().st_size
            db.unlink()
    best = {name: min(seconds) for name, seconds in times.items()}
    ratio, per_batch = best["with"] / best["without"], best["per_batch"] / best["without"]
    size_ratio = sizes["with"] / sizes["without"]
    print(
        f"summary    ingest with {best['with']:.1f} s / without {best['without']:.1f} s = {ratio:.3f}× "
        f"(target ≤ 1.15×), kept per batch {best['per_batch']:.1f} s = {per_batch:.3f}×; "
        f"store size {sizes['with'] / 1e6:.0f} / {sizes['without'] / 1e6:.0f} MB = {size_ratio:.3f}×"
    )
    return {
        "summary_ingest_seconds": {name: round(seconds, 2) for name, seconds in best.items()},
        "summary_ingest_ratio": round(ratio, 3),
        "summary_per_batch_ratio": round(per_batch, 3),
        "summary_store_size_ratio": round(size_ratio, 3),
    }


# -- server ------------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    """``sppmon serve`` with its defaults (workers = cores, read-write); usage recording off, so that the
    benchmark's requests do not end up in the store's statistics."""
    env = {**os.environ, "SPPMON_USAGE_RECORDING": "0"}
    command = [SPPMON, "serve", "--db", str(db), "--port", str(port), "--log-level", "warning"]
    return subprocess.Popen(command, env=env, start_new_session=True)


def wait_for_health(base: str, process: subprocess.Popen[bytes]) -> float:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("sppmon serve exited early")
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                return time.monotonic()
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError("sppmon serve did not answer /health in 600 s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


# -- addresses ---------------------------------------------------------------------------------------------------
def facet_values(base: str) -> dict[str, list[str]]:
    found = {}
    for key in FILTER_KEYS:
        items = httpx.get(f"{base}/api/facets/{key}", timeout=600, headers=HEADERS).json()
        found[key] = [str(item["value"]) for item in items if item.get("value") not in (None, "")][:12]
    return found


def combinations(facets: dict[str, list[str]], seed: int) -> itertools.cycle[dict[str, str]]:
    """Filter combinations (one to three filters), in a shuffled but fixed order."""
    keys = [key for key in FILTER_KEYS if facets.get(key)]
    rng = random.Random(seed)
    combos = []
    for size in (1, 2, 3):
        for chosen in itertools.combinations(keys, size):
            for _ in range(6):
                combos.append({key: rng.choice(facets[key]) for key in chosen})
    rng.shuffle(combos)
    unique = list({tuple(sorted(combo.items())): combo for combo in combos}.values())
    return itertools.cycle(unique)


def address(endpoint: str, combo: dict[str, str], rng: random.Random) -> str:
    query = "&".join(f"{key}={value}" for key, value in combo.items())
    if endpoint == "health":
        return "/health"
    if endpoint == "dashboard":
        indicator = rng.choice(("green", "social", "innovative", "strategic"))
        return f"/?indicator={indicator}&{query}"
    if endpoint == "api_indicators":
        by = rng.choice(BY)
        return f"/api/indicators/{rng.choice(CODES)}?{query}" + (f"&by={by}" if by else "")
    if endpoint == "api_lots":
        return f"/api/lots?fact={rng.choice(CODES[:4])}&status=yes&limit=50&{query}"
    if endpoint == "api_notices":  # notices have no lot dimensions: only the notice's filters apply
        kept = "&".join(f"{key}={value}" for key, value in combo.items() if key in NOTICE_FILTERS)
        return f"/api/notices?limit=50&{kept or 'year=' + rng.choice(('2023', '2024', '2025'))}"
    return f"/lots?fact={rng.choice(CODES[:4])}&status={rng.choice(('yes', 'none', 'not-reported'))}&{query}"


# -- load --------------------------------------------------------------------------------------------------------
def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


class Connection:
    """One kept-alive HTTP/1.1 connection that sends a GET and reads the answer's bytes without decoding them.

    A load generator's own cost must stay small beside the server's: an httpx client spends about a millisecond
    of CPU per request (and decompresses every body), so 20 or 50 of them on the server's two cores measured the
    client as much as the server. This one costs tens of microseconds per request, as a C load tool would."""

    def __init__(self, base: str) -> None:
        host, _, port = base.removeprefix("http://").rstrip("/").partition(":")
        self.host, self.port = host, int(port or 80)
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, url: str) -> int:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port, limit=2**20)
        reader, writer = self.streams
        headers = "".join(f"{name}: {value}\r\n" for name, value in HEADERS.items())
        writer.write(f"GET {url} HTTP/1.1\r\nhost: {self.host}:{self.port}\r\n{headers}\r\n".encode())
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower().split("\r\n")
        status = int(head[0].split()[1])
        fields = dict(line.split(": ", 1) for line in head[1:] if ": " in line)
        if "content-length" in fields:
            await reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding") == "chunked":
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            await reader.readuntil(b"\r\n")
        if fields.get("connection") == "close":
            await self.close()
        return status

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def load(base: str, urls: list[str], clients: int) -> tuple[list[float], int]:
    """Fetch ``urls`` with ``clients`` concurrent clients (one kept-alive connection each, opened before the
    clock starts); latencies and errors."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    times: list[float] = []
    errors = 0
    connections = [Connection(base) for _ in range(clients)]
    for connection in connections:
        await connection.get("/health")  # connected, as a browser that has the page open

    async def client(connection: Connection) -> None:
        nonlocal errors
        while not queue.empty():
            url = queue.get_nowait()
            started = time.perf_counter()
            status = await connection.get(url)
            times.append(time.perf_counter() - started)
            errors += status != 200
        await connection.close()

    await asyncio.gather(*(client(connection) for connection in connections))
    return times, errors


async def warm_up(base: str, urls: list[str], connections: int = WARM_CONNECTIONS) -> None:
    """Ask each address on ``connections`` new connections at once. Each worker process accepts connections
    independently (a client keeps its worker for the life of its connection), so an address asked on a few
    kept-alive connections is often warm in one worker only; on eight new ones it misses a worker of two with a
    chance of 1 in 128."""

    async def once(url: str) -> None:
        connection = Connection(base)
        await connection.get(url)
        await connection.close()

    for url in urls:
        await asyncio.gather(*(once(url) for _ in range(connections)))


def figures(times: list[float], errors: int) -> dict[str, float]:
    return {
        "requests": len(times),
        "errors": errors,
        "p50_ms": round(1000 * statistics.median(times), 1),
        "p95_ms": round(1000 * percentile(times, 0.95), 1),
        "max_ms": round(1000 * max(times), 1),
    }


def run_phases(base: str, facets: dict[str, list[str]], scale: float) -> dict[str, object]:
    results: dict[str, object] = {}
    rng = random.Random(3)
    fresh = {endpoint: combinations(facets, seed) for seed, endpoint in enumerate(ENDPOINTS)}
    warm_sets = {endpoint: [address(endpoint, next(fresh[endpoint]), rng) for _ in range(12)] for endpoint in ENDPOINTS}
    for endpoint in ENDPOINTS:
        asyncio.run(warm_up(base, warm_sets[endpoint]))
    for clients in CLIENT_LEVELS:
        for endpoint in ENDPOINTS:
            count = max(clients, int({1: 20, 20: 200, 50: 300}[clients] * scale))
            warm = [rng.choice(warm_sets[endpoint]) for _ in range(count)]
            new_count = max(clients, int({1: 12, 20: 80, 50: 120}[clients] * scale))
            new = [address(endpoint, next(fresh[endpoint]), rng) for _ in range(new_count)]
            for phase, urls in (("warm", warm), ("new", new)):
                times, errors = asyncio.run(load(base, urls, clients))
                found = figures(times, errors)
                results[f"{endpoint}/{phase}/{clients}"] = found
                print(
                    f"{endpoint:16} {phase:4} {clients:>2} clients {found['requests']:>4} req   "
                    f"p50 {found['p50_ms']:8.1f}   p95 {found['p95_ms']:8.1f}   max {found['max_ms']:8.1f} ms"
                    + (f"   errors {errors}" if errors else "")
                )
    return results


def chart_script_sizes(base: str) -> dict[str, int]:
    page = httpx.get(base + "/", timeout=600, headers=HEADERS).text
    start = page.index("/static/charts.")
    url = page[start : page.index('"', start)]
    sizes = {}
    for encoding in ("identity", "gzip", "br"):
        with httpx.stream("GET", base + url, headers={"accept-encoding": encoding}, timeout=120) as response:
            sizes[encoding] = sum(len(chunk) for chunk in response.iter_raw())
    print(
        f"chart js   {sizes['identity'] / 1000:.0f} KB, on the wire {sizes['gzip'] / 1000:.0f} KB gzip, "
        f"{sizes['br'] / 1000:.0f} KB brotli (target < 300 KB)"
    )
    return sizes


def run(db: Path, scale: float) -> dict[str, object]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    process = start_server(db, port)
    try:
        healthy = wait_for_health(base, process)
        first = time.perf_counter()
        response = httpx.get(base + "/", timeout=600, headers=HEADERS)
        first_dashboard = time.perf_counter() - first
        print(
            f"start      /health after {healthy - started:.1f} s; first dashboard {first_dashboard * 1000:.0f} ms "
            f"after /health (status {response.status_code}; target < 1000 ms)"
        )
        results: dict[str, object] = {
            "workers": os.cpu_count(),
            "health_after_start_s": round(healthy - started, 1),
            "first_dashboard_ms": round(first_dashboard * 1000, 1),
        }
        results["chart_script_bytes"] = chart_script_sizes(base)
        facets = facet_values(base)
        results["phases"] = run_phases(base, facets, scale)
        return results
    finally:
        stop_server(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="an existing store (DuckDB file)")
    parser.add_argument("--notices", type=int, default=111_000, help="notices to generate for a new store")
    parser.add_argument("--copies", type=int, default=10, help="times the generated rows are repeated")
    parser.add_argument(
        "--cost-notices", type=int, default=20_000, help="notices of the summary-cost ingests (0: skip them)"
    )
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the number of requests per phase")
    parser.add_argument("--rebuild", action="store_true", help="build the store again even if it exists")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {}
    db = args.db
    if db is None:
        db = OUT / f"web-store-{args.notices}x{args.copies}.duckdb"
        if args.rebuild or not db.exists():
            db.unlink(missing_ok=True)
            results["store"] = build_store(db, args.notices, args.copies, args.cost_notices)
        else:
            print(f"store      reusing {db} (--rebuild to build it again)")
    results.update(run(db, args.scale))
    (OUT / "web.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {OUT / 'web.json'}")


if __name__ == "__main__":
    main()
