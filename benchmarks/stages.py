"""CPU per notice of each stage of reading, on the same parsed files: where a notice's time goes without a profiler.

    .venv/bin/python benchmarks/stages.py FOLDER [--limit N] [--src DIR]

Stages: the lxml parse (``xmlsafe.parse_xml``), a bare walk over the parsed tree reading every element's tag and
text (the floor of any reader written in Python), the reader beyond the parse (root element → ``Notice``), the
length check of identifiers and codes, text detection and the facts of ``extract``. Each stage runs over all the
notices three times and the best is printed (process CPU seconds and milliseconds per notice); detection's cache
of recent scans is emptied before each run, so repeated runs do not flatter it. ``--src`` measures another copy of
the package (a checkout of an earlier commit, say), so that two versions can be compared on one machine, runs
alternated: CPU figures on a shared machine move by tens of percent from minute to minute.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def best_of(runs: int, function: Callable[[Any], Any], items: Sequence[Any], before: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(runs):
        before()
        started = time.process_time()
        for item in items:
            function(item)
        best = min(best, time.process_time() - started)
    return best


def walk(root: Any) -> None:
    """Every element's tag and text, and nothing else: the floor of any reader in Python over the lxml tree."""
    for element in root.iter():
        element.tag  # noqa: B018 - the lookup is what is measured
        element.text  # noqa: B018


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=2000, help="notices read (the first N files by name)")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the source folder holding sppmon")
    args = parser.parse_args()
    sys.path.insert(0, str(args.src))

    from sppmon.detect.detector import default_matcher, detect_notice
    from sppmon.facts import notice_facts
    from sppmon.notice_limits import check_notice_lengths
    from sppmon.readers import READERS, ReaderOptions
    from sppmon.xmlsafe import parse_xml

    options = ReaderOptions()
    files = sorted(path for path in args.folder.rglob("*.xml") if path.is_file())[: args.limit]
    data = [path.read_bytes() for path in files]
    roots = [parse_xml(item) for item in data]

    def read(root: Any) -> Any:
        spec = next(spec for spec in READERS if spec.accepts(root))
        return spec.read(root, options)

    notices = [read(root) for root in roots]

    def forget_scans() -> None:
        cache = getattr(default_matcher(), "_recent", None)  # absent in versions without the cache
        if cache is not None:
            cache.cache_clear()

    stages: list[tuple[str, Callable[[Any], Any], Sequence[Any]]] = [
        ("parse", parse_xml, data),
        ("walk", walk, roots),
        ("read", read, roots),
        ("length check", check_notice_lengths, notices),
        ("detection", detect_notice, notices),
        ("facts", notice_facts, notices),
    ]
    if not files:
        sys.exit(f"no notices (.xml files) under {args.folder}: give a folder of notice files")
    print(f"{len(files):,} notices from {args.folder} with {args.src}")
    for name, function, items in stages:
        seconds = best_of(3, function, items, forget_scans)
        print(f"  {name:14} {seconds:6.2f} s CPU  {1000 * seconds / len(items):6.3f} ms/notice")


if __name__ == "__main__":
    main()
