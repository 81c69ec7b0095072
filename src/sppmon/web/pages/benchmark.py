"""The EU benchmark page: Belgium beside every EU/EEA country, the same tables and charts as the report
``sppmon report eu-benchmark`` (one document, built once per store version, language and year), with the year
filter and links to the report's downloads."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...indicators import columns as people
from ...reports.base import ReportRequest
from ...reports.document import ChartBlock, Document, TableBlock
from ...reports.eu_benchmark import build
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


def benchmark_document(env: Env, year: int | None) -> Document:
    return env.cache.get(("eu-benchmark", env.lang, year), lambda: build(env.store, ReportRequest(env.lang, year)))


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
    doc = benchmark_document(env, year)
    return render(
        env,
        "eu_benchmark.html",
        doc=doc,
        sections=sections(doc),
        facets={"year": facets(env)["year"]},
        year=year,
        downloads=[
            (fmt, env.url(f"/reports/eu-benchmark.{fmt}", {"year": year, "report_lang": env.lang}))
            for fmt in ("html", "pdf", "xlsx")
        ],
    )
