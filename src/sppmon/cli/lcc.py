"""``sppmon lcc``: compare offers by their life-cycle cost."""

from __future__ import annotations

import io
import json
from pathlib import Path

import click

from ..outputs.safe import write_csv
from ..planning.lcc import compare, read_lcc_file, results_as_dict
from .common import handle_errors

CSV_COLUMNS = (
    "rank",
    "offer",
    "total",
    "total_without_co2",
    "acquisition",
    "consumption",
    "maintenance",
    "one_off",
    "end_of_life",
    "co2_cost",
    "co2_tonnes",
)


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
        rows = (
            [
                *(offer[c] for c in CSV_COLUMNS[:5]),
                sum(offer["consumption"].values()),
                *(offer[c] for c in CSV_COLUMNS[6:]),
            ]
            for offer in report["offers"]
        )
        write_csv(buffer, CSV_COLUMNS, rows)
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
