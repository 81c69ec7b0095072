"""Indicator pages: the catalogue, and per indicator its definition, method, scope, a table with a chosen
breakdown, filters and variant, a chart, downloads and the command line that reproduces the figures."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from ...indicators import BREAKDOWNS, REGISTRY, Indicator, IndicatorResult
from ...indicators.base import DECLARED
from ..charts import breakdown_chart
from ..context import Env, env_of
from ..facets import active_filters, facets, hidden_filters
from ..figures import applicable_filters, result, result_table
from ..render import render
from ..tables import DataTable, table

router = APIRouter()


def query_of(env: Env, indicator: Indicator) -> tuple[tuple[str, ...], str]:
    """The breakdown and variant asked for, limited to what the indicator allows."""
    raw = env.params.get("by")
    by = indicator.default_by if raw is None else tuple(name for name in raw.split(",") if name)
    if any(name not in indicator.breakdowns for name in by) or len(by) > 2:
        raise HTTPException(400, f"breakdowns allowed: {', '.join(indicator.breakdowns)} (at most two)")
    variant = env.params.get("variant") or DECLARED
    if variant not in indicator.variants:
        raise HTTPException(400, f"variants: {', '.join(indicator.variants)}")
    return by, variant


def indicator_result(env: Env, code: str) -> IndicatorResult:
    indicator = REGISTRY.get(code)
    if indicator is None:
        raise HTTPException(404, f"no indicator {code!r}")
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


def _chart(env: Env, data: IndicatorResult, built: DataTable) -> dict[str, Any] | None:
    if len(data.by) != 1 or "uptake_share" not in data.columns or not built.rows:
        return None
    key = "buyer_name" if data.by[0] == "buyer" else data.by[0]
    titles = {
        "group": BREAKDOWNS[data.by[0]].title(env.lang),
        "uptake": env.t("col.uptake"),
        "coverage": env.t("col.coverage"),
        "lots": env.t("col.lots"),
        "axis": env.t("dashboard.axis"),
    }
    return breakdown_chart(built.rows[:40], key, titles, env.lang, data.indicator.title(env.lang))


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
        spec=_chart(env, data, built),
        breakdowns=[(name, BREAKDOWNS[name].title(env.lang)) for name in data.indicator.breakdowns],
        facets=facets(env),
        hidden={**hidden_filters(env), "by": ",".join(data.by), "variant": data.variant},
        active=active_filters(env),
        ignored=ignored,
        json_url=env.url(f"/api/indicators/{code}", {**data.filters, "by": ",".join(data.by), "variant": data.variant}),
    )
