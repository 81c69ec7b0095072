"""Markdown tables of a graded detection report, as published in docs/commands/evaluate-detection.md.

    sppmon evaluate-detection --labels tests/fixtures/detection-labels.tsv \
        ../shared/corpus/eforms ../shared/corpus/ted-xml ../shared/corpus/ted-pool/ted-xml-3163.tar.gz -o report.json
    .venv/bin/python scripts/detection_figures.py report.json [--languages]

Prints one row per dimension, split and language group (core = NL/FR/DE/EN, other = the rest, all); with
``--languages`` also one row per single language over both splits.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DIMENSIONS = ("green", "green_subject", "social", "innovation")
GROUPS = ("core", "other", "all")


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def rows(report: dict[str, object], languages: bool) -> list[str]:
    scores = {(s["dimension"], s["split"], s["language"]): s for s in report["scores"]}  # type: ignore[attr-defined]
    singles = sorted({language for _, _, language in scores if language not in GROUPS})
    lines = [
        "| dimension | split | languages | notices | TP | FP | FN | precision | recall | F1 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for dimension in DIMENSIONS:
        wanted = [(split, group) for split in ("tune", "holdout", "all") for group in GROUPS]
        if languages:
            wanted += [("all", language) for language in singles]
        for split, language in wanted:
            score = scores.get((dimension, split, language))
            if score is None:
                continue
            lines.append(
                f"| {dimension} | {split} | {language} | {score['lots']} | {score['tp']} | {score['fp']} | "
                f"{score['fn']} | {_ratio(score['precision'])} | {_ratio(score['recall'])} | {_ratio(score['f1'])} |"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--languages", action="store_true", help="add one row per language")
    args = parser.parse_args(argv)
    report = json.loads(args.report.read_text(encoding="utf-8"))
    print("\n".join(rows(report, args.languages)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
