"""``sppmon ingest``: read notices from files, folders and packages into the store."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from .common import EXIT_OK, EXIT_REJECTED, Progress, db_option, handle_errors

if TYPE_CHECKING:
    from ..pipeline import IngestReport, PipelineOptions


def pipeline_options(
    workers: int, require_identity: bool = True, detect: bool = True, all_languages: bool = False
) -> PipelineOptions:
    from ..pipeline import PipelineOptions

    return PipelineOptions.from_settings(workers, require_identity, detect, all_languages)


def summary_line(report: IngestReport) -> str:
    counts = report.counts
    rejected = f"rejected {counts.rejected:,}"
    if counts.rejected_by_code:
        detail = ", ".join(f"{code} {n:,}" for code, n in sorted(counts.rejected_by_code.items()))
        rejected += f" ({detail})"
    rate = counts.read / report.seconds if report.seconds else 0.0
    line = (
        f"read {counts.read:,} · stored {counts.stored:,} · updated {counts.updated:,} · "
        f"unchanged {counts.unchanged:,} · superseded {counts.superseded:,} · {rejected} · "
        f"{f'out of scope {counts.out_of_scope:,} · ' if counts.out_of_scope else ''}"
        f"{report.seconds:.1f} s ({rate:,.0f} notices/s)"
    )
    if not counts.changed_anything:
        line += " — nothing new: the store is unchanged"
    return line


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--workers",
    "-w",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes that parse notices in parallel.",
)
@click.option("--progress/--no-progress", default=None, help="Show a progress line (default: on a terminal).")
@click.option(
    "--detect/--no-detect",
    default=True,
    show_default=True,
    help="Look for green / social / innovative evidence in the texts and store it beside the declared facts.",
)
@click.option(
    "--all-languages",
    is_flag=True,
    default=False,
    help="Legacy TED notices: keep the texts of translated sections too (default: original language(s) only).",
)
@handle_errors
def ingest_command(
    paths: tuple[str, ...], db: str | None, workers: int, progress: bool | None, detect: bool, all_languages: bool
) -> None:
    """Store the notices found in PATHS: XML files, folders (recursive), .tar/.tar.gz/.tgz packages (also
    packages inside packages), or '-' to read a list of paths from standard input.

    Each notice version is stored once; re-running the same input changes nothing. Rejected inputs are
    recorded with an error code. Exit code 1 when anything was rejected.
    """
    from ..pipeline import ingest
    from ..store import open_store

    display = Progress("ingest", progress)
    with open_store(db) as store, display.running():
        options = pipeline_options(workers, detect=detect, all_languages=all_languages)
        report = ingest(paths, store, options, progress=display.update)
    click.echo(summary_line(report))
    sys.exit(EXIT_REJECTED if report.counts.rejected else EXIT_OK)
