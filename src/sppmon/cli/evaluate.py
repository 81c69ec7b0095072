"""``sppmon evaluate-detection``: detection graded against eForms declarations, or against hand labels
(``--labels``): precision, recall, F1 and the disagreements with their evidence."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..detect import labelled
from ..detect.evaluate import ALL_LANGUAGES, DIMENSIONS, Evaluation, Score, evaluate
from ..errors import CatalogedError
from ..outputs.atomic import atomic_text_file
from .common import EXIT_OK, EXIT_REJECTED, handle_errors
from .ingest import pipeline_options
from .wording import count, lang_option, language_name, named, ratio, t


def _dimension(name: str, lang: str) -> str:
    return named(name, lang, "value.dimension.")


def _language(code: str, lang: str) -> str:
    return named(code, lang, "evaluate.group.") if code in GROUPS else language_name(code, lang)


def _field(name: str, lang: str) -> str:
    return named(name, lang, "text.", "field.")


def _score_table(title: str, keys: tuple[str, ...], lang: str) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_edge=False)
    for index, key in enumerate((*keys, *_COUNT_KEYS)):
        table.add_column(t(f"evaluate.col.{key}", lang), justify="right" if index >= len(keys) - 1 else "left")
    return table


_COUNT_KEYS = ("tp", "fp", "fn", "tn", "precision", "recall", "f1")
GROUPS = (ALL_LANGUAGES, labelled.ALL, labelled.CORE, labelled.OTHER)


def render(result: Evaluation, max_disagreements: int, lang: str = "en") -> None:
    """The comparison with the declarations for people: texts of the catalogue, numbers in ``lang``."""
    from rich.console import Console

    console = Console(emoji=False, width=max(Console().width, 110))
    notices, lots = count(result.notices, lang), count(result.lots_with_declaration, lang)
    console.print(t("evaluate.summary", lang, notices=notices, lots=lots), markup=False, highlight=False)
    table = _score_table(t("evaluate.declared_title", lang), ("dimension", "language", "lots"), lang)
    for dimension in DIMENSIONS:
        for language in (ALL_LANGUAGES, *result.languages()):
            score = result.scores.get((dimension, language))
            if score is not None:
                table.add_row(_dimension(dimension, lang), _language(language, lang), *_score_cells(score, lang))
    console.print(table)
    console.print(t("evaluate.legend", lang), markup=False, highlight=False)
    shown = result.disagreements[:max_disagreements]
    total = t(
        "evaluate.disagreements", lang, total=count(len(result.disagreements), lang), shown=count(len(shown), lang)
    )
    console.print(total, markup=False, highlight=False)
    for item in shown:
        evidence = "; ".join(
            t("evaluate.evidence", lang, term=e.term, field=_field(e.field, lang), matched=e.matched)
            for e in item.evidence
        )
        verdict = t("evaluate.verdict." + ("detected_none" if item.detected else "declared_missed"), lang)
        console.print(
            f"  {item.source} {item.lot_id} [{item.language}] {_dimension(item.dimension, lang)}: {verdict} — "
            f"{evidence or t('evaluate.no_evidence', lang)}",
            markup=False,
            highlight=False,
            soft_wrap=True,  # one line per lot whatever the terminal width, so that it can be searched and copied
        )


def _score_cells(score: Score, lang: str) -> tuple[str, ...]:
    counts = (score.lots, score.true_positive, score.false_positive, score.false_negative, score.true_negative)
    ratios = (score.precision, score.recall, score.f1)
    return (*(count(value, lang) for value in counts), *(ratio(value, lang) for value in ratios))


def render_grading(result: labelled.Grading, max_mistakes: int, lang: str = "en") -> None:
    """The grading against hand labels for people: texts of the catalogue, numbers in ``lang``."""
    from rich.console import Console

    console = Console(width=max(Console().width, 120), emoji=False)  # 11 columns, also when piped
    summary = t(
        "evaluate.labels_summary",
        lang,
        labelled=count(result.labelled, lang),
        graded=count(result.graded, lang),
        missing=count(len(result.missing), lang),
    )
    console.print(summary, markup=False, highlight=False)
    table = _score_table(t("evaluate.labels_title", lang), ("dimension", "split", "language", "notices"), lang)
    groups = (labelled.ALL, labelled.CORE, labelled.OTHER)
    for dimension in labelled.DIMENSIONS:
        rows = [(split, language) for split in (*labelled.SPLITS, labelled.ALL) for language in groups]
        rows += [(labelled.ALL, language) for language in result.languages() if language not in groups]
        for split, language in rows:
            score = result.scores.get((dimension, split, language))
            if score is not None:
                part = t(f"evaluate.split.{split}", lang)
                table.add_row(_dimension(dimension, lang), part, _language(language, lang), *_score_cells(score, lang))
    console.print(table)
    console.print(t("evaluate.legend", lang), markup=False, highlight=False)
    blind = {language: number for (split, language), number in result.not_assessable.items() if split == labelled.ALL}
    if blind:
        listed = ", ".join(f"{_language(code, lang)} {count(number, lang)}" for code, number in sorted(blind.items()))
        console.print(t("evaluate.not_assessable", lang, listed=listed), markup=False, highlight=False)
    shown = result.mistakes[:max_mistakes]
    total = t("evaluate.mistakes", lang, total=count(len(result.mistakes), lang), shown=count(len(shown), lang))
    console.print(total, markup=False, highlight=False)
    for item in shown:
        evidence = "; ".join(
            t(
                "evaluate.evidence_language",
                lang,
                term=e.term,
                field=_field(e.field, lang),
                language=e.language,
                matched=e.matched,
            )
            for e in item.evidence
        )
        verdict = t("evaluate.verdict." + ("false_positive" if item.detected else "miss"), lang)
        label = item.label
        console.print(
            f"  {label.notice_id} [{label.language}, {t(f'evaluate.split.{label.split}', lang)}] "
            f"{_dimension(item.dimension, lang)}: {verdict} — {evidence or t('evaluate.no_evidence', lang)} "
            f"({t('evaluate.label_note', lang, note=label.note)})",
            markup=False,
            highlight=False,
            soft_wrap=True,
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
@lang_option("Language of the table's texts, names and numbers (JSON keeps codes).")
@handle_errors
def evaluate_command(
    paths: tuple[str, ...],
    output_format: str,
    output: Path | None,
    max_disagreements: int,
    labels_file: Path | None,
    lang: str,
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
        grading = labelled.grade((notice for _, notice in readable), labels)
        _emit(grading.as_dict(), output_format, output, lambda: render_grading(grading, max_disagreements, lang))
    else:
        result = evaluate(readable)
        _emit(result.as_dict(), output_format, output, lambda: render(result, max_disagreements, lang))
    sys.exit(EXIT_REJECTED if rejected else EXIT_OK)


def _emit(figures: dict[str, object], output_format: str, output: Path | None, table: Callable[[], None]) -> None:
    """The figures as JSON into ``output`` or on standard output, or as a table for people."""
    if output is not None:
        with atomic_text_file(output) as handle:
            handle.write(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    elif output_format == "json":
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        table()
