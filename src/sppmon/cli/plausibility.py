"""``sppmon plausibility``: per buyer, declarations that the texts do not support and evidence nobody declared."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..detect.plausibility import DIMENSIONS, BuyerPlausibility, plausibility
from ..outputs.safe import write_csv
from ..store import open_store
from .common import db_option, handle_errors, output_to
from .wording import count, lang_option, named, share, t

COLUMNS = (
    "buyer_key",
    "buyer_name",
    "lots",
    "declared",
    "declared_without_evidence",
    "evidence_not_declared",
    "evidence_declared_none",
    "not_reported",
    "not_reported_share",
    "not_scanned",
)


@click.command("plausibility")
@db_option
@click.option("--dimension", type=click.Choice(DIMENSIONS), default="green", show_default=True)
@click.option(
    "--min-lots", default=1, show_default=True, type=click.IntRange(1), help="Only buyers with this many lots."
)
@click.option("--limit", default=40, show_default=True, type=click.IntRange(1), help="Buyers shown in the table view.")
@click.option(
    "--include-legacy",
    is_flag=True,
    default=False,
    help="Also count legacy TED lots (they declare nothing: all 'not reported').",
)
@click.option(
    "--format", "output_format", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write CSV or JSON to FILE (replaced only when complete).",
)
@lang_option("Language of the table's titles, names and numbers (CSV and JSON keep codes).")
@handle_errors
def plausibility_command(
    db: str | None,
    dimension: str,
    min_lots: int,
    limit: int,
    include_legacy: bool,
    output_format: str,
    output: Path | None,
    lang: str,
) -> None:
    """Per buyer: lots declared green (or social, innovative) without any text evidence, lots with strong
    evidence but nothing declared or an explicit none, and the share of lots that report nothing. Needs
    notices ingested with detection (the default of 'ingest')."""
    with open_store(db, read_only=True) as store:
        rows = plausibility(store, dimension, include_legacy, min_lots, lang=lang)
    if output_format == "table" and output is None:
        _render(rows[:limit], dimension, len(rows), lang)
        return
    if output_format == "table":
        output_format = "csv"  # a file gets CSV unless JSON is asked for
    with output_to(output) as handle:
        if output_format == "json":
            handle.write(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2) + "\n")
        else:
            write_csv(handle, COLUMNS, ([row.as_dict()[name] for name in COLUMNS] for row in rows))


_SHOWN = (
    "lots",
    "declared",
    "declared_without_evidence",
    "evidence_not_declared",
    "evidence_declared_none",
    "not_reported_share",
    "not_scanned",
)


def _render(rows: list[BuyerPlausibility], dimension: str, total: int, lang: str) -> None:
    """The table for people: titles of the catalogue, counts and shares in the format of ``lang``."""
    from rich.console import Console
    from rich.table import Table

    title = t(
        "plausibility.title", lang, dimension=named(dimension, lang, "value.dimension."), buyers=count(total, lang)
    )
    table = Table(title=title, title_justify="left")
    for index, name in enumerate(("buyer", *_SHOWN)):
        table.add_column(t(f"plausibility.col.{name}", lang), justify="right" if index else "left")
    for row in rows:
        table.add_row(row.buyer_name or row.buyer_key or "?", *(_cell(row, name, lang) for name in _SHOWN))
    Console(emoji=False, markup=False, width=max(Console().width, 130)).print(table)


def _cell(row: BuyerPlausibility, name: str, lang: str) -> str:
    if name == "not_reported_share":
        return share(row.not_reported_share, lang)
    value: int = getattr(row, name)
    return count(value, lang)
