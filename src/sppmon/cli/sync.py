"""``sppmon sync``: bring notices from TED into the store (Search API, or bulk packages)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import settings
from .common import EXIT_OK, EXIT_REJECTED, F, db_option, handle_errors
from .ingest import pipeline_options


@click.group("sync")
def sync_group() -> None:
    """Fetch notices from TED and store them; incremental (what was fetched before is skipped)."""


def _echo_counts(prefix: str, counts: object) -> None:
    from ..store import BatchCounts

    assert isinstance(counts, BatchCounts)
    rejected = f"rejected {counts.rejected:,}"
    if counts.rejected_by_code:
        rejected += " (" + ", ".join(f"{c} {n:,}" for c, n in sorted(counts.rejected_by_code.items())) + ")"
    click.echo(
        f"{prefix} · stored {counts.stored:,} · updated {counts.updated:,} · unchanged {counts.unchanged:,} · "
        f"superseded {counts.superseded:,} · {rejected}"
    )


def retry_option(function: F) -> F:
    return click.option(
        "--retry-for",
        "retry_for",
        default=None,
        type=click.FloatRange(1, 86_400),
        metavar="SECONDS",
        help="How long to keep retrying a server that has not answered yet [default: 10 s, then give up: offline].",
    )(function)


def narrate(client: object, enabled: bool) -> None:
    """On a terminal, say at once what the client does: connecting, retry n of m, how long it waits."""
    if enabled:
        client.on_event = lambda message: click.echo(f"\r{message}\x1b[K", nl=False, err=True)  # type: ignore[attr-defined]


@sync_group.command("ted")
@click.option("--country", "countries", multiple=True, metavar="ISO3", help="Buyer country (alpha-3), repeatable.")
@click.option("--since", metavar="YYYY-MM-DD", help="First publication date.")
@click.option("--until", metavar="YYYY-MM-DD", help="Last publication date (default: no end).")
@click.option("--cpv", "cpv", multiple=True, metavar="CODE", help="CPV code, or prefix with * (30*); repeatable.")
@click.option("--notice-type", "notice_types", multiple=True, metavar="TYPE", help="TED notice type, repeatable.")
@click.option("--query", "extra", metavar="EXPERT", help="Extra expert-query clause, ANDed in.")
@click.option("--show-query", is_flag=True, help="Print the expert query and exit without fetching.")
@db_option
@click.option("--workers", "-w", default=1, show_default=True, type=click.IntRange(1, 64), help="Parsing processes.")
@click.option("--progress/--no-progress", default=None, help="Show progress (default: on a terminal).")
@retry_option
@handle_errors
def sync_ted_command(
    countries: tuple[str, ...],
    since: str | None,
    until: str | None,
    cpv: tuple[str, ...],
    notice_types: tuple[str, ...],
    extra: str | None,
    show_query: bool,
    db: str | None,
    workers: int,
    progress: bool | None,
    retry_for: float | None,
) -> None:
    """Search TED (Search API v3) and store every notice found that is not stored yet.

    Exit code 1 when notices were rejected or could not be downloaded (they are tried again next time).
    """
    from ..sources.http import HttpClient
    from ..sources.ted_search import SearchCriteria, expert_query
    from ..sources.ted_sync import SyncReport, TedEndpoints, http_options_from_settings, sync_ted

    criteria = SearchCriteria.from_options(countries, since, until, cpv, notice_types, extra)
    query = expert_query(criteria)
    if show_query:
        click.echo(query)
        return
    show = sys.stderr.isatty() if progress is None else progress

    def report_progress(report: SyncReport) -> None:
        if show:
            total = f"{report.total:,}" if report.total is not None else "?"
            click.echo(f"\r{report.fetched + report.skipped:,} of {total} notices", nl=False, err=True)

    from ..store import open_store

    with open_store(db) as store, HttpClient(http_options_from_settings(retry_for)) as client:
        narrate(client, show)
        report = sync_ted(
            store, criteria, client, TedEndpoints.from_settings(), pipeline_options(workers), report_progress
        )
    if show:
        click.echo(err=True)
    _echo_counts(
        f"found {report.total or 0:,} · fetched {report.fetched:,} · already fetched {report.skipped:,} · "
        f"{report.requests:,} requests · {report.seconds:.1f} s",
        report.counts,
    )
    sys.exit(EXIT_REJECTED if report.counts.rejected else EXIT_OK)


@sync_group.command("ted-packages")
@click.option("--from", "first", required=True, metavar="YYYY-MM", help="First month.")
@click.option("--to", "last", required=True, metavar="YYYY-MM", help="Last month.")
@click.option("--daily", "kind", flag_value="daily", default=True, help="One package per OJ S issue (default).")
@click.option("--monthly", "kind", flag_value="monthly", help="One package per month.")
@click.option("--dir", "folder", metavar="DIR", help="Package folder (default: SPPMON_PACKAGE_DIR).")
@db_option
@click.option("--workers", "-w", default=1, show_default=True, type=click.IntRange(1, 64), help="Parsing processes.")
@retry_option
@handle_errors
def sync_packages_command(
    first: str, last: str, kind: str, folder: str | None, db: str | None, workers: int, retry_for: float | None
) -> None:
    """Download TED bulk packages for the months FROM..TO, check them and store their notices.

    Exit code 1 when a package failed, or its notice count differs from the Search API's, or notices were
    rejected.
    """
    from ..sources.http import HttpClient
    from ..sources.ted_packages import Package, PackagesReport, parse_month, sync_packages
    from ..sources.ted_sync import TedEndpoints, http_options_from_settings

    def report_progress(package: Package, report: PackagesReport) -> None:
        click.echo(f"{package.item}: {package.expected:,} notices expected", err=True)

    target = Path(folder or str(settings.get("package_dir")))
    from ..store import open_store

    with open_store(db) as store, HttpClient(http_options_from_settings(retry_for)) as client:
        narrate(client, sys.stderr.isatty())
        report = sync_packages(
            store,
            parse_month(first, "--from"),
            parse_month(last, "--to"),
            kind == "daily",
            client,
            TedEndpoints.from_settings(),
            target,
            pipeline_options(workers),
            report_progress,
        )
    for line in report.failed:
        click.echo(f"failed: {line}", err=True)
    for line in report.mismatches:
        click.echo(f"count mismatch: {line}", err=True)
    _echo_counts(
        f"packages {report.packages:,} · already stored {report.skipped:,} · empty periods {report.empty:,} · "
        f"failed {len(report.failed):,} · count mismatches {len(report.mismatches):,}",
        report.counts,
    )
    sys.exit(EXIT_REJECTED if report.problems else EXIT_OK)
