"""The dashboard: headline uptake with coverage and not-reported shares, the trend per year with its method,
breakdowns by buyer, product group, CPV division and procedure, and the CVD and EED status; every filter is
in the URL."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...indicators import REGISTRY
from ...indicators.base import IndicatorResult
from ...outcomes.render import factor_value_lines, source_refs
from ...reports.charts import uptake_chart
from ..charts import method_trend_chart
from ..context import Env, env_of
from ..facets import active_filters, facets, hidden_filters
from ..figures import (
    BREAKDOWN_DIMENSIONS,
    HEADLINE,
    TOP_GROUPS,
    UPTAKE_CODES,
    Ask,
    breakdown_ask,
    counts_of,
    drill_links,
    named_buyers,
    only_columns,
    prefetch,
    result,
    result_table,
    trend,
    trend_asks,
    trend_table,
)
from ..outcomes_view import energy_table, outcome_notes, outcome_report, vehicles_table
from ..render import render
from ..tables import DataTable, table

router = APIRouter()


def chosen_indicator(env: Env) -> str:
    code = env.params.get("indicator", "green")
    return code if code in UPTAKE_CODES and code in REGISTRY else "green"


def headline(env: Env, filters: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The headline cards: uptake, coverage and not-reported share of each headline indicator."""
    cards = []
    for code in HEADLINE:
        data = counts_of(env, code, (), filters)  # the cards show counts and shares, no values
        row = data.rows[0] if data.rows else {}
        cards.append(
            {
                "code": code,
                "title": data.indicator.title(env.lang),
                "row": row,
                "links": drill_links(env, data, row) if row else {},
            }
        )
    return cards


def breakdown(env: Env, code: str, dimension: str) -> tuple[DataTable, IndicatorResult]:
    """The table of the largest groups of one breakdown, and those groups' result (which its chart draws)."""
    ask = breakdown_ask(code, dimension, env.filters())
    data = counts_of(env, code, ask.by, named=False, largest=ask.largest)
    # the largest groups only, before they are named and linked (a breakdown by buyer has hundreds of rows)
    top = sorted(data.rows, key=lambda row: -int(str(row.get("lots_in_scope") or 0)))[:TOP_GROUPS]
    largest = named_buyers(env, dataclasses.replace(data, rows=top))
    built = result_table(env, largest, f"breakdown-{dimension}", (dimension,))
    keep = {dimension, "buyer_name", "lots_in_scope", "lots_yes", "uptake_share", "coverage_share"}
    keep |= {"not_reported_share"}
    built.columns = [column for column in built.columns if column.key in keep]
    if dimension == "buyer":
        built.columns = [column for column in built.columns if column.key != "buyer"]
    built.title = env.t("dashboard.by", dimension=env.t("dimension." + dimension))
    built.caption = env.t("dashboard.top", count=TOP_GROUPS)
    return built, largest


# The directives' status on the dashboard: the CVD table whole; of the EED, the lots in scope with their
# statuses and those that list energy-efficiency items (the values are on the indicator's page).
UPTAKE_KEYS = ("lots_in_scope", "lots_yes", "lots_none", "lots_not_reported", "uptake_share", "coverage_share")
DIRECTIVES: dict[str, tuple[str, ...]] = {
    "cvd": (),
    "eed": (*UPTAKE_KEYS, "lots_with_items"),
}


def directive_table(env: Env, code: str) -> DataTable:
    shown = DIRECTIVES[code]
    by = REGISTRY[code].default_by
    data = counts_of(env, code, by) if shown else result(env, code, by)  # chosen columns are counts only
    built = result_table(env, data, f"status-{code}")
    return only_columns(built, shown) if shown else built


@table("trend")
def trend_download(env: Env) -> DataTable:
    code = env.params.get("code", "green")
    return trend_table(env, code if code in UPTAKE_CODES else "green")


def page_asks(env: Env, code: str) -> list[Ask]:
    """The figures the dashboard shows, asked at once so that their queries can share statements."""
    filters = env.filters()
    asks = [Ask(name, (), filters) for name in HEADLINE]
    asks += trend_asks(env, code)
    asks += [breakdown_ask(code, dimension, filters) for dimension in BREAKDOWN_DIMENSIONS]
    directives = [(name, shown) for name, shown in DIRECTIVES.items() if name in REGISTRY]
    asks += [Ask(name, REGISTRY[name].default_by, filters, values=not shown) for name, shown in directives]
    return asks


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request) -> HTMLResponse:
    env = env_of(request)
    code = chosen_indicator(env)
    prefetch(env, page_asks(env, code))
    trend_spec = method_trend_chart(env, trend(env, code), REGISTRY[code].title(env.lang))
    breakdowns = []
    for dimension in BREAKDOWN_DIMENSIONS:
        built, largest = breakdown(env, code, dimension)
        breakdowns.append((built, uptake_chart(largest, env.lang)))
    status_tables = [directive_table(env, name) for name in DIRECTIVES if name in REGISTRY]
    report = outcome_report(env)
    return render(
        env,
        "dashboard.html",
        cards=headline(env),
        trend_spec=trend_spec,
        trend_table=trend_table(env, code),
        breakdowns=breakdowns,
        status_tables=status_tables,
        outcome_tables=[energy_table(env), vehicles_table(env)],
        outcome_notes=outcome_notes(env),
        outcome_method=report["method"],
        outcome_sources={source_refs(report)[key]: entry for key, entry in report["factors"]["sources"].items()},
        outcome_factors=[line.removeprefix("- ") for line in factor_value_lines(report, env.lang)[2:]],
        facets=facets(env),
        hidden=hidden_filters(env) | {"indicator": code},
        active=active_filters(env),
        indicator=code,
        uptake_codes=[name for name in UPTAKE_CODES if name in REGISTRY],
    )
