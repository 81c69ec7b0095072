"""``sppmon outcomes``: the energy and CO2 that procurement saves, estimated from the EED and CVD fields of
result notices, with the method, the factors and their sources, the lots behind each figure and what is left
out."""

from __future__ import annotations

import io
import json
from pathlib import Path

import click

from .common import db_option, handle_errors, output_to
from .wording import lang_option

BY_CHOICES = ("year", "country", "buyer", "category")


def _by(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in value.split(",") if name.strip())
    unknown = [name for name in names if name not in BY_CHOICES]
    if unknown:
        raise click.BadParameter(f"unknown breakdown {unknown[0]!r}; known: {', '.join(BY_CHOICES)}")
    return tuple(dict.fromkeys(names))


@click.command("outcomes")
@db_option
@click.option("--year", "years", type=int, multiple=True, help="Only notices of this year (repeatable).")
@click.option(
    "--country", "countries", multiple=True, help="Only buyers of this country, ISO alpha-3 such as BEL (repeatable)."
)
@click.option("--buyer", "buyers", multiple=True, help="Only this buyer (its buyer key; repeatable).")
@click.option(
    "--by",
    default="year,country,category",
    show_default=True,
    callback=_by,
    metavar="NAMES",
    help="Breakdowns, comma-separated: year, country, buyer, category (none: --by '').",
)
@click.option(
    "--factors",
    "factors_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="YAML or JSON file whose service lives, emission factors or vehicle factors replace the packaged ones.",
)
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to FILE (replaced only when complete).",
)
@lang_option("Language of the table and of the method and note texts in JSON (codes stay codes).")
@handle_errors
def outcomes_command(
    db: str | None,
    years: tuple[int, ...],
    countries: tuple[str, ...],
    buyers: tuple[str, ...],
    by: tuple[str, ...],
    factors_file: Path | None,
    output_format: str,
    output: Path | None,
    lang: str,
) -> None:
    """Estimate the energy saved (declared yearly savings × quantity, and over the items' service life), the
    CO2 it avoids (per country and year) and the CO2 that clean and zero-emission vehicles avoid over their
    lifetime mileage, as low-high ranges. Every figure lists the lots it rests on; items and vehicle counts that
    cannot be counted are listed with their reason, never counted as zero."""
    from ..outcomes.factors import load_outcome_factors
    from ..outcomes.render import CSV_COLUMNS, csv_rows, table_lines
    from ..outcomes.report import outcomes
    from ..outcomes.rows import Filters
    from ..outputs.safe import write_csv
    from ..store import open_store

    factors = load_outcome_factors(factors_file)
    filters = Filters(tuple(years), tuple(code.upper() for code in countries), tuple(buyers))
    with open_store(db, read_only=True) as store:
        result = outcomes(store, factors, filters, by)
    if output_format == "json":
        content = json.dumps(result.as_dict(lang), ensure_ascii=False, indent=2) + "\n"
    elif output_format == "csv":
        buffer = io.StringIO()
        write_csv(buffer, CSV_COLUMNS, csv_rows(result.as_dict(lang)))
        content = buffer.getvalue()
    else:
        content = "\n".join(table_lines(result, lang)) + "\n"
    if output is None:
        click.echo(content, nl=False)
        return
    with output_to(output) as handle:
        handle.write(content)
