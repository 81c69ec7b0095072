"""``sppmon extract``: the facts of each notice as JSON lines or CSV, without storing anything."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
import orjson

from ..errors import OUT_OF_SCOPE
from ..facts import LOT_CODE_FIELDS
from ..outputs.safe import write_csv
from .common import EXIT_OK, EXIT_REJECTED, handle_errors, output_to
from .ingest import pipeline_options

CSV_NOTICE_COLUMNS = ("notice_id", "version", "subtype", "procedure_id", "form_type", "issue_date", "source")
CSV_LOT_COLUMNS = ("lot_id", "cpv_main", *LOT_CODE_FIELDS, "green", "social", "innovative", "strategic")


def _csv_rows(facts: dict[str, Any]) -> Iterator[list[Any]]:
    head = [facts.get(column) for column in CSV_NOTICE_COLUMNS]
    if not facts["lots"]:
        yield head + [None] * len(CSV_LOT_COLUMNS)
    for lot in facts["lots"]:
        codes = [";".join(lot[name]) for name in LOT_CODE_FIELDS]
        status = lot["status"]
        yield [*head, lot["lot_id"], lot["cpv_main"], *codes, *(status[k] for k in CSV_LOT_COLUMNS[-4:])]


def _facts(
    paths: tuple[str, ...], workers: int, rejected: list[str], detect: bool, all_languages: bool
) -> Iterator[dict[str, Any]]:
    """Facts per readable notice, in input order; rejections are reported and collected on the way."""
    from ..pipeline import extract_facts
    from ..sources.files import iter_items

    options = pipeline_options(workers, require_identity=False, detect=detect, all_languages=all_languages)
    for extracted in extract_facts(iter_items(paths, options.limits), replace(options, content_hash=False)):
        if extracted.facts is None:
            verdict = "out of scope" if extracted.code == OUT_OF_SCOPE else "rejected"
            if verdict == "rejected":  # a form that is no procurement procedure is a verdict, not a failure
                rejected.append(extracted.code)
            click.echo(f"{verdict}: {extracted.origin}: {extracted.code}: {extracted.message}", err=True)
            continue
        extracted.facts["source"] = extracted.origin
        yield extracted.facts


@click.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
    help="JSON lines (one object per notice) or CSV (one row per lot).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to FILE (replaced only when complete) instead of standard output.",
)
@click.option("--workers", "-w", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--detect/--no-detect",
    default=True,
    show_default=True,
    help="Add text evidence: 'detected' on each lot and an 'evidence' list (JSON lines only).",
)
@click.option(
    "--all-languages",
    is_flag=True,
    default=False,
    help="Legacy TED notices: keep the texts of translated sections too (default: original language(s) only).",
)
@handle_errors
def extract_command(
    paths: tuple[str, ...],
    output_format: str,
    output: Path | None,
    workers: int,
    detect: bool,
    all_languages: bool,
) -> None:
    """Print the facts of every notice in PATHS (same forms as 'ingest'). Rejected inputs are listed on
    standard error with their error code; exit code 1 when anything was rejected."""
    rejected: list[str] = []
    with output_to(output) as handle:
        stream = _facts(paths, workers, rejected, detect, all_languages)
        if output_format == "jsonl":
            for facts in stream:
                handle.write(orjson.dumps(facts, option=orjson.OPT_APPEND_NEWLINE).decode())
        else:
            rows = (row for facts in stream for row in _csv_rows(facts))
            write_csv(handle, [*CSV_NOTICE_COLUMNS, *CSV_LOT_COLUMNS], rows)
    sys.exit(EXIT_REJECTED if rejected else EXIT_OK)
