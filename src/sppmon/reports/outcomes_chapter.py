"""The annual report's chapter on outcomes: energy saved and CO2 avoided per item and vehicle category in the
report's year, with the method, what is left out and the factors' sources (the figures of ``sppmon outcomes``,
whose call the reproduction annex lists)."""

from __future__ import annotations

from typing import Any

from .. import localefmt
from ..labels import label
from ..outcomes.factors import load_outcome_factors
from ..outcomes.report import outcomes, text
from ..outcomes.rows import Filters
from ..planning.factors import localized
from ..store import Store
from .base import ReportRequest
from .document import Section, TableBlock

ENERGY = (
    "items",
    "savings_kwh_per_year",
    "lifetime_savings_kwh",
    "co2_kg_per_year_low",
    "co2_kg_per_year_high",
    "co2_kg_lifetime_low",
    "co2_kg_lifetime_high",
)
VEHICLES = ("vehicles", "clean", "zero_emission", "co2_kg_lifetime_low", "co2_kg_lifetime_high")
_LISTS = {"energy": "energy-efficiency-item", "vehicles": "vehicle-category"}


def _filters(request: ReportRequest, year: str) -> Filters:
    def listed(name: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in request.filters.get(name, "").split(",") if part.strip())

    return Filters((int(year),), tuple(code.upper() for code in listed("country")), listed("buyer"))


def outcomes_section(store: Store, request: ReportRequest, year: str) -> Section:
    lang = request.lang
    result = outcomes(store, load_outcome_factors(), _filters(request, year), ("category",))
    report = result.as_dict(lang)
    call = f"sppmon outcomes --year {year} --by category --db STORE"
    blocks = tuple(
        _table(report, area, columns, lang, call)
        for area, columns in (("energy", ENERGY), ("vehicles", VEHICLES))
        if report[area]["rows"]
    )
    paragraphs = [text("outcomes.report.lead", lang)]
    if not blocks:
        paragraphs.append(text("outcomes.none", lang))
    paragraphs += list(report["method"].values())
    for note in report["notes"]:
        paragraphs.append(
            text("outcomes.report.note", lang, text=note["text"], rows=localefmt.number(note["rows"], lang))
        )
    sources = "; ".join(
        text(
            "outcomes.report.source",
            lang,
            title=localized(source, "title", lang),
            publisher=localized(source, "publisher", lang),
            year=source["year"],
        )
        + (" " + text("outcomes.verify", lang) if source["verify"] else "")
        for key, source in report["factors"]["sources"].items()
    )
    if sources:
        paragraphs.append(text("outcomes.report.sources", lang, sources=sources))
    return Section(text("outcomes.title", lang), tuple(paragraphs), blocks)


def _table(report: dict[str, Any], area: str, columns: tuple[str, ...], lang: str, call: str) -> TableBlock:
    rows = []
    for row in [*report[area]["rows"], {**report[area]["total"], "category": None}]:
        code = row.get("category")
        name = (label(_LISTS[area], code, lang) or code) if code else text("outcomes.total", lang)
        rows.append((name, *(row.get(column) for column in columns)))
    headers = (text("outcomes.col.category", lang), *(text(f"outcomes.col.{column}", lang) for column in columns))
    # "title" formats the first column as text; the other ids are counts
    return TableBlock(text(f"outcomes.{area}", lang), ("title", *columns), headers, tuple(rows), (call,))
