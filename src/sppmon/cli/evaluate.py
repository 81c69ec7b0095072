"""``sppmon evaluate-detection``: declared vs detected on eForms notices (precision, recall, F1)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..detect.evaluate import ALL_LANGUAGES, DIMENSIONS, Evaluation, evaluate
from ..outputs.atomic import atomic_text_file
from .common import EXIT_OK, EXIT_REJECTED, handle_errors
from .ingest import pipeline_options


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def render(result: Evaluation, max_disagreements: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"eForms notices {result.notices:,} · lots with a declaration (yes or explicit none) "
        f"{result.lots_with_declaration:,}"
    )
    table = Table(title="Declared vs detected", title_justify="left", show_edge=False)
    for index, name in enumerate(("dimension", "language", "lots", "TP", "FP", "FN", "TN", "precision", "recall")):
        table.add_column(name, justify="right" if index > 1 else "left")
    table.add_column("F1", justify="right")
    for dimension in DIMENSIONS:
        for language in (ALL_LANGUAGES, *result.languages()):
            score = result.scores.get((dimension, language))
            if score is None:
                continue
            table.add_row(
                dimension,
                language,
                f"{score.lots:,}",
                str(score.true_positive),
                str(score.false_positive),
                str(score.false_negative),
                str(score.true_negative),
                _ratio(score.precision),
                _ratio(score.recall),
                _ratio(score.f1),
            )
    console.print(table)
    shown = result.disagreements[:max_disagreements]
    console.print(f"Disagreements: {len(result.disagreements):,} (showing {len(shown):,})")
    for item in shown:
        evidence = "; ".join(f"{e.term} in {e.field}: “{e.matched}”" for e in item.evidence) or "no evidence"
        verdict = "detected, declared none" if item.detected else "declared yes, not detected"
        console.print(
            f"  {item.source} {item.lot_id} [{item.language}] {item.dimension}: {verdict} — {evidence}",
            markup=False,
            highlight=False,
        )


@click.command("evaluate-detection")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the JSON report to FILE (replaced only when complete); implies --format json.",
)
@click.option(
    "--disagreements",
    "max_disagreements",
    default=25,
    show_default=True,
    type=click.IntRange(0),
    help="How many disagreements the table view lists (JSON lists all).",
)
@handle_errors
def evaluate_command(paths: tuple[str, ...], output_format: str, output: Path | None, max_disagreements: int) -> None:
    """Compare text detection with what eForms notices in PATHS declare (lots that say yes or explicitly
    none): precision, recall and F1 for green, social and innovative, overall and by notice language, and
    the disagreements with their evidence. Exit code 1 when inputs were rejected."""
    from ..pipeline import read_items
    from ..sources.files import iter_items

    options = pipeline_options(1, require_identity=False, detect=False)
    rejected = 0
    readable = []
    for outcome in read_items(iter_items(paths, options.limits), options):
        if outcome.notice is None:
            rejected += 1
            code = outcome.error.code if outcome.error else "?"
            click.echo(f"rejected: {outcome.origin}: {code}", err=True)
            continue
        readable.append((outcome.origin, outcome.notice))
    result = evaluate(readable)
    if output is not None:
        with atomic_text_file(output) as handle:
            handle.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
    elif output_format == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        render(result, max_disagreements)
    sys.exit(EXIT_REJECTED if rejected else EXIT_OK)
