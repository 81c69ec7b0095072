"""``sppmon report``: the annual SPP report, the EU strategic-procurement chapter, the CVD report, the buyer
feedback sheet and the EU benchmark (Belgium beside every EU/EEA country), as HTML, PDF or XLSX (format from the
--out suffix)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from .common import db_option, handle_errors

F = TypeVar("F", bound=Callable[..., Any])


def _common(function: F) -> F:
    function = click.option(
        "--out",
        "out",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="Output file: .html, .pdf or .xlsx.",
    )(function)
    function = click.option("--lang", type=click.Choice(("nl", "fr", "en")), default="en", show_default=True)(function)
    function = click.option(
        "--filter", "filters", multiple=True, metavar="NAME=VALUE", help="Restrict every figure (e.g. country=BEL)."
    )(function)
    return db_option(function)


def _run(name: str, db: str | None, out: Path, lang: str, filters: tuple[str, ...], **fields: Any) -> None:
    """Build report ``name`` and write it to ``out``. The report modules (charts, templates) are imported here,
    not with this module, so that the command line's help stays light."""
    from ..buyers import resolve_filters
    from ..indicators import QueryError
    from ..reports.base import ReportRequest
    from ..reports.registry import REPORTS
    from ..reports.render import write_report
    from ..store import open_store

    request = ReportRequest(lang, filters=_filters(filters), **fields)
    with open_store(db, read_only=True) as store:
        if "buyer" in request.filters:  # --filter buyer='Stad Gent': the buyer, by key or name
            request = replace(request, filters=resolve_filters(store, request.filters, request.lang))
        try:
            document = REPORTS[name].build(store, request)
        except QueryError as exc:
            raise click.UsageError(str(exc)) from None
    write_report(document, out)
    click.echo(f"wrote {out}", err=True)


def _filters(items: tuple[str, ...]) -> dict[str, str]:
    from ..indicators import QueryError, parse_filters

    try:
        return parse_filters(items)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None


@click.group("report")
def report_group() -> None:
    """Reports built from the indicators; every number is reproducible by the sppmon indicators call printed
    beside it and in the annex."""


@report_group.command("annual")
@click.option("--year", type=int, required=True, help="Reporting year (publication year of the notices).")
@_common
@handle_errors
def annual_command(year: int, out: Path, lang: str, filters: tuple[str, ...], db: str | None) -> None:
    """Annual SPP monitoring report for YEAR."""
    _run("annual", db, out, lang, filters, year=year)


@report_group.command("eu-strategic")
@click.option("--from", "first", type=int, required=True, help="First year of the reporting period.")
@click.option("--to", "last", type=int, required=True, help="Last year of the reporting period.")
@_common
@handle_errors
def eu_command(first: int, last: int, out: Path, lang: str, filters: tuple[str, ...], db: str | None) -> None:
    """Strategic-procurement chapter of the national monitoring report to the European Commission."""
    _run("eu-strategic", db, out, lang, filters, first_year=first, last_year=last)


@report_group.command("cvd")
@_common
@handle_errors
def cvd_command(out: Path, lang: str, filters: tuple[str, ...], db: str | None) -> None:
    """Clean Vehicles Directive report per reference period, vehicle category and contracting authority."""
    _run("cvd", db, out, lang, filters)


@report_group.command("buyer")
@click.option(
    "--buyer",
    required=True,
    metavar="KEY|NAME",
    help="The buyer: its key (column buyer of sppmon indicators), registration number, or (part of) a name.",
)
@_common
@handle_errors
def buyer_command(buyer: str, out: Path, lang: str, filters: tuple[str, ...], db: str | None) -> None:
    """Feedback sheet for one buyer: field coverage, uptake, and where evidence and declaration disagree."""
    _run("buyer", db, out, lang, filters, buyer=buyer)


@report_group.command("eu-benchmark")
@click.option("--year", type=int, default=None, help="Only notices published in YEAR (default: every year).")
@_common
@handle_errors
def benchmark_command(year: int | None, out: Path, lang: str, filters: tuple[str, ...], db: str | None) -> None:
    """Belgium beside every EU/EEA country: uptake, coverage and clean-vehicle shares per buyer country, with
    95 % intervals, sorted; countries too small or too sparsely reported to rank are marked."""
    _run("eu-benchmark", db, out, lang, filters, year=year)
