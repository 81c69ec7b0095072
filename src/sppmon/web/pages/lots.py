"""The lots behind a figure (``/lots``): filters plus a fact and status, a page of procedure lots, each
linking to its notice."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ...browse import list_lots
from ...browse.lots import MAX_DOWNLOAD, LotPage
from ...indicators.columns import in_variant, title
from ..context import Env, env_of
from ..facets import active_filters, facets, hidden_filters
from ..naming import renamed
from ..render import render
from ..tables import Column, DataTable, table

router = APIRouter()
PAGE_SIZE = 50


def _int(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() else default


def lot_table(env: Env, page: LotPage) -> DataTable:
    t = env.t
    columns = [
        Column("notice_date", t("col.date"), "date"),
        Column("title", t("col.title")),
        Column("buyer_name", t("col.buyer")),
        Column("cpv_main", t("col.cpv")),  # the code buyers know; the product group beside it names the kind
        Column("product_group", t("col.product_group"), "product_group"),
        Column("estimated_value", t("col.estimated_value"), "money"),
        Column("green_status", t("fact.green"), "status"),
        Column("gpp_status", t("fact.gpp-criteria"), "status"),
        Column("social_status", t("fact.social"), "status"),
        Column("innovative_status", t("fact.innovative"), "status"),
    ]
    if env.params.get("variant") == "detected":
        columns.append(Column("green_detected", t("col.green_detected"), "detected"))
    links = {
        index: {"title": f"/notices/{row['notice_key']}#lot-{row['lot_id']}"} for index, row in enumerate(page.rows)
    }
    return DataTable(
        "lots",
        t("lots.table"),
        columns,
        renamed(env, page.rows, key="buyer_key"),
        params=page.query.params(),
        caption=t("lots.caption"),
        links=links,
    )


@table("lots")
def lots_download(env: Env) -> DataTable:
    query = env.lot_query()
    page = list_lots(env.store, query, limit=_int(env.params.get("limit"), MAX_DOWNLOAD), count=False)
    data = lot_table(env, page)
    # The page's columns (titled in its language, each with its kind), after the notice and lot they belong to.
    keys = [Column("notice_key", title("notice", env.lang)), Column("lot_id", title("lot", env.lang))]
    data.columns = [*keys, *data.columns]
    return data


@router.get("/lots", response_class=HTMLResponse)
def lots_page(request: Request) -> HTMLResponse:
    env = env_of(request)
    query = env.lot_query()
    offset = _int(env.params.get("offset"), 0)
    page = list_lots(env.store, query, limit=PAGE_SIZE, offset=offset)
    fact = query.fact
    return render(
        env,
        "lots.html",
        page=page,
        table=lot_table(env, page),
        facets=facets(env),
        hidden={
            **hidden_filters(env),
            **{k: v for k, v in query.params().items() if k in ("fact", "status", "variant")},
        },
        active=active_filters(env),
        fact=fact,
        lot_status=query.status,
        status_key=in_variant(f"status.{query.status}", query.variant),  # detected: "examined, nothing found"
    )
