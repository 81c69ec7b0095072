"""``sppmon evaluate-detection``: detection graded against eForms declarations, or against hand labels
(``--labels``): precision, recall, F1 and the disagreements with their evidence."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..detect import labelled
from ..detect.evaluate import ALL_LANGUAGES, DIMENSIONS, Evaluation, Score, evaluate
from ..errors import CatalogedError
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


def _score_cells(score: Score) -> tuple[str, ...]:
    counts = (score.lots, score.true_positive, score.false_positive, score.false_negative, score.true_negative)
    return (*(f"{count:,}" for count in counts), _ratio(score.precision), _ratio(score.recall), _ratio(score.f1))


def render_grading(result: labelled.Grading, max_mistakes: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 120))  # the table needs 11 columns, also when piped
    console.print(
        f"labelled notices {result.labelled:,} · graded {result.graded:,} · not found {len(result.missing):,}"
    )
    table = Table(title="Detected vs hand labels", title_justify="left", show_edge=False)
    for index, name in enumerate(("dimension", "split", "language", "notices", "TP", "FP", "FN", "TN")):
        table.add_column(name, justify="right" if index > 2 else "left")
    for name in ("precision", "recall", "F1"):
        table.add_column(name, justify="right")
    groups = (labelled.ALL, labelled.CORE, labelled.OTHER)
    for dimension in labelled.DIMENSIONS:
        rows = [(split, language) for split in (*labelled.SPLITS, labelled.ALL) for language in groups]
        rows += [(labelled.ALL, language) for language in result.languages() if language not in groups]
        for split, language in rows:
            score = result.scores.get((dimension, split, language))
            if score is not None:
                table.add_row(dimension, split, language, *_score_cells(score))
    console.print(table)
    blind = {language: count for (split, language), count in result.not_assessable.items() if split == labelled.ALL}
    if blind:
        listed = ", ".join(f"{language} {count:,}" for language, count in sorted(blind.items()))
        console.print(f"Not assessable (no text in a language with a lexicon): {listed}", highlight=False)
    shown = result.mistakes[:max_mistakes]
    console.print(f"False positives and misses: {len(result.mistakes):,} (showing {len(shown):,})")
    for item in shown:
        evidence = "; ".join(f"{e.term} in {e.field} [{e.language}]: “{e.matched}”" for e in item.evidence)
        verdict = "false positive" if item.detected else "miss"
        console.print(
            f"  {item.label.notice_id} [{item.label.language}, {item.label.split}] {item.dimension}: {verdict} — "
            f"{evidence or 'no evidence'} (label: {item.label.note})",
            markup=False,
            highlight=False,
        )


def read_labels(path: Path) -> tuple[labelled.Label, ...]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogedError("LABELS_UNREADABLE", f"{path}: {exc}") from None
    return labelled.parse_labels(text, str(path))


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
@click.option(
    "--labels",
    "labels_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Grade against hand labels in this TSV instead of the eForms declarations.",
)
@handle_errors
def evaluate_command(
    paths: tuple[str, ...], output_format: str, output: Path | None, max_disagreements: int, labels_file: Path | None
) -> None:
    """Compare text detection with what eForms notices in PATHS declare (lots that say yes or explicitly
    none), or with hand labels (--labels FILE): precision, recall and F1 per dimension and language, and
    the disagreements with their evidence. Exit code 1 when inputs were rejected."""
    from ..pipeline import read_items
    from ..sources.files import iter_items

    labels = read_labels(labels_file) if labels_file is not None else None
    wanted = {label.notice_id for label in labels} if labels is not None else None
    options = pipeline_options(1, require_identity=False, detect=False)
    rejected = 0
    readable = []
    for outcome in read_items(iter_items(paths, options.limits), options):
        if outcome.notice is None:
            rejected += 1
            code = outcome.error.code if outcome.error else "?"
            click.echo(f"rejected: {outcome.origin}: {code}", err=True)
            continue
        if wanted is None or outcome.notice.notice_id in wanted:  # with labels, keep only labelled notices
            readable.append((outcome.origin, outcome.notice))
    if labels is not None:
        _graded(labelled.grade((notice for _, notice in readable), labels), output_format, output, max_disagreements)
        sys.exit(EXIT_REJECTED if rejected else EXIT_OK)
    result = evaluate(readable)
    if output is not None:
        with atomic_text_file(output) as handle:
            handle.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
    elif output_format == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        render(result, max_disagreements)
    sys.exit(EXIT_REJECTED if rejected else EXIT_OK)


def _graded(result: labelled.Grading, output_format: str, output: Path | None, max_mistakes: int) -> None:
    if output is not None:
        with atomic_text_file(output) as handle:
            handle.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
    elif output_format == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        render_grading(result, max_mistakes)
