"""``sppmon lcc``: compare offers by their life-cycle cost."""

from __future__ import annotations

import io
import json
from pathlib import Path

import click

from ..outputs.safe import write_csv
from ..planning.lcc import TABLE_COLUMNS, compare, read_lcc_file, results_as_dict, table_rows
from .common import handle_errors


@click.command("lcc")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
@handle_errors
def lcc_command(file: Path, output_format: str) -> None:
    """Compare the offers of FILE (.yaml, .yml or .json) by life-cycle cost: purchase, installation, energy and
    other consumption with price escalation, maintenance, end of life and residual value, discounted to present
    value, optionally with the cost of CO2 emissions; prints the breakdown and the ranking."""
    data = read_lcc_file(file)
    report = results_as_dict(data, compare(data))
    if output_format == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    if output_format == "csv":
        buffer = io.StringIO()
        rows = ([row[column] for column in TABLE_COLUMNS] for row in table_rows(report))
        write_csv(buffer, TABLE_COLUMNS, rows)
        click.echo(buffer.getvalue(), nl=False)
        return
    currency = report["currency"]
    co2 = f", CO2 at {report['co2_shadow_price']:g} {currency}/t" if report["co2_shadow_price"] is not None else ""
    click.echo(
        f"life-cycle cost over {report['period_years']} years, discount rate {report['discount_rate']:.2%}{co2} "
        f"(present value, {currency})"
    )
    for offer in report["offers"]:
        click.echo(f"{offer['rank']}. {offer['offer']}: {offer['total']:,.2f}")
        parts = [f"acquisition {offer['acquisition']:,.2f}"]
        parts += [f"{name} {value:,.2f}" for name, value in offer["consumption"].items()]
        parts += [
            f"maintenance {offer['maintenance']:,.2f}",
            f"one-off {offer['one_off']:,.2f}",
            f"end of life {offer['end_of_life']:,.2f}",
        ]
        if report["co2_shadow_price"] is not None:
            parts.append(f"CO2 {offer['co2_cost']:,.2f} ({offer['co2_tonnes']:,.3f} t)")
        click.echo("   " + " · ".join(parts))
