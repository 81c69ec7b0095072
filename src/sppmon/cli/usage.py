"""``sppmon usage``: sessions, users and durations per period; ``sppmon usage import``: from access logs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import localefmt, messages
from ..outputs.safe import write_csv
from ..store import open_store
from ..usage import import_log, sessionize, summarize, usage_table
from ..usage.sessions import COLUMNS, PERIODS, SOURCES, UsageRow, format_duration
from .common import db_option, handle_errors

HEADINGS = (
    "usage.period",
    "usage.sessions",
    "usage.new_session_share",
    "usage.users",
    "usage.new_users",
    "usage.average_duration",
    "usage.pages_per_session",
)


def _show(rows: list[UsageRow], output_format: str, lang: str = "en") -> None:
    """JSON and CSV keep the column names (machine formats); the table is for people, in ``lang``."""
    if output_format == "json":
        click.echo(json.dumps([row.as_dict() for row in rows], indent=2))
        return
    if output_format == "csv":
        write_csv(sys.stdout, COLUMNS, ([row.as_dict()[name] for name in COLUMNS] for row in rows))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False)
    texts = messages.catalogue()
    for index, key in enumerate(HEADINGS):
        table.add_column(texts[key].get(lang) or texts[key]["en"], justify="right" if index else "left")
    for row in rows:
        table.add_row(
            row.period,
            localefmt.number(row.sessions, lang),
            localefmt.share(row.new_session_share, lang),
            localefmt.number(row.users, lang),
            localefmt.number(row.new_users, lang),
            format_duration(row.average_seconds),
            localefmt.number(row.pages_per_session, lang, 2),
        )
    Console(width=max(100, sum(len(str(column.header)) + 3 for column in table.columns))).print(table)
    if not rows:
        click.echo(texts["usage.cli.empty"].get(lang) or texts["usage.cli.empty"]["en"])


@click.group("usage", invoke_without_command=True)
@db_option
@click.option("--period", type=click.Choice(PERIODS), default="year", show_default=True, help="Rows per period.")
@click.option(
    "--source",
    type=click.Choice(SOURCES),
    default="all",
    show_default=True,
    help="Page views recorded by the web app (app), imported from access logs (log), or both.",
)
@click.option("--format", "output_format", type=click.Choice(["table", "csv", "json"]), default="table")
@click.option(
    "--lang",
    type=click.Choice(("en", "nl", "fr")),
    default="en",
    show_default=True,
    help="Language of the table's headings and numbers (CSV and JSON keep column names).",
)
@click.pass_context
@handle_errors
def usage_group(ctx: click.Context, db: str | None, period: str, source: str, output_format: str, lang: str) -> None:
    """Usage statistics of the web app per period: sessions, share of new sessions, users, new users, average
    session duration, pages per session (definitions: docs/usage.md)."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db, "period": period, "output_format": output_format, "lang": lang}
        return
    with open_store(db, read_only=True) as store:
        rows = usage_table(store, period, source)
    _show(rows, output_format, lang)


@usage_group.command("import")
@click.argument("logfiles", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.pass_context
@handle_errors
def usage_import(ctx: click.Context, logfiles: tuple[Path, ...], db: str | None) -> None:
    """Import web-server access logs (combined log format, plain or .gz) as page views and show the usage
    table of these logs (computed from them alone). Give all files of one site in one run so that visitors
    link across them."""
    options = ctx.obj or {}
    with open_store(db or options.get("db")) as store:  # --db after import, or before it (sppmon usage --db)
        result = import_log(store, list(logfiles))
    views = ((view.visitor, view.viewed_at) for view in result.views)
    rows = summarize(sessionize(views), options.get("period", "year"))
    click.echo(
        f"lines {result.lines:,} · page views {result.page_views:,} · not pages {result.not_pages:,} · "
        f"bots {result.bots:,} · unreadable {result.malformed:,}"
        + (" — already imported: nothing added" if result.already_imported else ""),
        err=True,
    )
    if rows:
        _show(rows, options.get("output_format", "table"), options.get("lang", "en"))
