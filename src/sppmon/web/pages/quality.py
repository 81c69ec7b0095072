"""The data-quality page: notices in the store, rejected inputs by error code, field coverage."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...store.stats import StoreStats, store_stats
from ..context import Env, env_of
from ..errors import code_title
from ..render import render
from ..tables import Column, DataTable, table

router = APIRouter()


def stats(env: Env) -> StoreStats:
    return env.cache.get(("store_stats",), lambda: store_stats(env.store))


@table("rejections")
def rejections_table(env: Env) -> DataTable:
    rows = [
        {"code": code, "title": code_title(code, env.lang), "inputs": count}
        for code, count in stats(env).rejections_by_code
    ]
    columns = [
        Column("code", env.t("col.code")),
        Column("title", env.t("col.meaning")),
        Column("inputs", env.t("col.inputs"), "int"),
    ]
    return DataTable("rejections", env.t("quality.rejections"), columns, rows)


@table("coverage")
def coverage_table(env: Env) -> DataTable:
    rows = [
        {
            "field": env.t("field." + row["field"]),
            "business_term": row["business_term"],
            "present": row["present"],
            "explicit_negative": row["explicit_negative"],
            "coverage_share": row["coverage_share"],
        }
        for row in stats(env).coverage
    ]
    columns = [
        Column("field", env.t("col.field")),
        Column("business_term", "BT"),
        Column("present", env.t("col.present"), "int"),
        Column("explicit_negative", env.t("col.explicit_negative"), "int"),
        Column("coverage_share", env.t("col.coverage"), "share"),
    ]
    return DataTable(
        "coverage", env.t("quality.coverage", lots=env.fmt.number(stats(env).procedure_lots)), columns, rows
    )


@table("notices-by-year")
def notices_by_year(env: Env) -> DataTable:
    rows = [{"year": year, "notices": count} for year, count in stats(env).by_year]
    columns = [Column("year", env.t("filter.year")), Column("notices", env.t("col.notices"), "int")]
    return DataTable("notices-by-year", env.t("quality.by_year"), columns, rows)


@table("notices-by-subtype")
def notices_by_subtype(env: Env) -> DataTable:
    # notices without a subtype are counted under "(none)": named, not shown as a code
    rows = [
        {"subtype": env.t("value.not-given") if code == "(none)" else code, "notices": count}
        for code, count in stats(env).by_subtype
    ]
    columns = [
        Column("subtype", env.t("notice.subtype"), "code", "notice-subtype"),
        Column("notices", env.t("col.notices"), "int"),
    ]
    return DataTable("notices-by-subtype", env.t("quality.by_subtype"), columns, rows)


@router.get("/quality", response_class=HTMLResponse)
def quality_page(request: Request) -> HTMLResponse:
    env = env_of(request)
    return render(
        env,
        "quality.html",
        stats=stats(env),
        tables=[coverage_table(env), rejections_table(env), notices_by_year(env), notices_by_subtype(env)],
    )
