"""The EU benchmark page: Belgium (or the focus country chosen) beside every EU/EEA country, the same tables
and charts as the report ``sppmon report eu-benchmark`` (one document, built once per store version, language,
year and settings), with the year filter, the settings (focus country, thresholds) and links to the report's
downloads with the same settings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...benchmarking.countries import EU_EEA
from ...benchmarking.settings import focus_country, thresholds
from ...indicators import columns as people
from ...localnames import country_name
from ...reports.base import ReportRequest
from ...reports.document import ChartBlock, Document, TableBlock
from ...reports.eu_benchmark import SETTINGS, build
from ..context import Env, env_of
from ..facets import facets
from ..render import render
from ..tables import Column, DataTable

router = APIRouter()
_KINDS = {people.SHARE: "share", people.COUNT: "int", people.MONEY: "money"}


def chosen_year(env: Env) -> int | None:
    """The year of the standard filter, when one whole year is chosen (the page compares one year or all)."""
    value = env.filters().get("year", "")
    return int(value) if value.isdigit() else None


def chosen_settings(env: Env) -> dict[str, str]:
    """The page's benchmark settings as given, checked before anything is built: a value out of range raises
    BenchmarkSettingError, answered with its code and message in the visitor's language."""
    given = {name: (env.params.get(name) or "").strip() for name in SETTINGS}
    settings = {name: value for name, value in given.items() if value}
    thresholds(settings.get("min_lots"), settings.get("min_coverage"), settings.get("min_vehicles"))
    focus_country(settings.get("focus"))
    return settings


def benchmark_document(env: Env, year: int | None, settings: dict[str, str] | None = None) -> Document:
    chosen = settings or {}
    key = ("eu-benchmark", env.lang, year, tuple(sorted(chosen.items())))
    return env.cache.get(key, lambda: build(env.store, ReportRequest(env.lang, year, settings=chosen)))


def data_table(block: TableBlock, number: int) -> DataTable:
    """A report table as a page table: the same columns, titles and values."""
    columns = [
        Column(key, header, _KINDS.get(people.kind(key), "text"))
        for key, header in zip(block.columns, block.headers, strict=True)
    ]
    rows = [dict(zip(block.columns, row, strict=True)) for row in block.rows]
    return DataTable(f"eu-benchmark-{number}", block.title, columns, rows, caption=" · ".join(block.notes))


def sections(doc: Document) -> list[dict[str, Any]]:
    """The document's sections with page tables and chart specs, without the reproduction annex (the page
    shows the calls under each table)."""
    shown, number = [], 0
    for section in doc.sections[:-1]:
        blocks: list[dict[str, Any]] = []
        for block in section.blocks:
            number += 1
            if isinstance(block, ChartBlock):
                blocks.append({"chart": block.spec, "id": f"eu-benchmark-chart-{number}", "title": block.title})
            else:
                blocks.append({"table": data_table(block, number), "calls": block.calls})
        shown.append({"title": section.title, "paragraphs": section.paragraphs, "blocks": blocks})
    return shown


@router.get("/eu-benchmark", response_class=HTMLResponse)
def benchmark_page(request: Request) -> HTMLResponse:
    env = env_of(request)
    year = chosen_year(env)
    settings = chosen_settings(env)
    doc = benchmark_document(env, year, settings)
    limits = thresholds(settings.get("min_lots"), settings.get("min_coverage"), settings.get("min_vehicles"))
    return render(
        env,
        "eu_benchmark.html",
        doc=doc,
        sections=sections(doc),
        facets={"year": facets(env)["year"]},
        year=year,
        focus=focus_country(settings.get("focus")),
        countries=sorted(((code, country_name(code, env.lang)) for code in EU_EEA), key=lambda item: item[1]),
        limits={"min_lots": limits.min_lots, "min_coverage": _percent(limits.min_coverage)}
        | {"min_vehicles": limits.min_vehicles},
        downloads=[
            (fmt, env.url(f"/reports/eu-benchmark.{fmt}", {"year": year, "report_lang": env.lang, **settings}))
            for fmt in ("html", "pdf", "xlsx")
        ],
    )


def _percent(share: float) -> str:
    """A share as the percentage the form takes back (0.2 → "20", 0.125 → "12.5")."""
    return f"{share * 100:.4f}".rstrip("0").rstrip(".")
