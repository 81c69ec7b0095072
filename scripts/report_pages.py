"""Pictures of the annual report's PDF for the docs: its first pages in Dutch and French, rendered to PNG 1366 px
wide, so that a reader sees the tables, number formats and charts as they are printed.

    .venv/bin/python scripts/report_pages.py --db STORE --year YEAR [--out docs/screenshots] [--pages 2]

Needs ``pdftoppm`` (Poppler) to turn PDF pages into pictures; stores 256-colour PNG (small files, readable text).
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

LANGS = ("nl", "fr")
WIDTH = 1366


def render(db: str, year: int, out: Path, pages: int) -> list[Path]:
    from sppmon.reports.base import ReportRequest
    from sppmon.reports.registry import REPORTS
    from sppmon.reports.render import write_report
    from sppmon.store import open_store

    written = []
    with tempfile.TemporaryDirectory() as work:
        for lang in LANGS:
            pdf = Path(work) / f"annual-{lang}.pdf"
            with open_store(db, read_only=True) as store:
                write_report(REPORTS["annual"].build(store, ReportRequest(lang, year=year)), pdf)
            prefix = Path(work) / f"page-{lang}"
            command = ["pdftoppm", "-png", "-scale-to-x", str(WIDTH), "-scale-to-y", "-1", "-l", str(pages)]
            subprocess.run([*command, str(pdf), str(prefix)], check=True)  # noqa: S603 (fixed program, our paths)
            for number, page in enumerate(sorted(Path(work).glob(f"page-{lang}-*.png")), 1):
                target = out / f"annual-report-{lang}-page{number}.png"
                Image.open(page).convert("RGB").quantize(256).save(target, optimize=True)
                written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--pages", type=int, default=2)
    arguments = parser.parse_args()
    for path in render(arguments.db, arguments.year, arguments.out, arguments.pages):
        print(path)


if __name__ == "__main__":
    main()
