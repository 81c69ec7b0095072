"""Product-group pages: the EU GPP product groups with their uptake among the lots that fall in them, and per
group its headline figures, its buyers and the lots behind them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...enrich.product_groups import product_groups
from ...guide.knowledge import load_knowledge_base
from ..context import Env, env_of
from ..errors import WebError
from ..facets import active_filters, facets, hidden_filters
from ..figures import result, result_table
from ..render import render
from ..tables import Column, DataTable, table
from .dashboard import headline

router = APIRouter()


@table("product-groups")
def groups_table(env: Env) -> DataTable:
    """Every product group (also those without lots), its criteria and the green uptake among its lots."""
    filters = {key: value for key, value in env.filters().items() if key != "product_group"}
    data = result(env, "green", ("product_group",), filters)
    by_group = {str(row.get("product_group")): row for row in data.rows}
    rows = []
    links: dict[int, dict[str, str]] = {}
    for index, (group_id, group) in enumerate(
        sorted(product_groups().items(), key=lambda item: item[1].names[env.lang])
    ):
        row = by_group.get(group_id, {})
        rows.append(
            {
                "product_group": group.names.get(env.lang, group_id),
                "criteria_year": group.criteria_year,
                "lots_in_scope": row.get("lots_in_scope", 0),
                "uptake_share": row.get("uptake_share"),
                "coverage_share": row.get("coverage_share"),
                "not_reported_share": row.get("not_reported_share"),
            }
        )
        links[index] = {"product_group": env.url(f"/product-groups/{group_id}", filters)}
    t = env.t
    columns = [
        Column("product_group", t("col.product_group")),
        Column("criteria_year", t("col.criteria_year")),
        Column("lots_in_scope", t("col.lots"), "int"),
        Column("uptake_share", t("fact.green"), "share"),
        Column("coverage_share", t("col.coverage"), "share"),
        Column("not_reported_share", t("col.not_reported_share"), "share"),
    ]
    return DataTable("product-groups", t("groups.title"), columns, rows, params=filters, links=links)


@router.get("/product-groups", response_class=HTMLResponse)
def groups_page(request: Request) -> HTMLResponse:
    env = env_of(request)
    form = {key: values for key, values in facets(env).items() if key != "product_group"}
    return render(
        env, "groups.html", table=groups_table(env), facets=form, hidden=hidden_filters(env), active=active_filters(env)
    )


@router.get("/product-groups/{group_id}", response_class=HTMLResponse)
def group_page(request: Request, group_id: str) -> HTMLResponse:
    env = env_of(request)
    group = product_groups().get(group_id)
    if group is None:
        raise WebError(404, "groups.unknown")
    env.params["product_group"] = group_id
    filters = env.filters()
    buyers = result_table(env, result(env, "green", ("buyer",), filters), "group-buyers", ("buyer",))
    buyers.columns = [column for column in buyers.columns if column.key != "buyer"]
    buyers.title = env.t("groups.buyers")
    form = {key: values for key, values in facets(env).items() if key != "product_group"}
    return render(
        env,
        "group.html",
        group=group,
        group_id=group_id,
        fiche=load_knowledge_base().for_gpp_group(group_id),
        cards=headline(env, filters),
        buyers=buyers,
        facets=form,
        hidden={**hidden_filters(env), "product_group": group_id},
        active=active_filters(env),
    )
