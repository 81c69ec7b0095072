"""``sppmon lcc``: compare offers by their life-cycle cost."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import click
import orjson

from ..guide import texts
from ..guide.fiche import LANGUAGES
from ..outputs.safe import write_csv
from ..planning.factors import load_factors
from ..planning.lcc import TABLE_COLUMNS, YEAR_COLUMNS, LccInput, compare, results_as_dict, table_rows, year_table
from ..planning.lcc_files import read_input_file
from ..planning.lcc_input import parse_lcc
from ..planning.lcc_sensitivity import sensitivity, sensitivity_as_dict
from ..planning.lcc_sources import factor_sentences
from .common import handle_errors


@click.command("lcc")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
@click.option(
    "--factors",
    "factors_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="YAML or JSON file whose CO2 prices, fuels, vehicle categories or pollutant costs replace the packaged ones.",
)
@click.option(
    "--sensitivity", "with_sensitivity", is_flag=True, help="Add the sensitivity scenarios and break-even points."
)
@click.option("--years", "with_years", is_flag=True, help="Add each offer's cash flows year by year.")
@click.option(
    "--lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help="Language of the text output."
)
@handle_errors
def lcc_command(
    file: Path, output_format: str, factors_file: Path | None, with_sensitivity: bool, with_years: bool, lang: str
) -> None:
    """Compare the offers of FILE (.yaml, .yml or .json) by life-cycle cost: purchase (units × unit price),
    installation and replacements, energy and other consumption (per year, power × hours, per 100 km or MJ per
    km) with price escalation, maintenance, end of life and residual value, discounted to present value,
    optionally with the cost of CO2 and pollutant emissions; prints the breakdown, the ranking and warnings."""
    data = parse_lcc(read_input_file(file), load_factors(factors_file))
    results = compare(data)
    report = results_as_dict(data, results)
    for warning in data.warnings:
        click.echo(f"{texts.text('lcc.cli.warning', lang)}: {warning.message_in(lang)}", err=True)
    found = sensitivity(data, results) if with_sensitivity else None
    if output_format == "json":
        if found is not None:
            report["sensitivity"] = sensitivity_as_dict(found)
        if with_years:
            _add_years(report, data)
        click.echo(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())  # as json.dumps(indent=2), faster
        return
    if output_format == "csv":
        buffer = io.StringIO()
        if with_years:
            write_csv(buffer, ("offer", *YEAR_COLUMNS), _year_rows(report, data))
        else:
            write_csv(buffer, TABLE_COLUMNS, ([row[column] for column in TABLE_COLUMNS] for row in table_rows(report)))
        click.echo(buffer.getvalue(), nl=False)
        return
    click.echo("\n".join(_text(report, lang)))
    if with_years:
        click.echo("\n".join(_years_text(report, data, lang)))
    if found is not None:  # the text names each scenario's cheapest offer, not every total
        cheapest = tuple(replace(scenario, totals=scenario.totals[:1]) for scenario in found.scenarios)
        click.echo("\n".join(_sensitivity_text(sensitivity_as_dict(replace(found, scenarios=cheapest)), lang)))


def _add_years(report: dict[str, Any], data: LccInput) -> None:
    by_name = {offer.name: offer for offer in data.offers}
    for entry in report["offers"]:
        entry["years"] = [
            {key: round(value, 6 if key == "discount_factor" else 2) for key, value in row.items()}
            for row in year_table(by_name[entry["offer"]], data)
        ]


def _year_rows(report: dict[str, Any], data: LccInput) -> list[list[Any]]:
    by_name = {offer.name: offer for offer in data.offers}
    return [
        [entry["offer"], *(round(row[column], 6) for column in YEAR_COLUMNS)]
        for entry in report["offers"]
        for row in year_table(by_name[entry["offer"]], data)
    ]


def _money(value: float, lang: str) -> str:
    return texts.number(value, lang, 2)


def _text(report: dict[str, Any], lang: str) -> list[str]:
    def t(key: str, **values: object) -> str:
        return texts.text(key, lang, **values)

    money, tonnes = texts.number_format(lang, 2), texts.number_format(lang, 3)
    co2 = report["co2_price"]
    priced = ""
    if co2 is not None:
        priced = t("lcc.cli.co2", price=money(co2["first_year"]), currency=report["currency"])
        if co2["kind"] == "path":
            priced += " " + t("lcc.cli.co2_path", preset=co2["preset"], year=co2["base_year"])
    lines = [
        t(
            "lcc.cli.heading",
            years=report["period_years"],
            rate=texts.share(report["discount_rate"], lang),
            currency=report["currency"],
        )
        + (f"; {priced}" if priced else "")
    ]
    lines += [f"{sentence} <{url}>" for sentence, url in factor_sentences(report["factor_sources"], lang)]
    label = {key: t(f"lcc.col.{key}") for key in (*_PARTS, "acquisition", "replacements", "co2_cost", "pollutant_cost")}
    for offer in report["offers"]:
        lines.append(f"{offer['rank']}. {offer['offer']}: {money(offer['total'])}")
        parts = [f"{label['acquisition']} {money(offer['acquisition'])}"]
        if offer["replacements"]:
            parts.append(f"{label['replacements']} {money(offer['replacements'])}")
        parts += [f"{name} {money(value)}" for name, value in offer["consumption"].items()]
        parts += [f"{label[key]} {money(offer[key])}" for key in _PARTS]
        if co2 is not None:
            parts.append(f"{label['co2_cost']} {money(offer['co2_cost'])} ({tonnes(offer['co2_tonnes'])} t)")
        if offer["pollutant_cost"]:
            parts.append(f"{label['pollutant_cost']} {money(offer['pollutant_cost'])}")
        lines.append("   " + " · ".join(parts))
    return lines


_PARTS = ("maintenance", "one_off", "end_of_life")


def _years_text(report: dict[str, Any], data: LccInput, lang: str) -> list[str]:
    by_name = {offer.name: offer for offer in data.offers}
    lines = []
    for entry in report["offers"]:
        lines.append(f"\n{texts.text('lcc.years_of', lang, offer=entry['offer'])}")
        header = [
            texts.text(f"lcc.year.{column}", lang) for column in ("year", "cost", "discount_factor", "present_value")
        ]
        lines.append("   " + " | ".join(header))
        for row in year_table(by_name[entry["offer"]], data):
            cells = (
                str(row["year"]),
                _money(row["cost"], lang),
                texts.number(row["discount_factor"], lang, 4),
                _money(row["present_value"], lang),
            )
            lines.append("   " + " | ".join(cells))
    return lines


def _sensitivity_text(found: dict[str, Any], lang: str) -> list[str]:
    lines = [f"\n{texts.text('lcc.sensitivity', lang)}"]
    for scenario in found["scenarios"]:
        name = texts.text(f"lcc.sens.{scenario['parameter']}", lang)
        value = scenario["value"]
        shown = (
            texts.share(value, lang)
            if scenario["parameter"] == "discount_rate"
            else f"× {texts.number(value, lang, 2)}"
        )
        label = name if scenario["parameter"] == "base" else f"{name} {shown}"
        change = (
            "best_changed"
            if scenario["best_changed"]
            else "order_changed"
            if scenario["order_changed"]
            else "unchanged"
        )
        lines.append(f"   {label}: {scenario['best']} ({texts.text(f'lcc.sens.{change}', lang)})")
    for even in found["break_even"]:
        parameter, direction = even["parameter"], even["direction"]
        if even["value"] is None:
            lines.append("   " + texts.text(f"lcc.even.none.{parameter}.{direction}", lang))
            continue
        value = (
            texts.share(even["value"], lang)
            if parameter == "discount_rate"
            else f"× {texts.number(even['value'], lang, 2)}"
        )
        lines.append("   " + texts.text(f"lcc.even.{parameter}.{direction}", lang, value=value, offer=even["new_best"]))
    return lines
