"""The outcome estimates for people (a text table in nl, fr or en, numbers in the locale's format) and as CSV
rows (codes and plain numbers, like every machine output)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .. import localefmt, messages
from ..labels import label
from ..localnames import country_name
from ..planning.factors import localized
from .report import OutcomeReport, text

ENERGY_COLUMNS = (
    "items",
    "lots",
    "savings_kwh_per_year",
    "items_with_life",
    "lifetime_savings_kwh",
    "co2_kg_per_year",
    "co2_kg_lifetime",
)
VEHICLE_COLUMNS = ("results", "lots", "vehicles", "clean", "zero_emission", "co2_kg_lifetime")
CSV_COLUMNS = (
    "area",
    "year",
    "country",
    "buyer",
    "buyer_name",
    "category",
    "items",
    "items_with_life",
    "items_with_co2",
    "results",
    "vehicles",
    "clean",
    "zero_emission",
    "savings_kwh_per_year",
    "lifetime_savings_kwh",
    "co2_kg_per_year_low",
    "co2_kg_per_year_high",
    "co2_kg_lifetime_low",
    "co2_kg_lifetime_high",
    "lots",
)


def csv_rows(report: dict[str, Any]) -> Iterator[list[Any]]:
    for area in ("energy", "vehicles"):
        for row in [*report[area]["rows"], {**report[area]["total"], "category": "total"}]:
            refs = ";".join(f"{ref['notice']}#{ref['lot']}" for ref in row["lots"])
            yield [area, *(row.get(name, "") for name in CSV_COLUMNS[1:-1]), refs]


def _number(value: Any, lang: str) -> str:
    return localefmt.number(round(float(value)), lang)


def _cell(row: dict[str, Any], name: str, lang: str) -> str:
    if name == "lots":
        return _number(len(row["lots"]), lang)
    if name.startswith("co2_"):
        low, high = row[name + "_low"], row[name + "_high"]
        return localefmt.EMPTY if low is None else f"{_number(low, lang)}–{_number(high, lang)}"
    return localefmt.EMPTY if row[name] is None else _number(row[name], lang)


def _table(rows: list[dict[str, Any]], by: list[str], area: str, columns: tuple[str, ...], lang: str) -> list[str]:
    titles = [text(f"outcomes.col.{name}", lang) for name in (*by, *columns)]
    body = [[_key(row, name, area, lang) for name in by] + [_cell(row, name, lang) for name in columns] for row in rows]
    widths = [max(len(line[index]) for line in [titles, *body]) for index in range(len(titles))]
    lines = ["  ".join(title.ljust(width) for title, width in zip(titles, widths, strict=True))]
    for line in body:
        cells = [
            cell.ljust(width) if index < len(by) else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _key(row: dict[str, Any], name: str, area: str, lang: str) -> str:
    value = row.get(name)
    if name == "buyer" and row.get("buyer_name"):
        return f"{row['buyer_name']} ({value})"
    if name == "category" and value:
        return category_name(area, str(value), lang)
    return localefmt.EMPTY if value is None else str(value)


def category_name(area: str, code: str, lang: str) -> str:
    """An item or vehicle category by its eForms label, with the code unless the label already names it."""
    found = label(_LISTS[area], code, lang)
    if not found or found == code:
        return code
    named = re.search(rf"\b{re.escape(code)}\b", found, re.IGNORECASE)  # "Bus (M3)" for m3
    return found if named else f"{found} ({code})"


def fuel_name(code: str, lang: str) -> str:
    key = f"outcomes.fuel.{code}"
    return text(key, lang) if key in messages.catalogue() else code


_LISTS = {"energy": "energy-efficiency-item", "vehicles": "vehicle-category"}


def table_lines(result: OutcomeReport, lang: str) -> list[str]:
    report = result.as_dict(lang)
    by = report["by"]
    lines = [text("outcomes.title", lang), ""]
    if not report["energy"]["rows"] and not report["vehicles"]["rows"] and not report["notes"]:
        return [*lines, text("outcomes.none", lang)]
    total_label = dict.fromkeys(by, "")
    if by:
        total_label[by[0]] = text("outcomes.total", lang)
    for area, columns in (("energy", ENERGY_COLUMNS), ("vehicles", VEHICLE_COLUMNS)):
        rows = report[area]["rows"]
        if not rows:
            continue
        lines += [text(f"outcomes.{area}", lang)]
        lines += _table([*rows, {**report[area]["total"], **total_label}], by, area, columns, lang)
        lines.append("")
    if report["notes"]:
        lines.append(text("outcomes.notes", lang))
        for note in report["notes"]:
            lots = ", ".join(f"{ref['notice']} {ref['lot']}" for ref in note["lots"][:5])
            more = " …" if len(note["lots"]) > 5 else ""
            line = text("outcomes.note_line", lang, text=note["text"], rows=_number(note["rows"], lang), lots=lots)
            lines.append(f"- {line[:-1]}{more}.")
        lines.append("")
    lines.append(text("outcomes.method", lang))
    lines += [f"- {report['method'][name]}" for name in report["method"]]
    lines += ["", *factor_lines(report, lang)]
    return lines


def factor_lines(report: dict[str, Any], lang: str) -> list[str]:
    """The factors with their values, units and sources, then the sources themselves (names of works stay as
    published; the words around them are in ``lang``)."""
    factors = report["factors"]
    lines = factor_value_lines(report, lang)
    refs = source_refs(report)
    for key, source in factors["sources"].items():
        names = {field: localized(source, field, lang) for field in ("publisher", "title")}
        line = text("outcomes.source", lang, id=refs[key], year=source["year"], **names)
        lines.append(f"- {line}{_flag(lang, source)} {source['url']}")
    return lines


def _flag(lang: str, *entries: dict[str, Any]) -> str:
    return " " + text("outcomes.verify", lang) if any(entry["verify"] for entry in entries) else ""


def source_refs(report: dict[str, Any]) -> dict[str, str]:
    """Each source of the factors by its number in the list of sources ("[2]"): the ids of the factors file are
    English words, so the texts people read cite the numbered list instead."""
    return {key: f"[{number}]" for number, key in enumerate(report["factors"]["sources"], start=1)}


def factor_value_lines(report: dict[str, Any], lang: str) -> list[str]:
    """The heading line, where the factors come from, and one line per factor with its values and source."""
    factors = report["factors"]
    refs = source_refs(report)

    def ref(key: str) -> str:
        return refs.get(key, key)

    origin = factors["origin"]
    shown = text("outcomes.origin.packaged", lang) if origin == "packaged" else origin
    lines = [text("outcomes.factors", lang), "- " + text("outcomes.factors_origin", lang, origin=shown)]

    def num(value: float) -> str:
        return localefmt.decimal(value, lang, 2)

    def flag(*entries: dict[str, Any]) -> str:
        return _flag(lang, *entries)

    for item, entry in factors["service_life"].items():
        line = text(
            "outcomes.factor.service_life",
            lang,
            item=category_name("energy", item, lang),
            years=num(entry["years"]),
            source=ref(entry["source"]),
        )
        lines.append(f"- {line}{flag(entry)}")
    for entry in factors["electricity"].values():
        values = {"low": num(entry["low"]), "high": num(entry["high"]), "source": ref(entry["source"])}
        country = country_name(str(entry["country"]), lang)
        line = text("outcomes.factor.electricity", lang, country=country, year=entry["year"], **values)
        lines.append(f"- {line}{flag(entry)}")
    for fuel, entry in factors["fuels"].items():
        line = text(
            "outcomes.factor.fuel",
            lang,
            fuel=fuel_name(fuel, lang),
            low=num(entry["low"]),
            high=num(entry["high"]),
            source=ref(entry["source"]),
        )
        lines.append(f"- {line}{flag(entry)}")
    for category, entry in factors["vehicles"].items():
        parts = ("lifetime_km", "conventional", "clean", "zero_emission")
        values = {
            "km_low": num(entry["lifetime_km"]["low"]),
            "km_high": num(entry["lifetime_km"]["high"]),
            **{f"{short}_{end}": num(entry[name][end]) for short, name in _SHORT.items() for end in ("low", "high")},
        }
        cited = dict.fromkeys(ref(entry[name]["source"]) for name in parts)
        sources = ", ".join(sorted(cited, key=lambda shown: (len(shown), shown)))  # [2] before [10]
        line = text(
            "outcomes.factor.vehicle",
            lang,
            category=category_name("vehicles", category, lang),
            sources=sources,
            **values,
        )
        lines.append(f"- {line}{flag(*(entry[name] for name in parts))}")
    return lines


_SHORT = {"conv": "conventional", "clean": "clean", "zero": "zero_emission"}
