"""How fast ``/health`` answers while an uploaded package is ingested (target: < 100 ms throughout).

    .venv/bin/python benchmarks/health_during_ingest.py [--notices N] [--runs R] [--in-process]

A server is started as ``sppmon serve --workers 1 --own-writes`` on a fresh DuckDB store, a second process
uploads a sample package to ``/api/admin/ingest``, and this process asks ``/health`` every 20 ms meanwhile,
recording each answer's time. Server, uploader and measurer are separate processes, so that neither the
uploader's work nor the measurer's shares the server's interpreter lock. ``--in-process`` runs the server in a
thread of this process instead (and the upload from another thread), as earlier versions of this benchmark did:
there the client's own work is counted in the server's answer times.

Each run prints the median, 95th percentile and maximum of the answer times and how many took 100 ms or more;
on a shared machine a single slow answer can be the scheduler rather than the server, hence several runs.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from sppmon.sample import write_sample
from sppmon.store import open_store

TOKEN = "benchmark-token-0123456789abcdef"
UPLOAD = """
import sys, httpx
url, path, token = sys.argv[1:4]
with open(path, "rb") as handle:
    answer = httpx.post(url, files={"upload": ("p.tar.gz", handle)}, headers={"authorization": "Bearer " + token},
                        timeout=600)
print(answer.status_code)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--in-process", action="store_true", help="server and upload in threads of this process")
    options = parser.parse_args()
    for _ in range(options.runs):
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            package = write_sample(folder / "p.tar.gz", options.notices, seed=5, layout="package")
            serve = _serve_in_thread if options.in_process else _serve_in_process
            times, status, seconds = serve(folder, package, options.in_process)
        _report(options.notices, times, status, seconds)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve_in_process(folder: Path, package: Path, in_process: bool) -> tuple[list[float], int, float]:
    db = folder / "s.duckdb"
    with open_store(str(db)):
        pass  # a fresh, empty store
    port = _free_port()
    environment = {**os.environ, "SPPMON_ADMIN_TOKEN": TOKEN, "SPPMON_USAGE_RECORDING": "false"}
    command = [sys.executable, "-m", "sppmon", "serve", "--db", str(db), "--port", str(port), "--workers", "1"]
    server = subprocess.Popen(
        [*command, "--own-writes", "--log-level", "warning"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base)
        url = base + "/api/admin/ingest"

        def upload() -> int:
            done = subprocess.run(
                [sys.executable, "-c", UPLOAD, url, str(package), TOKEN], capture_output=True, text=True, check=False
            )
            return int(done.stdout.strip() or 0)

        return _measure(base, upload)
    finally:
        server.terminate()
        server.wait(timeout=60)


def _serve_in_thread(folder: Path, package: Path, in_process: bool) -> tuple[list[float], int, float]:
    import uvicorn

    from sppmon.web import WebConfig, create_app

    config = WebConfig(db=str(folder / "s.duckdb"), admin_token=TOKEN, warm_up=False, usage_recording=False)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(config), port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    while not server.started:
        time.sleep(0.05)

    def upload() -> int:
        with package.open("rb") as handle:
            answer = httpx.post(
                base + "/api/admin/ingest",
                files={"upload": ("p.tar.gz", handle)},
                headers={"authorization": f"Bearer {TOKEN}"},
                timeout=600,
            )
        return answer.status_code

    try:
        return _measure(base, upload)
    finally:
        server.should_exit = True


def _wait_for(base: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit("the server did not start within 120 s")


def _measure(base: str, upload: Callable[[], int]) -> tuple[list[float], int, float]:
    """Answer times of /health (ms) while ``upload`` runs in a thread; the upload's status and seconds."""
    done = threading.Event()
    uploaded: dict[str, float] = {}

    def run_upload() -> None:
        started = time.perf_counter()
        try:
            uploaded["status"] = upload()
        finally:
            uploaded["seconds"] = time.perf_counter() - started
            done.set()

    threading.Thread(target=run_upload).start()
    times: list[float] = []
    with httpx.Client(base_url=base) as client:
        while not done.is_set():
            started = time.perf_counter()
            client.get("/health")
            times.append((time.perf_counter() - started) * 1000)
            time.sleep(0.02)
    return times, int(uploaded.get("status", 0)), uploaded["seconds"]


def _report(notices: int, times: list[float], status: int, seconds: float) -> None:
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    slow = sum(1 for answer in times if answer >= 100)
    print(f"upload of {notices:,} notices: HTTP {status} in {seconds:.1f} s")
    print(
        f"/health during the ingest: {len(times)} answers, p50 {statistics.median(times):.1f} ms, "
        f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms, {slow} of 100 ms or more (target < 100 ms)",
        flush=True,
    )


if __name__ == "__main__":
    main()
