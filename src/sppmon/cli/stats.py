"""``sppmon stats``: what is in the store."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from .. import labels, settings
from .common import db_option, handle_errors, percent

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


def render(stats: StoreStats, lang: str) -> None:
    from rich.console import Console

    console = Console()
    sdk = str(settings.get("sdk_dir"))
    console.print(
        f"notices {stats.notices:,} (latest {stats.latest_notices:,}, superseded {stats.superseded_notices:,}) · "
        f"lots {stats.lots:,} · procedure lots {stats.procedure_lots:,} · rejected inputs {stats.rejections:,}"
    )
    subtype_rows = [
        (code, labels.label("notice-subtype", code, lang, sdk) or "", f"{count:,}") for code, count in stats.by_subtype
    ]
    console.print(_table("Notices by subtype", ("subtype", "name", "notices"), subtype_rows))
    console.print(_table("Notices by year", ("year", "notices"), [(y, f"{n:,}") for y, n in stats.by_year]))
    console.print(
        _table("Notices by buyer country", ("country", "notices"), [(c, f"{n:,}") for c, n in stats.by_country])
    )
    console.print(_table("Rejected inputs by error code", ("code", "inputs"), list(stats.rejections_by_code)))
    coverage_rows = [
        (
            row["title"],
            row["business_term"],
            f"{row['present']:,}",
            f"{row['explicit_negative']:,}",
            percent(row["coverage_share"]),
        )
        for row in stats.coverage
    ]
    console.print(
        _table(
            f"Field coverage over {stats.procedure_lots:,} procedure lots",
            ("field", "BT", "lots with field", "of which none/false", "coverage"),
            coverage_rows,
        )
    )


@click.command("stats")
@db_option
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--lang", type=click.Choice(labels.LANGUAGES), default="en", show_default=True, help="Language of code labels."
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
