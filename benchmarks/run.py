"""sppmon benchmarks: one command, ratios against baselines measured in the same run.

    .venv/bin/python benchmarks/run.py            # full run (includes the 100,000-notice memory test)
    .venv/bin/python benchmarks/run.py --quick    # smaller sizes, for a quick look
    .venv/bin/python benchmarks/run.py --indicators   # also indicators and reports on 1,000,000 lots (slow)
    .venv/bin/python benchmarks/run.py --web [--web-db STORE]   # the web app (benchmarks/web.py)

First, whole processes as shipped (benchmarks/process_bench.py; `--process` runs only this part): `sppmon
ingest` with and without text detection, the re-ingest of unchanged input, `extract`, `ingest --workers 2` and
`sppmon --help`, each against a bare interpreter that parses the same bytes with lxml (benchmarks/parse_only.py),
on 10,000 generated notices and on the real TED package of the shared corpus, then ingest (with and without
detection) and the re-ingest on 100,000 generated notices (20,000 with --quick): CPU ratios, wall ratios, peak
memory.

Then, in this process, on the same files:
  * parse-only: read each file and parse it with lxml (the baseline);
  * extract: what `sppmon extract` does (sources → reader → facts → JSON);
  * ingest: what `sppmon ingest` does, into a fresh DuckDB file;
  * scaling: ingest with --workers 2 against --workers 1;
  * memory: peak RSS of `sppmon ingest` on generated packages of two sizes (flat = same peak);
  * detection: ingest with text detection against ingest without (benchmarks/detection.py).
  * backends and sync (benchmarks/sources.py): PostgreSQL against DuckDB ingest, workers on both backends,
    and the per-notice overhead of `sync ted` from a fake TED on loopback (`--sources` runs only these).
  * guidance: `check`, the urgency list and LCC (benchmarks/guidance.py).
Datasets: generated notices, and real notices (the shared corpus, copied with fresh identifiers) when present.
Targets are printed beside the ratios; they are not asserted (machines are noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import orjson
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SPPMON_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from detection import detection_overhead, legacy_corpus  # noqa: E402
from guidance import guidance_figures  # noqa: E402
from sppmon.pipeline import PipelineOptions, extract_facts, ingest  # noqa: E402
from sppmon.sample import write_sample  # noqa: E402
from sppmon.sources.files import iter_items  # noqa: E402
from sppmon.store import open_store  # noqa: E402
from timing import best_of  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
import process_bench  # noqa: E402
import sources  # noqa: E402

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_NOTICE_ID = re.compile(rb'(<cbc:ID schemeName="notice-id">)([^<]+)(<)')


def parse_only(folder: Path) -> None:
    for item in iter_items([str(folder)]):
        etree.fromstring(item.load().data or b"<x/>", _PARSER)


def extract(folder: Path, workers: int = 1) -> None:
    """What `sppmon extract --no-detect` does: facts of every notice, written as JSON lines."""
    options = PipelineOptions(require_identity=False, detect=False, content_hash=False, workers=workers)
    with open(os.devnull, "w") as sink:
        for extracted in extract_facts(iter_items([str(folder)]), options):
            if extracted.facts is not None:
                extracted.facts["source"] = extracted.origin
                sink.write(orjson.dumps(extracted.facts, option=orjson.OPT_APPEND_NEWLINE).decode())


def ingest_into(folder: Path, database: Path, workers: int = 1, detect: bool = True) -> None:
    database.unlink(missing_ok=True)
    with open_store(str(database)) as store:
        ingest([str(folder)], store, PipelineOptions(workers=workers, detect=detect))


def real_corpus(target: Path, copies: int) -> int:
    """The shared real notices, copied with fresh notice identifiers so that every copy is a new notice."""
    sources = sorted((SHARED / "corpus" / "eforms").glob("*.xml"))
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for copy in range(copies):
        for source in sources:
            data = _NOTICE_ID.sub(lambda m: m.group(1) + str(uuid.uuid4()).encode() + m.group(3), source.read_bytes())
            (target / f"{copy:04d}-{source.name}").write_bytes(data)
            written += 1
    return written


def dataset_figures(name: str, folder: Path, work: Path) -> dict[str, float]:
    count = sum(1 for _ in folder.iterdir())
    base = best_of(3, lambda: parse_only(folder))
    extracted = best_of(2, lambda: extract(folder))
    plain = best_of(2, lambda: ingest_into(folder, work / f"{name}.duckdb", detect=False))
    ingested = best_of(2, lambda: ingest_into(folder, work / f"{name}.duckdb"))
    figures = {
        "notices": count,
        "parse_seconds": round(base, 3),
        "extract_seconds": round(extracted, 3),
        "ingest_no_detection_seconds": round(plain, 3),
        "ingest_seconds": round(ingested, 3),
        "extract_ratio": round(extracted / base, 2),
        "ingest_no_detection_ratio": round(plain / base, 2),
        "ingest_ratio": round(ingested / base, 2),
    }
    print(
        f"{name:10} {count:>7,} notices  parse {base:6.2f} s   extract {extracted:6.2f} s = {extracted / base:4.2f}× "
        f"(target ≤ 3×, aim 2×)   ingest {plain:6.2f} s = {plain / base:4.2f}× (target ≤ 4×); "
        f"with text detection {ingested:6.2f} s = {ingested / base:4.2f}×"
    )
    return figures


def scaling(folder: Path, work: Path) -> dict[str, float]:
    one = best_of(2, lambda: ingest_into(folder, work / "w1.duckdb", 1))
    two = best_of(2, lambda: ingest_into(folder, work / "w2.duckdb", 2))
    extract_one = best_of(2, lambda: extract(folder, 1))
    extract_two = best_of(2, lambda: extract(folder, 2))
    for command, single, double in (("ingest", one, two), ("extract", extract_one, extract_two)):
        print(
            f"workers    {command:7} 1 worker {single:6.2f} s, 2 workers {double:6.2f} s: "
            f"speed-up {single / double:4.2f}× (target ≥ 1.7×)"
        )
    return {
        "workers_1_seconds": round(one, 3),
        "workers_2_seconds": round(two, 3),
        "speedup": round(one / two, 2),
        "extract_workers_1_seconds": round(extract_one, 3),
        "extract_workers_2_seconds": round(extract_two, 3),
        "extract_speedup": round(extract_one / extract_two, 2),
    }


def peak_memory(package: Path, database: Path) -> float:
    """Peak RSS in MB of a separate process ingesting ``package``."""
    database.unlink(missing_ok=True)
    code = (
        "import sys; from sppmon.cli import main; "
        "sys.argv = ['sppmon', 'ingest', sys.argv[1], '--db', sys.argv[2], '--no-progress']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        # VmHWM is this process's own peak; ru_maxrss would include the parent's size at fork time.
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(package), str(database)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    return int(result.stdout.strip().splitlines()[-1]) / 1024


def memory(work: Path, sizes: tuple[int, int]) -> dict[str, float]:
    figures: dict[str, float] = {}
    for size in sizes:
        started = time.perf_counter()
        package = write_sample(work / f"mem{size}.tar", size, seed=size, layout="nested")
        figures[f"generate_seconds_{size}"] = round(time.perf_counter() - started, 2)
        figures[f"peak_mb_{size}"] = round(peak_memory(package, work / f"mem{size}.duckdb"), 1)
        package.unlink()
    print(
        f"generate   {sizes[1]:,} notices packed as monthly/daily packages in "
        f"{figures[f'generate_seconds_{sizes[1]}']:.1f} s (target < 60 s)"
    )
    small, large = (figures[f"peak_mb_{size}"] for size in sizes)
    print(
        f"memory     peak RSS ingesting {sizes[0]:,} notices {small:6.0f} MB, {sizes[1]:,} notices {large:6.0f} MB "
        f"(target < 600 MB and flat)"
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--notices", type=int, default=None, help="generated notices for the speed runs")
    parser.add_argument("--sources", action="store_true", help="only the backend and sync benchmarks")
    parser.add_argument("--process", action="store_true", help="only the whole-process benchmarks")
    parser.add_argument("--runs", type=int, default=3, help="runs of each process (median)")
    parser.add_argument(
        "--indicators", action="store_true", help="also run benchmarks/indicators_bench.py (1,000,000 lots; slow)"
    )
    parser.add_argument("--web", action="store_true", help="only the web app benchmark (benchmarks/web.py)")
    parser.add_argument("--web-db", type=Path, default=None, help="store for --web (default: generate one)")
    args = parser.parse_args()
    if args.web:
        web_command = [sys.executable, str(ROOT / "benchmarks" / "web.py")]
        web_command += (
            ["--db", str(args.web_db)]
            if args.web_db
            else (["--notices", "20000", "--copies", "1"] if args.quick else [])
        )
        raise SystemExit(subprocess.call(web_command))
    generated = args.notices or (2000 if args.quick else 10_000)
    sizes = (5_000, 20_000) if args.quick else (25_000, 100_000)
    work = Path(tempfile.mkdtemp(prefix="sppmon-bench-"))
    results: dict[str, object] = {"python": sys.version.split()[0], "cpus": os.cpu_count()}
    try:
        large = 20_000 if args.quick else 100_000
        results["process"] = process_bench.figures(generated, 1 if args.quick else args.runs, ted=True, large=large)
        if args.process:
            return
        folder = write_sample(work / "generated", generated, seed=42, layout="dir")
        if args.sources:
            results["backends"] = sources.backends(folder, work)
            results["sync"] = sources.sync_overhead(folder, work)
            return
        generated_figures = dataset_figures("generated", folder, work)
        results["generated"] = generated_figures
        if (SHARED / "corpus" / "eforms").is_dir():
            real = work / "real"
            real_corpus(real, max(1, generated // 69 // 2))
            results["real"] = dataset_figures("real", real, work)
        else:
            print(f"real       skipped: no shared corpus at {SHARED}")
        results["detection"] = {"generated": detection_overhead("generated", folder, work)}
        if (SHARED / "corpus" / "ted-xml").is_dir():
            legacy = work / "legacy"
            legacy_corpus(SHARED / "corpus" / "ted-xml", legacy, max(1, generated // 134 // 2))
            results["detection"]["legacy"] = detection_overhead("legacy", legacy, work)  # type: ignore[index]
        if (work / "real").is_dir():
            results["detection"]["real"] = detection_overhead("real", work / "real", work)  # type: ignore[index]
        results["guidance"] = guidance_figures(folder, work, generated_figures["parse_seconds"])
        results["scaling"] = scaling(folder, work)
        results["memory"] = memory(work, sizes)
        results["backends"] = sources.backends(folder, work)
        results["sync"] = sources.sync_overhead(folder, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        out = ROOT / "benchmarks" / "out"
        out.mkdir(exist_ok=True)
        (out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {out / 'results.json'}")
    if args.indicators:
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "indicators_bench.py")], check=True)


if __name__ == "__main__":
    main()
