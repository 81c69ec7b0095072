"""Indicator pages: the catalogue, and per indicator its definition, method, scope, a table with a chosen
breakdown, filters and variant, a chart, downloads and the command line that reproduces the figures."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...indicators import BREAKDOWNS, REGISTRY, Indicator, IndicatorResult, columns
from ...indicators.base import DECLARED
from ...reports.charts import cvd_chart, measure_chart, trend_chart, uptake_chart
from ..context import Env, env_of
from ..errors import FieldProblem, WebError, invalid_parameters
from ..facets import active_filters, facets, hidden_filters
from ..figures import applicable_filters, column_label, result, result_table
from ..render import render
from ..tables import DataTable, table

router = APIRouter()


def query_of(env: Env, indicator: Indicator) -> tuple[tuple[str, ...], str]:
    """The breakdown and variant asked for, limited to what the indicator allows."""
    raw = env.params.get("by")
    by = indicator.default_by if raw is None else tuple(name for name in raw.split(",") if name)
    if any(name not in indicator.breakdowns for name in by) or len(by) > 2:
        raise invalid_parameters([FieldProblem("by", "error.by", (("known", ", ".join(indicator.breakdowns)),))], 400)
    variant = env.params.get("variant") or DECLARED
    if variant not in indicator.variants:
        problem = FieldProblem("variant", "error.variant", (("known", ", ".join(indicator.variants)),))
        raise invalid_parameters([problem], 400)
    return by, variant


def indicator_result(env: Env, code: str) -> IndicatorResult:
    indicator = REGISTRY.get(code)
    if indicator is None:
        raise WebError(404, "error.unknown_indicator", indicator=code, known=", ".join(REGISTRY))
    by, variant = query_of(env, indicator)
    return result(env, code, by, applicable_filters(code, env.filters()), variant)


@table("indicator")
def indicator_download(env: Env) -> DataTable:
    data = indicator_result(env, env.params.get("code", ""))
    return result_table(env, data, data.indicator.code, data.by)


@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(request: Request) -> HTMLResponse:
    env = env_of(request)
    return render(env, "indicators.html", indicators=list(REGISTRY.values()))


# Indicators whose rows are not uptake shares: the column charted (a row's own key, a code or a value, is named
# as in the table).
_MEASURES: dict[str, str] = {
    "environmental-impact": "share_of_lots",
    "social-objectives": "share_of_lots",
    "innovation-types": "share_of_lots",
    "award-criteria": "price_only_share",
    "competition": "single_tender_share",
    "coverage": "coverage_share",
    "declared-vs-detected": "agreement_share",
    "eed-labels": "items",
}
_ROW_KEYS = ("code", "dimension", "label")
MAX_BARS = 40


def _chart(data: IndicatorResult, env: Env) -> dict[str, Any] | None:
    """The chart of the reports for this kind of result, if there is one."""
    if not data.rows:
        return None
    lang = env.lang
    if data.indicator.code == "cvd" and "clean_share" in data.columns:
        return cvd_chart(data, lang)
    if data.indicator.code in _MEASURES:
        return _measure_chart(data, env)
    if "uptake_share" not in data.columns:
        return None
    if data.by == ("year",):
        return trend_chart(data, lang)
    if len(data.by) <= 1:
        rows = sorted(data.rows, key=lambda row: -int(str(row.get("lots_in_scope") or 0)))[:MAX_BARS]
        return uptake_chart(dataclasses.replace(data, rows=rows), lang)
    return None


def _measure_chart(data: IndicatorResult, env: Env) -> dict[str, Any] | None:
    measure = _MEASURES[data.indicator.code]
    if measure not in data.columns or len(data.by) > 1:
        return None
    key = next((name for name in _ROW_KEYS if name in data.columns), None)

    def name_of(row: dict[str, Any]) -> str:
        return str(columns.value_label(key or "", row.get(key or ""), env.lang, columns.code_list_of(data)))

    rows = sorted(data.rows, key=lambda row: -float(str(row.get(measure) or 0)))[:MAX_BARS]
    title = f"{data.indicator.title(env.lang)} — {column_label(env, measure)}"
    return measure_chart(
        dataclasses.replace(data, rows=rows),
        measure,
        title,
        env.lang,
        name_of=name_of if key else None,
        percent=measure != "items",
    )


@router.get("/indicators/{code}", response_class=HTMLResponse)
def indicator_page(request: Request, code: str) -> HTMLResponse:
    env = env_of(request)
    data = indicator_result(env, code)
    built = result_table(env, data, data.indicator.code, data.by)
    ignored = sorted(set(env.filters()) - set(data.filters))
    return render(
        env,
        "indicator.html",
        indicator=data.indicator,
        data=data,
        table=built,
        spec=_chart(data, env),
        breakdowns=[(name, BREAKDOWNS[name].title(env.lang)) for name in data.indicator.breakdowns],
        facets=facets(env),
        hidden={**hidden_filters(env), "by": ",".join(data.by), "variant": data.variant},
        active=active_filters(env),
        ignored=ignored,
        json_url=env.url(f"/api/indicators/{code}", {**data.filters, "by": ",".join(data.by), "variant": data.variant}),
    )
