"""Benchmarks of the server backend and the remote sources, called by ``run.py`` (or run alone).

  * backends: ingest of the same files into DuckDB and into PostgreSQL (rate ratio, target ≥ 50 %), and
    ``--workers 2`` against ``--workers 1`` on both (target ≥ 1.7×);
  * sync: ``sync ted`` from a fake TED served on loopback by another process, against ingesting the same
    notices from files; the difference per notice is the sync overhead, compared with the parse time of a
    notice (target < 20 %).

PostgreSQL: a throw-away database on the server named by SPPMON_BENCH_POSTGRES (default: the local server as
user postgres); skipped with a message when none answers.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from sppmon.pipeline import PipelineOptions, ingest, read_items  # noqa: E402
from sppmon.sources.files import iter_items  # noqa: E402
from sppmon.sources.http import HttpClient, HttpOptions  # noqa: E402
from sppmon.sources.ted_search import SearchCriteria  # noqa: E402
from sppmon.sources.ted_sync import TedEndpoints, sync_ted  # noqa: E402
from sppmon.store import open_store  # noqa: E402
from timing import best_of  # noqa: E402

ADMIN_URL = os.environ.get("SPPMON_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


@contextmanager
def postgres_database() -> Iterator[Callable[[], str] | None]:
    """A factory of fresh schemas in a throw-away database, or None when no server answers."""
    import psycopg

    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        print(f"postgres   skipped: no server at {ADMIN_URL} ({str(exc).strip().splitlines()[0]})")
        yield None
        return
    name = f"sppmon_bench_{secrets.token_hex(4)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(ADMIN_URL)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))

    def fresh() -> str:
        schema = f"b_{secrets.token_hex(4)}"
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f"CREATE SCHEMA {schema}")
        return f"{url}?options=-csearch_path%3D{schema}"

    try:
        yield fresh
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _ingest(folder: Path, url: str, workers: int) -> None:
    with open_store(url) as store:
        ingest([str(folder)], store, PipelineOptions(workers=workers))


def backends(folder: Path, work: Path) -> dict[str, float]:
    count = sum(1 for _ in folder.iterdir())
    counter = iter(range(1_000_000))

    def duck() -> str:
        path = work / f"backend{next(counter)}.duckdb"
        path.unlink(missing_ok=True)
        return str(path)

    figures: dict[str, float] = {"notices": count}
    with postgres_database() as postgres:
        stores: list[tuple[str, Callable[[], str]]] = [("duckdb", duck)]
        if postgres is not None:
            stores.append(("postgresql", postgres))
        for name, fresh in stores:
            for workers in (1, 2):
                seconds = best_of(2, lambda fresh=fresh, workers=workers: _ingest(folder, fresh(), workers))
                figures[f"{name}_w{workers}_seconds"] = round(seconds, 3)
                figures[f"{name}_w{workers}_rate"] = round(count / seconds)
            speedup = figures[f"{name}_w1_seconds"] / figures[f"{name}_w2_seconds"]
            figures[f"{name}_speedup"] = round(speedup, 2)
            print(
                f"{name:10} ingest {count:,} notices: 1 worker {figures[f'{name}_w1_rate']:,.0f}/s, "
                f"2 workers {figures[f'{name}_w2_rate']:,.0f}/s: speed-up {speedup:4.2f}× (target ≥ 1.7×)"
            )
        if postgres is not None:
            ratio = figures["postgresql_w1_rate"] / figures["duckdb_w1_rate"]
            figures["postgresql_vs_duckdb"] = round(ratio, 2)
            print(f"postgres   ingest rate {ratio * 100:4.0f} % of DuckDB's on the same files (target ≥ 50 %)")
    return figures


def _serve(folder: str, ready: multiprocessing.connection.Connection) -> None:  # type: ignore[name-defined]
    """Child process: a fake TED serving the notices of ``folder`` until killed."""
    from tests.fake_ted import FakeTed, fake_notice

    notices = [fake_notice(path.read_bytes()) for path in sorted(Path(folder).iterdir())]
    with FakeTed(notices) as fake:
        ready.send((fake.search_url, fake.notice_url))
        while True:
            time.sleep(3600)


def sync_overhead(folder: Path, work: Path) -> dict[str, float]:
    count = sum(1 for _ in folder.iterdir())
    parse = best_of(3, lambda: sum(1 for _ in read_items(iter_items([str(folder)]), PipelineOptions())))
    ingested, ingested_cpu = _timed(2, lambda: _ingest(folder, str(_fresh(work / "files.duckdb")), 1))
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    server = multiprocessing.get_context("fork").Process(target=_serve, args=(str(folder), send), daemon=True)
    server.start()
    try:
        search_url, notice_url = receive.recv()
        endpoints = TedEndpoints(search_url, notice_url, "", "")
        criteria = SearchCriteria(since=date(2000, 1, 1))

        def synced() -> None:
            with (
                open_store(str(_fresh(work / "sync.duckdb"))) as store,
                HttpClient(HttpOptions(requests_per_minute=10_000_000)) as client,
            ):
                report = sync_ted(store, criteria, client, endpoints)
                assert report.fetched == count, report

        synced_seconds, synced_cpu = _timed(2, synced)
    finally:
        server.kill()
        server.join()
    per_notice_overhead = (synced_seconds - ingested) / count
    per_notice_cpu = (synced_cpu - ingested_cpu) / count
    per_notice_parse = parse / count
    share = per_notice_overhead / per_notice_parse
    cpu_share = per_notice_cpu / per_notice_parse
    print(
        f"sync       {count:,} notices: ingest from files {ingested:5.2f} s, "
        f"sync from loopback {synced_seconds:5.2f} s; "
        f"overhead {per_notice_overhead * 1000:5.2f} ms/notice = {share * 100:4.0f} % of the read time "
        f"{per_notice_parse * 1000:4.2f} ms wall (the fake server shares the cores), "
        f"{per_notice_cpu * 1000:5.2f} ms = {cpu_share * 100:4.0f} % in the client's own CPU time (target < 20 %)"
    )
    return {
        "notices": count,
        "parse_seconds": round(parse, 3),
        "ingest_seconds": round(ingested, 3),
        "sync_seconds": round(synced_seconds, 3),
        "overhead_ms_per_notice": round(per_notice_overhead * 1000, 3),
        "overhead_share_of_parse": round(share, 3),
        "client_cpu_overhead_ms_per_notice": round(per_notice_cpu * 1000, 3),
        "client_cpu_overhead_share_of_parse": round(cpu_share, 3),
    }


def _timed(runs: int, function: Callable[[], object]) -> tuple[float, float]:
    """Best wall time and the CPU time of this process (all its threads) in that run."""
    best: tuple[float, float] | None = None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        sample = (time.perf_counter() - wall, time.process_time() - cpu)
        best = sample if best is None or sample[0] < best[0] else best
    assert best is not None
    return best


def _fresh(path: Path) -> Path:
    path.unlink(missing_ok=True)
    return path


def main() -> None:
    import tempfile

    from sppmon.sample import write_sample

    work = Path(tempfile.mkdtemp(prefix="sppmon-bench-sources-"))
    try:
        folder = write_sample(
            work / "generated", int(sys.argv[1]) if len(sys.argv) > 1 else 4000, seed=42, layout="dir"
        )
        backends(folder, work)
        sync_overhead(folder, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
