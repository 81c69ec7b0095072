"""API routes for lots, notices, facets, the data-quality statistics and the usage statistics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.encoders import jsonable_encoder

from ...browse import FILTERS, LotQuery, list_lots, notice_detail
from ...browse.facets import facet_values
from ...browse.lots import MAX_PAGE
from ...store.stats import store_stats
from ...usage import PERIODS, usage_table
from ...usage.sessions import SOURCES
from ..context import env_of
from ..pages.lots import lot_table
from ..tables import Column, DataTable
from .common import Output, filter_params, table_response

router = APIRouter(prefix="/api", tags=["data"])
Filters = Annotated[dict[str, str], Depends(filter_params)]


@router.get("/lots", summary="Procedure lots (each once), optionally those behind a figure")
def api_lots(
    request: Request,
    filters: Filters,
    fact: Annotated[str | None, Query(description="strategic, green, gpp-criteria, social, ...")] = None,
    status: Annotated[str | None, Query(pattern="^(yes|none|not-reported)$")] = None,
    variant: Annotated[str, Query(pattern="^(declared|detected)$")] = "declared",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    format: Output = "json",
) -> Response:
    env = env_of(request)
    query = LotQuery(filters, fact, status, variant)
    page = list_lots(env.store, query, limit=limit, offset=offset)
    data = lot_table(env, page)
    data.columns = [Column(name, name) for name in page.columns]
    extra = {"total": page.total, "offset": page.offset, "limit": page.limit, "query": query.params()}
    return table_response(data, format, extra)


@router.get("/notices", summary="Latest notice versions, newest first")
def api_notices(
    request: Request,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    format: Output = "json",
) -> Response:
    env = env_of(request)
    columns = {"year": "year", "country": "buyer_country", "buyer": "buyer_key", "buyer_legal_type": "buyer_legal_type"}
    columns |= {"form_type": "form_type", "procedure_type": "procedure_type", "nature": "nature"}
    unsupported = sorted(set(filters) - set(columns))
    if unsupported:
        raise HTTPException(400, f"filters not available for notices: {', '.join(unsupported)}")
    conditions = ["is_latest"] + [f"{columns[key]} = ?" for key in filters]
    params: list[object] = [int(v) if FILTERS[k].integer else v for k, v in filters.items()]
    where = " AND ".join(conditions)
    names = (
        "notice_key, notice_id, version, subtype, notice_type, publication_number, publication_date, title, "
        "buyer_key, buyer_name, buyer_country, procedure_type, nature, estimated_value, estimated_currency, "
        "lot_count"
    )
    store = env.store
    total = int(store.query(f"SELECT COUNT(*) FROM notices WHERE {where}", params)[0][0])
    header, rows = store.columns(
        f"SELECT {names} FROM notices WHERE {where} "
        "ORDER BY publication_date DESC NULLS LAST, notice_key LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    records = [dict(zip(header, row, strict=True)) for row in rows]
    data = DataTable("notices", "notices", [Column(name, name) for name in header], records)
    return table_response(data, format, {"total": total, "offset": offset, "limit": limit})


@router.get("/notices/{notice_key}", summary="One notice with its lots, codes, texts, evidence and results")
def api_notice(request: Request, notice_key: Annotated[str, Path(max_length=200)]) -> Any:
    env = env_of(request)
    detail = notice_detail(env.store, notice_key)
    if detail is None:
        raise HTTPException(404, "no such notice")
    return jsonable_encoder(detail)


@router.get("/facets/{key}", summary="Values a filter can take, with the number of procedure lots")
def api_facets(request: Request, key: str) -> Any:
    if key not in FILTERS:
        raise HTTPException(404, f"unknown filter; known: {', '.join(FILTERS)}")
    env = env_of(request)
    values = env.cache.get(("facet", key), lambda: facet_values(env.store, key))
    return [{"value": value, "name": name, "lots": lots} for value, name, lots in values]


@router.get("/quality", summary="Store statistics: notices, rejections by error code, field coverage")
def api_quality(request: Request) -> Any:
    env = env_of(request)
    return env.cache.get(("store_stats",), lambda: store_stats(env.store)).as_dict()


@router.get("/usage", summary="Usage statistics per period (sessions, users, duration, pages per session)")
def api_usage(
    request: Request,
    period: Annotated[str, Query(pattern="^(year|quarter|month)$")] = "year",
    source: Annotated[str, Query(pattern="^(all|app|log)$")] = "all",
    format: Output = "json",
) -> Response:
    assert period in PERIODS and source in SOURCES
    env = env_of(request)
    recorder = request.app.state.recorder
    if recorder is not None:
        recorder.flush()
    rows = [row.as_dict() for row in usage_table(env.store, period, source)]
    columns = [Column(name, name) for name in (rows[0] if rows else {"period": None})]
    return table_response(DataTable("usage", "usage", columns, rows), format, {"period": period, "source": source})
