"""``sppmon demo``: the main job on the embedded default, end to end, on generated sample data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .common import Progress, handle_errors, percent
from .ingest import pipeline_options, summary_line

if TYPE_CHECKING:
    from ..store import Store


@click.command("demo")
@click.option(
    "--notices",
    "-n",
    default=6000,
    show_default=True,
    type=click.IntRange(10, 2_000_000),
    help="How many sample notices to generate.",
)
@click.option("--seed", default=2024, show_default=True, type=int)
@click.option(
    "--workdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("sppmon-demo"),
    show_default=True,
    help="Folder for the sample packages and the demo store (recreated).",
)
@click.option("--workers", "-w", default=1, show_default=True, type=click.IntRange(1, 64))
@handle_errors
def demo_command(notices: int, seed: int, workdir: Path, workers: int) -> None:
    """Generate a realistic sample (monthly TED-style packages of daily packages), ingest it into a fresh
    DuckDB store, print the headline figures with their coverage and write the annual report of the last year."""
    from ..headline import headline
    from ..pipeline import ingest
    from ..reports.base import ReportRequest
    from ..reports.registry import REPORTS
    from ..reports.render import write_report
    from ..sample.package import write_sample
    from ..store import open_store

    package = workdir / "sample-notices.tar"
    database = workdir / "demo.duckdb"
    click.echo(f"1. generating {notices:,} sample eForms notices (fictitious data) → {package}")
    write_sample(package, notices, seed, layout="nested")
    for stale in (database, database.with_name(database.name + ".wal")):
        stale.unlink(missing_ok=True)
    click.echo(f"2. ingesting into a fresh DuckDB store → {database}")
    display = Progress("ingest")
    with open_store(str(database)) as store:
        with display.running():
            report = ingest([str(package)], store, pipeline_options(workers), progress=display.update)
        click.echo("   " + summary_line(report))
        figures = headline(store)
        year = _latest_year(store)
        annual = workdir / f"annual-report-{year}.html"
        if year is not None:
            write_report(REPORTS["annual"].build(store, ReportRequest("en", year=year)), annual)
    click.echo("3. headline figures (each procedure lot counted once; coverage = lots that reported at all)")
    click.echo(f"   {'':32} {'lots':>8} {'uptake':>9} {'coverage':>9} {'not reported':>13}")
    for figure in figures:
        click.echo(
            f"   {figure.title:32} {figure.lots:>8,} {percent(figure.uptake):>9} {percent(figure.coverage):>9} "
            f"{percent(figure.not_reported_share):>13}"
        )
    if year is not None:
        click.echo(f"4. annual SPP report for {year} → {annual} (also as .pdf or .xlsx: sppmon report annual)")
    click.echo(f"next: sppmon stats --db {database}  ·  sppmon serve --db {database}  (dashboard)")


def _latest_year(store: Store) -> int | None:
    """The last full year of the sample (the generator spreads notices over whole years)."""
    rows = store.query("SELECT MAX(year) FROM procedure_lots")
    return int(rows[0][0]) if rows and rows[0][0] is not None else None
