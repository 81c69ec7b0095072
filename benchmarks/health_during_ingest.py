"""How fast ``/health`` answers while an uploaded package is ingested (target: < 100 ms throughout).

    .venv/bin/python benchmarks/health_during_ingest.py [--notices N]

A server runs in this process (one worker, a fresh DuckDB store it owns); one thread uploads a sample package
to ``/api/admin/ingest`` while the main thread asks ``/health`` every 20 ms and records each answer's time.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from sppmon.sample import write_sample
from sppmon.web import WebConfig, create_app

TOKEN = "benchmark-token-0123456789abcdef"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=3000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        package = write_sample(folder / "p.tar.gz", options.notices, seed=5, layout="package")
        config = WebConfig(db=str(folder / "s.duckdb"), admin_token=TOKEN, warm_up=False, usage_recording=False)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(config), port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        base = f"http://127.0.0.1:{port}"
        while not server.started:
            time.sleep(0.05)
        done = threading.Event()
        uploaded: dict[str, object] = {}

        def upload() -> None:
            started = time.perf_counter()
            with package.open("rb") as handle:
                response = httpx.post(
                    base + "/api/admin/ingest",
                    files={"upload": ("p.tar.gz", handle)},
                    headers={"authorization": f"Bearer {TOKEN}"},
                    timeout=600,
                )
            uploaded.update(status=response.status_code, seconds=time.perf_counter() - started)
            done.set()

        threading.Thread(target=upload).start()
        times: list[float] = []
        with httpx.Client(base_url=base) as client:
            while not done.is_set():
                started = time.perf_counter()
                client.get("/health")
                times.append((time.perf_counter() - started) * 1000)
                time.sleep(0.02)
        server.should_exit = True
    print(f"upload of {options.notices:,} notices: HTTP {uploaded['status']} in {uploaded['seconds']:.1f} s")
    print(
        f"/health during the ingest: {len(times)} answers, median {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms (target < 100 ms)"
    )


if __name__ == "__main__":
    main()
