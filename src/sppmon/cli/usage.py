"""``sppmon usage``: sessions, users and durations per period; ``sppmon usage import``: from access logs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..outputs.safe import write_csv
from ..store import open_store
from ..usage import import_log, sessionize, summarize, usage_table
from ..usage.sessions import COLUMNS, PERIODS, SOURCES, UsageRow, format_duration
from .common import db_option, handle_errors


def _show(rows: list[UsageRow], output_format: str) -> None:
    if output_format == "json":
        click.echo(json.dumps([row.as_dict() for row in rows], indent=2))
        return
    if output_format == "csv":
        write_csv(sys.stdout, COLUMNS, ([row.as_dict()[name] for name in COLUMNS] for row in rows))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False)
    for index, name in enumerate(
        ("period", "sessions", "% new sessions", "users", "new users", "avg. session", "pages / session")
    ):
        table.add_column(name, justify="right" if index else "left")
    for row in rows:
        share = row.new_session_share
        pages = row.pages_per_session
        table.add_row(
            row.period,
            f"{row.sessions:,}",
            "–" if share is None else f"{share * 100:.1f} %",
            f"{row.users:,}",
            f"{row.new_users:,}",
            format_duration(row.average_seconds),
            "–" if pages is None else f"{pages:.2f}",
        )
    Console().print(table)
    if not rows:
        click.echo("no page views recorded yet")


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
@click.pass_context
@handle_errors
def usage_group(ctx: click.Context, db: str | None, period: str, source: str, output_format: str) -> None:
    """Usage statistics of the web app per period: sessions, share of new sessions, users, new users, average
    session duration, pages per session (definitions: docs/usage.md)."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db, "period": period, "output_format": output_format}
        return
    with open_store(db, read_only=True) as store:
        rows = usage_table(store, period, source)
    _show(rows, output_format)


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
        _show(rows, options.get("output_format", "table"))
