"""``sppmon rates``: the euro exchange rates used to convert amounts."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import CatalogedError
from ..rates import load_rates, refresh_rates
from .common import EXIT_FAILED, handle_errors


@click.group("rates")
def rates_group() -> None:
    """Euro reference exchange rates used by the indicators (units of a currency per 1 EUR, by date)."""


@rates_group.command("show")
@handle_errors
def rates_show() -> None:
    """List the currencies with their first and last rate dates and the file they come from."""
    table = load_rates()
    click.echo(f"source: {table.source}")
    for currency in table.currencies:
        dates, values = table.dates[currency], table.values[currency]
        click.echo(f"{currency}  {len(dates):>6} rates  {dates[0]} … {dates[-1]}  latest {values[-1]:g}")


@rates_group.command("refresh")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@handle_errors
def rates_refresh(source: Path) -> None:
    """Merge the rates of SOURCE (CSV: date,currency,rate or the ECB's Date,USD,JPY,... layout) into the
    user's rates file; a bad line changes nothing."""
    try:
        summary = refresh_rates(source)
    except CatalogedError as exc:
        click.echo(f"sppmon: error: {exc}", err=True)
        raise SystemExit(EXIT_FAILED) from None
    click.echo(
        f"read {summary.read:,} rates of {summary.currencies} currencies ({summary.first} … {summary.last}) "
        f"→ {summary.target}"
    )
