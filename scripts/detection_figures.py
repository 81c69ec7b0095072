"""Markdown tables of graded detection reports, as published in docs/commands/evaluate-detection.md.

    sppmon evaluate-detection --labels tests/fixtures/detection-labels.tsv \
        ../shared/corpus/eforms ../shared/corpus/ted-xml ../shared/corpus/ted-pool/ted-xml-3163.tar.gz -o report.json
    .venv/bin/python scripts/detection_figures.py report.json [more.json ...] [--languages]

Prints one row per dimension, split and language group (core = NL/FR/DE/EN, other = the rest, all); with
``--languages`` also one row per single language over both splits. Several reports (one per labels file) are
pooled: their counts are added per dimension, split and language, and the ratios computed from the sums — the
pooled rows of the documentation (every ``holdout`` split of the held-out files, every ``tune`` split of the
tune files).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sppmon.detect.evaluate import Score

DIMENSIONS = ("green", "green_subject", "social", "innovation")
GROUPS = ("core", "other", "all")


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


COUNTS = ("lots", "tp", "fp", "fn")


def _ratios(score: dict[str, Any]) -> dict[str, Any]:
    """The score with its precision, recall and F1 computed from its counts, as the graded report computes them."""
    counted = Score(score["tp"], score["fp"], score["fn"])
    return {**score, "precision": counted.precision, "recall": counted.recall, "f1": counted.f1}


def pooled(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One report whose counts are the sums of ``reports``' counts."""
    sums: dict[tuple[str, str, str], dict[str, Any]] = {}
    for report in reports:
        for score in report["scores"]:
            key = (score["dimension"], score["split"], score["language"])
            total = sums.setdefault(key, {"dimension": key[0], "split": key[1], "language": key[2]})
            for name in COUNTS:
                total[name] = total.get(name, 0) + score[name]
    return {"scores": [_ratios(score) for score in sums.values()]}


def rows(report: dict[str, Any], languages: bool) -> list[str]:
    scores = {(s["dimension"], s["split"], s["language"]): s for s in report["scores"]}
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
    parser.add_argument("reports", type=Path, nargs="+", help="graded reports (several are pooled)")
    parser.add_argument("--languages", action="store_true", help="add one row per language")
    args = parser.parse_args(argv)
    reports = [json.loads(path.read_text(encoding="utf-8")) for path in args.reports]
    report = reports[0] if len(reports) == 1 else pooled(reports)
    print("\n".join(rows(report, args.languages)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
