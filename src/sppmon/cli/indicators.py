"""``sppmon indicators``: list the catalogue, or compute one indicator."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from ..buyers import resolve_filters, with_names
from ..indicators import REGISTRY, QueryError, compute, parse_filters
from ..indicators.base import VARIANTS, IndicatorResult
from ..indicators.columns import readable
from ..indicators.export import FORMATS, as_csv, as_json, as_people_csv, display, people_table, write_result_xlsx
from ..outputs.atomic import atomic_text_file
from ..store import open_store
from .common import db_option, handle_errors
from .wording import count as number
from .wording import t


def _catalogue(lang: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False, title=t("cli.indicators.title", lang), title_justify="left")
    for name in ("code", "name", "unit", "variants"):
        table.add_column(t(f"cli.indicators.{name}", lang))
    for indicator in REGISTRY.values():
        variants = ", ".join(_variant(variant, lang) for variant in indicator.variants)
        table.add_row(indicator.code, indicator.title(lang), indicator.unit_in(lang), variants)
    Console(width=140, emoji=False, markup=False).print(table)
    click.echo(t("cli.indicators.hint", lang))


def _variant(code: str, lang: str) -> str:
    """A variant as it is typed (``--variant detected``), with its name when the language is not English."""
    return code if lang == "en" else f"{code} ({t(f'value.method.{code}', lang)})"


def _print_table(result: IndicatorResult, lang: str) -> None:
    """The result for people: column titles, code labels and numbers in ``lang``. Markup and emoji codes in
    the values (a buyer key ``BEL:id:…``) are printed as they are."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    headers, rows, kinds = people_table(result, lang)
    title = Text(f"{result.indicator.title(lang)} — {result.call()}")
    table = Table(show_edge=False, title=title, title_justify="left")
    for header, kind in zip(headers, kinds, strict=True):
        table.add_column(Text(header), justify="right" if kind else "left")
    for row in rows:
        table.add_row(*(Text(_shown(value, name, lang)) for value, name in zip(row, result.columns, strict=True)))
    widths = sum(max(len(header), 12) + 3 for header in headers)
    Console(width=max(100, widths), emoji=False, markup=False).print(table)


def _shown(value: object, column: str, lang: str) -> str:
    return value if isinstance(value, str) else display(value, column, lang)


@click.command("indicators")
@click.argument("code", required=False)
@click.argument("extra_filters", nargs=-1, metavar="[NAME=VALUE]...")
@click.option("--by", "by", default=None, metavar="NAMES", help="Breakdowns, comma-separated (year,buyer,...).")
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="NAME=VALUE",
    help="Keep only lots whose breakdown NAME equals VALUE (VALUE may list alternatives: country=BEL,NLD).",
)
@click.option("--variant", type=click.Choice(VARIANTS), default="declared", show_default=True)
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@click.option(
    "--lang",
    type=click.Choice(("en", "nl", "fr")),
    default=None,
    help="Language of titles, code labels and numbers in the table, in XLSX and (given) in CSV  [default: en; "
    "CSV without --lang keeps column names and codes, like JSON].",
)
@db_option
@handle_errors
def indicators_command(
    code: str | None,
    extra_filters: tuple[str, ...],
    by: str | None,
    filters: tuple[str, ...],
    variant: str,
    output_format: str,
    out: Path | None,
    lang: str | None,
    db: str | None,
) -> None:
    """List the indicators, or compute indicator CODE per breakdown. Filters can follow the code as
    NAME=VALUE or be given with --filter; each procedure lot counts once."""
    machine_csv = lang is None  # CSV without a language: the machine form, with codes
    lang = lang or "en"
    if code is None:
        _catalogue(lang)
        return
    try:
        chosen = parse_filters([*filters, *extra_filters])
        if code not in REGISTRY:
            raise QueryError(f"unknown indicator {code!r}; known: {', '.join(REGISTRY)}")
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    with open_store(db, read_only=True) as store:
        chosen = resolve_filters(store, chosen, lang)  # --filter buyer='Stad Gent': by key or by name
        try:
            result = compute(store, code, by=by, filters=chosen, variant=variant)
        except QueryError as exc:
            raise click.UsageError(str(exc)) from None
        if "buyer" in result.columns:  # one name per buyer and language
            result = replace(result, rows=with_names(store, result.rows, lang))
    for note in result.notes_in(lang):
        click.echo(t("cli.indicators.note", lang, note=readable(note, lang)), err=True)
    if output_format == "xlsx":
        if out is None:
            raise click.UsageError("--format xlsx needs --out FILE.xlsx")
        write_result_xlsx(result, out, lang)
        click.echo(t("cli.indicators.wrote", lang, rows=number(len(result.rows), lang), out=out), err=True)
        return
    if output_format == "table":
        _print_table(result, lang)
        return
    if output_format == "json":
        text = as_json(result) + "\n"
    else:
        text = as_csv(result) if machine_csv else as_people_csv(result, lang)
    if out is None:
        sys.stdout.write(text)
        return
    with atomic_text_file(out) as handle:
        handle.write(text)
    click.echo(t("cli.indicators.wrote", lang, rows=number(len(result.rows), lang), out=out), err=True)
