"""``sppmon report``: the annual SPP report, the EU strategic-procurement chapter, the CVD report, the buyer
feedback sheet and the EU benchmark (Belgium beside every EU/EEA country), as HTML, PDF or XLSX (format from the
--out suffix)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from .common import EXIT_USAGE, db_option, handle_errors

F = TypeVar("F", bound=Callable[..., Any])
OPTIONS = {"focus": "--country", "min_lots": "--min-lots", "min_coverage": "--min-coverage"}
OPTIONS |= {"min_vehicles": "--min-vehicles"}  # a report setting → the option that sets it


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
    not with this module, so that the command line's help stays light. A report setting out of range is a
    usage error (exit code 2) with its code, said in the report's language."""
    from ..benchmarking import BenchmarkSettingError
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
        except BenchmarkSettingError as exc:
            _refuse(exc, lang)
    write_report(document, out)
    click.echo(f"wrote {out}", err=True)


def _refuse(error: Any, lang: str) -> None:
    """A report setting out of range: a usage error (exit code 2) with its code, in the report's language."""
    option = OPTIONS.get(error.setting, error.setting)
    click.echo(f"sppmon: error: {error.code}: {error.message_in(lang, option)}", err=True)
    sys.exit(EXIT_USAGE)


def _checked_settings(settings: dict[str, str], lang: str) -> dict[str, str]:
    """The benchmark's settings, checked before the store is opened."""
    from ..benchmarking import BenchmarkSettingError, focus_country, thresholds

    try:
        focus_country(settings.get("focus"))
        thresholds(settings.get("min_lots"), settings.get("min_coverage"), settings.get("min_vehicles"))
    except BenchmarkSettingError as exc:
        _refuse(exc, lang)
    return settings


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
@click.option(
    "--country",
    "focus",
    default=None,
    metavar="CODE",
    help="The country to draw out, by ISO code (BEL, NLD, DE…) [default: BEL]. Every EU/EEA country is shown.",
)
@click.option("--min-lots", default=None, metavar="N", help="Rank a country only with at least N lots [default: 30].")
@click.option(
    "--min-coverage",
    default=None,
    metavar="PERCENT",
    help="Rank uptake only where at least PERCENT of the lots report the field, 0–100 [default: 20].",
)
@click.option(
    "--min-vehicles", default=None, metavar="N", help="Rank clean-vehicle shares only with N vehicles [default: 30]."
)
@_common
@handle_errors
def benchmark_command(
    year: int | None,
    focus: str | None,
    min_lots: str | None,
    min_coverage: str | None,
    min_vehicles: str | None,
    out: Path,
    lang: str,
    filters: tuple[str, ...],
    db: str | None,
) -> None:
    """Belgium (or the --country chosen) beside every EU/EEA country: uptake, coverage and clean-vehicle shares
    per buyer country, with 95 % intervals, sorted; countries too small or too sparsely reported to rank are
    marked."""
    given = {"focus": focus, "min_lots": min_lots, "min_coverage": min_coverage, "min_vehicles": min_vehicles}
    settings = {name: value for name, value in given.items() if value is not None}
    _run("eu-benchmark", db, out, lang, filters, year=year, settings=_checked_settings(settings, lang))
