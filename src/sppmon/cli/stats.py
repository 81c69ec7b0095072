"""``sppmon stats``: what is in the store."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from .. import labels, localefmt, messages, settings
from ..indicators.columns import country_name
from .common import db_option, handle_errors

if TYPE_CHECKING:
    from ..store.stats import StoreStats


def _table(title: str, header: tuple[str, ...], rows: Sequence[tuple[object, ...]]) -> object:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_edge=False)
    for index, name in enumerate(header):
        table.add_column(name, justify="right" if index else "left")
    for row in rows:
        table.add_row(*(str(value) for value in row))
    return table


def _t(key: str, lang: str, **values: object) -> str:
    texts = messages.catalogue()[f"stats.{key}"]
    text = texts.get(lang) or texts["en"]
    return text.format(**values) if values else text


def _headers(lang: str, *names: str) -> tuple[str, ...]:
    return tuple(_t(f"col.{name}", lang) for name in names)


def render(stats: StoreStats, lang: str) -> None:
    """The store's content for people: headings from the catalogue, numbers in the language's format."""
    from rich.console import Console

    console = Console(emoji=False, width=140)
    sdk = str(settings.get("sdk_dir"))

    def number(value: int) -> str:
        return localefmt.number(value, lang)

    console.print(
        _t(
            "summary",
            lang,
            notices=number(stats.notices),
            latest=number(stats.latest_notices),
            superseded=number(stats.superseded_notices),
            lots=number(stats.lots),
            procedure_lots=number(stats.procedure_lots),
            rejected=number(stats.rejections),
        )
        + (" · " + _t("out_of_scope", lang, count=number(stats.out_of_scope)) if stats.out_of_scope else "")
    )
    subtype_rows = [
        (code, labels.label("notice-subtype", code, lang, sdk) or "", number(count)) for code, count in stats.by_subtype
    ]
    console.print(_table(_t("by_subtype", lang), _headers(lang, "subtype", "name", "notices"), subtype_rows))
    years = [(year, number(count)) for year, count in stats.by_year]
    console.print(_table(_t("by_year", lang), _headers(lang, "year", "notices"), years))
    countries = [(country_name(str(code), lang), number(count)) for code, count in stats.by_country]
    console.print(_table(_t("by_country", lang), _headers(lang, "country", "notices"), countries))
    rejected = [(code, number(count)) for code, count in stats.rejections_by_code]
    console.print(_table(_t("rejections", lang), _headers(lang, "code", "inputs"), rejected))
    coverage_rows = [
        (
            _t(f"field.{row['field']}", lang)
            if f"stats.field.{row['field']}" in messages.catalogue()
            else row["title"],
            row["business_term"],
            number(row["present"]),
            number(row["explicit_negative"]),
            localefmt.share(row["coverage_share"], lang),
        )
        for row in stats.coverage
    ]
    console.print(
        _table(
            _t("coverage", lang, lots=number(stats.procedure_lots)),
            _headers(lang, "field", "bt", "present", "negative", "coverage"),
            coverage_rows,
        )
    )


@click.command("stats")
@db_option
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--lang",
    type=click.Choice(labels.LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the headings, labels and numbers of the table (JSON keeps codes).",
)
@handle_errors
def stats_command(db: str | None, output_format: str, lang: str) -> None:
    """Show what is in the store: notices per subtype, year and country, lots, rejected inputs by error code,
    and the coverage of each sustainability field."""
    from ..store import open_store
    from ..store.stats import store_stats

    with open_store(db, read_only=True) as store:
        stats = store_stats(store)
    if output_format == "json":
        click.echo(json.dumps(stats.as_dict(), indent=2))
    else:
        render(stats, lang)
